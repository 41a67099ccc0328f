"""The issue's scenario, driven as a user would: select, press the quote key, undo, redo, quit, reopen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.store import Project
from annotator.ui import app as app_module
from tests.ui.conftest import select_text

NEEDLE = "We will restore Kalbajar"


def _quote_rows(path):
    with Project(path, create=False) as p:
        quote = p.code_by_path("quote").id
        return [(s.text, s.code_id == quote) for s in p.spans_where()]


def test_select_press_quote_undo_redo_quit_reopen(qtbot, seeds_path, monkeypatch):
    monkeypatch.setattr(app_module, "show_error", lambda *a: (_ for _ in ()).throw(AssertionError(a)))
    assert app_module.run(seeds_path, ask_coder=False, exec_loop=False) == 0
    window = QApplication.instance()._annotator_workspace.window
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    project = window.session.project

    pane = window.current_pane
    doc = next(d for d in project.documents() if NEEDLE in project.document(d.id).text)
    pane.open_document(doc.id)
    text = pane.view.doc.text
    start = text.index(NEEDLE)
    select_text(pane.view, start, start + len(NEEDLE))
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_2)

    spans = project.spans_where()
    assert [(s.document_id, s.start, s.end, s.text) for s in spans] == [(doc.id, start, start + len(NEEDLE), NEEDLE)]
    assert spans[0].code_id == project.code_by_path("quote").id
    assert spans[0].coder_id == window.session.coder.id
    assert "Create span" in window.undo_action.text()  # the Edit menu names the action

    qtbot.keyClick(pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.spans_where() == []
    assert pane.view.spans == {} and pane.view.format_ranges() == []
    assert "Create span" in window.redo_action.text()

    qtbot.keyClick(pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [s.text for s in project.spans_where()] == [NEEDLE]
    assert len(pane.view.spans) == 1

    window.close()  # quit: the window saves its state; the span was committed when it was made
    window.session.close()
    project.close()
    assert _quote_rows(seeds_path) == [(NEEDLE, True)]

    assert app_module.run(seeds_path, ask_coder=False, exec_loop=False) == 0
    again = QApplication.instance()._annotator_workspace.window
    qtbot.addWidget(again)
    assert [s.text for s in again.session.project.spans_where()] == [NEEDLE]
    assert again.current_pane.document_id == doc.id  # the pane reopened on the same article
    assert [m.span_id for m in again.current_pane.view.marks] == [spans[0].id]
    again.close()
    again.session.close()
    again.session.project.close()
