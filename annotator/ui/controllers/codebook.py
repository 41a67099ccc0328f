"""The codebook's actions: one window action per code (its key, its swatch), rebuilt
when the codebook changes, and the codebook dock's activations sent to coding."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence

from annotator.store import Change
from annotator.ui import plain
from annotator.ui.controllers.base import Controller


def _swatch(color: str):
    from annotator.ui.models.swatch import swatch_icon

    return swatch_icon(color or "#999999")


class CodebookController(Controller):
    codes_rebuilt = Signal()  # the code actions were built again: menus listing them are rebuilt

    def __init__(self, window, session, coding, dock):
        super().__init__(window, session)
        self.coding = coding
        self.dock = dock
        self._category_keys: list[QAction] = []
        dock.code_activated.connect(coding.apply_code)
        session.changed.connect(self._on_changed)
        self.build_code_actions()

    def build_code_actions(self) -> None:
        window = self.window
        for action in [*self.coding.code_actions, *self._category_keys]:
            window.removeAction(action)
            action.deleteLater()
        actions: list[QAction] = []
        self._category_keys: list[QAction] = []
        paths = self.session.project.code_paths()
        for code in self.session.project.codes():
            action = QAction(plain.action_text(paths[code.id]), window)
            action.setObjectName(f"code_{code.id}")
            action.setData(code.id)
            if code.shortcut and code.codable:
                action.setShortcut(QKeySequence(code.shortcut))
            elif code.shortcut:  # a category that came with a key (a codebook file): the key says why not
                self._category_keys.append(self._category_key(code.id, code.shortcut))
            action.setIcon(_swatch(code.color))
            action.setStatusTip(f"Code the selection as {paths[code.id]} (or recode the selected span)" if code.codable
                                else f"{paths[code.id]} is a category: it groups codes and cannot be applied")
            action.setEnabled(code.codable)
            action.triggered.connect(self._code_triggered)
            window.addAction(action)
            actions.append(action)
        self.coding.code_actions = actions

    def _category_key(self, code_id: int, key: str) -> QAction:
        """An action off the menus (which show the category greyed out) that only carries its key."""
        guard = QAction(self.window)
        guard.setObjectName(f"category_key_{code_id}")
        guard.setData(code_id)
        guard.setShortcut(QKeySequence(key))
        guard.triggered.connect(self._code_triggered)  # apply_code refuses a category, saying why
        self.window.addAction(guard)
        return guard

    def _code_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.coding.apply_code(action.data())

    def _rebuild(self) -> None:
        self.build_code_actions()
        self.codes_rebuilt.emit()

    def _on_changed(self, change: Change) -> None:
        if change.kind == "codes":
            QTimer.singleShot(0, self, self._rebuild)  # not while a menu of these actions is open
