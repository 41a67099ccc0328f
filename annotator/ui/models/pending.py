"""Coalesce recounts: many span changes in a burst become one recount shortly after.

Counting is the one refresh whose cost grows with the spans in a document, so it
stays out of the path from key press to highlight; the count follows a moment later.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from annotator.ui.weak import WeakCallback

RECOUNT_DELAY_MS = 80


class PendingDocuments(QObject):
    """Collects the document ids of changes and calls ``apply(ids)`` once (``ids=()`` = all)."""

    def __init__(self, apply: Callable[[tuple[int, ...]], None], parent: QObject | None = None):
        super().__init__(parent)
        self._apply = WeakCallback(apply)  # a method of the model that owns this: held weakly
        self._ids: set[int] | None = set()  # None: recount everything
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOUNT_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    def add(self, document_ids: tuple[int, ...]) -> None:
        if not document_ids:
            self._ids = None
        elif self._ids is not None:
            self._ids.update(document_ids)
        self._timer.start()

    def clear(self) -> None:
        self._timer.stop()
        self._ids = set()

    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Recount now, if anything is pending."""
        if not self._timer.isActive() and self._ids == set():
            return
        self._timer.stop()
        ids, self._ids = self._ids, set()
        try:
            self._apply(tuple(sorted(ids)) if ids is not None else ())
        except sqlite3.ProgrammingError:
            pass  # the project was closed in the meantime: nothing left to count
