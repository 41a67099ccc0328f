"""Span-level precision, recall and F1 between coders, exact and overlap matching.

Coder A's spans are compared with coder B's (B is the reference): precision =
matched / |A|, recall = matched / |B|, F1 = 2 matched / (|A| + |B|), which is
symmetric in A and B. Matching is one-to-one and within one document and code:

* ``exact``: same start and same end;
* ``overlap``: sharing at least one position; pairs are taken greedily, largest
  overlap first (ties: smaller boundary difference, then document order), each
  span matched at most once.

A coder's duplicate spans (same document, code, start and end) count once.
With more than two coders, the counts of every coder pair are pooled:
F1 = 2 sum(matched) / sum(|A| + |B|) over pairs.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ._result import Agreement

Match = Literal["exact", "overlap"]


@dataclass(frozen=True)
class SpanF1:
    """Precision, recall and F1 of one comparison, with the counts behind them."""

    precision: Agreement
    recall: Agreement
    f1: Agreement
    matched: int
    spans_a: int
    spans_b: int


@dataclass(frozen=True)
class SpanAgreement:
    """Per code and micro-averaged (counts pooled over codes)."""

    codes: dict[Hashable, SpanF1]
    overall: SpanF1


def make_f1(matched: int, spans_a: int, spans_b: int, documents: int | None = None) -> SpanF1:
    """SpanF1 from counts; each ratio undefined (with a reason) when its denominator is 0."""
    matched, spans_a, spans_b = int(matched), int(spans_a), int(spans_b)

    def ratio(num: int, den: int, reason: str, units: int) -> Agreement:
        if den == 0:
            return Agreement.undefined(reason, units, documents=documents)
        return Agreement(num / den, None, units, documents)

    return SpanF1(
        ratio(matched, spans_a, "coder A marked no span", spans_a),
        ratio(matched, spans_b, "coder B (the reference) marked no span", spans_b),
        ratio(2 * matched, spans_a + spans_b, "neither coder marked a span", spans_a + spans_b),
        matched,
        spans_a,
        spans_b,
    )


def dedupe(piece: np.ndarray, start: np.ndarray, end: np.ndarray):
    """Unique (piece, start, end), sorted by piece, start, end."""
    if piece.size == 0:
        return piece, start, end
    order = np.lexsort((end, start, piece))
    piece, start, end = piece[order], start[order], end[order]
    new = np.ones(piece.size, dtype=bool)
    new[1:] = (piece[1:] != piece[:-1]) | (start[1:] != start[:-1]) | (end[1:] != end[:-1])
    return piece[new], start[new], end[new]


def exact_matches(a: tuple, b: tuple, n_pieces: int) -> np.ndarray:
    """Per piece, the number of spans of deduplicated ``a`` also in deduplicated ``b``."""
    piece = np.concatenate([a[0], b[0]])
    start = np.concatenate([a[1], b[1]])
    end = np.concatenate([a[2], b[2]])
    if piece.size < 2:
        return np.zeros(n_pieces, dtype=np.int64)
    order = np.lexsort((end, start, piece))
    piece, start, end = piece[order], start[order], end[order]
    same = (piece[1:] == piece[:-1]) & (start[1:] == start[:-1]) & (end[1:] == end[:-1])
    return np.bincount(piece[1:][same], minlength=n_pieces)


def overlap_matches(a: tuple, b: tuple, offset: np.ndarray, n_pieces: int) -> np.ndarray:
    """Per piece, the size of the greedy one-to-one overlap matching of ``a`` and ``b``.

    ``a`` and ``b`` are deduplicated (piece, start, end) with starts local to the piece;
    ``offset[piece]`` places every piece on one line so that pieces never overlap.
    """
    pa, sa, ea = a
    pb, sb, eb = b
    if pa.size == 0 or pb.size == 0:
        return np.zeros(n_pieces, dtype=np.int64)
    ga_s, ga_e = sa + offset[pa], ea + offset[pa]
    order = np.argsort(sb + offset[pb], kind="stable")
    pb, gb_s, gb_e = pb[order], (sb + offset[pb])[order], (eb + offset[pb])[order]
    longest = np.zeros(n_pieces, dtype=np.int64)
    np.maximum.at(longest, pb, gb_e - gb_s)
    lo = np.searchsorted(gb_s, ga_s - longest[pa], side="left")
    hi = np.searchsorted(gb_s, ga_e, side="left")
    counts = np.maximum(hi - lo, 0)
    i = np.repeat(np.arange(pa.size), counts)
    j = lo[i] + (np.arange(int(counts.sum())) - (np.cumsum(counts) - counts)[i])
    keep = gb_e[j] > ga_s[i]
    i, j = i[keep], j[keep]
    if i.size == 0:
        return np.zeros(n_pieces, dtype=np.int64)
    overlap = np.minimum(ga_e[i], gb_e[j]) - np.maximum(ga_s[i], gb_s[j])
    shift = np.abs(ga_s[i] - gb_s[j]) + np.abs(ga_e[i] - gb_e[j])
    ranked = np.lexsort((j, i, shift, -overlap))
    # Spans with a single candidate on both sides match without contest.
    sole = (np.bincount(i, minlength=pa.size)[i] == 1) & (np.bincount(j, minlength=pb.size)[j] == 1)
    matched = np.zeros(pa.size, dtype=bool)
    matched[i[sole]] = True
    used_a, used_b = matched.copy(), np.zeros(pb.size, dtype=bool)
    used_b[j[sole]] = True
    contested = ranked[~sole[ranked]]
    for x, y in zip(i[contested].tolist(), j[contested].tolist()):
        if not used_a[x] and not used_b[y]:
            used_a[x] = used_b[y] = matched[x] = True
    return np.bincount(pa[matched], minlength=n_pieces)


def span_f1(
    a: Iterable[tuple[Hashable, Hashable, int, int]],
    b: Iterable[tuple[Hashable, Hashable, int, int]],
    *,
    match: Match = "overlap",
) -> SpanAgreement:
    """Span precision/recall/F1 of coder ``a`` against coder ``b``, per code and micro.

    ``a``, ``b``: (doc_id, code, start, end). See the module docstring for the rules.
    """
    if match not in ("exact", "overlap"):
        raise ValueError("match must be 'exact' or 'overlap'")
    rows_a, rows_b = list(a), list(b)
    docs: dict[Hashable, int] = {}
    codes: dict[Hashable, int] = {}
    for r in rows_a + rows_b:
        docs.setdefault(r[0], len(docs))
        codes.setdefault(r[1], len(codes))
    n_codes = max(1, len(codes))
    n_pieces = len(docs) * n_codes

    def arrays(rows):
        piece = np.fromiter((docs[r[0]] * n_codes + codes[r[1]] for r in rows), np.int64, len(rows))
        start = np.fromiter((r[2] for r in rows), np.int64, len(rows))
        end = np.fromiter((r[3] for r in rows), np.int64, len(rows))
        return dedupe(piece, start, end)

    da, db = arrays(rows_a), arrays(rows_b)
    if match == "exact":
        tp = exact_matches(da, db, n_pieces)
    else:
        longest = max([int(x[2].max(initial=0)) for x in (da, db)]) + 1
        offset = np.arange(n_pieces, dtype=np.int64) * longest
        tp = overlap_matches(da, db, offset, n_pieces)
    code_of_piece = np.arange(n_pieces) % n_codes
    tp_c = np.bincount(code_of_piece, weights=tp, minlength=n_codes)
    na_c = np.bincount(code_of_piece[da[0]], minlength=n_codes)
    nb_c = np.bincount(code_of_piece[db[0]], minlength=n_codes)
    per_code = {c: make_f1(tp_c[k], na_c[k], nb_c[k]) for c, k in codes.items()}
    return SpanAgreement(per_code, make_f1(tp.sum(), da[0].size, db[0].size))
