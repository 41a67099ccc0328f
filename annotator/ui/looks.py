"""A few looks (a muted text colour, a caption, a field's background, roomier rows) set with
palettes, fonts and margins instead of style sheets.

The first style sheet set on any widget makes Qt build its style-sheet style and polish the
widget through it: 4-5 ms of the window's cold start (issue 17) for a few colours and paddings
on the docks the first screen shows. Widgets made later (dialogs, the statistics) may still
use style sheets.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem, QWidget


def set_text_color(widget: QWidget, color: str) -> None:
    """*widget*'s text in *color* (a style sheet's ``color:``)."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
    palette.setColor(QPalette.ColorRole.Text, QColor(color))
    widget.setPalette(palette)


def caption(widget: QWidget, color: str, top_margin: int) -> None:
    """A small heading: *color*, semi-bold, *top_margin* px above it."""
    set_text_color(widget, color)
    font = widget.font()
    font.setWeight(QFont.Weight.DemiBold)
    widget.setFont(font)
    widget.setContentsMargins(0, top_margin, 0, 0)


def base_background(widget: QWidget) -> None:
    """*widget* filled with the palette's base colour (a text field's background)."""
    widget.setAutoFillBackground(True)
    widget.setBackgroundRole(QPalette.ColorRole.Base)


def window_background(widget: QWidget, on: bool) -> None:
    """A text field on the window's colour when *on* (read-only), on its usual base colour when not."""
    palette = widget.palette()
    role = QPalette.ColorRole.Window if on else QPalette.ColorRole.Base
    palette.setColor(QPalette.ColorRole.Base, QApplication.palette(widget).color(role))
    widget.setPalette(palette)


class PaddedRows(QStyledItemDelegate):
    """Rows 2 x *vertical* px taller and cells 2 x *horizontal* px wider (an item's ``padding``)."""

    def __init__(self, vertical: int, horizontal: int, parent: QWidget | None = None):
        super().__init__(parent)
        self._extra = QSize(2 * horizontal, 2 * vertical)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 (Qt's name)
        return super().sizeHint(option, index) + self._extra
