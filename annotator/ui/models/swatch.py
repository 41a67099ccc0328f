"""Colour swatches for codes: one small rounded square per colour, cached."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap


@lru_cache(maxsize=256)
def swatch_icon(color: str, size: int = 14) -> QIcon:
    """A filled rounded square in *color* with a thin darker outline (visible on white)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(color) if QColor.isValidColorName(color) else QColor("#999999")
    painter.setPen(fill.darker(140))
    painter.setBrush(fill)
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    painter.end()
    return QIcon(pix)


@lru_cache(maxsize=256)
def category_icon(color: str, size: int = 14) -> QIcon:
    """A hollow rounded square: a category groups codes and is never applied, so it has no
    fill to highlight text with (QualCoder likewise leaves categories uncoloured)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    edge = QColor(color) if QColor.isValidColorName(color) else QColor("#999999")
    pen = painter.pen()
    pen.setColor(edge.darker(120))
    pen.setWidthF(1.6)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(1.5, 1.5, size - 3, size - 3), 3, 3)
    painter.end()
    return QIcon(pix)
