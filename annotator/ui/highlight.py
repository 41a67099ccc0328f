"""How spans look in an article: from a document's spans (in Qt positions) to
``ExtraSelection`` formats, computed once per change of the document's spans.

Overlapping and nested spans are cut into elementary segments. Each segment is
filled with a light tint of its innermost span's code colour, never a blend: a
blue quote inside an orange claim stays blue (blending Okabe-Ito colours makes
new hues, olive and brown, that colour-blind coders cannot tell apart). The view
outlines each nested span in its own colour and underlines it with the colours
of the spans around it, and the margin's coding stripe shows every span in its
code's lane. Other coders' spans are shown with a dotted underline only, never a
fill, so one's own coding stays readable.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from PySide6.QtGui import QColor, QTextCharFormat

FILL_ALPHA = 0.32  # a span's fill: its colour at this strength over white


class Mark(NamedTuple):
    """One span as the view shows it; ``start``/``end`` are Qt (UTF-16) positions."""

    span_id: int
    start: int
    end: int
    code_id: int
    color: str
    own: bool


class Segment(NamedTuple):
    """A stretch of text covered by the same set of own spans (outermost first)."""

    start: int
    end: int
    marks: tuple[Mark, ...]


def stacking_order(mark: Mark) -> tuple[int, int, int]:
    """Outer before inner: earlier start first, then longer, then older."""
    return (mark.start, -mark.end, mark.span_id)


def segments(marks: list[Mark]) -> list[Segment]:
    """Cut *marks* into non-overlapping segments, each listing the marks that cover it."""
    if not marks:
        return []
    ordered = sorted(marks, key=stacking_order)
    cuts = sorted({m.start for m in ordered} | {m.end for m in ordered})
    out: list[Segment] = []
    active: list[Mark] = []
    starts = [m.start for m in ordered]
    nxt = 0
    for a, b in zip(cuts, cuts[1:]):
        hi = bisect_right(starts, a)
        active.extend(ordered[nxt:hi])
        nxt = hi
        active = [m for m in active if m.end > a]
        if active:
            out.append(Segment(a, b, tuple(active)))
    return out


def tint(color: str) -> QColor:
    """The background of a segment: its innermost code's colour laid over white (one hue, no blend)."""
    q = QColor(color)
    a = FILL_ALPHA
    return QColor.fromRgbF(1 - a + a * q.redF(), 1 - a + a * q.greenF(), 1 - a + a * q.blueF())


class FormatCache:
    """One QTextCharFormat per distinct look, shared by every segment that has it."""

    def __init__(self) -> None:
        self._fills: dict[tuple[str, ...], QTextCharFormat] = {}
        self._others: dict[str, QTextCharFormat] = {}

    def fill(self, colors: tuple[str, ...]) -> QTextCharFormat:
        fmt = self._fills.get(colors)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(tint(colors[-1]))
            self._fills[colors] = fmt
        return fmt

    def other_coder(self, color: str) -> QTextCharFormat:
        fmt = self._others.get(color)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(QColor(color).darker(130))
            self._others[color] = fmt
        return fmt


def find_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#FFE45C"))
    fmt.setForeground(QColor("#000000"))
    return fmt
