"""The JSONL span format: one coded span per line. A stable exchange format.

Each line is one JSON object (UTF-8, ``\\n`` line ends)::

    {"document_id": 3, "document_sha256": "9f86d0...", "document_title": "...",
     "outlet": "Associated Press", "coder": "ana", "code": "actors/politician",
     "start": 10, "end": 42, "text": "...", "memo": "", "attributes": {"speaker": "Aliyev"},
     "created": "2026-11-23T08:00:00+00:00", "modified": "2026-11-23T08:00:00+00:00",
     "guid": "6F9619FF-8B86-D011-B42D-00CF4FC964FF"}

Fields:

- ``document_sha256`` -- sha256 (hex) of the document's UTF-8 text, as stored
  (LF line ends, no BOM). Documents are matched by it; ``document_id`` is used
  only when no hash is given (ids differ between projects).
- ``coder`` -- the coder's name; ``code`` -- the code's full path, names joined
  by ``/`` for nested codes. Both are required.
- ``start``, ``end`` -- offsets in Unicode code points (Python string indices)
  into the stored text, end exclusive, ``0 <= start < end <= len(text)``.
- ``text`` -- optional; when given it must equal ``text[start:end]`` of the
  document, which catches offsets computed on a different text.
- ``memo`` (string), ``attributes`` (object, checked against the code's
  declared fields), ``created``, ``modified`` (ISO 8601), ``guid`` -- optional.
- ``document_title``, ``outlet``, ``context_before``, ``context_after`` and any
  other key are informative and ignored on import.

A file is read as spans when its first record has ``start``, ``end`` and ``code``.

Import rules: codes missing from the project are created (parents too) and
reported; codes created this way declare the attribute fields their spans use
(``number`` when every value is a number, else ``text``). Missing coders are
created and reported. A record that names an unknown document, has invalid
offsets, a ``text`` that does not match, or attribute values the code refuses
is rejected with its line number; the rest of the file is loaded in one
transaction. A span whose ``guid`` is already in the project is skipped, so
loading the same file twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.core.codebook import AttributeField, CodebookError, validate_attributes
from annotator.io.errors import ImportProblem
from annotator.store import Project
from annotator.store.errors import ProjectError
from annotator.store.spans import SpanRecord

#: Keys written for each span, in order (exports add ``context_before`` and ``context_after``).
FIELDS = ("document_id", "document_sha256", "document_title", "outlet", "coder", "code", "start", "end",
          "text", "memo", "attributes", "created", "modified", "guid")
_GUID_QUERY_CHUNK = 500


def is_span_record(fields: dict[str, Any]) -> bool:
    return "start" in fields and "end" in fields and "code" in fields


@dataclass
class SpanLoad:
    """What loading one span file did."""

    spans_added: int = 0
    already_present: int = 0
    codes_created: list[str] = field(default_factory=list)
    coders_created: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class _Resolver:
    """Names and hashes to ids, each looked up once per file."""

    def __init__(self, project: Project, path: Path, load: SpanLoad):
        self.project, self.path, self.load = project, path, load
        rows = project.db.execute("SELECT id, sha256, char_count FROM documents").fetchall()
        self.by_sha = {sha: (doc_id, n) for doc_id, sha, n in rows}
        self.by_id = {doc_id: n for doc_id, _, n in rows}
        self.codes = {path: cid for cid, path in project.code_paths().items()}
        self.fields: dict[int, tuple[AttributeField, ...]] = {}
        self.names: dict[int, str] = {}
        self.created_codes: dict[int, dict[str, set[bool]]] = {}  # code id -> attribute -> "is a number"
        self.coders = {c.name: c.id for c in project.coders()}
        self.text_of: tuple[int, str] = (0, "")

    def problem(self, reason: str, line: int) -> ImportProblem:
        return ImportProblem(self.path, reason, line=line)

    def document(self, rec: dict[str, Any], line: int) -> tuple[int, int]:
        sha = rec.get("document_sha256")
        if sha:
            found = self.by_sha.get(str(sha).strip().lower())
            if found is None:
                raise self.problem(f"no document with sha256 {sha} in the project", line)
            return found
        doc_id = rec.get("document_id")
        if isinstance(doc_id, bool) or not isinstance(doc_id, int):
            raise self.problem("the record names no document (give document_sha256 or document_id)", line)
        if doc_id not in self.by_id:
            raise self.problem(f"no document with id {doc_id} in the project", line)
        return doc_id, self.by_id[doc_id]

    def text(self, doc_id: int, start: int, end: int) -> str:
        """``text[start:end]`` of a document; the last document read is kept (records come sorted)."""
        if self.text_of[0] != doc_id:
            row = self.project.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            self.text_of = (doc_id, row[0])
        return self.text_of[1][start:end]

    def code(self, raw: Any, line: int) -> int:
        if not isinstance(raw, str) or not raw.strip():
            raise self.problem("'code' must be a non-empty code path such as \"actors/politician\"", line)
        names = [n.strip() for n in raw.split("/")]
        if not all(names):
            raise self.problem(f"code path {raw!r} has an empty name", line)
        path = "/".join(names)
        if path in self.codes:
            return self.codes[path]
        parent: int | None = None
        for depth in range(1, len(names) + 1):
            prefix = "/".join(names[:depth])
            if prefix not in self.codes:
                try:
                    code = self.project.add_code(names[depth - 1], parent_id=parent)
                except ProjectError as exc:
                    raise self.problem(str(exc), line) from None
                self.codes[prefix] = code.id
                self.created_codes[code.id] = {}
                self.load.codes_created.append(prefix)
            parent = self.codes[prefix]
        return self.codes[path]

    def coder(self, raw: Any, line: int) -> int:
        if not isinstance(raw, str) or not raw.strip():
            raise self.problem("'coder' must be a non-empty name", line)
        name = raw.strip()
        if name not in self.coders:
            self.coders[name] = self.project.ensure_coder(name).id
            self.load.coders_created.append(name)
        return self.coders[name]

    def attributes(self, code_id: int, raw: Any, line: int) -> dict[str, Any] | None:
        if raw is None or raw == {}:
            return None
        if not isinstance(raw, dict):
            raise self.problem(f"'attributes' must be an object, not {type(raw).__name__}", line)
        if code_id in self.created_codes:  # fields are declared from what the file uses
            seen = self.created_codes[code_id]
            for key, value in raw.items():
                seen.setdefault(str(key), set()).add(isinstance(value, (int, float)) and not isinstance(value, bool))
            return raw
        if code_id not in self.fields:
            code = self.project.code(code_id)
            self.fields[code_id], self.names[code_id] = code.attributes, code.name
        try:
            return validate_attributes(self.fields[code_id], raw, self.names[code_id]) or None
        except CodebookError as exc:
            raise self.problem(str(exc), line) from None


def _int(rec: dict[str, Any], key: str) -> int | None:
    value = rec.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _parse(res: _Resolver, rec: dict[str, Any], line: int) -> tuple[SpanRecord, str | None]:
    """The record resolved to ids, and the text it claims (checked later, document by document)."""
    doc_id, length = res.document(rec, line)
    start, end = _int(rec, "start"), _int(rec, "end")
    if start is None or end is None:
        raise res.problem("'start' and 'end' must be whole numbers", line)
    if not 0 <= start < end <= length:
        raise res.problem(f"offsets {start}:{end} are outside the document (0:{length}) or empty", line)
    text = rec.get("text")
    if text is not None and not isinstance(text, str):
        raise res.problem("'text' must be a string", line)
    memo = rec.get("memo") or ""
    if not isinstance(memo, str):
        raise res.problem("'memo' must be a string", line)
    for key in ("guid", "created", "modified"):
        if rec.get(key) is not None and not isinstance(rec[key], str):
            raise res.problem(f"'{key}' must be a string", line)
    code_id = res.code(rec.get("code"), line)
    coder_id = res.coder(rec.get("coder"), line)
    attributes = res.attributes(code_id, rec.get("attributes"), line)
    return SpanRecord(doc_id, code_id, coder_id, start, end, memo, attributes,
                      rec.get("guid") or None, rec.get("created") or None, rec.get("modified") or None), text


def _check_texts(res: _Resolver, kept: list[tuple[int, SpanRecord, str | None]]) -> list[tuple[int, SpanRecord, str | None]]:
    """Drop (and report) records whose ``text`` differs from the document; *kept* is sorted by document."""
    out = []
    for line, rec, text in kept:
        if text is not None:
            actual = res.text(rec.document_id, rec.start, rec.end)
            if text != actual:
                res.load.errors.append(str(res.problem(
                    f"'text' does not match the document at {rec.start}:{rec.end} "
                    f"(file: {text[:40]!r}, document: {actual[:40]!r})", line)))
                continue
        out.append((line, rec, text))
    return out


def _existing_guids(project: Project, guids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(guids), _GUID_QUERY_CHUNK):
        chunk = guids[i:i + _GUID_QUERY_CHUNK]
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in project.db.execute(f"SELECT guid FROM spans WHERE guid IN ({marks})", chunk))
    return found


def _declare_fields(res: _Resolver, kept: list[tuple[int, SpanRecord, str | None]]) -> list[tuple[int, SpanRecord, str | None]]:
    """Give codes created by this file the attribute fields their spans use; then check those spans."""
    for code_id, seen in res.created_codes.items():
        if seen:
            fields = tuple(AttributeField(name, "number" if all(kinds) else "text") for name, kinds in seen.items())
            res.project.update_code(code_id, attributes=fields)
            res.fields[code_id] = fields
            res.names[code_id] = res.project.code(code_id).name
    out = []
    for line, rec, text in kept:
        if rec.code_id in res.created_codes and rec.attributes:
            try:
                attrs = validate_attributes(res.fields.get(rec.code_id, ()), rec.attributes,
                                            res.names.get(rec.code_id, ""))
            except CodebookError as exc:
                res.load.errors.append(str(res.problem(str(exc), line)))
                continue
            rec = replace(rec, attributes=attrs or None)
        out.append((line, rec, text))
    return out


def _line_of(message: str) -> int:
    head, _, rest = message.partition(", line ")
    digits = rest.split(":", 1)[0]
    return int(digits) if digits.isdigit() else 0


def load_spans(project: Project, path: Path, records: Iterable[tuple[int, dict[str, Any] | ImportProblem]]) -> SpanLoad:
    """Load the span records of one file (see the module docstring for the rules).

    Runs inside the caller's transaction; raises :class:`ImportProblem` when the
    file as a whole cannot be loaded. Rejected records are listed in ``errors``."""
    load = SpanLoad()
    res = _Resolver(project, path, load)
    kept: list[tuple[int, SpanRecord, str | None]] = []
    guid_lines: dict[str, int] = {}
    for line, rec in records:
        if isinstance(rec, ImportProblem):
            load.errors.append(str(rec))
            continue
        try:
            span, text = _parse(res, rec, line)
        except ImportProblem as exc:
            load.errors.append(str(exc))
            continue
        if span.guid:
            if span.guid in guid_lines:
                load.errors.append(str(res.problem(f"guid {span.guid} repeats line {guid_lines[span.guid]}", line)))
                continue
            guid_lines[span.guid] = line
        kept.append((line, span, text))
    # in document and text order: each document is read once, and the inserts walk the indexes in order
    kept.sort(key=lambda item: (item[1].document_id, item[1].start, item[1].end, item[0]))
    kept = _check_texts(res, kept)
    if res.created_codes:
        kept = _declare_fields(res, kept)
    present = _existing_guids(project, list(guid_lines))
    if present:
        load.already_present = sum(1 for _, r, _ in kept if r.guid in present)
        kept = [item for item in kept if item[1].guid not in present]
    load.errors.sort(key=lambda message: _line_of(message))
    try:
        load.spans_added = project.add_spans(r for _, r, _ in kept)
    except ProjectError as exc:
        raise ImportProblem(path, f"no spans loaded: {exc}") from None
    return load
