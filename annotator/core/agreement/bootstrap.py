r"""Confidence intervals for the agreement figures: a document-level (cluster) bootstrap,
and the jackknife standard error over documents. Pure numpy.

Characters (or words) inside one article are not independent units: resampling them
would give intervals far too narrow. The unit of resampling is the **document**. A
resample draws ``n`` documents with replacement from the ``n`` compared; a document
drawn twice counts twice (laid end to end twice, for unitizing alpha). Every figure of
:func:`~annotator.core.agreement.project_agreement` (Krippendorff's alpha, Cohen's or
Fleiss' kappa, unitizing alpha; per code, pooled overall, and the mean over codes) is
recomputed on each resample, and the 2.5th and 97.5th percentiles of the defined
values are the 95% interval (percentile bootstrap, as KALPHA: Hayes & Krippendorff
2007). ``q(alpha < m)`` is the share of resamples whose alpha falls below ``m``: the
probability of failing that minimum, as KALPHA reports it.

**Vectorised.** Nothing is recomputed from spans. A resample is a vector ``w`` of how
often each document was drawn; the binary measures are functions of counts summed over
documents (units marked by exactly ``k`` coders, units each coder marked), so a resample's
counts are ``w @ per_document_counts`` for all resamples at once. Unitizing alpha's
observed disagreement, unit counts and ``sum l(l-1)`` are sums over documents too; its
expected disagreement pairs every unit with every gap of the same code *across*
documents (quadratic in ``w``): for each resample the gaps' weights are cumulated by
length once and read off at each unit's length.

**Jackknife.** ``se = sqrt((n-1)/n * sum_i (theta_(i) - mean)^2)`` over the ``n``
leave-one-document-out estimates (Hughes 2022 argues it covers better than the
bootstrap for alpha). The same reweighting computes it (``w = 1 - e_i``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .project import Prepared, _coverage
from .unitizing import gaps, observed_sums, prepare_units

METHOD_NAME = "document-level cluster bootstrap (percentile interval)"
DEFAULT_RESAMPLES = 1000
MINIMUMS = (0.667, 0.800)
_CHUNK = 250  # replicates computed together, at most
_CELLS = 8_000_000  # ... and at most this many replicate x gap (or unit) cells of one code: ~64 MB


@dataclass(frozen=True)
class Interval:
    """One figure's point estimate, bootstrap interval and jackknife standard error.

    ``low``/``high`` are ``None`` when fewer than two resamples gave a defined value;
    ``undefined`` counts the resamples where the figure was undefined (e.g. no coder
    marked the code in any drawn document). ``q`` maps a minimum (0.667, 0.800) to the
    share of defined resamples below it; only alphas carry it."""

    estimate: float | None
    low: float | None
    high: float | None
    jackknife_se: float | None
    undefined: int
    q: dict[float, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"estimate": self.estimate, "ci_low": self.low, "ci_high": self.high,
                               "jackknife_se": self.jackknife_se, "undefined_resamples": self.undefined}
        for m, q in self.q.items():
            out[f"q_below_{m:.3f}"] = q
        return out


@dataclass(frozen=True)
class Bootstrap:
    """Intervals per code, pooled overall, and for the mean over codes, per measure."""

    resamples: int
    seed: int
    level: float
    documents: int
    codes: dict[Hashable, dict[str, Interval]]
    overall: dict[str, Interval]
    mean_over_codes: dict[str, Interval]

    def method(self) -> str:
        return method_text(self.resamples, self.seed, self.level, self.documents)

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": METHOD_NAME, "resamples": self.resamples, "seed": self.seed, "level": self.level,
            "documents": self.documents, "method_text": self.method(),
            "codes": {str(c): {m: i.as_dict() for m, i in ms.items()} for c, ms in self.codes.items()},
            "overall": {m: i.as_dict() for m, i in self.overall.items()},
            "mean_over_codes": {m: i.as_dict() for m, i in self.mean_over_codes.items()},
        }


def method_text(resamples: int, seed: int, level: float, documents: int) -> str:
    return (f"Intervals: {METHOD_NAME}, {level:.0%}, {resamples:,} resamples of the {documents:,} documents "
            f"(seed {seed}); a document drawn twice counts twice. q(alpha < m) is the share of resamples "
            f"with alpha below m. Jackknife standard errors leave out one document at a time.")


# -- sufficient statistics per document ------------------------------------------------------
@dataclass(frozen=True)
class _DocStats:
    n_coders: int
    length: np.ndarray  # docs
    h: np.ndarray  # docs x codes x (coders+1)
    ones: np.ndarray  # docs x codes x coders
    observed: np.ndarray  # docs x codes: alpha_U observed sums
    n_units: np.ndarray  # docs x codes
    f_units: np.ndarray  # docs x codes: sum (2l^3 - 3l^2 + l)/3
    sq_units: np.ndarray  # docs x codes: sum l(l-1)
    unit_code: np.ndarray  # per alpha_U unit
    unit_doc: np.ndarray
    unit_len: np.ndarray
    gap_code: np.ndarray  # per gap
    gap_doc: np.ndarray
    gap_len: np.ndarray


def doc_stats(p: Prepared) -> _DocStats:
    n_docs, n_codes, n_coders = len(p.doc_ids), len(p.codes), len(p.coders)
    n_pieces = n_docs * n_codes
    piece = p.doc * n_codes + p.code
    piece_len = np.repeat(p.length, n_codes)
    piece_offset = np.cumsum(piece_len) - piece_len
    h, ones = _coverage(p.coder, piece, p.start, p.end, piece_len, piece_offset, n_coders)
    units = prepare_units(p.coder, piece, p.start, p.end, piece_offset, n_pieces)
    observed = observed_sums(units, n_coders, n_pieces)
    gap_piece, gap_len = gaps(units, n_coders, piece_offset, piece_len)
    ul = (units.end - units.start).astype(np.float64)
    per_piece = lambda w: np.bincount(units.piece, weights=w, minlength=n_pieces).reshape(n_docs, n_codes)  # noqa: E731
    return _DocStats(
        n_coders, p.length.astype(np.float64),
        h.reshape(n_docs, n_codes, n_coders + 1), ones.reshape(n_docs, n_codes, n_coders),
        observed.reshape(n_docs, n_codes), per_piece(np.ones_like(ul)),
        per_piece((2 * ul**3 - 3 * ul**2 + ul) / 3.0), per_piece(ul * (ul - 1.0)),
        units.piece % n_codes, units.piece // n_codes, ul,
        gap_piece % n_codes, gap_piece // n_codes, gap_len.astype(np.float64))


# -- figures for many weightings at once -----------------------------------------------------------
def binary_values(h: np.ndarray, ones: np.ndarray) -> dict[str, np.ndarray]:
    """Alpha, Cohen's kappa (two coders) or Fleiss' kappa, from summed counts ``h[..., k]``
    (units marked by exactly k coders) and ``ones[..., r]``; NaN where undefined. The same
    formulas and undefined cases as :func:`._measures.binary_measures`."""
    n_coders = ones.shape[-1]
    k = np.arange(n_coders + 1, dtype=np.float64)
    units = h.sum(axis=-1)
    values = units * n_coders
    marked = h @ k
    agree_pairs = h @ (k * (k - 1) + (n_coders - k) * (n_coders - k - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        d_o_sum = h @ (2 * k * (n_coders - k) / (n_coders - 1))
        d_e_sum = 2.0 * (values - marked) * marked
        varied = (units > 0) & (marked > 0) & (marked < values)
        alpha = np.where(varied, 1.0 - (values - 1) * d_o_sum / d_e_sum, np.nan)
        out = {"krippendorff_alpha": alpha}
        if n_coders == 2:
            pa, pb = ones[..., 0] / units, ones[..., 1] / units
            c_e = pa * pb + (1 - pa) * (1 - pb)
            c_o = (h[..., 0] + h[..., 2]) / units
            none_or_all = ((ones[..., 0] == 0) & (ones[..., 1] == 0)) | (
                (ones[..., 0] == units) & (ones[..., 1] == units))
            out["cohen_kappa"] = np.where((units > 0) & ~none_or_all, (c_o - c_e) / (1 - c_e), np.nan)
        else:
            p_bar = agree_pairs / (n_coders * (n_coders - 1) * units)
            p1 = marked / values
            p_e = p1 * p1 + (1 - p1) * (1 - p1)
            out["fleiss_kappa"] = np.where(varied, (p_bar - p_e) / (1 - p_e), np.nan)
    return out


class _CodeTerms:
    """One code's alpha_U units and gaps, sorted for the cross term
    ``sum_{u, g} w[d(u)] w[d(g)] l_u^2 max(0, g - l_u + 1)`` (units and gaps of any documents)."""

    def __init__(self, st: _DocStats, code: int, n_docs: int):
        gsel = st.gap_code == code
        order = np.argsort(st.gap_len[gsel], kind="stable")
        self.gl, self.gd = st.gap_len[gsel][order], st.gap_doc[gsel][order]
        usel = st.unit_code == code
        self.ul, self.ud = st.unit_len[usel], st.unit_doc[usel]
        self.idx = np.searchsorted(self.gl, self.ul, side="left")  # gaps >= l_u start here
        self.n_docs = n_docs
        # by distinct unit length k: the gaps at least that long are those of bucket >= k
        self.lengths, k_u = np.unique(self.ul, return_inverse=True)
        kg = np.searchsorted(self.lengths, self.gl, side="right") - 1
        keep = kg >= 0  # a gap shorter than every unit fits none
        g_order = np.argsort(kg[keep], kind="stable")
        self.g_doc = self.gd[keep][g_order]
        self.g_len = self.gl[keep][g_order]
        self.g_starts, self.g_buckets = _runs(kg[keep][g_order])
        u_order = np.argsort(k_u, kind="stable")
        self.u_doc = self.ud[u_order]
        ul = self.ul[u_order]
        self.u2, self.u3 = ul * ul, ul * ul * (ul - 1.0)
        self.u_starts, self.u_buckets = _runs(k_u[u_order])

    @property
    def empty(self) -> bool:
        return self.ul.size == 0 or self.gl.size == 0

    def cross(self, w: np.ndarray) -> np.ndarray:
        """The cross term for each row of ``w`` (replicates x documents). The gaps' weights are
        summed per distinct unit length (sorted runs), cumulated from the longest down, and
        read off per unit length; documents x replicates layout, so sums run over rows."""
        m = self.lengths.size
        if self.empty or self.g_doc.size == 0:
            return np.zeros(w.shape[0])
        wt = np.ascontiguousarray(w.T)
        rows = w.shape[0]
        wg = wt[self.g_doc]
        g0 = np.zeros((m, rows))
        g1 = np.zeros((m, rows))
        g0[self.g_buckets] = np.add.reduceat(wg, self.g_starts, axis=0)
        wg *= self.g_len[:, None]
        g1[self.g_buckets] = np.add.reduceat(wg, self.g_starts, axis=0)
        g0 = np.cumsum(g0[::-1], axis=0)[::-1]  # gaps at least as long as length k
        g1 = np.cumsum(g1[::-1], axis=0)[::-1]
        wu = wt[self.u_doc]
        a2 = np.add.reduceat(wu * self.u2[:, None], self.u_starts, axis=0)
        a3 = np.add.reduceat(wu * self.u3[:, None], self.u_starts, axis=0)
        b = self.u_buckets
        return (a2 * g1[b] - a3 * g0[b]).sum(axis=0)

    def leave_one_out(self) -> np.ndarray:
        """The cross term with each document left out in turn: the total, less the pairs whose
        unit or gap lies in that document, plus the pairs with both there (counted twice)."""
        n = self.n_docs
        if self.empty:
            return np.zeros(n)
        ul, gl = self.ul, self.gl
        cum0 = np.concatenate((np.cumsum(np.ones_like(gl)[::-1])[::-1], [0.0]))
        cum1 = np.concatenate((np.cumsum(gl[::-1])[::-1], [0.0]))
        per_unit = ul * ul * (cum1[self.idx] - (ul - 1.0) * cum0[self.idx])
        total = per_unit.sum()
        by_unit_doc = np.bincount(self.ud, weights=per_unit, minlength=n)
        # per gap: sum over units with l <= g of (g + 1) l^2 - l^3
        order = np.argsort(ul, kind="stable")
        ls = ul[order]
        s2 = np.concatenate(([0.0], np.cumsum(ls * ls)))
        s3 = np.concatenate(([0.0], np.cumsum(ls ** 3)))
        k = np.searchsorted(ls, gl, side="right")
        per_gap = (gl + 1.0) * s2[k] - s3[k]
        by_gap_doc = np.bincount(self.gd, weights=per_gap, minlength=n)
        # pairs inside one document: gaps keyed (document, length), read off per unit
        stride = int(max(gl.max(), ul.max())) + 2
        key = np.sort(self.gd.astype(np.int64) * stride + gl.astype(np.int64))
        cum_len = np.concatenate(([0.0], np.cumsum((key % stride).astype(np.float64))))
        lo = np.searchsorted(key, self.ud.astype(np.int64) * stride + ul.astype(np.int64), side="left")
        hi = np.searchsorted(key, (self.ud.astype(np.int64) + 1) * stride, side="left")
        fit = cum_len[hi] - cum_len[lo] - (ul - 1.0) * (hi - lo)
        inside = np.bincount(self.ud, weights=ul * ul * fit, minlength=n)
        return total - by_unit_doc - by_gap_doc + inside


@dataclass(frozen=True)
class _Weights:
    """Replicates as document weights: ``lin(X)`` sums per-document arrays with each replicate's
    weights; ``cross(terms)`` is a code's alpha_U cross term per replicate."""

    lin: Any
    cross: Any


def dense_weights(w: np.ndarray) -> _Weights:
    n = w.shape[1]
    return _Weights(lambda x: (w @ x.reshape(n, -1)).reshape((w.shape[0],) + x.shape[1:]),
                    lambda terms: terms.cross(w))


def leave_one_out() -> _Weights:
    """Every document left out once: sums are the total less that document's share."""
    return _Weights(lambda x: x.sum(axis=0)[None] - x, lambda terms: terms.leave_one_out())


def _runs(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(start of each run, its key) in a sorted key array (for ``np.add.reduceat``)."""
    if sorted_keys.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))
    return starts, sorted_keys[starts]


def _code_terms(st: _DocStats, n_codes: int) -> list[_CodeTerms]:
    return [_CodeTerms(st, c, st.h.shape[0]) for c in range(n_codes)]


def figures(st: _DocStats, w: np.ndarray | _Weights, terms: list[_CodeTerms]) -> dict[Any, np.ndarray]:
    """Every figure for each replicate (a row of ``w``, replicates x documents, or a
    :class:`_Weights`).

    Keys: ``(measure, code_index)`` arrays of shape (replicates,), ``code_index`` -1 for
    overall (pooled) and -2 for the mean over codes."""
    weights = dense_weights(w) if isinstance(w, np.ndarray) else w
    n_docs, n_codes, c1 = st.h.shape
    r = st.n_coders
    hb = weights.lin(st.h)
    ob = weights.lin(st.ones)
    per_code = binary_values(hb, ob)
    pooled = binary_values(hb.sum(axis=1), ob.sum(axis=1))
    out: dict = {}
    for name, values in per_code.items():
        for c in range(n_codes):
            out[(name, c)] = values[:, c]
        out[(name, -1)] = pooled[name]
        out[(name, -2)] = _mean_defined(values)
    # unitizing alpha
    length = weights.lin(st.length)
    obs = weights.lin(st.observed)
    n_units = weights.lin(st.n_units)
    f_units = weights.lin(st.f_units)
    sq = weights.lin(st.sq_units)
    cross = np.stack([weights.cross(t) for t in terms], axis=1)
    e_sum = (n_units - 1.0) * f_units + cross
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = (length > 0)[:, None]
        safe = np.where(length > 0, length, 1.0)[:, None]
        denominator = r * safe * (r * safe - 1.0) - sq
        d_o = np.where(ok, 2.0 * obs / (r * (r - 1) * safe * safe), 0.0)
        d_e = np.where(ok & (denominator > 0), 2.0 / safe * e_sum / denominator, 0.0)
        ua = np.where(ok & (n_units > 0) & (d_e > 0), 1.0 - d_o / d_e, np.nan)
        so, se = d_o.sum(axis=1), d_e.sum(axis=1)
        overall = np.where((length > 0) & (n_units.sum(axis=1) > 0) & (se > 0), 1.0 - so / se, np.nan)
    for c in range(n_codes):
        out[("unitizing_alpha", c)] = ua[:, c]
    out[("unitizing_alpha", -1)] = overall
    out[("unitizing_alpha", -2)] = _mean_defined(ua)
    return out


def _mean_defined(values: np.ndarray) -> np.ndarray:
    defined = ~np.isnan(values)
    count = defined.sum(axis=1)
    total = np.where(defined, values, 0.0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _chunked(st: _DocStats, weights: np.ndarray, terms: list[_CodeTerms]) -> dict[Any, np.ndarray]:
    parts: dict[Any, list[np.ndarray]] = {}
    widest = max([t.gl.size + t.ul.size for t in terms] + [st.h.shape[0], 1])
    chunk = max(8, min(_CHUNK, _CELLS // widest))  # replicates x gaps of one code stay bounded
    for lo in range(0, weights.shape[0], chunk):
        for key, v in figures(st, weights[lo:lo + chunk], terms).items():
            parts.setdefault(key, []).append(v)
    return {k: np.concatenate(v) for k, v in parts.items()}


def resample_weights(n_docs: int, resamples: int, seed: int) -> np.ndarray:
    """How often each document is drawn in each resample (resamples x documents)."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_docs, size=(resamples, n_docs))
    flat = draws + (np.arange(resamples) * n_docs)[:, None]
    return np.bincount(flat.ravel(), minlength=resamples * n_docs).reshape(resamples, n_docs).astype(np.float64)


def _interval(estimate: float, boot: np.ndarray, jack: np.ndarray | None, level: float,
              minimums: Sequence[float]) -> Interval:
    est = None if np.isnan(estimate) else float(estimate)
    defined = boot[~np.isnan(boot)]
    low = high = None
    if defined.size >= 2 and est is not None:
        tail = (1 - level) / 2
        low, high = (float(x) for x in np.quantile(defined, [tail, 1 - tail]))
    q = {m: float(np.mean(defined < m)) for m in minimums} if minimums and defined.size and est is not None else {}
    se = None
    if jack is not None and est is not None:
        j = jack[~np.isnan(jack)]
        if j.size >= 2:
            se = float(np.sqrt((j.size - 1) / j.size * np.sum((j - j.mean()) ** 2)))
    return Interval(est, low, high, se, int(boot.size - defined.size), q)


def bootstrap_agreement(
    prepared: Prepared,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
    level: float = 0.95,
    minimums: Sequence[float] = MINIMUMS,
    jackknife: bool = True,
) -> Bootstrap:
    """Bootstrap intervals (and jackknife SEs) for every alpha, kappa and unitizing alpha of
    :func:`~annotator.core.agreement.project_agreement` on the same inputs (see the module
    docstring). The same *seed* always gives the same intervals."""
    if resamples < 1:
        raise ValueError("resamples must be 1 or more")
    n_docs, n_codes = len(prepared.doc_ids), len(prepared.codes)
    if n_docs == 0 or n_codes == 0:
        return Bootstrap(resamples, seed, level, n_docs, {c: {} for c in prepared.codes}, {}, {})
    st = doc_stats(prepared)
    terms = _code_terms(st, n_codes)
    point = figures(st, np.ones((1, n_docs)), terms)
    boot = _chunked(st, resample_weights(n_docs, resamples, seed), terms)
    jack = figures(st, leave_one_out(), terms) if jackknife and n_docs >= 2 else None
    out: dict[int, dict[str, Interval]] = {}
    for (name, c), values in boot.items():
        mins = minimums if name.endswith("alpha") else ()
        out.setdefault(c, {})[name] = _interval(point[(name, c)][0], values,
                                                None if jack is None else jack[(name, c)], level, mins)
    codes = {code: out[i] for i, code in enumerate(prepared.codes)}
    return Bootstrap(resamples, seed, level, n_docs, codes, out[-1], out[-2])
