"""Errors of the import and export layer. Each message names the file (and the
line, for records) and says what is wrong, so it can be shown to a user as is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ImportProblem(Exception):
    """A file, or one record of a file, that cannot be imported."""

    def __init__(self, path: str | Path, reason: str, *, line: int | None = None, record: int | None = None):
        self.path = Path(path)
        self.reason = reason
        self.line = line
        self.record = record
        where = str(path)
        if line is not None:
            where += f", line {line}"
        elif record is not None:
            where += f", record {record}"
        super().__init__(f"{where}: {reason}")


class ExportProblem(Exception):
    """An export that cannot be made (an unknown coder, code or document, an unwritable file)."""


@dataclass(frozen=True)
class Problem:
    """A record of another file (a span, a selection) left out, with the GUID it had there."""

    guid: str
    message: str

    def __str__(self) -> str:
        return f"{self.guid}: {self.message}"


class BadRecords(Exception):
    """A file of records refused as a whole because some records are bad: nothing
    from it was imported. ``errors`` lists every bad record (``file, line N: reason``)."""

    def __init__(self, path: str | Path, errors: list[str], good: int):
        self.path = Path(path)
        self.errors = errors
        self.good = good
        bad = len(errors)
        super().__init__(f"{path}: refused, {bad:,} bad record{'s' * (bad != 1)} ({good:,} good); "
                         "nothing from this file was imported (fix the lines listed, or use --skip-bad "
                         "to keep the good records)")
