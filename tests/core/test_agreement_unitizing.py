"""Krippendorff's unitizing alpha: the published worked examples, hand cases, and a
straightforward segment-by-segment reference implementation on random codings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agreement_reference import ualpha_reference  # the slow reference, shared (same folder)
from annotator.core.agreement import unitizing_alpha

# Krippendorff (2004), Content Analysis 2nd ed., p. 254 (and Quality & Quantity 38):
# continuum [150, 450), two observers i and j, categories c and k. (start, end) pairs.
K2004 = [
    ("i", "c", 225, 295), ("i", "c", 370, 400),
    ("j", "c", 220, 300), ("j", "c", 355, 375), ("j", "c", 400, 420),
    ("i", "k", 180, 240), ("i", "k", 300, 350),
    ("j", "k", 180, 240), ("j", "k", 300, 350),
]


def test_krippendorff_2004_example():
    result = unitizing_alpha(K2004, 300, begin=150)
    c, k = result.codes["c"], result.codes["k"]
    assert round(c.observed, 4) == 0.0144
    assert round(c.expected, 4) == 0.0532
    assert round(c.value, 4) == 0.7286
    assert (k.observed, round(k.expected, 4), k.value) == (0.0, 0.0490, 1.0)
    # DKPro Agreement's Krippendorff2004Test: 0.8591 +- 0.0005 across both categories.
    assert result.overall.value == pytest.approx(0.8591, abs=5e-4)
    assert c.units == 300


def _k1995(stretch: float):
    """Krippendorff (1995: p. 57), two coders on 24 positions, four categories A-D."""
    table = {
        "A": [(2, 8, 0), (14, 6, 0), (4, 4, 1), (15, 2, 1)],
        "B": [(0, 18, 0), (0, 2, 1), (2, 1, 1), (3, 1, 1), (4, 1, 1), (5, 1, 1), (6, 3, 1),
              (9, 1, 1)],
        "C": [(2, 6, 0), (10, 2, 0), (14, 4, 0), (20, 2, 0), (0, 2, 1), (4, 4, 1), (10, 4, 1),
              (16, 2, 1), (20, 2, 1)],
        "D": [(0, 2, 0), (2, 8, 0), (10, 4, 0), (14, 6, 0), (20, 4, 0), (0, 4, 1), (4, 4, 1),
              (8, 7, 1), (15, 2, 1), (17, 7, 1)],
    }
    s = lambda x: int(x * stretch)  # noqa: E731
    units = [(r, code, s(b), s(b) + s(n)) for code, rows in table.items() for b, n, r in rows]
    return unitizing_alpha(units, s(24), coders=[0, 1])


def test_krippendorff_1995_observed_disagreement():
    result = _k1995(1)
    observed = {code: round(a.observed, 5) for code, a in result.codes.items()}
    assert observed == {"A": 0.03125, "B": 2.26736, "C": 0.02778, "D": 0.38715}


def test_krippendorff_1995_as_dkpro_reports_it():
    # DKPro's own tolerances: the 1995 paper's D_e has a small error (see DKPro's test).
    assert _k1995(0.5).codes["C"].expected == pytest.approx(0.05494, abs=1e-5)
    assert _k1995(0.5).codes["C"].value == pytest.approx(0.494, abs=0.02)
    big = _k1995(50_000)
    published = {"A": (0.06990, 0.553), "B": (1.17731, -0.926), "C": (0.08642, 0.679),
                 "D": (0.41445, 0.066)}
    for code, (d_e, alpha) in published.items():
        assert big.codes[code].expected == pytest.approx(d_e, abs=0.005)
        assert big.codes[code].value == pytest.approx(alpha, abs=0.02)


def test_identical_codings_give_one():
    spans = [("a", "q", 3, 10), ("a", "q", 20, 25), ("a", "p", 0, 40)]
    both = spans + [("b", code, s, e) for _, code, s, e in spans]
    result = unitizing_alpha(both, 50)
    assert result.codes["q"].value == 1.0
    assert result.overall.value == 1.0


def test_overlapping_spans_of_one_coder_are_merged():
    a = [("a", "q", 3, 10), ("a", "q", 5, 12)]
    b = [("b", "q", 3, 12)]
    assert unitizing_alpha(a + b, 30).codes["q"].value == 1.0


def test_undefined_without_units_or_coders():
    result = unitizing_alpha([("a", "q", 0, 5)], 10, coders=["a", "b", "c"])
    assert result.codes["q"].defined  # one coder marked q: that is disagreement
    empty = unitizing_alpha([], 10, coders=["a", "b"])
    assert not empty.overall.defined and "no coder" in empty.overall.reason
    alone = unitizing_alpha([("a", "q", 0, 5)], 10)
    assert not alone.overall.defined and "fewer than two coders" in alone.overall.reason


# --- reference: Krippendorff's definition walked segment by segment ------------------------


def _reference(codings, length, raters):
    """alpha_U for one category: codings = {rater: [(s, e), ...]} without overlaps."""
    d_o, d_e = ualpha_reference({0: (length, codings)}, raters)
    return 1 - d_o / d_e


@st.composite
def codings(draw):
    length = draw(st.integers(5, 60))
    raters = list(range(draw(st.integers(2, 4))))
    result = {}
    for r in raters:
        cuts = sorted(set(draw(st.lists(st.integers(0, length), max_size=8))))
        step = draw(st.sampled_from([1, 2]))  # 1: units touch end to start
        result[r] = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, step)]
    return length, raters, result


@settings(max_examples=300, deadline=None)
@given(codings())
def test_matches_segment_walk(case):
    length, raters, coded = case
    units = [(r, "c", s, e) for r, rs in coded.items() for s, e in rs]
    ours = unitizing_alpha(units, length, coders=raters).codes.get("c")
    if ours is None:
        assert not units
        return
    assert ours.defined
    assert ours.value == pytest.approx(_reference(coded, length, raters), abs=1e-9)
