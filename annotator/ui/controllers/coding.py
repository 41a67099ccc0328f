"""Coding: every edit of spans from the article panes. A code's key, the codebook or a
menu codes the selection (or recodes the selected span); delete, resize, drag an edge,
recode, apply to matching passages, mark and unmark noise, switch coder. Each is one
store operation pushed on the session; the views repaint from ``session.changed``.

:class:`~annotator.ui.text_view.ArticleView` keeps painting and selection and hands
every edit here (its ``editor``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from annotator.core.model import Span
from annotator.core.words import word_edge
from annotator.store.errors import ProjectError
from annotator.ui import plain
from annotator.ui.actions import CONTEXT_MENU, fill_menu
from annotator.ui.controllers.base import Controller
from annotator.ui.ownership import foreign_message, owner_names
from annotator.ui.settings import settings


def ask_coder_name(parent: QWidget | None, existing: list[str], current: str = "") -> str | None:
    """The dialogs module loads when the dialog is shown, not with the window (issue 17)."""
    from annotator.ui import dialogs

    return dialogs.ask_coder_name(parent, existing, current)


def _noise_ops():
    """annotator.store.noise, loaded when first used rather than with the window."""
    from annotator.store import noise

    return noise


class CodingController(Controller):
    def __init__(self, window, session, panes, detail_dock):
        super().__init__(window, session)
        self.panes = panes
        self.detail_dock = detail_dock
        #: one action per code (built by the codebook controller), for the Code menus
        self.code_actions: list[QAction] = []
        self.actions: dict[str, QAction] = {}
        panes.pane_added.connect(self._attach)

    def handlers(self) -> dict[str, Callable]:
        return {
            "delete_span": self.delete_span, "recode": self.recode_menu,
            "grow_end": lambda: self.resize("end", +1), "shrink_end": lambda: self.resize("end", -1),
            "grow_start": lambda: self.resize("start", -1), "shrink_start": lambda: self.resize("start", +1),
            "next_span": lambda: self.step_span(+1), "previous_span": lambda: self.step_span(-1),
            "propagate_span": self.propagate_span, "mark_noise": self.mark_noise,
            "unmark_noise": self.unmark_noise, "switch_coder": self.switch_coder,
        }

    def actions_ready(self, actions: dict[str, QAction]) -> None:
        self.actions = actions

    def _attach(self, pane) -> None:
        pane.view.editor = self
        pane.view.edit_fields_requested.connect(self.edit_fields)

    def _view(self):
        return self.panes.view()

    # -- edits of one view (ArticleView hands them here) ------------------------------------
    def code_selection(self, view, code_id: int) -> Span | None:
        """A span of *code_id* over *view*'s selection; returns it (None if nothing was selected)."""
        from annotator.store.operations import CreateSpan

        rng = view.selected_range()
        if rng is None or view.doc is None:
            return None
        op = CreateSpan(view.doc.id, code_id, self.session.coder.id, rng[0], rng[1])
        if not self.session.push(op):
            return None
        cur = view.textCursor()
        cur.setPosition(view.offsets.to_qt(rng[1]))
        view.setTextCursor(cur)
        self.session.select_span(op.span.id)
        return op.span

    def recode_selected(self, view, code_id: int) -> bool:
        from annotator.store.operations import UpdateSpan

        span = view.selected_span()
        if span is None or span.code_id == code_id:
            return False
        return self.session.push(UpdateSpan(span.id, {"code_id": code_id}, label="Recode span"))

    def delete_selected(self, view) -> bool:
        from annotator.store.operations import DeleteSpans

        span = view.selected_span()
        if span is None:
            return False
        ok = self.session.push(DeleteSpans([span.id]))
        if ok:
            self.session.select_span(-1)
        return ok

    def move_edges(self, view, start: int, end: int, edge: str) -> bool:
        """The selected span of *view* over ``[start, end)`` (a resize key or a dragged *edge*)."""
        from annotator.store.operations import UpdateSpan

        span = view.selected_span()
        if span is None or view.doc is None:
            return False
        if not 0 <= start < end <= len(view.doc.text) or (start, end) == (span.start, span.end):
            return False
        label = "Move span start" if edge == "start" else "Move span end"
        return self.session.push(UpdateSpan(span.id, {"start": start, "end": end}, label=label))

    # -- actions ------------------------------------------------------------------------------
    def apply_code(self, code_id: int) -> None:
        """A code's key, the codebook or the context menu: code the selection, or recode the selected span."""
        view = self._view()
        if view is None:
            return
        code = self.session.project.code(code_id)
        if not code.codable:
            from annotator.ui.models.codebook import category_refusal  # the dock's words, said the same way

            self.status(category_refusal(code.name), 8000)
            return
        if view.selected_range() is not None:
            self.code_selection(view, code_id)
        elif view.selected_span() is not None:
            self.recode_selected(view, code_id)
        else:
            self.status("Select some text first, then press the code's key.")

    def delete_span(self) -> None:
        view = self._view()
        if view is None:
            return
        if view.selected_span() is None:
            self.status("No span selected: click a highlight first.")
            return
        self.delete_selected(view)  # another coder's span is refused, and the status bar says why

    def resize(self, edge: str, step: int) -> bool:
        """Move the selected span's ``start`` or ``end`` by one word (snapping on) or one character."""
        view = self._view()
        span = view.selected_span() if view is not None else None
        if span is None or view.doc is None:
            return False
        text = view.doc.text
        pos = span.start if edge == "start" else span.end
        new = word_edge(text, pos, step, edge) if view.word_snapping else max(0, min(len(text), pos + step))
        start, end = (new, span.end) if edge == "start" else (span.start, new)
        return self.move_edges(view, start, end, edge)

    def step_span(self, step: int) -> None:
        view = self._view()
        if view is None:
            return
        span_id = view.neighbour_span(step)
        if span_id >= 0:
            view.show_span(span_id)
            self.session.select_span(span_id)

    def foreign_span_note(self) -> str:
        """Why the selected span cannot be changed ("" when it is the current coder's)."""
        view = self._view()
        span = view.selected_span() if view is not None else None
        if span is None:
            return ""
        names = owner_names(self.session.project, [span.id], self.session.coder.id)
        return foreign_message(names) if names else ""

    def recode_menu(self) -> None:
        view = self._view()
        if view is None or view.selected_span() is None:
            self.status("No span selected: click a highlight first.")
            return
        note = self.foreign_span_note()
        if note:
            self.status(note, 10000)
            return
        menu = QMenu(self.window)
        self.add_recode_items(menu)
        menu.exec(view.viewport().mapToGlobal(view.cursorRect().bottomLeft()))
        menu.deleteLater()

    def edit_fields(self) -> None:
        if self.session.selected_span_id >= 0:
            self.detail_dock.raise_()
            self.detail_dock.focus_first_field()

    def switch_coder(self) -> None:
        names = [c.name for c in self.session.project.coders()]
        name = ask_coder_name(self.window, names, self.session.coder.name)
        if name and name != self.session.coder.name and self.session.set_coder(name):
            settings().setValue("coder/name", name)
            settings().sync()

    # -- noise --------------------------------------------------------------------------------
    def mark_noise(self) -> bool:
        """Mark the selection in the current pane as noise."""
        view = self._view()
        rng = view.selected_range() if view is not None else None
        if view is None or rng is None or view.doc is None:
            self.status("Select the text to mark as noise first.")
            return False
        return self.session.push(_noise_ops().MarkNoise(view.doc.id, rng[0], rng[1]))

    def unmark_noise(self) -> bool:
        """"Not noise": the selection, or else the noise region under the cursor, counts as text again."""
        view = self._view()
        if view is None or view.doc is None:
            return False
        rng = view.selected_range()
        if rng is None:
            mark = view.noise.at(view.textCursor().position())
            if mark is None:
                self.status("Put the cursor in a dimmed (noise) line, or select it, first.")
                return False
            to_store = view.offsets.to_store
            rng = (to_store(mark.start), to_store(mark.end))
        if not view.noise.overlaps(view.offsets.to_qt(rng[0]), view.offsets.to_qt(rng[1])):
            self.status("There is no noise in the selection.")
            return False
        return self.session.push(_noise_ops().UnmarkNoise(view.doc.id, rng[0], rng[1]))

    # -- propagating a code ----------------------------------------------------------------------
    def propagate_span(self) -> None:
        """Apply the selected span's code to the matching text of every article sharing its
        passage, for the current coder, after a confirmation: one undoable command."""
        from annotator.store.propagation import PropagateSpan, propagation_targets
        from annotator.ui.propagation import PropagationDialog

        view = self._view()
        listing = view.selected_span() if view is not None else None
        if listing is None:
            self.status("No span selected: click a highlight inside a shared passage first.")
            return
        project = self.session.project
        try:
            span = project.span(listing.id)
        except ProjectError as exc:
            self.status(str(exc), 8000)
            return
        targets = propagation_targets(project, span, self.session.coder.id)
        if not targets:
            self.status("This span is not inside a passage shared with another article.", 6000)
            return
        code_name = project.code_paths().get(span.code_id, "?")
        dialog = PropagationDialog(targets, code_name, span.text, self.window)
        accepted = dialog.exec()
        chosen = dialog.chosen()
        dialog.deleteLater()
        if not accepted:
            return
        op = PropagateSpan.of(span, self.session.coder.id, chosen)
        if op.targets and self.session.push(op):
            n = len(op.targets)
            self.status(f"Coded “{code_name}” in {n} more article{'' if n == 1 else 's'} (Ctrl+Z undoes all).", 8000)

    # -- menus -----------------------------------------------------------------------------------
    def add_code_items(self, menu: QMenu) -> None:
        for action in self.code_actions:
            menu.addAction(action)

    def add_recode_items(self, menu: QMenu) -> None:
        view = self._view()
        current = view.selected_span().code_id if view and view.selected_span() else None
        for action in self.code_actions:
            item = menu.addAction(action.icon(), action.text())
            item.setEnabled(action.data() != current and action.isEnabled())
            item.setData(action.data())
        menu.triggered.connect(self._recode_from_menu)

    def _recode_from_menu(self, item: QAction) -> None:
        view = self._view()
        if view is not None and isinstance(item.data(), int):
            self.recode_selected(view, item.data())

    def fill_context_menu(self, menu: QMenu) -> None:
        """The article view's right-click menu, after Copy / Select All."""
        menu.addSeparator()
        view = self._view()
        foreign = self.foreign_span_note() if view is not None and view.selected_range() is None else ""

        def code_as(m: QMenu) -> None:
            sub = m.addMenu("Code as")
            self.add_code_items(sub)
            sub.setEnabled(view is not None and view.selected_range() is not None)

        def recode_as(m: QMenu) -> None:
            if foreign:  # another coder's span: say so where the edits would be
                owner = self.session.project.coder(view.selected_span().coder_id).name
                info = m.addAction(f"{plain.action_text(owner)}'s span: read-only (Coder ▸ Switch Coder…)")
                info.setObjectName("readOnlySpan")
                info.setEnabled(False)
                info.setStatusTip(foreign)
            sub = m.addMenu("Recode span as")
            self.add_recode_items(sub)
            sub.setEnabled(view is not None and view.selected_span() is not None and not foreign)

        def delete_span(m: QMenu) -> None:
            if foreign:
                item = m.addAction(self.actions["delete_span"].text())
                item.setObjectName("delete_span")
                item.setEnabled(False)
            else:
                m.addAction(self.actions["delete_span"])

        fill_menu(menu, CONTEXT_MENU, self.actions,
                  {"code_as": code_as, "recode_as": recode_as, "delete_span": delete_span})
