"""The span list: code (with colour), coder, document, text excerpt, memo.

Holds the spans visible to the session (the current coder's, or everyone's when
other coders are shown). A store change naming a few span ids is applied row by
row; a bulk change (no ids, or many) re-reads with one indexed query. Nothing is
queried while painting.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.core.codebook import Code
from annotator.core.model import Span
from annotator.store import Change
from annotator.store.errors import NotFound
from annotator.ui.models.swatch import swatch_icon

SpanIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
EXCERPT = 160  # characters of span text shown in the list
INCREMENTAL_LIMIT = 200  # more changed ids than this: one full re-read is cheaper


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class SpansModel(QAbstractTableModel):
    CODE, CODER, DOCUMENT, TEXT, MEMO = range(5)
    HEADERS = ("Code", "Coder", "Document", "Text", "Memo")

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._spans: list[Span] = []
        self._row_of: dict[int, int] = {}
        self._codes: dict[int, Code] = {}
        self._paths: dict[int, str] = {}
        self._coders: dict[int, str] = {}
        self._titles: dict[int, str] = {}
        self._coder_filter: int | None = None
        self._load()
        session.changed.connect(self._on_changed)
        session.coder_changed.connect(lambda _id: self.reload())
        session.show_other_coders_changed.connect(lambda _on: self.reload())

    # -- loading ----------------------------------------------------------------
    def _load_lookups(self) -> None:
        project = self.session.project
        self._codes = {c.id: c for c in project.codes()}
        self._paths = project.code_paths()
        self._coders = {c.id: c.name for c in project.coders()}
        self._titles = {d.id: d.title or d.filename or f"document {d.id}" for d in project.documents()}

    def _load(self) -> None:
        self._load_lookups()
        self._coder_filter = self.session.visible_coder_id()
        if self._coder_filter is None:
            self._spans = self.session.project.spans_where()
        else:
            self._spans = self.session.project.spans_where("coder_id = ?", (self._coder_filter,))
        self._reindex()

    def _reindex(self) -> None:
        self._row_of = {s.id: i for i, s in enumerate(self._spans)}

    def reload(self) -> None:
        self.beginResetModel()
        self._load()
        self.endResetModel()

    def _visible(self, span: Span) -> bool:
        return self._coder_filter is None or span.coder_id == self._coder_filter

    def _on_changed(self, change: Change) -> None:
        if change.kind == "spans":
            if not change.ids or len(change.ids) > INCREMENTAL_LIMIT:
                self.reload()
            else:
                for span_id in change.ids:
                    self._refresh_span(span_id)
        elif change.kind in ("codes", "coders", "documents"):
            self._load_lookups()
            if self._spans:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._spans) - 1, len(self.HEADERS) - 1))

    def _refresh_span(self, span_id: int) -> None:
        try:
            span: Span | None = self.session.project.span(span_id)
        except NotFound:
            span = None
        if span is not None and span.code_id not in self._codes:
            self._load_lookups()  # a code restored by undo comes back before its spans
        row = self._row_of.get(span_id)
        if row is not None:
            if span is None or not self._visible(span):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._spans[row]
                self._reindex()
                self.endRemoveRows()
            else:
                self._spans[row] = span
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
        elif span is not None and self._visible(span):
            row = self._insertion_row(span)
            self.beginInsertRows(QModelIndex(), row, row)
            self._spans.insert(row, span)
            self._reindex()
            self.endInsertRows()

    def _insertion_row(self, span: Span) -> int:
        """Keep the store's order (document, start, end, id) so the unsorted list reads like the text."""
        key = (span.document_id, span.start, span.end, span.id)
        lo, hi = 0, len(self._spans)
        while lo < hi:
            mid = (lo + hi) // 2
            s = self._spans[mid]
            if (s.document_id, s.start, s.end, s.id) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    # -- lookups ----------------------------------------------------------------
    def span_at(self, row: int) -> Span:
        return self._spans[row]

    def row_of(self, span_id: int) -> int:
        return self._row_of.get(span_id, -1)

    def code_path(self, code_id: int) -> str:
        return self._paths.get(code_id, "?")

    # -- QAbstractTableModel ----------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._spans):
            return None
        span = self._spans[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.CODE:
                return self._paths.get(span.code_id, "?")
            if col == self.CODER:
                return self._coders.get(span.coder_id, "?")
            if col == self.DOCUMENT:
                return self._titles.get(span.document_id, "?")
            if col == self.TEXT:
                return excerpt(span.text)
            return excerpt(span.memo, 80)
        if role == SortRole:
            if col == self.DOCUMENT:
                return span.document_id * 2**32 + span.start  # text order within each document
            return str(self.data(index)).casefold()
        if role == Qt.ItemDataRole.DecorationRole and col == self.CODE:
            code = self._codes.get(span.code_id)
            return swatch_icon(code.color) if code else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.TEXT:
                return span.text
            if col == self.MEMO and span.memo:
                return span.memo
            if col == self.DOCUMENT:
                return f"{self._titles.get(span.document_id, '?')} · characters {span.start}–{span.end}"
        if role == SpanIdRole:
            return span.id
        return None
