"""Where coders disagree: the ranges one coder put a code on and another did not.

For the comparison view and adjudication: every maximal range of a document in which
the set of coders who marked a code is the same, and is neither nobody nor everybody.
Computed from span boundaries with one sort (each coder is one bit of a mask), not
position by position.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ._intervals import merge


@dataclass(frozen=True)
class Disagreement:
    """Characters ``[start, end)`` of ``document`` that ``marked_by`` coded ``code`` and
    ``not_marked_by`` did not."""

    document: Hashable
    code: Hashable
    start: int
    end: int
    marked_by: tuple[Hashable, ...]
    not_marked_by: tuple[Hashable, ...]

    @property
    def length(self) -> int:
        return self.end - self.start


def disagreements(
    documents: Mapping[Hashable, int],
    spans: Iterable[tuple[Hashable, Hashable, Hashable, int, int]],
    coders: Sequence[Hashable],
    *,
    codes: Sequence[Hashable] | None = None,
    excluded: Mapping[Hashable, Iterable[tuple[int, int]]] | None = None,
) -> list[Disagreement]:
    """Disagreements, largest first (then by document order and position).

    Same inputs as :func:`project_agreement`: ``documents`` {doc_id: length},
    ``spans`` (doc_id, code, coder, start, end), the ``coders`` compared (2 to 62),
    optional ``codes`` and ``excluded`` {doc_id: [(start, end)]} (noise: never
    reported). Offsets are the documents' own character offsets.
    """
    coders = tuple(coders)
    if not 2 <= len(coders) <= 62:
        raise ValueError("compare between 2 and 62 coders")
    coder_index = {c: i for i, c in enumerate(coders)}
    doc_ids = list(documents)
    doc_index = {d: i for i, d in enumerate(doc_ids)}
    rows = [r for r in spans if r[2] in coder_index and r[0] in doc_index]
    if codes is None:
        codes = list(dict.fromkeys(r[1] for r in rows))
    code_index = {c: i for i, c in enumerate(codes)}
    rows = [r for r in rows if r[1] in code_index]
    n_codes, noise_bit = max(1, len(codes)), len(coders)
    lengths = np.fromiter((documents[d] for d in doc_ids), np.int64, len(doc_ids))
    piece_len = np.repeat(lengths, n_codes)
    offset = np.cumsum(piece_len) - piece_len
    n_pieces = piece_len.size
    who = [coder_index[r[2]] for r in rows]
    piece = [doc_index[r[0]] * n_codes + code_index[r[1]] for r in rows]
    starts = [r[3] for r in rows]
    ends = [r[4] for r in rows]
    for d, regions in (excluded or {}).items():
        if d in doc_index:
            for s, e in regions:
                for k in range(n_codes):
                    who.append(noise_bit)
                    piece.append(doc_index[d] * n_codes + k)
                    starts.append(max(0, s))
                    ends.append(min(int(documents[d]), e))
    key, s, e = merge(np.array(who, np.int64) * n_pieces + np.array(piece, np.int64),
                      np.array(starts, np.int64), np.array(ends, np.int64), touching=True)
    if key.size == 0:
        return []
    bit, p = key // n_pieces, key % n_pieces
    weight = np.left_shift(np.int64(1), bit)
    pos = np.concatenate([s + offset[p], e + offset[p]])
    delta = np.concatenate([weight, -weight])
    order = np.argsort(pos, kind="stable")
    pos, mask = pos[order], np.cumsum(delta[order])
    seg_s, seg_e, seg_m = pos[:-1], pos[1:], mask[:-1]
    everyone = (1 << len(coders)) - 1
    coded = seg_m & everyone
    keep = (seg_e > seg_s) & (coded != 0) & (coded != everyone) & ((seg_m >> noise_bit) & 1 == 0)
    seg_s, seg_e, coded = seg_s[keep], seg_e[keep], coded[keep]
    if seg_s.size == 0:
        return []
    seg_p = np.searchsorted(offset, seg_s, side="right") - 1
    new = np.ones(seg_s.size, dtype=bool)
    new[1:] = (seg_s[1:] != seg_e[:-1]) | (coded[1:] != coded[:-1]) | (seg_p[1:] != seg_p[:-1])
    first = np.flatnonzero(new)
    last = np.append(first[1:], seg_s.size) - 1
    r_s, r_e, r_m, r_p = seg_s[first], seg_e[last], coded[first], seg_p[first]
    order = np.lexsort((r_s, -(r_e - r_s)))
    out = []
    for i in order.tolist():
        m, pc = int(r_m[i]), int(r_p[i])
        base = int(offset[pc])
        out.append(Disagreement(
            doc_ids[pc // n_codes], codes[pc % n_codes], int(r_s[i]) - base, int(r_e[i]) - base,
            tuple(c for j, c in enumerate(coders) if m >> j & 1),
            tuple(c for j, c in enumerate(coders) if not m >> j & 1),
        ))
    return out


def agreed_spans(
    spans: Iterable[tuple[Hashable, Hashable, Hashable, int, int]],
    coders: Sequence[Hashable],
) -> list[tuple[Hashable, Hashable, int, int]]:
    """Spans every compared coder made identically: (doc_id, code, start, end), sorted.

    What adjudication can propose to the consensus coder without asking; every other
    span is a decision (see :func:`disagreements`). A coder's duplicates count once.
    """
    wanted = set(coders)
    if len(wanted) < 2:
        raise ValueError("compare two or more coders")
    by_key: dict[tuple[Hashable, Hashable, int, int], set[Hashable]] = {}
    for doc, code, coder, start, end in spans:
        if coder in wanted and end > start:
            by_key.setdefault((doc, code, start, end), set()).add(coder)
    agreed = [key for key, who in by_key.items() if len(who) == len(wanted)]
    try:
        return sorted(agreed)  # type: ignore[type-var]
    except TypeError:
        return agreed
