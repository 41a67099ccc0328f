"""Another coder's spans, shown with Ctrl+Shift+O, are read-only in the window: not through
the keys, the span list, the article's context menu or the span panel. The status bar
says why and names Coder ▸ Switch Coder; after switching they can be changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu

from annotator.core.model import NewDocument
from annotator.store.adjudication import ProposeAgreed, decide, find_disputes
from annotator.store.operations import DeleteSpans, UpdateSpan
from tests.ui.conftest import select_text, utf16_pos

TEXT = "alpha beta gamma delta epsilon zeta eta theta"
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def others(workspace, qtbot):
    """ana's window over a document where ben coded "gamma delta" and ana "alpha";
    other coders' spans shown (Ctrl+Shift+O) and ben's span selected by a click."""
    ws = workspace
    doc = ws.project.add_document(NewDocument(text=TEXT, title="doc", source="Test Wire"))
    ben = ws.project.ensure_coder("ben")
    ws.theirs = ws.project.add_span(doc, ws.code_id("quote"), ben.id, 11, 22, memo="ben's memo",
                                    attributes={"speaker": "Aliyev"})
    ws.mine = ws.project.add_span(doc, ws.code_id("claim"), ws.session.coder.id, 0, 5)
    ws.pane.open_document(doc)
    ws.view.setFocus()
    qtbot.keyClick(ws.view, Qt.Key.Key_O, CTRL_SHIFT)
    assert ws.session.show_other_coders and ws.theirs.id in ws.view.spans
    _click_on(ws, qtbot, 13)
    assert ws.session.selected_span_id == ws.theirs.id
    ws.before = _rows(ws)
    ws.stack_before = ws.session.undo_stack.count()
    return ws


def _click_on(ws, qtbot, cp: int) -> None:
    view = ws.view
    cur = QTextCursor(view.document())
    cur.setPosition(utf16_pos(TEXT, cp))
    a = view.cursorRect(cur)
    cur.setPosition(utf16_pos(TEXT, cp + 1))
    b = view.cursorRect(cur)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint((a.x() + b.x()) // 2, a.center().y()))


def _rows(ws) -> list[tuple]:
    return [(s.id, s.code_id, s.coder_id, s.start, s.end, s.memo, s.attributes)
            for s in ws.project.spans_where()]


def _assert_refused(ws) -> None:
    assert _rows(ws) == ws.before  # nothing changed in the project file
    assert ws.session.undo_stack.count() == ws.stack_before  # and nothing to undo
    said = ws.window.statusBar().currentMessage()
    assert "ben's" in said and "read-only" in said and "Coder ▸ Switch Coder" in said


def test_keys_cannot_delete_recode_or_resize_another_coders_span(others, qtbot):
    ws = others
    qtbot.keyClick(ws.view, Qt.Key.Key_Delete)
    _assert_refused(ws)
    ws.window.statusBar().clearMessage()
    qtbot.keyClick(ws.view, Qt.Key.Key_1)  # claim's key, nothing selected: recode the selected span
    _assert_refused(ws)
    ws.window.statusBar().clearMessage()
    qtbot.keyClick(ws.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # no recode menu, words instead
    _assert_refused(ws)
    for key, mods in ((Qt.Key.Key_Right, ALT_SHIFT), (Qt.Key.Key_Left, ALT_SHIFT),
                      (Qt.Key.Key_Left, ALT_SHIFT | Qt.KeyboardModifier.ControlModifier),
                      (Qt.Key.Key_Right, ALT_SHIFT | Qt.KeyboardModifier.ControlModifier)):
        ws.window.statusBar().clearMessage()
        qtbot.keyClick(ws.view, key, mods)
        _assert_refused(ws)


def test_dragging_an_edge_of_another_coders_span_changes_nothing(others):
    ws = others
    cur = QTextCursor(ws.view.document())
    cur.setPosition(utf16_pos(TEXT, ws.theirs.end))
    assert ws.view.edge_at(ws.view.cursorRect(cur).center()) is None  # no resize grip offered
    assert not ws.view.drag_edge("end", ws.view.cursorRect(ws.view.textCursor()).center())
    ws.view.drag_edge("end", QPoint(ws.view.viewport().width() - 5, 5))
    _assert_refused(ws)


def test_the_span_list_refuses_delete_and_its_menu_says_why(others, qtbot):
    ws = others
    dock = ws.window.spans_dock
    dock.show()
    dock.raise_()
    table = dock.view
    row = dock.model.row_of(ws.theirs.id)
    assert row >= 0
    table.setFocus()
    table.setCurrentIndex(table.model().index(row, 0))
    assert dock.selected_span_ids() == [ws.theirs.id]
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    _assert_refused(ws)

    menu = dock.context_menu()
    by_name = {a.objectName(): a for a in menu.actions()}
    assert not by_name["delete"].isEnabled() and "read-only" in by_name["readOnlySpan"].text()
    by_name["delete"].trigger()
    dock.act_delete.trigger()  # the list's own action, as a bypass: still refused
    _assert_refused(ws)
    menu.deleteLater()


def test_a_selection_mixing_own_and_others_spans_deletes_nothing(others, qtbot):
    ws = others
    dock = ws.window.spans_dock
    dock.show()
    table = dock.view
    table.setFocus()
    table.selectAll()
    assert set(dock.selected_span_ids()) == {ws.theirs.id, ws.mine.id}
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    _assert_refused(ws)


def test_the_article_context_menu_offers_no_edit_of_another_coders_span(others):
    ws = others
    menu = QMenu()
    ws.window.coding.fill_context_menu(menu)
    by_text = {a.text(): a for a in menu.actions()}
    recode = by_text["Recode span as"]
    assert not recode.isEnabled()
    assert not next(a for a in menu.actions() if a.objectName() == "delete_span").isEnabled()
    note = next(a for a in menu.actions() if a.objectName() == "readOnlySpan")
    assert note.text().startswith("ben's span: read-only") and not note.isEnabled()
    for item in recode.menu().actions():  # had a user reached one anyway
        item.trigger()
    _assert_refused(ws)


def test_the_span_panel_shows_another_coders_span_read_only(others):
    ws = others
    detail = ws.window.detail_dock
    assert detail.span.id == ws.theirs.id
    assert detail.memo.isReadOnly() and not detail.code_combo.isEnabled()
    assert all(not w.isEnabled() for w in detail._field_widgets())
    assert detail.read_only_note.isVisibleTo(detail) and "Coder ▸ Switch Coder" in detail.read_only_note.text()
    # past the disabled widgets, straight to the commit paths: still refused
    detail.memo.setPlainText("my opinion of ben's span")
    detail.commit_memo()
    detail._recode(detail.code_combo.findData(ws.code_id("claim")))
    _assert_refused(ws)


def test_no_operation_on_another_coders_span_gets_through_the_session(others):
    ws = others
    for op in (DeleteSpans([ws.theirs.id]), DeleteSpans([ws.mine.id, ws.theirs.id]),
               UpdateSpan(ws.theirs.id, {"memo": "x"}), UpdateSpan(ws.theirs.id, {"start": 6}),
               UpdateSpan(ws.theirs.id, {"attributes": {}})):
        assert not ws.session.push(op)
    _assert_refused(ws)


def test_own_spans_stay_editable_beside_them(others, qtbot):
    ws = others
    _click_on(ws, qtbot, 2)
    assert ws.session.selected_span_id == ws.mine.id
    qtbot.keyClick(ws.view, Qt.Key.Key_2)  # recode mine as quote
    assert ws.project.span(ws.mine.id).code_id == ws.code_id("quote")
    qtbot.keyClick(ws.view, Qt.Key.Key_Delete)
    assert [s.id for s in ws.project.spans_where()] == [ws.theirs.id]


def test_after_switching_coder_the_span_can_be_changed(others, qtbot):
    ws = others
    ws.session.set_coder("ben")  # Coder ▸ Switch Coder…
    assert not ws.window.detail_dock.memo.isReadOnly()
    _click_on(ws, qtbot, 13)
    qtbot.keyClick(ws.view, Qt.Key.Key_Delete)
    assert [s.id for s in ws.project.spans_where()] == [ws.mine.id]


# -- adjudication ---------------------------------------------------------------------------

def test_adjudication_writes_only_to_the_consensus_coder(others):
    ws = others
    ana, ben = ws.session.coder, ws.project.coder_by_name("ben")
    doc = ws.theirs.document_id
    ws.project.add_span(doc, ws.code_id("quote"), ana.id, 11, 16)  # ana and ben disagree on the quote
    before = {s.id: s for s in ws.project.spans_where()}
    disputes = find_disputes(ws.project, ["ana", "ben"], [doc])
    consensus = ws.project.ensure_coder("consensus")
    for d in disputes.items:
        assert ws.session.push(decide(disputes, d, "both", consensus.id))
    after = ws.project.spans_where()
    assert {s.id: s for s in after if s.id in before} == before  # ana's and ben's spans untouched
    assert {s.coder_id for s in after if s.id not in before} == {consensus.id}


def test_adjudication_into_a_compared_coder_is_refused(others):
    ws = others
    ana = ws.session.coder
    ws.project.add_span(ws.theirs.document_id, ws.code_id("quote"), ana.id, 11, 22)  # agreed with ben
    before = _rows(ws)
    assert not ws.session.push(ProposeAgreed(["ana", "ben"], ana.id))
    assert _rows(ws) == before
    assert "consensus coder ana is one of the coders compared" in ws.window.statusBar().currentMessage()


def test_coding_a_selection_over_another_coders_span_creates_my_own(others, qtbot):
    ws = others
    select_text(ws.view, 11, 16)
    qtbot.keyClick(ws.view, Qt.Key.Key_1)
    new = [s for s in ws.project.spans_where() if s.id not in {ws.theirs.id, ws.mine.id}]
    assert [(s.coder_id, s.start, s.end) for s in new] == [(ws.session.coder.id, 11, 16)]
    assert ws.project.span(ws.theirs.id).code_id == ws.code_id("quote")
