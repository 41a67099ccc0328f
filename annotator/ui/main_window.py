"""The workspace window: a composition root. It builds the docks, the article panes'
splitter and the feature controllers (:mod:`annotator.ui.controllers`), gathers the
callables the controllers register for their actions, and builds the menus from
:mod:`annotator.ui.actions`.

The window never edits the project itself: every edit is an operation a controller
pushes on the session, and every view refreshes from ``session.changed``.

The Documents and Search docks (tabbed behind Spans by default) are built, and their
modules imported, on the first turn of the event loop after the window's first paint
(issue 17: a short start), or before that when something asks for them
(``window.documents_dock``, Edit ▸ Search All Articles, View ▸ Statistics). One a saved
layout shows is built before the layout is restored; one it keeps hidden or tabbed behind
another is put back in its saved place with ``restoreDockWidget`` once built.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from annotator.ui import layout, plain
from annotator.ui.actions import MENUS, build_actions, fill_menu
from annotator.ui.connectors import PaneSplitter
from annotator.ui.controllers.agreement import AgreementController
from annotator.ui.controllers.codebook import CodebookController
from annotator.ui.controllers.coding import CodingController
from annotator.ui.controllers.documents import DocumentsController
from annotator.ui.controllers.exchange import ExchangeController
from annotator.ui.controllers.panes import MAX_PANES, PanesController
from annotator.ui.controllers.passages import PassagesController
from annotator.ui.controllers.search import SearchController
from annotator.ui.controllers.statistics import StatisticsController
from annotator.ui.docks.codebook import CodebookDock
from annotator.ui.docks.detail import DetailDock
from annotator.ui.docks.spans import SpansDock
from annotator.ui.pane import ArticlePane
from annotator.ui.session import Session
from annotator.ui.settings import get_bool, settings

if TYPE_CHECKING:
    from annotator.ui.docks.documents import DocumentsDock
    from annotator.ui.docks.search import SearchDock

__all__ = ["MAX_PANES", "MainWindow"]

#: The docks built after the first paint (by object name); the settings key listing those a
#: saved layout shows (they are built before it is restored).
DEFERRED_DOCKS = ("documentsDock", "searchDock")
SHOWN_KEY = "window/deferred_docks_shown"
#: If the window is shown but never painted (started minimised), the deferred docks are
#: built this long after it was shown.
DEFER_FALLBACK_MS = 1000

#: Actions that change the project: off in a project opened read-only. (Code keys stay
#: on: pressing one says why nothing happens.)
READ_ONLY_OFF = ("import_articles", "import_articles_encoding", "import_spans", "import_qdpx", "merge_projects",
                 "delete_span", "recode",
                 "grow_end", "shrink_end", "grow_start", "shrink_start", "propagate_span", "mark_done",
                 "mark_noise", "unmark_noise")


class MainWindow(QMainWindow):
    project_requested = Signal(object)  # a Path to open in place of this project
    new_project_requested = Signal(object)  # a Path to create and open

    def __init__(self, session: Session, parent: QWidget | None = None, *, restore: bool = True):
        super().__init__(parent)
        self.session = session
        self.setObjectName("mainWindow")
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        self.splitter = PaneSplitter(Qt.Orientation.Horizontal, self)  # its handles link shared passages
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self._documents_dock: DocumentsDock | None = None
        self._search_dock: SearchDock | None = None
        self._deferred_scheduled = False
        self._state_restored = False  # restoreState placed the docks (the deferred ones get their saved place)
        self._build_docks()

        self.pane_control = PanesController(self, session, self.splitter)
        self.coding = CodingController(self, session, self.pane_control, self.detail_dock)
        self.codebook = CodebookController(self, session, self.coding, self.codebook_dock)
        self.documents = DocumentsController(self, session, self.pane_control)
        self.passage_control = PassagesController(self, session, self.pane_control)
        self.passages = self.passage_control.passages
        self.search = SearchController(self, session, self.pane_control)
        self.statistics = StatisticsController(self, session)
        self.agreement = AgreementController(self, session, self.pane_control)
        self.exchange = ExchangeController(self, session)
        self.controllers = (self.pane_control, self.coding, self.codebook, self.documents, self.passage_control,
                            self.search, self.statistics, self.agreement, self.exchange)

        handlers = {"quit": self.close, "reset_layout": self.reset_layout}
        for controller in self.controllers:
            handlers.update(controller.handlers())
        self.actions_by_name = build_actions(self, handlers, panes=self.splitter)
        self.undo_action = session.undo_action(self)
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo_action = session.undo_action(self, redo=True)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addActions([self.undo_action, self.redo_action])
        for controller in self.controllers:
            controller.actions_ready(self.actions_by_name)
        self.statistics.dock_created.connect(self._add_lazy_dock)
        self.agreement.dock_created.connect(self._add_lazy_dock)
        self.codebook.codes_rebuilt.connect(self._build_menus)
        self._build_menus()
        self._build_status_bar()

        self.resize(layout.default_window_size(self))
        if restore:
            self._restore_state()
        self._repaired = False
        if not self.pane_control.panes:
            self.pane_control.add_pane()
        self.pane_control.set_current(self.pane_control.panes[0])
        read_only = " (read-only)" if session.read_only else ""
        self.setWindowTitle(plain.window_title(f"{session.project.path.stem}{read_only} — annotator"))

    # -- what tests and the app read ------------------------------------------------------
    @property
    def panes(self) -> list[ArticlePane]:
        return self.pane_control.panes

    @property
    def current_pane(self) -> ArticlePane | None:
        return self.pane_control.current_pane

    @property
    def documents_dock(self) -> "DocumentsDock":
        """The Documents dock, built now if the window has not built it yet."""
        if self._documents_dock is None:
            from annotator.ui.docks.documents import DocumentsDock

            self._documents_dock = DocumentsDock(self.session, self)
            self._add_deferred_dock(self._documents_dock)
            self.documents.attach(self._documents_dock)
        return self._documents_dock

    @property
    def search_dock(self) -> "SearchDock":
        """The Search dock, built now if the window has not built it yet."""
        if self._search_dock is None:
            from annotator.ui.docks.search import SearchDock

            self._search_dock = SearchDock(self.session, self)
            self._add_deferred_dock(self._search_dock)
            self.search.attach(self._search_dock)
        return self._search_dock

    @property
    def deferred_docks_built(self) -> bool:
        """Whether the Documents and Search docks exist (they are built after the first paint)."""
        return self._documents_dock is not None and self._search_dock is not None

    def build_deferred_docks(self) -> None:
        """Build the Documents and Search docks if they are not built yet (after the first
        paint; before saving the layout or resetting it)."""
        if not self.deferred_docks_built:
            _ = self.documents_dock, self.search_dock

    @property
    def statistics_dock(self):
        return self.statistics.dock

    @property
    def agreement_dock(self):
        return self.agreement.dock

    # -- composition ----------------------------------------------------------------------
    def _build_docks(self) -> None:
        """The docks the first painted screen shows; Documents and Search come later."""
        session = self.session
        self.codebook_dock = CodebookDock(session, self)
        self.spans_dock = SpansDock(session, self)
        self.detail_dock = DetailDock(session, self)
        self.docks: tuple[QDockWidget, ...] = ()
        self._list_docks()
        layout.apply_minimums(list(self.docks))
        self._place_docks()

    def _list_docks(self) -> None:
        """``self.docks`` (the View menu's order): the workspace docks built so far, then the
        docks made on first use (statistics, agreement) in the order they were made."""
        fixed = (self.codebook_dock, self._documents_dock, self.spans_dock, self.detail_dock, self._search_dock)
        self.docks = (*(d for d in fixed if d is not None), *(d for d in self.docks if d not in fixed))

    def _place_docks(self) -> None:
        """The default layout: Codebook left, Span right, the lists tabbed below, at their default sizes."""
        area = Qt.DockWidgetArea
        lists = [d for d in (self.spans_dock, self._documents_dock, self._search_dock) if d is not None]
        for dock, where in ((self.codebook_dock, area.LeftDockWidgetArea), (self.detail_dock, area.RightDockWidgetArea),
                            *((d, area.BottomDockWidgetArea) for d in lists)):
            dock.setFloating(False)
            self.addDockWidget(where, dock)
        for dock in lists[1:]:
            self.tabifyDockWidget(self.spans_dock, dock)
        for dock in (self.codebook_dock, self.detail_dock, *lists):
            dock.show()
        self.spans_dock.raise_()
        layout.default_dock_widths(self, [self.codebook_dock, self.detail_dock])
        self.resizeDocks([self.spans_dock], [layout.bottom_height(self)], Qt.Orientation.Vertical)

    def reset_layout(self) -> None:
        """View ▸ Reset Layout: every dock back in its default place and size, the statistics and
        agreement docks floating at a readable size if shown, the panes even, the window moved or
        shrunk onto its screen."""
        from annotator.ui.docks.placement import float_readable

        self.build_deferred_docks()
        self._place_docks()
        if not self.isMaximized() and not self.isFullScreen():
            layout.fit_to_screen(self)  # its size is the user's; only kept on the screen
        layout.default_dock_widths(self, [self.codebook_dock, self.detail_dock])
        layout.even_panes(self.splitter)
        for dock in (self.statistics.dock, self.agreement.dock):
            if dock is not None and dock.isVisible():
                float_readable(dock, self, dock.readable)
        self.statusBar().showMessage("Layout reset: docks in their default places and sizes.", 5000)

    def repair_layout(self) -> None:
        """A layout saved on a larger screen, or with docks squeezed by four panes, is made
        usable again: the window fits the screen, and a crushed side dock gets its default width."""
        if not self.isMaximized() and not self.isFullScreen():
            layout.fit_to_screen(self)
        crushed = layout.crushed_docks([self.codebook_dock, self.detail_dock])
        if crushed:
            layout.default_dock_widths(self, crushed)

    def _add_deferred_dock(self, dock: QDockWidget) -> None:
        """Documents or Search, just built: in its saved place if the restored layout has one,
        else tabbed behind the lists (the default layout), the tab on top left on top."""
        layout.apply_minimums([dock])
        if not (self._state_restored and self.restoreDockWidget(dock)):
            # the tab on screen (a tab behind another has an empty visible region); Spans
            # before the window is shown
            group = [self.spans_dock, *self.tabifiedDockWidgets(self.spans_dock)]
            on_top = next((d for d in group if not d.visibleRegion().isEmpty()), self.spans_dock)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            self.tabifyDockWidget(self.spans_dock, dock)
            dock.show()
            on_top.raise_()
        self._list_docks()
        self._build_menus()

    def _schedule_deferred_docks(self) -> None:
        if not self._deferred_scheduled:
            self._deferred_scheduled = True
            QTimer.singleShot(0, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """The deferred docks, then on a later turn sqlite-utils and the operation classes (what
        edits go through, so the first edit does not load them); nothing for a window closed in the meantime (its project
        may be closed too)."""
        if not self.isVisible():
            return
        self.build_deferred_docks()
        QTimer.singleShot(0, self, self._prepare_writes)

    def _prepare_writes(self) -> None:
        if self.isVisible():
            self.session.project.prepare_writes()
            import_module("annotator.store.operations")  # the edits' classes: the first edit does not wait

    def _add_lazy_dock(self, dock: QDockWidget) -> None:
        """A dock made on first use (statistics, agreement): floating over the window at a
        readable size (a strip tabbed under the lists is unreadable), listed in View."""
        from annotator.ui.docks.placement import float_readable

        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        float_readable(dock, self, dock.readable)
        self.docks = (*self.docks, dock)
        self._list_docks()
        self._build_menus()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        special = {
            "recent": lambda m: m.addMenu(self.exchange.recent_menu),
            "undo": lambda m: m.addAction(self.undo_action),
            "redo": lambda m: m.addAction(self.redo_action),
            "docks": lambda m: [m.addAction(d.toggleViewAction()) for d in self.docks],
            "codes": self.coding.add_code_items,
        }
        self.menus: dict[str, QMenu] = {}
        for title, items in MENUS:
            menu = bar.addMenu(title)
            fill_menu(menu, items, self.actions_by_name, special)
            self.menus[title.replace("&", "")] = menu

    def _build_status_bar(self) -> None:
        self.coder_label = plain.label()
        self.coder_label.setContentsMargins(8, 0, 8, 0)
        self.coder_label.setToolTip("Spans you create belong to this coder (Coder ▸ Switch Coder…)")
        self.statusBar().addPermanentWidget(self.coder_label)
        self._show_coder()
        self.session.coder_changed.connect(self._show_coder)
        self.session.error.connect(self._show_error)
        self.session.waiting.connect(self._show_waiting)
        if self.session.read_only:
            self._set_read_only()

    def _show_coder(self, _coder_id: int = 0) -> None:
        plain.set_label(self.coder_label, f"Coder: {self.session.coder.name}")

    def _show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

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

    # -- state --------------------------------------------------------------------------------
    def save_state(self) -> None:
        s = settings()
        self.build_deferred_docks()  # the layout saved holds every dock in its place
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        # on screen: a tab behind another tab is "visible" to Qt but has nothing showing
        shown = [d.objectName() for d in (self._documents_dock, self._search_dock)
                 if d is not None and d.isVisible() and not d.visibleRegion().isEmpty()]
        s.setValue(SHOWN_KEY, ",".join(shown))
        s.setValue("view/statistics", self.statistics.dock is not None and self.statistics.dock.isVisible())
        s.setValue("view/agreement", self.agreement.dock is not None and self.agreement.dock.isVisible())
        self.pane_control.save_state()
        s.sync()

    def _restore_state(self) -> None:
        s = settings()
        geometry, state = s.value("window/geometry"), s.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if get_bool("view/statistics", False):
            self.statistics.show()  # before restoreState, so the dock gets its saved place
        if get_bool("view/agreement", False):
            self.agreement.show()
        if isinstance(state, QByteArray):
            # the deferred docks this layout shows are built before it is restored (all of them
            # for a layout saved before they were deferred); the others get their place when built
            shown = s.value(SHOWN_KEY)
            names = (DEFERRED_DOCKS if shown is None else shown if isinstance(shown, list)
                     else str(shown).split(","))
            if "documentsDock" in names:
                _ = self.documents_dock
            if "searchDock" in names:
                _ = self.search_dock
            self._state_restored = self.restoreState(state)
        self.pane_control.restore_state()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._repaired:  # once the window has a screen and its docks are laid out
            self._repaired = True
            self.repair_layout()
            QTimer.singleShot(DEFER_FALLBACK_MS, self, self._after_first_paint)  # shown but not painted

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        self._schedule_deferred_docks()  # once this first paint is on screen

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
