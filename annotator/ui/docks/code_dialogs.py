"""Dialogs of codebook editing: a code's definition, and its attribute fields (name, type, choices, description)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from annotator.core.codebook import FIELD_TYPES, AttributeField
from annotator.ui import plain


def fields_problem(fields: list[AttributeField]) -> str:
    """A plain-words reason the declaration cannot be stored, or '' if it can."""
    names = [f.name for f in fields]
    if any(not n for n in names):
        return "Every field needs a name."
    if len(set(names)) != len(names):
        return "Two fields have the same name."
    for f in fields:
        if f.type == "choice" and not f.choices:
            return f"The choice field '{f.name}' needs at least one choice (separate them with commas)."
    return ""


class FieldsDialog(QDialog):
    NAME, TYPE, CHOICES, DESCRIPTION = range(4)

    def __init__(self, code_name: str, fields: tuple[AttributeField, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(plain.window_title(f"Attribute fields of '{code_name}'"))
        self.resize(640, 320)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["Name", "Type", "Choices (comma-separated)", "Description"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(self.NAME, 130)
        self.table.setColumnWidth(self.CHOICES, 200)
        for f in fields:
            self.add_row(f)

        add = QPushButton("Add field")
        remove = QPushButton("Remove field")
        add.clicked.connect(lambda: self.add_row(AttributeField("")))
        remove.clicked.connect(self.remove_current)
        self.problem = plain.label()  # quotes field names
        self.problem.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Each span of this code carries these fields; values are edited in the span panel."))
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def add_row(self, field: AttributeField) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(field.name)
        name.setData(Qt.ItemDataRole.UserRole, field.name)  # the name it had, to tell a rename from a new field
        self.table.setItem(row, self.NAME, name)
        combo = QComboBox()
        combo.addItems(FIELD_TYPES)
        combo.setCurrentText(field.type)
        self.table.setCellWidget(row, self.TYPE, combo)
        self.table.setItem(row, self.CHOICES, QTableWidgetItem(", ".join(field.choices)))
        self.table.setItem(row, self.DESCRIPTION, QTableWidgetItem(field.description))
        if not field.name:
            self.table.setCurrentCell(row, self.NAME)
            self.table.editItem(self.table.item(row, self.NAME))

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def fields(self) -> list[AttributeField]:
        out = []
        for row in range(self.table.rowCount()):
            def text(col: int) -> str:
                item = self.table.item(row, col)
                return item.text().strip() if item else ""

            ftype = self.table.cellWidget(row, self.TYPE).currentText()
            choices = tuple(c.strip() for c in text(self.CHOICES).split(",") if c.strip()) if ftype == "choice" else ()
            out.append(AttributeField(text(self.NAME), ftype, choices, text(self.DESCRIPTION)))
        return out

    def renames(self) -> dict[str, str]:
        """Old name -> new name of the fields the user renamed."""
        out = {}
        for row in range(self.table.rowCount()):
            item = self.table.item(row, self.NAME)
            old = item.data(Qt.ItemDataRole.UserRole) if item else ""
            if old and item.text().strip() and item.text().strip() != old:
                out[old] = item.text().strip()
        return out

    def accept(self) -> None:
        problem = fields_problem(self.fields())
        if problem:
            self.problem.setText(problem)
            return
        super().accept()


class DefinitionDialog(QDialog):
    def __init__(self, code_name: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(plain.window_title(f"Definition of '{code_name}'"))
        self.resize(520, 300)
        self.edit = QPlainTextEdit(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("What to code, what not to code, and an example:"))
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
