"""Where a large dock opens: floating over the window at a readable size.

The statistics and agreement docks hold plots and wide tables. Tabified into the
bottom dock area beside Spans they got what Spans had, a strip about 40 px tall, and
were unreadable. They open floating instead, centred over the window, and a dock
shown docked at a size too small to read (a layout saved by an older version, or one
squeezed by hand) floats again at the readable size. The user can still dock it where
they like (double-click the title bar): a docked place of a readable size is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, QTimer
from PySide6.QtWidgets import QDockWidget, QWidget


@dataclass(frozen=True)
class Readable:
    """The size a dock opens at (a share of the window, at least *minimum*), and the
    *floor* below which a docked place is too small to read."""

    minimum: QSize
    floor: QSize
    share_w: float = 0.8
    share_h: float = 0.75


def opening_geometry(window: QRect, screen: QRect, readable: Readable) -> QRect:
    """The floating dock's rectangle: a share of *window*, at least the readable minimum,
    at most the *screen*'s available area, centred over the window and kept on the screen."""
    w = min(max(int(window.width() * readable.share_w), readable.minimum.width()), screen.width())
    h = min(max(int(window.height() * readable.share_h), readable.minimum.height()), screen.height())
    x = window.x() + (window.width() - w) // 2
    y = window.y() + (window.height() - h) // 2
    x = min(max(x, screen.left()), screen.right() + 1 - w)
    y = min(max(y, screen.top()), screen.bottom() + 1 - h)
    return QRect(x, y, w, h)


def float_readable(dock: QDockWidget, window: QWidget, readable: Readable) -> None:
    """Float *dock* over *window* at a readable size (see :func:`opening_geometry`)."""
    screen = (window.screen() or dock.screen()).availableGeometry()
    target = opening_geometry(window.geometry(), screen, readable)
    dock.setFloating(True)
    dock.setGeometry(target)


def too_small(dock: QDockWidget, readable: Readable) -> bool:
    """Docked, shown, and smaller than readable in either direction."""
    if dock.isFloating() or not dock.isVisible():
        return False
    size = dock.size()
    return size.width() < readable.floor.width() or size.height() < readable.floor.height()


def keep_readable(dock: QDockWidget, readable: Readable) -> None:
    """Call from the dock's ``showEvent``: once the window has laid the dock out, a dock
    docked too small to read floats at the readable size."""

    def check() -> None:
        window = dock.parentWidget()
        if window is not None and too_small(dock, readable):
            float_readable(dock, window, readable)

    QTimer.singleShot(0, dock, check)
