"""A wide pane keeps a readable text column: at most MEASURE_CHARS characters wide and
centred, with the coding stripe beside it and the header over it; selecting with the
mouse (also from the margin) and the keyboard still codes exactly the selected text.

The window runs on a 1920 x 1080 offscreen screen (tests/conftest.py), maximised by hand:
one pane there is about 1,300 px wide.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication

from annotator.core.model import NewDocument
from annotator.ui.column import MEASURE_CHARS, column_margins, measure_px
from tests.ui.conftest import utf16_pos
from tests.ui.test_layout import maximise_by_hand, settle

SENTENCE = ("Azerbaijani officials said worsening weather conditions made the withdrawal of Armenian "
            "forces and civilians difficult along the single road through mountainous territory. ")
TEXT = "\n".join(SENTENCE * 3 for _ in range(40))


def _wide_pane(ws, text: str = TEXT) -> int:
    maximise_by_hand(ws.window)
    doc = ws.project.add_document(NewDocument(text=text, title="Weather delays the withdrawal", source="Wire"))
    ws.pane.open_document(doc)
    ws.view.setFocus()
    settle()
    return doc


def _column_width(view) -> int:
    return round(measure_px(view.font())) + 2 * round(view.document().documentMargin())


def _point_at(view, cp: int) -> QPoint:
    """Viewport point in the middle of the character at code-point offset *cp*."""
    text = view.toPlainText()
    cur = QTextCursor(view.document())
    cur.setPosition(utf16_pos(text, cp))
    a = view.cursorRect(cur)
    return QPoint(a.x() + 3, a.center().y())


def test_the_margins_centre_a_column_and_leave_the_stripe_room():
    assert column_margins(1300, 22, 650) == (22 + 314, 314)
    assert column_margins(500, 22, 650) == (22, 0)  # narrower than the column: no margins
    assert column_margins(672, 0, 650) == (11, 11)


def test_a_wide_pane_caps_its_lines_and_centres_the_column(workspace):
    ws = workspace
    _wide_pane(ws)
    view = ws.view
    assert ws.pane.width() > 1200
    column = view.viewport().geometry()
    assert column.width() == _column_width(view) < 800
    left = column.left()
    right = view.width() - view.verticalScrollBar().width() - column.right() - 1
    assert abs(left - right) <= view.stripe.width() + 2, (left, right)  # centred, but for the stripe
    # every laid-out line is at most MEASURE_CHARS characters of this prose, and wraps
    block = view.document().firstBlock()
    layout = block.layout()
    assert layout.lineCount() >= 3
    widths = [layout.lineAt(n).textLength() for n in range(layout.lineCount() - 1)]
    assert max(widths) <= MEASURE_CHARS + 8 and min(widths) >= MEASURE_CHARS * 0.75, widths
    # the title stands over the text
    title_x = ws.pane.title.mapTo(ws.pane, QPoint(0, 0)).x()
    text_x = view.viewport().mapTo(ws.pane, QPoint(0, 0)).x() + round(view.document().documentMargin())
    assert abs(title_x - text_x) <= 1


def test_a_narrow_pane_uses_its_whole_width(workspace):
    ws = workspace
    _wide_pane(ws)
    for _ in range(3):
        ws.window.pane_control.add_pane()
    settle()
    view = ws.window.panes[0].view
    assert view.viewport().width() < _column_width(view)
    assert view.viewportMargins().right() == 0
    assert view.viewportMargins().left() == view.stripe.preferred_width()


def test_zooming_widens_the_column(workspace, qtbot):
    ws = workspace
    _wide_pane(ws)
    before = ws.view.viewport().width()
    qtbot.keyClick(ws.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert ws.view.viewport().width() == _column_width(ws.view) > before


def test_mouse_selection_in_the_column_codes_exactly_that_text(workspace, qtbot):
    ws = workspace
    doc = _wide_pane(ws)
    view, vp = ws.view, ws.view.viewport()
    start = TEXT.index("withdrawal")
    end = TEXT.index(" difficult")
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=_point_at(view, start))
    qtbot.mouseMove(vp, _point_at(view, end - 1))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=_point_at(view, end - 1))
    qtbot.keyClick(view, Qt.Key.Key_2)
    (span,) = ws.project.spans_where("document_id = ?", (doc,))
    assert (span.start, span.end, span.code_id) == (start, end, ws.code_id("quote"))
    assert TEXT[span.start:span.end] == "withdrawal of Armenian forces and civilians"
    # the stripe's bar for it sits in the margin, right beside the column
    stripe = view.stripe
    assert stripe.isVisible() and stripe.geometry().right() + 1 == vp.geometry().left()
    (bar,) = [b for b in stripe.layout_bars() if b.span_id == span.id]
    qtbot.mouseClick(stripe, Qt.MouseButton.LeftButton, pos=bar.rect.center().toPoint())
    assert view.selected_span_id == span.id


def test_a_drag_from_the_left_margin_selects_from_the_start_of_the_line(workspace, qtbot):
    ws = workspace
    ws.window.actions_by_name["word_snapping"].setChecked(False)
    doc = _wide_pane(ws)
    view, vp = ws.view, ws.view.viewport()
    second = TEXT.index("\n") + 1  # the second paragraph's first line
    y = _point_at(view, second).y()
    margin = QPoint(vp.geometry().left() - view.stripe.width() - 40, vp.geometry().top() + y)
    assert margin.x() > 0
    end = second + len("Azerbaijani officials")
    target = vp.mapTo(view, _point_at(view, end))
    target.setX(target.x() - 3)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=margin)
    qtbot.mouseMove(view, target)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=target)
    assert view.selected_range() == (second, end)
    qtbot.keyClick(view, Qt.Key.Key_1)
    (span,) = ws.project.spans_where("document_id = ?", (doc,))
    assert span.text == "Azerbaijani officials"


def test_keyboard_selection_codes_the_same_offsets(workspace, qtbot):
    ws = workspace
    doc = _wide_pane(ws)
    view = ws.view
    start = TEXT.index("Armenian")
    cur = view.textCursor()
    cur.setPosition(utf16_pos(TEXT, start))
    view.setTextCursor(cur)
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_3)
    (span,) = ws.project.spans_where("document_id = ?", (doc,))
    assert span.text == "Armenian forces and"
    assert span.start == start


def _wheel(view, point: QPointF, delta: int) -> None:
    QApplication.sendEvent(view, QWheelEvent(point, QPointF(view.mapToGlobal(point.toPoint())), QPoint(0, 0),
                                             QPoint(0, delta), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                                             Qt.ScrollPhase.NoScrollPhase, False))


def test_the_wheel_over_a_margin_scrolls_the_article(workspace):
    ws = workspace
    _wide_pane(ws)
    view = ws.view
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    margin = QPointF(20, view.height() / 2)  # far left, in the margin
    _wheel(view, margin, +120)  # up at the top: the column ignores it, and it does not come round again
    assert bar.value() == 0
    _wheel(view, margin, -120)
    assert bar.value() > 0
