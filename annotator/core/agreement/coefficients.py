"""Agreement coefficients on reliability data: coders x units, missing values allowed.

Every function returns an :class:`Agreement`; an undefined coefficient comes back as
``value=None`` with the reason, never as 0 or NaN.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from ._result import Agreement

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")


def _is_missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _encode(data: Any, *, numeric: bool) -> tuple[np.ndarray, np.ndarray]:
    """Reliability data -> (codes, values).

    ``codes`` is an int64 array of the data's shape holding, per cell, the index of its
    value in the sorted array ``values`` of distinct values, or -1 where missing.
    """
    arr = np.asarray(data) if isinstance(data, np.ndarray) else None
    if arr is not None and arr.dtype.kind in "fiub":
        arr = arr.astype(np.float64, copy=False)
        missing = np.isnan(arr)
        values, inverse = _unique(arr[~missing])
    else:
        rows = [list(r) for r in data]
        width = max((len(r) for r in rows), default=0)
        if any(len(r) != width for r in rows):
            raise ValueError("reliability data must be rectangular (coders x units)")
        flat = [x for r in rows for x in r]
        missing = np.fromiter((_is_missing(x) for x in flat), bool, len(flat))
        present = [x for x, m in zip(flat, missing) if not m]
        if numeric:
            values, inverse = np.unique(np.asarray(present, dtype=np.float64), return_inverse=True)
        else:
            number = (int, float, np.number)
            kinds = {"number" if isinstance(x, number) else type(x) for x in present}
            try:
                if len(kinds) > 1:  # np.asarray would turn 1 and "1" into the same string
                    raise TypeError
                values, inverse = np.unique(np.asarray(present), return_inverse=True)
            except TypeError:  # mixed or unorderable labels: order of first appearance
                index: dict[Any, int] = {}
                inverse = np.fromiter((index.setdefault(x, len(index)) for x in present), np.int64)
                values = np.empty(len(index), dtype=object)
                values[:] = list(index)
        missing = missing.reshape(len(rows), width)
    codes = np.full(missing.shape, -1, dtype=np.int64)
    codes[~missing] = inverse.ravel()
    return codes, values


def _unique(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(x, return_inverse=True)``, in linear time for small whole numbers."""
    if x.size:
        low, high = x.min(), x.max()
        if np.isfinite(low) and np.isfinite(high) and high - low < 1_000_000:
            shifted = x - low
            whole = shifted.astype(np.int64)
            if np.array_equal(whole, shifted):
                seen = np.bincount(whole) > 0
                values = np.flatnonzero(seen).astype(np.float64) + low
                return values, (np.cumsum(seen) - 1)[whole]
    return np.unique(x, return_inverse=True)


def _pairable(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keep the units (columns) with two or more values: (codes, present mask, values per unit)."""
    present = codes >= 0
    m = present.sum(axis=0)
    keep = m >= 2
    return codes[:, keep], present[:, keep], m[keep]


def krippendorff_alpha(data: Any, level: Level = "nominal") -> Agreement:
    r"""Krippendorff's alpha for coders x units reliability data with missing values.

    Follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability"
    (Annenberg School for Communication, Departmental Papers 43). Only *pairable*
    values count: those in units that at least two coders coded (``m_u >= 2``).
    With the coincidence matrix ``o_ck = sum_u (number of c-k pairs in u)/(m_u - 1)``,
    ``n_c = sum_k o_ck`` and ``n = sum_c n_c``:

    .. math:: \alpha = 1 - (n-1)\,\frac{\sum_{c,k} o_{ck}\,\delta^2_{ck}}
                                       {\sum_{c,k} n_c n_k\,\delta^2_{ck}}

    with the difference function of the level of measurement:
    nominal ``[c != k]``; ordinal ``(sum_{g=c..k} n_g - (n_c + n_k)/2)^2``;
    interval ``(c - k)^2``; ratio ``((c - k)/(c + k))^2``.

    ``data``: a coders x units array or nested sequence; ``None`` or NaN marks a
    missing value. Nominal values may be any labels; the other levels need numbers.
    ``observed``/``expected`` in the result are ``D_o`` and ``D_e``; ``units`` counts
    the units with pairable values. Undefined when no unit has two values or when all
    pairable values are the same (``D_e = 0``).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    codes, values = _encode(data, numeric=level != "nominal")
    if codes.ndim != 2:
        raise ValueError("reliability data must be two-dimensional (coders x units)")
    codes, present, m = _pairable(codes)
    units = len(m)
    if units == 0:
        return Agreement.undefined("no pairable values: no unit was coded by two or more coders")
    n_c = np.bincount(codes[present], minlength=len(values)).astype(np.float64)
    n = float(m.sum())
    if np.count_nonzero(n_c) < 2:
        return Agreement.undefined(
            "no variation: every pairable value is the same, so expected disagreement is 0",
            units,
        )
    weight = 1.0 / (m - 1.0)
    if level == "nominal":
        equal = _equal_pairs(codes)
        observed = float(np.sum(m - 2.0 * equal * weight))
        expected = n * n - float(np.sum(n_c * n_c))
    elif level in ("interval", "ordinal"):
        if level == "interval":
            x_c = values.astype(np.float64)
        else:  # ordinal distance is the interval distance between mid-ranks
            x_c = np.cumsum(n_c) - n_c / 2.0
        x_c = x_c - np.dot(n_c, x_c) / n
        x = np.where(present, x_c[np.where(present, codes, 0)], 0.0)
        s1, s2 = x.sum(axis=0), (x * x).sum(axis=0)
        observed = float(np.sum(2.0 * (m * s2 - s1 * s1) * weight))
        expected = 2.0 * (n * float(np.dot(n_c, x_c * x_c)) - float(np.dot(n_c, x_c)) ** 2)
    else:  # ratio
        x_c = values.astype(np.float64)
        x = x_c[np.where(present, codes, 0)]
        observed = 0.0
        for i in range(codes.shape[0]):
            for j in range(i + 1, codes.shape[0]):
                both = present[i] & present[j]
                observed += 2.0 * float(np.sum(_ratio_d2(x[i], x[j])[both] * weight[both]))
        expected = 0.0
        step = max(1, 4_000_000 // max(1, len(x_c)))
        for lo in range(0, len(x_c), step):
            block = _ratio_d2(x_c[lo : lo + step, None], x_c[None, :])
            expected += float(n_c[lo : lo + step] @ block @ n_c)
    if expected <= 0.0:
        return Agreement.undefined("expected disagreement is 0", units)
    d_o, d_e = observed / n, expected / (n * (n - 1.0))
    return Agreement(1.0 - (n - 1.0) * observed / expected, None, units, None, d_o, d_e)


def _equal_pairs(codes: np.ndarray) -> np.ndarray:
    """Per unit (column), the number of unordered coder pairs with the same value."""
    ordered = np.sort(codes, axis=0)
    run = np.zeros(codes.shape[1])
    equal = np.zeros(codes.shape[1])
    for i in range(1, codes.shape[0]):
        run = np.where((ordered[i] == ordered[i - 1]) & (ordered[i] >= 0), run + 1.0, 0.0)
        equal += run
    return equal


def _ratio_d2(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    total = a + b
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where(total == 0, 0.0, (a - b) / np.where(total == 0, 1.0, total))
    return d * d


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> Agreement:
    r"""Cohen's (1960) kappa for two coders over the same units.

    .. math:: \kappa = \frac{p_o - p_e}{1 - p_e},\qquad
              p_e = \sum_c p_{A}(c)\,p_{B}(c)

    where ``p_o`` is the share of units both coders put in the same category and
    ``p_A(c)``, ``p_B(c)`` are each coder's own share of category ``c`` (Cohen, J.
    1960, "A coefficient of agreement for nominal scales", Educational and
    Psychological Measurement 20:37-46). The chance term sums the product over all
    categories, "no" included. Units missing for either coder (``None``/NaN) are
    left out. Undefined with no common unit, or when both coders put every unit in
    one and the same category (``p_e = 1``).
    """
    if len(a) != len(b):
        raise ValueError("both coders must rate the same units (equal lengths)")
    codes, values = _encode([list(a), list(b)], numeric=False)
    both = (codes >= 0).all(axis=0)
    ca, cb = codes[0, both], codes[1, both]
    units = int(both.sum())
    if units == 0:
        return Agreement.undefined("no unit was rated by both coders")
    k = len(values)
    na = np.bincount(ca, minlength=k).astype(np.int64)
    nb = np.bincount(cb, minlength=k).astype(np.int64)
    chance = int(np.dot(na, nb))
    if chance == units * units:
        return Agreement.undefined(
            "no variation: both coders used one and the same category for every unit", units
        )
    po = float(np.count_nonzero(ca == cb)) / units
    pe = chance / (units * units)
    return Agreement((po - pe) / (1.0 - pe), None, units, None, po, pe)


def ratings_to_counts(data: Any) -> np.ndarray:
    """Coders x units ratings -> units x categories counts (categories sorted).

    Missing ratings (``None``/NaN) are simply not counted.
    """
    codes, values = _encode(data, numeric=False)
    units = codes.shape[1]
    present = codes >= 0
    unit_index = np.broadcast_to(np.arange(units), codes.shape)[present]
    flat = unit_index * len(values) + codes[present]
    return np.bincount(flat, minlength=units * len(values)).reshape(units, len(values))


def fleiss_kappa(counts: Any = None, *, ratings: Any = None) -> Agreement:
    r"""Fleiss' (1971) kappa for a fixed number ``n`` of ratings per unit.

    ``counts``: units x categories, ``n_ij`` = raters who put unit ``i`` in
    category ``j`` (every row sums to the same ``n``). Or ``ratings=``: coders x
    units; units not rated by every coder are left out, so each remaining unit has
    ``n`` = number of coders.

    .. math:: P_i = \frac{\sum_j n_{ij}^2 - n}{n(n-1)},\quad
              \bar P = \frac1N\sum_i P_i,\quad
              p_j = \frac{\sum_i n_{ij}}{Nn},\quad \bar P_e = \sum_j p_j^2,\quad
              \kappa = \frac{\bar P - \bar P_e}{1 - \bar P_e}

    (Fleiss, J. L. 1971, "Measuring nominal scale agreement among many raters",
    Psychological Bulletin 76(5):378-382.) Undefined with no unit, fewer than two
    ratings per unit, or all ratings in one category (``P_e = 1``).
    """
    if (counts is None) == (ratings is None):
        raise ValueError("give either counts (units x categories) or ratings= (coders x units)")
    if ratings is not None:
        codes, _ = _encode(ratings, numeric=False)
        complete = (codes >= 0).all(axis=0)
        table = ratings_to_counts(ratings)[complete]
    else:
        table = np.asarray(counts)
        if table.ndim != 2 or (table.size and (table < 0).any()):
            raise ValueError("counts must be a units x categories table of non-negative counts")
        if table.size and not np.array_equal(table, np.round(table)):
            raise ValueError("counts must be whole numbers")
        table = table.astype(np.int64)
    units = table.shape[0]
    if units == 0:
        return Agreement.undefined("no unit rated by every coder")
    per_unit = table.sum(axis=1)
    n = int(per_unit[0])
    if not (per_unit == n).all():
        raise ValueError("Fleiss' kappa needs the same number of ratings for every unit")
    if n < 2:
        return Agreement.undefined("fewer than two ratings per unit", units)
    column = table.sum(axis=0)
    if int(np.dot(column, column)) == (units * n) ** 2:
        return Agreement.undefined("no variation: every rating is in the same category", units)
    p_bar = float(np.sum(table * (table - 1))) / (units * n * (n - 1))
    p = column / (units * n)
    pe = float(np.dot(p, p))
    return Agreement((p_bar - pe) / (1.0 - pe), None, units, None, p_bar, pe)


def percent_agreement(data: Any) -> Agreement:
    r"""Observed agreement, pairwise: the mean over units of the share of agreeing pairs.

    For each unit ``u`` with ``m_u >= 2`` values, ``P_u`` = (ordered pairs of coders
    with equal values) / ``(m_u (m_u - 1))``; the figure is the mean of ``P_u``.
    With two coders this is the share of units they agree on; with complete data it
    is Fleiss' ``P-bar``. ``data`` is coders x units, ``None``/NaN missing.
    Undefined when no unit has two values.
    """
    codes, _ = _encode(data, numeric=False)
    codes, present, m = _pairable(codes)
    units = len(m)
    if units == 0:
        return Agreement.undefined("no pairable values: no unit was coded by two or more coders")
    equal = _equal_pairs(codes)
    share = 2.0 * equal / (m * (m - 1.0))
    value = float(share.mean())
    return Agreement(value, None, units, None, value, None)
