"""Bulk span loads: every row checked in Python, then inserted without per-row triggers.

The schema's insert triggers (``spans_text_matches_insert``, ``spans_code_codable_insert``)
read the document's text and the code for every row. A bulk load checks the same two
invariants in Python instead, reading each document's text once (records are grouped by
document by every caller that loads many), and for a large batch suspends those two
triggers for the length of its transaction: they are dropped and created again, from
the SQL stored in the file, inside the same transaction, so a crash or an error rolls
the schema back with the rows. Every other write path keeps the triggers.

When the batch is large relative to the table, the secondary indexes of ``spans`` are
dropped too and built again after the insert (one sort per index instead of a B-tree
insert per row); the ``guid`` uniqueness index always stays.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from annotator.core.codebook import CodebookError, validate_attributes
from annotator.store.errors import ProjectError

if TYPE_CHECKING:
    from annotator.store.project import Project
    from annotator.store.spans import SpanRecord

#: From this many rows a load suspends the per-row insert triggers (it checks in Python either way).
SUSPEND_TRIGGERS_FROM = 2_000
#: From this many rows, and at least as many as the table holds, the secondary indexes are rebuilt.
REBUILD_INDEXES_FROM = 20_000
#: The insert triggers whose checks :func:`checked_rows` makes in Python.
CHECKED_TRIGGERS = ("spans_text_matches_insert", "spans_code_codable_insert")

INSERT = ('INSERT INTO spans (guid, document_id, code_id, coder_id, start, "end", text, memo, attributes,'
          " created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?)")


class _Texts:
    """Document texts, the last one read kept (callers group records by document)."""

    def __init__(self, project: "Project"):
        self.db = project.db
        self.doc_id = -1
        self.text = ""

    def of(self, doc_id: int) -> str:
        if doc_id != self.doc_id:
            row = self.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise ProjectError(f"spans not loaded: no document with id {doc_id}")
            self.doc_id, self.text = doc_id, row[0]
        return self.text


def checked_rows(project: "Project", records: Iterable["SpanRecord"], stamp: str,
                 new_guid: Any) -> list[tuple]:
    """The INSERT rows of *records*, each checked: offsets inside the document, ``text``
    (when given) equal to ``text[start:end]``, the code codable and the attributes valid.
    Raises :class:`ProjectError` naming the first span that fails. *records* are unpacked
    by position (:class:`SpanRecord` order), so a bulk loader may pass plain tuples."""
    texts = _Texts(project)
    codes: dict[int, Any] = {}
    rows = []
    append = rows.append
    doc_text_id, text = -1, ""
    for (doc_id, code_id, coder_id, start, end, memo, attributes, guid, created, modified, given) in records:
        if doc_id != doc_text_id:
            text, doc_text_id = texts.of(doc_id), doc_id
        if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(text):
            raise ProjectError(f"spans not loaded: span {start}:{end} is outside document {doc_id} "
                               f"(0:{len(text)}) or empty"
                               + ("; its text does not match the document text" if given is not None else ""))
        piece = text[start:end]
        if given is not None and given != piece:
            raise ProjectError(f"spans not loaded: span text does not match the document text at {start}:{end} "
                               f"of document {doc_id} (given {given[:40]!r}, document {piece[:40]!r})")
        code = codes.get(code_id)
        if code is None:
            code = codes[code_id] = project.code(code_id)
            if not code.codable:
                raise ProjectError(f"{code.name!r} is a category: it groups codes and cannot be applied to text")
        attrs = "{}"
        if attributes:
            try:
                clean = validate_attributes(code.attributes, attributes, code.name)
            except CodebookError as exc:
                raise ProjectError(str(exc)) from None
            if clean:
                attrs = json.dumps(clean, ensure_ascii=False)
        created = created or stamp
        append((guid or new_guid(), doc_id, code_id, coder_id, start, end, piece, memo, attrs,
                created, modified or created))
    return rows


def _schema_sql(project: "Project", kind: str, names: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    rows = project.db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = ? AND tbl_name = 'spans' AND sql IS NOT NULL ORDER BY name",
        (kind,)).fetchall()
    # a unique index stays: it is a constraint the load must meet row by row
    return [(n, s) for n, s in rows
            if (names is None or n in names) and not s.lstrip().upper().startswith("CREATE UNIQUE")]


def insert_rows(project: "Project", rows: list[tuple]) -> None:
    """Insert checked *rows* (from :func:`checked_rows`); call inside a transaction."""
    conn = project.db.conn
    dropped: list[tuple[str, str, str]] = []
    if len(rows) >= SUSPEND_TRIGGERS_FROM:
        dropped += [("TRIGGER", n, s) for n, s in _schema_sql(project, "trigger", CHECKED_TRIGGERS)]
        if len(rows) >= REBUILD_INDEXES_FROM:
            existing = conn.execute("SELECT count(*) FROM spans").fetchone()[0]
            if len(rows) >= existing:
                dropped += [("INDEX", n, s) for n, s in _schema_sql(project, "index")]
    for kind, name, _ in dropped:
        conn.execute(f'DROP {kind} "{name}"')
    conn.executemany(INSERT, rows)
    for _, _, sql in dropped:
        conn.execute(sql)
