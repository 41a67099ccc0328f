"""The span list dock through its real widgets: jump, follow the selection, filter, sort, delete."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.store.operations import UpdateCode
from annotator.ui.docks import CodebookDock, DetailDock, DocumentsDock, SpansDock
from annotator.ui.models.spans import SpansModel



def test_object_names_are_stable(seeds, qtbot):
    names = [cls(seeds.session).objectName() for cls in (CodebookDock, DocumentsDock, SpansDock, DetailDock)]
    assert names == ["codebookDock", "documentsDock", "spansDock", "detailDock"]



def test_click_on_span_row_jumps_and_selects(seeds, qtbot, show, click):
    dock = show(SpansDock(seeds.session), 800)
    selected = []
    seeds.session.span_selected.connect(selected.append)
    row = dock.model.index(dock.model.row_of(seeds.casualty.id), 0)
    with qtbot.waitSignal(seeds.session.document_requested) as sig:
        click(dock.view, row)
    assert sig.args == [2, seeds.casualty.id]
    assert selected == [seeds.casualty.id]
    assert seeds.session.selected_span_id == seeds.casualty.id



def test_span_list_follows_session_selection_without_jumping(seeds, qtbot, show):
    dock = show(SpansDock(seeds.session), 800)
    jumps = []
    seeds.session.document_requested.connect(lambda *a: jumps.append(a))
    seeds.session.select_span(seeds.quote.id)
    assert dock.span_id_at(dock.view.currentIndex()) == seeds.quote.id
    assert dock.view.selectionModel().isRowSelected(dock.view.currentIndex().row())
    seeds.session.select_span(-1)
    assert not dock.view.selectionModel().hasSelection()
    assert jumps == []



def test_span_filter_and_sort(seeds, qtbot, show):
    dock = show(SpansDock(seeds.session), 800)
    view = dock.view
    seeds.session.select_span(seeds.quote.id)
    qtbot.keyClicks(dock.filter, "attribution")  # the claim's memo
    assert view.model().rowCount() == 1
    assert dock.span_id_at(view.model().index(0, 0)) == seeds.claim.id
    dock.filter.setText("kalbajar ANA")  # every word, any column, any case
    assert [dock.span_id_at(view.model().index(r, 0)) for r in range(view.model().rowCount())] == [
        seeds.claim.id, seeds.quote.id]
    assert dock.span_id_at(view.currentIndex()) == seeds.quote.id  # the selection survives filtering
    dock.filter.clear()
    view.horizontalHeader().setSortIndicator(SpansModel.CODE, Qt.SortOrder.AscendingOrder)
    assert [view.model().index(r, 0).data() for r in range(3)] == ["casualty figure", "claim", "quote"]
    assert dock.span_id_at(view.currentIndex()) == seeds.quote.id  # and sorting
    view.horizontalHeader().setSortIndicator(SpansModel.CODE, Qt.SortOrder.DescendingOrder)
    assert [view.model().index(r, 0).data() for r in range(3)] == ["quote", "claim", "casualty figure"]
    seeds.session.push(UpdateCode(seeds.code_id("quote"), {"name": "a quote"}))
    assert [view.model().index(r, 0).data() for r in range(3)] == ["claim", "casualty figure", "a quote"]



def test_delete_key_in_the_span_list(seeds, qtbot, show):
    spans = show(SpansDock(seeds.session), 800)
    seeds.session.select_span(seeds.casualty.id)
    assert spans.count_label.text() == "3 spans"
    spans.view.setFocus()
    qtbot.waitUntil(spans.view.hasFocus)
    qtbot.keyClick(spans.view, Qt.Key.Key_Delete)
    assert [s.id for s in seeds.project.spans_where("code_id = ?", (seeds.casualty.code_id,))] == []
    assert spans.count_label.text() == "2 spans"
    seeds.session.undo_stack.undo()
    assert seeds.project.span(seeds.casualty.id).attributes == {"who": "civilians"}
    qtbot.keyClicks(spans.filter, "kalbajar")
    assert spans.count_label.text() == "2 of 3 spans"



def test_delete_several_spans_in_one_step(seeds, qtbot, show, click):
    dock = show(SpansDock(seeds.session), 800)
    first = dock.model.index(0, 0)
    last = dock.model.index(dock.model.rowCount() - 1, 0)
    click(dock.view, first)
    qtbot.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     dock.view.visualRect(last).center())
    assert len(dock.selected_span_ids()) == 3
    assert dock.delete_current()
    assert seeds.project.spans_where("coder_id = ?", (seeds.session.coder.id,)) == []
    assert seeds.session.undo_stack.undoText() == "Delete 3 spans"
    seeds.session.undo_stack.undo()
    assert dock.model.rowCount() == 3
