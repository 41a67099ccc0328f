"""The workspace window: a composition root. It builds the docks, the article panes'
splitter and the feature controllers (:mod:`annotator.ui.controllers`), gathers the
callables the controllers register for their actions, and builds the menus from
:mod:`annotator.ui.actions`.

The window never edits the project itself: every edit is an operation a controller
pushes on the session, and every view refreshes from ``session.changed``.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShowEvent
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
from annotator.ui.docks import CodebookDock, DetailDock, DocumentsDock, SpansDock
from annotator.ui.docks.search import SearchDock
from annotator.ui.pane import ArticlePane
from annotator.ui.session import Session
from annotator.ui.settings import get_bool, settings

__all__ = ["MAX_PANES", "MainWindow"]

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
        self._build_docks()

        self.pane_control = PanesController(self, session, self.splitter)
        self.coding = CodingController(self, session, self.pane_control, self.detail_dock)
        self.codebook = CodebookController(self, session, self.coding, self.codebook_dock)
        self.documents = DocumentsController(self, session, self.pane_control, self.documents_dock)
        self.passage_control = PassagesController(self, session, self.pane_control)
        self.passages = self.passage_control.passages
        self.search = SearchController(self, session, self.pane_control, self.search_dock)
        self.statistics = StatisticsController(self, session, self.documents_dock)
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
    def statistics_dock(self):
        return self.statistics.dock

    @property
    def agreement_dock(self):
        return self.agreement.dock

    # -- composition ----------------------------------------------------------------------
    def _build_docks(self) -> None:
        session = self.session
        self.codebook_dock = CodebookDock(session, self)
        self.documents_dock = DocumentsDock(session, self)
        self.spans_dock = SpansDock(session, self)
        self.detail_dock = DetailDock(session, self)
        self.search_dock = SearchDock(session, self)
        self.docks: tuple[QDockWidget, ...] = (self.codebook_dock, self.documents_dock, self.spans_dock,
                                               self.detail_dock, self.search_dock)
        layout.apply_minimums(list(self.docks))
        self._place_docks()

    def _place_docks(self) -> None:
        """The default layout: Codebook left, Span right, the lists tabbed below, at their default sizes."""
        area = Qt.DockWidgetArea
        for dock, where in ((self.codebook_dock, area.LeftDockWidgetArea), (self.detail_dock, area.RightDockWidgetArea),
                            (self.spans_dock, area.BottomDockWidgetArea),
                            (self.documents_dock, area.BottomDockWidgetArea),
                            (self.search_dock, area.BottomDockWidgetArea)):
            dock.setFloating(False)
            self.addDockWidget(where, dock)
        self.tabifyDockWidget(self.spans_dock, self.documents_dock)
        self.tabifyDockWidget(self.spans_dock, self.search_dock)
        for dock in (self.codebook_dock, self.detail_dock, self.spans_dock, self.documents_dock, self.search_dock):
            dock.show()
        self.spans_dock.raise_()
        layout.default_dock_widths(self, [self.codebook_dock, self.detail_dock])
        self.resizeDocks([self.spans_dock], [layout.bottom_height(self)], Qt.Orientation.Vertical)

    def reset_layout(self) -> None:
        """View ▸ Reset Layout: every dock back in its default place and size, the statistics and
        agreement docks floating at a readable size if shown, the panes even, the window moved or
        shrunk onto its screen."""
        from annotator.ui.docks.placement import float_readable

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

    def _add_lazy_dock(self, dock: QDockWidget) -> None:
        """A dock made on first use (statistics, agreement): floating over the window at a
        readable size (a strip tabbed under the lists is unreadable), listed in View."""
        from annotator.ui.docks.placement import float_readable

        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        float_readable(dock, self, dock.readable)
        self.docks = (*self.docks, dock)
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
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
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
            self.restoreState(state)
        self.pane_control.restore_state()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._repaired:  # once the window has a screen and its docks are laid out
            self._repaired = True
            self.repair_layout()

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
