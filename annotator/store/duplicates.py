"""Near-duplicate articles: the same story in several editions (national and regional,
print and web), found from the shared passages alignment stored
(:mod:`annotator.store.alignment`).

Two articles are near-duplicates when the characters identical in both (the blocks
of their shared passages) make up at least :data:`THRESHOLD` of each one's text,
noise left out. Nothing here changes the project.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from annotator.store.passages import noise_ranges
from annotator.store.project import Project

THRESHOLD = 0.9


@dataclass(frozen=True)
class NearDuplicate:
    a_id: int
    b_id: int
    share: float  # identical characters over the longer article's text (noise left out)


def _text_chars(project: Project, ids: set[int]) -> dict[int, int]:
    ordered = sorted(ids)
    out: dict[int, int] = {}
    for i in range(0, len(ordered), 500):
        chunk = ordered[i:i + 500]
        out.update(project.db.execute(
            f"SELECT id, char_count FROM documents WHERE id IN ({', '.join('?' * len(chunk))})", chunk).fetchall())
    for doc, ranges in noise_ranges(project, ordered).items() if len(ordered) <= 500 else noise_ranges(
            project).items():
        if doc in out:
            out[doc] -= sum(end - start for start, end in ranges)
    return out


def _candidates(project: Project, threshold: float) -> set[int]:
    """The articles that can be in a near-duplicate pair: the identical characters any pair
    of theirs can reach (each copy's, times the most copies one article has in its cluster,
    plus the passages stored pair by pair) are at least *threshold* of their text. A wire
    story in 500 outlets is 124,750 pairs (issue 17: 5 GB for 10,000 wire articles); the
    articles that are nearly all shared text are few."""
    from annotator.store.alignment import _explicit_pairs
    from annotator.store.passages import cluster_members

    by_cluster: dict[int, list] = defaultdict(list)
    for m in cluster_members(project):
        by_cluster[m.cluster_id].append(m)
    reach: dict[int, int] = defaultdict(int)
    for members in by_cluster.values():
        if len(members) < 2:
            continue
        most = max(Counter(m.document_id for m in members).values())
        for m in members:
            reach[m.document_id] += most * sum(n for _, _, n in m.blocks)
    for (a, b), (_, _, _, same) in _explicit_pairs(project).items():
        reach[a] += same
        reach[b] += same
    chars = _text_chars(project, set(reach))
    return {d for d, r in reach.items() if r >= threshold * chars.get(d, 0)}


def near_duplicates(project: Project, doc_ids: Iterable[int] | None = None, *,
                    threshold: float = THRESHOLD) -> list[NearDuplicate]:
    """Pairs of near-duplicate articles (one of them in *doc_ids*, when given), most alike first.
    The identical characters of a pair come from its shared passages
    (:func:`~annotator.store.alignment.shared_pairs`, derived from cluster membership)."""
    from annotator.store.alignment import shared_pairs

    wanted = None if doc_ids is None else set(doc_ids)
    pairs = [p for p in shared_pairs(project, documents=_candidates(project, threshold))
             if wanted is None or p.a_id in wanted or p.b_id in wanted]
    if not pairs:
        return []
    chars = _text_chars(project, {d for p in pairs for d in (p.a_id, p.b_id)})
    out: list[NearDuplicate] = []
    for p in pairs:
        longest = max(chars.get(p.a_id, 0), chars.get(p.b_id, 0))
        if longest > 0 and p.identical_chars >= threshold * longest:
            out.append(NearDuplicate(p.a_id, p.b_id, p.identical_chars / longest))
    out.sort(key=lambda d: (-d.share, d.a_id, d.b_id))
    return out


def duplicate_groups(project: Project, doc_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
    """Document id -> the other documents it nearly duplicates (sorted), for every
    document that has any."""
    out: dict[int, list[int]] = {}
    for pair in near_duplicates(project, doc_ids):
        out.setdefault(pair.a_id, []).append(pair.b_id)
        out.setdefault(pair.b_id, []).append(pair.a_id)
    return {doc: sorted(others) for doc, others in out.items()}


__all__ = ["THRESHOLD", "NearDuplicate", "duplicate_groups", "near_duplicates"]
