"""What a committed write announces, and the small values every write stamps.

Kept apart from :mod:`annotator.store.project` so the modules that
:class:`~annotator.store.project.Project` is built from (spans, codes, ...)
can import them without importing the project back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass(frozen=True)
class Change:
    """What a committed write touched. ``kind`` is one of
    ``documents``, ``codes``, ``coders``, ``spans``, ``status``, ``noise`` (page
    clutter regions), ``passages`` (shared passages, from alignment) and
    ``decisions`` (adjudication decisions).
    ``ids`` are the touched rows; ``document_ids`` the documents whose spans changed."""

    kind: str
    ids: tuple[int, ...] = ()
    document_ids: tuple[int, ...] = ()


def now() -> str:
    """The current UTC time, as stored in ``created``/``modified`` columns."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_guid() -> str:
    """A new upper-case UUID, the form REFI-QDA uses."""
    return str(uuid.uuid4()).upper()
