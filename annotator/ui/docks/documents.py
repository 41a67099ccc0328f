"""The document list dock: filter, then double-click or Enter opens the article.

Near-duplicates (editions of one story, at least 90% of their text shared; see
:mod:`annotator.store.duplicates`) say so under their title, and their context
menu opens the other copies and excludes the extra ones from coding and statistics
(:mod:`annotator.ui.docks.document_actions`). Excluded articles are greyed."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDockWidget, QHBoxLayout, QHeaderView, QMenu, QPushButton, QVBoxLayout, QWidget,
)

from annotator.core.model import DocStatus
from annotator.store import Change
from annotator.store.duplicates import duplicate_groups
from annotator.store.operations import SetStatus
from annotator.store.sets import AssignSet, document_sets

from annotator.ui.docks.common import filter_box, table_view
from annotator.ui.docks.document_actions import DocumentActions
from annotator.ui.docks.queue import QueueBar
from annotator.ui.docks.set_dialogs import AssignDialog, SampleDialog
from annotator.ui.docks.two_line import TwoLineDelegate
from annotator.ui.models.documents import STATUS_TEXT, DocIdRole, DocumentsModel, SortRole


class _DocumentsProxy(QSortFilterProxyModel):
    """The filter box's substring filter (as ``filter_proxy``), and optionally only the
    documents of the coder's queue."""

    def __init__(self, source, parent=None):
        super().__init__(parent)
        self.only: set[int] | None = None
        self.setSourceModel(source)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortRole(SortRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_only(self, ids: set[int] | None) -> None:
        if not hasattr(self, "endFilterChange"):  # Qt before 6.10
            self.only = ids
            self.invalidateFilter()
            return
        self.beginFilterChange()  # Qt 6.10 deprecates invalidateFilter() for this pair
        self.only = ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802 (Qt)
        if self.only is not None and self.sourceModel().document(row).id not in self.only:
            return False
        if not self.filterRegularExpression().pattern():
            return True  # Qt would read every column of the row to match an empty pattern
        return super().filterAcceptsRow(row, parent)


class DocumentsDock(QDockWidget):
    #: the documents selected when two or more are (Ctrl/Shift+click): the statistics
    #: view shows only those; an empty list when the selection is back to one or none
    documents_selected = Signal(list)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__("Documents", parent)
        self.setObjectName("documentsDock")
        self.session = session
        self.model = DocumentsModel(session, self)
        self.proxy = _DocumentsProxy(self.model, self)

        self.filter = filter_box("Filter by title, outlet, date or status")
        self.filter.setObjectName("documentsFilter")
        self.view = table_view(self.proxy)
        self.filter.list_view = self.view
        header = self.view.horizontalHeader()
        # Title with "outlet · date" below it: readable in a narrow dock. The outlet and date
        # columns can be brought back from the header's context menu (e.g. to sort by date).
        self.view.setItemDelegateForColumn(DocumentsModel.TITLE, TwoLineDelegate(self._subtitle, self.view))
        self.view.verticalHeader().setDefaultSectionSize(2 * self.view.fontMetrics().lineSpacing() + 10)
        header.setMinimumSectionSize(36)
        header.setSectionResizeMode(DocumentsModel.TITLE, QHeaderView.ResizeMode.Stretch)
        # outlet and date (hidden at first) are fitted to the rows on screen when shown (_show_column);
        # status and span count: widths from the font, not from the rows (fitting them to their
        # contents read every role of every row when the window opened, 0.1-0.3 s for 2,000 articles)
        metrics, pad = self.view.fontMetrics(), 28
        widths = {DocumentsModel.STATUS: max(metrics.horizontalAdvance(t) for t in (*STATUS_TEXT.values(), "Status")),
                  DocumentsModel.SPANS: metrics.horizontalAdvance("Spans 0000")}
        for col, width in widths.items():
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, width + pad)
        for col in (DocumentsModel.OUTLET, DocumentsModel.DATE):
            self.view.setColumnHidden(col, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.filter, 1)
        self.sample_button = QPushButton("Sample…")
        self.sample_button.setToolTip("Draw a random sample of articles (e.g. for a reliability test), "
                                      "stored with its seed")
        self.assign_button = QPushButton("Assign…")
        self.assign_button.setToolTip("Give a sample to coders: all of it to each, or split between them")
        top.addWidget(self.sample_button)
        top.addWidget(self.assign_button)
        layout.addLayout(top)
        self.queue = QueueBar(session, body)
        layout.addWidget(self.queue)
        layout.addWidget(self.view)
        self.setWidget(body)
        self.dialog: QDialog | None = None  # the Sample… or Assign… dialog while it is open
        self.sample_button.clicked.connect(self.open_sample_dialog)
        self.assign_button.clicked.connect(self.open_assign_dialog)
        self.queue.only_changed.connect(self.proxy.set_only)

        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.returnPressed.connect(self._open_first_match)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.activated.connect(self._open)  # Enter/Return and double-click
        session.document_requested.connect(self._document_requested)  # a bound method: dropped when the dock goes
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        # read when first needed (the list painted, a context menu): it loads the alignment
        # module and numpy, 0.1-0.3 s, which a session that never shows the list does without
        self._near: dict[int, list[int]] | None = None
        self.document_actions = DocumentActions(self, session)
        session.changed.connect(self._on_changed)

    # -- near-duplicates ---------------------------------------------------------------
    def _on_changed(self, change: Change) -> None:
        if change.kind in ("documents", "passages"):  # new articles, or their shared passages found
            self._near = None
            self.view.viewport().update()

    def near_duplicates_of(self, doc_id: int) -> list[int]:
        """The documents *doc_id* nearly duplicates (editions of the same story)."""
        return self.near_duplicate_groups().get(doc_id, [])

    def near_duplicate_groups(self) -> dict[int, list[int]]:
        """Every document with near-duplicates -> those (read again after each change of the
        documents or their shared passages)."""
        if self._near is None:
            self._near = duplicate_groups(self.session.project)
        return self._near

    def selected_documents(self) -> list[int]:
        return sorted({int(i.data(DocIdRole)) for i in self.view.selectionModel().selectedRows()})

    def _selection_changed(self, *_args) -> None:
        ids = self.selected_documents()
        self.documents_selected.emit(ids if len(ids) > 1 else [])

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.session.open_document(int(index.data(DocIdRole)))

    def _subtitle(self, index: QModelIndex) -> str:
        doc = self.model.document(self.proxy.mapToSource(index).row())
        parts = [doc.source, doc.published]
        others = self.near_duplicates_of(doc.id)
        if others:
            parts.append("near-duplicate of " + ", ".join(f"#{d}" for d in others))
        if self.model.is_excluded(doc.id):
            parts.insert(0, "excluded")
        return " · ".join(p for p in parts if p)

    def _header_menu(self, pos) -> None:
        menu = QMenu(self)
        for col in range(1, DocumentsModel.SPANS + 1):
            act = menu.addAction(DocumentsModel.HEADERS[col])
            act.setCheckable(True)
            act.setChecked(not self.view.isColumnHidden(col))
            act.toggled.connect(lambda on, c=col: self._show_column(c, on))
        menu.exec(self.view.horizontalHeader().mapToGlobal(pos))

    def _show_column(self, col: int, on: bool) -> None:
        self.view.setColumnHidden(col, not on)
        if on and col in (DocumentsModel.OUTLET, DocumentsModel.DATE):
            self.view.horizontalHeader().setResizeContentsPrecision(0)  # the rows on screen, not 1,000
            self.view.resizeColumnToContents(col)

    def _context_menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        self.context_menu(int(index.data(DocIdRole))).exec(self.view.viewport().mapToGlobal(pos))

    def context_menu(self, doc_id: int) -> QMenu:
        """The menu of one document's row: open it (or a near-duplicate of it), mark its status;
        exclude, include again or remove it (or the selection it is in)."""
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.session.open_document(doc_id))
        for other in self.near_duplicates_of(doc_id):
            row = self.model.row_of(other)
            title = self.model.document(row).title if row >= 0 else ""
            menu.addAction(f"Open near-duplicate #{other}: {title}"[:90],
                           lambda d=other: self.session.open_document(d))
        menu.addSeparator()
        group = QActionGroup(menu)
        current = self.model.status(doc_id)
        for status in DocStatus:
            act = menu.addAction(f"Mark {STATUS_TEXT[status]}", lambda s=status: self.set_status(doc_id, s))
            act.setCheckable(True)
            act.setChecked(status == current)
            group.addAction(act)
        self.document_actions.add_to_menu(menu, doc_id, self.selected_documents())
        return menu

    def set_status(self, doc_id: int, status: DocStatus) -> bool:
        """The current coder's status on a document (undoable)."""
        if self.model.status(doc_id) == status:
            return False
        return self.session.push(SetStatus(doc_id, self.session.coder.id, status,
                                           label=f"Mark document {STATUS_TEXT[status]}"))

    def _open_first_match(self) -> None:
        """Enter in the filter box opens the only (or first) matching document."""
        if self.proxy.rowCount():
            first = self.proxy.index(0, 0)
            self.view.setCurrentIndex(first)
            self._open(first)

    def _document_requested(self, doc_id: int, _span_id: int) -> None:
        self.select_document(doc_id)

    def select_document(self, doc_id: int) -> None:
        """Show *doc_id* as the current row (e.g. when a pane opens it), without opening it again."""
        row = self.model.row_of(doc_id)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            if index.isValid():
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    # -- samples and assignments ---------------------------------------------------------------
    def open_sample_dialog(self) -> SampleDialog:
        """Sample…: a non-blocking dialog; OK draws the sample (one undoable step)."""
        dialog = SampleDialog(self.session.project, self)
        dialog.accepted.connect(lambda: self._apply(dialog.operation()))
        self._show_dialog(dialog)
        return dialog

    def open_assign_dialog(self) -> AssignDialog:
        """Assign…: a non-blocking dialog; OK assigns the set (one undoable step)."""
        dialog = AssignDialog(self.session.project, document_sets(self.session.project), self)
        dialog.accepted.connect(lambda: self._assign(dialog.choice()))
        self._show_dialog(dialog)
        return dialog

    def _show_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()

    def _apply(self, op) -> bool:
        return op is not None and self.session.push(op)

    def _assign(self, choice: tuple[str, list[str], bool] | None) -> bool:
        if choice is None:
            return False
        set_name, coders, split = choice
        return self._apply(AssignSet(set_name, coders, split))
