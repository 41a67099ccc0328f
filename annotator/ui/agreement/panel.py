"""The adjudication panel: the consensus coder, automatic proposals, a decision per disagreement.

A plain widget: it shows buttons and progress and announces what was asked
(``propose_requested``, ``decision_requested(str)``); the dock turns those into
undoable store operations (:mod:`annotator.store.adjudication`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from annotator.store.adjudication import CONSENSUS
from annotator.ui import plain


class AdjudicationPanel(QGroupBox):
    propose_requested = Signal()
    decision_requested = Signal(str)  # "accept:<coder>", "both", "all", "neither" or "edit"

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Adjudication", parent)
        self.setObjectName("adjudication")
        self.consensus = QLineEdit(CONSENSUS)
        self.consensus.setObjectName("consensusCoder")
        self.consensus.setToolTip("The coder who receives the decisions: a real coder of the project, "
                                  "exported like anyone's work")
        self.consensus.setMaximumWidth(160)
        self.propose = QPushButton("Propose agreed spans")
        self.propose.setToolTip("Give the consensus coder every span all compared coders made identically "
                                "(one undoable step)")
        self.propose.clicked.connect(self.propose_requested)
        self.progress = plain.label()
        self.progress.setObjectName("adjudicationProgress")
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(QLabel("Consensus coder"))
        top.addWidget(self.consensus)
        top.addWidget(self.propose)
        top.addStretch(1)
        top.addWidget(self.progress)

        self.buttons_row = QHBoxLayout()
        self.buttons_row.setSpacing(6)
        self.accept_buttons: dict[str, QPushButton] = {}
        self.both = QPushButton("Both")
        self.both.clicked.connect(lambda: self.decision_requested.emit(self._both_decision))
        self.neither = QPushButton("Neither")
        self.neither.setToolTip("The consensus coder codes nothing here (0)")
        self.neither.clicked.connect(lambda: self.decision_requested.emit("neither"))
        self.edit = QPushButton("Edit…")
        self.edit.setToolTip("Code this range by hand: switches to the consensus coder and opens the article (E)")
        self.edit.clicked.connect(lambda: self.decision_requested.emit("edit"))
        self._both_decision = "both"
        self.hint = plain.label()  # names the consensus coder
        self.hint.setStyleSheet("color: #666;")
        self.hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(self.buttons_row)
        layout.addWidget(self.hint)
        self.set_coders([])
        self.set_current(False)

    def key_decision(self, key: str) -> str | None:
        """The decision a key press in the disagreement list asks for, if any."""
        names = list(self.accept_buttons)
        if key.isdigit() and key != "0":
            return f"accept:{names[int(key) - 1]}" if int(key) <= len(names) else None
        return {"0": "neither", "b": self._both_decision, "e": "edit"}.get(key.lower())

    def consensus_name(self) -> str:
        return self.consensus.text().strip() or CONSENSUS

    def set_coders(self, names: list[str]) -> None:
        """One "Accept X's" button per compared coder, then Both (All for three or more), Neither."""
        if list(self.accept_buttons) == names:
            return
        for button in self.accept_buttons.values():
            self.buttons_row.removeWidget(button)
            button.deleteLater()
        while self.buttons_row.count():  # the stretch, and the buttons kept below
            self.buttons_row.takeAt(0)
        self.accept_buttons = {}
        for i, name in enumerate(names, 1):
            button = QPushButton(plain.action_text(f"Accept {name}'s"))
            button.setToolTip(plain.tooltip(f"Copy {name}'s spans of this code here to the consensus coder, "
                                            f"as {name} drew them" + (f" ({i})" if i < 10 else "")))
            button.clicked.connect(lambda _=False, n=name: self.decision_requested.emit(f"accept:{n}"))
            self.accept_buttons[name] = button
            self.buttons_row.addWidget(button)
        self._both_decision = "both" if len(names) <= 2 else "all"
        self.both.setText("Both" if len(names) <= 2 else "All")
        self.both.setToolTip("Copy every compared coder's spans of this code here to the consensus coder (B)")
        self.buttons_row.addWidget(self.both)
        self.buttons_row.addWidget(self.neither)
        self.buttons_row.addWidget(self.edit)
        self.buttons_row.addStretch(1)

    def set_current(self, has_row: bool, why: str = "") -> None:
        """Enable the decisions when a disagreement is selected (else say *why* not)."""
        for button in (*self.accept_buttons.values(), self.both, self.neither, self.edit):
            button.setEnabled(has_row and not why)
        self.hint.setText(why or ("Decide the selected disagreement (keys 1–9: accept that coder's, B: both, "
                                  "0: neither, E: edit); deciding again replaces a decision, and every one can be undone."
                                  if has_row else "Select a disagreement to decide it."))

    def set_progress(self, done: int, total: int) -> None:
        self.progress.setText(f"{done:,} of {total:,} resolved")
