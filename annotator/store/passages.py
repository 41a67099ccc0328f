"""Reading shared passages from a project (they are written by alignment,
:mod:`annotator.store.alignment`). Offsets are code points, like spans.

Alignment stores clusters: every copy of one reused text is a member aligned to the
cluster's representative. The passage two articles share is derived here from their
members (:func:`annotator.core.passages.compose`); when the articles are read side by
side (:func:`passages_for` with *others*), each derived passage's character blocks are
computed again on the two texts directly (per-pair detail on demand). Rows of the
``passages`` table (pairs stored one by one) are read alongside. Clusters flagged as
boilerplate (stock sentences, an outlet's furniture) are left out.

Noise regions (``noise`` rows whose origin is ``detected`` or ``manual``) are left
out of every share here: clutter is neither reused nor own text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.core.passages import Member, Passage, compose, members_of
from annotator.store.errors import NotFound
from annotator.store.project import Project

_COLUMNS = "id, a_id, a_start, a_end, b_id, b_start, b_end, similarity, blocks"
NOISE_ORIGINS = ("detected", "manual")


def _passage(row: tuple) -> Passage:
    return Passage(*row[:8], tuple(tuple(b) for b in json.loads(row[8])))


_MEMBER = ('SELECT m.id, m.cluster_id, m.document_id, m.start, m."end", m.rep_start, m.rep_end, m.similarity, m.blocks'
           " FROM passage_members m JOIN passage_clusters c ON c.id = m.cluster_id WHERE c.boilerplate = 0")
MIN_CHARS = 40  # a derived passage shorter than this on a side is a sliver where two copies barely overlap
DETAIL_PARTNERS = 8  # passages_for() with at most this many others realigns their characters directly


def _member(row: tuple) -> Member:
    return Member(*row[:8], tuple(tuple(b) for b in json.loads(row[8])))


def cluster_members(project: Project, *, documents: Iterable[int] | None = None,
                    clusters: Iterable[int] | None = None) -> list[Member]:
    """Members of the clusters that are not boilerplate (of *documents* or *clusters*, when given)."""
    sql, params = _MEMBER, []
    for column, ids in (("m.document_id", documents), ("m.cluster_id", clusters)):
        if ids is not None:
            ids = sorted(set(ids))
            out = []
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                out += project.db.execute(f"{sql} AND {column} IN ({', '.join('?' for _ in chunk)})",
                                          chunk).fetchall()
            return [_member(r) for r in out]
    return [_member(r) for r in project.db.execute(sql, params)]


def passage(project: Project, passage_id: int) -> Passage:
    pair = members_of(passage_id)
    if pair is not None:
        members = {m.id: m for m in _members_by_id(project, pair)}
        derived = compose(members[pair[0]], members[pair[1]]) if len(members) == 2 else None
        if derived is None:
            raise NotFound(f"no shared passage with id {passage_id}")
        return derived
    row = project.db.execute(f"SELECT {_COLUMNS} FROM passages WHERE id = ?", (passage_id,)).fetchone()
    if row is None:
        raise NotFound(f"no shared passage with id {passage_id}")
    return _passage(row)


def _members_by_id(project: Project, ids: Iterable[int]) -> list[Member]:
    ids = list(ids)
    return [_member(r) for r in project.db.execute(f"{_MEMBER} AND m.id IN ({', '.join('?' for _ in ids)})", ids)]


def derived_passages(project: Project, doc_id: int, others: Iterable[int] | None = None) -> list[Passage]:
    """The passages *doc_id* shares through clusters (with *others* only, when given)."""
    mine = cluster_members(project, documents=[doc_id])
    if not mine:
        return []
    wanted = None if others is None else set(others)
    partners = [m for m in cluster_members(project, clusters={m.cluster_id for m in mine})
                if m.document_id != doc_id and (wanted is None or m.document_id in wanted)]
    by_cluster: dict[int, list[Member]] = {}
    for m in partners:
        by_cluster.setdefault(m.cluster_id, []).append(m)
    out = []
    for m in mine:
        for other in by_cluster.get(m.cluster_id, ()):
            p = compose(m, other, MIN_CHARS)
            if p is not None:
                out.append(p)
    return out


def _detailed(project: Project, passages: list[Passage]) -> list[Passage]:
    """*passages* with their blocks computed on the two texts (not through the representative)."""
    from annotator.core.alignment import character_blocks  # rapidfuzz: only when two articles are shown

    texts: dict[int, str] = {}

    def text(doc: int) -> str:
        if doc not in texts:
            texts[doc] = project.db.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()[0]
        return texts[doc]

    out = []
    for p in passages:
        blocks = character_blocks(text(p.a_id)[p.a_start:p.a_end], text(p.b_id)[p.b_start:p.b_end])
        same = sum(n for _, _, n in blocks)
        sim = round(min(1.0, 2 * same / ((p.a_end - p.a_start) + (p.b_end - p.b_start))), 4)
        out.append(Passage(p.id, p.a_id, p.a_start, p.a_end, p.b_id, p.b_start, p.b_end, sim, blocks))
    return out


def passages_for(project: Project, doc_id: int, others: Iterable[int] | None = None) -> list[Passage]:
    """The passages *doc_id* shares (with *others* only, when given), in the order of
    their start in *doc_id*. With a few *others* (articles opened side by side), the
    characters of each passage are aligned on the two texts themselves."""
    rows = project.db.execute(
        f"SELECT {_COLUMNS} FROM passages WHERE a_id = ? UNION ALL SELECT {_COLUMNS} FROM passages WHERE b_id = ?",
        (doc_id, doc_id)).fetchall()
    out = [_passage(r) for r in rows]
    if others is not None:
        others = set(others)
        out = [p for p in out if p.other(doc_id)[0] in others]
    derived = derived_passages(project, doc_id, others)
    if others is not None and len(others) <= DETAIL_PARTNERS:
        derived = _detailed(project, derived)
    out += derived
    out.sort(key=lambda p: (p.side(doc_id), p.id))
    return out


def passage_count(project: Project) -> int:
    """Stored passage rows plus the passages derived from clusters (pairs of copies in
    different articles)."""
    stored = project.db.execute("SELECT count(*) FROM passages").fetchone()[0]
    pairs = project.db.execute(
        "SELECT coalesce(sum(n * (n - 1) / 2 - same), 0) FROM (SELECT count(*) AS n,"
        " (SELECT coalesce(sum(k * (k - 1) / 2), 0) FROM (SELECT count(*) AS k FROM passage_members m2"
        "  WHERE m2.cluster_id = m.cluster_id GROUP BY m2.document_id)) AS same"
        " FROM passage_members m JOIN passage_clusters c ON c.id = m.cluster_id WHERE c.boilerplate = 0"
        " GROUP BY m.cluster_id)").fetchone()[0]
    return stored + pairs


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
    # a copy in a cluster with another article's copy is reused text
    docs_of: dict[int, set[int]] = {}
    rows = project.db.execute('SELECT m.cluster_id, m.document_id, m.start, m."end" FROM passage_members m'
                              " JOIN passage_clusters c ON c.id = m.cluster_id WHERE c.boilerplate = 0").fetchall()
    for cid, doc, _s, _e in rows:
        docs_of.setdefault(cid, set()).add(doc)
    clusters_of: dict[int, set[int]] = {}
    for cid, doc, start, end in rows:
        if doc in sides and len(docs_of[cid]) > 1:
            sides[doc].append((start, end))
            clusters_of.setdefault(doc, set()).add(cid)
    for doc, cids in clusters_of.items():
        partners[doc] |= set().union(*(docs_of[c] for c in cids)) - {doc}
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
        wanted = set(doc_ids)
        by_cluster: dict[int, list[Member]] = {}
        for m in cluster_members(project, documents=doc_ids):
            by_cluster.setdefault(m.cluster_id, []).append(m)
        for ms in by_cluster.values():
            for x, ma in enumerate(ms):
                for mb in ms[x + 1:]:
                    p = compose(ma, mb, MIN_CHARS) if ma.document_id != mb.document_id else None
                    if p is not None and p.a_id in wanted and p.b_id in wanted:
                        left, right = pair_sides.setdefault((p.a_id, p.b_id), ([], []))
                        left.append((p.a_start, p.a_end))
                        right.append((p.b_start, p.b_end))
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


__all__ = ["ReuseShare", "cluster_members", "derived_passages", "noise_ranges", "passage", "passage_count", "passages_for", "reuse_shares",
           "similarity_matrix"]
