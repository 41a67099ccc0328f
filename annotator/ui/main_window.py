"""The workspace window: one to four article panes side by side, the docks,
and the menus built from :mod:`annotator.ui.actions`.

The window never edits the project itself: every edit is an operation pushed on
the session, and every view refreshes from ``session.changed``.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from annotator.core.model import DocStatus
from annotator.store import Change
from annotator.store.exclusion import excluded_ids
from annotator.store.operations import SetStatus
from annotator.ui import plain
from annotator.ui.actions import CONTEXT_MENU, MENUS, build_actions, fill_menu
from annotator.ui.connectors import PaneSplitter
from annotator.ui.dialogs import ask_coder_name
from annotator.ui.docks import CodebookDock, DetailDock, DocumentsDock, SpansDock
from annotator.ui.docks.search import SearchDock
from annotator.ui.files import FilesMixin, remember_recent
from annotator.ui.noise import NoiseActionsMixin
from annotator.ui.ownership import foreign_message, owner_names
from annotator.ui.pane import ArticlePane
from annotator.ui.passage_actions import PassagesMixin
from annotator.ui.settings import get_bool, settings

MAX_PANES = 4
#: Actions that change the project: off in a project opened read-only. (Code keys stay
#: on: pressing one says why nothing happens.)
READ_ONLY_OFF = ("import_articles", "import_articles_encoding", "import_spans", "import_qdpx", "merge_projects", "delete_span", "recode",
                 "grow_end", "shrink_end", "grow_start", "shrink_start", "propagate_span", "mark_done",
                 "mark_noise", "unmark_noise")


class MainWindow(NoiseActionsMixin, FilesMixin, PassagesMixin, QMainWindow):
    project_requested = Signal(object)  # a Path to open in place of this project
    new_project_requested = Signal(object)  # a Path to create and open

    def __init__(self, session, parent: QWidget | None = None, *, restore: bool = True):
        super().__init__(parent)
        self.session = session
        self.setObjectName("mainWindow")
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        self.panes: list[ArticlePane] = []
        self.current_pane: ArticlePane | None = None
        self._syncing = False
        self._code_actions: list[QAction] = []
        remember_recent(session.project.path)

        self.splitter = PaneSplitter(Qt.Orientation.Horizontal, self)  # its handles link shared passages
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.codebook_dock = CodebookDock(session, self)
        self.documents_dock = DocumentsDock(session, self)
        self.spans_dock = SpansDock(session, self)
        self.detail_dock = DetailDock(session, self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.codebook_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.detail_dock)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.spans_dock)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.documents_dock)
        self.tabifyDockWidget(self.spans_dock, self.documents_dock)
        self.search_dock = SearchDock(session, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.search_dock)
        self.tabifyDockWidget(self.spans_dock, self.search_dock)
        self.search_dock.hit_activated.connect(self.show_hit)
        self.spans_dock.raise_()
        self.resizeDocks([self.codebook_dock, self.detail_dock], [250, 320], Qt.Orientation.Horizontal)
        self.resizeDocks([self.spans_dock], [190], Qt.Orientation.Vertical)
        self.codebook_dock.code_activated.connect(self.apply_code)
        self.docks = (self.codebook_dock, self.documents_dock, self.spans_dock, self.detail_dock, self.search_dock)
        self.statistics_dock = None  # created when first shown: pyqtgraph loads only then
        self.agreement_dock = None  # created when first shown: it computes while visible

        self.actions_by_name = build_actions(self, panes=self.splitter)
        self.undo_action = session.undo_action(self)
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo_action = session.undo_action(self, redo=True)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addActions([self.undo_action, self.redo_action])
        self._build_code_actions()
        self._build_menus()
        self._setup_passages()

        self.coder_label = plain.label()
        self.coder_label.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addPermanentWidget(self.coder_label)
        self._show_coder()

        session.changed.connect(self._on_changed)
        session.coder_changed.connect(lambda _id: (self._show_coder(), self._update_done_action()))
        session.document_requested.connect(self.show_document)
        session.error.connect(lambda msg: self.statusBar().showMessage(msg, 10000))
        session.waiting.connect(self._show_waiting)
        if session.read_only:
            self._set_read_only()

        a = self.actions_by_name
        for name, key, default in (("word_snapping", "view/snapping", True), ("sync_scroll", "view/sync", False)):
            a[name].blockSignals(True)  # a restored value needs no write back
            a[name].setChecked(get_bool(key, default))
            a[name].blockSignals(False)
        a["show_others"].setChecked(get_bool("view/others", False))
        self._zoom = int(settings().value("view/zoom", 0) or 0)
        self.resize(1440, 900)
        if restore:
            self._restore_state()
        if not self.panes:
            self.add_pane()
        self._set_current(self.panes[0])
        read_only = " (read-only)" if session.read_only else ""
        self.setWindowTitle(plain.window_title(f"{session.project.path.stem}{read_only} — annotator"))

    # -- panes -------------------------------------------------------------------
    def add_pane(self, doc_id: int | None = None) -> ArticlePane | None:
        if len(self.panes) >= MAX_PANES:
            self.statusBar().showMessage(f"At most {MAX_PANES} article panes side by side.", 5000)
            return None
        pane = ArticlePane(self.session, self.splitter)
        pane.view.word_snapping = self.actions_by_name["word_snapping"].isChecked()
        pane.view.set_zoom(self._zoom)
        pane.view.extend_context_menu = self._fill_context_menu
        pane.view.edit_fields_requested.connect(self._edit_fields)
        pane.activated.connect(self._set_current)
        pane.close_requested.connect(self.close_pane)
        pane.view.verticalScrollBar().valueChanged.connect(lambda _v, p=pane: self._sync_from(p))
        pane.view.document_loaded.connect(lambda _id, p=pane: self._pane_document_changed(p))
        pane.view.document_loaded.connect(self._passages_panes_changed)
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
        self._set_current(pane)
        self._update_pane_buttons()
        return pane

    def close_pane(self, pane: ArticlePane | None = None) -> None:
        pane = pane if isinstance(pane, ArticlePane) else self.current_pane
        if pane is None or len(self.panes) <= 1:
            return
        i = self.panes.index(pane)
        self.panes.remove(pane)
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        self._set_current(self.panes[min(i, len(self.panes) - 1)])
        self._update_pane_buttons()
        self._passages_panes_changed()

    def _update_pane_buttons(self) -> None:
        for p in self.panes:
            p.close_button.setVisible(len(self.panes) > 1)
        self.actions_by_name["close_pane"].setEnabled(len(self.panes) > 1)
        self.actions_by_name["add_pane"].setEnabled(len(self.panes) < MAX_PANES)

    def _set_current(self, pane: ArticlePane) -> None:
        self.current_pane = pane
        for p in self.panes:
            p.set_active(p is pane and len(self.panes) > 1)
        self._update_done_action()
        if pane.document_id is not None:
            self.documents_dock.select_document(pane.document_id)

    def _pane_document_changed(self, pane: ArticlePane) -> None:
        if pane is self.current_pane:
            self._update_done_action()
            if pane.document_id is not None:
                self.documents_dock.select_document(pane.document_id)

    def next_pane(self) -> None:
        if self.current_pane in self.panes:
            pane = self.panes[(self.panes.index(self.current_pane) + 1) % len(self.panes)]
            self._set_current(pane)
            pane.view.setFocus()

    def show_document(self, doc_id: int, span_id: int = -1) -> None:
        """Show a document (from the lists): in the pane that already shows it, else the current pane."""
        pane = next((p for p in self.panes if p.document_id == doc_id), self.current_pane)
        if pane is None:
            return
        pane.open_document(doc_id, span_id)
        self._set_current(pane)

    def show_hit(self, doc_id: int, start: int, end: int) -> None:
        """A search hit: its article in a pane (as :meth:`show_document`), the hit selected and scrolled to."""
        self.show_document(doc_id)
        if self.current_pane is not None and self.current_pane.document_id == doc_id:
            self.current_pane.view.show_range(start, end)

    def show_search(self) -> None:
        """Edit > Search All Articles: the search dock, its query field focused (and holding
        the words selected in the current pane, if any, as a phrase)."""
        view = self._view()
        selected = view.textCursor().selectedText().strip() if view is not None else ""
        if selected and "\u2029" not in selected and len(selected) <= 200 and '"' not in selected:
            self.search_dock.query.setText(f'"{selected}"' if len(selected.split()) > 1 else selected)
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_dock.focus_query()

    def next_document(self) -> None:
        if self.current_pane:
            self.current_pane.cycle_document(+1)

    def previous_document(self) -> None:
        if self.current_pane:
            self.current_pane.cycle_document(-1)

    def _sync_from(self, source: ArticlePane) -> None:
        if self._syncing or not self.actions_by_name["sync_scroll"].isChecked():
            return
        bar = source.view.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self._syncing = True
        try:
            level = self._sync_by_passages(source)  # shared passages side by side, where there are any
            for p in self.panes:
                if p is not source and p not in level:
                    other = p.view.verticalScrollBar()
                    other.setValue(round(fraction * other.maximum()))
        finally:
            self._syncing = False

    # -- coding ------------------------------------------------------------------------
    def _view(self):
        return self.current_pane.view if self.current_pane else None

    def apply_code(self, code_id: int) -> None:
        """A code's key, the codebook or the context menu: code the selection, or recode the selected span."""
        view = self._view()
        if view is None:
            return
        code = self.session.project.code(code_id)
        if not code.codable:
            self.statusBar().showMessage(
                f"{code.name} is a category: it groups codes and cannot be applied. Pick one of its codes.", 8000)
            return
        if view.selected_range() is not None:
            view.code_selection(code_id)
        elif view.selected_span() is not None:
            view.recode_selected(code_id)
        else:
            self.statusBar().showMessage("Select some text first, then press the code's key.", 5000)

    def delete_span(self) -> None:
        view = self._view()
        if view is None:
            return
        if view.selected_span() is None:
            self.statusBar().showMessage("No span selected: click a highlight first.", 5000)
            return
        view.delete_selected()  # another coder's span is refused, and the status bar says why

    def _foreign_span_note(self) -> str:
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
            self.statusBar().showMessage("No span selected: click a highlight first.", 5000)
            return
        note = self._foreign_span_note()
        if note:
            self.statusBar().showMessage(note, 10000)
            return
        menu = QMenu(self)
        self._add_recode_items(menu)
        menu.exec(view.viewport().mapToGlobal(view.cursorRect().bottomLeft()))
        menu.deleteLater()

    def _resize(self, edge: str, step: int) -> None:
        view = self._view()
        if view is not None:
            view.resize_selected(edge, step)

    def grow_end(self) -> None:
        self._resize("end", +1)

    def shrink_end(self) -> None:
        self._resize("end", -1)

    def grow_start(self) -> None:
        self._resize("start", -1)

    def shrink_start(self) -> None:
        self._resize("start", +1)

    def _step_span(self, step: int) -> None:
        view = self._view()
        if view is None:
            return
        span_id = view.neighbour_span(step)
        if span_id >= 0:
            view.show_span(span_id)
            self.session.select_span(span_id)

    def next_span(self) -> None:
        self._step_span(+1)

    def previous_span(self) -> None:
        self._step_span(-1)

    def _step_uncoded(self, step: int) -> None:
        if self.current_pane is None:
            return
        from annotator.ui.docks.queue import stepping_order

        ids, in_queue = stepping_order(self.session.project, self.session.coder.id)  # the queue, when assigned
        done = {d for d, s in self.session.project.statuses(self.session.coder.id).items() if s == DocStatus.DONE}
        done |= excluded_ids(self.session.project)  # extra copies of a story are not coded
        current = self.current_pane.document_id
        i = ids.index(current) if current in ids else (-1 if step > 0 else 0)
        for k in range(1, len(ids) + 1):
            candidate = ids[(i + step * k) % len(ids)]
            if candidate not in done and candidate != current:
                self.current_pane.open_document(candidate)
                return
        self.statusBar().showMessage("Every other article " + ("of your queue " if in_queue else "")
                                     + "is marked done.", 5000)

    def next_uncoded(self) -> None:
        self._step_uncoded(+1)

    def previous_uncoded(self) -> None:
        self._step_uncoded(-1)

    def mark_done(self, checked: bool) -> None:
        if self._updating_done or self.current_pane is None or self.current_pane.document_id is None:
            return
        doc_id = self.current_pane.document_id
        coder = self.session.coder.id
        if checked:
            status = DocStatus.DONE
        else:
            has_spans = self.session.project.spans_for_document(doc_id, coder)
            status = DocStatus.IN_PROGRESS if has_spans else DocStatus.NOT_STARTED
        label = "Mark article done" if checked else "Mark article not done"
        self.session.push(SetStatus(doc_id, coder, status, label=label))
        self._update_done_action()

    _updating_done = False

    def _update_done_action(self) -> None:
        action = self.actions_by_name["mark_done"]
        doc_id = self.current_pane.document_id if self.current_pane else None
        self._updating_done = True
        try:
            action.setEnabled(doc_id is not None and not self.session.read_only)
            action.setChecked(doc_id is not None
                              and self.session.project.status(doc_id, self.session.coder.id) == DocStatus.DONE)
        finally:
            self._updating_done = False

    def _edit_fields(self) -> None:
        if self.session.selected_span_id >= 0:
            self.detail_dock.raise_()
            self.detail_dock.focus_first_field()

    # -- find and view -------------------------------------------------------------------
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
            self._sync_from(self.current_pane)

    def _set_zoom(self, steps: int) -> None:
        self._zoom = max(-6, min(20, steps))
        for p in self.panes:
            p.view.set_zoom(self._zoom)
        settings().setValue("view/zoom", self._zoom)

    def zoom_in(self) -> None:
        self._set_zoom(self._zoom + 1)

    def zoom_out(self) -> None:
        self._set_zoom(self._zoom - 1)

    def zoom_reset(self) -> None:
        self._set_zoom(0)

    # -- codes and menus ------------------------------------------------------------------
    def _build_code_actions(self) -> None:
        for action in self._code_actions:
            self.removeAction(action)
            action.deleteLater()
        self._code_actions = []
        paths = self.session.project.code_paths()
        for code in self.session.project.codes():
            action = QAction(plain.action_text(paths[code.id]), self)
            action.setObjectName(f"code_{code.id}")
            action.setData(code.id)
            if code.shortcut:
                action.setShortcut(QKeySequence(code.shortcut))
            action.setIcon(_swatch(code.color))
            action.setStatusTip(f"Code the selection as {paths[code.id]} (or recode the selected span)" if code.codable
                                else f"{paths[code.id]} is a category: it groups codes and cannot be applied")
            action.setEnabled(code.codable)
            action.triggered.connect(lambda _c=False, cid=code.id: self.apply_code(cid))
            self.addAction(action)
            self._code_actions.append(action)

    def _add_code_items(self, menu: QMenu) -> None:
        for action in self._code_actions:
            menu.addAction(action)

    def _add_recode_items(self, menu: QMenu) -> None:
        view = self._view()
        current = view.selected_span().code_id if view and view.selected_span() else None
        for action in self._code_actions:
            item = menu.addAction(action.icon(), action.text())
            item.setEnabled(action.data() != current and action.isEnabled())
            item.triggered.connect(lambda _c=False, cid=action.data(): view and view.recode_selected(cid))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        special = {
            "recent": lambda m: m.addMenu(self.recent_menu),
            "undo": lambda m: m.addAction(self.undo_action),
            "redo": lambda m: m.addAction(self.redo_action),
            "docks": lambda m: [m.addAction(d.toggleViewAction()) for d in self.docks],
            "codes": self._add_code_items,
        }
        self.menus: dict[str, QMenu] = {}
        for title, items in MENUS:
            menu = bar.addMenu(title)
            fill_menu(menu, items, self.actions_by_name, special)
            self.menus[title.replace("&", "")] = menu

    def _rebuild_code_menu(self) -> None:
        self._build_code_actions()
        self._build_menus()

    def _fill_context_menu(self, menu: QMenu) -> None:
        menu.addSeparator()
        view = self._view()

        def code_as(m: QMenu) -> None:
            sub = m.addMenu("Code as")
            self._add_code_items(sub)
            sub.setEnabled(view is not None and view.selected_range() is not None)

        foreign = self._foreign_span_note() if view is not None and view.selected_range() is None else ""

        def recode_as(m: QMenu) -> None:
            if foreign:  # another coder's span: say so where the edits would be
                owner = self.session.project.coder(view.selected_span().coder_id).name
                info = m.addAction(f"{plain.action_text(owner)}'s span: read-only (Coder ▸ Switch Coder…)")
                info.setObjectName("readOnlySpan")
                info.setEnabled(False)
                info.setStatusTip(foreign)
            sub = m.addMenu("Recode span as")
            self._add_recode_items(sub)
            sub.setEnabled(view is not None and view.selected_span() is not None and not foreign)

        def delete_span(m: QMenu) -> None:
            if foreign:
                item = m.addAction(self.actions_by_name["delete_span"].text())
                item.setObjectName("delete_span")
                item.setEnabled(False)
            else:
                m.addAction(self.actions_by_name["delete_span"])

        fill_menu(menu, CONTEXT_MENU, self.actions_by_name,
                  {"code_as": code_as, "recode_as": recode_as, "delete_span": delete_span})

    # -- coder ------------------------------------------------------------------------------
    def _show_coder(self) -> None:
        plain.set_label(self.coder_label, f"Coder: {self.session.coder.name}")
        self.coder_label.setToolTip("Spans you create belong to this coder (Coder ▸ Switch Coder…)")

    def switch_coder(self) -> None:
        names = [c.name for c in self.session.project.coders()]
        name = ask_coder_name(self, names, self.session.coder.name)
        if name and name != self.session.coder.name and self.session.set_coder(name):
            settings().setValue("coder/name", name)
            settings().sync()

    # -- busy and read-only project files ------------------------------------------------------
    def _show_waiting(self, on: bool) -> None:
        from annotator.ui.commit import WAITING_MESSAGE

        if on:
            self.statusBar().showMessage(WAITING_MESSAGE)
        elif self.statusBar().currentMessage() == WAITING_MESSAGE:
            self.statusBar().clearMessage()

    def _set_read_only(self) -> None:
        """Browse, search, statistics, agreement and export; every action that edits is off, saying why."""
        reason = self.session.read_only_reason
        label = plain.label("Read-only")
        label.setContentsMargins(8, 0, 8, 0)
        label.setToolTip(plain.tooltip(reason))
        self.statusBar().addPermanentWidget(label)
        self.read_only_label = label
        for name in READ_ONLY_OFF:
            action = self.actions_by_name.get(name)
            if action is not None:
                action.setEnabled(False)
                action.setToolTip(plain.tooltip(reason))
                action.setStatusTip(reason)
        self.statusBar().showMessage(reason + ".", 15000)

    # -- files ------------------------------------------------------------------------------
    # -- change events ------------------------------------------------------------------------
    def _on_changed(self, change: Change) -> None:
        if change.kind == "codes":
            QTimer.singleShot(0, self._rebuild_code_menu)  # not while a menu of these actions is open
        elif change.kind == "status":
            self._update_done_action()

    # -- state --------------------------------------------------------------------------------
    def _panes_key(self) -> str:
        return "panes/" + str(self.session.project.path.resolve()).replace("/", "|").replace("\\", "|")

    def save_state(self) -> None:
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("view/statistics", self.statistics_dock is not None and self.statistics_dock.isVisible())
        s.setValue("view/agreement", self.agreement_dock is not None and self.agreement_dock.isVisible())
        s.setValue(self._panes_key(), json.dumps({
            "documents": [p.document_id for p in self.panes],
            "sizes": self.splitter.sizes(),
        }))
        s.sync()

    def show_agreement(self):
        """The agreement dock (figures, disagreements, adjudication), created on first use."""
        if self.agreement_dock is None:
            from annotator.ui.agreement import AgreementDock
            from annotator.ui.agreement.dock import READABLE as AGREEMENT_READABLE
            from annotator.ui.docks.placement import float_readable

            self.agreement_dock = AgreementDock(self.session, self)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.agreement_dock)
            float_readable(self.agreement_dock, self, AGREEMENT_READABLE)  # a strip under Spans is unreadable
            self.agreement_dock.compare_requested.connect(self.compare_coders)
            self.docks = (*self.docks, self.agreement_dock)
            self._build_menus()
        self.agreement_dock.show()
        self.agreement_dock.raise_()
        return self.agreement_dock

    def compare_coders(self, doc_id: int, start: int, end: int, coders: list) -> None:
        """One pane per coder (up to four) on *doc_id*, each showing only that coder's spans,
        the range [start, end) selected in each and the panes scrolled together."""
        ids = [c.id for c in (self.session.project.coder_by_name(n) for n in coders) if c is not None][:MAX_PANES]
        if not ids:
            return
        while len(self.panes) < len(ids):
            self.add_pane(doc_id)
        while len(self.panes) > len(ids):
            self.close_pane(self.panes[-1])
        for pane, coder_id in zip(self.panes, ids):
            pane.view.show_coder(coder_id)
            pane.open_document(doc_id)
            pane.view.show_range(start, end)
        self.actions_by_name["sync_scroll"].setChecked(True)
        self.statusBar().showMessage(
            "Comparing " + ", ".join(coders[:MAX_PANES]) + ": each pane shows one coder's spans. "
            "View > Stop Comparing shows your own again.", 10000)

    def stop_comparing(self) -> None:
        for pane in self.panes:
            if pane.view.shown_coder_id is not None:
                pane.view.show_coder(None)
                pane._show_header()

    def show_statistics(self):
        """The statistics dock, created on first use (that is when pyqtgraph loads)."""
        if self.statistics_dock is None:
            from annotator.ui.docks.placement import float_readable
            from annotator.ui.statistics import StatisticsDock
            from annotator.ui.statistics.dock import READABLE as STATISTICS_READABLE

            self.statistics_dock = StatisticsDock(self.session, self)
            self.documents_dock.documents_selected.connect(
                lambda ids: self.statistics_dock.set_documents(ids or None))
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.statistics_dock)
            float_readable(self.statistics_dock, self, STATISTICS_READABLE)  # a strip under Spans is unreadable
            self.docks = (*self.docks, self.statistics_dock)
            self._build_menus()
        self.statistics_dock.show()
        self.statistics_dock.raise_()
        return self.statistics_dock

    def _restore_state(self) -> None:
        s = settings()
        geometry, state = s.value("window/geometry"), s.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if get_bool("view/statistics", False):
            self.show_statistics()  # before restoreState, so the dock gets its saved place
        if get_bool("view/agreement", False):
            self.show_agreement()
        if isinstance(state, QByteArray):
            self.restoreState(state)
        try:
            saved = json.loads(s.value(self._panes_key(), "{}"))
        except (TypeError, ValueError):
            saved = {}
        known = {d.id for d in self.session.project.documents()}
        for doc_id in saved.get("documents", [])[:MAX_PANES]:
            self.add_pane(doc_id if doc_id in known else None)
        sizes = saved.get("sizes")
        if sizes and len(sizes) == len(self.panes):
            self.splitter.setSizes(sizes)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.session.committer.busy:  # an edit is waiting for the project file: not lost by closing
            event.ignore()
            self.statusBar().showMessage("An edit is still waiting for the project file; close again once "
                                         "it is stored.", 8000)
            return
        commit = getattr(self.detail_dock, "commit_memo", None)
        if commit is not None:
            commit()
        self.save_state()
        super().closeEvent(event)


def _swatch(color: str):
    from annotator.ui.models.swatch import swatch_icon

    return swatch_icon(color or "#999999")

