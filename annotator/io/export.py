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

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from annotator.core.spreadsheet import SpreadsheetWriter
from annotator.io.atomic import replaced_atomically
from annotator.io.errors import ExportProblem
from annotator.io.spans_jsonl import FIELDS
from annotator.store import Project
from annotator.store.errors import ProjectError
from annotator.store.exchange import export_rows

FORMATS = ("csv", "jsonl")
COLUMNS = (*FIELDS[:9], "context_before", "context_after", *FIELDS[9:])

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
        start, end, low, window = row[6], row[7], row[9], row[10]
        yield (*row[:5], paths[row[5]], start, end, row[8], window[:start - low], window[end - low:], *row[11:])


def _attribute_fields(project: Project, code_ids: set[int] | None) -> list[str]:
    names: list[str] = []
    for code in project.codes():
        if code_ids is None or code.id in code_ids:
            names.extend(f.name for f in code.attributes if f.name not in names)
    return names


def _write_csv(stream: TextIO, rows: Iterator[tuple], fields: list[str], raw: bool) -> int:
    writer = SpreadsheetWriter(stream, raw=raw)
    writer.writerow([*COLUMNS[:13], *(f"attr:{f}" for f in fields), *COLUMNS[13:]])
    count = 0
    blank = ("",) * len(fields)

    def lines() -> Iterator[tuple]:
        nonlocal count
        for row in rows:
            count += 1
            if row[12] == "{}":
                yield (*row[:12], "", *blank, *row[13:])
            else:
                attrs = json.loads(row[12])
                yield (*row[:13], *(attrs.get(f, "") for f in fields), *row[13:])

    writer.writerows(lines())
    return count


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
        rows = _cursor(project, selection, context)
        return _write_csv(stream, rows, fields, raw) if fmt == "csv" else _write_jsonl(stream, rows)

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
