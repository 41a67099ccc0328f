"""Clusters of reused text: each distinct passage is aligned once, to a representative.

Pairwise alignment of every two articles that share text grows with the square of
the copies (a wire paragraph printed by 500 outlets is 124,750 pairs). Like passim
(Smith, Cordell and Mullen, "Computational methods for uncovering reprinted texts
in antebellum newspapers", 2015), which aligns candidate pairs and then gathers the
aligned passages into clusters of one reprinted text, we keep *clusters*; unlike
passim we do not align the pairs first: a new copy is aligned to the cluster's
*representative* only (the first copy seen), so the work per article is the number
of distinct passages it holds, not the number of their copies.

:class:`Clusterer` takes articles one at a time:

1. its shingles are looked up in the *reuse index*, hash -> owners, where an owner
   is a cluster (every shingle of its representative, so that a copy edited on both
   sides still finds it) or an article (the winnowed fingerprints,
   :meth:`Prepared.fingerprint_positions`, of its text that is in no cluster yet);
2. every cluster it hits, and every article holding at least
   :data:`MIN_SHARED_FINGERPRINTS` of its fingerprints, is a target, clusters first;
3. the article is aligned (:func:`align_prepared`) with each target: with a cluster's
   representative range, it becomes a *member* of that cluster (twice, where it prints
   the text twice); with another article's unclustered text, the two found a new
   cluster whose representative is the older article's range (its fingerprints there
   move from the article to the cluster). An earlier article whose unclustered copy
   this one meets again joins the cluster this one found for it;
4. its fingerprints outside every passage found go into the index under its own id,
   except in leftovers too short to be a passage.

A member stores its range, the representative range it covers and the character
blocks between the two; :func:`annotator.core.passages.compose` derives the passage
two members share (the overlap of their representative ranges, mapped through both).

:func:`boilerplate_clusters` flags clusters that are boilerplate, not reuse: short
text (one stock sentence, :data:`STOCK_MAX_WORDS` words or fewer) or text of a single
outlet, found in at least :data:`STOCK_MIN_DOCUMENTS` articles most of which share
nothing else with each other (unrelated stories). A wire story printed by 500 outlets
is none of these.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from annotator.core.alignment import MIN_SHARED_FINGERPRINTS, MIN_WORDS, Match, Prepared, align_prepared
from annotator.core.passages import Member
from annotator.core.reuse_index import ReuseIndex

STOCK_MAX_WORDS = 30
STOCK_MIN_DOCUMENTS = 3
CACHE = 500  # prepared articles kept at once (representatives are asked for again and again)


@dataclass
class Cluster:
    """Text reused by several articles: the representative range ``[start, end)`` of
    ``document_id``. ``boilerplate``: found to be stock text (see the module)."""

    id: int
    document_id: int
    start: int
    end: int
    words: int = 0
    boilerplate: bool = False


Owner = int  # > 0: an article's unclustered text; < 0: -cluster id


@dataclass
class Clusterer:
    """Adds articles to clusters one at a time (see the module docstring).

    *load*: document id -> its :class:`Prepared` text (noise left out), for the
    representatives and earlier articles a new one is aligned with. *clusters* and
    *covered* (document -> ranges already in a cluster; a mapping that may load them
    on first use) hold what was found before; new clusters are numbered from *next_id*."""

    load: Callable[[int], Prepared]
    index: ReuseIndex = field(default_factory=ReuseIndex)
    clusters: dict[int, Cluster] = field(default_factory=dict)
    covered: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: _Ranges())
    next_id: int = 1
    members: list[Member] = field(default_factory=list)  # found in this run
    new_clusters: list[Cluster] = field(default_factory=list)
    aligned: int = 0  # alignments done (article x target)
    _cache: OrderedDict = field(default_factory=OrderedDict)

    def prepared(self, doc: int) -> Prepared:
        p = self._cache.get(doc)
        if p is None:
            p = self.load(doc)
            self._cache[doc] = p
            if len(self._cache) > CACHE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(doc)
        return p

    def remember(self, doc: int, prepared: Prepared) -> None:
        self._cache[doc] = prepared
        self._cache.move_to_end(doc)
        if len(self._cache) > CACHE:
            self._cache.popitem(last=False)

    def add(self, doc: int, prepared: Prepared) -> None:
        """Align article *doc* with the clusters and unclustered text it shares."""
        self.remember(doc, prepared)
        hashes, at = prepared.fingerprint_positions()
        hits: dict[int, list[int]] = {}  # owner -> where its fingerprints are in this article
        keys, key_at = prepared.shingle_keys()  # every shingle: representatives are indexed whole
        key_at_l = key_at.tolist()
        for i, o in self.index.lookup(keys):
            hits.setdefault(o, []).append(key_at_l[i])
        hits.pop(doc, None)
        # a cluster's text is reuse already: one fingerprint is enough to look (a clause of it, say)
        targets = sorted((o for o, where in hits.items()
                          if len(where) >= (1 if o < 0 else MIN_SHARED_FINGERPRINTS) and self._live(o)),
                         key=lambda o: (o > 0, -len(hits[o]), o))  # clusters first
        mine = self.covered[doc] = []
        joined: list[tuple[int, int, int]] = []  # (start, end, cluster id) of this article's copies
        for owner in targets:
            if mine and sum(1 for pos in hits[owner] if not _inside(mine, pos)) < (
                    1 if owner < 0 else MIN_SHARED_FINGERPRINTS):
                if owner > 0:  # an earlier article's copy of text this one has in a cluster: it joins
                    for cid in {c for s, e, c in joined if any(s <= pos < e for pos in hits[owner])}:
                        self._join(owner, self.prepared(owner), self.clusters[cid], (0, len(self.prepared(owner).text)))
                continue  # what it shares with this owner is aligned already
            self.aligned += 1
            if owner < 0:
                cluster = self.clusters[-owner]
                for m in self._to_cluster(prepared, cluster):
                    if not _taken(mine, m.a_start, m.a_end):
                        self._member(cluster.id, doc, m)
                        mine.append((m.a_start, m.a_end))
                        joined.append((m.a_start, m.a_end, cluster.id))
                continue
            other = self.prepared(owner)
            theirs = self.covered[owner]
            for m in align_prepared(prepared, other, _complement(theirs, len(other.text))):
                if _taken(theirs, m.b_start, m.b_end):
                    continue
                if _taken(mine, m.a_start, m.a_end):
                    # an earlier article's copy of text this one has in a cluster: it joins that cluster
                    for cid in {c for s, e, c in joined if s < m.a_end and m.a_start < e}:
                        self._join(owner, other, self.clusters[cid], (m.b_start, m.b_end))
                    continue
                self._found(doc, owner, other, m)
                mine.append((m.a_start, m.a_end))
                joined.append((m.a_start, m.a_end, self.next_id - 1))
        if joined and prepared.positions()[1]:  # text this article prints twice: both copies join
            for cid in sorted({c for _, _, c in joined}):
                for m in self._to_cluster(prepared, self.clusters[cid]):
                    if not _taken(mine, m.a_start, m.a_end):
                        self._member(cid, doc, m)
                        mine.append((m.a_start, m.a_end))
        mine.sort()
        self.index.add_all(hashes[_free(prepared, at, mine)], doc)
        self.index.settle()

    def _to_cluster(self, prepared: Prepared, cluster: Cluster) -> list[Match]:
        return align_prepared(prepared, self.prepared(cluster.document_id), [(cluster.start, cluster.end)],
                              repeats=True)

    def _found(self, doc: int, owner: int, other: Prepared, m: Match) -> None:
        """A new cluster: *owner*'s range of match *m* is its representative, *doc*'s copy a member."""
        words = int(np.searchsorted(other.starts, m.b_end) - np.searchsorted(other.starts, m.b_start))
        cluster = Cluster(self.next_id, owner, m.b_start, m.b_end, words)
        self.next_id += 1
        self.clusters[cluster.id] = cluster
        self.new_clusters.append(cluster)
        n = m.b_end - m.b_start
        self.members.append(Member(0, cluster.id, owner, m.b_start, m.b_end, m.b_start, m.b_end, 1.0, ((0, 0, n),)))
        self._member(cluster.id, doc, m)
        self.covered[owner].append((m.b_start, m.b_end))
        self._unindex(owner, other, m.b_start, m.b_end, cluster.id)

    def _join(self, owner: int, other: Prepared, cluster: Cluster, where: tuple[int, int]) -> None:
        """*owner*'s unclustered copy at *where* joins *cluster* (aligned to its representative)."""
        self.aligned += 1
        theirs = self.covered[owner]
        for m in self._to_cluster(other, cluster):
            if m.a_start < where[1] and where[0] < m.a_end and not _taken(theirs, m.a_start, m.a_end):
                self._member(cluster.id, owner, m)
                theirs.append((m.a_start, m.a_end))
                self._unindex(owner, other, m.a_start, m.a_end, None)

    def _unindex(self, owner: int, other: Prepared, start: int, end: int, cluster_id: int | None) -> None:
        """*owner*'s fingerprints in ``[start, end)`` leave the index (to *cluster_id*, when
        given), and so do the ones left in stretches too short to be a passage."""
        o_hashes, o_at = other.fingerprint_positions()
        free = _free(other, o_at, sorted(self.covered[owner]))
        self.index.remove_all(o_hashes[((start <= o_at) & (o_at < end)) | ~free], owner)
        if cluster_id is not None:  # the representative: every shingle, so an edited copy still finds it
            keys, at = other.shingle_keys()
            self.index.add_all(keys[(start <= at) & (at < end)], -cluster_id)

    def _live(self, owner: int) -> bool:
        return owner > 0 or -owner in self.clusters

    def _member(self, cluster_id: int, doc: int, m: Match) -> None:
        self.members.append(Member(0, cluster_id, doc, m.a_start, m.a_end, m.b_start, m.b_end, m.similarity,
                                   m.blocks))


def _free(prepared: Prepared, at: np.ndarray, covered: list[tuple[int, int]]) -> np.ndarray:
    """For fingerprints starting at character offsets *at*: whether each lies outside the
    *covered* ranges, in a stretch of its paragraph long enough to be a passage (at least
    :data:`MIN_WORDS` words). Shorter leftovers, an edited sentence head next to a copy
    say, are never indexed: every later copy would find them and align in vain."""
    if len(at) == 0:
        return np.zeros(0, dtype=bool)
    bounds = np.asarray(prepared.segment_bounds, dtype=np.int64)
    seg = prepared.segments[np.minimum(np.searchsorted(prepared.starts, at), len(prepared.starts) - 1)]
    lo, hi = bounds[seg], bounds[seg + 1]
    inside = np.zeros(len(at), dtype=bool)
    if covered:
        c_start = np.asarray([s for s, _ in covered], dtype=np.int64)
        c_end = np.maximum.accumulate(np.asarray([e for _, e in covered], dtype=np.int64))
        k = np.searchsorted(c_start, at, side="right") - 1
        inside = (k >= 0) & (c_end[np.maximum(k, 0)] > at)
        lo = np.maximum(lo, np.where(k >= 0, c_end[np.maximum(k, 0)], 0))
        nxt = np.minimum(k + 1, len(c_start) - 1)
        hi = np.minimum(hi, np.where(k + 1 < len(c_start), c_start[nxt], hi))
    words = np.searchsorted(prepared.starts, hi) - np.searchsorted(prepared.starts, lo)
    return ~inside & (words >= MIN_WORDS)


class _Ranges(dict):
    """Document -> ranges, empty for a document not seen."""

    def __missing__(self, key: int) -> list[tuple[int, int]]:
        value: list[tuple[int, int]] = []
        self[key] = value
        return value


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in ranges)


def _taken(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether half or more of ``[start, end)`` is in *ranges* already."""
    overlap = sum(max(0, min(end, e) - max(start, s)) for s, e in ranges)
    return 2 * overlap >= end - start


def _complement(ranges: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    out, at = [], 0
    for s, e in sorted(ranges):
        if s > at:
            out.append((at, s))
        at = max(at, e)
    if at < length:
        out.append((at, length))
    return out


def boilerplate_clusters(candidates: Iterable[int], docs_of: Mapping[int, set[int]],
                         clusters_of: Mapping[int, set[int]], words: Mapping[int, int],
                         outlets: Mapping[int, str]) -> set[int]:
    """Which *candidates* are boilerplate (see the module docstring). *docs_of*: cluster
    -> its articles; *clusters_of*: article -> its clusters (the non-boilerplate ones
    that say two articles are related); *words*: cluster -> words of its representative;
    *outlets*: article -> outlet key ('' unknown)."""
    out = set()
    for c in candidates:
        docs = docs_of.get(c, set())
        if len(docs) < STOCK_MIN_DOCUMENTS:
            continue
        one_outlet = len({outlets.get(d, "") for d in docs}) == 1 and outlets.get(next(iter(docs)), "") != ""
        if words.get(c, 0) > STOCK_MAX_WORDS and not one_outlet:
            continue
        # how many of these articles each other cluster holds: two or more, and they are related
        together: Counter[int] = Counter()
        for d in docs:
            together.update(clusters_of.get(d, ()))
        together.pop(c, None)
        related = sum(1 for d in docs if any(together[o] >= 2 for o in clusters_of.get(d, ()) if o != c))
        if 2 * related < len(docs):
            out.add(c)
    return out


__all__ = ["CACHE", "STOCK_MAX_WORDS", "STOCK_MIN_DOCUMENTS", "Cluster", "Clusterer", "ReuseIndex",
           "boilerplate_clusters"]
