"""Paragraph spacing and per-paragraph direction for the article view.

``QPlainTextEdit`` lays every block out the same way: no block margins, one text
option for the whole document. Wire copy with single line breaks then reads as one
dense block, and an Arabic paragraph is aligned like the Latin one before it.

:class:`ParagraphLayout` keeps the plain-text layout (fast on big articles, and the
text, hence every offset, untouched) and adjusts each block once it is laid out:
its lines move down by :data:`PARAGRAPH_GAP` times the line height (a paragraph after
text, not after a blank line), and its alignment follows the block's own direction,
taken from its first strong character.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QTextBlock, QTextOption
from PySide6.QtWidgets import QPlainTextDocumentLayout

PARAGRAPH_GAP = 0.6  # space above a paragraph, in line heights


def block_direction(block: QTextBlock) -> Qt.LayoutDirection:
    """The direction of *block*'s first strong character (left-to-right when it has none)."""
    return block.textDirection()


class ParagraphLayout(QPlainTextDocumentLayout):
    """A plain-text layout with space between paragraphs and alignment by each paragraph's direction."""

    def gap_before(self, block: QTextBlock) -> float:
        """The space above *block*: none for the first block, blank lines and the block after one."""
        prev = block.previous()
        if not prev.isValid() or not block.length() > 1 or not prev.length() > 1:
            return 0.0
        layout = block.layout()
        height = layout.lineAt(0).height() if layout.lineCount() else 0.0
        return round(height * PARAGRAPH_GAP)

    def _adjust(self, block: QTextBlock) -> None:
        """Once per layout of *block*: its own alignment, and its lines moved below the gap."""
        layout = block.layout()
        if layout.lineCount() == 0 or layout.lineAt(0).y() != 0:
            return  # not laid out, or already adjusted (a new layout starts at y = 0)
        option = QTextOption(layout.textOption())
        rtl = block_direction(block) == Qt.LayoutDirection.RightToLeft
        option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        option.setAlignment(alignment_of(block))
        if rtl != (layout.textOption().textDirection() == Qt.LayoutDirection.RightToLeft):
            # the direction decides the bidi order of the lines: lay the block out again with it
            layout.setTextOption(option)
            width = layout.lineAt(0).width()
            x = layout.lineAt(0).x()
            layout.beginLayout()
            y = 0.0
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLeadingIncluded(True)
                line.setLineWidth(width)
                line.setPosition(QPointF(x, y))
                y += line.height()
            layout.endLayout()
        else:
            layout.setTextOption(option)
        gap = self.gap_before(block)
        if gap:
            for n in range(layout.lineCount()):
                line = layout.lineAt(n)
                line.setPosition(QPointF(line.x(), line.y() + gap))

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:  # noqa: N802
        rect = super().blockBoundingRect(block)  # lays the block out when it is not
        if block.isValid() and block.isVisible():
            layout = block.layout()
            if layout.lineCount() and layout.lineAt(0).y() == 0 and (
                    self.gap_before(block) or layout.textOption().alignment() != alignment_of(block)):
                self._adjust(block)
                rect = super().blockBoundingRect(block)
        return rect


def alignment_of(block: QTextBlock) -> Qt.AlignmentFlag:
    """Left for a left-to-right paragraph, right for a right-to-left one."""
    rtl = block_direction(block) == Qt.LayoutDirection.RightToLeft
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignAbsolute
