"""Codebook edits that touch several rows, each one store operation: one transaction,
one undo step, one change notice per kind of row (codes, spans).

* :class:`UpdateCodes`: several codes' fields at once (moving a code among its siblings
  renumbers them);
* :class:`RedeclareFields`: a code's attribute fields, carrying every coder's span values
  over to renamed fields and dropping those that no longer fit (:func:`plan_fields`);
* :class:`ImportCodebook`: merging a codebook file (the merge itself is passed in, since
  the file formats live in :mod:`annotator.io`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.core.codebook import AttributeField, Code, CodebookError, validate_attributes
from annotator.core.model import Span
from annotator.store.operations import Operation
from annotator.store.project import Project

#: The fields of a code that an edit may change (see ``Project.update_code``).
CODE_FIELDS = ("name", "parent_id", "description", "color", "shortcut", "position", "attributes", "codable")


@dataclass
class UpdateCodes(Operation):
    """Change the fields of several codes in one step: ``changes`` is [(code id, {field: value})],
    applied in order (so a re-parent can come before the renumbering of its new siblings)."""

    changes: list[tuple[int, dict[str, Any]]]
    label: str = "Edit codes"
    before: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def apply(self, project: Project) -> None:
        with project.transaction():
            self.before = []
            for code_id, change in self.changes:
                old = project.update_code(code_id, **change)
                self.before.append((code_id, {k: getattr(old, k) for k in change}))

    def revert(self, project: Project) -> None:
        with project.transaction():
            for code_id, change in reversed(self.before):
                project.update_code(code_id, **change)


@dataclass(frozen=True)
class FieldsPlan:
    """What redeclaring a code's fields does to its spans (every coder's)."""

    code: Code
    fields: tuple[AttributeField, ...]
    renames: dict[str, str]  # old name -> new name, only real renames of declared fields
    gone: frozenset[str]  # fields removed without a rename: their values go
    misfits: frozenset[str]  # fields whose values no longer fit the new declaration
    moved: dict[int, dict[str, Any]]  # span id -> its values under the new declaration, where they change

    @property
    def affected(self) -> int:
        return len(self.moved)


def plan_fields(project: Project, code_id: int, fields: Sequence[AttributeField],
                renames: dict[str, str] | None = None) -> FieldsPlan:
    """How the spans of *code_id* carry their values over to *fields*: renamed fields keep
    theirs (*renames*: old name -> new name), removed fields and values that no longer fit
    lose theirs."""
    code = project.code(code_id)
    new_specs = tuple(fields)
    old_names = {f.name for f in code.attributes}
    renames = {o: n for o, n in (renames or {}).items() if o != n and o in old_names}
    gone = old_names - {f.name for f in new_specs} - set(renames)
    misfits: set[str] = set()

    def carried(values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in values.items():
            if key in gone:
                continue
            name = renames.get(key, key)
            try:
                out.update(validate_attributes(new_specs, {name: value}, code.name))
            except CodebookError:
                misfits.add(name)  # e.g. text where the field is now a number, or a dropped choice
        return out

    moved = {}
    for span in project.spans_where("code_id = ?", (code_id,)):
        values = carried(span.attributes)
        if values != span.attributes:
            moved[span.id] = values
    return FieldsPlan(code, new_specs, renames, frozenset(gone), frozenset(misfits), moved)


@dataclass
class RedeclareFields(Operation):
    """Declare a code's attribute fields and carry its spans' values over (:func:`plan_fields`):
    the code row and every span it touches, in one transaction."""

    plan: FieldsPlan
    before: list[Span] = field(default_factory=list)
    after: list[Span] = field(default_factory=list)
    applied: bool = False

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"Fields of '{self.plan.code.name}'"

    def _both(self) -> tuple[AttributeField, ...]:
        """Old and new fields declared together, while the spans move their values over
        (a field kept under its name takes its new declaration at once)."""
        old, new = self.plan.code.attributes, self.plan.fields
        old_names = {f.name for f in old}
        return tuple(next((f for f in new if f.name == o.name), o) for o in old) + \
            tuple(f for f in new if f.name not in old_names)

    def apply(self, project: Project) -> None:
        plan = self.plan
        with project.transaction():
            if plan.moved:
                project.update_code(plan.code.id, attributes=self._both())
            if not self.applied:
                self.before = [project.update_span(i, attributes=v) for i, v in plan.moved.items()]
                self.after = [project.span(i) for i in plan.moved]
                self.applied = True
            else:
                for span in self.after:
                    project.put_span(span)
            project.update_code(plan.code.id, attributes=plan.fields)

    def revert(self, project: Project) -> None:
        plan = self.plan
        with project.transaction():
            if plan.moved:
                project.update_code(plan.code.id, attributes=self._both())
            for span in self.before:
                project.put_span(span)
            project.update_code(plan.code.id, attributes=plan.code.attributes)


def _depth(code: Code, codes: dict[int, Code]) -> int:
    depth, parent = 0, code.parent_id
    while parent is not None and parent in codes:
        depth, parent = depth + 1, codes[parent].parent_id
    return depth


@dataclass
class ImportCodebook(Operation):
    """Merge a codebook into the project, undoably: *merge* does the merge (in the
    operation's transaction) and returns the summary shown to the user; undo removes the
    codes it added and gives the codes it changed their fields back."""

    merge: Callable[[Project], str]
    label: str = "Import codebook"
    summary: str = ""
    error: Exception | None = None  # why the first apply failed (its transaction rolled back)
    before: dict[int, Code] = field(default_factory=dict)
    after: dict[int, Code] = field(default_factory=dict)
    applied: bool = False

    def apply(self, project: Project) -> None:
        with project.transaction():
            if not self.applied:
                self.before = {c.id: c for c in project.codes()}
                try:
                    self.summary = self.merge(project)
                except Exception as exc:
                    self.error = exc
                    raise
                self.after = {c.id: c for c in project.codes()}
                self.applied = True
                return
            added = sorted((c for i, c in self.after.items() if i not in self.before),
                           key=lambda c: _depth(c, self.after))
            for code in added:  # parents first
                project.restore_code(code, [])
            self._put(project, self.after)

    def revert(self, project: Project) -> None:
        with project.transaction():
            self._put(project, self.before)
            added = sorted((c for i, c in self.after.items() if i not in self.before),
                           key=lambda c: -_depth(c, self.after))
            for code in added:  # children first
                project.delete_code(code.id)

    def _put(self, project: Project, state: dict[int, Code]) -> None:
        """Give the codes present both before and after their fields in *state*."""
        for code_id, code in state.items():
            if code_id in self.before and code_id in self.after:
                other = self.after if state is self.before else self.before
                change = {k: getattr(code, k) for k in CODE_FIELDS if getattr(code, k) != getattr(other[code_id], k)}
                if change:
                    project.update_code(code_id, **change)


__all__ = ["FieldsPlan", "ImportCodebook", "RedeclareFields", "UpdateCodes", "plan_fields"]
