"""Shared passages between the panes: show or hide them, step through them (F7 /
Shift+F7), and bring the other panes level with a passage (clicked, stepped to, or
while scrolling together). The marks themselves are
:class:`~annotator.ui.passages.SharedPassages`, the bands :mod:`annotator.ui.connectors`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QTextCursor

from annotator.ui.controllers.base import Controller
from annotator.ui.passages import SharedPassages, align_view, visible_lines
from annotator.ui.settings import get_bool, settings


class PassagesController(Controller):
    def __init__(self, window, session, panes):
        super().__init__(window, session)
        self.panes = panes
        self.passages = SharedPassages(session, panes.current_panes, self)
        panes.splitter.connect_passages(self.passages)
        self.passages.clicked.connect(self.align_to_passage)
        panes.panes_changed.connect(self.passages.reload)
        panes.set_leveller(self.level_with)

    def handlers(self) -> dict[str, Callable]:
        return {"show_passages": self.set_show_passages, "next_passage": lambda: self.step_passage(+1),
                "previous_passage": lambda: self.step_passage(-1)}

    def actions_ready(self, actions: dict[str, QAction]) -> None:
        action = actions["show_passages"]
        action.blockSignals(True)
        action.setChecked(get_bool("view/passages", True))
        action.blockSignals(False)
        self.passages.enabled = action.isChecked()

    def set_show_passages(self, on: bool) -> None:
        settings().setValue("view/passages", on)
        self.passages.set_enabled(on)

    # -- moving -------------------------------------------------------------------
    def align_to_passage(self, pane, pos: int) -> None:
        """Scroll the other panes so the text matching stored offset *pos* of *pane* is level with it."""
        view = pane.view
        qt = view.offsets.to_qt(pos)
        cursor = QTextCursor(view.document())
        cursor.setPosition(qt)
        y = view.cursorRect(cursor).top()
        here = self.passages.marks_of(pane)
        marks = here.at(qt) or [m for m in here.marks if m.start == qt]
        with self.panes.syncing():  # not the proportional synchronised scrolling
            for other in self.panes.panes:
                if other is pane or other.document_id is None:
                    continue
                link = next((m for m in marks if m.other_doc == other.document_id), None)
                if link is not None:
                    align_view(other.view, link.passage.map_offset(pane.document_id, pos), y)

    def level_with(self, source) -> set:
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
        for other in self.panes.panes:
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

    def step_passage(self, step: int) -> None:
        pane = self.panes.current_pane
        if pane is None:
            return
        mark = self.passages.neighbour(pane, step)
        if mark is None:
            others = len([p for p in self.panes.panes if p.document_id is not None]) > 1
            self.status(
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
        self.align_to_passage(pane, view.offsets.to_store(mark.start))
