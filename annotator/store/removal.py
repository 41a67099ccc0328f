"""Removing documents: a mis-imported article goes with its spans, noise, statuses,
set memberships and shared passages (text is immutable, so removing and importing
again is how an import is redone).

:func:`remove_documents` keeps a :class:`RemovedDocument` snapshot of every row it
deletes that belongs to the article alone; :class:`RemoveDocuments` (the undoable edit)
puts them back with the same ids and guids. Shared passages are not kept: the restored
article counts as not aligned, so the next alignment finds them again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.store.operations import Operation
from annotator.store.events import Change
from annotator.store.project import Project

#: Tables whose rows of a removed document are restored by undo, in insertion order
#: (each row's foreign keys point to rows earlier in the list or outside the document).
RESTORED_TABLES = ("documents", "spans", "noise", "doc_status", "noise_checked", "set_documents",
                   "assignments", "excluded_documents")


@dataclass(frozen=True)
class RemovalPreview:
    """What removing one document takes with it."""

    document_id: int
    title: str
    spans: int
    noise: int
    passages: int
    coders: tuple[str, ...]  # who coded it

    def describe(self) -> str:
        coders = f" by {', '.join(self.coders)}" if self.coders else ""
        return (f"#{self.document_id} {self.title!r}: {self.spans} span{'s' * (self.spans != 1)}{coders}, "
                f"{self.noise} noise region{'s' * (self.noise != 1)}, "
                f"{self.passages} shared passage{'s' * (self.passages != 1)}")


@dataclass
class RemovedDocument:
    """The rows a removal deleted, table -> (column names, rows)."""

    document_id: int
    rows: dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]] = field(default_factory=dict)


def _count(project: Project, sql: str, doc_id: int) -> int:
    return project.db.execute(sql, (doc_id,) * sql.count("?")).fetchone()[0]


def preview_removal(project: Project, doc_ids: Iterable[int]) -> list[RemovalPreview]:
    """What removing each of *doc_ids* takes along; :class:`NotFound` for an unknown id."""
    out = []
    for doc_id in doc_ids:
        doc = project.document(doc_id)
        coders = tuple(r[0] for r in project.db.execute(
            "SELECT DISTINCT c.name FROM spans s JOIN coders c ON c.id = s.coder_id WHERE s.document_id = ?"
            " ORDER BY c.name", (doc_id,)))
        passages = _count(project, "SELECT count(*) FROM passage_members m WHERE m.cluster_id IN"
                                   " (SELECT cluster_id FROM passage_members WHERE document_id = ?)"
                                   " AND m.document_id != ?", doc_id)
        out.append(RemovalPreview(
            doc_id, doc.title, _count(project, "SELECT count(*) FROM spans WHERE document_id = ?", doc_id),
            _count(project, "SELECT count(*) FROM noise WHERE document_id = ? AND origin != 'cleared'", doc_id),
            passages, coders))
    return out


def _where(table: str) -> str:
    return "id = ?" if table == "documents" else "document_id = ?"


def remove_documents(project: Project, doc_ids: Iterable[int]) -> list[RemovedDocument]:
    """Delete the documents and everything of theirs, in one transaction (one change
    notice); returns what undo needs. Raises :class:`NotFound` before deleting anything
    when an id is unknown."""
    ids = sorted(set(doc_ids))
    removed: list[RemovedDocument] = []
    with project.transaction():
        for doc_id in ids:
            project.document(doc_id)
        for doc_id in ids:
            snap = RemovedDocument(doc_id)
            for table in RESTORED_TABLES:
                cur = project.db.execute(f"SELECT * FROM {table} WHERE {_where(table)}", (doc_id,))
                snap.rows[table] = (tuple(d[0] for d in cur.description), cur.fetchall())
            removed.append(snap)
            project.db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))  # the rest cascades
        # the reuse index names an article's unclustered text by its id (no foreign key, no
        # index on owner): one scan per 500 documents
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            project.db.execute(f"DELETE FROM reuse_index WHERE owner IN ({', '.join('?' * len(chunk))})", chunk)
        project._changed(Change("documents", tuple(ids), tuple(ids)))
    return removed


def restore_documents(project: Project, removed: Iterable[RemovedDocument]) -> None:
    """Put removed documents back as they were (ids and guids too), in one transaction."""
    removed = list(removed)
    with project.transaction():
        for table in RESTORED_TABLES:
            for snap in removed:
                columns, rows = snap.rows.get(table, ((), []))
                if rows:
                    names = ", ".join(f'"{c}"' for c in columns)
                    project.db.conn.executemany(
                        f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)
        ids = tuple(sorted(s.document_id for s in removed))
        project._changed(Change("documents", ids, ids))


@dataclass
class RemoveDocuments(Operation):
    """Remove documents (the documents dock's Remove…); undo restores them."""

    document_ids: list[int]
    removed: list[RemovedDocument] = field(default_factory=list)

    @property
    def label(self) -> str:  # type: ignore[override]
        n = len(self.document_ids)
        return "Remove article" if n == 1 else f"Remove {n} articles"

    def apply(self, project: Project) -> None:
        self.removed = remove_documents(project, self.document_ids)

    def revert(self, project: Project) -> None:
        restore_documents(project, self.removed)


__all__ = ["RemovalPreview", "RemoveDocuments", "RemovedDocument", "preview_removal", "remove_documents",
           "restore_documents"]
