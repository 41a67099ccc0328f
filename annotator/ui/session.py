"""The session: one open project, the current coder, the undo stack, and one
``changed`` signal that every view refreshes from (views never call each other).

Every edit goes through :meth:`Session.push` with a store
:class:`~annotator.store.operations.Operation`; the operation commits at once
and is undoable from the Edit menu.

An edit is stored *before* its command goes on the undo stack, and an undo or
redo is stored before the stack moves: a write that fails (see
:mod:`annotator.ui.commit`) leaves the stack as it was, so nothing on it claims
an edit the project does not hold, and Undo or Redo after a failure never raises.
A project opened read-only takes no edit at all, and says why.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from annotator.core.model import Coder
from annotator.store import Project
from annotator.ui.commit import Committer
from annotator.ui.ownership import refusal

if TYPE_CHECKING:  # the operations load with the first one pushed, not with the window (issue 17)
    from annotator.store.operations import Operation, UpdateSpan


class OperationCommand(QUndoCommand):
    """A QUndoCommand over one store operation. ``applied`` says whether the project
    holds the operation's effect; the session stores first and then moves the stack,
    so ``redo``/``undo`` only write when the stack is driven some other way."""

    def __init__(self, session: "Session", op: Operation):
        super().__init__(op.label)
        self.session = session
        self.op = op
        self.applied = False

    def redo(self) -> None:
        if not self.applied:
            project = self.session.project
            if not self.session.committer.run(f"Redo “{self.text()}”", lambda: self.op.apply(project)):
                self.setObsolete(True)  # the stack drops it rather than claim an edit not stored
                return
            self.applied = True

    def id(self) -> int:  # noqa: A003 - Qt's name
        """Memo edits share an id, so the stack asks :meth:`mergeWith` about consecutive ones."""
        return MEMO_MERGE_ID if _memo_edit(self.op) is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        """Consecutive memo edits of one span are one undo step: undo goes back to the memo
        before the first, redo to the last. Both are stored already (the session stores,
        then pushes), so merging only joins their before and after."""
        mine, theirs = _memo_edit(self.op), _memo_edit(getattr(other, "op", None))
        if mine is None or theirs is None or mine.span_id != theirs.span_id:
            return False
        if not (self.applied and other.applied):
            return False
        mine.changes = {**mine.changes, **theirs.changes}
        mine.after = theirs.after
        return True

    def undo(self) -> None:
        if self.applied:
            project = self.session.project
            if not self.session.committer.run(f"Undo “{self.text()}”", lambda: self.op.revert(project)):
                self.setObsolete(True)
                return
            self.applied = False


MEMO_MERGE_ID = 1


def _memo_edit(op: Operation | None) -> UpdateSpan | None:
    """*op* if it edits only a span's memo (and the attribute values the memo has to carry)."""
    from annotator.store.operations import UpdateSpan

    if isinstance(op, UpdateSpan) and "memo" in op.changes and set(op.changes) <= {"memo", "attributes"}:
        return op
    return None


def _operation_commands(cmd: QUndoCommand) -> list[OperationCommand]:
    """The operation commands of *cmd*: itself, or a macro's children in order."""
    if isinstance(cmd, OperationCommand):
        return [cmd]
    return [c for i in range(cmd.childCount()) for c in _operation_commands(cmd.child(i))]


class UndoStack(QUndoStack):
    """Undo and redo go through the session: stored first, then the stack moves."""

    def __init__(self, session: "Session"):
        super().__init__(session)
        self.session = session

    def undo(self) -> None:  # noqa: D102
        self.session.undo()

    def redo(self) -> None:  # noqa: D102
        self.session.redo()


class _StackAction(QAction):
    def __init__(self, verb: str, parent: QObject, *, off: bool):
        super().__init__(verb, parent)
        self.verb = verb
        self.off = off

    def name_edit(self, text: str) -> None:
        self.setText(f"{self.verb} {text}" if text else self.verb)

    def set_possible(self, can: bool) -> None:
        self.setEnabled(can and not self.off)


class Session(QObject):
    changed = Signal(object)  # a store Change, after it committed
    coder_changed = Signal(int)  # coder id
    span_selected = Signal(int)  # span id; -1 = none
    document_requested = Signal(int, int)  # document id, span id to show (-1 = none)
    error = Signal(str)  # a plain-words message for the status bar or a dialog
    show_other_coders_changed = Signal(bool)
    waiting = Signal(bool)  # waiting for another program's write lock (True), or done (False)

    def __init__(self, project: Project, coder_name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.read_only = project.read_only
        self.committer = Committer(project, self)
        self.committer.waiting.connect(self.waiting.emit)
        self.committer.refused.connect(self.error.emit)
        self.undo_stack = UndoStack(self)
        self.coder = self._coder(coder_name)
        self.selected_span_id = -1
        self.show_other_coders = False
        project.subscribe(self.changed.emit)

    @property
    def read_only_reason(self) -> str:
        return (f"{self.project.path.name} is open read-only ({self.project.read_only_reason}): "
                "browse, search, statistics, agreement and export work; edits are off")

    def _coder(self, name: str) -> Coder:
        if not self.read_only:
            return self.project.ensure_coder(name)
        # read-only: a coder new to the project cannot be stored, and has no spans to show
        return self.project.coder_by_name(name) or Coder(-1, "", name.strip() or "reader")

    def _refuse(self) -> bool:
        if self.read_only:
            self.error.emit(self.read_only_reason + ".")
            return True
        return False

    def push(self, op: Operation) -> bool:
        """Store *op* (committing it), then put it on the undo stack. False, with the
        stack unchanged, if it was refused (read-only project; another coder's work, see
        :mod:`annotator.ui.ownership`) or could not be stored."""
        if self._refuse():
            return False
        why = refusal(self.project, op, self.coder.id)
        if why is not None:
            self.error.emit(why)
            return False
        if not self.committer.run(op.label, lambda: op.apply(self.project)):
            return False
        cmd = OperationCommand(self, op)
        cmd.applied = True
        self.undo_stack.push(cmd)  # its redo() has nothing left to do
        return True

    def undo(self) -> bool:
        """Undo the top edit: stored first, then the stack moves. False if nothing moved."""
        return self._move(redo=False)

    def redo(self) -> bool:
        """Redo the next edit: stored first, then the stack moves. False if nothing moved."""
        return self._move(redo=True)

    def _move(self, *, redo: bool) -> bool:
        stack = self.undo_stack
        if not (stack.canRedo() if redo else stack.canUndo()) or self._refuse():
            return False
        top = stack.command(stack.index() if redo else stack.index() - 1)
        pending = [c for c in _operation_commands(top) if c.applied != redo]  # what still has to move

        def store() -> None:
            with self.project.transaction():
                for c in (pending if redo else reversed(pending)):
                    (c.op.apply if redo else c.op.revert)(self.project)

        if pending and not self.committer.run(f"{'Redo' if redo else 'Undo'} “{top.text()}”", store):
            return False
        for c in pending:
            c.applied = redo
        (QUndoStack.redo if redo else QUndoStack.undo)(stack)
        return True

    def undo_action(self, parent: QObject, redo: bool = False) -> QAction:
        """Edit ▸ Undo (or Redo), named after the edit, enabled when there is one."""
        stack = self.undo_stack
        action = _StackAction("&Redo" if redo else "&Undo", parent, off=self.read_only)
        action.triggered.connect(self.redo if redo else self.undo)
        # the signals' own values (a method of the action: disconnected when either side goes)
        (stack.redoTextChanged if redo else stack.undoTextChanged).connect(action.name_edit)
        (stack.canRedoChanged if redo else stack.canUndoChanged).connect(action.set_possible)
        action.name_edit(stack.redoText() if redo else stack.undoText())
        action.set_possible(stack.canRedo() if redo else stack.canUndo())
        return action

    def set_coder(self, name: str) -> bool:
        """Switch to the coder *name* (stored, if new). False if that could not be stored."""
        found: list[Coder] = []
        if not self.committer.run(f"Switching to coder {name!r}", lambda: found.append(self._coder(name))):
            return False
        self.coder = found[0]
        self.coder_changed.emit(self.coder.id)
        return True

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
        """The end of this session, at a known moment rather than at a garbage collection:
        the project stops announcing to it, the undo commands go, and every view still
        listening is let go (a view outliving its window is never called again)."""
        self.committer.close()
        self.project.unsubscribe(self.changed.emit)
        self.undo_stack.clear()
        for signal in (self.changed, self.coder_changed, self.span_selected, self.document_requested,
                       self.error, self.show_other_coders_changed, self.waiting):
            with warnings.catch_warnings():  # PySide warns when nothing was connected
                warnings.simplefilter("ignore", RuntimeWarning)
                try:
                    signal.disconnect()
                except (RuntimeError, TypeError):
                    pass
