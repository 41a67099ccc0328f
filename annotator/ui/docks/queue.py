"""The coder's queue, shown in the documents dock: "assigned to me" with progress
(12/50 done), previous/next within the queue, and a notice when the coder opens an
article that is not assigned to them. Hidden while the coder has no assignment."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from annotator.core.model import DocStatus
from annotator.store import Change
from annotator.store.sets import QueueItem, queue
from annotator.ui import plain


class QueueBar(QWidget):
    #: the documents the list should show (the queue), or None for all
    only_changed = Signal(object)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.items: list[QueueItem] = []
        self.current: int | None = None  # the article last opened
        self.only = QCheckBox("Assigned to me")
        self.only.setObjectName("queueOnly")
        self.only.setToolTip("List only the articles assigned to you (annotator assign, or Assign…)")
        self.progress = plain.label()
        self.progress.setObjectName("queueProgress")
        self.previous = QPushButton("◀")
        self.next = QPushButton("▶")
        for button, tip in ((self.previous, "Previous article in your queue"),
                            (self.next, "Next article in your queue")):
            button.setToolTip(plain.tooltip(tip))
            button.setFixedWidth(self.fontMetrics().horizontalAdvance("◀") + 24)
        self.notice = plain.label()
        self.notice.setObjectName("queueNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #8a5a00;")
        self.notice.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.only)
        row.addWidget(self.progress, 1)
        row.addWidget(self.previous)
        row.addWidget(self.next)
        self.row = QWidget()
        self.row.setLayout(row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.row)
        layout.addWidget(self.notice)

        self.only.toggled.connect(lambda _on: self._emit_only())
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next.clicked.connect(lambda: self.step(+1))
        session.changed.connect(self._on_changed)
        session.coder_changed.connect(self._coder_changed)  # bound methods: Qt drops them when this object goes
        session.document_requested.connect(self._document_requested)
        self.reload()

    # -- state -------------------------------------------------------------------------------
    def ids(self) -> list[int]:
        return [i.document_id for i in self.items]

    def done(self) -> int:
        return sum(1 for i in self.items if i.status is DocStatus.DONE)

    def reload(self) -> None:
        self.items = queue(self.session.project, self.session.coder.id)
        has = bool(self.items)
        self.row.setVisible(has)
        if not has:
            self.only.setChecked(False)
            self.notice.hide()
        self.progress.setText(f"{self.done()}/{len(self.items)} done" if has else "")
        self.progress.setToolTip(plain.tooltip(", ".join(dict.fromkeys(i.set_name for i in self.items))))
        self._emit_only()

    def _emit_only(self) -> None:
        self.only_changed.emit(set(self.ids()) if self.only.isChecked() and self.items else None)

    def _on_changed(self, change: Change) -> None:
        if change.kind in ("sets", "status", "coders", "documents"):
            self.reload()

    # -- moving ------------------------------------------------------------------------------
    def step(self, direction: int) -> int | None:
        """Open the next (+1) or previous (-1) article of the queue; None at either end."""
        ids = self.ids()
        if not ids:
            return None
        if self.current in ids:
            k = ids.index(self.current) + direction
        else:  # not in the queue: start at the first article not done yet
            k = next((n for n, i in enumerate(self.items) if i.status is not DocStatus.DONE), 0)
        if not 0 <= k < len(ids):
            self._say("That was the " + ("last" if direction > 0 else "first") + " article of your queue.")
            return None
        self.session.open_document(ids[k])
        return ids[k]

    def _coder_changed(self, _coder_id: int) -> None:
        self.reload()

    def _document_requested(self, doc_id: int, _span_id: int) -> None:
        self._opened(doc_id)

    def _opened(self, doc_id: int) -> None:
        self.current = doc_id
        if self.items and doc_id not in self.ids():
            title = self.session.project.document(doc_id).title or f"document {doc_id}"
            text = (f"“{title}” is not assigned to you ({self.session.coder.name}); "
                    f"your queue has {len(self.items)} articles.")
            self._say(text)
            self.session.error.emit(text)  # the status bar too: the dock may be behind a tab
        else:
            self._say("")

    def _say(self, text: str) -> None:
        plain.set_label(self.notice, text)
        self.notice.setVisible(bool(text))


def stepping_order(project, coder_id: int) -> tuple[list[int], bool]:
    """The articles Alt+PgDown / Alt+PgUp (next / previous article not marked done) step
    through: the coder's queue, in its order, when they have assigned articles; else every
    article. Second: whether it is the queue."""
    assigned = [i.document_id for i in queue(project, coder_id)]
    if assigned:
        return assigned, True
    return [d.id for d in project.documents()], False
