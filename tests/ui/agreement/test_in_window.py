"""The agreement dock inside the real window (added by the test, as the main window will add it)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.store import Project
from annotator.ui.agreement import AgreementDock

from tests.ui.agreement.conftest import code_two_coders
from tests.ui.conftest import Workspace


def test_double_click_opens_the_article_and_a_decision_shows_in_the_consensus_pane(qtbot, seeds_path):
    with Project(seeds_path, create=False) as p:
        code_two_coders(p)
    ws = Workspace(qtbot, seeds_path)
    try:
        dock = AgreementDock(ws.session, ws.window)
        ws.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.show()
        qtbot.waitUntil(lambda: dock.disagreements.rowCount() == 4)
        view = dock.disagreement_view
        index = dock.disagreements.index(0, 0)
        d = dock.disagreements.row(0).item
        pos = view.visualRect(index).center()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        assert ws.pane.document_id == d.document
        qtbot.mouseClick(dock.panel.accept_buttons["ben"], Qt.MouseButton.LeftButton)
        consensus = ws.project.coder_by_name("consensus")
        assert [(s.start, s.end) for s in ws.project.spans_where("coder_id = ?", (consensus.id,))] == [
            (d.start, d.end)]
        ws.session.undo_stack.undo()
        assert ws.project.spans_where("coder_id = ?", (consensus.id,)) == []
        qtbot.waitUntil(lambda: dock.panel.progress.text() == "0 of 4 resolved")
    finally:
        ws.close()
