"""The concordance of a corpus search: left context, hit, right context, article, outlet.

Sorting happens here in one Python pass. The left context sorts by its words read
backwards from the hit, the right context by its words read forwards (what a
concordancer does: hits with the same word before or after them line up); every
sort falls back to article and position, so equal keys keep text order.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.core.search import Hit
from annotator.store.search import SearchResult
from annotator.ui import plain
from annotator.ui.models.table import HeaderedTableModel

HitRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex
HIT_BACKGROUND = QColor("#fff0a8")


def _words(text: str) -> list[str]:
    return text.casefold().replace("⏎", " ").split()


class SearchModel(HeaderedTableModel):
    LEFT, HIT, RIGHT, ARTICLE, OUTLET = range(5)
    HEADERS = ("Left context", "Hit", "Right context", "Article", "Outlet")

    _KEYS: dict[int, Callable[[Hit], object]] = {
        LEFT: lambda h: _words(h.left)[::-1],
        HIT: lambda h: h.hit.casefold(),
        RIGHT: lambda h: _words(h.right),
        ARTICLE: lambda h: h.title.casefold(),
        OUTLET: lambda h: h.outlet.casefold(),
    }

    def __init__(self, parent=None):
        super().__init__(parent)
        self.result: SearchResult | None = None
        self._found: list[Hit] = []  # as the search returned them: article and text order
        self._rows: list[Hit] = []  # as shown
        self._bold = QFont()
        self._bold.setBold(True)

    # -- contents -------------------------------------------------------------------
    def set_result(self, result: SearchResult | None) -> None:
        self.beginResetModel()
        self.result = result
        self._found = list(result.hits) if result else []
        self._rows = list(self._found)
        self.endResetModel()

    def hit(self, row: int) -> Hit:
        return self._rows[row]

    def hits(self) -> list[Hit]:
        """Every hit, in the order shown."""
        return list(self._rows)

    # -- Qt -------------------------------------------------------------------------
    def _row_count(self) -> int:
        return len(self._rows)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == self.LEFT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.ToolTipRole and section in (self.LEFT, self.RIGHT):
                return ("Sort by the words before the hit, nearest first" if section == self.LEFT
                        else "Sort by the words after the hit")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        h = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (h.left, h.hit, h.right, h.title, h.outlet)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if col == self.LEFT else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and col == self.HIT:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and col == self.HIT:
            return HIT_BACKGROUND
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (self.ARTICLE, self.OUTLET):
                return plain.tooltip(f"{h.title}\n{h.outlet}" if h.outlet else h.title)
            return plain.tooltip(f"{h.left}[{h.hit}]{h.right}")
        if role == HitRole:
            return h
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by *column* (-1: back to article and text order)."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        kept = [(self._rows[i.row()], i.column()) for i in before]
        position = {id(h): i for i, h in enumerate(self._found)}
        if column in self._KEYS:
            key = self._KEYS[column]
            self._rows = sorted(self._found, key=lambda h: (key(h), position[id(h)]),
                                reverse=order == Qt.SortOrder.DescendingOrder)
        else:
            self._rows = list(self._found)
        row_of = {id(h): r for r, h in enumerate(self._rows)}
        self.changePersistentIndexList(before, [self.index(row_of[id(h)], c) for h, c in kept])
        self.layoutChanged.emit()
