"""The article's text column: a comfortable line length however wide the pane.

One pane on a 1920 px screen gives lines of about 1,000 px, some 150 characters, which
the eye loses its way back along. The view keeps its text column at most
:data:`MEASURE_CHARS` characters of running text wide (in the view's current font, so
zooming widens it) and centres it in the pane; the coding stripe sits just left of it.

The column is the view's viewport, narrowed by viewport margins: every position inside
it (hit tests, selection, highlights, passage tints, tooltips) is what it was, and no
offset changes. The margins belong to the view, not the viewport, so the view forwards
the wheel and the mouse from them (:func:`into_column`).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetricsF

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
