"""The article's text column: a comfortable line length however wide the pane.

One pane on a 1920 px screen gives lines of about 1,000 px, some 150 characters, which
the eye loses its way back along. The view keeps its text column at most
:data:`MEASURE_CHARS` characters of running text wide (in the view's current font, so
zooming widens it) and centres it in the pane; the coding stripe sits just left of it.

The column is the view's viewport, narrowed by viewport margins: every position inside
it (hit tests, selection, highlights, passage tints, tooltips) is what it was, and no
offset changes. The margins belong to the view, not the viewport, so :class:`ColumnMixin`
passes the wheel and the mouse from them to the column (:func:`into_column`).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QFont, QFontMetricsF, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

#: The longest line, in characters of running text; typographers advise 60 to 90 on screen.
MEASURE_CHARS = 84
#: What "a character of running text" is measured on: ordinary newswire prose.
SAMPLE = ("Azerbaijan's president vowed on Wednesday to rebuild and revive the region, "
          "the latest territory that forces have ceded in a truce.")


class Margins(NamedTuple):
    left: int
    right: int


def measure_px(font: QFont) -> float:
    """The width of :data:`MEASURE_CHARS` characters of running text in *font*."""
    return QFontMetricsF(font).horizontalAdvance(SAMPLE) / len(SAMPLE) * MEASURE_CHARS


def column_margins(width: int, stripe: int, column: int) -> Margins:
    """Viewport margins that leave a text column at most *column* px wide, centred in
    *width* px (the view's contents, without its scroll bar), with *stripe* px for the
    coding stripe always free on its left."""
    spare = max(0, width - stripe - column)
    return Margins(stripe + spare // 2, spare - spare // 2)


def into_column(point: QPointF, column_width: int) -> QPointF:
    """*point* (viewport coordinates, perhaps in a margin beside the column) moved to the
    nearest point of the column: a press in the left margin lands at the start of its line."""
    return QPointF(min(max(point.x(), 0.0), max(column_width - 1.0, 0.0)), point.y())


_FORWARDED = (QEvent.Type.Wheel, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
              QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove)


class ColumnMixin:
    """For the article view: whether its column is capped, and the margins' wheel and
    mouse passed to the column."""

    _forwarding = False  # a margin's event is being passed to the column

    def column_capped(self) -> bool:
        """True when the pane is wider than the text column (margins beside it)."""
        return self.viewportMargins().right() > 0

    def event(self, event: QEvent) -> bool:
        """The wheel and the mouse in the margins beside the column act on the column:
        scroll, or select from the nearest point of the line (a drag begun in a margin
        goes on wherever the mouse moves)."""
        if event.type() in _FORWARDED and not self._forwarding and self._in_margin(event):
            viewport = self.viewport()
            point = into_column(QPointF(viewport.mapFrom(self, event.position().toPoint())), viewport.width())
            if event.type() == QEvent.Type.Wheel:
                moved = QWheelEvent(point, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                                    event.buttons(), event.modifiers(), event.phase(), event.inverted())
            else:
                moved = QMouseEvent(event.type(), point, event.globalPosition(), event.button(), event.buttons(),
                                    event.modifiers())
            self._forwarding = True  # what the column ignores comes back up here: not round again
            try:
                QApplication.sendEvent(viewport, moved)
            finally:
                self._forwarding = False
            event.setAccepted(moved.isAccepted())
            return True
        return super().event(event)

    def _in_margin(self, event) -> bool:
        """A wheel or press beside the column, or a drag begun there (the view holds the mouse)."""
        if self.viewport().width() <= 0:
            return False
        if event.type() in (QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            return event.type() == QEvent.Type.MouseButtonRelease or bool(event.buttons())  # not a hover
        return not self.viewport().geometry().contains(event.position().toPoint())

