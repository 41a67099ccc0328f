"""The window's shared-passage actions: show or hide them, step through them (F7 /
Shift+F7), bring the other panes level with a passage, and apply a span's code to the
matching passages of the other articles (one undoable command).

A mixin of :class:`~annotator.ui.main_window.MainWindow`; the marks themselves are
:class:`~annotator.ui.passages.SharedPassages`, the bands :mod:`annotator.ui.connectors`.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor

from annotator.store.errors import ProjectError
from annotator.store.propagation import PropagateSpan, propagation_targets
from annotator.ui.passages import SharedPassages, align_view, visible_lines
from annotator.ui.propagation import PropagationDialog
from annotator.ui.settings import get_bool, settings


class PassagesMixin:
    def _setup_passages(self) -> None:
        """Call once the splitter and the actions exist."""
        self.passages = SharedPassages(self.session, lambda: self.panes, self)
        self.splitter.connect_passages(self.passages)
        self.passages.clicked.connect(self._align_to_passage)
        action = self.actions_by_name["show_passages"]
        action.blockSignals(True)
        action.setChecked(get_bool("view/passages", True))
        action.blockSignals(False)
        self.passages.enabled = action.isChecked()

    def _passages_panes_changed(self, *_args) -> None:
        """A pane opened, closed or shows another article."""
        self.passages.reload()

    def set_show_passages(self, on: bool) -> None:
        settings().setValue("view/passages", on)
        self.passages.set_enabled(on)

    # -- moving -------------------------------------------------------------------
    def _align_to_passage(self, pane, pos: int) -> None:
        """Scroll the other panes so the text matching stored offset *pos* of *pane* is level with it."""
        view = pane.view
        qt = view.offsets.to_qt(pos)
        cursor = QTextCursor(view.document())
        cursor.setPosition(qt)
        y = view.cursorRect(cursor).top()
        here = self.passages.marks_of(pane)
        marks = here.at(qt) or [m for m in here.marks if m.start == qt]
        self._syncing = True  # not the proportional synchronised scrolling
        try:
            for other in self.panes:
                if other is pane or other.document_id is None:
                    continue
                link = next((m for m in marks if m.other_doc == other.document_id), None)
                if link is not None:
                    align_view(other.view, link.passage.map_offset(pane.document_id, pos), y)
        finally:
            self._syncing = False

    def _sync_by_passages(self, source) -> set:
        """Synchronised scrolling, diff-viewer style: each other pane sharing a passage on
        screen with *source* is scrolled so the text matching the middle of *source* (or the
        shared passage nearest to it) sits level with it. Returns the panes so scrolled;
        the window scrolls the rest proportionally."""
        done: set = set()
        entry = self.passages.marks_of(source)
        if not self.passages.enabled or not entry.marks or source.document_id is None:
            return done
        view = source.view
        lines = visible_lines(view)
        if not lines.starts:
            return done
        middle = view.cursorForPosition(QPoint(view.viewport().width() // 2, view.viewport().height() // 2)).position()
        on_screen = entry.overlapping(lines.starts[0], lines.ends[-1])
        for other in self.panes:
            if other is source or other.document_id is None:
                continue
            links = [m for m in on_screen if m.other_doc == other.document_id]
            if not links:
                continue
            m = min(links, key=lambda m: 0 if m.start <= middle < m.end else min(abs(m.start - middle),
                                                                                 abs(m.end - 1 - middle)))
            qt = min(max(middle, m.start), m.end - 1)
            cursor = QTextCursor(view.document())
            cursor.setPosition(qt)
            align_view(other.view, m.passage.map_offset(source.document_id, view.offsets.to_store(qt)),
                       view.cursorRect(cursor).top())
            done.add(other)
        return done

    def _step_passage(self, step: int) -> None:
        pane = self.current_pane
        if pane is None:
            return
        mark = self.passages.neighbour(pane, step)
        if mark is None:
            others = len([p for p in self.panes if p.document_id is not None]) > 1
            self.statusBar().showMessage(
                ("No further shared passage in this article." if step > 0 else
                 "No earlier shared passage in this article.") if others else
                "Open a second article pane (Ctrl+T) to see the passages the articles share.", 5000)
            return
        view = pane.view
        cur = view.textCursor()
        cur.setPosition(mark.start)
        view.setTextCursor(cur)
        view.centerCursor()
        here = self.passages.marks_of(pane)
        self.passages.set_current(frozenset(m.passage.id for m in here.marks if m.start == mark.start))
        self._align_to_passage(pane, view.offsets.to_store(mark.start))

    def next_passage(self) -> None:
        self._step_passage(+1)

    def previous_passage(self) -> None:
        self._step_passage(-1)

    # -- propagating a code ----------------------------------------------------------
    def propagate_span(self) -> None:
        """Apply the selected span's code to the matching text of every article sharing its
        passage, for the current coder, after a confirmation: one undoable command."""
        view = self._view()
        listing = view.selected_span() if view is not None else None
        if listing is None:
            self.statusBar().showMessage("No span selected: click a highlight inside a shared passage first.", 5000)
            return
        project = self.session.project
        try:
            span = project.span(listing.id)
        except ProjectError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        targets = propagation_targets(project, span, self.session.coder.id)
        if not targets:
            self.statusBar().showMessage("This span is not inside a passage shared with another article.", 6000)
            return
        code_name = project.code_paths().get(span.code_id, "?")
        dialog = PropagationDialog(targets, code_name, span.text, self)
        if not dialog.exec():
            return
        op = PropagateSpan.of(span, self.session.coder.id, dialog.chosen())
        if not op.targets:
            return
        if self.session.push(op):
            n = len(op.targets)
            self.statusBar().showMessage(
                f"Coded “{code_name}” in {n} more article{'' if n == 1 else 's'} (Ctrl+Z undoes all).", 8000)


__all__ = ["PassagesMixin"]
