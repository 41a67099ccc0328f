"""The documents' state for the current coder: mark the current pane's article done,
step to the next article not done, and keep the documents list on the current article
(the window builds that list after its first paint and hands it over with :meth:`attach`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction

from annotator.core.model import DocStatus
from annotator.store import Change
from annotator.ui.controllers.base import Controller


class DocumentsController(Controller):
    def __init__(self, window, session, panes):
        super().__init__(window, session)
        self.panes = panes
        self.dock = None  # the Documents dock, once the window has built it
        self.actions: dict[str, QAction] = {}
        self._updating_done = False
        panes.current_changed.connect(self._current_changed)
        session.changed.connect(self._on_changed)
        session.coder_changed.connect(self._coder_changed)

    def handlers(self) -> dict[str, Callable]:
        return {"mark_done": self.mark_done, "next_uncoded": lambda: self.step_uncoded(+1),
                "previous_uncoded": lambda: self.step_uncoded(-1)}

    def actions_ready(self, actions: dict[str, QAction]) -> None:
        self.actions = actions

    def attach(self, dock) -> None:
        """The Documents dock, built: it shows the current pane's article from now on."""
        self.dock = dock
        pane = self.panes.current_pane
        if pane is not None and pane.document_id is not None:
            dock.select_document(pane.document_id)

    def _doc_id(self) -> int | None:
        pane = self.panes.current_pane
        return pane.document_id if pane is not None else None

    def _current_changed(self, pane) -> None:
        self.update_done_action()
        if self.dock is not None and pane is not None and pane.document_id is not None:
            self.dock.select_document(pane.document_id)

    def _coder_changed(self, _coder_id: int) -> None:
        self.update_done_action()

    def _on_changed(self, change: Change) -> None:
        if change.kind == "status":
            self.update_done_action()

    def step_uncoded(self, step: int) -> None:
        pane = self.panes.current_pane
        if pane is None:
            return
        from annotator.store.exclusion import excluded_ids
        from annotator.ui.docks.queue import stepping_order

        ids, in_queue = stepping_order(self.session.project, self.session.coder.id)  # the queue, when assigned
        done = {d for d, s in self.session.project.statuses(self.session.coder.id).items() if s == DocStatus.DONE}
        done |= excluded_ids(self.session.project)  # extra copies of a story are not coded
        current = pane.document_id
        i = ids.index(current) if current in ids else (-1 if step > 0 else 0)
        for k in range(1, len(ids) + 1):
            candidate = ids[(i + step * k) % len(ids)]
            if candidate not in done and candidate != current:
                pane.open_document(candidate)
                return
        self.status("Every other article " + ("of your queue " if in_queue else "") + "is marked done.")

    def mark_done(self, checked: bool) -> None:
        from annotator.store.operations import SetStatus

        doc_id = self._doc_id()
        if self._updating_done or doc_id is None:
            return
        coder = self.session.coder.id
        if checked:
            status = DocStatus.DONE
        else:
            has_spans = self.session.project.spans_for_document(doc_id, coder)
            status = DocStatus.IN_PROGRESS if has_spans else DocStatus.NOT_STARTED
        label = "Mark article done" if checked else "Mark article not done"
        self.session.push(SetStatus(doc_id, coder, status, label=label))
        self.update_done_action()

    def update_done_action(self) -> None:
        action = self.actions.get("mark_done")
        if action is None:
            return
        doc_id = self._doc_id()
        self._updating_done = True
        try:
            action.setEnabled(doc_id is not None and not self.session.read_only)
            action.setChecked(doc_id is not None
                              and self.session.project.status(doc_id, self.session.coder.id) == DocStatus.DONE)
        finally:
            self._updating_done = False
