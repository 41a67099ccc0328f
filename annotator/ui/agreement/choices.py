"""What the agreement dock and the statistics dock's Agreement tab share, so that on the
same project they show the same figures: the default coders (every coder with spans but
the consensus coder), the document set (the newest reliability set when there is one,
as ``annotator agreement`` uses), and the words for a dropped-documents warning."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from annotator.store.adjudication import CONSENSUS
from annotator.store.agreement import coders_with_spans
from annotator.store.project import Project
from annotator.store.reliability import ALL, ReliabilityRun
from annotator.store.sets import document_sets, reliability_set
from annotator.ui import plain


def default_coders(project: Project, consensus: str = CONSENSUS) -> list[str]:
    """The coders compared unless the user picks others: every coder with spans but the consensus."""
    return [n for n in coders_with_spans(project) if n != consensus]


class SetChoice(QComboBox):
    """The documents agreement is computed on: a document set, or all documents. The default
    is the newest reliability set when the project has one (as ``annotator agreement``);
    a choice the user made is kept while that set exists."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("agreementSet")
        self.setToolTip(plain.tooltip("Which documents count: a document set (annotator sample draws one), "
                                      "by default the newest reliability set, or all documents"))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._picked: str | None = None  # the user's choice; None: the default
        self._ids: dict[str, int] = {}  # set name -> id
        # reload() blocks signals: any change that gets through is a choice (connected first, so
        # it is recorded before the dock or tab recomputes and reloads)
        self.currentIndexChanged.connect(lambda _i: setattr(self, "_picked", self.currentData()))

    def reload(self, project: Project) -> None:
        """List the project's sets (newest reliability set first) and All documents."""
        newest = reliability_set(project)
        sets = ([newest] if newest else []) + [s for s in reversed(document_sets(project))
                                                if newest is None or s.id != newest.id]
        items = [(f"{s.name} ({'newest reliability set, ' if s is newest else ''}{s.size} "
                  f"article{'' if s.size == 1 else 's'})", s.name) for s in sets] + [("All documents", ALL)]
        self._ids = {s.name: s.id for s in sets}
        wanted = self._picked if self._picked in {v for _t, v in items} else items[0][1]
        self.blockSignals(True)
        try:
            if [(self.itemText(i), self.itemData(i)) for i in range(self.count())] != items:
                self.clear()
                for text, value in items:
                    self.addItem(text, value)  # combo box items are plain text
            self.setCurrentIndex(self.findData(wanted))
        finally:
            self.blockSignals(False)
        self.setVisible(len(items) > 1)  # no sets: nothing to choose, all documents

    def set_name(self) -> str:
        """The chosen set's name, or :data:`~annotator.store.reliability.ALL`."""
        return self.currentData() or ALL

    def set_id(self) -> int | None:
        """The chosen set's id; None for all documents."""
        return self._ids.get(self.set_name())

    def choose(self, value: str) -> None:
        """Pick a set by name (or ALL), as the user would."""
        self.setCurrentIndex(self.findData(value))


def dropped_warning(run: ReliabilityRun, any_label: str) -> str:
    """The window's words for the ``--documents any`` warning, with the number dropped ('' if none)."""
    if run.documents != "any" or not run.dropped:
        return ""
    return (f"{any_label} dropped {run.dropped} of {run.candidates} document{'' if run.candidates == 1 else 's'} "
            "where a compared coder has no span; leaving out documents the coders agree are empty usually "
            "raises agreement. Report documents marked done where you can.")


def set_words(run: ReliabilityRun) -> str:
    """' of the set 'x'' when a set was used, else ''."""
    return f" of the set {run.document_set.name!r}" if run.document_set is not None else ""
