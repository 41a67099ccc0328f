"""The window's layout on a real screen: readable minimum widths for the docks and the
panes, the default place and size of every dock (View ▸ Reset Layout), and the repair
of a saved layout that no longer fits the screen.

The numbers make four article panes fit a 1920 px screen beside the default docks
(250 + 320 + 4 × 300 px with the splitter handles and dock separators), three fit a
1600 px one, and four still fit 1600 px with the docks at their minimum widths. A saved
layout is only ever repaired towards them: a dock squeezed to its minimum gets its
default width back where the panes leave room, and a window wider or taller than the
screen's available area is shrunk and moved onto it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QWidget

#: A pane stays usable down to this width (header wrapped, picker elided); four fit 1600 px
#: beside the docks at their minimum widths.
PANE_MIN_WIDTH = 255
#: The size a new window opens at, when the screen has room for it.
DEFAULT_WINDOW = QSize(1440, 900)
#: The bottom dock area's (Spans, Documents, Search, with their tab bar) default height:
#: this share of the screen's available height (the window is usually maximised to it),
#: so the span list shows eight rows or more on a 1000 px screen and the articles keep the rest.
BOTTOM_SHARE = 0.3
BOTTOM_LIMITS = (230, 360)


@dataclass(frozen=True)
class DockSize:
    """A side dock's default width and the width below which its content is unreadable
    (the Codebook dock's code names, the Span dock's fields)."""

    default: int
    minimum: int


#: Side docks by object name.
SIDE_DOCKS: dict[str, DockSize] = {
    "codebookDock": DockSize(default=250, minimum=220),
    "detailDock": DockSize(default=320, minimum=210),
}


def fit_rect(frame: QRect, available: QRect) -> QRect:
    """*frame* (a window's frame geometry) shrunk to at most *available* and moved onto it."""
    w = min(frame.width(), available.width())
    h = min(frame.height(), available.height())
    x = min(max(frame.x(), available.left()), available.right() + 1 - w)
    y = min(max(frame.y(), available.top()), available.bottom() + 1 - h)
    return QRect(x, y, w, h)


def available_geometry(window: QWidget) -> QRect | None:
    screen = window.screen()
    return screen.availableGeometry() if screen is not None else None


def fit_to_screen(window: QWidget) -> bool:
    """Shrink and move *window* so its frame lies on its screen's available area.
    True if it had to change. (A window whose minimum size is wider than the screen
    stays at its minimum; the docks' and panes' minimums keep that below 1920 px for
    four panes.)"""
    available = available_geometry(window)
    if available is None or available.isEmpty():
        return False
    frame = window.frameGeometry()
    target = fit_rect(frame, available)
    if target == frame:
        return False
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    window.resize(max(target.width() - extra_w, window.minimumSizeHint().width()),
                  max(target.height() - extra_h, 1))
    window.move(target.topLeft())
    return True


def apply_minimums(docks: list[QDockWidget]) -> None:
    """Give the side docks their readable minimum width (the window keeps it, whatever
    the panes ask for)."""
    for dock in docks:
        size = SIDE_DOCKS.get(dock.objectName())
        if size is not None:
            dock.setMinimumWidth(size.minimum)


#: A dock within this many pixels of its minimum width was squeezed there, not chosen.
CRUSHED_SLACK = 4


def crushed_docks(docks: list[QDockWidget]) -> list[QDockWidget]:
    """The shown, docked side docks at (or, in a layout saved before the minimums, below)
    their readable minimum: the window restores a saved width below the minimum at the
    minimum, so a dock found there was squeezed by the panes rather than sized by hand."""
    return [d for d in docks if d.objectName() in SIDE_DOCKS and d.isVisible() and not d.isFloating()
            and d.width() <= SIDE_DOCKS[d.objectName()].minimum + CRUSHED_SLACK]


def default_dock_widths(window: QMainWindow, docks: list[QDockWidget]) -> None:
    """The side docks at their default widths (what the window opens with)."""
    side = [d for d in docks if d.objectName() in SIDE_DOCKS]
    if side:
        window.resizeDocks(side, [SIDE_DOCKS[d.objectName()].default for d in side], Qt.Orientation.Horizontal)


def bottom_height(window: QWidget) -> int:
    """The bottom dock area's default height for *window*'s screen (:data:`BOTTOM_SHARE`)."""
    available = available_geometry(window)
    height = available.height() if available is not None and not available.isEmpty() else window.height()
    low, high = BOTTOM_LIMITS
    return max(low, min(high, round(height * BOTTOM_SHARE)))


def even_panes(splitter: QSplitter) -> None:
    """Every pane the same width."""
    if splitter.count():
        splitter.setSizes([1000] * splitter.count())


def default_window_size(window: QWidget) -> QSize:
    """:data:`DEFAULT_WINDOW`, or the screen's available size if that is smaller."""
    available = available_geometry(window)
    if available is None or available.isEmpty():
        return DEFAULT_WINDOW
    return DEFAULT_WINDOW.boundedTo(available.size())
