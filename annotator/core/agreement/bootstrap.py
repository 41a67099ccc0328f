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
_CHUNK = 200  # replicates computed together: bounds memory at chunk x gaps of one code


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


def _expected_cross(st: _DocStats, w: np.ndarray, code: int, order: dict) -> np.ndarray:
    """Per replicate: sum over units u and gaps g (same code, any documents) of
    ``w[d(u)] w[d(g)] l_u^2 max(0, g - l_u + 1)``."""
    gl, gd, ul, ud, idx = order[code]
    if ul.size == 0 or gl.size == 0:
        return np.zeros(w.shape[0])
    wg = w[:, gd]
    g0 = np.zeros((w.shape[0], gl.size + 1))
    g1 = np.zeros((w.shape[0], gl.size + 1))
    g0[:, :-1] = np.cumsum(wg[:, ::-1], axis=1)[:, ::-1]
    g1[:, :-1] = np.cumsum((wg * gl)[:, ::-1], axis=1)[:, ::-1]
    fit = g1[:, idx] - (ul - 1.0) * g0[:, idx]
    return (w[:, ud] * (ul * ul) * fit).sum(axis=1)


def _gap_order(st: _DocStats, n_codes: int) -> dict:
    out = {}
    for c in range(n_codes):
        gsel = st.gap_code == c
        order = np.argsort(st.gap_len[gsel], kind="stable")
        gl, gd = st.gap_len[gsel][order], st.gap_doc[gsel][order]
        usel = st.unit_code == c
        ul, ud = st.unit_len[usel], st.unit_doc[usel]
        out[c] = (gl, gd, ul, ud, np.searchsorted(gl, ul, side="left"))
    return out


def figures(st: _DocStats, w: np.ndarray, order: dict) -> dict[str, np.ndarray]:
    """Every figure for each weighting (row of ``w``, replicates x documents).

    Keys: ``(measure, code_index)`` arrays of shape (replicates,), ``code_index`` -1 for
    overall (pooled) and -2 for the mean over codes."""
    n_docs, n_codes, c1 = st.h.shape
    r = st.n_coders
    hb = (w @ st.h.reshape(n_docs, -1)).reshape(-1, n_codes, c1)
    ob = (w @ st.ones.reshape(n_docs, -1)).reshape(-1, n_codes, r)
    per_code = binary_values(hb, ob)
    pooled = binary_values(hb.sum(axis=1), ob.sum(axis=1))
    out: dict = {}
    for name, values in per_code.items():
        for c in range(n_codes):
            out[(name, c)] = values[:, c]
        out[(name, -1)] = pooled[name]
        out[(name, -2)] = _mean_defined(values)
    # unitizing alpha
    length = w @ st.length
    obs = w @ st.observed
    n_units = w @ st.n_units
    f_units = w @ st.f_units
    sq = w @ st.sq_units
    cross = np.stack([_expected_cross(st, w, c, order) for c in range(n_codes)], axis=1)
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


def _chunked(st: _DocStats, w_rows, n_rows: int, order: dict) -> dict[Any, np.ndarray]:
    parts: dict[Any, list[np.ndarray]] = {}
    for lo in range(0, n_rows, _CHUNK):
        for key, v in figures(st, w_rows(lo, min(n_rows, lo + _CHUNK)), order).items():
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
    order = _gap_order(st, n_codes)
    point = figures(st, np.ones((1, n_docs)), order)
    weights = resample_weights(n_docs, resamples, seed)
    boot = _chunked(st, lambda lo, hi: weights[lo:hi], resamples, order)
    jack = None
    if jackknife and n_docs >= 2:
        jack = _chunked(st, lambda lo, hi: 1.0 - np.eye(n_docs)[lo:hi], n_docs, order)
    out: dict[int, dict[str, Interval]] = {}
    for (name, c), values in boot.items():
        mins = minimums if name.endswith("alpha") else ()
        out.setdefault(c, {})[name] = _interval(point[(name, c)][0], values,
                                                None if jack is None else jack[(name, c)], level, mins)
    codes = {code: out[i] for i, code in enumerate(prepared.codes)}
    return Bootstrap(resamples, seed, level, n_docs, codes, out[-1], out[-2])
