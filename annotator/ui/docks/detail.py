"""The selected span's details: code, coder, text, memo and attribute values.

Every edit is an undoable ``UpdateSpan`` pushed on the session: the memo when
the field loses focus or after a short pause in typing; an attribute value when
its field is left (text, number) or a choice is picked.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QDockWidget, QFormLayout, QFrame, QLabel, QLineEdit, QPlainTextEdit,
                               QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from annotator.core.codebook import AttributeField, CodebookError, validate_attributes
from annotator.core.model import Span
from annotator.store import Change
from annotator.store.errors import NotFound
from annotator.ui import looks, plain
from annotator.ui.models.swatch import swatch_icon
from annotator.ui.ownership import SWITCH_HINT

MEMO_IDLE_MS = 1200
_NUMBER = r"^-?\d*([.]\d*)?$"  # what a number field accepts while typing


def _when(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return stamp


def _caption(text: str) -> QLabel:
    label = plain.label(text)
    looks.caption(label, "#555", top_margin=6)
    return label


def _wrapping(plain: bool = True) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    if plain:
        label.setTextFormat(Qt.TextFormat.PlainText)  # article text and names are never interpreted
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DetailDock(QDockWidget):
    # Quick entry is over (Enter in the last field, or Escape): the main window puts focus back in the article.
    entry_finished = Signal()

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__("Span", parent)
        self.setObjectName("detailDock")
        self.session = session
        self.span: Span | None = None
        self._fields: dict[str, tuple[AttributeField, QWidget]] = {}
        self._built_for: tuple | None = None  # (code id, fields) the attribute form was built for
        self._loading = False
        self._memo_dirty = False
        self._watched_window: QObject | None = None

        self.stack = QStackedWidget(self)
        self.empty = QLabel("<p style='font-size:large'>No span selected</p>"
                            "<p>Select text in an article and press a code's key, "
                            "or click a highlight or a row in the span list.</p>")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        looks.set_text_color(self.empty, "#666")
        self.empty.setMargin(16)
        self.stack.addWidget(self.empty)

        page = QWidget()
        form = QVBoxLayout(page)
        form.setContentsMargins(8, 8, 8, 8)
        form.setSpacing(6)
        self.coder_label = _wrapping()
        self.document_label = _wrapping()
        self.text_label = _wrapping()
        self.text_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.text_label.setMargin(6)
        looks.base_background(self.text_label)
        self.memo = QPlainTextEdit()
        self.memo.setPlaceholderText("Memo: why this span, doubts, things to check…")
        self.memo.setTabChangesFocus(True)
        self.memo.setMaximumHeight(self.memo.fontMetrics().lineSpacing() * 6 + 12)
        self.attr_box = QWidget()
        self.attr_form = QFormLayout(self.attr_box)
        self.attr_form.setContentsMargins(0, 0, 0, 0)
        self.attr_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.attr_caption = _caption("Attributes")
        self.stamps = _wrapping()
        looks.set_text_color(self.stamps, "#666")
        self.read_only_note = _wrapping()  # another coder's span: why nothing here can be edited
        self.read_only_note.setObjectName("readOnlySpan")
        looks.set_text_color(self.read_only_note, "#8a5a00")
        self.read_only_note.hide()

        head = QWidget()
        head_layout = QFormLayout(head)
        head_layout.setContentsMargins(0, 0, 0, 0)
        head_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.code_combo = QComboBox()  # shows the code (with its colour) and recodes
        font = self.code_combo.font()
        font.setBold(True)
        self.code_combo.setFont(font)
        self.code_combo.setToolTip("Recode the span (undoable)")
        self.code_combo.activated.connect(self._recode)
        self._combo_codes: list[tuple[int, str, str]] = []
        head_layout.addRow("Code:", self.code_combo)
        head_layout.addRow("Coder:", self.coder_label)
        head_layout.addRow("Article:", self.document_label)
        form.addWidget(head)
        form.addWidget(self.read_only_note)
        form.addWidget(_caption("Text"))
        form.addWidget(self.text_label)
        form.addWidget(self.attr_caption)
        form.addWidget(self.attr_box)
        form.addWidget(_caption("Memo"))
        form.addWidget(self.memo)
        form.addWidget(self.stamps)
        form.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wrap, never scroll sideways
        scroll.setWidget(page)
        self.stack.addWidget(scroll)
        self.setWidget(self.stack)

        self._memo_timer = QTimer(self)
        self._memo_timer.setSingleShot(True)
        self._memo_timer.setInterval(MEMO_IDLE_MS)
        self._memo_timer.timeout.connect(self.commit_memo)
        self.memo.textChanged.connect(self._memo_edited)
        self.memo.installEventFilter(self)

        session.span_selected.connect(self.show_span)
        session.coder_changed.connect(self._coder_changed)  # a bound method: dropped when the dock goes
        session.changed.connect(self._on_changed)
        self.show_span(session.selected_span_id)

    # -- showing ----------------------------------------------------------------
    def _coder_changed(self, _coder_id: int) -> None:
        self.show_span(self.span.id if self.span else -1)

    def show_span(self, span_id: int) -> None:
        if self.span is not None and span_id != self.span.id:
            self.commit_memo()
        try:
            span = self.session.project.span(span_id) if span_id >= 0 else None
        except NotFound:
            span = None
        self._fill(span)

    def _fill(self, span: Span | None) -> None:
        self.span = span
        if span is None:
            self._memo_timer.stop()
            self._memo_dirty = False
            self.stack.setCurrentIndex(0)
            return
        project = self.session.project
        code = project.code(span.code_id)
        self._loading = True
        try:
            self._fill_code_combo(project.code_paths(), span.code_id)
            doc = project.find_document(span.document_id).title
            coder = project.coder(span.coder_id).name
            self.coder_label.setText(coder)
            self.document_label.setText(f"{doc}\ncharacters {span.start}–{span.end}")
            self.text_label.setText(span.text)
            if not self._memo_dirty and self.memo.toPlainText() != span.memo:
                self.memo.setPlainText(span.memo)
            key = (code.id, code.attributes)
            if key != self._built_for:
                self._build_fields(code.attributes)
                self._built_for = key
            for name, (spec, widget) in self._fields.items():
                self._set_value(spec, widget, span.attributes.get(name))
            self.attr_caption.setVisible(bool(self._fields))
            self.attr_box.setVisible(bool(self._fields))
            self.stamps.setText(f"Created {_when(span.created)}\nModified {_when(span.modified)}")
            self._set_read_only(coder if span.coder_id != self.session.coder.id else "")
        finally:
            self._loading = False
        self.stack.setCurrentIndex(1)

    def _set_read_only(self, owner: str) -> None:
        """Another coder's span (*owner* its coder's name; "" for the current coder's) is shown, not edited:
        the session refuses such edits anyway, and this says so before anyone types."""
        foreign = bool(owner)
        self.code_combo.setEnabled(not foreign)
        self.memo.setReadOnly(foreign)
        looks.window_background(self.memo, foreign)
        for widget in self._field_widgets():
            widget.setEnabled(not foreign)
        self.read_only_note.setText(f"{owner}'s span: read-only. {SWITCH_HINT}" if foreign else "")
        self.read_only_note.setVisible(foreign)

    def _fill_code_combo(self, paths: dict[int, str], code_id: int) -> None:
        codes = [(c.id, paths[c.id], c.color) for c in self.session.project.codes()]
        if codes != self._combo_codes:
            self.code_combo.clear()
            for cid, path, color in codes:
                self.code_combo.addItem(swatch_icon(color), path, cid)
            self._combo_codes = codes
        self.code_combo.setCurrentIndex(self.code_combo.findData(code_id))

    def _recode(self, index: int) -> None:
        from annotator.store.operations import UpdateSpan

        code_id = self.code_combo.itemData(index)
        if self._loading or self.span is None or code_id is None or code_id == self.span.code_id:
            return
        self.commit_memo()
        self.session.push(UpdateSpan(self.span.id, {"code_id": code_id}, label="Recode span"))

    def _build_fields(self, fields: tuple[AttributeField, ...]) -> None:
        while self.attr_form.rowCount():
            self.attr_form.removeRow(0)
        self._fields = {}
        for spec in fields:
            widget: QWidget
            if spec.type == "choice":
                combo = QComboBox()
                combo.addItem("—", None)
                for choice in spec.choices:
                    combo.addItem(choice, choice)
                combo.currentIndexChanged.connect(lambda _i, n=spec.name: self._attr_edited(n))
                widget = combo
            else:
                line = QLineEdit()
                if spec.type == "number":
                    # loaded with the first number field, not with the window (issue 17)
                    from PySide6.QtCore import QRegularExpression
                    from PySide6.QtGui import QRegularExpressionValidator

                    line.setValidator(QRegularExpressionValidator(QRegularExpression(_NUMBER), line))
                    line.setPlaceholderText("a number")
                line.editingFinished.connect(lambda n=spec.name: self._attr_edited(n))
                line.returnPressed.connect(lambda w=line: self._next_field(w))
                widget = line
            widget.installEventFilter(self)
            widget.setObjectName(f"attr:{spec.name}")
            if spec.description:
                widget.setToolTip(plain.tooltip(spec.description))
            self.attr_form.addRow(plain.label(f"{spec.name}:"), widget)
            self._fields[spec.name] = (spec, widget)

    def _set_value(self, spec: AttributeField, widget: QWidget, value: Any) -> None:
        if isinstance(widget, QComboBox):
            i = widget.findData(value) if value is not None else 0
            widget.setCurrentIndex(max(i, 0))
        elif isinstance(widget, QLineEdit):
            if widget.hasFocus() and widget.isModified():
                return  # the user is typing here; their text is committed when they leave the field
            text = "" if value is None else str(value)
            if widget.text() != text:
                widget.setText(text)

    def _value(self, spec: AttributeField, widget: QWidget) -> Any:
        if isinstance(widget, QComboBox):
            return widget.currentData()
        text = widget.text().strip()  # type: ignore[attr-defined]
        if not text:
            return None
        if spec.type == "number":
            try:
                return float(text) if "." in text else int(text)
            except ValueError:
                return text  # the store refuses it with a plain message
        return text

    # -- editing ----------------------------------------------------------------
    def _attr_edited(self, name: str) -> None:
        from annotator.store.operations import UpdateSpan

        if self._loading or self.span is None or name not in self._fields:
            return
        spec, widget = self._fields[name]
        value = self._value(spec, widget)
        if isinstance(widget, QLineEdit):
            widget.setModified(False)
        attrs = self._fitting(self.span.attributes)
        if value is None:
            attrs.pop(name, None)
        else:
            attrs[name] = value
        if attrs == self.span.attributes:
            return
        if not self.session.push(UpdateSpan(self.span.id, {"attributes": attrs}, label=f"Edit {name}")):
            self.show_span(self.span.id)  # refused: show what is stored

    def _memo_edited(self) -> None:
        if self._loading or self.span is None:
            return
        self._memo_dirty = True
        self._memo_timer.start()

    def commit_memo(self) -> None:
        """Store the memo now if it was edited (also called on focus-out and idle)."""
        from annotator.store.operations import UpdateSpan

        self._memo_timer.stop()
        if not self._memo_dirty or self.span is None:
            return
        self._memo_dirty = False
        memo = self.memo.toPlainText()
        if memo != self.span.memo:
            changes: dict[str, Any] = {"memo": memo}
            fitting = self._fitting(self.span.attributes)
            if fitting != self.span.attributes:
                changes["attributes"] = fitting  # else the store refuses the memo too
            self.session.push(UpdateSpan(self.span.id, changes, label="Edit memo"))

    def _fitting(self, values: dict[str, Any]) -> dict[str, Any]:
        """The values the span's code still declares and accepts. A codebook edited elsewhere
        (e.g. imported) can leave others behind; the store refuses any edit of a span holding them."""
        fields = self._built_for[1] if self._built_for else ()
        out: dict[str, Any] = {}
        for key, value in values.items():
            try:
                out.update(validate_attributes(fields, {key: value}, "span"))
            except CodebookError:
                pass
        return out

    def _field_widgets(self) -> list[QWidget]:
        return [w for _spec, w in self._fields.values()]

    def _next_field(self, widget: QWidget) -> None:
        """Enter in an attribute field: on to the next one; after the last, quick entry is over."""
        widgets = self._field_widgets()
        if widget in widgets and widgets.index(widget) + 1 < len(widgets):
            nxt = widgets[widgets.index(widget) + 1]
            nxt.setFocus(Qt.FocusReason.TabFocusReason)
            if isinstance(nxt, QLineEdit):
                nxt.selectAll()
        else:
            self.entry_finished.emit()

    def commit_pending(self) -> None:
        """Store whatever is typed but not yet committed (the memo, a field being edited)."""
        for name, (_spec, widget) in list(self._fields.items()):
            if isinstance(widget, QLineEdit) and widget.isModified():
                self._attr_edited(name)
        self.commit_memo()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        window = self.window()
        if window is not self and window is not self._watched_window:
            window.installEventFilter(self)  # commit typed text when the window closes
            self._watched_window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched_window and event.type() == QEvent.Type.Close:
            self.commit_pending()
        elif watched is self.memo and event.type() == QEvent.Type.FocusOut:
            self.commit_memo()
        elif event.type() == QEvent.Type.KeyPress and (watched is self.memo or watched in self._field_widgets()):
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self._commit_widget(watched)
                self.entry_finished.emit()
                return True
            if isinstance(watched, QComboBox) and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._next_field(watched)
                return True
        return super().eventFilter(watched, event)

    def _commit_widget(self, widget: QObject) -> None:
        if widget is self.memo:
            self.commit_memo()
            return
        name = next((n for n, (_s, w) in self._fields.items() if w is widget), None)
        if name is not None:
            self._attr_edited(name)

    def _on_changed(self, change: Change) -> None:
        if self.span is None:
            return
        if change.kind == "spans" and (self.span.id in change.ids or not change.ids):
            self.show_span(self.span.id)
        elif change.kind in ("codes", "coders", "documents"):
            self.show_span(self.span.id)

    def focus_first_field(self) -> None:
        """Quick entry after creating a span: focus the first attribute field, else the memo."""
        if self.span is None:
            return
        self.show()
        self.raise_()
        target: QWidget = next((w for _s, w in self._fields.values()), self.memo)
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if isinstance(target, QLineEdit):
            target.selectAll()
