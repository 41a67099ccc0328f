"""The docks driven through their real widgets with qtbot."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox

from annotator.core.codebook import AttributeField
from annotator.core.model import DocStatus
from annotator.store.operations import DeleteSpans, UpdateCode, UpdateSpan
from annotator.ui.docks import CodebookDock, DetailDock, DocumentsDock, SpansDock
from annotator.ui.docks import codebook as codebook_module
from annotator.ui.models.spans import SpansModel


def show(qtbot, dock, width=520, height=420):
    qtbot.addWidget(dock)
    dock.resize(width, height)
    dock.show()
    qtbot.waitExposed(dock)
    return dock


def click(qtbot, view, index, double=False):
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:  # QTest's double click needs the first click before it, as a user's does
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_object_names_are_stable(seeds, qtbot):
    names = [cls(seeds.session).objectName() for cls in (CodebookDock, DocumentsDock, SpansDock, DetailDock)]
    assert names == ["codebookDock", "documentsDock", "spansDock", "detailDock"]


# -- codebook -------------------------------------------------------------------
def test_click_and_enter_on_a_code_activate_it(seeds, qtbot):
    dock = show(qtbot, CodebookDock(seeds.session))
    quote = dock.model.index_of(seeds.code_id("quote"))
    with qtbot.waitSignal(dock.code_activated) as sig:
        click(qtbot, dock.view, quote)
    assert sig.args == [seeds.code_id("quote")]
    assert "quotation marks" in dock.definition.text()  # the definition pane follows the click
    dock.view.setCurrentIndex(dock.model.index_of(seeds.code_id("claim")))
    with qtbot.waitSignal(dock.code_activated) as sig:
        qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert sig.args == [seeds.code_id("claim")]


def test_inline_rename_through_the_editor(seeds, qtbot):
    dock = show(qtbot, CodebookDock(seeds.session))
    dock.select_code(seeds.code_id("quote"))
    qtbot.keyClick(dock.view, Qt.Key.Key_F2)
    editor = dock.view.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "quote"
    editor.selectAll()
    qtbot.keyClicks(editor, "direct quote")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits through a queued call
    qtbot.waitUntil(lambda: seeds.project.code(seeds.quote.code_id).name == "direct quote")
    assert dock.current_code_id() == seeds.quote.code_id  # selection survives the refresh
    seeds.session.undo_stack.undo()
    assert seeds.project.code(seeds.quote.code_id).name == "quote"


def test_delete_code_confirms_with_the_span_count_and_undoes(seeds, qtbot, monkeypatch):
    dock = show(qtbot, CodebookDock(seeds.session))
    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(codebook_module.QMessageBox, "question", question)
    quote = seeds.code_id("quote")
    dock.select_code(quote)
    assert dock.act_delete.isEnabled()
    dock.act_delete.trigger()
    assert "2 spans" in asked[0] and "1 yours, 1 by other coders" in asked[0]
    assert seeds.project.code_by_path("quote") is None
    assert seeds.project.spans_where("code_id = ?", (quote,)) == []
    assert dock.model.rowCount() == 3
    seeds.session.undo_stack.undo()
    assert seeds.project.code(quote).name == "quote"
    assert {s.id for s in seeds.project.spans_where("code_id = ?", (quote,))} == {seeds.quote.id, seeds.other.id}
    assert dock.model.rowCount() == 4


def test_delete_code_declined_keeps_it(seeds, qtbot, monkeypatch):
    dock = show(qtbot, CodebookDock(seeds.session))
    monkeypatch.setattr(codebook_module.QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    dock.select_code(seeds.code_id("quote"))
    assert not dock.delete()
    assert seeds.project.code_by_path("quote") is not None


def test_merge_moves_spans_and_undoes(seeds, qtbot):
    dock = show(qtbot, CodebookDock(seeds.session))
    quote, claim = seeds.code_id("quote"), seeds.code_id("claim")
    dock.select_code(quote)
    assert dock.merge(claim)
    assert seeds.project.span(seeds.quote.id).code_id == claim
    assert seeds.project.span(seeds.other.id).code_id == claim
    assert seeds.project.code_by_path("quote") is None
    assert dock.current_code_id() == claim
    assert dock.model.count(claim) == 2
    seeds.session.undo_stack.undo()
    assert seeds.project.span(seeds.quote.id).code_id == quote
    assert seeds.project.span(seeds.quote.id).attributes == {"speaker": "Aliyev"}


def test_merge_asks_for_target_and_confirmation(seeds, qtbot, monkeypatch):
    dock = show(qtbot, CodebookDock(seeds.session))
    asked = []
    monkeypatch.setattr(codebook_module.QInputDialog, "getItem",
                        lambda parent, title, label, items, *a: (asked.append(items) or "claim", True))
    monkeypatch.setattr(codebook_module.QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    dock.select_code(seeds.code_id("quote"))
    assert dock.merge()
    assert "quote" not in asked[0]
    assert "Move 2 spans" in asked[1]
    assert seeds.project.span(seeds.quote.id).code_id == seeds.code_id("claim")


def test_add_child_recolour_shortcut_definition_fields(seeds, qtbot, monkeypatch):
    dock = show(qtbot, CodebookDock(seeds.session))
    claim = seeds.code_id("claim")
    child = dock.add_code("official", parent_id=claim)
    assert seeds.project.code(child).parent_id == claim
    assert dock.model.rowCount(dock.model.index_of(claim)) == 1
    assert dock.current_code_id() == child
    first_colour = seeds.project.code(child).color

    monkeypatch.setattr(codebook_module.QColorDialog, "getColor", lambda *a: QColor("#112233"))
    assert dock.recolour()
    assert seeds.project.code(child).color == "#112233"

    assert not dock.set_shortcut("1")  # taken by claim
    assert dock.set_shortcut("5")
    assert dock.model.data(dock.model.index_of(child, 1)) == "5"

    assert dock.edit_definition("Officials speaking on record.")
    assert "on record" in dock.definition.text()

    fields = [AttributeField("rank", "choice", ("minister", "deputy")), AttributeField("age", "number")]
    assert dock.edit_fields(fields)
    assert seeds.project.code(child).attributes == tuple(fields)
    assert not dock.edit_fields([AttributeField("x", "choice")])  # a choice field without choices

    for _ in range(4):
        seeds.session.undo_stack.undo()
    code = seeds.project.code(child)
    assert (code.color, code.shortcut, code.description, code.attributes) == (first_colour, "", "", ())
    seeds.session.undo_stack.undo()
    assert seeds.project.code_by_path("claim/official") is None


def test_move_up_and_down(seeds, qtbot):
    dock = show(qtbot, CodebookDock(seeds.session))
    dock.select_code(seeds.code_id("casualty figure"))
    assert dock.move(-1)
    assert [c.name for c in seeds.project.codes()] == ["claim", "casualty figure", "quote", "territorial change"]
    assert dock.current_code_id() == seeds.code_id("casualty figure")
    assert dock.move(+1) and dock.move(+1)
    assert [c.name for c in seeds.project.codes()] == ["claim", "quote", "territorial change", "casualty figure"]
    assert not dock.move(+1)  # already last
    seeds.session.undo_stack.undo()
    assert [c.name for c in seeds.project.codes()] == ["claim", "quote", "casualty figure", "territorial change"]


def test_codebook_counts_follow_the_coder(seeds, qtbot):
    dock = show(qtbot, CodebookDock(seeds.session))
    quote = seeds.code_id("quote")
    seeds.session.push(DeleteSpans([seeds.quote.id]))
    qtbot.waitUntil(lambda: dock.model.count(quote) == 0)  # recounts follow a burst of changes
    seeds.session.set_coder("ben")
    assert dock.model.count(quote) == 1


# -- documents ------------------------------------------------------------------
def test_documents_filter_and_open(seeds, qtbot):
    dock = show(qtbot, DocumentsDock(seeds.session), 700)
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
        click(qtbot, dock.view, index, double=True)
    assert sig.args == [2, -1]
    dock.view.setFocus()
    dock.view.setCurrentIndex(dock.proxy.index(2, 0))
    with qtbot.waitSignal(seeds.session.document_requested) as sig:
        qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert sig.args == [3, -1]


def test_documents_sort_by_span_count(seeds, qtbot):
    dock = show(qtbot, DocumentsDock(seeds.session), 700)
    dock.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert [dock.proxy.index(r, 4).data() for r in range(5)] == [2, 1, 0, 0, 0]


# -- spans ----------------------------------------------------------------------
def test_click_on_span_row_jumps_and_selects(seeds, qtbot):
    dock = show(qtbot, SpansDock(seeds.session), 800)
    selected = []
    seeds.session.span_selected.connect(selected.append)
    row = dock.model.index(dock.model.row_of(seeds.casualty.id), 0)
    with qtbot.waitSignal(seeds.session.document_requested) as sig:
        click(qtbot, dock.view, row)
    assert sig.args == [2, seeds.casualty.id]
    assert selected == [seeds.casualty.id]
    assert seeds.session.selected_span_id == seeds.casualty.id


def test_span_list_follows_session_selection_without_jumping(seeds, qtbot):
    dock = show(qtbot, SpansDock(seeds.session), 800)
    jumps = []
    seeds.session.document_requested.connect(lambda *a: jumps.append(a))
    seeds.session.select_span(seeds.quote.id)
    assert dock.span_id_at(dock.view.currentIndex()) == seeds.quote.id
    assert dock.view.selectionModel().isRowSelected(dock.view.currentIndex().row())
    seeds.session.select_span(-1)
    assert not dock.view.selectionModel().hasSelection()
    assert jumps == []


def test_span_filter_and_sort(seeds, qtbot):
    dock = show(qtbot, SpansDock(seeds.session), 800)
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


# -- detail ---------------------------------------------------------------------
def test_detail_empty_state_then_span(seeds, qtbot):
    dock = show(qtbot, DetailDock(seeds.session), 360, 520)
    assert dock.stack.currentWidget() is dock.empty
    seeds.session.select_span(seeds.quote.id)
    assert dock.stack.currentIndex() == 1
    assert dock.code_combo.currentText() == "quote"
    assert dock.text_label.text() == "We will restore Kalbajar"
    assert dock.coder_label.text() == "ana"
    assert dock.document_label.text().startswith("Aliyev vows")
    speaker = dock.findChild(QLineEdit, "attr:speaker")
    assert speaker.text() == "Aliyev"
    seeds.session.push(DeleteSpans([seeds.quote.id]))
    assert dock.stack.currentWidget() is dock.empty


def test_memo_committed_on_focus_out_and_undone(seeds, qtbot):
    dock = show(qtbot, DetailDock(seeds.session), 360, 520)
    seeds.session.select_span(seeds.quote.id)
    dock.memo.setFocus()
    qtbot.waitUntil(dock.memo.hasFocus)
    qtbot.keyClicks(dock.memo, "exact words?")
    assert seeds.project.span(seeds.quote.id).memo == ""  # not yet: still typing
    dock.findChild(QLineEdit, "attr:speaker").setFocus()
    qtbot.waitUntil(lambda: not dock.memo.hasFocus())
    assert seeds.project.span(seeds.quote.id).memo == "exact words?"
    assert seeds.session.undo_stack.undoText() == "Edit memo"
    seeds.session.undo_stack.undo()
    assert seeds.project.span(seeds.quote.id).memo == ""
    assert dock.memo.toPlainText() == ""


def test_memo_committed_after_idle(seeds, qtbot, monkeypatch):
    dock = show(qtbot, DetailDock(seeds.session), 360, 520)
    dock._memo_timer.setInterval(50)
    seeds.session.select_span(seeds.claim.id)
    dock.memo.setFocus()
    dock.memo.selectAll()
    qtbot.keyClicks(dock.memo, "ok")
    qtbot.waitUntil(lambda: seeds.project.span(seeds.claim.id).memo == "ok", timeout=2000)
    assert dock.memo.hasFocus()


def test_memo_committed_when_switching_span(seeds, qtbot):
    dock = show(qtbot, DetailDock(seeds.session), 360, 520)
    seeds.session.select_span(seeds.quote.id)
    dock.memo.setFocus()
    qtbot.keyClicks(dock.memo, "first")
    seeds.session.select_span(seeds.casualty.id)
    assert seeds.project.span(seeds.quote.id).memo == "first"
    assert seeds.project.span(seeds.casualty.id).memo == ""
    assert dock.memo.toPlainText() == ""


def test_attribute_widgets_per_type_commit_and_undo(seeds, qtbot):
    casualty = seeds.code_id("casualty figure")
    fields = seeds.project.code(casualty).attributes + (AttributeField("count", "number"),)
    seeds.session.push(UpdateCode(casualty, {"attributes": fields}))
    dock = show(qtbot, DetailDock(seeds.session), 360, 600)
    seeds.session.select_span(seeds.casualty.id)
    who = dock.findChild(QComboBox, "attr:who")
    figure = dock.findChild(QLineEdit, "attr:figure")
    count = dock.findChild(QLineEdit, "attr:count")
    assert who.currentText() == "civilians"
    assert [who.itemText(i) for i in range(who.count())] == ["—", "civilians", "military", "unspecified"]

    who.setCurrentIndex(who.findText("military"))
    assert seeds.project.span(seeds.casualty.id).attributes["who"] == "military"

    figure.setFocus()
    qtbot.waitUntil(figure.hasFocus)
    qtbot.keyClicks(figure, "hundreds")
    count.setFocus()  # leaving the field commits it
    assert seeds.project.span(seeds.casualty.id).attributes["figure"] == "hundreds"

    qtbot.keyClicks(count, "12x.5")  # the validator drops the letter
    qtbot.keyClick(count, Qt.Key.Key_Return)
    assert seeds.project.span(seeds.casualty.id).attributes["count"] == 12.5

    seeds.session.undo_stack.undo()
    assert "count" not in seeds.project.span(seeds.casualty.id).attributes
    assert count.text() == ""
    seeds.session.undo_stack.undo()
    seeds.session.undo_stack.undo()
    assert seeds.project.span(seeds.casualty.id).attributes == {"who": "civilians"}
    assert who.currentText() == "civilians"


def test_focus_first_field_for_quick_entry(seeds, qtbot):
    dock = show(qtbot, DetailDock(seeds.session), 360, 520)
    dock.focus_first_field()  # nothing selected: nothing to do
    seeds.session.select_span(seeds.quote.id)
    dock.activateWindow()
    dock.focus_first_field()
    speaker = dock.findChild(QLineEdit, "attr:speaker")
    qtbot.waitUntil(speaker.hasFocus)
    qtbot.keyClicks(speaker, "Ilham Aliyev")
    qtbot.keyClick(speaker, Qt.Key.Key_Return)
    assert seeds.project.span(seeds.quote.id).attributes == {"speaker": "Ilham Aliyev"}
    seeds.session.push(UpdateCode(seeds.code_id("quote"), {"attributes": ()}))
    seeds.session.push(UpdateSpan(seeds.claim.id, {"memo": ""}))
    seeds.session.select_span(seeds.claim.id)
    seeds.session.push(UpdateCode(seeds.code_id("claim"), {"attributes": ()}))
    dock.focus_first_field()
    qtbot.waitUntil(dock.memo.hasFocus)


def test_detail_shows_markup_literally(seeds, qtbot):
    dock = show(qtbot, DetailDock(seeds.session), 360, 520)
    seeds.session.push(UpdateSpan(seeds.quote.id, {"memo": "<b>bold?</b>"}))
    seeds.session.select_span(seeds.quote.id)
    assert dock.text_label.textFormat() == Qt.TextFormat.PlainText
    assert dock.memo.toPlainText() == "<b>bold?</b>"



def test_delete_keys(seeds, qtbot, monkeypatch):
    spans = show(qtbot, SpansDock(seeds.session), 800)
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

    codebook = show(qtbot, CodebookDock(seeds.session))
    monkeypatch.setattr(codebook_module.QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    codebook.select_code(seeds.code_id("territorial change"))
    codebook.view.setFocus()
    qtbot.waitUntil(codebook.view.hasFocus)
    qtbot.keyClick(codebook.view, Qt.Key.Key_Delete)
    assert seeds.project.code_by_path("territorial change") is None


def test_document_status_from_the_list(seeds, qtbot):
    dock = show(qtbot, DocumentsDock(seeds.session), 700)
    assert dock.set_status(3, DocStatus.DONE)
    assert seeds.project.status(3, seeds.session.coder.id) == DocStatus.DONE
    assert dock.model.data(dock.model.index(2, 3)) == "done"
    assert seeds.session.undo_stack.undoText() == "Mark document done"
    seeds.session.undo_stack.undo()
    assert dock.model.data(dock.model.index(2, 3)) == "not started"


def test_quick_entry_walks_the_fields_then_finishes(seeds, qtbot):
    dock = show(qtbot, DetailDock(seeds.session), 360, 600)
    seeds.session.select_span(seeds.casualty.id)
    dock.focus_first_field()
    figure = dock.findChild(QLineEdit, "attr:figure")
    who = dock.findChild(QComboBox, "attr:who")
    side = dock.findChild(QLineEdit, "attr:side")
    qtbot.waitUntil(figure.hasFocus)
    qtbot.keyClicks(figure, "hundreds")
    qtbot.keyClick(figure, Qt.Key.Key_Return)
    qtbot.waitUntil(who.hasFocus)
    qtbot.keyClick(who, Qt.Key.Key_Return)
    qtbot.waitUntil(side.hasFocus)
    qtbot.keyClicks(side, "Armenian")
    with qtbot.waitSignal(dock.entry_finished):
        qtbot.keyClick(side, Qt.Key.Key_Return)
    assert seeds.project.span(seeds.casualty.id).attributes == {"figure": "hundreds", "who": "civilians",
                                                                "side": "Armenian"}
    dock.memo.setFocus()
    qtbot.keyClicks(dock.memo, "source?")
    with qtbot.waitSignal(dock.entry_finished):
        qtbot.keyClick(dock.memo, Qt.Key.Key_Escape)
    assert seeds.project.span(seeds.casualty.id).memo == "source?"


def test_document_list_follows_opened_document(seeds, qtbot):
    dock = show(qtbot, DocumentsDock(seeds.session), 700)
    seeds.session.open_document(4)
    assert dock.view.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == 4


def drag_and_drop(view, source_index, target_pos):
    """The events a drop delivers to the tree (QDrag.exec itself cannot run offscreen)."""
    mime = view.model().mimeData([source_index])
    vp = view.viewport()
    for cls in (QDragEnterEvent, QDragMoveEvent):
        event = cls(target_pos, Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(vp, event)
        assert event.isAccepted()
    QApplication.sendEvent(vp, QDropEvent(QPointF(target_pos), Qt.DropAction.MoveAction, mime,
                                          Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def test_drag_a_code_onto_another_and_above_another(seeds, qtbot):
    dock = show(qtbot, CodebookDock(seeds.session))
    model, view = dock.model, dock.view
    quote, claim, territorial = (seeds.code_id(n) for n in ("quote", "claim", "territorial change"))
    drag_and_drop(view, model.index_of(quote), view.visualRect(model.index_of(claim)).center())
    assert seeds.project.code(quote).parent_id == claim
    assert view.isExpanded(model.index_of(claim))  # the new child is in sight
    top_of_claim = view.visualRect(model.index_of(claim)).topLeft() + QPoint(20, 1)
    drag_and_drop(view, model.index_of(territorial), top_of_claim)
    assert [c.name for c in seeds.project.codes()] == ["territorial change", "claim", "quote", "casualty figure"]
    seeds.session.undo_stack.undo()
    seeds.session.undo_stack.undo()
    assert [(c.name, c.parent_id) for c in seeds.project.codes()] == [
        ("claim", None), ("quote", None), ("casualty figure", None), ("territorial change", None)]


def test_recode_from_the_span_panel(seeds, qtbot):
    dock = show(qtbot, DetailDock(seeds.session), 360, 600)
    seeds.session.select_span(seeds.quote.id)
    combo = dock.code_combo
    assert combo.currentText() == "quote"
    assert [combo.itemText(i) for i in range(combo.count())] == ["claim", "quote", "casualty figure",
                                                                 "territorial change"]
    combo.setCurrentIndex(0)
    combo.activated.emit(0)  # what picking from the open list does
    assert seeds.project.span(seeds.quote.id).code_id == seeds.code_id("claim")
    assert dock.code_combo.currentText() == "claim"
    assert dock.findChild(QLineEdit, "attr:claimant") is not None  # the new code's fields
    seeds.session.undo_stack.undo()
    assert seeds.project.span(seeds.quote.id).attributes == {"speaker": "Aliyev"}
    assert combo.currentText() == "quote"
    assert dock.findChild(QLineEdit, "attr:speaker").text() == "Aliyev"


def test_definition_pane_links_open_the_editors(seeds, qtbot, monkeypatch):
    dock = show(qtbot, CodebookDock(seeds.session))
    opened = []
    monkeypatch.setattr(dock, "edit_definition", lambda: opened.append("definition"))
    monkeypatch.setattr(dock, "edit_fields", lambda: opened.append("fields"))
    dock.select_code(seeds.code_id("quote"))
    assert "href='definition'" in dock.definition.text()
    dock.definition.linkActivated.emit("definition")
    dock.definition.linkActivated.emit("fields")
    assert opened == ["definition", "fields"]


def test_typing_in_a_field_survives_other_edits_of_the_span(seeds, qtbot):
    dock = show(qtbot, DetailDock(seeds.session), 360, 600)
    seeds.session.select_span(seeds.quote.id)
    speaker = dock.findChild(QLineEdit, "attr:speaker")
    speaker.setFocus()
    qtbot.waitUntil(speaker.hasFocus)
    speaker.selectAll()
    qtbot.keyClicks(speaker, "Ilham")
    seeds.session.push(UpdateSpan(seeds.quote.id, {"memo": "from elsewhere"}))  # e.g. the article pane
    assert speaker.text() == "Ilham"
    assert dock.memo.toPlainText() == "from elsewhere"
    qtbot.keyClick(speaker, Qt.Key.Key_Return)
    assert seeds.project.span(seeds.quote.id).attributes == {"speaker": "Ilham"}
    seeds.session.undo_stack.undo()  # undo replaces the field even while it has focus
    assert speaker.text() == "Aliyev"


def test_closing_the_window_commits_what_is_typed(seeds, qtbot):
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    dock = DetailDock(seeds.session, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.show()
    qtbot.waitExposed(window)
    seeds.session.select_span(seeds.quote.id)
    dock.memo.setFocus()
    qtbot.waitUntil(dock.memo.hasFocus)
    qtbot.keyClicks(dock.memo, "typed, then quit")
    speaker = dock.findChild(QLineEdit, "attr:speaker")
    speaker.setText("Ilham Aliyev")
    speaker.setModified(True)
    window.close()
    span = seeds.project.span(seeds.quote.id)
    assert span.memo == "typed, then quit"
    assert span.attributes == {"speaker": "Ilham Aliyev"}


def test_fields_dialog_declares_typed_fields(seeds, qtbot):
    from annotator.ui.docks.fields_dialog import FieldsDialog

    code = seeds.project.code_by_path("casualty figure")
    dialog = FieldsDialog(code.name, code.attributes)
    qtbot.addWidget(dialog)
    assert [f.name for f in dialog.fields()] == ["figure", "who", "side"]
    assert dialog.fields()[1] == code.attributes[1]  # choices and description survive the round trip
    dialog.table.setCurrentCell(2, 0)
    dialog.remove_current()
    dialog.add_row(AttributeField(""))
    dialog.table.item(2, dialog.NAME).setText("count")
    dialog.table.cellWidget(2, dialog.TYPE).setCurrentText("number")
    dialog.add_row(AttributeField(""))
    dialog.table.item(3, dialog.NAME).setText("source")
    dialog.table.cellWidget(3, dialog.TYPE).setCurrentText("choice")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and "needs at least one choice" in dialog.problem.text()
    dialog.table.item(3, dialog.CHOICES).setText("official, witness ,, NGO")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    fields = dialog.fields()
    assert [(f.name, f.type, f.choices) for f in fields[2:]] == [
        ("count", "number", ()), ("source", "choice", ("official", "witness", "NGO"))]


def test_add_opens_the_new_code_for_naming_and_shortcut_dialog(seeds, qtbot, monkeypatch):
    dock = show(qtbot, CodebookDock(seeds.session))
    dock.act_add.trigger()
    new = seeds.project.code_by_path("new code")
    assert new is not None and dock.current_code_id() == new.id
    editor = dock.view.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "new code"
    editor.setText("frame")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: seeds.project.code(new.id).name == "frame")
    monkeypatch.setattr(codebook_module.QInputDialog, "getText", lambda *a, **k: ("6", True))
    dock.act_shortcut.trigger()
    assert seeds.project.code(new.id).shortcut == "6"
    assert dock.model.data(dock.model.index_of(new.id, 1)) == "6"


def test_delete_several_spans_in_one_step(seeds, qtbot):
    dock = show(qtbot, SpansDock(seeds.session), 800)
    first = dock.model.index(0, 0)
    last = dock.model.index(dock.model.rowCount() - 1, 0)
    click(qtbot, dock.view, first)
    qtbot.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     dock.view.visualRect(last).center())
    assert len(dock.selected_span_ids()) == 3
    assert dock.delete_current()
    assert seeds.project.spans_where("coder_id = ?", (seeds.session.coder.id,)) == []
    assert seeds.session.undo_stack.undoText() == "Delete 3 spans"
    seeds.session.undo_stack.undo()
    assert dock.model.rowCount() == 3
