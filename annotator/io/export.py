"""Exporting spans: :func:`export_spans`, one row per span, as CSV or JSONL.

Columns (CSV) or keys (JSONL, see :mod:`annotator.io.spans_jsonl`): document id,
sha256, title, outlet, coder, code (full path), start, end, span text, the
*context* characters before and after the span, memo, attributes, created,
modified, guid. CSV adds one ``attr:<name>`` column per attribute field the
exported codes declare, beside the attributes as one JSON column.

Rows stream from one query (:func:`annotator.store.exchange.export_rows`; context is cut by SQLite's ``substr``), in
document and text order (spans starting at the same offset: oldest first).
A file is written under a temporary name and moved into place when complete:
an export that fails leaves no half-written file.

The CSV is safe to open in a spreadsheet: a text cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a ``'`` in front (OWASP's advice on CSV
injection, :mod:`annotator.core.spreadsheet`); numbers are left alone. ``raw=True``
writes every cell exactly as stored; JSONL is always exact.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TextIO

from annotator.core.spreadsheet import FORMULA_TRIGGERS, SpreadsheetWriter, safe_cell
from annotator.io.atomic import replaced_atomically
from annotator.io.errors import ExportProblem
from annotator.io.spans_jsonl import FIELDS
from annotator.store import Project
from annotator.store.errors import ProjectError
from annotator.store.exchange import export_rows

FORMATS = ("csv", "jsonl")
COLUMNS = (*FIELDS[:9], "context_before", "context_after", *FIELDS[9:])
_CSV_CHUNK = 2_000  # rows formatted into memory per write

def _code_ids(project: Project, paths: Iterable[str]) -> set[int]:
    """The codes named by *paths*, each with all its descendants."""
    children: dict[int | None, list[int]] = {}
    for code in project.codes():
        children.setdefault(code.parent_id, []).append(code.id)
    wanted: set[int] = set()
    for path in paths:
        code = project.code_by_path(path)
        if code is None:
            known = ", ".join(sorted(project.code_paths().values()))
            raise ExportProblem(f"no code {path!r} in the project (codes: {known})")
        stack = [code.id]
        while stack:
            cid = stack.pop()
            wanted.add(cid)
            stack.extend(children.get(cid, []))
    return wanted


def _selection(project: Project, coders: Iterable[str] | None, codes: Iterable[str] | None,
               documents: Iterable[str | int] | None) -> dict[str, set[int] | None]:
    """The coder, code and document ids the names select (None: all), for
    :func:`~annotator.store.exchange.export_rows`."""
    coder_ids = code_ids = doc_ids = None
    if coders is not None:
        coder_ids = set()
        for name in coders:
            coder = project.coder_by_name(name)
            if coder is None:
                known = ", ".join(c.name for c in project.coders()) or "none"
                raise ExportProblem(f"no coder named {name!r} in the project (coders: {known})")
            coder_ids.add(coder.id)
    if codes is not None:
        code_ids = _code_ids(project, codes)
    if documents is not None:
        try:
            doc_ids = {project.find_document(ref).id for ref in documents}
        except ProjectError as exc:
            raise ExportProblem(str(exc)) from None
    return {"coder_ids": coder_ids, "code_ids": code_ids, "document_ids": doc_ids}


def _cursor(project: Project, selection: dict[str, set[int] | None], context: int) -> Iterator[tuple]:
    """Selected spans as tuples in :data:`COLUMNS` order: code as its path, attributes as stored JSON."""
    paths = project.code_paths()
    for row in export_rows(project, context, **selection):
        yield (*row[:5], paths[row[5]], *row[6:])


def _attribute_fields(project: Project, code_ids: set[int] | None) -> list[str]:
    names: list[str] = []
    for code in project.codes():
        if code_ids is None or code.id in code_ids:
            names.extend(f.name for f in code.attributes if f.name not in names)
    return names


def _write_csv(stream: TextIO, project: Project, selection: dict[str, set[int] | None], context: int,
               fields: list[str], raw: bool) -> int:
    """The CSV rows, built in one pass over the spans (see :func:`_cursor`), written through
    :mod:`csv` in chunks. Cells that hold user text go through :func:`safe_cell` unless *raw*;
    a document's, a coder's and a code's cells once each, a span's own cells when their first
    character could start a formula."""
    guard = (lambda v: v) if raw else safe_cell
    triggers = frozenset() if raw else FORMULA_TRIGGERS
    codes = {cid: guard(path) for cid, path in project.code_paths().items()}
    coders: dict[str, str] = {}
    blank = ("",) * len(fields)
    count = 0

    def lines() -> Iterator[tuple]:
        nonlocal count
        doc_id, head = None, ()
        for (d, sha, title, source, coder, code_id, start, end, span_text, before, after, memo, attributes,
             created, modified, guid) in export_rows(project, context, **selection):
            if d != doc_id:
                doc_id, head = d, (d, sha, guard(title), guard(source))
            coder_cell = coders.get(coder)
            if coder_cell is None:
                coder_cell = coders[coder] = guard(coder)
            if span_text[:1] in triggers:
                span_text = guard(span_text)
            if before[:1] in triggers:
                before = guard(before)
            if after[:1] in triggers:
                after = guard(after)
            if memo[:1] in triggers:
                memo = guard(memo)
            if created[:1] in triggers:
                created = guard(created)
            if modified[:1] in triggers:
                modified = guard(modified)
            if guid[:1] in triggers:
                guid = guard(guid)
            if attributes == "{}":
                extra = ("", *blank)
            else:
                values = json.loads(attributes)
                extra = (guard(attributes), *(guard(values.get(f, "")) for f in fields))
            count += 1
            yield (*head, coder_cell, codes[code_id], start, end, span_text, before, after, memo, *extra,
                   created, modified, guid)

    buffer = io.StringIO()
    writer = SpreadsheetWriter(buffer, raw=raw)
    writer.writerow([*COLUMNS[:13], *(f"attr:{f}" for f in fields), *COLUMNS[13:]])
    plain = csv.writer(buffer)  # the rows' cells are made safe above
    rows = lines()
    while True:
        plain.writerows(islice(rows, _CSV_CHUNK))
        chunk = buffer.getvalue()
        if not chunk:
            return count
        stream.write(chunk)
        buffer.seek(0)
        buffer.truncate()


def _write_jsonl(stream: TextIO, rows: Iterator[tuple]) -> int:
    count = 0
    dumps = json.dumps
    for row in rows:
        values = dict(zip(COLUMNS, row))
        values["attributes"] = {} if row[12] == "{}" else json.loads(row[12])
        stream.write(dumps(values, ensure_ascii=False) + "\n")
        count += 1
    return count


def export_spans(
    project: Project,
    fmt: str,
    out: str | Path | TextIO,
    *,
    coders: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
    documents: Iterable[str | int] | None = None,
    bom: bool = False,
    context: int = 40,
    raw: bool = False,
) -> int:
    """Write the selected spans to *out* (a path, or an open text stream); return how many.

    Filters: coder names, code paths (a code includes its child codes), document
    references (id, sha256, file name or title, as :meth:`Project.find_document`).
    ``bom`` starts the file with a UTF-8 BOM, which Excel needs to see UTF-8.
    ``raw``: CSV cells exactly as stored, not made safe for spreadsheets (see above).
    Raises :class:`ExportProblem` for an unknown filter value or an unwritable file."""
    if fmt not in FORMATS:
        raise ExportProblem(f"unknown export format {fmt!r} (choose {' or '.join(FORMATS)})")
    selection = _selection(project, coders, codes, documents)  # a bad filter fails before writing
    fields = _attribute_fields(project, selection["code_ids"]) if fmt == "csv" else []

    def write(stream: TextIO) -> int:
        if bom:
            stream.write("\ufeff")
        if fmt == "csv":
            return _write_csv(stream, project, selection, context, fields, raw)
        return _write_jsonl(stream, _cursor(project, selection, context))

    if not isinstance(out, (str, Path)):
        return write(out)
    target = Path(out)
    if not target.parent.is_dir():
        raise ExportProblem(f"{target}: the folder {target.parent} does not exist")
    try:
        with replaced_atomically(target) as stream:
            return write(stream)
    except OSError as exc:
        raise ExportProblem(f"{target}: cannot be written ({exc.strerror or exc})") from None
