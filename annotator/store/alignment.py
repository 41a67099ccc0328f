"""Find and store the passages articles share (the finding is
:mod:`annotator.core.alignment`; reading them back is :mod:`annotator.store.passages`).

Incremental: a document is aligned once, against every document aligned before it
and every other one aligned with it, and recorded in ``aligned_documents``; its
winnowing fingerprints go to ``align_fingerprints`` so that the next article looks
up only its own. Noise regions present when a document is aligned are left out.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from annotator.core.alignment import VERSION, Prepared, align_prepared, candidate_pairs
from annotator.store.passages import _union_length, noise_ranges
from annotator.store.project import Change, Project, now

Progress = Callable[[int, int, str], None]
_CHUNK = 500  # parameters per IN (...) query
#: Storing fingerprints commits about this often, so other writers wait no longer (see the importer).
BATCH_SECONDS = 0.2
_FINGERPRINT_STEP = 20_000  # fingerprint rows between looks at the clock
VERSION_KEY = "alignment.version"


@dataclass(frozen=True)
class AlignReport:
    """What one run of :func:`align_documents` did."""

    documents: int  # documents aligned in this run
    compared: int  # candidate pairs of articles aligned on their text
    passages: int  # shared passages written
    pairs: int  # pairs of articles with at least one shared passage among them
    seconds: float

    def summary(self) -> str:
        if not self.documents:
            return "alignment up to date: no new documents"
        return (f"aligned {self.documents} documents: {self.compared} candidate pairs compared, "
                f"{self.passages} shared passages in {self.pairs} pairs of articles ({self.seconds:.1f} s)")


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _texts(project: Project, ids: Iterable[int]) -> Iterator[tuple[int, str]]:
    for chunk in _chunks(sorted(ids)):
        yield from project.db.execute(
            f"SELECT id, text FROM documents WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)


def _by_component(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """*pairs* ordered by connected group of documents (then as they were)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return sorted(pairs, key=lambda p: (root(p[0]), p))


def _rows(*columns: np.ndarray, size: int = 100_000) -> Iterator[tuple]:
    """Rows of numpy columns as Python tuples, a slice at a time (no list of millions)."""
    for i in range(0, len(columns[0]), size):
        yield from zip(*(c[i:i + size].tolist() for c in columns))


def _noise(project: Project, ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    if len(ids) > _CHUNK:
        wanted = set(ids)
        return {d: r for d, r in noise_ranges(project).items() if d in wanted}
    return noise_ranges(project, ids)


def realign_documents(project: Project, doc_ids: Iterable[int], *,
                      progress: Progress | None = None) -> AlignReport:
    """Align *doc_ids* again although they were aligned (their noise changed, say):
    their passages are replaced (in one transaction) and announced like
    :func:`align_documents`."""
    return _align(project, doc_ids, rebuild=False, progress=progress, again=True)


def align_documents(project: Project, doc_ids: Iterable[int] | None = None, *, rebuild: bool = False,
                    progress: Progress | None = None) -> AlignReport:
    """Align the documents not aligned yet (of *doc_ids*, default all) against every
    aligned document and each other; store their shared passages in one transaction
    and announce ``Change("passages", (), affected documents)``; then their fingerprints,
    in short transactions (a writer in another process waits for one at most).

    *rebuild*: forget every passage and fingerprint and align the whole project again
    (done by itself when the stored results come from another version of the method).
    *progress*: called as ``progress(done, total, label)``; *total* grows once the
    candidate pairs are known.
    """
    return _align(project, doc_ids, rebuild=rebuild, progress=progress, again=False)


def _align(project: Project, doc_ids: Iterable[int] | None, *, rebuild: bool, progress: Progress | None,
           again: bool) -> AlignReport:
    t0 = time.perf_counter()
    db = project.db
    every = [r[0] for r in db.execute("SELECT id FROM documents ORDER BY id")]
    if not rebuild and project.setting(VERSION_KEY, VERSION) != VERSION:
        rebuild = True  # fingerprints of another tokenizer or hash would never match
    aligned = set() if rebuild else {r[0] for r in db.execute("SELECT document_id FROM aligned_documents")}
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

    # 1. fingerprints of the new documents
    noise = _noise(project, targets)
    fingerprints: dict[int, np.ndarray] = {}
    for done, (doc, text) in enumerate(_texts(project, targets), 1):
        fingerprints[doc] = Prepared(text, noise.get(doc, ())).fingerprints()
        if done % 50 == 0 or done == total:
            report(done, total, "fingerprints")
    known: list[tuple[int, int]] = []
    if aligned:
        hashes = np.unique(np.concatenate(list(fingerprints.values()))).tolist()
        for chunk in _chunks(hashes):
            known.extend((h, d) for h, d in db.execute(
                f"SELECT hash, document_id FROM align_fingerprints WHERE hash IN ({', '.join('?' for _ in chunk)})",
                chunk) if d in aligned)
    pairs = _by_component(candidate_pairs(fingerprints, known))

    # 2. align each candidate pair on its text; a document is prepared once and
    # dropped after its last pair (pairs come group by group, so few are held at once)
    total += len(pairs)
    report(len(targets), total, "aligning")
    remaining: dict[int, int] = {}
    for a, b in pairs:
        remaining[a] = remaining.get(a, 0) + 1
        remaining[b] = remaining.get(b, 0) + 1
    noise.update(_noise(project, [d for d in remaining if d not in noise]))
    prepared: dict[int, Prepared] = {}
    rows = []
    linked: set[tuple[int, int]] = set()
    for done, chunk in enumerate(_chunks(pairs, 200)):
        need = {d for p in chunk for d in p if d not in prepared}
        for doc, text in _texts(project, need):
            prepared[doc] = Prepared(text, noise.get(doc, ()))
        for a, b in chunk:
            for m in align_prepared(prepared[a], prepared[b]):
                rows.append((a, m.a_start, m.a_end, b, m.b_start, m.b_end, m.similarity,
                             "[" + ",".join(f"[{x},{y},{n}]" for x, y, n in m.blocks) + "]"))
                linked.add((a, b))
            for d in (a, b):
                remaining[d] -= 1
                if not remaining[d]:
                    del prepared[d]
        report(len(targets) + min(len(pairs), (done + 1) * 200), total, "aligning")

    # 3. the passages in one transaction; then fingerprints and "aligned" marks a batch of
    # documents at a time (each batch ~0.2 s: another writer, a coder's edit, waits no longer).
    # A document counts as aligned only once its fingerprints are stored; one left unmarked
    # by a failure half-way is simply aligned again next time, its passages replaced.
    before: set[tuple[int, int]] = set()  # pairs whose passages are replaced
    with project.transaction():
        if rebuild:
            db.execute("DELETE FROM passages")
            db.execute("DELETE FROM aligned_documents")
            db.execute("DELETE FROM align_fingerprints")
        else:
            for chunk in _chunks(targets):
                marks = ", ".join("?" for _ in chunk)
                before.update(db.execute(f"SELECT a_id, b_id FROM passages WHERE a_id IN ({marks})"
                                         f" OR b_id IN ({marks})", chunk + chunk))
                db.execute(f"DELETE FROM passages WHERE a_id IN ({marks}) OR b_id IN ({marks})", chunk + chunk)
        db.conn.executemany("INSERT INTO passages (a_id, a_start, a_end, b_id, b_start, b_end, similarity, blocks)"
                            " VALUES (?,?,?,?,?,?,?,?)", rows)
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (VERSION_KEY, VERSION))
        affected = set(every) if rebuild else set(targets) | {d for p in linked | before for d in p}
        project._changed(Change("passages", (), tuple(sorted(affected))))
    _store_fingerprints(project, targets, fingerprints)
    report(total, total, "done")
    return AlignReport(len(targets), len(pairs), len(rows), len(linked), time.perf_counter() - t0)


def _store_fingerprints(project: Project, targets: list[int], fingerprints: dict[int, np.ndarray]) -> None:
    """The targets' fingerprints in hash order (appends to the table's b-tree, not scattered
    writes), in transactions of about :data:`BATCH_SECONDS`; then every target's mark in
    ``aligned_documents``. A failure half-way leaves fingerprints of unmarked documents,
    which candidates never use (they are checked against ``aligned_documents``) and the
    next alignment of those documents stores again (``INSERT OR IGNORE``)."""
    db = project.db
    hashes = np.concatenate([fingerprints[d] for d in targets])
    docs = np.concatenate([np.full(len(fingerprints[d]), d, dtype=np.int64) for d in targets])
    order = np.lexsort((docs, hashes))
    hashes, docs = hashes[order], docs[order]
    done = 0
    while done < len(hashes):
        with project.transaction():
            started = time.monotonic()
            while True:  # at least one step per transaction
                step = slice(done, done + _FINGERPRINT_STEP)
                db.conn.executemany("INSERT OR IGNORE INTO align_fingerprints (hash, document_id) VALUES (?, ?)",
                                    _rows(hashes[step], docs[step]))
                done += len(hashes[step])
                if done >= len(hashes) or time.monotonic() - started >= BATCH_SECONDS:
                    break
    stamp = now()
    with project.transaction():
        db.conn.executemany("INSERT OR REPLACE INTO aligned_documents (document_id, aligned_at) VALUES (?, ?)",
                            ((d, stamp) for d in targets))


@dataclass(frozen=True)
class SharedPair:
    """Two articles that share passages, with how much they share."""

    a_id: int
    b_id: int
    passages: int
    a_chars: int  # characters of a inside the shared passages
    b_chars: int
    identical_chars: int  # characters identical on both sides (the blocks)


def shared_pairs(project: Project) -> list[SharedPair]:
    """Every pair of articles sharing at least one passage, most identical characters first."""
    groups: dict[tuple[int, int], list] = {}
    for a, a_start, a_end, b, b_start, b_end, blocks in project.db.execute(
            "SELECT a_id, a_start, a_end, b_id, b_start, b_end, blocks FROM passages"):
        g = groups.setdefault((a, b), [0, [], [], 0])
        g[0] += 1
        g[1].append((a_start, a_end))
        g[2].append((b_start, b_end))
        g[3] += sum(n for _, _, n in json.loads(blocks))
    out = [SharedPair(a, b, n, _union_length(left), _union_length(right), same)
           for (a, b), (n, left, right, same) in groups.items()]
    out.sort(key=lambda p: (-p.identical_chars, p.a_id, p.b_id))
    return out


def alignment_pending(project: Project) -> int:
    """How many documents are not aligned yet."""
    return project.db.execute(
        "SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM aligned_documents)").fetchone()[0]


__all__ = ["AlignReport", "SharedPair", "align_documents", "alignment_pending", "realign_documents", "shared_pairs"]
