"""Passages shared between two articles, and noise regions: plain data, no SQL.

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


__all__ = ["NoiseRegion", "Passage"]
