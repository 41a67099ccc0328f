"""Fixtures for the window tests: QSettings in tmp_path, a seeded project file, a shown window."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import QSettings
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.defaults import populate_default
from annotator.store import Project


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path: Path):
    """The window's settings (geometry, panes, coder name) live in tmp_path."""
    from annotator.ui.settings import reset

    reset()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield
    reset()


#: How long a modal dialog may wait for a click before the guard below closes it.
MODAL_WAIT_MS = 20_000


@pytest.fixture(autouse=True)
def _no_modal_dialog_left_open(monkeypatch):
    """A modal dialog a test leaves open (a real message box where plain.message was not
    stubbed) waits for a click forever and hangs the whole suite. Every ``exec`` gets a
    timer: a dialog still open after MODAL_WAIT_MS is closed and the test fails, naming it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    left_open: list[str] = []
    original = QDialog.exec

    def guarded_exec(self, *args):
        def close_if_open() -> None:
            if self.isVisible():
                text = self.text() if hasattr(self, "text") and callable(self.text) else ""
                left_open.append(f"{type(self).__name__} {self.windowTitle()!r} {text!r}")
                self.done(0)

        QTimer.singleShot(MODAL_WAIT_MS, self, close_if_open)
        return original(self, *args)

    monkeypatch.setattr(QDialog, "exec", guarded_exec)
    yield
    assert not left_open, f"modal dialog left waiting for a click (stub annotator.ui.plain): {left_open}"


@pytest.fixture
def seeds_path(tmp_path: Path) -> Path:
    """A closed project file holding the seeds and the default codebook."""
    path = tmp_path / "seeds.annotator"
    with Project(path) as p:
        populate_default(p)
    return path


def utf16_pos(text: str, cp: int) -> int:
    """Qt's position for code-point offset *cp*, counted independently of Utf16Map."""
    return len(text[:cp].encode("utf-16-le")) // 2


def select_text(view, start_cp: int, end_cp: int) -> None:
    """Select code points [start, end) in *view* the way a user's drag would (Qt positions)."""
    text = view.toPlainText()
    cur = view.textCursor()
    cur.setPosition(utf16_pos(text, start_cp))
    cur.setPosition(utf16_pos(text, end_cp), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cur)


class Workspace:
    """A window over a project, opened like the application does, closed after the test."""

    def __init__(self, qtbot, path: Path, coder: str = "ana"):
        from annotator.ui.main_window import MainWindow
        from annotator.ui.session import Session

        self.qtbot = qtbot
        self.project = Project(path, create=False)
        self.session = Session(self.project, coder)
        self.window = MainWindow(self.session)
        qtbot.addWidget(self.window)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is self.window)

    @property
    def pane(self):
        return self.window.current_pane

    @property
    def view(self):
        return self.window.current_pane.view

    def open(self, needle: str) -> int:
        """Show the first document containing *needle* in the current pane; returns its offset."""
        for d in self.project.documents():
            text = self.project.document(d.id).text
            if needle in text:
                self.pane.open_document(d.id)
                return text.index(needle)
        raise AssertionError(f"{needle!r} is in no document")

    def select(self, needle: str) -> tuple[int, int]:
        start = self.open(needle) if self.view.doc is None or needle not in self.view.doc.text \
            else self.view.doc.text.index(needle)
        select_text(self.view, start, start + len(needle))
        return start, start + len(needle)

    def code_id(self, name: str) -> int:
        return self.project.code_by_path(name).id

    def close(self) -> None:
        if self.window.isVisible():
            self.window.close()
        self.session.close()
        self.project.close()


@pytest.fixture
def workspace(qtbot, seeds_path: Path):
    ws = Workspace(qtbot, seeds_path)
    yield ws
    ws.close()
