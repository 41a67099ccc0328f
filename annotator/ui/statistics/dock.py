"""The statistics dock: shared filters above one tab per view; live from ``session.changed``.

Build it as ``StatisticsDock(session, parent)``; creating it loads pyqtgraph (this
module itself does not import it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox, QDockWidget, QFileDialog, QHBoxLayout, QLabel, QMenu, QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from annotator.store import Change
from annotator.store.statistics import Filters, FrequencyCache, StatisticsData
from annotator.ui import plain
from annotator.ui.docks.placement import Readable, keep_readable

COALESCE_MS = 150  # edits arriving within this window redraw once
#: opens floating at 80% x 75% of the window, at least this; docked lower than the floor, it floats again
READABLE = Readable(minimum=QSize(900, 560), floor=QSize(480, 300))


class _ChoiceButton(QToolButton):
    """A drop-down of checkable names; remembers what was unticked, so new items start ticked."""

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = label
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.excluded: set[int] = set()
        self.items: list[tuple[int, str]] = []
        self.on_change = lambda: None

    def set_items(self, items: list[tuple[int, str]]) -> None:
        self.items = items
        ids = {i for i, _ in items}
        self.excluded &= ids
        menu = self.menu()
        menu.clear()
        menu.addAction("Select all", lambda: self._set(set()))
        menu.addAction("Select none", lambda: self._set(ids))
        menu.addSeparator()
        for item_id, name in items:
            act = QAction(plain.action_text(name), menu)
            act.setCheckable(True)
            act.setChecked(item_id not in self.excluded)
            act.toggled.connect(lambda on, i=item_id: self._toggle(i, on))
            menu.addAction(act)
        self._label()

    def _toggle(self, item_id: int, on: bool) -> None:
        (self.excluded.discard if on else self.excluded.add)(item_id)
        self._label()
        self.on_change()

    def _set(self, excluded: set[int]) -> None:
        self.excluded = set(excluded)
        self.set_items(self.items)
        self.on_change()

    def _label(self) -> None:
        chosen = len(self.items) - len(self.excluded)
        self.setText(f"{self.label}: all" if not self.excluded else f"{self.label}: {chosen} of {len(self.items)}")

    def chosen(self) -> frozenset[int] | None:
        """The ticked ids, or None when all are ticked."""
        return None if not self.excluded else frozenset(i for i, _ in self.items if i not in self.excluded)


class StatisticsDock(QDockWidget):
    readable = READABLE  # its opening size (ui/docks/placement.py)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__("Statistics", parent)
        self.setObjectName("statistics")
        from annotator.ui.statistics.views import VIEW_CLASSES, StatsContext  # loads pyqtgraph

        self.session = session
        self.data = StatisticsData.load(session.project)
        self.filters = Filters()
        self.frequencies = FrequencyCache(self.data, self.filters)
        self._context_class = StatsContext
        self._pending: list[Change] = []
        self._documents: frozenset[int] | None = None
        self._dirty: set[str] = set()

        self.coders_button = _ChoiceButton("Coders")
        self.codes_button = _ChoiceButton("Codes")
        self.done_only = QCheckBox("Only documents marked done")
        self.done_only.setToolTip("Count a coder's spans only in the documents that coder marked done")
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(QLabel("Filter"))
        filters.addWidget(self.coders_button)
        filters.addWidget(self.codes_button)
        filters.addWidget(self.done_only)
        self.include_noise = QCheckBox("Include noise")
        self.include_noise.setToolTip("Count page clutter (dimmed in the articles) as article text in coverage")
        filters.addWidget(self.include_noise)
        self.articles_button = QToolButton()
        self.articles_button.setToolTip("Showing only some articles; click to show all again")
        self.articles_button.clicked.connect(lambda: self.set_documents(None))
        self.articles_button.hide()
        filters.addWidget(self.articles_button)
        filters.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.views = {}
        for cls in VIEW_CLASSES:
            view = cls()
            self.views[view.plot_kind] = view
            view.controls.addWidget(self._export_button(view))
            self.tabs.addTab(view, view.title)
        self.views["positions"].span_clicked.connect(self._open_span)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(filters)
        layout.addWidget(self.tabs, 1)
        self.setWidget(body)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COALESCE_MS)
        self.timer.timeout.connect(self.flush)
        session.changed.connect(self._queue)
        self.coders_button.on_change = self._filters_changed
        self.codes_button.on_change = self._filters_changed
        self.done_only.toggled.connect(self._filters_changed)
        self.include_noise.toggled.connect(self._filters_changed)
        self.tabs.currentChanged.connect(lambda _i: self._refresh_current())
        self.visibilityChanged.connect(lambda shown: shown and self._refresh_current())
        self._sync_choices()
        self._dirty = set(self.views)
        self._refresh_current()

    # -- state ---------------------------------------------------------------------
    def context(self):
        return self._context_class(self.data, self.filters, self.frequencies)

    def current_view(self):
        return self.tabs.currentWidget()

    def _sync_choices(self) -> None:
        self.coders_button.set_items([(c.id, c.name) for c in self.data.coders])
        self.codes_button.set_items([(c.id, self.data.code_paths.get(c.id, c.name)) for c in self.data.codes])

    def set_documents(self, document_ids=None) -> None:
        """Restrict every tab to these documents (e.g. the document list's selection); None: all."""
        self._documents = None if document_ids is None else frozenset(document_ids)
        if self._documents is not None:
            n = len(self._documents)
            self.articles_button.setText(f"{n} article{'' if n == 1 else 's'} only  ✕")
        self.articles_button.setVisible(self._documents is not None)
        self._filters_changed()

    def _filters_changed(self, *_args) -> None:
        self.filters = Filters(coders=self.coders_button.chosen(), codes=self.codes_button.chosen(),
                               documents=self._documents, done_only=self.done_only.isChecked(),
                               include_noise=self.include_noise.isChecked())
        self.frequencies.set_filters(self.filters)
        self._dirty = set(self.views)
        self._refresh_current()

    # -- live updates -------------------------------------------------------------------
    def _queue(self, change: Change) -> None:
        self._pending.append(change)
        self.timer.start()

    def flush(self) -> None:
        """Apply the changes that came in since the last redraw, then redraw what is shown."""
        self.timer.stop()
        pending, self._pending = self._pending, []
        if not pending:
            return
        for change in pending:
            self.data.apply(change)
            self.frequencies.apply(change)
        if any(c.kind in ("codes", "coders") for c in pending):
            self._sync_choices()
            self._filters_changed()
            return
        self._dirty = set(self.views)
        self._refresh_current()

    def _refresh_current(self) -> None:
        """Redraw the shown tab if it is out of date; hidden tabs (and a hidden dock) wait until shown."""
        if not self.isVisible():
            return
        view = self.current_view()
        if view is not None and view.plot_kind in self._dirty:
            self._dirty.discard(view.plot_kind)
            view.refresh(self.context())

    def _open_span(self, doc_id: int, span_id: int) -> None:
        self.session.open_document(doc_id, span_id)

    # -- export --------------------------------------------------------------------------
    def _export_button(self, view) -> QToolButton:
        button = QToolButton()
        button.setText("Export")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(button)
        menu.addAction("Plot as PNG…", lambda: self._export(view, "png"))
        menu.addAction("Plot as SVG…", lambda: self._export(view, "svg"))
        menu.addAction("Table as CSV…", lambda: self._export(view, "csv"))
        button.setMenu(menu)
        return button

    def _export(self, view, fmt: str) -> None:
        name = Path(self.session.project.path).stem + f"-{view.plot_kind}.{fmt}"
        start = str(Path(self.session.project.path).with_name(name))
        path, _ = QFileDialog.getSaveFileName(self, f"Export {view.title}", start, f"{fmt.upper()} (*.{fmt})")
        if not path:
            return
        try:
            getattr(view, f"export_{fmt}")(path)
        except OSError as exc:
            self.session.error.emit(f"Could not write {path}: {exc.strerror or exc}")

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        keep_readable(self, READABLE)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt)
        self.timer.stop()
        super().closeEvent(event)
