"""The span list dock: sortable, filterable; choosing a row jumps to the span.

The selected row follows ``session.span_selected`` (a click in an article pane
selects the span here too) without re-announcing it.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDockWidget, QHBoxLayout, QHeaderView, QLabel, QMenu,
                               QVBoxLayout, QWidget)

from annotator.ui import looks, plain
from annotator.ui.docks.common import filter_box, table_view
from annotator.ui.models.spans import SpanIdRole, SpansModel
from annotator.ui.ownership import owner_names

FILTER_AT_ONCE = 20_000  # spans: below this the list filters on every key press, above it after a pause


class SpansDock(QDockWidget):
    def __init__(self, session, parent: QWidget | None = None):
        super().__init__("Spans", parent)
        self.setObjectName("spansDock")
        self.session = session
        self.model = SpansModel(session, self)  # sorts and filters itself (see the model's docstring)
        self._following = False  # True while we select a row because the session said so

        self.filter = filter_box("Filter by code, coder, document, text or memo")
        self.filter.setObjectName("spansFilter")
        self.view = table_view(self.model)
        self.filter.list_view = self.view
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # delete several at once
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.setColumnWidth(SpansModel.CODE, 150)
        self.view.setColumnWidth(SpansModel.CODER, 80)
        self.view.setColumnWidth(SpansModel.DOCUMENT, 170)
        self.view.setColumnWidth(SpansModel.TEXT, 360)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        self.count_label = QLabel()
        looks.set_text_color(self.count_label, "#666")
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.filter, 1)
        top.addWidget(self.count_label)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.setWidget(body)

        self.act_delete = QAction("Delete", self)
        self.act_delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_delete.triggered.connect(self.delete_current)
        self.view.addAction(self.act_delete)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._update_count)
        self._update_count()

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(self._filter_edited)
        self.model.modelReset.connect(lambda: self.follow(self.session.selected_span_id))
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.view.clicked.connect(self._jump)  # a click on the current row jumps again
        self.view.activated.connect(self._jump)  # so does Enter
        session.span_selected.connect(self.follow)

    def _update_count(self, *_args) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        self.count_label.setText(f"{shown:,} spans" if shown == total else f"{shown:,} of {total:,} spans")

    def _context_menu(self, pos) -> None:
        if self.view.indexAt(pos).isValid():
            menu = self.context_menu()
            menu.exec(self.view.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def context_menu(self) -> QMenu:
        """The rows' menu: Delete, or (for another coder's spans) why they cannot be deleted."""
        menu = QMenu(self)
        owners = owner_names(self.session.project, self.selected_span_ids(), self.session.coder.id)
        if owners:
            note = menu.addAction(f"{plain.action_text(' and '.join(owners))}'s: read-only "
                                  "(Coder ▸ Switch Coder…)")
            note.setObjectName("readOnlySpan")
            note.setEnabled(False)
            item = menu.addAction(self.act_delete.text())
            item.setObjectName("delete")
            item.setEnabled(False)
        else:
            menu.addAction(self.act_delete)
        return menu

    def selected_span_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.listing(r).id for r in rows]

    def delete_current(self) -> bool:
        """Delete the selected spans (or the current one), as one undoable step."""
        from annotator.store.operations import DeleteSpans

        ids = self.selected_span_ids()
        return bool(ids) and self.session.push(DeleteSpans(ids))

    def _filter_edited(self) -> None:
        if self.model.total() < FILTER_AT_ONCE:
            self.apply_filter()
        else:
            self._filter_timer.start()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter(self.filter.text())

    def span_id_at(self, index: QModelIndex) -> int:
        return int(index.data(SpanIdRole)) if index.isValid() else -1

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Keyboard navigation jumps as it goes; a mouse press waits for its click."""
        if not self._following and QApplication.mouseButtons() == Qt.MouseButton.NoButton:
            self._jump(current)

    def _jump(self, index: QModelIndex) -> None:
        span_id = self.span_id_at(index)
        if span_id < 0:
            return
        span = self.model.listing(index.row())
        self._following = True
        try:
            self.session.open_document(span.document_id, span.id)
            self.session.select_span(span.id)
        finally:
            self._following = False

    def follow(self, span_id: int) -> None:
        """Select *span_id*'s row (or clear the selection for -1) without jumping."""
        if self._following:
            return
        self._following = True
        try:
            row = self.model.row_of(span_id)
            index = self.model.index(row, 0) if row >= 0 else QModelIndex()
            if index.isValid():
                self.view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                self.view.scrollTo(index)
            else:
                self.view.selectionModel().clear()
        finally:
            self._following = False

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()
