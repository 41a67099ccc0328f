"""The :class:`Project`: every read and write of a project file goes through it.

Each public write method is one transaction, committed before it returns:
there is no unsaved state. After a commit, subscribers receive a
:class:`Change` naming what changed, so views refresh from one signal.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from annotator.core.model import Coder, DocStatus, Document, DocumentSummary, NewDocument
from annotator.core.text import sha256_text
from annotator.store.codes import CodesMixin
from annotator.store.errors import DuplicateDocument, NotFound, ProjectError
from annotator.store.opening import open_database, open_read_only
from annotator.store.spans import SpansMixin


@dataclass(frozen=True)
class Change:
    """What a committed write touched. ``kind`` is one of
    ``documents``, ``codes``, ``coders``, ``spans``, ``status``, ``noise`` (page
    clutter regions) and ``passages`` (shared passages, from alignment).
    ``ids`` are the touched rows; ``document_ids`` the documents whose spans changed."""

    kind: str
    ids: tuple[int, ...] = ()
    document_ids: tuple[int, ...] = ()


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_guid() -> str:
    return str(uuid.uuid4()).upper()


_DOC_COLUMNS = "id, guid, title, source, url, published, filename, text, sha256, char_count, metadata, imported_at"
_SUMMARY_COLUMNS = "id, title, source, published, filename, char_count, sha256"


class Project(CodesMixin, SpansMixin):
    """An open project file."""

    def __init__(self, path: str | Path, *, create: bool = True, read_only: bool = False):
        """*read_only*: an existing project, opened without writing a byte to it
        (every read works; a write raises)."""
        self.path = Path(path)
        self.db = open_read_only(self.path) if read_only else open_database(self.path, create=create)
        self._listeners: list[Callable[[Change], None]] = []
        self._depth = 0
        self._pending: list[Change] = []

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions and change events ---------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator["Project"]:
        """One transaction (a savepoint when nested). Changes are announced after
        the outermost transaction commits, and dropped if it rolls back."""
        self._depth += 1
        mark = len(self._pending)
        try:
            with self.db.atomic():
                yield self
        except BaseException:
            del self._pending[mark:]
            raise
        finally:
            self._depth -= 1
        if self._depth == 0:
            pending, self._pending = self._pending, []
            for change in pending:
                for listener in list(self._listeners):
                    listener(change)

    def _changed(self, change: Change) -> None:
        self._pending.append(change)

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Change], None]) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    def _one(self, sql: str, params: tuple | list = ()) -> tuple | None:
        return self.db.execute(sql, params).fetchone()

    # -- settings -------------------------------------------------------------
    def setting(self, key: str, default: str = "") -> str:
        row = self._one("SELECT value FROM settings WHERE key = ?", (key,))
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))

    # -- documents ------------------------------------------------------------
    def add_document(self, doc: NewDocument, *, guid: str | None = None) -> int:
        """Store a new document; its text is final. Raises :class:`DuplicateDocument`
        when the same text (sha256) is already in the project."""
        digest = sha256_text(doc.text)
        existing = self._one("SELECT id, title FROM documents WHERE sha256 = ?", (digest,))
        if existing:
            raise DuplicateDocument(f"same text as document {existing[0]} ({existing[1]!r})", existing[0])
        if not doc.text:
            raise ProjectError("a document needs text")
        if "\x00" in doc.text:
            # SQLite's substr stops at NUL, so span checks could not see past one
            raise ProjectError(f"the text contains a NUL character at offset {doc.text.index(chr(0))}")
        with self.transaction():
            cur = self.db.execute(
                "INSERT INTO documents (guid, title, source, url, published, filename, text, sha256,"
                " char_count, metadata, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    guid or new_guid(), doc.title, doc.source, doc.url, doc.published, doc.filename,
                    doc.text, digest, len(doc.text), json.dumps(doc.metadata, ensure_ascii=False), now(),
                ),
            )
            doc_id = cur.lastrowid
            self._changed(Change("documents", (doc_id,)))
        return doc_id

    def document(self, doc_id: int) -> Document:
        row = self._one(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,))
        if row is None:
            raise NotFound(f"no document with id {doc_id}")
        return Document(*row[:10], json.loads(row[10]), row[11])

    def documents(self) -> list[DocumentSummary]:
        """All documents without their text, in import order."""
        return [DocumentSummary(*r) for r in self.db.execute(f"SELECT {_SUMMARY_COLUMNS} FROM documents ORDER BY id")]

    def document_count(self) -> int:
        return self._one("SELECT count(*) FROM documents")[0]

    def document_id_by_sha256(self, digest: str) -> int | None:
        row = self._one("SELECT id FROM documents WHERE sha256 = ?", (digest,))
        return row[0] if row else None

    def find_document(self, ref: str | int) -> DocumentSummary:
        """A document by id, sha256, file name or exact title (in that order)."""
        ref = str(ref).strip()
        for where, param in (("id = ?", ref if ref.isdigit() else None), ("sha256 = ?", ref),
                             ("filename = ?", ref), ("title = ?", ref)):
            if param is None:
                continue
            rows = self.db.execute(f"SELECT {_SUMMARY_COLUMNS} FROM documents WHERE {where}", (param,)).fetchall()
            if len(rows) == 1:
                return DocumentSummary(*rows[0])
            if len(rows) > 1:
                raise ProjectError(f"document {ref!r} is ambiguous: {len(rows)} documents match; use the id")
        raise NotFound(f"no document matches {ref!r} (give its id, sha256, file name or title)")

    # -- coders -----------------------------------------------------------------
    def coders(self) -> list[Coder]:
        return [Coder(*r) for r in self.db.execute("SELECT id, guid, name FROM coders ORDER BY name")]

    def coder(self, coder_id: int) -> Coder:
        row = self._one("SELECT id, guid, name FROM coders WHERE id = ?", (coder_id,))
        if row is None:
            raise NotFound(f"no coder with id {coder_id}")
        return Coder(*row)

    def coder_by_name(self, name: str) -> Coder | None:
        row = self._one("SELECT id, guid, name FROM coders WHERE name = ?", (name.strip(),))
        return Coder(*row) if row else None

    def ensure_coder(self, name: str, *, guid: str | None = None) -> Coder:
        """The coder called *name*, created if new."""
        name = name.strip()
        if not name:
            raise ProjectError("a coder needs a name")
        found = self.coder_by_name(name)
        if found:
            return found
        with self.transaction():
            cur = self.db.execute("INSERT INTO coders (guid, name) VALUES (?, ?)", (guid or new_guid(), name))
            self._changed(Change("coders", (cur.lastrowid,)))
        return self.coder(cur.lastrowid)

    # -- per-coder document status ------------------------------------------------
    def set_status(self, doc_id: int, coder_id: int, status: DocStatus | str) -> DocStatus:
        """Set a coder's status on a document; returns the previous status."""
        status = DocStatus(status)
        previous = self.status(doc_id, coder_id)
        self.document(doc_id)
        self.coder(coder_id)
        with self.transaction():
            self.db.execute(
                "INSERT INTO doc_status (document_id, coder_id, status, modified) VALUES (?,?,?,?)"
                " ON CONFLICT (document_id, coder_id) DO UPDATE SET status = excluded.status,"
                " modified = excluded.modified",
                (doc_id, coder_id, status.value, now()),
            )
            self._changed(Change("status", (doc_id,), (doc_id,)))
        return previous

    def status(self, doc_id: int, coder_id: int) -> DocStatus:
        row = self._one("SELECT status FROM doc_status WHERE document_id = ? AND coder_id = ?", (doc_id, coder_id))
        return DocStatus(row[0]) if row else DocStatus.NOT_STARTED

    def statuses(self, coder_id: int) -> dict[int, DocStatus]:
        """Document id -> status for one coder (documents not listed are not started)."""
        rows = self.db.execute("SELECT document_id, status FROM doc_status WHERE coder_id = ?", (coder_id,))
        return {d: DocStatus(s) for d, s in rows}

    def _mark_in_progress(self, doc_id: int, coder_id: int) -> None:
        """A coder's first span on a document moves it from not started to in progress."""
        self.db.execute(
            "INSERT INTO doc_status (document_id, coder_id, status, modified) VALUES (?, ?, 'in-progress', ?)"
            " ON CONFLICT (document_id, coder_id) DO NOTHING",
            (doc_id, coder_id, now()),
        )


__all__ = ["Change", "Project"]
