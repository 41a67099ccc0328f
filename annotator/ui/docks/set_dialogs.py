"""The documents dock's Sample… and Assign… dialogs. They only collect choices; the dock
applies them as undoable store operations (:class:`~annotator.store.sets.DrawSample`,
:class:`~annotator.store.sets.AssignSet`)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWidget,
)

from annotator.core.sampling import SamplingError, parse_size
from annotator.store.exchange import metadata_fields, set_names
from annotator.store.sets import DocumentSet, DrawSample
from annotator.ui import plain


def _problem_label() -> QLabel:
    label = plain.label()
    label.setObjectName("problem")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    return label


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class SampleDialog(QDialog):
    """Name, size (50 or 10%), stratification, seed and purpose of a new sample."""

    def __init__(self, project, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Draw a sample of articles")
        self.project = project
        taken = set_names(project)
        n = 1
        while f"reliability-{n}" in taken:
            n += 1
        self.name = QLineEdit(f"reliability-{n}")
        self.size = QLineEdit("10%")
        self.size.setPlaceholderText("50 articles, or 10%")
        self.stratify = QComboBox()
        self.stratify.addItem("No (simple random sample)", "")
        self.stratify.addItem("By outlet", "outlet")
        self.stratify.addItem("By month", "month")
        for f in sorted(metadata_fields(project)):
            self.stratify.addItem(f"By {f}", f)
        self.seed = QLineEdit()
        self.seed.setPlaceholderText("random; stored with the sample")
        self.purpose = QComboBox()
        for label, value in (("Reliability (agreement and the report use it)", "reliability"),
                             ("Training round", "training"), ("A share of the corpus", "share")):
            self.purpose.addItem(label, value)
        self.problem = _problem_label()
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Size", self.size)
        form.addRow("Stratify", self.stratify)
        form.addRow("Seed", self.seed)
        form.addRow("Purpose", self.purpose)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Draw at random from the {project.document_count():,} articles of the project."))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self))

    def operation(self) -> DrawSample | None:
        """The sample asked for, or None (with the reason shown) if the choices do not make one."""
        name = self.name.text().strip()
        taken = set_names(self.project)
        seed_text = self.seed.text().strip()
        try:
            size = parse_size(self.size.text())
        except SamplingError as exc:
            return self._refuse(str(exc))
        if not name:
            return self._refuse("Give the sample a name.")
        if name in taken:
            return self._refuse(f"A set named '{name}' exists already.")
        if seed_text and not seed_text.isdigit():
            return self._refuse("The seed is a whole number (or leave it empty).")
        if size.of(self.project.document_count()) > self.project.document_count():
            return self._refuse(f"The project has only {self.project.document_count()} articles.")
        return DrawSample(name, size, self.stratify.currentData() or None,
                          int(seed_text) if seed_text else None, self.purpose.currentData())

    def accept(self) -> None:
        if self.operation() is not None:
            super().accept()

    def _refuse(self, why: str) -> None:
        plain.set_label(self.problem, why)
        return None


class AssignDialog(QDialog):
    """A set, the coders, and whether each gets all of it or a share."""

    def __init__(self, project, sets: list[DocumentSet], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Assign articles to coders")
        self.set_choice = QComboBox()
        for s in reversed(sets):  # newest first
            self.set_choice.addItem(f"{s.name} ({s.size} articles)", s.name)
        self.coders = QLineEdit(", ".join(c.name for c in project.coders()))
        self.coders.setPlaceholderText("ana, ben, cem")
        self.whole = QRadioButton("Every coder codes the whole set, blind (a reliability sample)")
        self.split = QRadioButton("Split the set between the coders, no overlap, balanced by length")
        self.whole.setChecked(True)
        self.problem = _problem_label()
        form = QFormLayout()
        form.addRow("Set", self.set_choice)
        form.addRow("Coders", self.coders)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.whole)
        layout.addWidget(self.split)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self))

    def choice(self) -> tuple[str, list[str], bool] | None:
        names = [n.strip() for n in self.coders.text().split(",") if n.strip()]
        if self.set_choice.currentData() is None:
            self.problem.setText("Draw a sample first (Sample…).")
            return None
        if not names:
            self.problem.setText("Name at least one coder, separated by commas.")
            return None
        return self.set_choice.currentData(), names, self.split.isChecked()

    def accept(self) -> None:
        if self.choice() is not None:
            super().accept()
