"""Reading shared passages from a project (they are written by alignment,
:mod:`annotator.store.alignment`). Offsets are code points, like spans.

Noise regions (``noise`` rows whose origin is ``detected`` or ``manual``) are left
out of every share here: clutter is neither reused nor own text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.core.passages import Passage
from annotator.store.errors import NotFound
from annotator.store.project import Project

_COLUMNS = "id, a_id, a_start, a_end, b_id, b_start, b_end, similarity, blocks"
NOISE_ORIGINS = ("detected", "manual")


def _passage(row: tuple) -> Passage:
    return Passage(*row[:8], tuple(tuple(b) for b in json.loads(row[8])))


def passage(project: Project, passage_id: int) -> Passage:
    row = project.db.execute(f"SELECT {_COLUMNS} FROM passages WHERE id = ?", (passage_id,)).fetchone()
    if row is None:
        raise NotFound(f"no shared passage with id {passage_id}")
    return _passage(row)


def passages_for(project: Project, doc_id: int, others: Iterable[int] | None = None) -> list[Passage]:
    """The passages *doc_id* shares (with *others* only, when given), in the order of
    their start in *doc_id*."""
    rows = project.db.execute(
        f"SELECT {_COLUMNS} FROM passages WHERE a_id = ? UNION ALL SELECT {_COLUMNS} FROM passages WHERE b_id = ?",
        (doc_id, doc_id)).fetchall()
    out = [_passage(r) for r in rows]
    if others is not None:
        wanted = set(others)
        out = [p for p in out if p.other(doc_id)[0] in wanted]
    out.sort(key=lambda p: (p.side(doc_id), p.id))
    return out


def passage_count(project: Project) -> int:
    return project.db.execute("SELECT count(*) FROM passages").fetchone()[0]


def _union_length(ranges: list[tuple[int, int]]) -> int:
    total, reach = 0, -1
    for start, end in sorted(ranges):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def _minus(ranges: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """*ranges* with the parts inside *holes* cut out."""
    out = []
    holes = sorted(holes)
    for start, end in ranges:
        pieces = [(start, end)]
        for h_start, h_end in holes:
            if h_start >= end:
                break
            nxt = []
            for a, b in pieces:
                if h_end <= a or h_start >= b:
                    nxt.append((a, b))
                    continue
                if a < h_start:
                    nxt.append((a, h_start))
                if h_end < b:
                    nxt.append((h_end, b))
            pieces = nxt
        out.extend(pieces)
    return out


def noise_ranges(project: Project, doc_ids: Iterable[int] | None = None) -> dict[int, list[tuple[int, int]]]:
    """Document id -> its noise (start, end) ranges, merged and in order."""
    placeholders = ", ".join("?" for _ in NOISE_ORIGINS)
    sql = f'SELECT document_id, start, "end" FROM noise WHERE origin IN ({placeholders})'
    params: list = list(NOISE_ORIGINS)
    if doc_ids is not None:
        ids = list(doc_ids)
        sql += f" AND document_id IN ({', '.join('?' for _ in ids)})"
        params += ids
    out: dict[int, list[tuple[int, int]]] = {}
    for doc, start, end in project.db.execute(sql + " ORDER BY document_id, start", params):
        ranges = out.setdefault(doc, [])
        if ranges and start <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(end, ranges[-1][1]))
        else:
            ranges.append((start, end))
    return out


@dataclass(frozen=True)
class ReuseShare:
    """How much of one article is found in other articles of the project."""

    document_id: int
    text_chars: int  # characters that are not noise
    reused_chars: int  # of those, inside a passage shared with at least one other article
    partners: int  # articles it shares a passage with

    @property
    def own_chars(self) -> int:
        return self.text_chars - self.reused_chars

    @property
    def reused_share(self) -> float:
        return self.reused_chars / self.text_chars if self.text_chars else 0.0


def reuse_shares(project: Project, doc_ids: Iterable[int] | None = None) -> dict[int, ReuseShare]:
    """Per document: characters reused from (or by) other articles vs its own, noise left out."""
    if doc_ids is None:
        lengths = dict(project.db.execute("SELECT id, char_count FROM documents"))
    else:
        ids = list(doc_ids)
        lengths = dict(project.db.execute(
            f"SELECT id, char_count FROM documents WHERE id IN ({', '.join('?' for _ in ids)})", ids))
    sides: dict[int, list[tuple[int, int]]] = {d: [] for d in lengths}
    partners: dict[int, set[int]] = {d: set() for d in lengths}
    for a, a_start, a_end, b, b_start, b_end in project.db.execute(
            'SELECT a_id, a_start, a_end, b_id, b_start, b_end FROM passages'):
        if a in sides:
            sides[a].append((a_start, a_end))
            partners[a].add(b)
        if b in sides:
            sides[b].append((b_start, b_end))
            partners[b].add(a)
    noise = noise_ranges(project, lengths)
    out = {}
    for doc, length in lengths.items():
        holes = noise.get(doc, [])
        text_chars = length - _union_length(holes)
        reused = _union_length(_minus(sides[doc], holes))
        out[doc] = ReuseShare(doc, text_chars, reused, len(partners[doc]))
    return out


def similarity_matrix(project: Project, doc_ids: list[int]) -> list[list[float]]:
    """Symmetric article x article similarity in [0, 1]: the characters the two share
    (counted on both sides, noise left out) over their two non-noise lengths. 1 on the diagonal."""
    index = {d: i for i, d in enumerate(doc_ids)}
    n = len(doc_ids)
    shares = reuse_shares(project, doc_ids)
    noise = noise_ranges(project, doc_ids)
    pair_sides: dict[tuple[int, int], tuple[list, list]] = {}
    if n:
        marks = ", ".join("?" for _ in doc_ids)
        for a, a_start, a_end, b, b_start, b_end in project.db.execute(
                f"SELECT a_id, a_start, a_end, b_id, b_start, b_end FROM passages"
                f" WHERE a_id IN ({marks}) AND b_id IN ({marks})", doc_ids + doc_ids):
            left, right = pair_sides.setdefault((a, b), ([], []))
            left.append((a_start, a_end))
            right.append((b_start, b_end))
    matrix = [[0.0] * n for _ in range(n)]
    for i in range(n):
        matrix[i][i] = 1.0
    for (a, b), (left, right) in pair_sides.items():
        shared = (_union_length(_minus(left, noise.get(a, []))) + _union_length(_minus(right, noise.get(b, []))))
        total = shares[a].text_chars + shares[b].text_chars
        value = shared / total if total else 0.0
        matrix[index[a]][index[b]] = matrix[index[b]][index[a]] = value
    return matrix


__all__ = ["ReuseShare", "noise_ranges", "passage", "passage_count", "passages_for", "reuse_shares",
           "similarity_matrix"]
