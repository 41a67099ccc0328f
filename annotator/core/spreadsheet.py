"""CSV that is safe to open in a spreadsheet (Excel, LibreOffice Calc, Google Sheets).

A spreadsheet takes a cell that starts with ``=``, ``+``, ``-`` or ``@`` for a formula,
and some also a cell that starts with a tab or a carriage return: a coded span reading
``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` would become live when the file is
double-clicked. Following OWASP's advice on CSV injection, :class:`SpreadsheetWriter`
writes such a *text* cell with a single quote in front (``'=HYPERLINK(...)``), which
the spreadsheet shows as text; the csv module quotes the cell as RFC 4180 requires.

Numbers are not text and are written as they are: an ``int`` or ``float``, and a
string that is just a decimal number (``-0.5``, ``+3``, ``-1e-3``), so a negative
figure stays a number in the spreadsheet. Everything else is compared as text.

The exact text is always available: the JSONL export, or a CSV written with
``raw=True`` (``--raw-csv`` on the command line), for R, Python and other
programs that read CSV as data and never evaluate it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

#: A text cell starting with one of these is prefixed with :data:`GUARD` (OWASP's list).
FORMULA_TRIGGERS = frozenset("=+-@\t\r")
GUARD = "'"
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """*value*, with :data:`GUARD` in front when it is text a spreadsheet would take for a formula."""
    if (value.__class__ is str and value and value[0] in FORMULA_TRIGGERS
            and not _NUMBER.fullmatch(value)):
        return GUARD + value
    return value


class SpreadsheetWriter:
    """:func:`csv.writer` whose cells go through :func:`safe_cell`, unless *raw*."""

    def __init__(self, stream: TextIO, *, raw: bool = False, **fmtparams: Any):
        self._writer = csv.writer(stream, **fmtparams)
        self.raw = raw

    def writerow(self, row: Iterable[Any]) -> Any:
        if self.raw:
            return self._writer.writerow(row)
        triggers, number, guard = FORMULA_TRIGGERS, _NUMBER.fullmatch, GUARD
        return self._writer.writerow([
            guard + v if v.__class__ is str and v and v[0] in triggers and not number(v) else v for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
