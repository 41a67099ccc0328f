"""The span list: code (with colour), coder, document, text excerpt, memo.

Holds the spans visible to the session (the current coder's, or everyone's when
other coders are shown) as light :class:`SpanListing` rows. Sorting and
filtering happen here, in one Python pass, rather than in a
``QSortFilterProxyModel``: the proxy calls back into Python for every
comparison and every row, which took two minutes for 200,000 spans.

A store change naming span ids is applied row by row in O(log n): rows are kept
in sort order with a unique key, so a span's row is found by bisection, never
by a scan or a rebuilt index. Nothing is queried while painting.

Loading is lazy (issue 17): unfiltered and in text order, the list starts with one
page of spans (:data:`PAGE`) and grows a page at a time, when the view scrolls to
its end (``fetchMore``) and on idle turns of the event loop once a view has shown
it, until every span is held; a window over 200,000 spans opens without reading them all. The rows held
are then always the first ones in text order, so a span past the last one held is
left to a later page. Sorting, filtering and finding a span not yet held read the
rest at once.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QFont

from annotator.core.codebook import Code
from annotator.core.text import excerpt
from annotator.store import Change
from annotator.store.errors import NotFound
from annotator.store.spans import SpanListing
from annotator.ui import plain
from annotator.ui.models.swatch import swatch_icon
from annotator.ui.models.table import HeaderedTableModel

SpanIdRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex
EXCERPT = 160  # characters of span text shown in the list
INCREMENTAL_LIMIT = 500  # more changed ids than this: one full re-read is cheaper
PAGE = 5_000  # spans read when the list opens, and per fetchMore
IDLE_PAGE = 5_000  # spans read per idle turn of the event loop until all are held (~20 ms: a key press waits no longer)
IDLE_START_MS = 300  # the first idle page waits this long after the view first asks for rows
_OTHER_COLOUR = QColor("#555555")


@lru_cache(maxsize=1)
def _other_font() -> QFont:
    """Italic, for other coders' spans (made on first use: a QFont wants the application to exist)."""
    font = QFont()
    font.setItalic(True)
    return font


class _Reversed:
    """Inverts the order of a key, for bisecting a list sorted descending."""

    __slots__ = ("key",)

    def __init__(self, key: tuple):
        self.key = key

    def __lt__(self, other: "_Reversed") -> bool:
        return other.key < self.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and other.key == self.key


class SpansModel(HeaderedTableModel):
    CODE, CODER, DOCUMENT, TEXT, MEMO = range(5)
    HEADERS = ("Code", "Coder", "Document", "Text", "Memo")

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._pool: dict[int, SpanListing] = {}  # every visible span, by id
        self._rows: list[SpanListing] = []  # those matching the filter, in sort order
        self._codes: dict[int, Code] = {}
        self._paths: dict[int, str] = {}
        self._coders: dict[int, str] = {}
        self._titles: dict[int, str] = {}
        self._folded: dict[str, dict[int, str]] = {}
        self._hay: dict[int, str] = {}
        self._terms: list[str] = []
        self._sort_column = -1
        self._descending = False
        self._coder_filter: int | None = None
        self._pool_in_text_order = False
        self._complete = True  # every visible span is in the pool
        self._last_key: tuple[int, int, int, int] | None = None  # text-order key of the last span read
        self._generation = 0  # bumped by every (re)load: a pending idle page of an older load is dropped
        self._idle_pending = False  # the idle reading waits for the first data() call
        self._load()
        session.changed.connect(self._on_changed)
        session.coder_changed.connect(self._visibility_changed)  # bound methods: Qt drops them when this object goes
        session.show_other_coders_changed.connect(self._visibility_changed)

    def _visibility_changed(self, _value: object) -> None:
        self.reload()

    # -- loading ----------------------------------------------------------------
    def _load_lookups(self) -> None:
        project = self.session.project
        self._codes = {c.id: c for c in project.codes()}
        self._paths = project.code_paths()
        self._coders = {c.id: c.name for c in project.coders()}
        self._titles = {d.id: d.title or d.filename or f"document {d.id}" for d in project.documents()}
        self._folded = {
            "code": {k: v.casefold() for k, v in self._paths.items()},
            "coder": {k: v.casefold() for k, v in self._coders.items()},
            "title": {k: v.casefold() for k, v in self._titles.items()},
        }
        self._hay = {}

    def _load(self) -> None:
        self._load_lookups()
        self._coder_filter = self.session.visible_coder_id()
        self._generation += 1
        self._pool, self._last_key, self._complete, self._idle_pending = {}, None, False, False
        self._pool_in_text_order = True  # as listed: no need to sort 200,000 rows again in Python
        if self._terms or self._sort_column >= 0 or self._descending:
            self._read(None)
        else:
            self._read(PAGE)
            self._idle_pending = not self._complete  # started when a view first asks for data
        self._rebuild_rows()

    def _start_idle(self) -> None:
        """Read the rest on idle turns, starting a little after the view first shows rows (its
        first paint): a timer started with the model could fire before the window is painted."""
        self._idle_pending = False
        generation = self._generation
        QTimer.singleShot(IDLE_START_MS, self, lambda: self._idle_page(generation))

    def _read(self, limit: int | None) -> list[SpanListing]:
        """Add the next *limit* spans in text order (all the rest with None) to the pool."""
        page = self.session.project.span_listing_page(self._coder_filter, self._last_key, limit)
        self._pool.update((r.id, r) for r in page)
        if page:
            last = page[-1]
            self._last_key = (last.document_id, last.start, last.end, last.id)
        self._complete = limit is None or len(page) < limit
        return page

    def _append(self, limit: int | None) -> None:
        """Read the next page and show it (the rows held are unfiltered, in text order)."""
        page = self._read(limit)
        if page:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def _idle_page(self, generation: int) -> None:
        if generation != self._generation or self._complete:
            return
        self._append(IDLE_PAGE)
        if not self._complete:
            QTimer.singleShot(0, self, lambda: self._idle_page(generation))

    def _read_all(self) -> None:
        """Hold every span (before a sort or a filter, or to find one)."""
        if not self._complete:
            self._append(None)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802 (Qt)
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802 (Qt)
        if not parent.isValid() and not self._complete:
            self._append(PAGE)

    def _held(self, r: SpanListing) -> bool:
        """Whether *r* falls among the spans read so far (all of them once complete)."""
        return self._complete or self._last_key is None or (r.document_id, r.start, r.end, r.id) <= self._last_key

    def _rebuild_rows(self) -> None:
        rows = [r for r in self._pool.values() if self._matches(r)] if self._terms else list(self._pool.values())
        if self._sort_column >= 0 or self._descending or not self._pool_in_text_order:
            rows.sort(key=self._key(), reverse=self._descending)
        self._rows = rows

    def reload(self) -> None:
        self.beginResetModel()
        self._load()
        self.endResetModel()

    # -- sort order and filter ----------------------------------------------------
    def _key(self) -> Callable[[SpanListing], tuple]:
        """A unique sort key for the current column (ties broken by text order, then id)."""
        col = self._sort_column
        if col == self.CODE:
            names = self._folded["code"]
            return lambda r: (names.get(r.code_id, ""), r.document_id, r.start, r.end, r.id)
        if col == self.CODER:
            names = self._folded["coder"]
            return lambda r: (names.get(r.coder_id, ""), r.document_id, r.start, r.end, r.id)
        if col == self.DOCUMENT:
            names = self._folded["title"]
            return lambda r: (names.get(r.document_id, ""), r.document_id, r.start, r.end, r.id)
        if col == self.TEXT:
            return lambda r: (r.excerpt.casefold(), r.document_id, r.start, r.end, r.id)
        if col == self.MEMO:
            return lambda r: (r.memo.casefold(), r.document_id, r.start, r.end, r.id)
        return lambda r: (r.document_id, r.start, r.end, r.id)

    def _bisect_key(self) -> Callable[[SpanListing], object]:
        key = self._key()
        return (lambda r: _Reversed(key(r))) if self._descending else key

    def _position(self, listing: SpanListing) -> int:
        key = self._bisect_key()
        return bisect_left(self._rows, key(listing), key=key)

    def _find(self, listing: SpanListing) -> int:
        """Row of *listing* (as currently held), or -1."""
        row = self._position(listing)
        return row if row < len(self._rows) and self._rows[row].id == listing.id else -1

    def _haystack(self, r: SpanListing) -> str:
        hay = self._hay.get(r.id)
        if hay is None:
            hay = "\n".join((self._folded["code"].get(r.code_id, ""), self._folded["coder"].get(r.coder_id, ""),
                             self._folded["title"].get(r.document_id, ""), r.excerpt.casefold(),
                             r.memo.casefold()))
            self._hay[r.id] = hay
        return hay

    def _matches(self, r: SpanListing) -> bool:
        if not self._terms:
            return True
        hay = self._haystack(r)
        return all(t in hay for t in self._terms)

    def set_filter(self, text: str) -> None:
        """Keep the spans whose code, coder, document title, text or memo contain every word of *text*."""
        terms = text.casefold().split()
        if terms == self._terms:
            return
        self._read_all()
        self.beginResetModel()
        self._terms = terms
        self._rebuild_rows()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by *column* (-1: text order). Persistent indexes (the selection) follow their spans."""
        text_order = not 0 <= column < len(self.HEADERS) and order == Qt.SortOrder.AscendingOrder
        if text_order and not self._complete:
            return  # the rows held so far are the first in text order already
        self._read_all()
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[i.row()].id if 0 <= i.row() < len(self._rows) else -1 for i in persistent]
        self._sort_column = column if 0 <= column < len(self.HEADERS) else -1
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._rows.sort(key=self._key(), reverse=self._descending)
        new = []
        for old_index, span_id in zip(persistent, ids):
            row = self.row_of(span_id)
            new.append(self.index(row, old_index.column()) if row >= 0 else QModelIndex())
        self.changePersistentIndexList(persistent, new)
        self.layoutChanged.emit()

    # -- changes --------------------------------------------------------------------
    def _visible(self, r: SpanListing) -> bool:
        return self._coder_filter is None or r.coder_id == self._coder_filter

    def _on_changed(self, change: Change) -> None:
        if change.kind == "spans":
            if not change.ids or len(change.ids) > INCREMENTAL_LIMIT:
                self.reload()
            else:
                for span_id in change.ids:
                    self._refresh_span(span_id)
        elif change.kind in ("codes", "coders", "documents"):
            self._load_lookups()
            if self._terms or self._sort_column in (self.CODE, self.CODER, self.DOCUMENT):
                self.beginResetModel()  # names decide order or membership
                self._rebuild_rows()
                self.endResetModel()
            elif self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.HEADERS) - 1))

    def _refresh_span(self, span_id: int) -> None:
        try:
            new: SpanListing | None = SpanListing.of(self.session.project.span(span_id))
        except NotFound:
            new = None
        if new is not None and new.code_id not in self._codes:
            self._load_lookups()  # a code restored by undo comes back before its spans
        if new is not None and not (self._visible(new) and self._held(new)):
            new = None  # not this list's, or one a later page brings
        old = self._pool.pop(span_id, None)
        old_row = self._find(old) if old is not None else -1
        self._hay.pop(span_id, None)
        if new is not None:
            self._pool_in_text_order = False  # a new span sits at the end of the pool
            self._pool[span_id] = new
        keep = new is not None and self._matches(new)
        if old_row >= 0 and not keep:
            self.beginRemoveRows(QModelIndex(), old_row, old_row)
            del self._rows[old_row]
            self.endRemoveRows()
        elif old_row < 0 and keep:
            row = self._position(new)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, new)
            self.endInsertRows()
        elif keep:
            del self._rows[old_row]
            row = self._position(new)
            if row == old_row:
                self._rows.insert(row, new)
            else:
                self._rows.insert(old_row, old)
                self.beginMoveRows(QModelIndex(), old_row, old_row, QModelIndex(), row if row < old_row else row + 1)
                del self._rows[old_row]
                self._rows.insert(row, new)
                self.endMoveRows()
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    # -- lookups ----------------------------------------------------------------
    def listing(self, row: int) -> SpanListing:
        return self._rows[row]

    def row_of(self, span_id: int) -> int:
        if span_id not in self._pool and not self._complete and span_id >= 0:
            self._read_all()
        listing = self._pool.get(span_id)
        return self._find(listing) if listing is not None and self._matches(listing) else -1

    def total(self) -> int:
        """Spans visible to the session, filtered or not."""
        return len(self._pool) if self._complete else self.session.project.span_count(self._coder_filter)

    # -- Qt model ----------------------------------------------------------------
    def _row_count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if self._idle_pending:
            self._start_idle()
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.CODE:
                return self._paths.get(r.code_id, "?")
            if col == self.CODER:
                return self._coders.get(r.coder_id, "?")
            if col == self.DOCUMENT:
                return self._titles.get(r.document_id, "?")
            if col == self.TEXT:
                return excerpt(r.excerpt, EXCERPT)
            return excerpt(r.memo, 80)
        if role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole) and r.coder_id != self.session.coder.id:
            return _other_font() if role == Qt.ItemDataRole.FontRole else _OTHER_COLOUR  # another coder's span
        if role == Qt.ItemDataRole.DecorationRole and col == self.CODE:
            code = self._codes.get(r.code_id)
            return swatch_icon(code.color) if code else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.TEXT:
                return plain.tooltip(r.excerpt)
            if col == self.MEMO and r.memo:
                return plain.tooltip(r.memo)
            if col == self.DOCUMENT:
                return plain.tooltip(f"{self._titles.get(r.document_id, '?')} · characters {r.start}–{r.end}")
        if role == SpanIdRole:
            return r.id
        return None
