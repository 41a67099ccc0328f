"""Find and store the passages articles share (the finding is
:mod:`annotator.core.alignment` and :mod:`annotator.core.clusters`; reading them
back, pair by pair, is :mod:`annotator.store.passages`).

Incremental and about linear: each new article is aligned with the clusters of reused
text it shares (their representatives) and with the unclustered text of earlier
articles, found through the stored ``reuse_index``; its copies are written as
``passage_members`` of ``passage_clusters``. Adding articles looks up only their own
fingerprints. Noise regions present when a document is aligned are left out.
"""

from __future__ import annotations

import gc
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import numpy as np

from annotator.core.alignment import VERSION, Prepared
from annotator.core.clusters import Cluster, Clusterer, ReuseIndex, boilerplate_clusters
from annotator.store.passages import _union_length, noise_ranges
from annotator.store.events import Change, now
from annotator.store.project import Project

Progress = Callable[[int, int, str], None]
_CHUNK = 500  # parameters per IN (...) query
VERSION_KEY = "alignment.version"
#: Set while a run writes its results: still set afterwards, the run died half-way (see :func:`_align`).
INCOMPLETE_KEY = "alignment.incomplete"
#: Results are written in transactions holding the write lock about this long (issue 12) ...
WRITE_SECONDS = 0.2
_WRITE_ROWS = 2_000  # ... checked every this many rows
_KEY_BATCH = 2_000  # documents whose stored reuse-index rows are read at once


@dataclass(frozen=True)
class AlignReport:
    """What one run of :func:`align_documents` did."""

    documents: int  # documents aligned in this run
    compared: int  # alignments done (an article with a cluster representative or another article)
    passages: int  # copies (cluster members) written
    pairs: int  # clusters of shared text that gained copies
    seconds: float

    def summary(self) -> str:
        if not self.documents:
            return "alignment up to date: no new documents"
        return (f"aligned {self.documents} documents: {self.compared} alignments, "
                f"{self.passages} copies of shared text in {self.pairs} clusters ({self.seconds:.1f} s)")


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _marks(items: list) -> str:
    return ", ".join("?" for _ in items)


def _texts(project: Project, ids: Iterable[int]) -> Iterator[tuple[int, str]]:
    for chunk in _chunks(sorted(ids)):
        yield from project.db.execute(f"SELECT id, text FROM documents WHERE id IN ({_marks(chunk)}) ORDER BY id",
                                      chunk)


def _shingle_keys(project: Project, ids: list[int], noise: dict[int, list[tuple[int, int]]],
                  own: list[tuple[int, np.ndarray]] | None) -> Iterator[np.ndarray]:
    """The distinct shingle keys of the documents *ids*, a few thousand documents at a time
    (sorted, each key once per batch); *own*, when given, gets each document's fingerprints."""
    batch: list[np.ndarray] = []
    for doc, text in _texts(project, ids):
        prepared = Prepared(text, noise.get(doc, ()))
        batch.append(prepared.shingle_keys()[0])
        if own is not None:
            own.append((doc, prepared.fingerprint_positions()[0]))
        if len(batch) == _KEY_BATCH:
            yield np.unique(np.concatenate(batch))
            batch = []
    if batch:
        yield np.unique(np.concatenate(batch))


def _noise(project: Project, ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    if len(ids) > _CHUNK:
        wanted = set(ids)
        return {d: r for d, r in noise_ranges(project).items() if d in wanted}
    return noise_ranges(project, ids)


class _StoredRanges(dict):
    """Document -> the ranges its stored members cover, read on first use."""

    def __init__(self, project: Project):
        super().__init__()
        self.project = project

    def __missing__(self, doc: int) -> list[tuple[int, int]]:
        value = [tuple(r) for r in self.project.db.execute(
            'SELECT start, "end" FROM passage_members WHERE document_id = ? ORDER BY start', (doc,))]
        self[doc] = value
        return value


def realign_documents(project: Project, doc_ids: Iterable[int], *,
                      progress: Progress | None = None) -> AlignReport:
    """Align *doc_ids* again although they were aligned (their noise changed, say):
    their copies are replaced and announced like :func:`align_documents`."""
    return _align(project, doc_ids, rebuild=False, progress=progress, again=True)


def align_documents(project: Project, doc_ids: Iterable[int] | None = None, *, rebuild: bool = False,
                    progress: Progress | None = None) -> AlignReport:
    """Align the documents not aligned yet (of *doc_ids*, default all) with the clusters
    and the articles aligned before them; store their copies and announce
    ``Change("passages", (), affected documents)``.

    The results are written in short transactions (about :data:`WRITE_SECONDS` of lock
    time each), clusters before the members and index rows that name them, documents
    marked aligned last. A run that dies half-way leaves :data:`INCOMPLETE_KEY` set, and
    the next run aligns the whole project again.

    *rebuild*: forget every cluster and align the whole project again (done by itself
    when the stored results come from another version of the method).
    *progress*: called as ``progress(done, total, label)``.
    """
    return _align(project, doc_ids, rebuild=rebuild, progress=progress, again=False)


def _align(project: Project, doc_ids: Iterable[int] | None, *, rebuild: bool, progress: Progress | None,
           again: bool) -> AlignReport:
    t0 = time.perf_counter()
    db = project.db
    every = [r[0] for r in db.execute("SELECT id FROM documents ORDER BY id")]
    settings = dict(db.execute("SELECT key, value FROM settings WHERE key IN (?, ?)", (VERSION_KEY, INCOMPLETE_KEY)))
    # fingerprints of another tokenizer or hash would never match; a run that died while
    # writing left partial rows
    rebuild = rebuild or settings.get(VERSION_KEY, VERSION) != VERSION or bool(settings.get(INCOMPLETE_KEY))
    aligned = set() if rebuild else {r[0] for r in db.execute("SELECT document_id FROM aligned_documents")}
    clear = rebuild or not aligned  # nothing aligned: whatever clusters are left are stale
    if rebuild or doc_ids is None:
        wanted = every
    else:
        existing = set(every)
        wanted = sorted({d for d in doc_ids if d in existing})
    if again:
        aligned -= set(wanted)
    targets = [d for d in wanted if d not in aligned]
    if not targets:
        return AlignReport(0, 0, 0, 0, time.perf_counter() - t0)
    total = len(targets)
    report = progress or (lambda done, total, label: None)
    noise = _noise(project, targets)

    def load(doc: int) -> Prepared:
        row = db.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()
        ranges = noise[doc] if doc in noise else noise_ranges(project, [doc]).get(doc, [])
        return Prepared(row[0] if row else "", ranges)

    clusterer = Clusterer(load, ReuseIndex(), covered=_StoredRanges(project))
    if not clear:
        # what was found before: the clusters, and the index rows for the new articles' fingerprints
        for cid, doc, start, end, words, boiler in db.execute(
                'SELECT id, document_id, start, "end", words, boilerplate FROM passage_clusters'):
            clusterer.clusters[cid] = Cluster(cid, doc, start, end, words, bool(boiler))
        clusterer.next_id = max(clusterer.clusters, default=0) + 1
        own: list[tuple[int, np.ndarray]] = []
        for keys in _shingle_keys(project, targets, noise, own if again else None):
            for chunk in _chunks(keys.tolist()):
                clusterer.index.load(db.execute(
                    f"SELECT hash, owner FROM reuse_index WHERE hash IN ({_marks(chunk)})", chunk))
        for doc, fingerprints in own:  # a realigned article's unclustered text is indexed again as found now
            clusterer.index.remove_all(fingerprints, doc)
        del own
        report(0, total, "looking up")

    # each article in turn: with the clusters and earlier text it shares. The index holds
    # millions of small objects and makes no reference cycles: the cyclic garbage
    # collector would only walk them again and again (time growing with the corpus)
    collecting = gc.isenabled()
    gc.disable()
    try:
        for done, (doc, text) in enumerate(_texts(project, targets), 1):
            clusterer.add(doc, Prepared(text, noise.get(doc, ())))
            if done % 50 == 0 or done == total:
                report(done, total, "aligning")
    finally:
        if collecting:
            gc.enable()

    members = clusterer.members
    stamp = now()
    # written in short transactions (a coder's edit in the window waits for each, not for
    # all: issue 12), behind a marker: a run that dies half-way leaves it set, and the next
    # alignment starts over from scratch (rebuild) instead of trusting half the rows
    with project.transaction():
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (INCOMPLETE_KEY, stamp))
        if clear:
            for table in ("passage_members", "passage_clusters", "reuse_index", "passages", "aligned_documents",
                          "align_fingerprints"):
                db.execute(f"DELETE FROM {table}")
    before: set[int] = set()
    if not clear:  # copies of articles aligned before (again, or after a representative was deleted)
        for chunk in _chunks(targets):
            with project.transaction():
                before.update(r[0] for r in db.execute(
                    f"SELECT DISTINCT cluster_id FROM passage_members WHERE document_id IN ({_marks(chunk)})", chunk))
                db.execute(f"DELETE FROM passage_members WHERE document_id IN ({_marks(chunk)})", chunk)
    # clusters first: no member nor index row ever names a cluster that is not there
    _write(project, 'INSERT INTO passage_clusters (id, document_id, start, "end", words) VALUES (?,?,?,?,?)',
           [(c.id, c.document_id, c.start, c.end, c.words) for c in clusterer.new_clusters])
    _write(project,
           'INSERT INTO passage_members (cluster_id, document_id, start, "end", rep_start, rep_end, similarity,'
           ' blocks) VALUES (?,?,?,?,?,?,?,?)',
           [(m.cluster_id, m.document_id, m.start, m.end, m.rep_start, m.rep_end, m.similarity,
             "[" + ",".join(f"[{x},{y},{n}]" for x, y, n in m.blocks) + "]") for m in members])
    _write(project, "DELETE FROM reuse_index WHERE hash = ? AND owner = ?",
           (row for rows in clusterer.index.removed_rows() for row in rows))
    _write(project, "INSERT OR IGNORE INTO reuse_index (hash, owner) VALUES (?, ?)",
           (row for rows in clusterer.index.added_rows() for row in rows))
    _write(project, "INSERT OR REPLACE INTO aligned_documents (document_id, aligned_at) VALUES (?, ?)",
           [(d, stamp) for d in targets])
    touched = {m.cluster_id for m in members} | before
    flags, affected = _boilerplate_flags(project, touched)
    with project.transaction():
        db.conn.executemany("UPDATE passage_clusters SET boilerplate = ? WHERE id = ?", flags)
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (VERSION_KEY, VERSION))
        db.execute("DELETE FROM settings WHERE key = ?", (INCOMPLETE_KEY,))
        changed = set(every) if clear else set(targets) | affected
        project._changed(Change("passages", (), tuple(sorted(changed))))
    report(total, total, "done")
    return AlignReport(len(targets), clusterer.aligned, len(members), len({m.cluster_id for m in members}),
                       time.perf_counter() - t0)


def _write(project: Project, statement: str, rows: Iterable[tuple]) -> None:
    """``executemany`` of *rows*, committed about every :data:`WRITE_SECONDS` of lock time."""
    db = project.db
    rows = iter(rows)
    batch = list(islice(rows, _WRITE_ROWS))
    while batch:
        with project.transaction():
            started = time.monotonic()
            while batch:  # at least one slice per transaction
                db.conn.executemany(statement, batch)
                batch = list(islice(rows, _WRITE_ROWS))
                if time.monotonic() - started >= WRITE_SECONDS:
                    break


def _boilerplate_flags(project: Project, touched: set[int]) -> tuple[list[tuple[int, int]], set[int]]:
    """Which of the *touched* clusters are boilerplate (see
    :func:`annotator.core.clusters.boilerplate_clusters`), as ``(flag, cluster id)`` rows
    to update; and the documents of those clusters."""
    from annotator.core.boilerplate import outlet_key

    if not touched:
        return [], set()
    db = project.db
    docs_of: dict[int, set[int]] = defaultdict(set)
    clusters_of: dict[int, set[int]] = defaultdict(set)
    for cid, doc in db.execute("SELECT cluster_id, document_id FROM passage_members"):
        docs_of[cid].add(doc)
        clusters_of[doc].add(cid)
    words = dict(db.execute("SELECT id, words FROM passage_clusters"))
    docs = set().union(*(docs_of.get(c, set()) for c in touched))
    outlets: dict[int, str] = {}
    for chunk in _chunks(sorted(docs)):
        outlets.update((d, outlet_key(s)) for d, s in db.execute(
            f"SELECT id, source FROM documents WHERE id IN ({_marks(chunk)})", chunk))
    flagged = boilerplate_clusters(touched, docs_of, clusters_of, words, outlets)
    return [(int(c in flagged), c) for c in sorted(touched)], docs


@dataclass(frozen=True)
class SharedPair:
    """Two articles that share passages, with how much they share."""

    a_id: int
    b_id: int
    passages: int
    a_chars: int  # characters of a inside the shared passages
    b_chars: int
    identical_chars: int  # characters identical on both sides (the blocks)


_PAIR = 1 << 32  # a pair of document ids as one integer key: a * _PAIR + b


def _cluster_pairs(project: Project, documents: set[int] | None = None) -> tuple[np.ndarray, list[np.ndarray]]:
    """Pairs of articles with copies in one cluster: their keys (``a * _PAIR + b``, one per
    shared cluster) and, in the same order, a's characters, b's, and the identical ones.
    *documents*: only pairs of these."""
    from annotator.store.passages import cluster_members

    by_cluster: dict[int, list] = defaultdict(list)
    for m in cluster_members(project):
        if documents is None or m.document_id in documents:
            by_cluster[m.cluster_id].append(m)
    keys, a_len, b_len, same = [], [], [], []
    for ms in by_cluster.values():
        if len(ms) < 2:
            continue
        doc = np.asarray([m.document_id for m in ms], dtype=np.int64)
        length = np.asarray([m.end - m.start for m in ms], dtype=np.int64)
        ident = np.asarray([sum(n for _, _, n in m.blocks) for m in ms], dtype=np.int64)
        i, j = np.triu_indices(len(ms), 1)
        keep = doc[i] != doc[j]
        i, j = i[keep], j[keep]
        swap = doc[i] > doc[j]
        i, j = np.where(swap, j, i), np.where(swap, i, j)
        keys.append(doc[i] * _PAIR + doc[j])
        a_len.append(length[i])
        b_len.append(length[j])
        same.append(np.minimum(ident[i], ident[j]))
    if not keys:
        return np.empty(0, dtype=np.int64), [np.empty(0, dtype=np.int64)] * 3
    return np.concatenate(keys), [np.concatenate(c) for c in (a_len, b_len, same)]


def shared_pair_count(project: Project) -> int:
    """How many pairs of articles share at least one passage (without listing them)."""
    keys, _ = _cluster_pairs(project)
    explicit = np.asarray([a * _PAIR + b for a, b in _explicit_pairs(project)], dtype=np.int64)
    return len(np.union1d(keys, explicit))


def shared_pairs(project: Project, limit: int | None = None, *,
                 documents: set[int] | None = None) -> list[SharedPair]:
    """Pairs of articles sharing at least one passage, most identical characters first
    (the first *limit* only, when given: a wire story in 500 outlets alone makes
    124,750 pairs). Derived from cluster membership: a pair's figures sum its two
    articles' copies in each cluster they share (their characters, and the identical
    characters of the less similar copy). *documents*: only pairs of two of these."""
    keys, columns = _cluster_pairs(project, documents)
    explicit = _explicit_pairs(project)
    if documents is not None:
        explicit = {(a, b): f for (a, b), f in explicit.items() if a in documents and b in documents}
    out: dict[tuple[int, int], list[int]] = {}
    if len(keys):
        uniq, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        sums = [np.bincount(inverse, weights=c).astype(np.int64) for c in columns]
        order = np.argsort(-sums[2], kind="stable")
        if limit:
            order = order[:limit + len(explicit)]
        for x in order.tolist():
            key = int(uniq[x])
            out[(key // _PAIR, key % _PAIR)] = [int(counts[x]), int(sums[0][x]), int(sums[1][x]), int(sums[2][x])]
    for pair, figures in explicit.items():
        have = out.setdefault(pair, [0, 0, 0, 0])
        for n, v in enumerate(figures):
            have[n] += v
    pairs = [SharedPair(a, b, *f) for (a, b), f in out.items()]
    pairs.sort(key=lambda p: (-p.identical_chars, p.a_id, p.b_id))
    return pairs[:limit] if limit else pairs


def _explicit_pairs(project: Project) -> dict[tuple[int, int], list[int]]:
    """Figures of passage rows stored pair by pair (imported, or written by hand)."""
    groups: dict[tuple[int, int], list] = {}
    for a, a_start, a_end, b, b_start, b_end, blocks in project.db.execute(
            "SELECT a_id, a_start, a_end, b_id, b_start, b_end, blocks FROM passages"):
        g = groups.setdefault((a, b), [0, [], [], 0])
        g[0] += 1
        g[1].append((a_start, a_end))
        g[2].append((b_start, b_end))
        g[3] += sum(n for _, _, n in json.loads(blocks))
    return {k: [n, _union_length(left), _union_length(right), same] for k, (n, left, right, same) in groups.items()}


def alignment_pending(project: Project) -> int:
    """How many documents are not aligned yet (all of them after a run that died half-way)."""
    if project.setting(INCOMPLETE_KEY):
        return project.document_count()
    return project.db.execute(
        "SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM aligned_documents)").fetchone()[0]


__all__ = ["AlignReport", "SharedPair", "align_documents", "alignment_pending", "realign_documents",
           "shared_pair_count", "shared_pairs"]
