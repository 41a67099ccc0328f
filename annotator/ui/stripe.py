"""The coding stripe: a bar per span in the article view's left margin, one lane per code
(as MAXQDA and QualCoder draw it), so overlapping codes can be read at a glance.

Hovering a bar shows its code, coder and text (as plain text); clicking it selects the
span. Only the visible blocks are visited, from the view's marks: no query while painting.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from annotator.core.text import excerpt
from annotator.ui import plain

LANE_W = 6  # one code's lane
LANE_GAP = 2
PAD = 4  # before the first lane and after the last
EXCERPT = 120
OTHER_ALPHA = 0.45  # another coder's span: its bar faded


class Bar(NamedTuple):
    span_id: int
    rect: QRectF
    color: str
    own: bool


class CodingStripe(QWidget):
    """Lives in the view's left viewport margin; the view tells it the lanes on every rebuild."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        self.lanes: list[int] = []  # code ids, in codebook order
        self.bars: list[Bar] = []  # as last painted
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_lanes(self, code_ids: list[int]) -> None:
        self.lanes = code_ids
        self.update()

    def preferred_width(self) -> int:
        n = len(self.lanes)
        return 2 * PAD + n * LANE_W + (n - 1) * LANE_GAP if n else 0

    def lane_x(self, code_id: int) -> float:
        return PAD + self.lanes.index(code_id) * (LANE_W + LANE_GAP)

    # -- geometry --------------------------------------------------------------------
    def layout_bars(self) -> list[Bar]:
        """A bar per visible span, from the top of its first line to the bottom of its last."""
        view = self.view
        height = self.height()
        blocks: list[tuple[int, object, float]] = []  # (Qt position, block, top)
        offset = view.contentOffset()
        block = view.firstVisibleBlock()
        while block.isValid():
            top = view.blockBoundingGeometry(block).translated(offset).top()
            if top > height:
                break
            if block.isVisible():
                blocks.append((block.position(), block, top))
            block = block.next()
        if not blocks or not self.lanes:
            return []
        starts = [b[0] for b in blocks]
        lo, hi = starts[0], blocks[-1][0] + blocks[-1][1].length()

        def y_at(pos: int, bottom: bool) -> float:
            if pos < lo:
                return -2.0
            if pos >= hi:
                return height + 2.0
            bpos, blk, top = blocks[bisect_right(starts, pos) - 1]
            layout = blk.layout()
            if bottom and pos > bpos:
                pos -= 1  # the end is exclusive: the line of the last character
            line = layout.lineForTextPosition(pos - bpos) if layout is not None else None
            if line is None or not line.isValid():
                return top
            return top + line.y() + (line.height() if bottom else 0.0)

        lanes = {c: self.lane_x(c) for c in self.lanes}
        bars = []
        marks = view.marks  # sorted by start: only those that can reach the screen
        first = bisect_left(view._mark_starts, lo - view.longest_mark)
        for m in marks[first:bisect_left(view._mark_starts, hi)]:
            if m.end <= lo or m.code_id not in lanes:
                continue
            y1, y2 = y_at(m.start, False), y_at(m.end, True)
            bars.append(Bar(m.span_id, QRectF(lanes[m.code_id], y1, LANE_W, max(2.0, y2 - y1)), m.color, m.own))
        return bars

    def bars_at(self, point: QPoint) -> list[Bar]:
        """The bars under *point*, shortest (innermost) first."""
        hits = [b for b in self.layout_bars() if b.rect.adjusted(-1, 0, 1, 0).contains(point.toPointF())]
        return sorted(hits, key=lambda b: b.rect.height())

    # -- hover and click -------------------------------------------------------------
    def tooltip_at(self, point: QPoint) -> str:
        """Plain text: code · coder, then the span's text, for every bar under *point*."""
        rows = []
        for bar in self.bars_at(point):
            span = self.view.spans.get(bar.span_id)
            if span is None:
                continue
            coder = self.view._coder_names.get(span.coder_id, "?")
            whose = coder if bar.own else f"{coder} (another coder)"
            code = self.view._code_names.get(span.code_id, "?")
            rows.append(f"{code} · {whose}\n{excerpt(span.excerpt, EXCERPT)}")
        return "\n\n".join(rows)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            tip = self.tooltip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), plain.tooltip(tip), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        bars = self.bars_at(event.position().toPoint())
        if bars:
            self.view.setFocus(Qt.FocusReason.MouseFocusReason)
            self.view.session.select_span(bars[0].span_id)
        event.accept()

    # -- painting --------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.view.palette().base())
        painter.setPen(QPen(QColor("#e3e5e8"), 1.0))
        painter.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        self.bars = self.layout_bars()
        selected = None
        painter.setPen(Qt.PenStyle.NoPen)
        for bar in self.bars:
            color = QColor(bar.color)
            if not bar.own:
                color.setAlphaF(OTHER_ALPHA)
            painter.setBrush(color)
            painter.drawRect(bar.rect)
            if bar.span_id == self.view.selected_span_id:
                selected = bar
        if selected is not None:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(selected.color).darker(170), 1.5))
            painter.drawRect(selected.rect.adjusted(-1, -1, 1, 1))
        painter.end()
