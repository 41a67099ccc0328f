"""Passages shared between two articles, and noise regions: plain data, no SQL.

Alignment stores clusters of one reused text (see :mod:`annotator.core.clusters`):
each copy is a member aligned to the cluster's representative. :func:`compose`
derives the :class:`Passage` two members share from their two alignments, so a
passage between two articles is never stored; its id is :func:`pair_id` of the two
members (negative, apart from the ids of stored passage rows).

A :class:`Passage` pairs a range of article ``a`` with a range of article ``b``
(``a_id < b_id``; offsets are code points, end exclusive, like spans). Its
``blocks`` are the runs of identical characters inside the pair, as
``(a_offset, b_offset, length)`` relative to ``a_start``/``b_start`` and in
increasing order. An offset inside a block maps exactly; an offset in an edited
stretch between two blocks maps proportionally across that stretch.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Passage:
    id: int
    a_id: int
    a_start: int
    a_end: int
    b_id: int
    b_start: int
    b_end: int
    similarity: float
    blocks: tuple[tuple[int, int, int], ...] = ()

    def side(self, doc_id: int) -> tuple[int, int]:
        """The (start, end) of this passage in *doc_id*."""
        if doc_id == self.a_id:
            return self.a_start, self.a_end
        if doc_id == self.b_id:
            return self.b_start, self.b_end
        raise ValueError(f"passage {self.id} is not in document {doc_id}")

    def other(self, doc_id: int) -> tuple[int, int, int]:
        """(document id, start, end) of the counterpart of *doc_id*'s side."""
        if doc_id == self.a_id:
            return self.b_id, self.b_start, self.b_end
        if doc_id == self.b_id:
            return self.a_id, self.a_start, self.a_end
        raise ValueError(f"passage {self.id} is not in document {doc_id}")

    def length(self, doc_id: int) -> int:
        start, end = self.side(doc_id)
        return end - start

    def map_offset(self, doc_id: int, offset: int, *, closing: bool = False) -> int:
        """The offset in the other article that corresponds to *offset* in *doc_id*.
        *offset* is clamped into this passage's side (the end offset is allowed).

        Where the other article has text inserted right at *offset*, an opening offset
        maps after the insertion and a *closing* one (the end of a range) before it, so
        a mapped range never picks up characters the original range did not have."""
        start, end = self.side(doc_id)
        o_start, o_end = self.other(doc_id)[1:]
        offset = min(max(offset, start), end) - start
        from_a = doc_id == self.a_id
        # anchors: (this-side offset, other-side offset) at each block's start and end
        anchors = [(0, 0)]
        for a_off, b_off, n in self.blocks:
            here, there = (a_off, b_off) if from_a else (b_off, a_off)
            anchors.append((here, there))
            anchors.append((here + n, there + n))
        anchors.append((end - start, o_end - o_start))
        keys = [a for a, _ in anchors]
        if closing:
            first = bisect_left(keys, offset)
            if first < len(keys) and keys[first] == offset:
                return o_start + min(max(anchors[first][1], 0), o_end - o_start)
        i = bisect_right(keys, offset) - 1
        i = min(max(i, 0), len(anchors) - 2)
        (x0, y0), (x1, y1) = anchors[i], anchors[i + 1]
        if x1 <= x0:
            mapped = y0 + (offset - x0)
        else:
            mapped = y0 + round((offset - x0) * (y1 - y0) / (x1 - x0))
        return o_start + min(max(mapped, 0), o_end - o_start)

    def map_range(self, doc_id: int, start: int, end: int) -> tuple[int, int] | None:
        """The range in the other article matching [start, end) of *doc_id*, clipped
        to the passage; None when the range misses the passage or maps to nothing."""
        p_start, p_end = self.side(doc_id)
        start, end = max(start, p_start), min(end, p_end)
        if start >= end:
            return None
        m_start, m_end = self.map_offset(doc_id, start), self.map_offset(doc_id, end, closing=True)
        return (m_start, m_end) if m_start < m_end else None

    def identical_chars(self) -> int:
        return sum(n for _, _, n in self.blocks)


Blocks = tuple[tuple[int, int, int], ...]


@dataclass(frozen=True)
class Member:
    """An article's copy of a cluster's text: ``[start, end)`` of the article covers
    ``[rep_start, rep_end)`` of the representative; ``blocks`` ``(offset, rep_offset,
    length)`` relative to ``start`` and ``rep_start``."""

    id: int
    cluster_id: int
    document_id: int
    start: int
    end: int
    rep_start: int
    rep_end: int
    similarity: float
    blocks: Blocks


_PAIR = 1 << 32


def pair_id(member_a: int, member_b: int) -> int:
    """The id of the passage derived from two cluster members (negative)."""
    lo, hi = sorted((member_a, member_b))
    return -(lo * _PAIR + hi)


def members_of(passage_id: int) -> tuple[int, int] | None:
    """The two member ids behind a derived passage id; None for a stored passage's id."""
    if passage_id >= 0:
        return None
    lo, hi = divmod(-passage_id, _PAIR)
    return lo, hi


def _to_rep(member: Member) -> Passage:
    """A member's alignment as a passage from its article (id 1) to the representative (id 2)."""
    return Passage(0, 1, member.start, member.end, 2, member.rep_start, member.rep_end, member.similarity,
                   member.blocks)


def compose(a: Member, b: Member, min_chars: int = 1) -> Passage | None:
    """The passage two members of one cluster share (``annotator.core.clusters.Member``):
    the overlap of their representative ranges mapped into each article, with the
    characters identical to the same representative characters on both sides as blocks.
    None when they cover different parts of the representative, or when a side would
    be shorter than *min_chars*."""
    if a.document_id == b.document_id:
        return None  # two copies in one article: both are reused text, but not a passage between articles
    if a.document_id > b.document_id:
        a, b = b, a
    r0, r1 = max(a.rep_start, b.rep_start), min(a.rep_end, b.rep_end)
    if r1 <= r0:
        return None
    ra, rb = _to_rep(a).map_range(2, r0, r1), _to_rep(b).map_range(2, r0, r1)
    if ra is None or rb is None or min(ra[1] - ra[0], rb[1] - rb[0]) < min_chars:
        return None
    blocks: list[tuple[int, int, int]] = []
    runs_b = [(b.start + x, b.rep_start + r, n) for x, r, n in b.blocks]
    k = 0
    for x, r, n in a.blocks:
        xa, ra0, ra1 = a.start + x, a.rep_start + r, a.rep_start + r + n
        while k < len(runs_b) and runs_b[k][1] + runs_b[k][2] <= ra0:
            k += 1
        j = k
        while j < len(runs_b) and runs_b[j][1] < ra1:
            xb, rb0, nb = runs_b[j]
            lo, hi = max(ra0, rb0, r0), min(ra1, rb0 + nb, r1)
            if hi > lo:
                pa, pb = xa + lo - ra0 - ra[0], xb + lo - rb0 - rb[0]
                if pa >= 0 and pb >= 0 and pa + hi - lo <= ra[1] - ra[0] and pb + hi - lo <= rb[1] - rb[0]:
                    if blocks and blocks[-1][0] + blocks[-1][2] == pa and blocks[-1][1] + blocks[-1][2] == pb:
                        blocks[-1] = (blocks[-1][0], blocks[-1][1], blocks[-1][2] + hi - lo)
                    else:
                        blocks.append((pa, pb, hi - lo))
            j += 1
    same = sum(n for _, _, n in blocks)
    similarity = min(1.0, 2 * same / ((ra[1] - ra[0]) + (rb[1] - rb[0])))
    return Passage(pair_id(a.id, b.id), a.document_id, ra[0], ra[1], b.document_id, rb[0], rb[1],
                   round(similarity, 4), tuple(blocks))


@dataclass(frozen=True)
class NoiseRegion:
    """Page clutter in a document: kept in the text, left out of counts by default.
    ``origin``: ``detected``, ``manual`` or ``cleared`` (a coder's "not noise")."""

    id: int
    document_id: int
    start: int
    end: int
    kind: str
    origin: str


__all__ = ["Member", "NoiseRegion", "Passage", "compose", "members_of", "pair_id"]
