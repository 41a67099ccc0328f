"""Span operations of :class:`~annotator.store.project.Project`.

Offsets are code points into the stored text, end exclusive. The snapshot
``text`` always equals ``document.text[start:end]``; a trigger in the schema
enforces it for every write, whichever code path makes it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.core.codebook import CodebookError, validate_attributes
from annotator.core.model import Span
from annotator.store.errors import NotFound, ProjectError
from annotator.store.events import Change, new_guid, now

if TYPE_CHECKING:
    from annotator.store.project import Project

_SPAN_COLUMNS = 'id, guid, document_id, code_id, coder_id, start, "end", text, memo, attributes, created, modified'
_UNSET: Any = object()


EXCERPT_CHARS = 200


class SpanListing(NamedTuple):
    """A span as a list of many spans shows it (see :meth:`SpansMixin.span_listing`)."""

    id: int
    document_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    excerpt: str  # the first EXCERPT_CHARS characters of the span's text
    memo: str

    @classmethod
    def of(cls, span: Span) -> "SpanListing":
        return cls(span.id, span.document_id, span.code_id, span.coder_id, span.start, span.end,
                   span.text[:EXCERPT_CHARS], span.memo)


def _span(row: tuple) -> Span:
    return Span(*row[:9], json.loads(row[9]), row[10], row[11])


class SpanRecord(NamedTuple):
    """One span of a bulk load, with everything resolved to ids (a named tuple: a load
    makes hundreds of thousands)."""

    document_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    memo: str = ""
    attributes: dict[str, Any] | None = None
    guid: str | None = None
    created: str | None = None
    modified: str | None = None
    text: str | None = None  # when the source carries it (JSONL, REFI-QDA); checked, never trusted


def _check_codable(code: Any) -> None:
    if not code.codable:
        raise ProjectError(f"{code.name!r} is a category: it groups codes and cannot be applied to text")


class SpansMixin:
    def _slice(self: "Project", doc_id: int, start: int, end: int) -> str:
        """``text[start:end]`` of a document, checked against its length, without loading it whole."""
        row = self._one("SELECT char_count, substr(text, ?, ?) FROM documents WHERE id = ?",
                        (start + 1, max(end - start, 0), doc_id))
        if row is None:
            raise NotFound(f"no document with id {doc_id}")
        if not 0 <= start < end <= row[0]:
            raise ProjectError(f"span {start}:{end} is outside document {doc_id} (0:{row[0]}) or empty")
        return row[1]

    def _clean_attributes(self: "Project", code_id: int, attributes: dict[str, Any] | None) -> str:
        code = self.code(code_id)
        _check_codable(code)
        try:
            return json.dumps(validate_attributes(code.attributes, attributes, code.name), ensure_ascii=False)
        except CodebookError as exc:
            raise ProjectError(str(exc)) from None

    def add_span(
        self: "Project",
        document_id: int,
        code_id: int,
        coder_id: int,
        start: int,
        end: int,
        *,
        memo: str = "",
        attributes: dict[str, Any] | None = None,
        guid: str | None = None,
    ) -> Span:
        """Create and commit a span. Attribute values are checked against the code's fields."""

        text = self._slice(document_id, start, end)
        attrs = self._clean_attributes(code_id, attributes)
        self.coder(coder_id)
        stamp = now()
        with self.transaction():
            cur = self.db.execute(
                f"INSERT INTO spans ({_SPAN_COLUMNS}) VALUES (NULL,?,?,?,?,?,?,?,?,?,?,?)",
                (guid or new_guid(), document_id, code_id, coder_id, start, end, text, memo, attrs, stamp, stamp),
            )
            self._mark_in_progress(document_id, coder_id)
            self._changed(Change("spans", (cur.lastrowid,), (document_id,)))
        return self.span(cur.lastrowid)

    def add_spans(self: "Project", records: Iterable[SpanRecord]) -> int:
        """Bulk load, in one transaction: all records or none. Returns how many were added.
        Every record is checked in Python (see :mod:`annotator.store.bulk`); records grouped
        by document read each document's text once."""
        from annotator.store.bulk import checked_rows, insert_rows

        stamp = now()
        rows = checked_rows(self, records, stamp, new_guid)
        docs = sorted({r[1] for r in rows})
        pairs = sorted({(r[1], r[3]) for r in rows})
        try:
            with self.transaction():
                insert_rows(self, rows)
                self.db.conn.executemany(
                    "INSERT OR IGNORE INTO doc_status (document_id, coder_id, status, modified)"
                    " VALUES (?, ?, 'in-progress', ?)", [(d, c, stamp) for d, c in pairs]
                )
                self._changed(Change("spans", (), tuple(docs)))
        except sqlite3.IntegrityError as exc:
            raise ProjectError(f"spans not loaded: {exc}") from None
        return len(rows)

    def span(self: "Project", span_id: int) -> Span:
        row = self._one(f"SELECT {_SPAN_COLUMNS} FROM spans WHERE id = ?", (span_id,))
        if row is None:
            raise NotFound(f"no span with id {span_id}")
        return _span(row)

    def spans_where(self: "Project", where: str = "1", params: tuple | list = ()) -> list[Span]:
        return [_span(r) for r in self.db.execute(
            f"SELECT {_SPAN_COLUMNS} FROM spans WHERE {where} ORDER BY document_id, start, \"end\", id", params)]

    def spans_for_document(self: "Project", document_id: int, coder_id: int | None = None) -> list[Span]:
        """A document's spans in text order (one coder's, or everyone's)."""
        if coder_id is None:
            return self.spans_where("document_id = ?", (document_id,))
        return self.spans_where("document_id = ? AND coder_id = ?", (document_id, coder_id))

    def span_count(self: "Project", coder_id: int | None = None) -> int:
        """How many spans (one coder's, or everyone's)."""
        if coder_id is None:
            return self._one("SELECT count(*) FROM spans")[0]
        return self._one("SELECT count(*) FROM spans WHERE coder_id = ?", (coder_id,))[0]

    def span_counts_by_document(self: "Project", coder_id: int | None = None,
                                document_ids: Iterable[int] | None = None) -> dict[int, int]:
        """Document id -> number of spans (one coder's, or everyone's), for all documents
        or only *document_ids*; one indexed GROUP BY."""
        return {d: n for (d, _c), n in self._tally("document_id, NULL", coder_id, document_ids).items()}

    def span_counts_by_document_and_code(self: "Project", coder_id: int | None = None,
                                         document_ids: Iterable[int] | None = None) -> dict[tuple[int, int], int]:
        """(document id, code id) -> number of spans; lets a view recount only the documents a change names."""
        return self._tally("document_id, code_id", coder_id, document_ids)

    def _tally(self: "Project", columns: str, coder_id: int | None,
               document_ids: Iterable[int] | None) -> dict[tuple[int, int], int]:
        where, params = ["1"], []
        if coder_id is not None:
            where.append("coder_id = ?")
            params.append(coder_id)
        if document_ids is not None:
            docs = sorted(set(document_ids))
            where.append(f"document_id IN ({','.join('?' * len(docs))})" if docs else "0")
            params.extend(docs)
        # the covering index, even for one coder: through spans_of_coder SQLite would read every row for its code
        rows = self.db.execute(f"SELECT {columns}, count(*) FROM spans INDEXED BY spans_for_counts"
                               f" WHERE {' AND '.join(where)} GROUP BY 1, 2", params)
        return {(d, c): n for d, c, n in rows.fetchall()}

    def span_listing(self: "Project", coder_id: int | None = None,
                     document_id: int | None = None, *, ordered: bool = False) -> list[SpanListing]:
        """Every span (one coder's, or everyone's; of one document, or all), light enough for
        a list of 200,000: no attributes, text cut to an excerpt; in no particular order, or
        with *ordered* in text order (document, start, end, id), sorted by SQLite rather than Python."""
        sql = (f'SELECT id, document_id, code_id, coder_id, start, "end", substr(text, 1, {EXCERPT_CHARS}), memo'
               " FROM spans")
        where = [(c, v) for c, v in (("coder_id", coder_id), ("document_id", document_id)) if v is not None]
        if where:
            sql += " WHERE " + " AND ".join(f"{c} = ?" for c, _ in where)
        if ordered:
            sql += ' ORDER BY document_id, start, "end", id'
        rows = self.db.execute(sql, [v for _, v in where])
        return list(map(SpanListing._make, rows.fetchall()))

    def span_listing_page(self: "Project", coder_id: int | None, after: tuple[int, int, int, int] | None,
                          limit: int | None) -> list[SpanListing]:
        """The next *limit* spans (all with None) in text order (document, start, end, id) after
        the key *after* (from the start with None): a list shows 200,000 spans a page at a time."""
        where, params = [], []
        if coder_id is not None:
            where.append("coder_id = ?")
            params.append(coder_id)
        if after is not None:
            where.append('(document_id, start, "end", id) > (?, ?, ?, ?)')
            params.extend(after)
        sql = (f'SELECT id, document_id, code_id, coder_id, start, "end", substr(text, 1, {EXCERPT_CHARS}), memo'
               # in the text-order index: through spans_of_coder each page would sort a whole document's spans
               " FROM spans INDEXED BY spans_of_document" + (" WHERE " + " AND ".join(where) if where else "")
               + ' ORDER BY document_id, start, "end", id')
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return list(map(SpanListing._make, self.db.execute(sql, params).fetchall()))

    def delete_span(self: "Project", span_id: int) -> Span:
        """Delete a span; returns it, so undo can :meth:`restore_span` it."""

        span = self.span(span_id)
        with self.transaction():
            self.db.execute("DELETE FROM spans WHERE id = ?", (span_id,))
            self._changed(Change("spans", (span_id,), (span.document_id,)))
        return span

    def restore_span(self: "Project", span: Span) -> None:
        """Put back a span exactly as it was (same id, guid and timestamps)."""

        with self.transaction():
            self.db.execute(
                f"INSERT INTO spans ({_SPAN_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (span.id, span.guid, span.document_id, span.code_id, span.coder_id, span.start, span.end,
                 span.text, span.memo, json.dumps(span.attributes, ensure_ascii=False), span.created, span.modified),
            )
            self._changed(Change("spans", (span.id,), (span.document_id,)))

    def update_span(
        self: "Project",
        span_id: int,
        *,
        code_id: int = _UNSET,
        start: int = _UNSET,
        end: int = _UNSET,
        memo: str = _UNSET,
        attributes: dict[str, Any] = _UNSET,
    ) -> Span:
        """Recode, resize, or edit memo/attributes; returns the span as it was before.

        On recode, attribute values the new code does not declare are dropped
        (undo brings them back with :meth:`put_span`)."""

        old = self.span(span_id)
        new = old
        if code_id is not _UNSET and code_id != old.code_id:
            target = self.code(code_id)
            _check_codable(target)
            fields = {f.name for f in target.attributes}
            new = replace(new, code_id=code_id, attributes={k: v for k, v in old.attributes.items() if k in fields})
        if start is not _UNSET or end is not _UNSET:
            s = old.start if start is _UNSET else start
            e = old.end if end is _UNSET else end
            new = replace(new, start=s, end=e, text=self._slice(old.document_id, s, e))
        if memo is not _UNSET:
            new = replace(new, memo=memo)
        if attributes is not _UNSET:
            new = replace(new, attributes=json.loads(self._clean_attributes(new.code_id, attributes)))
        # values stored before the codebook changed are not re-checked by a memo edit or a resize:
        # a span must stay editable when its code drops or retypes a field
        if new == old:
            return old
        self.put_span(replace(new, modified=now()))
        return old

    def put_span(self: "Project", span: Span) -> None:
        """Write every field of an existing span (used by update and by undo)."""

        with self.transaction():
            cur = self.db.execute(
                'UPDATE spans SET code_id = ?, start = ?, "end" = ?, text = ?, memo = ?, attributes = ?,'
                " modified = ? WHERE id = ?",
                (span.code_id, span.start, span.end, span.text, span.memo,
                 json.dumps(span.attributes, ensure_ascii=False), span.modified, span.id),
            )
            if cur.rowcount != 1:
                raise NotFound(f"no span with id {span.id}")
            self._changed(Change("spans", (span.id,), (span.document_id,)))

    def merge_codes(self: "Project", source_id: int, target_id: int) -> tuple[list[Span], Any]:
        """Move every span of *source* to *target* and delete *source*.
        Returns (the moved spans as they were, the deleted code) for undo."""
        if source_id == target_id:
            raise ProjectError("a code cannot be merged into itself")
        target = self.code(target_id)
        spans = self.spans_where("code_id = ?", (source_id,))
        with self.transaction():
            for s in spans:
                self.update_span(s.id, code_id=target.id)
            code, _ = self.delete_code(source_id)
        return spans, code

