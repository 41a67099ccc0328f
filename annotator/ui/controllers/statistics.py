"""The statistics dock, created when first shown (that is when pyqtgraph loads), and
kept on the articles selected in the documents list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal

from annotator.ui.controllers.base import Controller


class StatisticsController(Controller):
    dock_created = Signal(object)  # the new dock: the window places it and lists it in View

    def __init__(self, window, session):
        super().__init__(window, session)
        self.dock = None

    def handlers(self) -> dict[str, Callable]:
        return {"statistics": self.show}

    def show(self):
        """The statistics dock, created on first use."""
        if self.dock is None:
            from annotator.ui.statistics import StatisticsDock

            self.dock = StatisticsDock(self.session, self.window)
            # the Documents dock (built here if the window has not built it yet)
            self.window.documents_dock.documents_selected.connect(self._documents_selected)
            self.dock_created.emit(self.dock)
        self.dock.show()
        self.dock.raise_()
        return self.dock

    def _documents_selected(self, ids: list) -> None:
        if self.dock is not None:
            self.dock.set_documents(ids or None)
