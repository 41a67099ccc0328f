"""Agreement on a project's codings: per code, per document and overall. Still pure.

Input is plain data (document lengths, span tuples); the caller picks the documents
(e.g. those every compared coder has marked done) and the coders.

**Units.** At character level (default) a unit is one character (code point); at
token level, one token, given as (start, end) character boundaries per document.
Characters in excluded regions (noise) are cut out before anything is computed:
the text is read as if they were not there, so a span across a noise region loses
the noise part and a span wholly inside one disappears. At token level a token
that overlaps an excluded region is cut out; a span covers every token it overlaps.

**Binary per code.** For code ``c`` each unit gets, from each coder, 1 if it lies
under one of the coder's spans of ``c`` and 0 otherwise (the coder's spans of ``c``
taken as a union). On these coders x units tables: Krippendorff's alpha (nominal),
Cohen's kappa (exactly two coders) or Fleiss' kappa (three or more), and percent
agreement, with the same definitions as :mod:`.coefficients` (tested equal there).
They are computed from counts: how many units were marked by exactly ``k`` coders,
and how many each coder marked, gathered by interval arithmetic on span boundaries.

**Unitizing alpha** per code on the documents laid end to end (no gap runs across a
document boundary); see :mod:`.unitizing`. **Span F1** per code on the spans mapped
to units, exact and overlap matching; see :mod:`.spans`.

**Overall.** Binary measures: every (code, unit) pair is one unit, i.e. the per-code
tables stacked side by side (``units`` = units x codes). Unitizing alpha:
``1 - sum_c D_o(c) / sum_c D_e(c)`` (DKPro's across-category form). Span F1: counts
pooled over codes (micro average). The same definitions hold per document.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ._intervals import merge
from ._measures import binary_measures, ualpha_results
from ._result import Agreement
from .spans import SpanF1, dedupe, exact_matches, make_f1, overlap_matches
from .units import to_units
from .unitizing import expected_terms, gaps, observed_sums, prepare_units


@dataclass(frozen=True)
class CodeAgreement:
    """Every measure for one code (or overall), with the units and documents behind it.

    ``units``: characters or tokens (x codes, for the overall figure) the binary
    measures rest on; alpha_U's ``units`` is its continuum length. The F1 entries count
    spans; with more than two coders they pool every coder pair (first coder of each
    pair as "A"), so only their F1 is symmetric.
    """

    krippendorff_alpha: Agreement
    cohen_kappa: Agreement | None  # present when exactly two coders are compared
    fleiss_kappa: Agreement | None  # present when three or more are
    percent_agreement: Agreement
    unitizing_alpha: Agreement
    f1_exact: SpanF1
    f1_overlap: SpanF1
    units: int
    documents: int

    def as_dict(self) -> dict[str, Any]:
        """``{measure: value or None, ..., "units", "documents", "notes": {measure: reason}}``."""
        out: dict[str, Any] = {}
        notes: dict[str, str] = {}
        measures = {
            "cohen_kappa": self.cohen_kappa,
            "fleiss_kappa": self.fleiss_kappa,
            "krippendorff_alpha": self.krippendorff_alpha,
            "unitizing_alpha": self.unitizing_alpha,
            "f1_exact": self.f1_exact.f1,
            "f1_overlap": self.f1_overlap.f1,
            "percent_agreement": self.percent_agreement,
        }
        for name, result in measures.items():
            if result is None:
                continue
            out[name] = result.value
            if result.reason is not None:
                notes[name] = result.reason
        out["units"] = self.units
        out["documents"] = self.documents
        if notes:
            out["notes"] = notes
        return out


@dataclass(frozen=True)
class DocumentAgreement:
    codes: dict[Hashable, CodeAgreement]
    overall: CodeAgreement


@dataclass(frozen=True)
class ProjectAgreement:
    coders: tuple[Hashable, ...]
    unit: str
    documents: tuple[Hashable, ...]
    codes: dict[Hashable, CodeAgreement]
    overall: CodeAgreement
    per_document: dict[Hashable, DocumentAgreement] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON shape: coders, unit, documents (a count), codes, overall."""
        return {
            "coders": [str(c) for c in self.coders],
            "unit": self.unit,
            "documents": len(self.documents),
            "codes": {str(c): a.as_dict() for c, a in self.codes.items()},
            "overall": self.overall.as_dict(),
        }


def project_agreement(
    documents: Mapping[Hashable, int],
    spans: Iterable[tuple[Hashable, Hashable, Hashable, int, int]],
    coders: Sequence[Hashable],
    *,
    codes: Sequence[Hashable] | None = None,
    unit: Literal["char", "token"] = "char",
    tokens: Mapping[Hashable, Any] | None = None,
    excluded: Mapping[Hashable, Iterable[tuple[int, int]]] | None = None,
    require_spans: bool = False,
    per_document: bool = True,
) -> ProjectAgreement:
    """Every agreement measure per code, per document and overall (see module docstring).

    ``documents``: {doc_id: length in code points}, the documents to compare.
    ``spans``: (doc_id, code, coder, start, end); spans of other documents, coders or
    codes are ignored. ``coders``: two or more. ``codes``: default, every code the
    compared coders used. ``unit="token"`` needs ``tokens``: {doc_id: (start, end)
    pairs}. ``excluded``: {doc_id: [(start, end), ...]} regions cut out (noise).
    ``require_spans``: keep only documents where every compared coder has at least one
    span (of the compared codes).
    """
    p = prepare(documents, spans, coders, codes=codes, unit=unit, tokens=tokens, excluded=excluded,
                require_spans=require_spans)
    return agreement_of(p, unit, per_document)


def agreement_of(p: "Prepared", unit: str = "char", per_document: bool = True) -> ProjectAgreement:
    """:func:`project_agreement` on inputs already :func:`prepare` (the bootstrap shares them)."""
    return _compute(p.doc_ids, p.codes, p.coders, unit, p.length, p.doc, p.code, p.coder, p.start, p.end,
                    per_document)


@dataclass(frozen=True)
class Prepared:
    """The compared spans as unit arrays: what :func:`project_agreement` and the bootstrap
    (:mod:`.bootstrap`) compute from. ``doc``/``code``/``coder`` index ``doc_ids``,
    ``codes``, ``coders``; ``length`` is each document's length in units."""

    doc_ids: list
    codes: list
    coders: tuple
    length: np.ndarray
    doc: np.ndarray
    code: np.ndarray
    coder: np.ndarray
    start: np.ndarray
    end: np.ndarray


def prepare(
    documents: Mapping[Hashable, int],
    spans: Iterable[tuple[Hashable, Hashable, Hashable, int, int]],
    coders: Sequence[Hashable],
    *,
    codes: Sequence[Hashable] | None = None,
    unit: Literal["char", "token"] = "char",
    tokens: Mapping[Hashable, Any] | None = None,
    excluded: Mapping[Hashable, Iterable[tuple[int, int]]] | None = None,
    require_spans: bool = False,
) -> Prepared:
    """Check and map the inputs of :func:`project_agreement` to unit arrays.

    ``require_spans`` looks at every code's spans, not only the compared ``codes``: which
    documents count never depends on which codes are asked for."""
    coders = tuple(coders)
    if len(coders) < 2 or len(set(coders)) != len(coders):
        raise ValueError("compare two or more distinct coders")
    if unit not in ("char", "token"):
        raise ValueError("unit must be 'char' or 'token'")
    if unit == "token" and tokens is None:
        raise ValueError("unit='token' needs the token boundaries of every document")
    coder_index = {c: i for i, c in enumerate(coders)}
    doc_ids = list(documents)
    doc_index = {d: i for i, d in enumerate(doc_ids)}
    rows = [r for r in spans if r[2] in coder_index and r[0] in doc_index]
    if codes is None:
        seen = dict.fromkeys(r[1] for r in rows)
        try:
            codes = sorted(seen)  # type: ignore[type-var]
        except TypeError:
            codes = list(seen)
    code_index = {c: i for i, c in enumerate(codes)}
    if require_spans:
        has = np.zeros((len(doc_ids), len(coders)), dtype=bool)
        for r in rows:
            has[doc_index[r[0]], coder_index[r[2]]] = True
        keep_doc = has.all(axis=1)
        doc_ids = [d for d, k in zip(doc_ids, keep_doc) if k]
        doc_index = {d: i for i, d in enumerate(doc_ids)}
        rows = [r for r in rows if r[0] in doc_index]
    rows = [r for r in rows if r[1] in code_index]
    n = len(rows)
    doc = np.fromiter((doc_index[r[0]] for r in rows), np.int64, n)
    code = np.fromiter((code_index[r[1]] for r in rows), np.int64, n)
    coder = np.fromiter((coder_index[r[2]] for r in rows), np.int64, n)
    start = np.fromiter((r[3] for r in rows), np.int64, n)
    end = np.fromiter((r[4] for r in rows), np.int64, n)
    raw_len = np.fromiter((documents[d] for d in doc_ids), np.int64, len(doc_ids))
    bad = (start < 0) | (end < start) | (end > raw_len[doc] if n else end < 0)
    if bad.any():
        raise ValueError(f"span outside its document: {rows[int(np.flatnonzero(bad)[0])]!r}")
    doc, code, coder, start, end, length = to_units(
        doc_ids, raw_len, doc, code, coder, start, end, unit=unit, tokens=tokens, excluded=excluded
    )
    return Prepared(doc_ids, list(codes), coders, length, doc, code, coder, start, end)


def _nothing(reason: str, documents: int, n_coders: int) -> CodeAgreement:
    none = Agreement.undefined(reason, 0, documents=documents)
    f1 = make_f1(0, 0, 0, documents)
    return CodeAgreement(none, none if n_coders == 2 else None, none if n_coders > 2 else None,
                         none, none, f1, f1, 0, documents)


@dataclass(frozen=True)
class _Stats:
    """Sufficient statistics per piece (one document x one code)."""

    n_coders: int
    h: np.ndarray  # pieces x (coders+1): units marked by exactly k coders
    ones: np.ndarray  # pieces x coders: units each coder marked
    observed: np.ndarray  # pieces: alpha_U observed-disagreement sums
    units: Any  # alpha_U units (merged spans) on the line
    gap_piece: np.ndarray
    gap_len: np.ndarray
    tp_exact: np.ndarray  # pieces: matched spans, pooled over coder pairs
    tp_overlap: np.ndarray
    spans_a: np.ndarray
    spans_b: np.ndarray


def _coverage(coder, piece, start, end, piece_len, piece_offset, n_coders):
    """(h, ones): per piece, units marked by exactly k coders, and by each coder."""
    n_pieces = piece_len.size
    key, ms, me = merge(coder * n_pieces + piece, start, end, touching=True)
    mp = key % n_pieces
    ones = np.bincount(key, weights=me - ms, minlength=n_coders * n_pieces)
    ones = ones.reshape(n_coders, n_pieces).T
    pos = np.concatenate([ms + piece_offset[mp], me + piece_offset[mp]])
    delta = np.concatenate([np.ones(ms.size, np.int64), -np.ones(me.size, np.int64)])
    order = np.argsort(pos, kind="stable")
    pos, level = pos[order], np.cumsum(delta[order])
    seg_len, seg_level = np.diff(pos), level[:-1]
    seg_piece = np.searchsorted(piece_offset, pos[:-1], side="right") - 1
    live = (seg_len > 0) & (seg_level > 0)
    h = np.bincount(seg_piece[live] * (n_coders + 1) + seg_level[live], weights=seg_len[live],
                    minlength=n_pieces * (n_coders + 1)).reshape(n_pieces, n_coders + 1)
    h[:, 0] = piece_len - h[:, 1:].sum(axis=1)
    return h, ones


def _stats(coder, piece, start, end, piece_len, n_coders) -> _Stats:
    n_pieces = piece_len.size
    piece_offset = np.cumsum(piece_len) - piece_len
    h, ones = _coverage(coder, piece, start, end, piece_len, piece_offset, n_coders)
    units = prepare_units(coder, piece, start, end, piece_offset, n_pieces)
    observed = observed_sums(units, n_coders, n_pieces)
    gap_piece, gap_len = gaps(units, n_coders, piece_offset, piece_len)
    per_coder = [dedupe(piece[coder == r], start[coder == r], end[coder == r])
                 for r in range(n_coders)]
    counts = [np.bincount(p[0], minlength=n_pieces) for p in per_coder]
    tp_exact, tp_overlap = np.zeros(n_pieces), np.zeros(n_pieces)
    spans_a, spans_b = np.zeros(n_pieces), np.zeros(n_pieces)
    for x in range(n_coders):
        for y in range(x + 1, n_coders):
            tp_exact += exact_matches(per_coder[x], per_coder[y], n_pieces)
            tp_overlap += overlap_matches(per_coder[x], per_coder[y], piece_offset, n_pieces)
            spans_a += counts[x]
            spans_b += counts[y]
    return _Stats(n_coders, h, ones, observed, units, gap_piece, gap_len, tp_exact, tp_overlap,
                  spans_a, spans_b)


def _figures(st: _Stats, group_of_piece, n_groups, units, docs, what, continuum,
             with_ualpha=True):
    """CodeAgreement per group of pieces, plus the groups' alpha_U D_o and D_e.

    ``units``: the binary measures' unit count per group; ``continuum``: the alpha_U
    continuum length per group. Without ``with_ualpha`` the alpha_U entries are
    placeholders, replaced by the across-codes form afterwards.
    """
    n_coders = st.n_coders
    gh = np.zeros((n_groups, n_coders + 1))
    np.add.at(gh, group_of_piece, st.h)
    gones = np.zeros((n_groups, n_coders))
    np.add.at(gones, group_of_piece, st.ones)
    binary = binary_measures(gh, gones, docs, what)
    d_o, d_e, n_units = np.zeros(n_groups), np.zeros(n_groups), np.zeros(n_groups)
    if with_ualpha:
        g_obs = np.bincount(group_of_piece, weights=st.observed, minlength=n_groups)
        e_sum, sq, n_units = expected_terms(st.units, st.gap_piece, st.gap_len, group_of_piece,
                                            n_groups)
        length = np.asarray(continuum, np.float64)
        ok = length > 0
        safe = np.where(ok, length, 1.0)
        denominator = n_coders * safe * (n_coders * safe - 1.0) - sq
        d_o = np.where(ok, 2.0 * g_obs / (n_coders * (n_coders - 1) * safe * safe), 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            d_e = np.where(ok & (denominator > 0), 2.0 / safe * e_sum / denominator, 0.0)
    ualpha = ualpha_results(d_o, d_e, n_units, continuum, docs, what)
    f1s = [np.bincount(group_of_piece, weights=w, minlength=n_groups).astype(np.int64).tolist()
           for w in (st.tp_exact, st.tp_overlap, st.spans_a, st.spans_b)]
    docs_l = np.asarray(docs, np.int64).tolist()
    units_l = np.asarray(units, np.int64).tolist()
    out = []
    for g in range(n_groups):
        alpha, cohen, fleiss, percent = binary[g]
        out.append(CodeAgreement(
            alpha, cohen, fleiss, percent, ualpha[g],
            make_f1(f1s[0][g], f1s[2][g], f1s[3][g], docs_l[g]),
            make_f1(f1s[1][g], f1s[2][g], f1s[3][g], docs_l[g]),
            units_l[g], docs_l[g]))
    return out, d_o, d_e, n_units


def _compute(doc_ids, codes, coders, unit, length, doc, code, coder, start, end, per_document):
    n_docs, n_codes, n_coders = len(doc_ids), len(codes), len(coders)
    if n_codes == 0:
        overall = _nothing("no codes to compare: the coders used none", n_docs, n_coders)
        return ProjectAgreement(coders, unit, tuple(doc_ids), {}, overall,
                                {d: DocumentAgreement({}, overall) for d in doc_ids}
                                if per_document else {})
    n_pieces = n_docs * n_codes
    piece_len = np.repeat(length, n_codes)
    st = _stats(coder, doc * n_codes + code, start, end, piece_len, n_coders)
    code_of_piece = np.arange(n_pieces) % n_codes
    doc_of_piece = np.arange(n_pieces) // n_codes
    total = int(length.sum())
    labels = [f"code {c!r}" for c in codes]
    per_code, d_o_c, d_e_c, n_units_c = _figures(
        st, code_of_piece, n_codes, np.full(n_codes, total), np.full(n_codes, n_docs), labels,
        np.full(n_codes, total))
    overall, _, _, _ = _figures(st, np.zeros(n_pieces, np.int64), 1, [total * n_codes],
                                [n_docs], ["any code"], [total], with_ualpha=False)
    result_overall = _replace_ualpha(overall[0], d_o_c, d_e_c, total, n_docs,
                                     bool(n_units_c.sum() > 0))
    docs_out: dict[Hashable, DocumentAgreement] = {}
    if per_document:
        per_piece, d_o_p, d_e_p, n_units_p = _figures(st, np.arange(n_pieces), n_pieces, piece_len,
                                           np.ones(n_pieces, np.int64),
                                           [labels[c] for c in code_of_piece], piece_len)
        per_doc, _, _, _ = _figures(st, doc_of_piece, n_docs, length * n_codes,
                                 np.ones(n_docs, np.int64), ["any code"] * n_docs, length,
                                 with_ualpha=False)
        for i, d in enumerate(doc_ids):
            these = slice(i * n_codes, (i + 1) * n_codes)
            docs_out[d] = DocumentAgreement(
                dict(zip(codes, per_piece[these])),
                _replace_ualpha(per_doc[i], d_o_p[these], d_e_p[these], int(length[i]), 1,
                                bool(n_units_p[these].sum() > 0)),
            )
    return ProjectAgreement(coders, unit, tuple(doc_ids), dict(zip(codes, per_code)),
                            result_overall, docs_out)


def _replace_ualpha(base: CodeAgreement, d_o: np.ndarray, d_e: np.ndarray, units: int,
                    documents: int, marked: bool) -> CodeAgreement:
    """``base`` with alpha_U across codes: ``1 - sum_c D_o(c) / sum_c D_e(c)``."""
    so, se = float(np.sum(d_o)), float(np.sum(d_e))
    n_codes = max(1, len(d_o))
    if units == 0:
        ua = Agreement.undefined("no units: nothing left to compare", 0, documents=documents)
    elif not marked:
        ua = Agreement.undefined("no coder marked any code", units, documents=documents)
    elif se <= 0:
        ua = Agreement.undefined("expected disagreement is 0", units, documents=documents)
    else:
        ua = Agreement(1 - so / se, None, units, documents, so / n_codes, se / n_codes)
    return CodeAgreement(base.krippendorff_alpha, base.cohen_kappa, base.fleiss_kappa,
                         base.percent_agreement, ua, base.f1_exact, base.f1_overlap,
                         base.units, base.documents)
