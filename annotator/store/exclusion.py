"""Articles excluded from coding and statistics: the extra copies of a story a database
export holds in several editions (:mod:`annotator.store.duplicates`).

Excluding deletes nothing: the text, spans, noise and statuses stay, and including the
article again brings every figure back. An excluded article is left out of

- the statistics view and ``annotator stats`` (:mod:`annotator.store.statistics`,
  :mod:`annotator.store.statistics`), agreement (:mod:`annotator.store.agreement`) and the
  document-by-code matrix export (:mod:`annotator.io.matrix`);
- the coder's queue and next/previous uncoded article navigation.

It stays in the documents dock (greyed), in search and in span exports (the spans
are the coders' work, and say which document they belong to), and can still be
opened and read. :class:`ExcludeDocuments` is the undoable edit (one step, one
change notice of kind ``documents``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.store.events import Change, now
from annotator.store.operations import Operation
from annotator.store.project import Project

#: The reason stored when the extra copies of a near-duplicate group are excluded.
DUPLICATE_REASON = "near-duplicate"


@dataclass(frozen=True)
class Exclusion:
    document_id: int
    kept_id: int | None
    reason: str
    excluded_at: str


def excluded_ids(project: Project) -> set[int]:
    """The ids of every excluded document."""
    return {r[0] for r in project.db.execute("SELECT document_id FROM excluded_documents")}


def exclusions(project: Project) -> dict[int, Exclusion]:
    """Document id -> its exclusion, for every excluded document."""
    return {r[0]: Exclusion(*r) for r in project.db.execute(
        "SELECT document_id, kept_id, reason, excluded_at FROM excluded_documents")}


def is_excluded(project: Project, doc_id: int) -> bool:
    return project.db.execute("SELECT 1 FROM excluded_documents WHERE document_id = ?",
                              (doc_id,)).fetchone() is not None


def not_excluded_sql(column: str = "document_id") -> str:
    """An SQL condition keeping rows whose *column* is not an excluded document."""
    return f"{column} NOT IN (SELECT document_id FROM excluded_documents)"


def _put(project: Project, rows: Iterable[Exclusion], remove: Iterable[int]) -> None:
    project.db.conn.executemany("DELETE FROM excluded_documents WHERE document_id = ?", [(d,) for d in remove])
    project.db.conn.executemany(
        "INSERT OR REPLACE INTO excluded_documents (document_id, kept_id, reason, excluded_at) VALUES (?,?,?,?)",
        [(e.document_id, e.kept_id, e.reason, e.excluded_at) for e in rows])


def extra_copies(project: Project, group: Iterable[int]) -> tuple[int, list[int]]:
    """The copy to keep of a near-duplicate *group* (the longest; the first imported
    among equals) and the others, sorted."""
    ids = sorted(set(group))
    if not ids:
        raise ValueError("an empty group of documents")
    lengths = dict(project.db.execute(
        f"SELECT id, char_count FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall())
    keep = max(ids, key=lambda d: (lengths.get(d, 0), -d))
    return keep, [d for d in ids if d != keep]


def duplicate_components(project: Project, doc_ids: Iterable[int] | None = None,
                         near: dict[int, list[int]] | None = None) -> list[list[int]]:
    """The near-duplicate groups (editions of one story, linked pair by pair) that hold
    one of *doc_ids* (all when None), each sorted, in order of their first id. *near*:
    :func:`~annotator.store.duplicates.duplicate_groups` when the caller has it already."""
    from annotator.store.duplicates import duplicate_groups

    if near is None:
        near = duplicate_groups(project)
    wanted = None if doc_ids is None else set(doc_ids)
    seen: set[int] = set()
    out: list[list[int]] = []
    for start in sorted(near):
        if start in seen:
            continue
        group, todo = {start}, [start]
        while todo:
            for other in near.get(todo.pop(), []):
                if other not in group:
                    group.add(other)
                    todo.append(other)
        seen |= group
        if wanted is None or group & wanted:
            out.append(sorted(group))
    return out


def exclude_extra_copies(project: Project, groups: Iterable[Iterable[int]]) -> list[ExcludeDocuments]:
    """One :class:`ExcludeDocuments` per group (not yet applied): the extra copies, the kept one named."""
    ops = []
    for group in groups:
        keep, extra = extra_copies(project, group)
        if extra:
            ops.append(ExcludeDocuments(extra, kept_id=keep, reason=DUPLICATE_REASON))
    return ops


@dataclass
class ExcludeDocuments(Operation):
    """Exclude (or, with ``exclude=False``, include again) documents; undo restores each
    one's previous state. Documents already in the wanted state are left as they are."""

    document_ids: list[int]
    exclude: bool = True
    kept_id: int | None = None
    reason: str = ""
    before: dict[int, Exclusion | None] = field(default_factory=dict)
    after: list[Exclusion] = field(default_factory=list)

    @property
    def label(self) -> str:  # type: ignore[override]
        n = len(self.document_ids)
        what = "article" if n == 1 else f"{n} articles"
        return f"Exclude {what}" if self.exclude else f"Include {what} again"

    def apply(self, project: Project) -> None:
        ids = sorted(set(self.document_ids))
        with project.transaction():
            if not self.before:
                for doc_id in ids:
                    project.document(doc_id)  # NotFound names a missing id before anything changes
                current = exclusions(project)
                self.before = {d: current.get(d) for d in ids}
                stamp = now()
                self.after = [Exclusion(d, self.kept_id, self.reason, stamp) for d in ids
                              if self.exclude and current.get(d) is None]
            if self.exclude:
                _put(project, self.after, ())
            else:
                _put(project, (), ids)
            project._changed(Change("documents", tuple(ids), tuple(ids)))

    def revert(self, project: Project) -> None:
        ids = sorted(self.before)
        with project.transaction():
            _put(project, [e for e in self.before.values() if e is not None],
                 [d for d, e in self.before.items() if e is None])
            project._changed(Change("documents", tuple(ids), tuple(ids)))


__all__ = ["DUPLICATE_REASON", "ExcludeDocuments", "Exclusion", "duplicate_components", "exclude_extra_copies",
           "excluded_ids", "exclusions", "extra_copies", "is_excluded", "not_excluded_sql"]
