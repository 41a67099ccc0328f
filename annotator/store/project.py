"""The :class:`Project`: every read and write of a project file goes through it.

Each public write method is one transaction, committed before it returns:
there is no unsaved state. After a commit, subscribers receive a
:class:`Change` naming what changed, so views refresh from one signal.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.model import Coder, DocStatus, Document, DocumentSummary, NewDocument
from annotator.core.text import sha256_text
from annotator.store.codes import CodesMixin
from annotator.store.events import Change, coalesce, new_guid, now
from annotator.store.errors import DuplicateDocument, NotFound, ProjectBusy, ProjectError, ReadOnlyProject, is_busy
from annotator.store.opening import BUSY_TIMEOUT_MS, open_database, open_read_only
from annotator.store.spans import SpansMixin

#: How long a write waits for another process's write lock before :class:`ProjectBusy`
#: (the window waits less and asks; see :attr:`Project.lock_wait`).
LOCK_WAIT_S = 120.0
#: Each attempt at the write lock blocks this long at most (SQLite polls within it);
#: between attempts :attr:`Project.on_lock_wait` runs (the window keeps painting there).
LOCK_POLL_MS = 20
#: A transaction that held the write lock longer than this sleeps :data:`YIELD_S` after
#: its commit, so a writer waiting in another process (a coder's edit) gets its turn
#: before a long writer's next batch.
YIELD_AFTER_S = 0.05
YIELD_S = 0.015

_DOC_COLUMNS = "id, guid, title, source, url, published, filename, text, sha256, char_count, metadata, imported_at"
_SUMMARY_COLUMNS = "id, title, source, published, filename, char_count, sha256"
_INSERT_DOCUMENT = ("INSERT INTO documents (guid, title, source, url, published, filename, text, sha256, char_count,"
                    " metadata, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")


class Project(CodesMixin, SpansMixin):
    """An open project file."""

    def __init__(self, path: str | Path, *, create: bool = True, read_only: bool = False, read_only_reason: str = ""):
        """*read_only*: an existing project, opened without writing a byte to it
        (every read works; a write raises :class:`ReadOnlyProject` naming
        *read_only_reason*). Opening a project this process cannot write without
        *read_only* raises :class:`ReadOnlyProject`, before anything is written."""
        self.path = Path(path)
        self.read_only = read_only
        self.read_only_reason = read_only_reason or "it was opened for reading only"
        self.db = open_read_only(self.path) if read_only else open_database(self.path, create=create)
        self._listeners: list[Callable[[Change], None]] = []
        self._depth = 0
        self._pending: list[Change] = []
        #: Seconds a write waits for another process's write lock before :class:`ProjectBusy`.
        self.lock_wait = LOCK_WAIT_S
        #: Called as ``on_lock_wait(seconds_waited)`` between attempts at the write lock;
        #: returning False gives up at once (:class:`ProjectBusy`).
        self.on_lock_wait: Callable[[float], bool | None] | None = None

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def prepare_writes(self) -> None:
        """Load what writes go through (sqlite-utils) now, e.g. when the window is idle after
        its start, rather than in the first edit (:mod:`annotator.store.connection`)."""
        if not self.read_only:
            _ = self.db.utils

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions and change events ---------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator["Project"]:
        """One transaction (a savepoint when nested). Changes are announced after
        the outermost transaction commits (one per kind, :func:`~annotator.store.events.coalesce`),
        and dropped if it rolls back.

        The outermost one takes the write lock at once (``BEGIN IMMEDIATE``),
        waiting for another process's lock up to :attr:`lock_wait` seconds a few
        ms at a time (calling :attr:`on_lock_wait` in between), so nothing is
        changed before the lock is ours and a lock held by others never surfaces
        half-way through an edit."""
        if self.read_only:
            raise ReadOnlyProject(f"{self.path}: the project is open read-only ({self.read_only_reason}); "
                                  "nothing can be changed")
        outer = not self.db.conn.in_transaction
        if outer:
            self._begin()
            locked_at = time.monotonic()
        self._depth += 1
        mark = len(self._pending)
        try:
            if outer:
                try:
                    yield self
                except BaseException:
                    self.db.rollback()
                    raise
                try:
                    self.db.execute("COMMIT")
                except BaseException:
                    self.db.rollback()
                    raise
            else:
                with self.db.atomic():
                    yield self
        except BaseException:
            del self._pending[mark:]
            raise
        finally:
            self._depth -= 1
        if outer and time.monotonic() - locked_at > YIELD_AFTER_S:
            time.sleep(YIELD_S)  # a waiting writer's turn: long writers commit in short batches
        if self._depth == 0:
            pending, self._pending = self._pending, []
            for change in coalesce(pending):
                for listener in list(self._listeners):
                    listener(change)

    def _begin(self) -> None:
        """``BEGIN IMMEDIATE``, retried while another connection holds the write lock."""
        start = time.monotonic()
        self.db.execute(f"PRAGMA busy_timeout = {LOCK_POLL_MS}")
        try:
            while True:
                try:
                    self.db.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not is_busy(exc):
                        raise
                waited = time.monotonic() - start
                give_up = waited >= self.lock_wait
                if not give_up and self.on_lock_wait is not None:
                    give_up = self.on_lock_wait(waited) is False
                if give_up:
                    raise ProjectBusy(
                        f"{self.path}: another program is writing to the project file (an import, merge or "
                        f"align in a terminal, or another window?) and did not let go within {waited:.1f} s")
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

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
        row = (guid or new_guid(), doc.title, doc.source, doc.url, doc.published, doc.filename, doc.text, digest,
               len(doc.text), json.dumps(doc.metadata, ensure_ascii=False), now())
        if self.read_only or not self.db.conn.in_transaction:
            with self.transaction():
                return self.add_document(doc, guid=row[0])
        # inside a transaction (an import's batch) one statement needs no savepoint: it is atomic,
        # the full-text index's trigger included, and nothing is announced unless it succeeds
        doc_id = self.db.conn.execute(_INSERT_DOCUMENT, row).lastrowid
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
