"""The session: one open project, the current coder, the undo stack, and one
``changed`` signal that every view refreshes from (views never call each other).

Every edit goes through :meth:`Session.push` with a store
:class:`~annotator.store.operations.Operation`; the operation commits at once
and is undoable from the Edit menu.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.store import Project, ProjectError
from annotator.store.operations import Operation
from annotator.ui.ownership import refusal


class OperationCommand(QUndoCommand):
    """A QUndoCommand over one store operation."""

    def __init__(self, session: "Session", op: Operation):
        super().__init__(op.label)
        self.session = session
        self.op = op
        self.failed: ProjectError | None = None

    def redo(self) -> None:
        try:
            self.op.apply(self.session.project)
        except ProjectError as exc:
            self.failed = exc
            self.setObsolete(True)
            self.session.error.emit(str(exc))

    def undo(self) -> None:
        try:
            self.op.revert(self.session.project)
        except ProjectError as exc:
            self.session.error.emit(str(exc))


class Session(QObject):
    changed = Signal(object)  # a store Change, after it committed
    coder_changed = Signal(int)  # coder id
    span_selected = Signal(int)  # span id; -1 = none
    document_requested = Signal(int, int)  # document id, span id to show (-1 = none)
    error = Signal(str)  # a plain-words message for the status bar or a dialog
    show_other_coders_changed = Signal(bool)

    def __init__(self, project: Project, coder_name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.coder = project.ensure_coder(coder_name)
        self.selected_span_id = -1
        self.show_other_coders = False
        project.subscribe(self.changed.emit)

    def push(self, op: Operation) -> bool:
        """Apply *op* (committing it) and put it on the undo stack. False if the store refused it,
        or if it would change another coder's work (see :mod:`annotator.ui.ownership`)."""
        why = refusal(self.project, op, self.coder.id)
        if why is not None:
            self.error.emit(why)
            return False
        cmd = OperationCommand(self, op)
        self.undo_stack.push(cmd)
        return cmd.failed is None

    def set_coder(self, name: str) -> None:
        self.coder = self.project.ensure_coder(name)
        self.coder_changed.emit(self.coder.id)

    def select_span(self, span_id: int) -> None:
        self.selected_span_id = span_id
        self.span_selected.emit(span_id)

    def open_document(self, doc_id: int, span_id: int = -1) -> None:
        self.document_requested.emit(doc_id, span_id)

    def set_show_other_coders(self, on: bool) -> None:
        self.show_other_coders = on
        self.show_other_coders_changed.emit(on)

    def visible_coder_id(self) -> int | None:
        """The coder whose spans views show: the current one (blind coding) or None for all."""
        return None if self.show_other_coders else self.coder.id

    def close(self) -> None:
        self.project.unsubscribe(self.changed.emit)
