"""A two-line cell: the document title, and its outlet and date below in grey.

Lets the document list stay readable in a narrow dock without a sideways scroll bar.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from annotator.ui.weak import WeakCallback


class TwoLineDelegate(QStyledItemDelegate):
    """Paints ``index.data()`` and, below it, the text returned by ``subtitle(index)``."""

    PAD = 4

    def __init__(self, subtitle, parent=None):
        super().__init__(parent)
        # a method of the dock that owns the view that owns this delegate: held weakly
        self.subtitle = WeakCallback(subtitle, "")

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(super().sizeHint(option, index).width(), 2 * line + 2 * self.PAD + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        rect = opt.rect.adjusted(self.PAD + 2, self.PAD, -self.PAD, -self.PAD)
        line = opt.fontMetrics.lineSpacing()
        painter.save()
        fg = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        painter.setPen(fg)
        top = QRect(rect.left(), rect.top(), rect.width(), line)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         opt.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()))
        painter.setPen(fg if selected else QColor("#666666"))
        bottom = QRect(rect.left(), rect.top() + line, rect.width(), line)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         opt.fontMetrics.elidedText(self.subtitle(index), Qt.TextElideMode.ElideRight, rect.width()))
        painter.restore()
