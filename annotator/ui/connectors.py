"""Connector bands between side-by-side panes, as in a diff viewer (Meld, kdiff3):
each splitter handle between two article panes draws, for every passage the two
shown articles share, a band from the passage's extent on screen in the left pane
to its counterpart's extent in the right pane.

Geometry comes from :class:`~annotator.ui.passages.SharedPassages`' cached Qt ranges
and the views' visible lines: nothing is read from the project while painting.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSplitter, QSplitterHandle, QWidget

from annotator.ui.passages import visible_lines

PLAIN_WIDTH = 6  # the handle with connectors off (or a single pane)
CONNECTOR_WIDTH = 40
FILL = QColor(169, 184, 207, 95)
EDGE = QColor(135, 156, 189, 190)
FILL_LIT = QColor(63, 106, 166, 110)
EDGE_LIT = QColor(63, 106, 166, 235)


class ConnectorHandle(QSplitterHandle):
    """A splitter handle that links the passages of the panes on either side."""

    def _neighbours(self):
        splitter = self.splitter()
        for i in range(1, splitter.count()):
            if splitter.handle(i) is self:
                return splitter.widget(i - 1), splitter.widget(i)
        return None, None

    def bands(self) -> list[tuple[QRectF, QRectF, bool]]:
        """For each passage linking the two panes: its left and right extents as
        (x, top, 0, bottom - top) in handle coordinates (only y matters), and whether it is lit."""
        source = getattr(self.splitter(), "passages", None)
        left, right = self._neighbours()
        if source is None or not source.enabled or left is None or right is None:
            return []
        lm, rm = source.marks_of(left), source.marks_of(right)
        if not lm.marks or rm.doc_id is None:
            return []
        l_lines, r_lines = visible_lines(left.view), visible_lines(right.view)
        l_dy = self._top_of(left.view.viewport())
        r_dy = self._top_of(right.view.viewport())
        lit = source.lit
        out = []
        for m in lm.marks:
            if m.other_doc != rm.doc_id or m.passage.id not in rm.by_passage:
                continue
            a = l_lines.y_range(m.start, m.end)
            b = r_lines.y_range(*rm.by_passage[m.passage.id])
            if a is None or b is None:
                continue
            if (a[1] < 0 and b[1] < 0) or (a[0] > l_lines.height and b[0] > r_lines.height):
                continue  # wholly above, or wholly below, on both sides
            out.append((QRectF(0, a[0] + l_dy, 0, a[1] - a[0]), QRectF(0, b[0] + r_dy, 0, b[1] - b[0]),
                        m.passage.id in lit))
        return out

    def _top_of(self, viewport: QWidget) -> float:
        return float(self.mapFromGlobal(viewport.mapToGlobal(QPoint(0, 0))).y())

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        left, right = self._neighbours()
        bands = self.bands()
        if not bands or left is None or right is None:
            painter.end()
            return
        # draw only beside the two text areas, not beside the pane headers
        top = min(self._top_of(left.view.viewport()), self._top_of(right.view.viewport()))
        bottom = max(self._top_of(left.view.viewport()) + left.view.viewport().height(),
                     self._top_of(right.view.viewport()) + right.view.viewport().height())
        w = float(self.width())
        painter.setClipRect(QRectF(0, top, w, bottom - top))
        painter.fillRect(QRectF(0, top, w, bottom - top), QColor("#fbfbfc"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for a, b, lit in sorted(bands, key=lambda band: band[2]):  # lit bands on top
            path = QPainterPath(QPointF(0, a.top()))
            mid = w / 2
            path.cubicTo(QPointF(mid, a.top()), QPointF(mid, b.top()), QPointF(w, b.top()))
            path.lineTo(QPointF(w, b.bottom()))
            path.cubicTo(QPointF(mid, b.bottom()), QPointF(mid, a.bottom()), QPointF(0, a.bottom()))
            path.closeSubpath()
            painter.setPen(QPen(EDGE_LIT if lit else EDGE, 1.0))
            painter.setBrush(FILL_LIT if lit else FILL)
            painter.drawPath(path)
        painter.setPen(QPen(QColor("#dadce0"), 1.0))
        painter.drawLine(QPointF(0.5, top), QPointF(0.5, bottom))
        painter.drawLine(QPointF(w - 0.5, top), QPointF(w - 0.5, bottom))
        painter.end()


class PaneSplitter(QSplitter):
    """The splitter holding the article panes; its handles draw connector bands
    from ``self.passages`` (a :class:`~annotator.ui.passages.SharedPassages`, set by the window)."""

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None):
        super().__init__(orientation, parent)
        self.passages = None
        self.setHandleWidth(PLAIN_WIDTH)

    def createHandle(self) -> QSplitterHandle:  # noqa: N802
        return ConnectorHandle(self.orientation(), self)

    def connect_passages(self, passages) -> None:
        self.passages = passages
        passages.changed.connect(self.update_connectors)

    def update_connectors(self) -> None:
        shown = self.passages is not None and self.passages.enabled and self.count() > 1
        width = CONNECTOR_WIDTH if shown else PLAIN_WIDTH
        if self.handleWidth() != width:
            self.setHandleWidth(width)
        for i in range(1, self.count()):
            self.handle(i).update()


__all__ = ["ConnectorHandle", "PaneSplitter"]
