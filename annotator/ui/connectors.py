"""Connector bands between side-by-side panes, as in a diff viewer (Meld, kdiff3):
each splitter handle between two article panes draws, for every passage the two
shown articles share, a band from the passage's extent on screen in the left pane
to its counterpart's extent in the right pane.

Geometry comes from :class:`~annotator.ui.passages.SharedPassages`' cached Qt ranges
and the views' visible lines: nothing is read from the project while painting.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSplitter, QSplitterHandle, QWidget

from annotator.ui.passages import visible_lines

PLAIN_WIDTH = 6  # the handle with connectors off (or a single pane)
CONNECTOR_WIDTH = 40
STEPS = 10  # straight pieces per connector edge: a smooth S without the cost of Bezier fills
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
        if not lm.marks or not rm.marks:
            return []
        l_lines, r_lines = visible_lines(left.view), visible_lines(right.view)
        l_dy = self._top_of(left.view.viewport())
        r_dy = self._top_of(right.view.viewport())
        lit = source.lit
        # only passages with a side on screen: a bisection in each pane's cached marks
        candidates = {}
        if l_lines.starts:
            for m in lm.overlapping(l_lines.starts[0], l_lines.ends[-1]):
                if m.other_doc == rm.doc_id:
                    candidates[m.passage.id] = m
        if r_lines.starts and lm.doc_id is not None:
            for m in rm.overlapping(r_lines.starts[0], r_lines.ends[-1]):
                if m.other_doc == lm.doc_id and m.passage.id in lm.by_passage:
                    candidates.setdefault(m.passage.id, m)
        out = []
        for pid in sorted(candidates):
            if pid not in rm.by_passage or pid not in lm.by_passage:
                continue
            a = l_lines.y_range(*lm.by_passage[pid])
            b = r_lines.y_range(*rm.by_passage[pid])
            if a is None or b is None:
                continue
            out.append((QRectF(0, a[0] + l_dy, 0, a[1] - a[0]), QRectF(0, b[0] + r_dy, 0, b[1] - b[0]), pid in lit))
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
        xs = [w * i / STEPS for i in range(STEPS + 1)]
        ease = [3 * t * t - 2 * t * t * t for t in (i / STEPS for i in range(STEPS + 1))]  # smoothstep
        for a, b, lit in sorted(bands, key=lambda band: band[2]):  # lit bands on top
            upper = [QPointF(x, a.top() + (b.top() - a.top()) * e) for x, e in zip(xs, ease)]
            lower = [QPointF(x, a.bottom() + (b.bottom() - a.bottom()) * e) for x, e in zip(xs, ease)]
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # the fill: the edges hide its steps
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(FILL_LIT if lit else FILL)
            painter.drawPolygon(QPolygonF(upper + lower[::-1]))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(EDGE_LIT if lit else EDGE, 1.0))
            painter.drawPolyline(QPolygonF(upper))
            painter.drawPolyline(QPolygonF(lower))
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
