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
is rejected with its line number. A file with any rejected record is refused
as a whole (:class:`~annotator.io.errors.BadRecords` lists every bad line) and
nothing from it is loaded; with ``skip_bad`` the good records are loaded and the
bad ones listed. Either way a file's records are loaded in one transaction.

Loading is idempotent: a span whose ``guid`` is already in the project, or that
is identical to a span already there (same document, coder, code, start and end;
memo and attributes are not compared), is skipped and counted as already present.
Loading the same file twice adds nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from annotator.core.codebook import AttributeField, CodebookError, validate_attributes
from annotator.io.errors import BadRecords, ImportProblem
from annotator.store import Project
from annotator.store.errors import ProjectError
from annotator.store.exchange import document_hashes, document_text, existing_span_guids, span_keys_in
from annotator.store.spans import SpanRecord

#: Keys written for each span, in order (exports add ``context_before`` and ``context_after``).
FIELDS = ("document_id", "document_sha256", "document_title", "outlet", "coder", "code", "start", "end",
          "text", "memo", "attributes", "created", "modified", "guid")


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


class _Parsed(NamedTuple):
    """One record, checked as far as it can be alone. ``code`` and ``coder`` are ids, or the
    path / name of one to create once the record has passed every check."""

    line: int
    document_id: int
    start: int
    end: int
    code: int | str
    coder: int | str
    memo: str
    attributes: dict[str, Any] | None
    guid: str | None
    created: str | None
    modified: str | None
    text: str | None


class _Resolver:
    """Names and hashes to ids, each looked up once per file."""

    def __init__(self, project: Project, path: Path, load: SpanLoad):
        self.project, self.path, self.load = project, path, load
        rows = document_hashes(project)
        self.by_sha = {sha: (doc_id, n) for doc_id, sha, n in rows}
        self.by_id = {doc_id: n for doc_id, _, n in rows}
        self.codes: dict[str, int] = {path: cid for cid, path in project.code_paths().items()}
        self.fields: dict[int, tuple[tuple[AttributeField, ...], str]] = {}
        self.coders: dict[str, int] = {c.name: c.id for c in project.coders()}
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

    def document_text(self, doc_id: int) -> str:
        """A document's text; the last document read is kept (records come sorted)."""
        if self.text_of[0] != doc_id:
            self.text_of = (doc_id, document_text(self.project, doc_id))
        return self.text_of[1]

    def code(self, raw: Any, line: int) -> int | str:
        if raw in self.codes:
            return self.codes[raw]
        if not isinstance(raw, str) or not raw.strip():
            raise self.problem("'code' must be a non-empty code path such as \"actors/politician\"", line)
        names = [n.strip() for n in raw.split("/")]
        if not all(names):
            raise self.problem(f"code path {raw!r} has an empty name", line)
        path = "/".join(names)
        return self.codes.get(path, path)

    def coder(self, raw: Any, line: int) -> int | str:
        if raw in self.coders:
            return self.coders[raw]
        if not isinstance(raw, str) or not raw.strip():
            raise self.problem("'coder' must be a non-empty name", line)
        return self.coders.get(raw.strip(), raw.strip())

    def attributes(self, code: int | str, raw: Any, line: int) -> dict[str, Any] | None:
        if raw is None or raw == {}:
            return None
        if not isinstance(raw, dict):
            raise self.problem(f"'attributes' must be an object, not {type(raw).__name__}", line)
        if isinstance(code, str):  # a new code: its fields are declared from what the file uses
            return raw
        if code not in self.fields:
            found = self.project.code(code)
            self.fields[code] = (found.attributes, found.name)
        fields, name = self.fields[code]
        try:
            return validate_attributes(fields, raw, name) or None
        except CodebookError as exc:
            raise self.problem(str(exc), line) from None

    def create_code(self, path: str, fields: tuple[AttributeField, ...]) -> int:
        """Create *path* (and its missing parents) and report each code created."""
        parent: int | None = None
        names = path.split("/")
        for depth in range(1, len(names) + 1):
            prefix = "/".join(names[:depth])
            if prefix not in self.codes:
                own = fields if depth == len(names) else ()
                try:
                    self.codes[prefix] = self.project.add_code(names[depth - 1], parent_id=parent, attributes=own).id
                except ProjectError as exc:
                    raise ImportProblem(self.path, str(exc)) from None
                self.load.codes_created.append(prefix)
            parent = self.codes[prefix]
        return self.codes[path]


def _parse(res: _Resolver, rec: dict[str, Any], line: int) -> _Parsed:
    # the common case (a known hash, code and coder, no attributes) is a few dictionary
    # look-ups; anything else takes the resolver's slower path, which explains what is wrong
    get = rec.get
    sha = get("document_sha256")
    found = res.by_sha.get(sha) if type(sha) is str else None
    doc_id, length = found if found is not None else res.document(rec, line)
    start, end = get("start"), get("end")
    if type(start) is not int or type(end) is not int:
        raise res.problem("'start' and 'end' must be whole numbers", line)
    if not 0 <= start < end <= length:
        raise res.problem(f"offsets {start}:{end} are outside the document (0:{length}) or empty", line)
    text, memo, guid, created, modified = get("text"), get("memo") or "", get("guid"), get("created"), get("modified")
    if not ((text is None or type(text) is str) and type(memo) is str and (guid is None or type(guid) is str)
            and (created is None or type(created) is str) and (modified is None or type(modified) is str)):
        for key, value in (("text", text), ("memo", memo), ("guid", guid), ("created", created),
                           ("modified", modified)):
            if value is not None and type(value) is not str:
                raise res.problem(f"'{key}' must be a string", line)
    raw = get("code")
    code = res.codes.get(raw) if type(raw) is str else None
    if code is None:
        code = res.code(raw, line)
    raw = get("coder")
    coder = res.coders.get(raw) if type(raw) is str else None
    if coder is None:
        coder = res.coder(raw, line)
    raw = get("attributes")
    attributes = None if raw is None or (type(raw) is dict and not raw) else res.attributes(code, raw, line)
    # tuple.__new__ skips the Python-level constructor of the named tuple: 200,000 records add up
    return tuple.__new__(_Parsed, (line, doc_id, start, end, code, coder, memo, attributes,
                                   guid or None, created or None, modified or None, text))


def _check_texts(res: _Resolver, kept: list[_Parsed]) -> list[_Parsed]:
    """Drop (and report) records whose ``text`` differs from the document; *kept* is sorted by document."""
    out = []
    append = out.append
    doc_id, text = -1, ""
    for p in kept:
        given = p[11]  # text
        if given is not None:
            if p[1] != doc_id:
                doc_id = p[1]
                text = res.document_text(doc_id)
            actual = text[p[2]:p[3]]
            if given != actual:
                res.load.errors.append(str(res.problem(
                    f"'text' does not match the document at {p.start}:{p.end} "
                    f"(file: {p.text[:40]!r}, document: {actual[:40]!r})", p.line)))
                continue
        append(p)
    return out


def _create_codes(res: _Resolver, kept: list[_Parsed]) -> list[_Parsed]:
    """Create the new codes the surviving records use, each declaring the attribute fields its
    spans use (``number`` when every value is a number); then check those spans' values."""
    seen: dict[str, dict[str, bool]] = {}
    for p in kept:
        if isinstance(p.code, str):
            fields = seen.setdefault(p.code, {})
            for key, value in (p.attributes or {}).items():
                is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
                fields[str(key)] = fields.get(str(key), True) and is_number
    ids = {path: res.create_code(path, tuple(AttributeField(k, "number" if num else "text")
                                             for k, num in fields.items()))
           for path, fields in seen.items()}
    out = []
    for p in kept:
        if isinstance(p.code, str):
            code_id = ids[p.code]
            attributes = p.attributes
            if attributes:
                try:
                    fields = res.project.code(code_id).attributes
                    attributes = validate_attributes(fields, attributes, p.code.rsplit("/", 1)[-1]) or None
                except CodebookError as exc:
                    res.load.errors.append(str(res.problem(str(exc), p.line)))
                    continue
            p = p._replace(code=code_id, attributes=attributes)
        out.append(p)
    return out


def _create_coders(res: _Resolver, kept: list[_Parsed]) -> list[_Parsed]:
    names = sorted({p.coder for p in kept if isinstance(p.coder, str)})
    for name in names:
        res.coders[name] = res.project.ensure_coder(name).id
        res.load.coders_created.append(name)
    return kept  # names are turned into ids by _records


def _existing_guids(project: Project, guids: list[str]) -> set[str]:
    return existing_span_guids(project, guids)


def _new_guids(count: int) -> Iterator[str]:
    """*count* upper-case random (version 4) UUIDs, as the store makes them, from one read of
    :func:`os.urandom` per thousand (:func:`uuid.uuid4` costs more than the insert)."""
    while count > 0:
        n = min(count, 1000)
        raw = bytearray(os.urandom(16 * n))
        for i in range(0, 16 * n, 16):
            raw[i + 6] = (raw[i + 6] & 0x0F) | 0x40
            raw[i + 8] = (raw[i + 8] & 0x3F) | 0x80
        h = raw.hex().upper()
        for i in range(0, 32 * n, 32):
            yield f"{h[i:i + 8]}-{h[i + 8:i + 12]}-{h[i + 12:i + 16]}-{h[i + 16:i + 20]}-{h[i + 20:i + 32]}"
        count -= n


def _existing_keys(project: Project, kept: list[_Parsed]) -> set[tuple[int, int, int, int, int]]:
    """(document, coder, code, start, end) of the spans already in the documents *kept* refers to."""
    return span_keys_in(project, {p.document_id for p in kept})


def _drop_identical(project: Project, kept: list[_Parsed]) -> list[_Parsed]:
    """*kept* without the records identical to a span already in the project. Two identical
    records of one file both load: they are two spans of the source (a round trip keeps both)."""
    present = _existing_keys(project, kept)
    if not present:
        return kept
    # a coder still named (not an id) was created by this load: none of its spans can be present
    return [p for p in kept if (p.document_id, p.coder, p.code, p.start, p.end) not in present]


def _records(res: _Resolver, kept: list[_Parsed]) -> Iterator[SpanRecord]:
    """The store's records; coder names created by :func:`_create_coders` become ids here
    (one dictionary look-up instead of rebuilding every record)."""
    guids = _new_guids(sum(1 for p in kept if not p.guid))
    coders = res.coders
    for (_, doc_id, start, end, code, coder, memo, attributes, guid, created, modified, text) in kept:
        if type(coder) is str:
            coder = coders[coder]
        # a plain tuple in SpanRecord's order (the store unpacks records by position): 200,000 add up
        yield (doc_id, code, coder, start, end, memo, attributes, guid or next(guids), created, modified, text)  # type: ignore[misc]


def _line_of(message: str) -> int:
    _, _, rest = message.partition(", line ")
    digits = rest.split(":", 1)[0]
    return int(digits) if digits.isdigit() else 0


def load_spans(project: Project, path: Path, records: Iterable[tuple[int, dict[str, Any] | ImportProblem]],
               *, skip_bad: bool = False) -> SpanLoad:
    """Load the span records of one file (see the module docstring for the rules).

    Runs inside the caller's transaction (or savepoint), which must roll back when this
    raises. Raises :class:`ImportProblem` when the file as a whole cannot be loaded, and
    :class:`BadRecords` when some records are bad, unless *skip_bad*: then the rejected
    records are listed in ``errors`` and the rest loaded. Codes and coders are created
    only for records that are loaded."""
    load = SpanLoad()
    res = _Resolver(project, path, load)
    kept: list[_Parsed] = []
    guid_lines: dict[str, int] = {}
    for line, rec in records:
        if isinstance(rec, ImportProblem):
            load.errors.append(str(rec))
            continue
        try:
            parsed = _parse(res, rec, line)
        except ImportProblem as exc:
            load.errors.append(str(exc))
            continue
        if parsed.guid:
            if parsed.guid in guid_lines:
                load.errors.append(str(res.problem(f"guid {parsed.guid} repeats line {guid_lines[parsed.guid]}",
                                                   line)))
                continue
            guid_lines[parsed.guid] = line
        kept.append(parsed)
    # in document and text order: each document is read once, and the inserts walk the indexes in order
    kept.sort(key=itemgetter(1, 2, 3, 0))  # document, start, end, line
    kept = _check_texts(res, kept)
    _refuse_if_bad(path, load, len(kept), skip_bad)  # before any code or coder is created
    present = _existing_guids(project, list(guid_lines))
    before = len(kept)
    if present:
        kept = [p for p in kept if p.guid not in present]
    load.already_present = before - len(kept)
    kept = _create_codes(res, kept)
    _refuse_if_bad(path, load, len(kept), skip_bad)  # the caller's savepoint drops the codes created
    kept = _create_coders(res, kept)
    before = len(kept)
    kept = _drop_identical(project, kept)
    load.already_present += before - len(kept)
    load.errors.sort(key=_line_of)
    try:
        load.spans_added = project.add_spans(_records(res, kept))
    except ProjectError as exc:
        raise ImportProblem(path, str(exc)) from None
    return load


def _refuse_if_bad(path: Path, load: SpanLoad, good: int, skip_bad: bool) -> None:
    if load.errors and not skip_bad:
        load.errors.sort(key=_line_of)
        raise BadRecords(path, load.errors, good)
