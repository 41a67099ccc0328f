"""The document list dock through its real widgets: filter, open, sort, status."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import DocStatus
from annotator.ui.docks import DocumentsDock



def test_documents_filter_and_open(seeds, qtbot, show, click):
    dock = show(DocumentsDock(seeds.session), 700)
    assert dock.proxy.rowCount() == 5
    qtbot.keyClicks(dock.filter, "republic")
    assert dock.proxy.rowCount() == 2
    assert {dock.proxy.index(r, 1).data() for r in range(2)} == {"Republic World", "Republic World (APTN)"}
    qtbot.keyClicks(dock.filter, " world (aptn")
    assert dock.proxy.rowCount() == 1
    with qtbot.waitSignal(seeds.session.document_requested) as sig:
        qtbot.keyClick(dock.filter, Qt.Key.Key_Return)
    assert sig.args == [4, -1]
    dock.filter.clear()
    index = dock.proxy.index(1, 0)
    with qtbot.waitSignal(seeds.session.document_requested) as sig:
        click(dock.view, index, double=True)
    assert sig.args == [2, -1]
    dock.view.setFocus()
    dock.view.setCurrentIndex(dock.proxy.index(2, 0))
    with qtbot.waitSignal(seeds.session.document_requested) as sig:
        qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert sig.args == [3, -1]



def test_documents_sort_by_span_count(seeds, qtbot, show):
    dock = show(DocumentsDock(seeds.session), 700)
    dock.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert [dock.proxy.index(r, 4).data() for r in range(5)] == [2, 1, 0, 0, 0]



def test_document_status_from_the_list(seeds, qtbot, show):
    dock = show(DocumentsDock(seeds.session), 700)
    assert dock.set_status(3, DocStatus.DONE)
    assert seeds.project.status(3, seeds.session.coder.id) == DocStatus.DONE
    assert dock.model.data(dock.model.index(2, 3)) == "done"
    assert seeds.session.undo_stack.undoText() == "Mark document done"
    seeds.session.undo_stack.undo()
    assert dock.model.data(dock.model.index(2, 3)) == "not started"



def test_document_list_follows_opened_document(seeds, qtbot, show):
    dock = show(DocumentsDock(seeds.session), 700)
    seeds.session.open_document(4)
    assert dock.view.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == 4


def test_filter_box_keys(seeds, qtbot, show):
    dock = show(DocumentsDock(seeds.session), 700)
    dock.filter.setFocus()
    qtbot.waitUntil(dock.filter.hasFocus)
    qtbot.keyClicks(dock.filter, "arab")
    assert dock.proxy.rowCount() == 1
    qtbot.keyClick(dock.filter, Qt.Key.Key_Down)
    qtbot.waitUntil(dock.view.hasFocus)
    assert dock.view.currentIndex().row() == 0
    dock.filter.setFocus()
    qtbot.waitUntil(dock.filter.hasFocus)
    qtbot.keyClick(dock.filter, Qt.Key.Key_Escape)
    assert dock.filter.text() == "" and dock.proxy.rowCount() == 5
