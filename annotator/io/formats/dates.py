"""Dates as news databases print them ("July 1, 2019 Monday 9:20 AM GMT",
"1 July 2019", "1. Juli 2019", "20190701T092000Z") turned into ISO dates."""

from __future__ import annotations

import re
from datetime import date

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
        "january jan janvier janv januar jänner enero ene januari gennaio",
        "february feb février févr fevrier februar febrero februari febbraio",
        "march mar mars märz maerz marzo maart",
        "april apr avril abril aprile",
        "may mai mayo mei maggio",
        "june jun juin juni junio giugno",
        "july jul juillet juil juli julio luglio",
        "august aug août aout agosto augustus",
        "september sep sept septembre septiembre settembre",
        "october oct octobre oktober octubre okt ottobre",
        "november nov novembre noviembre",
        "december dec décembre decembre dezember diciembre dez dicembre"), 1):
    for _name in _names.split():
        _MONTHS[_name] = _number

_WORD = r"([^\W\d_]+)\.?"
_MONTH_FIRST = re.compile(rf"\b{_WORD}\s+(\d{{1,2}}),?\s+(\d{{4}})\b")  # July 1, 2019
_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})\.?\s+(?:de\s+)?{_WORD}\s+(?:de\s+)?(\d{{4}})\b")  # 1 July 2019
_NUMERIC = re.compile(r"\b(\d{4})-?(\d{2})-?(\d{2})(?:[T ]?\d{2}:?\d{2})?")  # 2019-07-01, 20190701


def _make(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def iso_date(text: str) -> str:
    """The first date in *text* as ``YYYY-MM-DD``, or "" when there is none."""
    for match in _MONTH_FIRST.finditer(text):
        month = _MONTHS.get(match.group(1).casefold())
        if month:
            return _make(int(match.group(3)), month, int(match.group(2)))
    for match in _DAY_FIRST.finditer(text):
        month = _MONTHS.get(match.group(2).casefold())
        if month:
            return _make(int(match.group(3)), month, int(match.group(1)))
    match = _NUMERIC.search(text)
    if match:
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return ""


def looks_like_date(line: str) -> bool:
    """Whether *line* is mostly a date (a dateline, not a sentence that mentions one)."""
    line = line.strip()
    return bool(line) and len(line) <= 80 and bool(iso_date(line)) and not line.endswith(".")
