"""A code matrix for statistics packages: :func:`write_matrix`, one row per document
(and coder), one column per code, as CSV.

Columns, in this order:

- document metadata: ``document_id``, ``title``, ``outlet``, ``url``, ``published``,
  ``filename``, ``char_count``; then, with ``per_coder``, ``coder`` and ``status``
  (``not-started``, ``in-progress`` or ``done``: that coder's status on the document);
- one column per code, in codebook tree order (a parent before its children).
  A nested code is its own column: a span of ``quote/direct`` counts under
  ``quote__direct`` only, not under ``quote``.

Code column names are safe for SPSS, Stata and R (:func:`column_names`): the code's
path folded to ASCII (accents dropped), lower case, every run of other characters
turned into one ``_``, the ``/`` between a parent and a child into ``__``, no
leading or trailing ``_``; prefixed ``c_`` when that is empty, starts with a digit,
is a reserved word in SPSS, Stata or R (``and``, ``if``, ``in``, ``str80``, ``true`` ...)
or equals a metadata column; cut to 32 characters (Stata's limit); a name already
taken gets ``_2``, ``_3`` ... So ``casualty figure`` becomes ``casualty_figure`` and
``Zitat/direkt (wörtlich)`` ``zitat__direkt_wortlich``.
:func:`column_names` gives the code path of each column, for variable labels.

Values: ``count``, the number of spans; ``presence``, 1 when there is at least one
span, else 0; ``coverage``, the share (0 to 1, six decimals) of the document's
characters under the code: the union of the spans, so characters under two
overlapping spans of the code count once. With ``per_coder`` off, the selected
coders' spans are pooled: counts add up, coverage is the union over all of them.
Noise (page clutter, :mod:`annotator.store.noise`) is left out of coverage, from the
characters under the code and from the document's characters, unless
``include_noise``; ``char_count`` is always the whole text.

Every document gets a row for each compared coder (the coders named, or else every
coder with at least one span in the project), with zeros where that coder has no
span. The selected spans are read by one query, in document and text order, and
merged with one pass over the documents: no query per document. Coverage is the
union of each (document, coder, code)'s spans, kept as a running interval while
the spans stream by in start order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any, TextIO

from annotator.core.spreadsheet import SpreadsheetWriter
from annotator.io.errors import ExportProblem
from annotator.store import Project
from annotator.store.exchange import all_statuses, coder_ids_with_spans, document_rows, spans_by_document
from annotator.store.passages import noise_ranges

VALUES = ("count", "presence", "coverage")
DOCUMENT_COLUMNS = ("document_id", "title", "outlet", "url", "published", "filename", "char_count")
CODER_COLUMNS = ("coder", "status")
MAX_NAME = 32  # Stata's limit; SPSS allows 64 bytes, R has none

# Words a variable may not be called (compared in lower case): SPSS's reserved keywords,
# Stata's reserved names (and ``str1`` ... ``str2045``), R's reserved words.
_RESERVED = {
    "all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with",  # SPSS
    "byte", "double", "float", "if", "in", "int", "long", "strl", "using",  # Stata
    "break", "else", "false", "for", "function", "inf", "na", "nan", "next", "null", "repeat", "true", "while",  # R
}
_STATA_STR = re.compile(r"str\d+")
_OTHER = re.compile(r"[^a-z0-9]+")


def _slug(part: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode("ascii")
    return _OTHER.sub("_", ascii_text.lower()).strip("_")


def safe_name(path: str, taken: set[str]) -> str:
    """A column name for the code *path*, by the rule in the module docstring;
    not in *taken* (compared case-insensitively), which it is added to."""
    name = "__".join(s for s in (_slug(p) for p in path.split("/")) if s)
    if (not name or name[0].isdigit() or name in _RESERVED or _STATA_STR.fullmatch(name)
            or name in DOCUMENT_COLUMNS or name in CODER_COLUMNS):
        name = f"c_{name}" if name else "c"
    name = name[:MAX_NAME].rstrip("_")
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f"_{n}"
        candidate = name[:MAX_NAME - len(suffix)].rstrip("_") + suffix
    taken.add(candidate.lower())
    return candidate


def _selected_codes(project: Project, codes: Iterable[str] | None) -> list[tuple[int, str]]:
    """(code id, path) of the matrix columns in tree order: all codes, or the named
    ones each with its descendants."""
    paths = project.code_paths()
    tree = project.codes()
    if codes is None:
        return [(c.id, paths[c.id]) for c in tree]
    wanted: set[str] = set()
    for path in codes:
        code = project.code_by_path(path)
        if code is None:
            known = ", ".join(paths[c.id] for c in tree) or "none"
            raise ExportProblem(f"no code {path!r} in the project (codes: {known})")
        wanted.add(paths[code.id])
    return [(c.id, paths[c.id]) for c in tree
            if any(paths[c.id] == w or paths[c.id].startswith(w + "/") for w in wanted)]


def _named(code_cols: list[tuple[int, str]]) -> list[str]:
    taken = {c.lower() for c in (*DOCUMENT_COLUMNS, *CODER_COLUMNS)}
    return [safe_name(path, taken) for _, path in code_cols]


def column_names(project: Project, codes: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(column name, code path) for each code column of the matrix, in column order."""
    code_cols = _selected_codes(project, codes)
    return list(zip(_named(code_cols), (path for _, path in code_cols)))


def _selected_coders(project: Project, coders: Iterable[str] | None) -> list[tuple[int, str]]:
    """(coder id, name): the named coders in the order given, or every coder with a span, by name."""
    if coders is None:
        active = coder_ids_with_spans(project)
        return [(c.id, c.name) for c in project.coders() if c.id in active]
    out: list[tuple[int, str]] = []
    for name in coders:
        coder = project.coder_by_name(name)
        if coder is None:
            known = ", ".join(c.name for c in project.coders()) or "none"
            raise ExportProblem(f"no coder named {name!r} in the project (coders: {known})")
        if (coder.id, coder.name) not in out:
            out.append((coder.id, coder.name))
    return out


class _Cell:
    """Spans of one code (by one coder, or pooled) in one document, fed in start order."""

    __slots__ = ("count", "covered", "run_start", "run_end", "on_noise", "noise", "_next")

    def __init__(self, noise: list[tuple[int, int]] = ()) -> None:  # type: ignore[assignment]
        self.count = 0
        self.covered = 0
        self.run_start = self.run_end = -1  # the union's current run of characters
        self.noise = noise  # merged noise ranges of the document, in order
        self.on_noise = 0  # characters of the finished runs that lie on noise
        self._next = 0  # first noise range that may still meet a run

    def add(self, start: int, end: int) -> None:
        self.count += 1
        if start > self.run_end:
            self._close()
            self.run_start, self.run_end = start, end
        elif end > self.run_end:
            self.run_end = end

    def _close(self) -> None:
        a, b = self.run_start, self.run_end
        self.covered += b - a
        noise, i = self.noise, self._next
        while i < len(noise) and noise[i][1] <= a:
            i += 1
        self._next = i
        while i < len(noise) and noise[i][0] < b:
            self.on_noise += min(b, noise[i][1]) - max(a, noise[i][0])
            i += 1

    def characters(self) -> int:
        """Characters under the spans' union, those on noise left out."""
        self._close()
        self.run_start = self.run_end = -1
        return self.covered - self.on_noise


def write_matrix(
    project: Project,
    out: TextIO,
    *,
    value: str = "count",
    per_coder: bool = True,
    coders: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
    bom: bool = False,
    include_noise: bool = False,
    raw: bool = False,
) -> int:
    """Write the document-by-code matrix described in the module docstring to *out*
    (a text stream opened with ``newline=""``); return the number of data rows.

    *value*: ``count``, ``presence`` or ``coverage``. *coders*: coder names to
    compare (default: every coder with a span). *codes*: code paths; each brings
    its child codes (default: the whole codebook). ``bom`` starts the file with a
    UTF-8 BOM, which Excel and SPSS on Windows need to see UTF-8. ``include_noise``
    counts noise as text in coverage. Text cells a spreadsheet would take for a formula
    (a title starting with ``=`` ...) get a ``'`` in front (:mod:`annotator.core.spreadsheet`)
    unless *raw*; the figures are numbers and never change. An unknown
    value, coder or code raises :class:`ExportProblem` before anything is written.
    """
    if value not in VALUES:
        raise ExportProblem(f"unknown matrix value {value!r} (choose {', '.join(VALUES)})")
    code_cols = _selected_codes(project, codes)
    coder_rows = _selected_coders(project, coders)
    statuses: dict[tuple[int, int], str] = {}
    if per_coder:
        statuses = all_statuses(project)

    noise = {} if value != "coverage" or include_noise else noise_ranges(project)

    def cells(spans: list[tuple], doc_noise: list[tuple[int, int]]) -> list[_Cell | None]:
        found: dict[int, _Cell] = {}
        for code, start, end in spans:
            cell = found.get(code)
            if cell is None:
                cell = found[code] = _Cell(doc_noise)
            cell.add(start, end)
        return [found.get(cid) for cid, _ in code_cols]

    def shown(cell: _Cell | None, length: int) -> Any:
        if value == "count":
            return cell.count if cell else 0
        if value == "presence":
            return 1 if cell else 0
        return f"{(cell.characters() / length if cell and length > 0 else 0.0):.6f}"

    if bom:
        out.write("\ufeff")
    writer = SpreadsheetWriter(out, raw=raw)
    writer.writerow([*DOCUMENT_COLUMNS, *(CODER_COLUMNS if per_coder else ()), *_named(code_cols)])
    rows = 0
    spans = spans_by_document(project, [c for c, _ in coder_rows], [c for c, _ in code_cols])
    pending = next(spans, None)
    for doc in document_rows(project, excluded=False):  # no row for an excluded extra copy
        doc_id, length = doc[0], doc[6]
        doc_noise = noise.get(doc_id, [])
        length -= sum(b - a for a, b in doc_noise)
        batch: list[tuple] = []
        while pending is not None and pending[0] <= doc_id:
            if pending[0] == doc_id:
                batch = pending[1]
            pending = next(spans, None)
        if not per_coder:
            pooled = [(code, start, end) for _, code, start, end in batch]
            writer.writerow([*doc, *(shown(c, length) for c in cells(pooled, doc_noise))])
            rows += 1
            continue
        by_coder: dict[int, list[tuple]] = {}
        for coder, code, start, end in batch:
            by_coder.setdefault(coder, []).append((code, start, end))
        for coder_id, coder_name in coder_rows:
            status = statuses.get((doc_id, coder_id), "not-started")
            values = cells(by_coder.get(coder_id, []), doc_noise)
            writer.writerow([*doc, coder_name, status, *(shown(c, length) for c in values)])
            rows += 1
    return rows


__all__ = ["VALUES", "column_names", "safe_name", "write_matrix"]
