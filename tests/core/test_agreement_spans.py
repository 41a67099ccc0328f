"""Span precision/recall/F1: hand cases and a brute-force greedy matcher on random spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import span_f1


def test_exact_and_overlap_hand_case():
    a = [(1, "q", 0, 10), (1, "q", 20, 30), (1, "p", 5, 8), (2, "q", 0, 4)]
    b = [(1, "q", 0, 10), (1, "q", 22, 35), (1, "p", 40, 50)]
    exact = span_f1(a, b, match="exact")
    assert exact.codes["q"].matched == 1
    assert exact.codes["q"].precision.value == pytest.approx(1 / 3)
    assert exact.codes["q"].recall.value == pytest.approx(1 / 2)
    assert exact.overall.f1.value == pytest.approx(2 * 1 / (4 + 3))
    overlap = span_f1(a, b, match="overlap")
    assert overlap.codes["q"].matched == 2
    assert overlap.codes["p"].matched == 0
    assert overlap.overall.f1.value == pytest.approx(2 * 2 / 7)


def test_one_to_one_largest_overlap_first():
    a = [(1, "q", 0, 10), (1, "q", 8, 30)]
    b = [(1, "q", 5, 25)]
    result = span_f1(a, b).codes["q"]
    assert result.matched == 1 and result.spans_a == 2


def test_duplicates_count_once_and_undefined_reasons():
    a = [(1, "q", 0, 5), (1, "q", 0, 5)]
    result = span_f1(a, [])
    q = result.codes["q"]
    assert q.spans_a == 1
    assert q.precision.value == 0.0
    assert q.recall.value is None and "reference" in q.recall.reason
    empty = span_f1([], [])
    assert empty.overall.f1.value is None and "neither" in empty.overall.f1.reason


def _brute(a, b):
    a, b = sorted(set(a)), sorted(set(b))
    pairs = []
    for x, (da, ca, sa, ea) in enumerate(a):
        for y, (db, cb, sb, eb) in enumerate(b):
            if (da, ca) == (db, cb) and sa < eb and sb < ea:
                ov = min(ea, eb) - max(sa, sb)
                pairs.append((-ov, abs(sa - sb) + abs(ea - eb), x, y))
    used_a, used_b, n = set(), set(), 0
    for _, _, x, y in sorted(pairs):
        if x not in used_a and y not in used_b:
            used_a.add(x)
            used_b.add(y)
            n += 1
    return n


spans = st.lists(
    st.tuples(st.integers(0, 2), st.sampled_from("pq"), st.integers(0, 40), st.integers(1, 15)).map(
        lambda t: (t[0], t[1], t[2], t[2] + t[3])
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(spans, spans)
def test_overlap_matches_brute_force_greedy(a, b):
    result = span_f1(a, b, match="overlap")
    assert result.overall.matched == _brute(a, b)
    exact = span_f1(a, b, match="exact")
    assert exact.overall.matched == len(set(a) & set(b))
