"""What the article view paints over the text: for nested spans an outline in the inner
code's colour and underlines in the colours of the spans around it, the selected span's
outline, and the tooltip listing the spans under the mouse.

A mixin of :class:`~annotator.ui.text_view.ArticleView`. Only the visible blocks are
visited, from the marks computed when the spans changed: no query while painting.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QEvent, QLineF, QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPen
from PySide6.QtWidgets import QPlainTextEdit, QToolTip

from annotator.core.text import excerpt
from annotator.ui import plain
from annotator.ui.highlight import Mark

MAX_UNDERLINES = 3  # stacked underlines drawn under a nested span for the spans around it
EXCERPT = 80


class OverlayMixin:
    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        """Tooltips arrive at the viewport (the scroll area's child), not at the view."""
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            tip = self.tooltip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return QPlainTextEdit.viewportEvent(self, event)

    def tooltip_at(self, point: QPoint) -> str:
        """Rich text listing every span under *point* (viewport coordinates): code, coder, text excerpt."""
        pos = self._char_at(point)
        marks = self.marks_at(pos) if pos >= 0 else []
        rows = []
        for m in marks:
            span = self.spans[m.span_id]
            coder = plain.escape(self._coder_names.get(span.coder_id, "?"))
            whose = coder if m.own else f"<i>{coder} (another coder)</i>"
            rows.append(f"<span style='color:{m.color}'>■</span> "
                        f"<b>{plain.escape(self._code_names.get(span.code_id, '?'))}</b> · {whose}<br>"
                        f"<span style='color:#444'>{plain.escape(excerpt(span.excerpt, EXCERPT))}</span>")
        return "<qt>" + "<hr>".join(rows) + "</qt>" if rows else ""

    def paintEvent(self, event) -> None:  # noqa: N802
        QPlainTextEdit.paintEvent(self, event)
        if not self._underlined and self.selected_span_id < 0:
            return
        selected = next((m for m in self.marks if m.span_id == self.selected_span_id), None)
        offset = self.contentOffset()
        height = self.viewport().height()
        underlines: dict[str, list[QLineF]] = {}
        boxes: dict[str, list[QRectF]] = {}
        outlines: list[QRectF] = []
        block = self.firstVisibleBlock()
        while block.isValid():
            geom = self.blockBoundingGeometry(block).translated(offset)
            if geom.top() > height:
                break
            if block.isVisible() and block.layout() is not None:
                self._collect_block(block, geom.top(), selected, underlines, boxes, outlines)
            block = block.next()
        painter = QPainter(self.viewport())
        for color, lines in underlines.items():
            pen = QPen(QColor(color).darker(115), 2.0)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLines(lines)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for color, rects in boxes.items():  # a nested span's edges, in its own code's colour
            painter.setPen(QPen(QColor(color).darker(125), 1.0))
            painter.drawRects(rects)
        if outlines and selected is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(selected.color).darker(170), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in outlines:
                painter.drawRoundedRect(rect, 3, 3)
        painter.end()

    @staticmethod
    def _fragments(lines, bpos: int, a: int, b: int):
        """(line, x1, x2) for the parts of Qt range ``[a, b)`` on the laid-out *lines* of a block."""
        for line, ls, le in lines:
            s, e = max(a - bpos, ls), min(b - bpos, le)
            if s < e:
                yield line, line.cursorToX(s)[0], line.cursorToX(e)[0]

    def _collect_block(self, block, top: float, selected: Mark | None, underlines: dict[str, list[QLineF]],
                       boxes: dict[str, list[QRectF]], outlines: list[QRectF]) -> None:
        """Under a nested span, underlines for the spans around it (nearest first); around it, a box;
        and the selected span's outline."""
        bpos, bend = block.position(), block.position() + block.length()
        layout = block.layout()
        lines = []
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            lines.append((line, line.textStart(), line.textStart() + line.textLength()))
        i = max(0, bisect_right(self._underlined_starts, bpos) - 1)
        while i < len(self._underlined) and self._underlined[i].start < bend:
            seg = self._underlined[i]
            i += 1
            if seg.end <= bpos:
                continue
            for line, x1, x2 in self._fragments(lines, bpos, seg.start, seg.end):
                y = round(top + line.y() + line.ascent()) + 2
                for k, mark in enumerate(reversed(seg.marks[-1 - MAX_UNDERLINES:-1])):
                    yk = y + 2.5 * k + 1
                    underlines.setdefault(mark.color, []).append(QLineF(x1, yk, x2, yk))
                inner = seg.marks[-1]
                boxes.setdefault(inner.color, []).append(
                    QRectF(x1, top + line.y() + 0.5, x2 - x1, line.height() - 1.0))
        if selected is not None and selected.start < bend and selected.end > bpos:
            for line, x1, x2 in self._fragments(lines, bpos, selected.start, selected.end):
                outlines.append(QRectF(x1 - 1, top + line.y(), x2 - x1 + 2, line.height()))
