"""The span panel through its real widgets: memo, typed attribute fields, quick entry, recode."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from annotator.core.codebook import AttributeField
from annotator.store.operations import DeleteSpans, UpdateCode, UpdateSpan
from annotator.ui.docks import DetailDock



def test_detail_empty_state_then_span(seeds, qtbot, show):
    dock = show(DetailDock(seeds.session), 360, 520)
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



def test_memo_committed_on_focus_out_and_undone(seeds, qtbot, show):
    dock = show(DetailDock(seeds.session), 360, 520)
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



def test_memo_committed_after_idle(seeds, qtbot, monkeypatch, show):
    dock = show(DetailDock(seeds.session), 360, 520)
    dock._memo_timer.setInterval(50)
    seeds.session.select_span(seeds.claim.id)
    dock.memo.setFocus()
    dock.memo.selectAll()
    qtbot.keyClicks(dock.memo, "ok")
    qtbot.waitUntil(lambda: seeds.project.span(seeds.claim.id).memo == "ok", timeout=2000)
    assert dock.memo.hasFocus()



def test_memo_committed_when_switching_span(seeds, qtbot, show):
    dock = show(DetailDock(seeds.session), 360, 520)
    seeds.session.select_span(seeds.quote.id)
    dock.memo.setFocus()
    qtbot.keyClicks(dock.memo, "first")
    seeds.session.select_span(seeds.casualty.id)
    assert seeds.project.span(seeds.quote.id).memo == "first"
    assert seeds.project.span(seeds.casualty.id).memo == ""
    assert dock.memo.toPlainText() == ""



def test_attribute_widgets_per_type_commit_and_undo(seeds, qtbot, show):
    casualty = seeds.code_id("casualty figure")
    fields = seeds.project.code(casualty).attributes + (AttributeField("count", "number"),)
    seeds.session.push(UpdateCode(casualty, {"attributes": fields}))
    dock = show(DetailDock(seeds.session), 360, 600)
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



def test_typing_in_a_field_survives_other_edits_of_the_span(seeds, qtbot, show):
    dock = show(DetailDock(seeds.session), 360, 600)
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



def test_focus_first_field_for_quick_entry(seeds, qtbot, show):
    dock = show(DetailDock(seeds.session), 360, 520)
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



def test_quick_entry_walks_the_fields_then_finishes(seeds, qtbot, show):
    dock = show(DetailDock(seeds.session), 360, 600)
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



def test_recode_from_the_span_panel(seeds, qtbot, show):
    dock = show(DetailDock(seeds.session), 360, 600)
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



def test_detail_shows_markup_literally(seeds, qtbot, show):
    dock = show(DetailDock(seeds.session), 360, 520)
    seeds.session.push(UpdateSpan(seeds.quote.id, {"memo": "<b>bold?</b>"}))
    seeds.session.select_span(seeds.quote.id)
    assert dock.text_label.textFormat() == Qt.TextFormat.PlainText
    assert dock.memo.toPlainText() == "<b>bold?</b>"



def test_closing_the_window_commits_what_is_typed(seeds, qtbot, show):
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


def test_a_span_with_values_its_code_no_longer_declares_stays_editable(seeds, qtbot, show):
    # a codebook changed behind the panel's back (e.g. imported), leaving "speaker" undeclared
    seeds.project.update_code(seeds.code_id("quote"), attributes=(AttributeField("person"),))
    dock = show(DetailDock(seeds.session), 360, 520)
    seeds.session.select_span(seeds.quote.id)
    dock.memo.setFocus()
    qtbot.keyClicks(dock.memo, "still mine")
    dock.commit_memo()
    span = seeds.project.span(seeds.quote.id)
    assert span.memo == "still mine" and span.attributes == {}
    person = dock.findChild(QLineEdit, "attr:person")
    person.setText("Aliyev")
    person.editingFinished.emit()
    assert seeds.project.span(seeds.quote.id).attributes == {"person": "Aliyev"}
    seeds.session.undo_stack.undo()
    seeds.session.undo_stack.undo()
    assert seeds.project.span(seeds.quote.id).attributes == {"speaker": "Aliyev"}  # undo brings the value back


def _type_memo(dock, qtbot, words: str) -> None:
    """Type *words* at the end of the memo, then leave it (which stores it)."""
    dock.memo.setFocus()
    qtbot.waitUntil(dock.memo.hasFocus)
    dock.memo.moveCursor(dock.memo.textCursor().MoveOperation.End)
    qtbot.keyClicks(dock.memo, words)
    dock.code_combo.setFocus()
    qtbot.waitUntil(lambda: not dock.memo.hasFocus())


def test_consecutive_memo_edits_of_one_span_are_one_undo_step(seeds, qtbot, show):
    dock = show(DetailDock(seeds.session), 360, 520)
    seeds.session.select_span(seeds.quote.id)
    depth = seeds.session.undo_stack.count()
    for words in ("exact", " words", "?"):
        _type_memo(dock, qtbot, words)
    assert seeds.project.span(seeds.quote.id).memo == "exact words?"
    assert seeds.session.undo_stack.count() == depth + 1
    assert seeds.session.undo()
    assert seeds.project.span(seeds.quote.id).memo == ""
    assert seeds.session.redo()
    assert seeds.project.span(seeds.quote.id).memo == "exact words?"
    assert seeds.session.undo()
    seeds.session.select_span(seeds.claim.id)  # another span's memo between: steps of their own
    claim_memo = seeds.project.span(seeds.claim.id).memo
    _type_memo(dock, qtbot, "a")
    seeds.session.select_span(seeds.quote.id)
    _type_memo(dock, qtbot, "b")
    assert seeds.session.undo_stack.count() == depth + 2
    assert seeds.session.undo()
    assert seeds.project.span(seeds.quote.id).memo == "" and seeds.project.span(seeds.claim.id).memo == claim_memo + "a"
