"""Undoable edits: each is one store operation plus its inverse, testable without Qt.

The UI wraps each in a ``QUndoCommand`` (``redo`` -> :meth:`Operation.apply`,
``undo`` -> :meth:`Operation.revert`). ``apply`` may run again after a revert
(redo) and must then reproduce the same rows, ids included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.codebook import AttributeField, Code
from annotator.core.model import DocStatus, Span
from annotator.store.project import Project


class Operation:
    label = "edit"

    def apply(self, project: Project) -> None:
        raise NotImplementedError

    def revert(self, project: Project) -> None:
        raise NotImplementedError


@dataclass
class CreateSpan(Operation):
    document_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    attributes: dict[str, Any] | None = None
    memo: str = ""
    span: Span | None = None  # set by the first apply; redo restores exactly this span

    @property
    def label(self) -> str:  # type: ignore[override]
        return "Create span"

    def apply(self, project: Project) -> None:
        if self.span is None:
            self.span = project.add_span(self.document_id, self.code_id, self.coder_id, self.start, self.end,
                                         memo=self.memo, attributes=self.attributes)
        else:
            project.restore_span(self.span)

    def revert(self, project: Project) -> None:
        assert self.span is not None
        project.delete_span(self.span.id)


@dataclass
class DeleteSpans(Operation):
    span_ids: list[int]
    spans: list[Span] = field(default_factory=list)

    @property
    def label(self) -> str:  # type: ignore[override]
        return "Delete span" if len(self.span_ids) == 1 else f"Delete {len(self.span_ids)} spans"

    def apply(self, project: Project) -> None:
        with project.transaction():
            self.spans = [project.delete_span(i) for i in self.span_ids]

    def revert(self, project: Project) -> None:
        with project.transaction():
            for s in self.spans:
                project.restore_span(s)


@dataclass
class UpdateSpan(Operation):
    """Recode, resize, memo or attribute edit of one span."""

    span_id: int
    changes: dict[str, Any]
    label: str = "Edit span"
    before: Span | None = None
    after: Span | None = None

    def apply(self, project: Project) -> None:
        if self.after is None:
            self.before = project.update_span(self.span_id, **self.changes)
            self.after = project.span(self.span_id)
        else:
            project.put_span(self.after)

    def revert(self, project: Project) -> None:
        assert self.before is not None
        project.put_span(self.before)


@dataclass
class SetStatus(Operation):
    document_id: int
    coder_id: int
    status: DocStatus
    previous: DocStatus | None = None
    label: str = "Set document status"

    def apply(self, project: Project) -> None:
        self.previous = project.set_status(self.document_id, self.coder_id, self.status)

    def revert(self, project: Project) -> None:
        assert self.previous is not None
        project.set_status(self.document_id, self.coder_id, self.previous)


@dataclass
class AddCode(Operation):
    name: str
    parent_id: int | None = None
    color: str = ""
    shortcut: str = ""
    description: str = ""
    attributes: tuple[AttributeField, ...] = ()
    code: Code | None = None
    label: str = "Add code"

    def apply(self, project: Project) -> None:
        if self.code is None:
            self.code = project.add_code(self.name, parent_id=self.parent_id, color=self.color,
                                         shortcut=self.shortcut, description=self.description,
                                         attributes=self.attributes)
        else:
            project.restore_code(self.code, [])

    def revert(self, project: Project) -> None:
        assert self.code is not None
        project.delete_code(self.code.id)


@dataclass
class UpdateCode(Operation):
    """Rename, recolour, re-parent, reorder, shortcut, definition or attribute fields."""

    code_id: int
    changes: dict[str, Any]
    label: str = "Edit code"
    before: dict[str, Any] = field(default_factory=dict)

    def apply(self, project: Project) -> None:
        old = project.update_code(self.code_id, **self.changes)
        self.before = {k: getattr(old, k) for k in self.changes}

    def revert(self, project: Project) -> None:
        project.update_code(self.code_id, **self.before)


@dataclass
class DeleteCode(Operation):
    code_id: int
    code: Code | None = None
    spans: list[Span] = field(default_factory=list)
    label: str = "Delete code"

    def apply(self, project: Project) -> None:
        self.code, self.spans = project.delete_code(self.code_id)

    def revert(self, project: Project) -> None:
        assert self.code is not None
        project.restore_code(self.code, self.spans)


@dataclass
class MergeCodes(Operation):
    source_id: int
    target_id: int
    moved: list[Span] = field(default_factory=list)
    code: Code | None = None
    label: str = "Merge codes"

    def apply(self, project: Project) -> None:
        self.moved, self.code = project.merge_codes(self.source_id, self.target_id)

    def revert(self, project: Project) -> None:
        assert self.code is not None
        with project.transaction():
            project.restore_code(self.code, [])
            for s in self.moved:
                project.put_span(s)
