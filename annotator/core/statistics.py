"""Coding statistics over plain data: frequencies, coders compared, positions, co-occurrence.

Pure Python and numpy; no Qt, no SQL. Spans come in as ``(document, code, coder,
start, end)`` tuples (or columns) of ids and code-point offsets, end exclusive;
documents as ``{document id: length in characters}``. Rows and columns of every
table follow the order of the ids the caller passes, so a view can map them to
titles, code names and colours without searching.

Counting rules, stated once:

- *count*: number of spans; nested and overlapping spans each count.
- *coverage*: characters under the code as a percentage of the article's length,
  the spans' union (a character under two spans of the code counts once), taken
  per coder; "pooled" coverage is the union over all the coders in the table.
  With *excluded* regions (noise), their characters leave both the article's
  length and the characters under the code; counts do not change.
- *co-occurrence*: pairs of distinct spans by the same coder in the same article
  whose codes are ``a`` and ``b``; ``overlap``: the spans share a character;
  ``paragraph``: they touch a common paragraph; ``article``: any two spans. The
  matrix is symmetric; the diagonal counts pairs of spans of the same code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Literal

import numpy as np

CooccurrenceMode = Literal["overlap", "paragraph", "article"]
COOCCURRENCE_MODES: tuple[str, ...] = ("overlap", "paragraph", "article")

_I = np.int64


def _ints(values: Iterable[int] | np.ndarray) -> np.ndarray:
    return np.asarray(values if isinstance(values, np.ndarray) else list(values), dtype=_I).reshape(-1)


@dataclass(frozen=True)
class SpanTable:
    """Spans as parallel integer columns (``id`` is -1 when the caller has none)."""

    doc: np.ndarray
    code: np.ndarray
    coder: np.ndarray
    start: np.ndarray
    end: np.ndarray
    id: np.ndarray

    @classmethod
    def from_tuples(cls, spans: Iterable[Sequence[int]], ids: Iterable[int] | None = None) -> "SpanTable":
        """From ``(doc, code, coder, start, end)`` tuples."""
        rows = np.asarray(list(spans), dtype=_I).reshape(-1, 5)
        span_ids = np.full(len(rows), -1, dtype=_I) if ids is None else _ints(ids)
        return cls(*(rows[:, k].copy() for k in range(5)), span_ids)

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[int]]) -> "SpanTable":
        """From ``(id, doc, code, coder, start, end)`` rows, as a store query returns them
        (a cursor is read straight into one array, without a list of tuples)."""
        a = np.fromiter(chain.from_iterable(rows), dtype=_I).reshape(-1, 6)
        return cls(a[:, 1].copy(), a[:, 2].copy(), a[:, 3].copy(), a[:, 4].copy(), a[:, 5].copy(), a[:, 0].copy())

    @classmethod
    def empty(cls) -> "SpanTable":
        return cls(*(np.zeros(0, dtype=_I) for _ in range(6)))

    def __len__(self) -> int:
        return int(self.doc.size)

    def take(self, which: np.ndarray) -> "SpanTable":
        """The rows selected by a boolean mask or an index array."""
        return SpanTable(self.doc[which], self.code[which], self.coder[which], self.start[which],
                         self.end[which], self.id[which])

    def concat(self, other: "SpanTable") -> "SpanTable":
        return SpanTable(*(np.concatenate([getattr(self, f), getattr(other, f)])
                           for f in ("doc", "code", "coder", "start", "end", "id")))

    def where(
        self,
        *,
        documents: Iterable[int] | None = None,
        codes: Iterable[int] | None = None,
        coders: Iterable[int] | None = None,
        done: Iterable[tuple[int, int]] | None = None,
    ) -> "SpanTable":
        """The spans in *documents*, of *codes*, by *coders* (None: no restriction);
        with *done*, only spans whose (document, coder) pair is in it."""
        keep = np.ones(len(self), dtype=bool)
        for column, allowed in ((self.doc, documents), (self.code, codes), (self.coder, coders)):
            if allowed is not None:
                keep &= np.isin(column, _ints(allowed))
        if done is not None:
            pairs = np.asarray(list(done), dtype=_I).reshape(-1, 2)
            keep &= np.isin(_pair_key(self.doc, self.coder), _pair_key(pairs[:, 0], pairs[:, 1]))
        return self if keep.all() else self.take(keep)


def _pair_key(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a.astype(_I) * (1 << 31) + b.astype(_I)


def _positions(ids: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each of *ids* in *order* (-1 where absent), and whether it was found."""
    if order.size == 0 or ids.size == 0:
        return np.full(ids.size, -1, dtype=_I), np.zeros(ids.size, dtype=bool)
    top = int(order.max())
    if int(order.min()) >= 0 and top < 4 * (ids.size + order.size) + 1_000_000:  # ids are small: a lookup table
        lut = np.full(top + 2, -1, dtype=_I)
        lut[order] = np.arange(order.size, dtype=_I)
        idx = lut[np.clip(ids, -1, top + 1)]
        return idx, idx >= 0
    sorter = np.argsort(order, kind="stable")
    at = np.minimum(np.searchsorted(order, ids, sorter=sorter), order.size - 1)
    idx = sorter[at]
    found = order[idx] == ids
    return np.where(found, idx, -1), found


def _order(*keys: np.ndarray) -> np.ndarray:
    """Indices that sort by the first key, then the next... When the keys and the row
    index pack into one int64, a plain ``np.sort`` of the packed values (SIMD, several
    times faster than ``argsort``, let alone ``lexsort``); else ``lexsort``."""
    size = keys[0].size
    if size == 0:
        return np.zeros(0, dtype=_I)
    widths = [int(k.max()) - int(k.min()) + 1 for k in keys]
    bits = max(int(size - 1).bit_length(), 1)
    if float(np.prod([float(w) for w in widths])) * 2.0 ** bits < 2.0 ** 62:
        packed = np.zeros(size, dtype=_I)
        for k, width in zip(keys, widths):
            packed *= width
            packed += k - k.min()
        packed <<= bits
        packed |= np.arange(size, dtype=_I)
        packed.sort()
        return packed & ((1 << bits) - 1)
    return np.lexsort(keys[::-1])


def union_length(key: np.ndarray, start: np.ndarray, end: np.ndarray, size: int) -> np.ndarray:
    """Characters covered by the union of ``[start, end)`` per *key* (``0 <= key < size``;
    offsets are non-negative)."""
    if key.size == 0:
        return np.zeros(size, dtype=_I)
    n = key.size
    bits = max(int(n - 1).bit_length(), 1)
    width = int(start.max()) + 1
    if float(size) * width * 2.0 ** bits < 2.0 ** 62:  # sort (key, start, row) packed in one int64
        packed = key * width + start
        packed <<= bits
        packed |= np.arange(n, dtype=_I)
        packed.sort()
        row = packed & ((1 << bits) - 1)
        packed >>= bits
        k = packed // width
        s = packed - k * width
    else:
        row = np.lexsort((start, key))
        k, s = key[row], start[row]
    e = end[row]
    stride = int(e.max()) + 1
    shift = k * stride
    # furthest end so far within the key; a new key starts below its own range, so max() ignores it
    reach = np.maximum.accumulate(shift + e)
    gained = e.copy()
    gained[1:] -= np.maximum(s[1:], reach[:-1] - shift[1:])
    gained[0] -= s[0]
    np.maximum(gained, 0, out=gained)
    return np.bincount(k, weights=gained, minlength=size).astype(_I)


@dataclass
class Frequencies:
    """Counts and covered characters per coder, article and code.

    ``counts[i, j, k]``: spans by coder ``coders[i]`` in document ``documents[j]``
    of code ``codes[k]``; ``covered``: characters under them (their union).
    ``pooled_*``: the same over all coders, ``[j, k]`` (pooled covered = union
    over coders)."""

    documents: np.ndarray
    codes: np.ndarray
    coders: np.ndarray
    lengths: np.ndarray
    counts: np.ndarray
    covered: np.ndarray
    pooled_counts: np.ndarray
    pooled_covered: np.ndarray

    def coverage(self) -> np.ndarray:
        """Percent of each article's characters under each code, per coder ``[coder, doc, code]``."""
        return 100.0 * self.covered / np.maximum(self.lengths, 1)[None, :, None]

    def pooled_coverage(self) -> np.ndarray:
        return 100.0 * self.pooled_covered / np.maximum(self.lengths, 1)[:, None]

    def replace_documents(self, part: "Frequencies") -> None:
        """Overwrite the rows of the documents *part* was computed for (same codes and coders)."""
        rows, found = _positions(part.documents, self.documents)
        rows, src = rows[found], np.flatnonzero(found)
        self.lengths[rows] = part.lengths[src]
        self.counts[:, rows] = part.counts[:, src]
        self.covered[:, rows] = part.covered[:, src]
        self.pooled_counts[rows] = part.pooled_counts[src]
        self.pooled_covered[rows] = part.pooled_covered[src]


def _excluded_pieces(d: np.ndarray, s: np.ndarray, e: np.ndarray, doc_len: np.ndarray,
                     documents: np.ndarray, excluded: Mapping[int, Iterable[tuple[int, int]]]):
    """The parts of spans ``(d, s, e)`` (``d``: row in *documents*) inside the excluded
    regions, as (span row, start, end) on one line where document ``j`` starts at
    ``base[j]``; and the excluded characters per document. Regions must not overlap."""
    base = np.zeros(documents.size + 1, dtype=_I)
    np.cumsum(doc_len, out=base[1:])
    xs_list, xe_list = [], []
    removed = np.zeros(documents.size, dtype=_I)
    for j, doc in enumerate(documents.tolist()):
        for a, b in excluded.get(doc, ()):
            a, b = max(int(a), 0), min(int(b), int(doc_len[j]))
            if a < b:
                xs_list.append(base[j] + a)
                xe_list.append(base[j] + b)
                removed[j] += b - a
    if not xs_list or d.size == 0:
        empty = np.zeros(0, dtype=_I)
        return empty, empty, empty, removed
    order = np.argsort(xs_list, kind="stable")
    xs, xe = np.asarray(xs_list, dtype=_I)[order], np.asarray(xe_list, dtype=_I)[order]
    gs, ge = base[d] + s, base[d] + e
    first = np.searchsorted(xe, gs, side="right")  # first region ending after the span starts
    last = np.searchsorted(xs, ge, side="left")  # regions starting before the span ends
    n = np.maximum(last - first, 0)
    row = np.repeat(np.arange(d.size, dtype=_I), n)
    if row.size == 0:
        empty = np.zeros(0, dtype=_I)
        return empty, empty, empty, removed
    step = np.arange(row.size, dtype=_I) - np.repeat(np.cumsum(n) - n, n)
    region = first[row] + step
    ps, pe = np.maximum(gs[row], xs[region]), np.minimum(ge[row], xe[region])
    keep = ps < pe
    return row[keep], ps[keep], pe[keep], removed


def frequencies(
    spans: SpanTable, lengths: Mapping[int, int], codes: Sequence[int], coders: Sequence[int],
    excluded: Mapping[int, Iterable[tuple[int, int]]] | None = None,
) -> Frequencies:
    """Frequency tables for the documents of *lengths* (in its order); spans of
    other documents, codes or coders are left out. *excluded*: {document: [(start, end)]}
    non-overlapping regions (noise) left out of lengths and covered characters."""
    documents = _ints(lengths.keys())
    doc_len = _ints(lengths.values())
    code_ids, coder_ids = _ints(codes), _ints(coders)
    nd, nk, nc = documents.size, code_ids.size, coder_ids.size
    d, fd = _positions(spans.doc, documents)
    k, fk = _positions(spans.code, code_ids)
    c, fc = _positions(spans.coder, coder_ids)
    keep = fd & fk & fc
    if keep.all():
        s, e = spans.start, spans.end
    else:
        d, k, c, s, e = d[keep], k[keep], c[keep], spans.start[keep], spans.end[keep]
    if nd:
        s, e = np.maximum(s, 0), np.minimum(e, doc_len[d])
    cell = (c * nd + d) * nk + k
    size = nc * nd * nk
    counts = np.bincount(cell, minlength=size).astype(_I).reshape(nc, nd, nk)
    covered = union_length(cell, s, e, size).reshape(nc, nd, nk)
    pooled = d * nk + k
    pooled_covered = union_length(pooled, s, e, nd * nk).reshape(nd, nk)
    if excluded:
        # union(spans) minus union(spans inside the regions) is the union of what lies outside
        row, ps, pe, removed = _excluded_pieces(d, s, e, doc_len, documents, excluded)
        doc_len = doc_len - removed
        if row.size:
            covered = covered - union_length(cell[row], ps, pe, size).reshape(nc, nd, nk)
            pooled_covered = pooled_covered - union_length(pooled[row], ps, pe, nd * nk).reshape(nd, nk)
    return Frequencies(
        documents, code_ids, coder_ids, doc_len, counts, covered,
        counts.sum(axis=0), pooled_covered,
    )


def coder_counts(spans: SpanTable, codes: Sequence[int], coders: Sequence[int]) -> np.ndarray:
    """Spans per code and coder: ``[code, coder]``."""
    code_ids, coder_ids = _ints(codes), _ints(coders)
    k, fk = _positions(spans.code, code_ids)
    c, fc = _positions(spans.coder, coder_ids)
    keep = fk & fc
    cell = k[keep] * coder_ids.size + c[keep]
    return np.bincount(cell, minlength=code_ids.size * coder_ids.size).astype(_I).reshape(
        code_ids.size, coder_ids.size)


@dataclass(frozen=True)
class Positions:
    """Each span's place in its article, as fractions of the article's length,
    ordered by document (in the caller's order) then start."""

    row: np.ndarray  # index into the documents passed in
    span: SpanTable
    rel_start: np.ndarray
    rel_end: np.ndarray


def positions(spans: SpanTable, lengths: Mapping[int, int],
              excluded: Mapping[int, Iterable[tuple[int, int]]] | None = None) -> Positions:
    """Relative start and end of every span of the documents in *lengths*. With *excluded*
    regions (noise; merged, in order, per document) the article is measured without them:
    a span's place counts only the characters that are not excluded, and a span lying
    wholly inside them is left out."""
    documents = _ints(lengths.keys())
    doc_len = np.maximum(_ints(lengths.values()), 1).astype(float)
    row, found = _positions(spans.doc, documents)
    sub = spans if found.all() else spans.take(found)
    row = row if found.all() else row[found]
    order = _order(row, sub.start, sub.end)
    sub, row = sub.take(order), row[order]
    start, end = sub.start.astype(float), sub.end.astype(float)
    if excluded:
        doc_len = doc_len.copy()
        for i, doc in enumerate(documents.tolist()):
            regions = np.asarray(list(excluded.get(doc, ())), dtype=np.int64).reshape(-1, 2)
            if not regions.size:
                continue
            doc_len[i] = max(doc_len[i] - float((regions[:, 1] - regions[:, 0]).sum()), 1.0)
            m = row == i
            if m.any():
                start[m] = sub.start[m] - _excluded_before(sub.start[m], regions)
                end[m] = sub.end[m] - _excluded_before(sub.end[m], regions)
        keep = (end > start) | (sub.end == sub.start)  # an empty span stays; one inside the noise does not
        if not keep.all():
            sub, row, start, end = sub.take(keep), row[keep], start[keep], end[keep]
    n = doc_len[row] if row.size else np.zeros(0)
    return Positions(row, sub, np.clip(start / n, 0, 1), np.clip(end / n, 0, 1))


def _excluded_before(offsets: np.ndarray, regions: np.ndarray) -> np.ndarray:
    """Excluded characters before each offset; *regions*: (start, end) rows, sorted, not overlapping."""
    lengths = regions[:, 1] - regions[:, 0]
    before = np.concatenate(([0], np.cumsum(lengths)))
    k = np.searchsorted(regions[:, 1], offsets, side="right")  # regions ending at or before the offset
    partial = np.zeros(offsets.size, dtype=np.int64)
    inside = k < len(regions)
    at = k[inside]
    partial[inside] = np.clip(offsets[inside] - regions[at, 0], 0, None)
    return before[k] + partial


def paragraph_starts(text: str) -> np.ndarray:
    """Start offsets of a text's paragraphs: blocks separated by blank lines, or by
    single line breaks when the text has no blank line (one paragraph per line)."""
    sep = "\n\n" if "\n\n" in text else "\n"
    starts = [0]
    at = text.find(sep)
    while at >= 0:
        nxt = at + len(sep)
        while nxt < len(text) and text[nxt] == "\n":
            nxt += 1
        if nxt < len(text):
            starts.append(nxt)
        at = text.find(sep, nxt)
    return np.asarray(starts, dtype=_I)


def _groups(doc: np.ndarray, coder: np.ndarray) -> np.ndarray:
    """Dense ids of the (document, coder) pairs."""
    if doc.size == 0:
        return np.zeros(0, dtype=_I)
    width = int(coder.max()) - int(coder.min()) + 1
    key = (doc - doc.min()) * width + (coder - coder.min())
    if int(key.max()) < 4 * doc.size + 1_000_000:  # small enough to count directly
        present = np.zeros(int(key.max()) + 1, dtype=_I)
        present[key] = 1
        return (np.cumsum(present) - 1)[key]
    return np.unique(key, return_inverse=True)[1].reshape(-1).astype(_I)


def _overlap_pairs(group: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All pairs (i, j), i != j counted once, of intervals in the same group that share a point."""
    if group.size < 2:
        return np.zeros(0, dtype=_I), np.zeros(0, dtype=_I)
    order = _order(group, start)
    g, s, e = group[order], start[order], end[order]
    stride = int(max(e.max(), s.max())) + 1
    key = g * stride + s
    hi = np.searchsorted(key, g * stride + e, side="left")  # later spans starting before this one ends
    lo = np.arange(g.size) + 1
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    i = np.repeat(np.arange(g.size), counts)
    j = lo[i] + (np.arange(total) - (np.cumsum(counts) - counts)[i])
    return order[i], order[j]


def cooccurrence(
    spans: SpanTable,
    codes: Sequence[int],
    mode: CooccurrenceMode = "overlap",
    paragraphs: Mapping[int, np.ndarray] | None = None,
) -> np.ndarray:
    """Code x code matrix of co-occurring span pairs (see the module docstring).
    ``paragraph`` mode needs *paragraphs*: document id -> :func:`paragraph_starts`."""
    if mode not in COOCCURRENCE_MODES:
        raise ValueError(f"unknown co-occurrence mode {mode!r} (one of {', '.join(COOCCURRENCE_MODES)})")
    code_ids = _ints(codes)
    nk = code_ids.size
    k, found = _positions(spans.code, code_ids)
    sub = spans if found.all() else spans.take(found)
    k = k if found.all() else k[found]
    group = _groups(sub.doc, sub.coder)
    out = np.zeros((nk, nk), dtype=_I)
    if len(sub) < 2 or nk == 0:
        return out
    if mode == "article":
        ng = int(group.max()) + 1
        per = np.bincount(group * nk + k, minlength=ng * nk).reshape(ng, nk).astype(_I)
        out = per.T @ per
        np.fill_diagonal(out, (np.diag(out) - per.sum(axis=0)) // 2)
        return out
    start, end = sub.start, sub.end
    if mode == "paragraph":
        if paragraphs is None:
            raise ValueError("paragraph co-occurrence needs the documents' paragraph starts")
        # spans in text order, so the look-ups below walk the line of paragraphs forwards
        order = _order(sub.doc, sub.start)
        sub, k, group = sub.take(order), k[order], group[order]
        # paragraph starts of all the documents on one line: document * stride + offset
        docs = np.unique(sub.doc)
        none = np.zeros(1, dtype=_I)
        firsts = [paragraphs.get(d, none) for d in docs.tolist()]
        offsets = np.concatenate(firsts).astype(_I)
        owner = np.repeat(docs, [len(f) for f in firsts])
        stride = max(int(sub.end.max()), int(offsets.max())) + 1
        line = owner * stride + offsets
        line.sort()
        base = sub.doc * stride
        start = np.searchsorted(line, base + sub.start, side="right") - 1
        end = np.searchsorted(line, base + sub.end - 1, side="right")  # one past the last paragraph touched
    i, j = _overlap_pairs(group, start, end)
    a, b = k[i], k[j]
    pair = np.bincount(a * nk + b, minlength=nk * nk).reshape(nk, nk).astype(_I)
    out = pair + pair.T
    np.fill_diagonal(out, np.diag(pair))
    return out


__all__ = [
    "COOCCURRENCE_MODES", "Frequencies", "Positions", "SpanTable", "coder_counts", "cooccurrence",
    "frequencies", "paragraph_starts", "positions", "union_length",
]
