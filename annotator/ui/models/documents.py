"""The document list: title, outlet, date, the current coder's status and span count."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.model import DocStatus, DocumentSummary
from annotator.store import Change
from annotator.store.exclusion import excluded_ids
from annotator.ui import plain
from annotator.ui.models.pending import PendingDocuments
from annotator.ui.models.table import HeaderedTableModel

DocIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex

STATUS_TEXT = {
    DocStatus.NOT_STARTED: "not started",
    DocStatus.IN_PROGRESS: "in progress",
    DocStatus.DONE: "done",
}
_STATUS_ORDER = {DocStatus.NOT_STARTED: 0, DocStatus.IN_PROGRESS: 1, DocStatus.DONE: 2}
_QUIET = QColor("#999999")
_STATUS_COLOUR = {DocStatus.IN_PROGRESS: QColor("#8a5a00"), DocStatus.DONE: QColor("#1f7a3a")}


class DocumentsModel(HeaderedTableModel):
    TITLE, OUTLET, DATE, STATUS, SPANS = range(5)
    HEADERS = ("Title", "Outlet", "Date", "Status", "Spans")

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._docs: list[DocumentSummary] = []
        self._row_of: dict[int, int] = {}
        self._status: dict[int, DocStatus] = {}
        self._counts: dict[int, int] = {}
        self._excluded: set[int] = set()  # extra copies left out of coding and statistics
        self._pending = PendingDocuments(self._recount, self)
        self._load()
        session.changed.connect(self._on_changed)
        session.coder_changed.connect(self._coder_changed)  # a bound method: dropped when the model goes

    def _coder_changed(self, _coder_id: int) -> None:
        self._pending.clear()
        self._reload_coder_columns()

    def _load(self) -> None:
        project = self.session.project
        self._docs = project.documents()
        self._row_of = {d.id: i for i, d in enumerate(self._docs)}
        self._excluded = excluded_ids(project)
        self._status = project.statuses(self.session.coder.id)
        self._counts = project.span_counts_by_document(self.session.coder.id)

    def reload(self) -> None:
        self._pending.clear()
        self.beginResetModel()
        self._load()
        self.endResetModel()

    def _reload_coder_columns(self) -> None:
        """Status and span count: two indexed queries, then one dataChanged for both columns."""
        project = self.session.project
        self._status = project.statuses(self.session.coder.id)
        self._counts = project.span_counts_by_document(self.session.coder.id)
        if self._docs:
            self.dataChanged.emit(self.index(0, self.STATUS), self.index(len(self._docs) - 1, self.SPANS))

    def _on_changed(self, change: Change) -> None:
        if change.kind == "documents":
            self.reload()
        elif change.kind == "status":
            self._recount(change.document_ids)  # one row, at once: the user just asked for it
        elif change.kind == "spans":
            self._pending.add(change.document_ids)

    def flush(self) -> None:
        """Apply pending recounts now (they otherwise follow a burst of changes after a moment)."""
        self._pending.flush()

    def _recount(self, doc_ids: tuple[int, ...]) -> None:
        """Status and span count of the documents a change names (all if none): indexed look-ups."""
        if not doc_ids:
            self._reload_coder_columns()
            return
        project, coder = self.session.project, self.session.coder.id
        counts = project.span_counts_by_document(coder, doc_ids)
        for doc_id in doc_ids:
            self._counts[doc_id] = counts.get(doc_id, 0)
            self._status[doc_id] = project.status(doc_id, coder)
            row = self._row_of.get(doc_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, self.STATUS), self.index(row, self.SPANS))

    # -- lookups ----------------------------------------------------------------
    def document(self, row: int) -> DocumentSummary:
        return self._docs[row]

    def row_of(self, doc_id: int) -> int:
        return self._row_of.get(doc_id, -1)

    def is_excluded(self, doc_id: int) -> bool:
        return doc_id in self._excluded

    def status(self, doc_id: int) -> DocStatus:
        return self._status.get(doc_id, DocStatus.NOT_STARTED)

    # -- Qt model ----------------------------------------------------------------
    def _row_count(self) -> int:
        return len(self._docs)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._docs):
            return None
        doc = self._docs[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.TITLE:
                return doc.title or doc.filename or f"document {doc.id}"
            if col == self.OUTLET:
                return doc.source
            if col == self.DATE:
                return doc.published
            if col == self.STATUS:
                return STATUS_TEXT[self.status(doc.id)]
            return self._counts.get(doc.id, 0)
        if role == SortRole:
            if col == self.STATUS:
                return _STATUS_ORDER[self.status(doc.id)]
            if col == self.SPANS:
                return self._counts.get(doc.id, 0)
            return str(self.data(index)).casefold()
        if role == Qt.ItemDataRole.ForegroundRole and doc.id in self._excluded:
            return _QUIET  # greyed: an extra copy, left out of coding and statistics
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS:
            return _STATUS_COLOUR.get(self.status(doc.id))
        if role == Qt.ItemDataRole.ForegroundRole and col == self.SPANS and not self._counts.get(doc.id):
            return _QUIET
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.SPANS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.TITLE, self.OUTLET):
            chars = f"{doc.char_count:,} characters"
            left_out = "\nexcluded from coding and statistics" if doc.id in self._excluded else ""
            return plain.tooltip(f"{doc.title}\n{doc.source} · {doc.published}\n{doc.filename} · {chars}{left_out}")
        if role == DocIdRole:
            return doc.id
        return None
