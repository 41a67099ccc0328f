"""What every feature controller shares: its owner (the window, its Qt parent) held
weakly, the typed session, and the callables it registers for its actions."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.ui.session import Session

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow


class Controller(QObject):
    """One feature's actions and state. The window owns it (Qt parent); it holds the
    window through a weak reference, so no Python cycle runs through the two."""

    def __init__(self, window: "QMainWindow", session: Session):
        super().__init__(window)
        self._window = weakref.ref(window)
        self.session = session

    @property
    def window(self) -> "QMainWindow":
        window = self._window()
        if window is None:  # pragma: no cover - the window owns the controller
            raise RuntimeError("the window is gone")
        return window

    def handlers(self) -> dict[str, Callable]:
        """Action name → what it calls (checkable actions get the new state)."""
        return {}

    def actions_ready(self, actions: dict[str, "QAction"]) -> None:
        """Called once every action exists (restore checked states, enable or disable)."""

    def status(self, message: str, ms: int = 5000) -> None:
        self.window.statusBar().showMessage(message, ms)
