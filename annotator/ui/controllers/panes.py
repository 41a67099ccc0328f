"""The article panes: one to four side by side, which is current, moving between them
and their articles, find in article, zoom, word snapping, other coders' spans and
synchronised scrolling; the panes part of the window's saved state."""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction

from annotator.ui.connectors import PaneSplitter
from annotator.ui.controllers.base import Controller
from annotator.ui.layout import PANE_MIN_WIDTH, fit_to_screen
from annotator.ui.pane import ArticlePane
from annotator.ui.settings import get_bool, settings

MAX_PANES = 4


class PanesController(Controller):
    current_changed = Signal(object)  # the current ArticlePane
    pane_added = Signal(object)  # a new ArticlePane, before it opens its article
    panes_changed = Signal()  # a pane opened, closed or shows another article

    def __init__(self, window, session, splitter: PaneSplitter):
        super().__init__(window, session)
        self.splitter = splitter
        self.panes: list[ArticlePane] = []
        self.current_pane: ArticlePane | None = None
        self.actions: dict[str, QAction] = {}
        self._syncing = False
        self._zoom = int(settings().value("view/zoom", 0) or 0)
        self._leveller: Callable[[], Callable[[ArticlePane], set] | None] = lambda: None
        session.document_requested.connect(self.show_document)

    def handlers(self) -> dict[str, Callable]:
        return {
            "add_pane": self.add_pane, "close_pane": self.close_pane, "next_pane": self.next_pane,
            "next_document": lambda: self.cycle_document(+1),
            "previous_document": lambda: self.cycle_document(-1),
            "find": self.find, "find_next": self.find_next, "find_previous": self.find_previous,
            "word_snapping": self.set_word_snapping, "show_others": self.set_show_others,
            "sync_scroll": self.set_sync_scroll,
            "zoom_in": lambda: self.set_zoom(self._zoom + 1), "zoom_out": lambda: self.set_zoom(self._zoom - 1),
            "zoom_reset": lambda: self.set_zoom(0),
        }

    def actions_ready(self, actions: dict[str, QAction]) -> None:
        self.actions = actions
        for name, key, default in (("word_snapping", "view/snapping", True), ("sync_scroll", "view/sync", False)):
            actions[name].blockSignals(True)  # a restored value needs no write back
            actions[name].setChecked(get_bool(key, default))
            actions[name].blockSignals(False)
        actions["show_others"].setChecked(get_bool("view/others", False))

    def set_leveller(self, leveller: Callable[[ArticlePane], set]) -> None:
        """What brings panes level by their shared passages while scrolling together (the passages
        controller's method, held weakly); it returns the panes it moved."""
        self._leveller = weakref.WeakMethod(leveller)

    def current_panes(self) -> list[ArticlePane]:
        return self.panes

    def view(self):
        """The current pane's article view, if any."""
        return self.current_pane.view if self.current_pane else None

    # -- opening and closing ------------------------------------------------------------
    def add_pane(self, doc_id: int | None = None) -> ArticlePane | None:
        if len(self.panes) >= MAX_PANES:
            self.status(f"At most {MAX_PANES} article panes side by side.")
            return None
        pane = ArticlePane(self.session, self.splitter)
        pane.setMinimumWidth(PANE_MIN_WIDTH)  # usable: the header wraps, the picker elides
        pane.view.word_snapping = self.actions["word_snapping"].isChecked()
        pane.view.set_zoom(self._zoom)
        pane.activated.connect(self.set_current)
        pane.close_requested.connect(self.close_pane)
        pane.view.verticalScrollBar().valueChanged.connect(lambda _v, p=pane: self.sync_from(p))
        pane.view.document_loaded.connect(lambda _id, p=pane: self._document_changed(p))
        self.pane_added.emit(pane)
        self.splitter.addWidget(pane)
        self.panes.append(pane)
        if doc_id is None:
            ids = [d.id for d in self.session.project.documents()]
            shown = {p.document_id for p in self.panes}
            base = self.current_pane.document_id if self.current_pane else None
            start = ids.index(base) + 1 if base in ids else 0
            rest = ids[start:] + ids[:start]
            doc_id = next((i for i in rest if i not in shown), rest[0] if rest else None)
        pane.open_document(doc_id)
        self.splitter.setSizes([1000] * len(self.panes))
        self.set_current(pane)
        self._update_buttons()
        self._keep_on_screen()
        return pane

    def _keep_on_screen(self) -> None:
        """A window a new pane widened (to its minimum width) moves back onto its screen."""
        window = self.window
        if window.isVisible() and not window.isMaximized() and not window.isFullScreen():
            window.layout().activate()  # the new minimum width now, not at the next event loop turn
            fit_to_screen(window)

    def close_pane(self, pane: ArticlePane | None = None) -> None:
        pane = pane if isinstance(pane, ArticlePane) else self.current_pane
        if pane is None or len(self.panes) <= 1:
            return
        i = self.panes.index(pane)
        self.panes.remove(pane)
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        self.set_current(self.panes[min(i, len(self.panes) - 1)])
        self._update_buttons()
        self.panes_changed.emit()

    def _update_buttons(self) -> None:
        for p in self.panes:
            p.close_button.setVisible(len(self.panes) > 1)
        self.actions["close_pane"].setEnabled(len(self.panes) > 1)
        self.actions["add_pane"].setEnabled(len(self.panes) < MAX_PANES)

    def set_current(self, pane: ArticlePane) -> None:
        self.current_pane = pane
        for p in self.panes:
            p.set_active(p is pane and len(self.panes) > 1)
        self.current_changed.emit(pane)

    def _document_changed(self, pane: ArticlePane) -> None:
        if pane is self.current_pane:
            self.current_changed.emit(pane)
        self.panes_changed.emit()

    # -- moving -----------------------------------------------------------------------------
    def next_pane(self) -> None:
        if self.current_pane in self.panes:
            pane = self.panes[(self.panes.index(self.current_pane) + 1) % len(self.panes)]
            self.set_current(pane)
            pane.view.setFocus()

    def cycle_document(self, step: int) -> None:
        if self.current_pane:
            self.current_pane.cycle_document(step)

    def show_document(self, doc_id: int, span_id: int = -1) -> None:
        """Show a document (from the lists): in the pane that already shows it, else the current pane."""
        pane = next((p for p in self.panes if p.document_id == doc_id), self.current_pane)
        if pane is None:
            return
        pane.open_document(doc_id, span_id)
        self.set_current(pane)

    def show_range(self, doc_id: int, start: int, end: int) -> None:
        """Its article in a pane (as :meth:`show_document`), ``[start, end)`` selected and scrolled to."""
        self.show_document(doc_id)
        if self.current_pane is not None and self.current_pane.document_id == doc_id:
            self.current_pane.view.show_range(start, end)

    # -- find --------------------------------------------------------------------------------
    def find(self) -> None:
        if self.current_pane:
            self.current_pane.find_bar.open_bar()

    def find_next(self) -> None:
        if self.current_pane:
            if not self.current_pane.find_bar.isVisible():
                self.find()
            else:
                self.current_pane.find_bar.step(+1)

    def find_previous(self) -> None:
        if self.current_pane and self.current_pane.find_bar.isVisible():
            self.current_pane.find_bar.step(-1)

    # -- view settings ---------------------------------------------------------------------
    def set_word_snapping(self, on: bool) -> None:
        for p in self.panes:
            p.view.word_snapping = on
        settings().setValue("view/snapping", on)

    def set_show_others(self, on: bool) -> None:
        if self.session.show_other_coders != on:
            self.session.set_show_other_coders(on)
        settings().setValue("view/others", on)

    def set_sync_scroll(self, on: bool) -> None:
        settings().setValue("view/sync", on)
        if on and self.current_pane:
            self.sync_from(self.current_pane)

    def set_zoom(self, steps: int) -> None:
        self._zoom = max(-6, min(20, steps))
        for p in self.panes:
            p.view.set_zoom(self._zoom)
        settings().setValue("view/zoom", self._zoom)

    def sync_from(self, source: ArticlePane) -> None:
        if self._syncing or not self.actions["sync_scroll"].isChecked():
            return
        bar = source.view.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
        with self.syncing():
            leveller = self._leveller()
            level = leveller(source) if leveller is not None else set()  # shared passages side by side
            for p in self.panes:
                if p is not source and p not in level:
                    other = p.view.verticalScrollBar()
                    other.setValue(round(fraction * other.maximum()))

    @contextmanager
    def syncing(self) -> Iterator[None]:
        """A context in which scrolling a pane does not scroll the others."""
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False

    # -- state ---------------------------------------------------------------------------------
    def _key(self) -> str:
        return "panes/" + str(self.session.project.path.resolve()).replace("/", "|").replace("\\", "|")

    def save_state(self) -> None:
        settings().setValue(self._key(), json.dumps({
            "documents": [p.document_id for p in self.panes],
            "sizes": self.splitter.sizes(),
        }))

    def restore_state(self) -> None:
        try:
            saved = json.loads(settings().value(self._key(), "{}"))
        except (TypeError, ValueError):
            saved = {}
        known = {d.id for d in self.session.project.documents()}
        for doc_id in saved.get("documents", [])[:MAX_PANES]:
            self.add_pane(doc_id if doc_id in known else None)
        sizes = saved.get("sizes")
        if sizes and len(sizes) == len(self.panes):
            self.splitter.setSizes(sizes)
