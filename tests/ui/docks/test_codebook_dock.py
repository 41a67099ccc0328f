"""The codebook dock through its real widgets: activate, rename, delete, merge, move, drag, edit."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QColorDialog, QLineEdit, QMessageBox

from annotator.core.codebook import AttributeField
from annotator.store.operations import DeleteSpans, UpdateSpan
from annotator.ui import plain
from annotator.ui.docks import CodebookDock



def test_click_and_enter_on_a_code_activate_it(seeds, qtbot, show, click):
    dock = show(CodebookDock(seeds.session))
    quote = dock.model.index_of(seeds.code_id("quote"))
    with qtbot.waitSignal(dock.code_activated) as sig:
        click(dock.view, quote)
    assert sig.args == [seeds.code_id("quote")]
    assert "quotation marks" in dock.definition.text()  # the definition pane follows the click
    dock.view.setCurrentIndex(dock.model.index_of(seeds.code_id("claim")))
    with qtbot.waitSignal(dock.code_activated) as sig:
        qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    assert sig.args == [seeds.code_id("claim")]



def test_inline_rename_through_the_editor(seeds, qtbot, show):
    dock = show(CodebookDock(seeds.session))
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



def test_delete_code_confirms_with_the_span_count_and_undoes(seeds, qtbot, monkeypatch, show):
    dock = show(CodebookDock(seeds.session))
    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(plain, "ask", question)
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



def test_delete_code_declined_keeps_it(seeds, qtbot, monkeypatch, show):
    dock = show(CodebookDock(seeds.session))
    monkeypatch.setattr(plain, "ask", lambda *a: QMessageBox.StandardButton.No)
    dock.select_code(seeds.code_id("quote"))
    assert not dock.delete()
    assert seeds.project.code_by_path("quote") is not None



def test_delete_key_in_the_codebook(seeds, qtbot, monkeypatch, show):
    codebook = show(CodebookDock(seeds.session))
    monkeypatch.setattr(plain, "ask", lambda *a: QMessageBox.StandardButton.Yes)
    codebook.select_code(seeds.code_id("territorial change"))
    codebook.view.setFocus()
    qtbot.waitUntil(codebook.view.hasFocus)
    qtbot.keyClick(codebook.view, Qt.Key.Key_Delete)
    assert seeds.project.code_by_path("territorial change") is None



def test_merge_moves_spans_and_undoes(seeds, qtbot, show):
    dock = show(CodebookDock(seeds.session))
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



def test_merge_asks_for_target_and_confirmation(seeds, qtbot, monkeypatch, show):
    dock = show(CodebookDock(seeds.session))
    asked = []
    monkeypatch.setattr(plain, "get_item",
                        lambda parent, title, label, items, *a: (asked.append(items) or "claim", True))
    monkeypatch.setattr(plain, "ask",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    dock.select_code(seeds.code_id("quote"))
    assert dock.merge()
    assert "quote" not in asked[0]
    assert "Move 2 spans" in asked[1]
    assert seeds.project.span(seeds.quote.id).code_id == seeds.code_id("claim")



def test_add_child_recolour_shortcut_definition_fields(seeds, qtbot, monkeypatch, show):
    dock = show(CodebookDock(seeds.session))
    claim = seeds.code_id("claim")
    child = dock.add_code("official", parent_id=claim)
    assert seeds.project.code(child).parent_id == claim
    assert dock.model.rowCount(dock.model.index_of(claim)) == 1
    assert dock.current_code_id() == child
    first_colour = seeds.project.code(child).color

    monkeypatch.setattr(QColorDialog, "getColor", lambda *a: QColor("#112233"))
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



def test_add_opens_the_new_code_for_naming_and_shortcut_dialog(seeds, qtbot, monkeypatch, show):
    dock = show(CodebookDock(seeds.session))
    dock.act_add.trigger()
    new = seeds.project.code_by_path("new code")
    assert new is not None and dock.current_code_id() == new.id
    editor = dock.view.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "new code"
    editor.setText("frame")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: seeds.project.code(new.id).name == "frame")
    monkeypatch.setattr(plain, "get_text", lambda *a, **k: ("6", True))
    dock.act_shortcut.trigger()
    assert seeds.project.code(new.id).shortcut == "6"
    assert dock.model.data(dock.model.index_of(new.id, 1)) == "6"



def test_move_up_and_down(seeds, qtbot, show):
    dock = show(CodebookDock(seeds.session))
    dock.select_code(seeds.code_id("casualty figure"))
    assert dock.move(-1)
    assert [c.name for c in seeds.project.codes()] == ["claim", "casualty figure", "quote", "territorial change"]
    assert dock.current_code_id() == seeds.code_id("casualty figure")
    assert dock.move(+1) and dock.move(+1)
    assert [c.name for c in seeds.project.codes()] == ["claim", "quote", "territorial change", "casualty figure"]
    assert not dock.move(+1)  # already last
    seeds.session.undo_stack.undo()
    assert [c.name for c in seeds.project.codes()] == ["claim", "quote", "casualty figure", "territorial change"]



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



def test_drag_a_code_onto_another_and_above_another(seeds, qtbot, show):
    dock = show(CodebookDock(seeds.session))
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



def test_codebook_counts_follow_the_coder(seeds, qtbot, show):
    dock = show(CodebookDock(seeds.session))
    quote = seeds.code_id("quote")
    seeds.session.push(DeleteSpans([seeds.quote.id]))
    qtbot.waitUntil(lambda: dock.model.count(quote) == 0)  # recounts follow a burst of changes
    seeds.session.set_coder("ben")
    assert dock.model.count(quote) == 1



def test_definition_pane_links_open_the_editors(seeds, qtbot, monkeypatch, show):
    dock = show(CodebookDock(seeds.session))
    opened = []
    monkeypatch.setattr(dock, "edit_definition", lambda: opened.append("definition"))
    monkeypatch.setattr(dock, "edit_fields", lambda: opened.append("fields"))
    dock.select_code(seeds.code_id("quote"))
    assert "href='definition'" in dock.definition.text()
    dock.definition.linkActivated.emit("definition")
    dock.definition.linkActivated.emit("fields")
    assert opened == ["definition", "fields"]



def test_fields_dialog_declares_typed_fields(seeds, qtbot):
    from annotator.ui.docks.code_dialogs import FieldsDialog

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


def test_renaming_or_removing_a_field_carries_span_values_in_one_step(seeds, qtbot, show):
    dock = show(CodebookDock(seeds.session))
    dock.select_code(seeds.code_id("quote"))
    before = seeds.session.undo_stack.count()
    assert dock.edit_fields([AttributeField("speaker name")], renames={"speaker": "speaker name"})
    assert seeds.project.span(seeds.quote.id).attributes == {"speaker name": "Aliyev"}
    assert seeds.session.undo_stack.count() == before + 1
    assert seeds.session.push(UpdateSpan(seeds.quote.id, {"memo": "still editable"}))
    seeds.session.undo_stack.undo()
    seeds.session.undo_stack.undo()
    assert seeds.project.span(seeds.quote.id).attributes == {"speaker": "Aliyev"}
    assert seeds.project.code(seeds.code_id("quote")).attributes[0].name == "speaker"

    dock.select_code(seeds.code_id("casualty figure"))
    kept = [f for f in seeds.project.code(seeds.code_id("casualty figure")).attributes if f.name != "who"]
    assert dock.edit_fields(kept)
    assert seeds.project.span(seeds.casualty.id).attributes == {}
    assert seeds.session.push(UpdateSpan(seeds.casualty.id, {"memo": "ok"}))


def test_fields_dialog_tells_a_rename_from_a_new_field(seeds, qtbot, monkeypatch, show):
    from annotator.ui.docks.code_dialogs import FieldsDialog

    dialog = FieldsDialog("quote", seeds.project.code(seeds.code_id("quote")).attributes)
    qtbot.addWidget(dialog)
    dialog.table.item(0, dialog.NAME).setText("speaker name")
    dialog.add_row(AttributeField(""))
    dialog.table.item(1, dialog.NAME).setText("tone")
    assert dialog.renames() == {"speaker": "speaker name"}

    dock = show(CodebookDock(seeds.session))
    dock.select_code(seeds.code_id("quote"))
    asked = []
    monkeypatch.setattr(FieldsDialog, "exec", lambda self: self.DialogCode.Accepted)
    monkeypatch.setattr(FieldsDialog, "fields", lambda self: [AttributeField("speaker name")])
    monkeypatch.setattr(FieldsDialog, "renames", lambda self: {"speaker": "speaker name"})
    monkeypatch.setattr(plain, "ask",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    assert dock.edit_fields()
    assert "1 span of 'quote'" in asked[0] and "renamed fields keep their values" in asked[0]
    assert seeds.project.span(seeds.quote.id).attributes == {"speaker name": "Aliyev"}


def test_a_field_whose_type_changes_drops_values_that_no_longer_fit(seeds, qtbot, show):
    dock = show(CodebookDock(seeds.session))
    casualty = seeds.code_id("casualty figure")
    seeds.session.push(UpdateSpan(seeds.casualty.id, {"attributes": {"who": "civilians", "figure": "300"}}))
    fields = [AttributeField("figure", "number"), AttributeField("who", "choice", ("military", "unspecified")),
              AttributeField("side")]
    dock.select_code(casualty)
    assert dock.edit_fields(fields)
    assert seeds.project.span(seeds.casualty.id).attributes == {"figure": 300}  # "civilians" is no choice now
    assert seeds.session.push(UpdateSpan(seeds.casualty.id, {"memo": "still editable"}))


def test_expand_arrows_only_when_a_code_has_children(seeds, show):
    """A flat codebook gives the arrows' room to the code names (a narrow dock, four panes)."""
    dock = show(CodebookDock(seeds.session))
    assert not dock.view.rootIsDecorated()
    child = seeds.project.add_code("direct quote", parent_id=seeds.code_id("quote"))
    assert dock.view.rootIsDecorated()
    seeds.project.delete_code(child.id)
    assert not dock.view.rootIsDecorated()
