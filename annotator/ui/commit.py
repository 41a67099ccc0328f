"""Committing an edit from the window without freezing it or losing the edit silently.

Every edit (and every undo or redo) runs through :meth:`Committer.run`. While
another process holds the project file's write lock (a colleague's ``annotator
import`` in a terminal, say), the store retries every few ms and calls back
here in between: the window keeps painting, and after half a second the status
bar says that it is waiting. The user can scroll, read and search meanwhile; a
second edit (or an undo, closing the window, opening another project) is refused
with a word until the first is stored. If the edit cannot be stored, because the lock was held too
long, the disk is full, the file became read-only or the disk reported an error,
the user is told the cause and chooses Retry or Discard; a discarded edit leaves
the project as it was and nothing on the undo stack.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

from annotator.store import Project, ProjectError
from annotator.store.errors import ProjectBusy, failure_cause

#: Waiting longer than this for the write lock is said in the status bar.
WAIT_NOTICE_S = 0.5
#: The window waits this long for the write lock, then asks Retry or Discard. Long
#: writers commit in batches of ~0.2 s, so a wait this long means something unusual.
WINDOW_LOCK_WAIT_S = 8.0
WAITING_MESSAGE = "Waiting for the project file… another program is writing to it (an import or merge?)"

#: ``ask(what, cause) -> bool``: True to retry, False to discard.
Ask = Callable[[str, str], bool]


def ask_retry(what: str, cause: str) -> bool:
    """A message box naming what could not be saved and why, with Retry and Discard."""
    from PySide6.QtWidgets import QMessageBox  # loads when needed, not with the window (issue 17)

    box = QMessageBox(QMessageBox.Icon.Warning, "Not saved",
                      f"{what} could not be saved: {cause}.\n\n"
                      "Retry tries again. Discard drops it: the project stays as it was before it.",
                      QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Discard,
                      QApplication.activeWindow())
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.Retry)
    return box.exec() == QMessageBox.StandardButton.Retry


def _needs_choice(exc: BaseException) -> bool:
    """A failure to store (worth a Retry) rather than the store refusing the edit itself."""
    if isinstance(exc, ProjectBusy):
        return True
    if isinstance(exc, ProjectError) or isinstance(exc, sqlite3.IntegrityError):
        return False  # the edit breaks a rule of the data: retrying cannot help
    return isinstance(exc, (sqlite3.Error, OSError))


class Committer(QObject):
    """Runs store writes for the window; see the module docstring."""

    waiting = Signal(bool)  # True once a write has waited WAIT_NOTICE_S for the lock; False when done
    refused = Signal(str)  # a message for the status bar: the edit was refused or discarded

    def __init__(self, project: Project, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.ask: Ask = ask_retry
        self.busy = False
        self._told = False
        self._last_wait = 0.0
        self._idle = QTimer(self)
        self._idle.setInterval(150)
        self._idle.timeout.connect(self._maybe_done_waiting)
        project.lock_wait = WINDOW_LOCK_WAIT_S
        project.on_lock_wait = self._wait

    def run(self, what: str, write: Callable[[], object]) -> bool:
        """Run *write* (one store transaction); True once it is committed.

        False if the store refused it (the reason goes to :attr:`refused`) or the user
        chose Discard after a failure. Never raises."""
        if self.busy:
            self.refused.emit(f"{what}: not done, the previous edit is still waiting for the project file.")
            return False
        if self.project.db.conn.in_transaction:
            # called from inside a longer write of this window (an import's progress dialog):
            # the edit would ride on that write's commit, and vanish if it failed
            self.refused.emit(f"{what}: not done while an import or merge is writing; try again when it ends.")
            return False
        self.busy = True
        try:
            while True:
                try:
                    write()
                    return True
                except Exception as exc:  # noqa: BLE001  every failure is told, none escapes into Qt
                    if not _needs_choice(exc):
                        self.refused.emit(str(exc) if isinstance(exc, ProjectError) else f"{what}: {exc}")
                        return False
                    cause = failure_cause(exc)
                self._done_waiting()
                if not self.ask(what, cause):
                    self.refused.emit(f"{what} was discarded: {cause}")
                    return False
        finally:
            self.busy = False
            self._done_waiting()

    def _wait(self, waited: float) -> None:
        """The store's callback between attempts at the write lock."""
        self._last_wait = time.monotonic()
        if waited >= WAIT_NOTICE_S and not self._told:
            self._told = True
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._idle.start()
            self.waiting.emit(True)
        # the window stays responsive; a second edit meanwhile is refused (``busy``)
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)

    def _maybe_done_waiting(self) -> None:
        if time.monotonic() - self._last_wait > 0.1:  # a write outside run() got its lock
            self._done_waiting()

    def _done_waiting(self) -> None:
        if self._told:
            self._told = False
            self._idle.stop()
            QApplication.restoreOverrideCursor()
            self.waiting.emit(False)

    def close(self) -> None:
        self._idle.stop()
        if self.project.on_lock_wait == self._wait:
            self.project.on_lock_wait = None
