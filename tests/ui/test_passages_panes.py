"""Shared passages in the workspace: marks, hover, connectors, navigation, propagation.

Passages are inserted straight into the ``passages`` table, so every expectation is exact.
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.core.model import NewDocument
from annotator.store import Change, Project
from annotator.ui.connectors import CONNECTOR_WIDTH, PLAIN_WIDTH
from annotator.ui.passages import BAR, BAR_W, BAR_X
from annotator.ui.propagation import PropagationDialog

from tests.ui.conftest import select_text, utf16_pos

SENTENCE = "Nagorno-Karabakh lies within Azerbaijan but has been under the control of ethnic Armenian forces"


@pytest.fixture
def seeds_path(seeds_path, forget_analysis):
    """The seeds without the passages found on seeding: each test links exactly what it needs."""
    with Project(seeds_path) as project:
        forget_analysis(project)
    return seeds_path


def put_passage(project, a, a_range, b, b_range, similarity=1.0):
    """A passage written as alignment would, announced with Change("passages")."""
    if a > b:
        a, a_range, b, b_range = b, b_range, a, a_range
    n = a_range[1] - a_range[0]
    with project.transaction():
        cur = project.db.execute(
            "INSERT INTO passages (a_id, a_start, a_end, b_id, b_start, b_end, similarity, blocks)"
            " VALUES (?,?,?,?,?,?,?,?)", (a, *a_range, b, *b_range, similarity, json.dumps([[0, 0, n]])))
        project._changed(Change("passages", (), (a, b)))
    return cur.lastrowid


def docs_with(project, needle: str) -> list[tuple[int, int]]:
    """(document id, offset of *needle*) for every seed containing it."""
    out = []
    for d in project.documents():
        text = project.document(d.id).text
        if needle in text:
            out.append((d.id, text.index(needle)))
    return out


@pytest.fixture
def linked(workspace):
    """Two panes on two seeds sharing SENTENCE, linked by one passage."""
    (a, ao), (b, bo) = docs_with(workspace.project, SENTENCE)[:2]
    n = len(SENTENCE)
    pid = put_passage(workspace.project, a, (ao, ao + n), b, (bo, bo + n))
    window = workspace.window
    window.panes[0].open_document(a)
    window.pane_control.add_pane(b)
    return workspace, (a, ao), (b, bo), pid


def point_at(view, cp: int) -> QPoint:
    """A point on the character at code point *cp* (viewport coordinates)."""
    cur = QTextCursor(view.document())
    cur.setPosition(view.offsets.to_qt(cp))
    rect = view.cursorRect(cur)
    return QPoint(rect.x() + 3, rect.center().y())


def hover(view, point: QPoint) -> None:
    vp = view.viewport()
    QApplication.sendEvent(vp, QMouseEvent(QEvent.Type.MouseMove, QPointF(point), vp.mapToGlobal(QPointF(point)),
                                           Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                           Qt.KeyboardModifier.NoModifier))


def test_each_pane_marks_the_passage_it_shares_with_the_other(linked):
    ws, (a, ao), (b, bo), pid = linked
    left, right = ws.window.panes
    marks = ws.window.passages
    n = len(SENTENCE)
    [lm] = marks.marks_of(left).marks
    [rm] = marks.marks_of(right).marks
    assert (lm.passage.id, lm.other_doc, lm.start, lm.end) == (pid, b, ao, ao + n)  # seeds: Qt == code points here
    assert (rm.passage.id, rm.other_doc, rm.start, rm.end) == (pid, a, bo, bo + n)
    assert ws.window.splitter.handleWidth() == CONNECTOR_WIDTH


def test_one_pane_alone_marks_nothing(linked):
    ws, (a, _ao), _b, _pid = linked
    ws.window.pane_control.close_pane(ws.window.panes[1])
    assert ws.window.passages.marks_of(ws.window.panes[0]).marks == []
    assert ws.window.splitter.handleWidth() == PLAIN_WIDTH


def test_marks_are_in_qt_positions_past_characters_outside_the_bmp(workspace):
    project = workspace.project
    a = project.add_document(NewDocument(text="😀😀 lead. " + SENTENCE + " end.", title="emoji"))
    b = project.add_document(NewDocument(text="Other. " + SENTENCE, title="plain"))
    put_passage(project, a, (10, 10 + len(SENTENCE)), b, (7, 7 + len(SENTENCE)))
    workspace.window.panes[0].open_document(a)
    workspace.window.pane_control.add_pane(b)
    text = project.document(a).text
    [m] = workspace.window.passages.marks_of(workspace.window.panes[0]).marks
    assert (m.start, m.end) == (utf16_pos(text, 10), utf16_pos(text, 10 + len(SENTENCE)))
    assert m.start == 12


def test_new_passages_and_another_article_in_a_pane_refresh_the_marks(linked):
    ws, (a, ao), (b, bo), pid = linked
    left, right = ws.window.panes
    pid2 = put_passage(ws.project, a, (0, 20), b, (0, 20))
    assert [m.passage.id for m in ws.window.passages.marks_of(left).marks] == [pid2, pid]
    others = [d.id for d in ws.project.documents() if d.id not in (a, b)]
    right.open_document(others[0])
    assert ws.window.passages.marks_of(left).marks == []


def test_the_margin_bar_is_painted_beside_shared_lines_only(linked, qtbot):
    ws, (a, ao), _b, _pid = linked
    view = ws.window.panes[0].view
    qtbot.waitExposed(view)
    inside = point_at(view, ao + 5)
    outside = point_at(view, 3)
    image = view.viewport().grab().toImage()
    x = int(BAR_X + BAR_W / 2)
    assert QColor(image.pixel(x, inside.y())) == BAR
    assert QColor(image.pixel(x, outside.y())) != BAR


def test_the_toggle_hides_and_shows_them(linked):
    ws, _a, _b, pid = linked
    action = ws.window.actions_by_name["show_passages"]
    assert action.isChecked() and action in ws.window.menus["View"].actions()
    action.trigger()
    assert all(not ws.window.passages.marks_of(p).marks for p in ws.window.panes)
    assert ws.window.splitter.handleWidth() == PLAIN_WIDTH
    action.trigger()
    assert [m.passage.id for m in ws.window.passages.marks_of(ws.window.panes[0]).marks] == [pid]


def test_hovering_a_passage_lights_its_counterpart_and_the_band_between(linked):
    ws, (a, ao), (b, bo), pid = linked
    left, right = ws.window.panes
    cur = QTextCursor(right.view.document())  # the counterpart on screen (paragraph spacing can push it below)
    cur.setPosition(right.view.offsets.to_qt(bo))
    right.view.setTextCursor(cur)
    right.view.centerCursor()
    hover(left.view, point_at(left.view, ao + 10))
    assert ws.window.passages.hovered == {pid}
    handle = ws.window.splitter.handle(1)
    [(l_rect, r_rect, lit)] = handle.bands()
    assert lit
    top = handle.mapFromGlobal(right.view.viewport().mapToGlobal(QPoint(0, 0))).y()
    assert r_rect.top() == pytest.approx(top + point_at(right.view, bo).y(), abs=12)
    hover(left.view, point_at(left.view, 2))  # text the two do not share
    assert ws.window.passages.hovered == frozenset()
    assert not handle.bands()[0][2]


def test_clicking_a_passage_brings_the_counterpart_level_with_it(linked, qtbot):
    ws, (a, ao), (b, bo), pid = linked
    left, right = ws.window.panes
    right.view.verticalScrollBar().setValue(0)
    far = bo > 0 and point_at(right.view, bo).y()
    here = point_at(left.view, ao + 20)
    qtbot.mouseClick(left.view.viewport(), Qt.MouseButton.LeftButton, pos=here)
    assert ws.window.passages.current == {pid}
    there = point_at(right.view, bo + 20)
    line = right.view.fontMetrics().height()
    assert abs(there.y() - here.y()) <= 1.5 * line, (far, there.y(), here.y())


def test_next_shared_passage_moves_the_cursor_and_says_when_there_is_no_more(linked):
    ws, (a, ao), _b, pid = linked
    window = ws.window
    window.pane_control.set_current(window.panes[0])
    view = window.panes[0].view
    select_text(view, 0, 1)
    window.actions_by_name["next_passage"].trigger()
    assert view.textCursor().position() == view.offsets.to_qt(ao)
    assert window.passages.current == {pid}
    window.actions_by_name["next_passage"].trigger()
    assert "No further shared passage" in window.statusBar().currentMessage()
    window.actions_by_name["previous_passage"].trigger()
    assert "No earlier shared passage" in window.statusBar().currentMessage()


def test_apply_to_matching_passages_codes_every_other_article_as_one_undoable_command(workspace, qtbot,
                                                                                      monkeypatch):
    project = workspace.project
    found = docs_with(project, SENTENCE)
    assert len(found) >= 3, "the seeds carry the wire sentence in three articles or more"
    (a, ao), (b, bo), (c, co) = found[:3]
    n = len(SENTENCE)
    put_passage(project, a, (ao, ao + n), b, (bo, bo + n))
    put_passage(project, a, (ao, ao + n), c, (co, co + n), similarity=0.9)
    window = workspace.window
    window.panes[0].open_document(a)
    window.pane_control.add_pane(b)
    window.pane_control.set_current(window.panes[0])
    view = window.panes[0].view
    view.setFocus()
    start = ao + SENTENCE.index("within")
    select_text(view, start, start + len("within Azerbaijan"))
    qtbot.keyClick(view, Qt.Key.Key_1)  # "claim"
    claim = project.code_by_path("claim").id
    ana = workspace.session.coder.id
    [source] = project.spans_for_document(a, ana)
    assert source.code_id == claim and view.selected_span_id == source.id

    shown = []

    def accept(dialog):
        shown.append([(t.document_id, t.text, t.skipped) for t in dialog.targets])
        return 1

    monkeypatch.setattr(PropagationDialog, "exec", accept)
    action = window.actions_by_name["propagate_span"]
    assert action in window.menus["Code"].actions()
    action.trigger()
    assert shown == [[(b, "within Azerbaijan", ""), (c, "within Azerbaijan", "")]]
    made = {d: project.spans_for_document(d, ana) for d in (b, c)}
    k = SENTENCE.index("within")
    assert [(s.code_id, s.start, s.end) for s in made[b]] == [(claim, bo + k, bo + k + 17)]
    assert [(s.code_id, s.start, s.end) for s in made[c]] == [(claim, co + k, co + k + 17)]
    assert set(window.panes[1].view.spans) == {made[b][0].id}  # the open pane shows it at once

    window.undo_action.trigger()  # one undo takes back every propagated span
    assert project.spans_for_document(b, ana) == [] and project.spans_for_document(c, ana) == []
    assert len(project.spans_for_document(a, ana)) == 1
    window.redo_action.trigger()
    assert project.spans_for_document(b, ana) == made[b] and project.spans_for_document(c, ana) == made[c]

    # a second time: both targets are coded already, shown as skipped; nothing is created
    shown.clear()
    action.trigger()
    assert [s for _d, _t, s in shown[0]] == ["already coded", "already coded"]
    assert len(project.spans_for_document(b, ana)) == 1


def test_the_dialog_lists_skipped_targets_disabled_and_applies_only_the_ticked_ones(qtbot):
    from annotator.store.propagation import Target

    targets = [Target(2, "B title", "Outlet B", 0, 5, "words", 1.0, (1,)),
               Target(3, "C title", "Outlet C", 0, 5, "words", 0.8, (2,), "already coded"),
               Target(4, "D title", "", 0, 5, "words", 0.9, (3,))]
    dialog = PropagationDialog(targets, "claim", "source words")
    qtbot.addWidget(dialog)
    assert [t.document_id for t in dialog.chosen()] == [2, 4]
    assert not dialog.items[1].flags() & Qt.ItemFlag.ItemIsEnabled
    dialog.set_checked(0, False)
    dialog.set_checked(1, True)  # a skipped row cannot be ticked
    assert [t.document_id for t in dialog.chosen()] == [4]
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.text() == "Apply to 1 article" and ok.isEnabled()
    dialog.set_checked(2, False)
    assert not ok.isEnabled()


def test_the_dialog_says_which_targets_hold_only_part_of_the_span(qtbot):
    from annotator.store.propagation import Target
    from annotator.ui.propagation import PARTIAL

    targets = [Target(2, "B title", "Outlet B", 0, 5, "words", 1.0, (1,)),
               Target(3, "C title", "Outlet C", 0, 5, "words", 0.8, (2,), partial=True)]
    dialog = PropagationDialog(targets, "claim", "source words")
    qtbot.addWidget(dialog)
    assert [item.text(2) for item in dialog.items] == ["words", f"{PARTIAL}:  words"]
    assert "only part" in dialog.items[1].toolTip(2)
    assert [t.document_id for t in dialog.chosen()] == [2, 3]  # still ticked: the coder decides


def test_propagating_a_span_outside_any_passage_explains_why(linked):
    ws, (a, ao), _b, _pid = linked
    window = ws.window
    window.pane_control.set_current(window.panes[0])
    span = ws.project.add_span(a, ws.code_id("claim"), ws.session.coder.id, 0, 5)
    ws.session.select_span(span.id)
    window.actions_by_name["propagate_span"].trigger()
    assert "not inside a passage shared" in window.statusBar().currentMessage()


def test_with_three_panes_hovering_also_lights_the_link_between_the_other_two(workspace):
    project = workspace.project
    (a, ao), (b, bo), (c, co) = docs_with(project, SENTENCE)[:3]
    n = len(SENTENCE)
    ab = put_passage(project, a, (ao, ao + n), b, (bo, bo + n))
    ac = put_passage(project, a, (ao, ao + n), c, (co, co + n))
    bc = put_passage(project, b, (bo, bo + n), c, (co, co + n))
    window = workspace.window
    window.panes[0].open_document(a)
    window.pane_control.add_pane(b)
    window.pane_control.add_pane(c)
    window.panes[1].view.show_range(bo, bo + n)
    window.panes[2].view.show_range(co, co + n)
    view = window.panes[0].view
    hover(view, point_at(view, ao + 10))
    assert window.passages.hovered == {ab, ac, bc}
    [(_l, _r, lit)] = window.splitter.handle(2).bands()  # between b and c
    assert lit


def test_the_margin_tooltip_names_the_article_the_text_is_shared_with(linked):
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    ws, (a, ao), (b, _bo), _pid = linked
    view = ws.window.panes[0].view
    point = QPoint(int(BAR_X), point_at(view, ao + 5).y())
    vp = view.viewport()
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, point, vp.mapToGlobal(point)))
    title = ws.project.document(b).title
    assert title.split("’")[0] in QToolTip.text() and "100% alike" in QToolTip.text()


def test_synchronised_scrolling_keeps_shared_passages_level(linked):
    ws, (a, ao), (b, bo), _pid = linked
    window = ws.window
    left, right = window.panes
    window.actions_by_name["sync_scroll"].setChecked(True)
    bar = left.view.verticalScrollBar()
    offsets = []
    for value in range(bar.minimum() + 1, bar.maximum() + 1):
        bar.setValue(value)
        here, there = point_at(left.view, ao + 20), point_at(right.view, bo + 20)
        if 0 < here.y() < left.view.viewport().height():  # the passage on screen on the left
            offsets.append(abs(there.y() - here.y()))
    assert offsets, "the passage passed through the left pane"
    # level at the middle of the left pane: the passage's first lines differ by a line at most
    # where the two panes wrap it differently (proportional scrolling is hundreds of pixels off)
    assert max(offsets) <= 1.5 * right.view.fontMetrics().height()
