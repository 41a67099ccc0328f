"""The codebook as a tree: name (with colour swatch), shortcut, and the current
coder's span count per code.

Edits made through the model (inline rename, drag-and-drop re-parent and
reorder) become undoable operations pushed on the session; the model itself
only ever re-reads the store when ``session.changed`` says codes or spans moved.
"""

from __future__ import annotations


from PySide6.QtCore import QAbstractItemModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.core.codebook import Code
from annotator.store import Change
from annotator.ui import plain
from annotator.ui.models.pending import PendingDocuments
from annotator.ui.models.swatch import category_icon, swatch_icon

MIME_TYPE = "application/x-annotator-code-ids"
CodeIdRole = Qt.ItemDataRole.UserRole + 1
#: True on every cell of a category's row (a code that groups codes and is never applied).
CategoryRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex

# data() runs for every role of every cell when the tree sizes its columns (about a thousand
# calls as the window opens): plain ints compare faster than the enum members
_DISPLAY, _EDIT, _DECORATION, _TOOLTIP, _FOREGROUND, _ALIGNMENT, _FONT = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.FontRole))
_CODE_ID = int(CodeIdRole)
_CATEGORY = int(CategoryRole)


def _category_font() -> QFont:
    font = QFont()
    font.setBold(True)
    font.setItalic(True)
    return font
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def category_refusal(name: str) -> str:
    """What the status bar says when a category is clicked, entered or keyed."""
    return f"'{name}' is a category: it groups codes and cannot be applied to text. Apply one of its codes."


def code_tooltip(code: Code) -> str:
    """Rich-text tooltip: name, shortcut and definition (escaped, so it wraps)."""
    head = f"<b>{plain.escape(code.name)}</b>"
    if not code.codable:
        head += "<br><i>Category</i>: groups codes and cannot be applied to text; apply one of its codes."
    elif code.shortcut:
        head += f" &nbsp;<span style='color:#666'>key {plain.escape(code.shortcut)}</span>"
    body = (f"<span style='white-space:pre-wrap'>{plain.escape(code.description)}</span>" if code.description
            else "<i>No definition yet.</i>")
    return f"<qt>{head}<br>{body}</qt>"


class CodebookModel(QAbstractItemModel):
    NAME, SHORTCUT, COUNT = range(3)
    HEADERS = ("Code", "Key", "Spans")

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._codes: dict[int, Code] = {}
        self._children: dict[int | None, list[int]] = {}
        self._counts: dict[int, int] = {}
        self._recount = PendingDocuments(self._reload_counts, self)
        self._load()
        session.changed.connect(self._on_changed)
        session.coder_changed.connect(self._coder_changed)  # a bound method: dropped when the model goes

    def _coder_changed(self, _coder_id: int) -> None:
        self._recount.clear()
        self._reload_counts()

    # -- loading ----------------------------------------------------------------
    def _load(self) -> None:
        codes = self.session.project.codes()
        self._codes = {c.id: c for c in codes}
        self._children = {None: []}
        for c in codes:  # tree order, siblings by position
            self._children.setdefault(c.parent_id, []).append(c.id)
            self._children.setdefault(c.id, [])
        self._load_counts()

    def _load_counts(self) -> None:
        tally = self.session.project.span_counts_by_document_and_code(self.session.coder.id)
        self._by_doc: dict[int, dict[int, int]] = {}
        for (doc_id, code_id), n in tally.items():
            self._by_doc.setdefault(doc_id, {})[code_id] = n
        self._counts = {}
        for per_code in self._by_doc.values():
            for code_id, n in per_code.items():
                self._counts[code_id] = self._counts.get(code_id, 0) + n

    def reload(self) -> None:
        self._recount.clear()
        self.beginResetModel()
        self._load()
        self.endResetModel()

    def _reload_counts(self, document_ids: tuple[int, ...] = ()) -> None:
        """Recount the documents a change names (all when none are named); signal the codes whose count moved."""
        old = dict(self._counts)
        if document_ids:
            tally = self.session.project.span_counts_by_document_and_code(self.session.coder.id, document_ids)
            for doc_id in document_ids:
                for code_id, n in self._by_doc.pop(doc_id, {}).items():
                    self._counts[code_id] -= n
            for (doc_id, code_id), n in tally.items():
                self._by_doc.setdefault(doc_id, {})[code_id] = n
                self._counts[code_id] = self._counts.get(code_id, 0) + n
        else:
            self._load_counts()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, self.COUNT, self.COUNT)  # whose spans
        for cid in set(old) | set(self._counts):
            if old.get(cid, 0) != self._counts.get(cid, 0) and cid in self._codes:
                idx = self.index_of(cid, self.COUNT)
                self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DisplayRole])

    def _on_changed(self, change: Change) -> None:
        if change.kind == "codes":
            self.reload()
        elif change.kind == "spans":
            self._recount.add(change.document_ids)

    def flush(self) -> None:
        """Apply pending recounts now (they otherwise follow a burst of changes after a moment)."""
        self._recount.flush()

    # -- lookups ----------------------------------------------------------------
    def code(self, index: _Index) -> Code | None:
        return self._codes.get(index.internalId()) if index.isValid() else None

    def code_by_id(self, code_id: int) -> Code | None:
        return self._codes.get(code_id)

    def count(self, code_id: int) -> int:
        return self._counts.get(code_id, 0)

    def siblings(self, parent_id: int | None) -> list[int]:
        return list(self._children.get(parent_id, []))

    def index_of(self, code_id: int, column: int = 0) -> QModelIndex:
        code = self._codes.get(code_id)
        if code is None:
            return QModelIndex()
        row = self._children[code.parent_id].index(code_id)
        return self.createIndex(row, column, code_id)

    def is_descendant(self, code_id: int, ancestor_id: int) -> bool:
        """True if *code_id* is *ancestor_id* or lies below it."""
        cur: int | None = code_id
        while cur is not None:
            if cur == ancestor_id:
                return True
            cur = self._codes[cur].parent_id
        return False

    # -- QAbstractItemModel -----------------------------------------------------
    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        pid = parent.internalId() if parent.isValid() else None
        kids = self._children.get(pid, [])
        if not (0 <= row < len(kids) and 0 <= column < len(self.HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        code = self._codes.get(index.internalId())
        if code is None or code.parent_id is None:
            return QModelIndex()
        return self.index_of(code.parent_id)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        pid = parent.internalId() if parent.isValid() else None
        return len(self._children.get(pid, []))

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return plain.tooltip(("Click a code to apply it to the selected text", "The key that applies the code",
                                  f"Spans by {self.session.coder.name}")[section])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole and section:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = _DISPLAY):
        code = self.code(index)
        if code is None:
            return None
        col = index.column()
        if role == _DISPLAY or role == _EDIT:
            if col == self.NAME:
                return code.name
            if not code.codable:
                return ""  # no key applies it and it holds no spans: blank, not a misleading 0
            if col == self.SHORTCUT:
                return code.shortcut
            return self._counts.get(code.id, 0)
        if role == _CATEGORY:
            return not code.codable
        if role == _DECORATION and col == self.NAME:
            return swatch_icon(code.color) if code.codable else category_icon(code.color)
        if role == _FONT and col == self.NAME and not code.codable:
            return _category_font()
        if role == _TOOLTIP:
            return code_tooltip(code)
        if role == _FOREGROUND and col == self.COUNT and not self._counts.get(code.id):
            return QColor("#999999")  # zero: quiet, so the codes in use stand out
        if role == _ALIGNMENT and col != self.NAME:
            return _RIGHT
        if role == _CODE_ID:
            return code.id
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        f = (Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
             | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
        if index.column() == self.NAME:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def setData(self, index: _Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        from annotator.store.operations import UpdateCode

        code = self.code(index)
        if code is None or role != Qt.ItemDataRole.EditRole or index.column() != self.NAME:
            return False
        name = str(value).strip()
        if name == code.name:
            return False
        return self.session.push(UpdateCode(code.id, {"name": name}, label=f"Rename code {code.name!r}"))

    # -- drag and drop: re-parent and reorder -----------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes) -> QMimeData:
        ids = []
        for idx in indexes:
            cid = idx.internalId()
            if idx.isValid() and cid not in ids:
                ids.append(cid)
        data = QMimeData()
        data.setData(MIME_TYPE, QByteArray(",".join(map(str, ids)).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action, row: int, column: int, parent: _Index) -> bool:
        if not data.hasFormat(MIME_TYPE):
            return False
        target = parent.internalId() if parent.isValid() else None
        ids = _ids(data)
        return bool(ids) and all(cid in self._codes for cid in ids) and (
            target is None or not any(self.is_descendant(target, cid) for cid in ids))

    def dropMimeData(self, data: QMimeData, action, row: int, column: int, parent: _Index) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        target = parent.internalId() if parent.isValid() else None
        ids = _ids(data)
        if len(ids) != 1:
            return False  # one code at a time keeps names and positions simple
        self.move_code(ids[0], target, row)
        # The store change already reset the model; tell the view not to remove the source row.
        return False

    def move_code(self, code_id: int, parent_id: int | None, row: int = -1) -> bool:
        """Move a code under *parent_id* (None = top level) before *row* (Qt drop
        semantics: a row of the list before the move; -1 = at the end). One undo step."""
        code = self._codes[code_id]
        if parent_id is not None and self.is_descendant(parent_id, code_id):
            self.session.error.emit(f"Code '{code.name}' cannot be moved under itself or its own child.")
            return False
        siblings = self._children.get(parent_id, [])
        if code.parent_id != parent_id and any(self._codes[s].name == code.name for s in siblings):
            self.session.error.emit(f"There is already a code '{code.name}' there; rename one of them first.")
            return False
        if row < 0 or row > len(siblings):
            row = len(siblings)
        if code_id in siblings and siblings.index(code_id) < row:
            row -= 1
        order = [s for s in siblings if s != code_id]
        order.insert(row, code_id)
        changes: list[tuple[int, dict]] = []
        reparent = code.parent_id != parent_id
        if reparent:  # first, so a refusal leaves nothing half-done
            changes.append((code_id, {"parent_id": parent_id, "position": row}))
        for pos, sid in enumerate(order):
            if self._codes[sid].position != pos and not (sid == code_id and reparent):
                changes.append((sid, {"position": pos}))
        if not changes:
            return False
        from annotator.store.codebook_edits import UpdateCodes  # on use: a shorter start (issue 17)

        return self.session.push(UpdateCodes(changes, label=f"Move code '{code.name}'"))


def _ids(data: QMimeData) -> list[int]:
    raw = bytes(data.data(MIME_TYPE).data()).decode()
    return [int(x) for x in raw.split(",") if x.strip().isdigit()]
