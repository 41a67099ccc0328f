"""Agreement and adjudication: the agreement dock (created when first shown: it
computes while visible), and comparing coders side by side in the panes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction

from annotator.ui.controllers.base import Controller
from annotator.ui.controllers.panes import MAX_PANES


class AgreementController(Controller):
    dock_created = Signal(object)  # the new dock: the window places it and lists it in View

    def __init__(self, window, session, panes):
        super().__init__(window, session)
        self.panes = panes
        self.dock = None
        self.actions: dict[str, QAction] = {}

    def handlers(self) -> dict[str, Callable]:
        return {"agreement": self.show, "stop_comparing": self.stop_comparing}

    def actions_ready(self, actions: dict[str, QAction]) -> None:
        self.actions = actions

    def show(self):
        """The agreement dock (figures, disagreements, adjudication), created on first use."""
        if self.dock is None:
            from annotator.ui.agreement import AgreementDock

            self.dock = AgreementDock(self.session, self.window)
            self.dock.compare_requested.connect(self.compare_coders)
            self.dock_created.emit(self.dock)
        self.dock.show()
        self.dock.raise_()
        return self.dock

    def compare_coders(self, doc_id: int, start: int, end: int, coders: list) -> None:
        """One pane per coder (up to four) on *doc_id*, each showing only that coder's spans,
        the range [start, end) selected in each and the panes scrolled together."""
        project = self.session.project
        ids = [c.id for c in (project.coder_by_name(n) for n in coders) if c is not None][:MAX_PANES]
        if not ids:
            return
        panes = self.panes
        while len(panes.panes) < len(ids):
            panes.add_pane(doc_id)
        while len(panes.panes) > len(ids):
            panes.close_pane(panes.panes[-1])
        for pane, coder_id in zip(panes.panes, ids):
            pane.view.show_coder(coder_id)
            pane.open_document(doc_id)
            pane.view.show_range(start, end)
        self.actions["sync_scroll"].setChecked(True)
        self.status("Comparing " + ", ".join(coders[:MAX_PANES]) + ": each pane shows one coder's spans. "
                    "View > Stop Comparing shows your own again.", 10000)

    def stop_comparing(self) -> None:
        for pane in self.panes.panes:
            if pane.view.shown_coder_id is not None:
                pane.view.show_coder(None)
                pane._show_header()
