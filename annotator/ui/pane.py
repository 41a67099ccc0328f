"""One article pane: a document picker, a header (title, outlet, date, status),
a find bar, and the article view."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QStyle, QStyleOptionComboBox, QStylePainter,
    QToolButton, QVBoxLayout, QWidget,
)

from annotator.core.model import DocStatus
from annotator.store import Change
from annotator.ui import plain
from annotator.ui.text_view import ArticleView

HEADER_SIDE = 16  # the header's side margins in a pane narrower than the text column
STATUS_TEXT = {DocStatus.NOT_STARTED: "not started", DocStatus.IN_PROGRESS: "in progress", DocStatus.DONE: "done ✓"}


LRM, FSI, PDI = "\u200e", "\u2068", "\u2069"


def isolate(text: str) -> str:
    """*text* as a bidi isolate: laid out in its own direction, without reordering what is
    around it (a Hebrew outlet name does not pull "102 characters" apart)."""
    return FSI + text + PDI


def header_line(parts: list[str]) -> str:
    """The pane's meta line: the parts joined by dots, left to right like the rest of the
    window, each part isolated in its own direction; each part's own spaces do not break,
    so a narrow pane wraps between "Associated Press" and "2020-11-25", not inside them."""
    return LRM + "\u00a0 ·  ".join(isolate(part.replace(" ", "\u00a0")) for part in parts)


def picker_label(title: str, source: str) -> str:
    """A picker entry: the title, then the outlet, each in its own direction."""
    return f"{isolate(title)}  —  {isolate(source)}" if source else isolate(title)


class TitlePicker(QComboBox):
    """The document picker; its current entry is elided at its logical end (an Arabic
    title loses its last words, on the left, not its first), never clipped."""

    def shown_text(self, option: QStyleOptionComboBox | None = None) -> str:
        """The current entry as painted: elided to the field's width."""
        if option is None:
            option = QStyleOptionComboBox()
            self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        return self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight, field.width())

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text(option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class FindBar(QFrame):
    """Ctrl+F: type to highlight every hit; Enter / Shift+Enter step through them."""

    def __init__(self, view: ArticleView, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = view
        self.setObjectName("findBar")
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setMinimumWidth(70)
        prev_btn, next_btn, close_btn = QToolButton(), QToolButton(), QToolButton()
        prev_btn.setText("↑")
        prev_btn.setToolTip("Previous hit (Shift+Enter)")
        next_btn.setText("↓")
        next_btn.setToolTip("Next hit (Enter)")
        close_btn.setText("✕")
        close_btn.setToolTip("Close (Esc)")
        for b in (prev_btn, next_btn, close_btn):
            b.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        layout.addWidget(prev_btn)
        layout.addWidget(next_btn)
        layout.addWidget(close_btn)
        self.edit.textChanged.connect(self._search)
        self.edit.returnPressed.connect(lambda: self.step(+1))
        prev_btn.clicked.connect(lambda: self.step(-1))
        next_btn.clicked.connect(lambda: self.step(+1))
        close_btn.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.edit.setText(selected)
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.view.set_find_text("", move=False)
        self.view.setFocus()

    def _search(self, text: str) -> None:
        self.view.set_find_text(text)
        self._show_count()

    def step(self, direction: int) -> None:
        self.view.find_step(direction)
        self._show_count()

    def _show_count(self) -> None:
        n = len(self.view.find_hits)
        if not self.edit.text():
            self.count.setText("")
        elif n == 0:
            self.count.setText("no hits")
        else:
            self.count.setText(f"{self.view.current_hit() + 1} of {n}")

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.step(-1)
        else:
            super().keyPressEvent(event)


class ArticlePane(QFrame):
    """A document picker and header above an :class:`ArticleView`."""

    activated = Signal(object)  # this pane, when the user works in it
    close_requested = Signal(object)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("articlePane")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.view = ArticleView(session, self)
        self.picker = TitlePicker()
        self.picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.picker.setMinimumContentsLength(12)  # long titles elide: a pane stays usable at 280 px
        self.picker.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.picker.setToolTip("Article shown in this pane (Ctrl+PgDown / Ctrl+PgUp: next / previous)")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        keys = QKeySequence("Ctrl+W").toString(QKeySequence.SequenceFormat.NativeText)
        self.close_button.setToolTip(plain.tooltip(f"Close this pane ({keys})"))
        self.title = QLabel()
        self.title.setObjectName("paneTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = QLabel()
        self.meta.setObjectName("paneMeta")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)  # a narrow pane wraps its header between the parts, never widens
        muted = self.meta.palette()
        muted.setColor(QPalette.ColorRole.WindowText, QColor("#5f6368"))
        self.meta.setPalette(muted)
        self.accent = QFrame()  # marks the pane the keys act on, when there are several
        self.accent.setFixedHeight(3)
        self.accent.setAutoFillBackground(True)
        accent = self.accent.palette()
        accent.setColor(QPalette.ColorRole.Window, accent.color(QPalette.ColorRole.Highlight))
        self.accent.setPalette(accent)
        self.accent.hide()
        self.find_bar = FindBar(self.view, self)

        top = QHBoxLayout()
        top.setContentsMargins(8, 6, 4, 0)
        top.setSpacing(4)
        top.addWidget(self.picker, 1)
        top.addWidget(self.close_button)
        header = QVBoxLayout()
        header.setContentsMargins(HEADER_SIDE, 8, HEADER_SIDE, 8)
        header.setSpacing(3)
        header.addWidget(self.title)
        header.addWidget(self.meta)
        self.header = QFrame()
        self.header.setObjectName("paneHeader")
        self.header.setLayout(header)
        self.header.setMinimumWidth(1)  # its margins follow the text column: they never widen the pane
        self.header.setAutoFillBackground(True)
        base = self.header.palette()
        base.setColor(QPalette.ColorRole.Window, base.color(QPalette.ColorRole.Base))
        self.header.setPalette(base)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Plain)
        rule_palette = rule.palette()
        rule_palette.setColor(QPalette.ColorRole.WindowText, QColor("#dadce0"))
        rule.setPalette(rule_palette)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.accent)
        layout.addLayout(top)
        layout.addWidget(self.header)
        layout.addWidget(rule)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)

        self._doc_ids: list[int] = []
        self._fill_picker()
        self.picker.activated.connect(self._picked)
        self.close_button.clicked.connect(lambda: self.close_requested.emit(self))
        self.view.focused.connect(lambda: self.activated.emit(self))
        self.view.column_changed.connect(self._align_header)
        session.changed.connect(self._on_changed)
        session.coder_changed.connect(self._on_coder_changed)  # a bound method: dropped when the pane goes

    def _align_header(self) -> None:
        """Over a capped text column, the title and meta line stand over the text, not at the pane's edge."""
        left = right = HEADER_SIDE
        if self.view.column_capped():
            column = self.view.viewport().geometry()
            inset = round(self.view.document().documentMargin())
            left = max(HEADER_SIDE, column.left() + inset)
            right = max(HEADER_SIDE, self.view.width() - column.right() - 1 + inset)
        self.header.layout().setContentsMargins(left, 8, right, 8)

    def set_active(self, active: bool) -> None:
        self.accent.setVisible(active)

    # -- documents --------------------------------------------------------------
    @property
    def document_id(self) -> int | None:
        return self.view.doc.id if self.view.doc else None

    def _fill_picker(self) -> None:
        docs = self.session.project.documents()
        self._doc_ids = [d.id for d in docs]
        self.picker.blockSignals(True)
        self.picker.clear()
        for d in docs:
            self.picker.addItem(picker_label(d.title or d.filename or f"document {d.id}", d.source), d.id)
        current = self.document_id
        self.picker.setCurrentIndex(self._doc_ids.index(current) if current in self._doc_ids else -1)
        self.picker.blockSignals(False)

    def _picked(self, index: int) -> None:
        if 0 <= index < len(self._doc_ids):
            self.open_document(self._doc_ids[index])
            self.activated.emit(self)

    def open_document(self, doc_id: int | None, span_id: int = -1) -> None:
        if doc_id is not None and doc_id not in self._doc_ids:
            self._fill_picker()
            if doc_id not in self._doc_ids:
                doc_id = None
        if doc_id != self.document_id:
            self.view.load_document(doc_id)
        self.picker.blockSignals(True)
        self.picker.setCurrentIndex(self._doc_ids.index(doc_id) if doc_id in self._doc_ids else -1)
        self.picker.blockSignals(False)
        self._show_header()
        if span_id >= 0:
            self.view.show_span(span_id)

    def cycle_document(self, step: int) -> None:
        if not self._doc_ids:
            return
        i = self._doc_ids.index(self.document_id) if self.document_id in self._doc_ids else -1
        self.open_document(self._doc_ids[(i + step) % len(self._doc_ids)])

    def _show_header(self) -> None:
        doc = self.view.doc
        if doc is None:
            self.title.setText("No article" if self._doc_ids else "No articles yet")
            self.meta.setText("")
            self.view.setPlaceholderText(
                "Pick an article above." if self._doc_ids else
                "Import articles with File ▸ Import Articles… (Ctrl+I): .txt, .md, .html, .json, .jsonl or "
                ".csv files, or whole folders. Then select text and press a code's key (1–4) to code it.")
            return
        self.title.setText(doc.title or doc.filename or f"document {doc.id}")
        status = self.session.project.status(doc.id, self.session.coder.id)
        parts = [p for p in (doc.source, doc.published) if p]
        parts.append(f"{doc.char_count:,} characters")
        parts.append(STATUS_TEXT[status])
        if self.view.shown_coder_id is not None:
            parts.append(f"comparing: {self.session.project.coder(self.view.shown_coder_id).name}'s spans")
        self.meta.setText(header_line(parts))

    def _on_coder_changed(self, _coder_id: int) -> None:
        self._show_header()

    def _on_changed(self, change: Change) -> None:
        if change.kind == "documents":
            self._fill_picker()
            if self.document_id is not None and self.document_id not in self._doc_ids:
                self.open_document(None)  # the article was removed: show none rather than a ghost
        elif change.kind in ("status", "spans") and self.document_id in change.document_ids:
            self._show_header()
