r"""Krippendorff's unitizing alpha (alpha_U) for coded spans on a continuum.

Krippendorff, K. (1995) "On the reliability of unitizing continuous data",
Sociological Methodology 25:47-76; (2004) "Measuring the reliability of qualitative
text analysis data", Quality & Quantity 38:787-800 and *Content Analysis*, 2nd ed.,
pp. 251-256. The form computed is the one DKPro Agreement implements (and INCEpTION
reports as "Krippendorff's alpha (unitizing)"); it reproduces DKPro's results.

For one category, each coder's continuum ``[B, B+L)`` is cut into that coder's units
(spans of the category) and the gaps between them. For a pair of coders, every pair of
segments (one from each) that overlap contributes

* two units: ``(b_1 - b_2)^2 + (e_1 - e_2)^2`` (squared differences of the ends);
* a unit lying wholly inside the other coder's gap: ``l^2``;
* anything else (gap with gap, a unit only partly in a gap): 0.

``D_o = 2 / (R (R-1) L^2) * sum over coder pairs of those terms``;

``D_e = (2/L) * sum_u [ (N-1)(2 l_u^3 - 3 l_u^2 + l_u)/3 + l_u^2 sum_{g >= l_u}(g - l_u + 1) ]
/ (R L (R L - 1) - sum_u l_u (l_u - 1))``

over all coders' units ``u`` (``N`` of them, lengths ``l_u``) and gaps ``g``;
``alpha_U = 1 - D_o / D_e``. Across categories: ``1 - sum_c D_o(c) / sum_c D_e(c)``.

Computed with interval arithmetic on numpy arrays: sorted segment lists,
``searchsorted`` for overlapping pairs and gap lookups, no per-position loop.
A coder's overlapping spans of one category are first merged into their union
(the measure assumes they do not overlap); touching spans stay separate units.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from ._intervals import intersecting_pairs, merge
from ._result import Agreement


@dataclass(frozen=True)
class UnitizingAlpha:
    """alpha_U per code and across all codes."""

    codes: dict[Hashable, Agreement]
    overall: Agreement


@dataclass(frozen=True)
class _Units:
    """Merged units on one global coordinate line: pieces laid end to end."""

    rater: np.ndarray
    piece: np.ndarray
    start: np.ndarray  # global coordinate
    end: np.ndarray


def prepare_units(
    rater: np.ndarray, piece: np.ndarray, start: np.ndarray, end: np.ndarray,
    piece_offset: np.ndarray, n_pieces: int,
) -> _Units:
    key, s, e = merge(rater * n_pieces + piece, start, end, touching=False)
    r, p = key // n_pieces, key % n_pieces
    return _Units(r, p, s + piece_offset[p], e + piece_offset[p])


def observed_sums(units: _Units, n_raters: int, n_pieces: int) -> np.ndarray:
    """Per piece, the sum over coder pairs of the segment distances (D_o numerator)."""
    out = np.zeros(n_pieces)
    by_rater = [np.flatnonzero(units.rater == r) for r in range(n_raters)]
    for r1 in range(n_raters):
        a = by_rater[r1]
        s1, e1 = units.start[a], units.end[a]
        for r2 in range(r1 + 1, n_raters):
            b = by_rater[r2]
            s2, e2 = units.start[b], units.end[b]
            i, j = intersecting_pairs(s1, e1, s2, e2)
            d = (s1[i] - s2[j]).astype(np.float64) ** 2 + (e1[i] - e2[j]).astype(np.float64) ** 2
            out += np.bincount(units.piece[a][i], weights=d, minlength=n_pieces)
            alone1 = np.bincount(i, minlength=a.size) == 0
            alone2 = np.bincount(j, minlength=b.size) == 0
            l1 = (e1 - s1)[alone1].astype(np.float64)
            l2 = (e2 - s2)[alone2].astype(np.float64)
            out += np.bincount(units.piece[a][alone1], weights=l1 * l1, minlength=n_pieces)
            out += np.bincount(units.piece[b][alone2], weights=l2 * l2, minlength=n_pieces)
    return out


def gaps(units: _Units, n_raters: int, piece_offset: np.ndarray, piece_len: np.ndarray):
    """Every coder's gaps: (piece, length), lengths > 0; no gap crosses a piece boundary."""
    n_pieces = piece_len.size
    key = units.rater * n_pieces + units.piece
    has = np.zeros(n_raters * n_pieces, dtype=bool)
    has[key] = True
    empty = np.flatnonzero(~has)
    pieces = [empty % n_pieces]
    lengths = [piece_len[empty % n_pieces]]
    if key.size:
        first = np.ones(key.size, dtype=bool)
        first[1:] = key[1:] != key[:-1]
        last = np.ones(key.size, dtype=bool)
        last[:-1] = key[1:] != key[:-1]
        prev_end = np.empty_like(units.end)
        prev_end[1:] = units.end[:-1]
        prev_end[first] = piece_offset[units.piece[first]]
        pieces += [units.piece, units.piece[last]]
        lengths += [
            units.start - prev_end,
            piece_offset[units.piece[last]] + piece_len[units.piece[last]] - units.end[last],
        ]
    p, g = np.concatenate(pieces), np.concatenate(lengths)
    keep = g > 0
    return p[keep], g[keep]


def expected_terms(
    units: _Units, gap_piece: np.ndarray, gap_len: np.ndarray,
    group_of_piece: np.ndarray, n_groups: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per group: (sum of the D_e numerator terms, sum l(l-1), number of units)."""
    ug = group_of_piece[units.piece]
    length = (units.end - units.start).astype(np.float64)
    n_units = np.bincount(ug, minlength=n_groups).astype(np.float64)
    sq = np.bincount(ug, weights=length * (length - 1.0), minlength=n_groups)
    gg = group_of_piece[gap_piece]
    stride = int(max(gap_len.max(initial=0), length.max(initial=0))) + 2
    composite = np.sort(gg.astype(np.int64) * stride + gap_len)
    cum = np.concatenate(([0.0], np.cumsum((composite % stride).astype(np.float64))))
    ul = (units.end - units.start).astype(np.int64)
    lo = np.searchsorted(composite, ug.astype(np.int64) * stride + ul, side="left")
    hi = np.searchsorted(composite, (ug.astype(np.int64) + 1) * stride, side="left")
    fit = cum[hi] - cum[lo] - (length - 1.0) * (hi - lo)
    term = (n_units[ug] - 1.0) * (2 * length**3 - 3 * length**2 + length) / 3.0 + length**2 * fit
    return np.bincount(ug, weights=term, minlength=n_groups), sq, n_units


def alpha_from_parts(
    observed_sum: float, expected_sum: float, sq: float, n_raters: int, length: float
) -> tuple[float, float]:
    """(D_o, D_e) from the summed parts of one continuum of total ``length``."""
    d_o = 2.0 * observed_sum / (n_raters * (n_raters - 1) * length * length)
    denominator = n_raters * length * (n_raters * length - 1.0) - sq
    d_e = 2.0 / length * expected_sum / denominator if denominator > 0 else 0.0
    return d_o, d_e


def to_agreement(d_o: float, d_e: float, units: int, n_units: float, code_label: str) -> Agreement:
    if n_units == 0:
        return Agreement.undefined(f"no coder marked {code_label}", units)
    if d_e <= 0.0:
        return Agreement.undefined("expected disagreement is 0", units)
    return Agreement(float(1.0 - d_o / d_e), None, units, None, float(d_o), float(d_e))


def unitizing_alpha(
    units: Iterable[tuple[Hashable, Hashable, int, int]],
    length: int,
    *,
    coders: Sequence[Hashable] | None = None,
    begin: int = 0,
) -> UnitizingAlpha:
    """Krippendorff's alpha_U per code and overall on one continuum ``[begin, begin+length)``.

    ``units``: (coder, code, start, end) with ``begin <= start < end <= begin+length``.
    ``coders``: every coder taking part (a coder with no unit still counts); by
    default those that appear in ``units``. ``units`` in the results count the
    positions of the continuum. See the module docstring for the formulas.
    """
    rows = list(units)
    if coders is None:
        coders = list(dict.fromkeys(r[0] for r in rows))
    coder_index = {c: i for i, c in enumerate(coders)}
    code_index: dict[Hashable, int] = {}
    for r in rows:
        code_index.setdefault(r[1], len(code_index))
        if r[0] not in coder_index:
            raise ValueError(f"unit by coder {r[0]!r}, who is not among the coders compared")
        if not begin <= r[2] <= r[3] <= begin + length:
            raise ValueError(f"unit {r!r} lies outside the continuum")
    n_raters, n_codes = len(coders), len(code_index)
    if n_raters < 2:
        undefined = Agreement.undefined("fewer than two coders", length)
        return UnitizingAlpha({c: undefined for c in code_index}, undefined)
    rater = np.fromiter((coder_index[r[0]] for r in rows), np.int64, len(rows))
    piece = np.fromiter((code_index[r[1]] for r in rows), np.int64, len(rows))
    start = np.fromiter((r[2] - begin for r in rows), np.int64, len(rows))
    end = np.fromiter((r[3] - begin for r in rows), np.int64, len(rows))
    piece_len = np.full(n_codes, length, dtype=np.int64)
    piece_offset = np.arange(n_codes, dtype=np.int64) * length
    u = prepare_units(rater, piece, start, end, piece_offset, n_codes)
    obs = observed_sums(u, n_raters, n_codes)
    gp, gl = gaps(u, n_raters, piece_offset, piece_len)
    exp_sum, sq, n_units = expected_terms(u, gp, gl, np.arange(n_codes), n_codes)
    result: dict[Hashable, Agreement] = {}
    total_o = total_e = 0.0
    for code, k in code_index.items():
        d_o, d_e = alpha_from_parts(obs[k], exp_sum[k], sq[k], n_raters, length)
        total_o, total_e = total_o + d_o, total_e + d_e
        result[code] = to_agreement(d_o, d_e, length, n_units[k], f"code {code!r}")
    if n_codes == 0:
        overall = Agreement.undefined("no coder marked any unit", length)
    elif total_e <= 0.0:
        overall = Agreement.undefined("expected disagreement is 0", length)
    else:
        overall = Agreement(float(1.0 - total_o / total_e), None, length, None,
                            float(total_o / n_codes), float(total_e / n_codes))
    return UnitizingAlpha(result, overall)
