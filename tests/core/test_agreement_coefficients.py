"""Generic coefficients: published worked examples to the digit, independent implementations
on random data, and undefined cases reported with a reason."""

from __future__ import annotations

import math
import warnings

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from annotator.core.agreement import (
    Agreement,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
    ratings_to_counts,
)

N = None
# Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers x 12 units, with missing values.
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]

# Fleiss (1971) as tabulated on Wikipedia ("Fleiss' kappa", worked example):
# 10 subjects x 14 raters x 5 categories.
FLEISS = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_example(level, published):
    result = krippendorff_alpha(K2011, level)
    assert round(result.value, 3) == published
    assert result.units == 11  # unit 12 has a single value: not pairable


def test_krippendorff_2011_nominal_ingredients():
    # The paper's coincidence matrix: n = 40 pairable values, n_c = 9, 13, 10, 5, 3
    # (sum n_c^2 = 384), off-diagonal mass 8: alpha = 1 - 39 * 8 / (1600 - 384).
    result = krippendorff_alpha(K2011, "nominal")
    assert result.value == pytest.approx(1 - 39 * 8 / (1600 - 384), abs=1e-15)
    assert result.observed == pytest.approx(8 / 40)
    assert result.expected == pytest.approx(1216 / (40 * 39))


def test_krippendorff_accepts_numpy_with_nan_and_labels():
    arr = np.array(K2011, dtype=float)
    assert krippendorff_alpha(arr, "interval").value == pytest.approx(0.8491071428571428)
    labels = [[None if v is None else "abcde"[v - 1] for v in row] for row in K2011]
    assert krippendorff_alpha(labels).value == pytest.approx(0.743421052631579)


def test_mixed_labels_stay_distinct():
    # 1 and "1" are different labels; a naive np.asarray would merge them.
    assert krippendorff_alpha([[1, "1", 2, 2], [1, "1", 2, 1]]).value == pytest.approx(
        krippendorff_alpha([["a", "b", "c", "c"], ["a", "b", "c", "a"]]).value
    )
    assert cohen_kappa([1, "1"], ["1", 1]).value < 0


def test_fleiss_1971_example():
    result = fleiss_kappa(FLEISS)
    assert round(result.value, 3) == 0.210
    assert result.observed == pytest.approx(0.378021978, abs=1e-9)  # P-bar
    assert result.expected == pytest.approx(0.213275510, abs=1e-3)  # P_e = 0.2128
    assert result.units == 10


def test_fleiss_from_ratings_matches_counts():
    ratings = [[1, 2, 2, 3], [1, 2, 3, 3], [1, 1, 3, 3]]
    counts = ratings_to_counts(ratings)
    assert counts.tolist() == [[3, 0, 0], [1, 2, 0], [0, 1, 2], [0, 0, 3]]
    assert fleiss_kappa(ratings=ratings).value == pytest.approx(fleiss_kappa(counts).value)


def test_cohen_textbook_2x2():
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: p_o = .70, p_e = .50, kappa = .40
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    result = cohen_kappa(a, b)
    assert round(result.value, 3) == 0.400
    assert (result.observed, result.expected, result.units) == (0.7, 0.5, 50)


def test_cohen_peer_tool_case():
    # 1,000 characters, 100 coded by each coder, 80 by both. kappa = (.96 - .82)/(1 - .82)
    a = np.zeros(1000, dtype=int)
    b = np.zeros(1000, dtype=int)
    a[:100] = 1
    b[20:120] = 1
    result = cohen_kappa(a.tolist(), b.tolist())
    assert round(result.value, 3) == 0.778
    assert result.expected == pytest.approx(0.82)


def test_percent_agreement():
    assert percent_agreement([[1, 1, 2, N], [1, 2, 2, 1]]).value == pytest.approx(2 / 3)
    # three coders: unit 1 all agree (1), unit 2 one of three pairs agree (1/3)
    assert percent_agreement([[1, 1], [1, 2], [1, 1]]).value == pytest.approx(2 / 3)


# --- undefined cases: a reason, never 0 or NaN --------------------------------------------


def _assert_undefined(result: Agreement, word: str) -> None:
    assert result.value is None and not result.defined
    assert word in result.reason


def test_undefined_cases():
    _assert_undefined(krippendorff_alpha([[1, 1, 1], [1, 1, 1]]), "no variation")
    _assert_undefined(krippendorff_alpha([[1, N], [N, 2]]), "pairable")
    _assert_undefined(krippendorff_alpha([[3.0, 3.0]], "interval"), "pairable")
    _assert_undefined(cohen_kappa(["x", "x"], ["x", "x"]), "no variation")
    _assert_undefined(cohen_kappa([1, N], [N, 2]), "both")
    _assert_undefined(fleiss_kappa([[3, 0], [3, 0]]), "no variation")
    _assert_undefined(fleiss_kappa([[1, 0], [0, 1]]), "fewer than two")
    _assert_undefined(fleiss_kappa(np.zeros((0, 3))), "no unit")
    _assert_undefined(percent_agreement([[1, N]]), "pairable")


def test_agreement_holds_value_or_reason():
    with pytest.raises(ValueError):
        Agreement(None)
    with pytest.raises(ValueError):
        Agreement(0.5, "why")


def test_usage_errors_raise():
    with pytest.raises(ValueError):
        fleiss_kappa([[2, 0], [1, 0]])  # unequal ratings per unit
    with pytest.raises(ValueError):
        krippendorff_alpha(K2011, "cardinal")
    with pytest.raises(ValueError):
        cohen_kappa([1, 2], [1])


# --- independent implementations on random data with missing values -------------------------

reliability = st.integers(2, 5).flatmap(
    lambda coders: st.integers(2, 30).flatmap(
        lambda units: st.lists(
            st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=units, max_size=units),
            min_size=coders,
            max_size=coders,
        )
    )
)


def _as_float(data):
    return np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)


@settings(max_examples=300, deadline=None)
@given(reliability, st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_alpha_matches_krippendorff_package(data, level):
    ours = krippendorff_alpha(data, level)
    arr = _as_float(data)
    if not ours.defined:
        # the package refuses the same data (or returns NaN) where ours gives a reason
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # its 0/0
                theirs = krippendorff.alpha(reliability_data=arr, level_of_measurement=level)
        except ValueError:
            return
        assert math.isnan(theirs)
        return
    theirs = krippendorff.alpha(reliability_data=arr, level_of_measurement=level)
    assert ours.value == pytest.approx(theirs, abs=1e-9)
    assert krippendorff_alpha(arr, level).value == pytest.approx(ours.value, abs=1e-12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=60))
def test_cohen_matches_sklearn(pairs):
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    ours = cohen_kappa(a, b)
    if not ours.defined:
        assert len(set(a) | set(b)) == 1
        return
    theirs = cohen_kappa_score(a, b)
    assert ours.value == pytest.approx(theirs, abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(2, 6).flatmap(
        lambda raters: st.lists(
            st.lists(st.integers(0, 3), min_size=raters, max_size=raters), min_size=1, max_size=40
        )
    )
)
def test_fleiss_matches_statsmodels(units):
    ratings = np.array(units).T  # coders x units
    ours = fleiss_kappa(ratings=ratings)
    counts = ratings_to_counts(ratings)
    if not ours.defined:
        assert (counts.sum(axis=0) > 0).sum() == 1
        return
    theirs = sm_fleiss_kappa(counts, method="fleiss")
    assert ours.value == pytest.approx(theirs, abs=1e-9)
    assert fleiss_kappa(counts).value == pytest.approx(ours.value, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(reliability)
def test_percent_agreement_two_coders_is_share_agreed(data):
    a, b = data[0], data[1]
    both = [(x, y) for x, y in zip(a, b) if x is not None and y is not None]
    result = percent_agreement([a, b])
    if not both:
        assert not result.defined
        return
    assert result.value == pytest.approx(sum(x == y for x, y in both) / len(both))
    assert not math.isnan(result.value)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 3)),
                          st.one_of(st.none(), st.integers(0, 3))), min_size=1, max_size=60))
def test_cohen_with_missing_equals_sklearn_on_the_common_units(pairs):
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    both = [(x, y) for x, y in pairs if x is not None and y is not None]
    ours = cohen_kappa(a, b)
    assert ours.units == len(both)
    if ours.defined:
        theirs = cohen_kappa_score([x for x, _ in both], [y for _, y in both])
        assert ours.value == pytest.approx(theirs, abs=1e-9)


def test_fleiss_ratings_leave_out_incomplete_units():
    ratings = [[1, 2, 2, N], [1, 2, 3, 3], [1, 1, 3, 3]]
    result = fleiss_kappa(ratings=ratings)
    assert result.units == 3
    assert result.value == pytest.approx(fleiss_kappa(ratings=[r[:3] for r in ratings]).value)
