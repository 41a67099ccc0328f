"""What a committed write announces, and the small values every write stamps.

Kept apart from :mod:`annotator.store.project` so the modules that
:class:`~annotator.store.project.Project` is built from (spans, codes, ...)
can import them without importing the project back.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    import uuid  # here, not with the store: uuid imports platform (5 ms of the window's start)

    return str(uuid.uuid4()).upper()


def coalesce(changes: list[Change]) -> list[Change]:
    """One change per kind, in the order the kinds first changed: what a transaction
    announces when it commits (one edit, one notice per kind of row it touched).

    Empty ``ids`` (or ``document_ids``) mean "not listed, refresh all", so an empty one
    in a kind keeps that kind's merged tuple empty."""
    merged: dict[str, list[Change]] = {}
    for change in changes:
        merged.setdefault(change.kind, []).append(change)
    out = []
    for kind, group in merged.items():
        if len(group) == 1:
            out.append(group[0])
            continue
        out.append(Change(kind, _union(c.ids for c in group), _union(c.document_ids for c in group)))
    return out


def _union(tuples: Iterable[tuple[int, ...]]) -> tuple[int, ...]:
    seen: dict[int, None] = {}
    for ids in tuples:
        if not ids:
            return ()
        seen.update(dict.fromkeys(ids))
    return tuple(seen)
