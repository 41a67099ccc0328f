"""The confirmation before a code is applied to matching passages: one checkable row
per article the span's text is shared with; rows already coded are shown, unticked
and disabled, so the coder sees they were considered. A row where the article holds
only part of the span's text says so ("part only"), and stays ticked: the coder decides."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from annotator.store.propagation import Target
from annotator.ui import plain

COLUMNS = ("Article", "Outlet", "Matching text", "Alike")
PARTIAL = "part only"
PARTIAL_TIP = "This article shares only part of the coded text; the rest is its own or elsewhere."


class PropagationDialog(QDialog):
    def __init__(self, targets: list[Target], code_name: str, source_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Apply to Matching Passages")
        self.targets = targets
        intro = QLabel()
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        flat = " ".join(source_text.split())
        flat = flat if len(flat) <= 160 else flat[:159] + "…"
        intro.setText(f"Code “{code_name}” on the matching text in these articles, for you:\n“{flat}”")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.items: list[QTreeWidgetItem] = []
        muted = QColor("#80868b")
        for t in targets:
            excerpt = t.text if not t.skipped else f"{t.skipped} — skipped:  {t.text}"
            if t.partial:
                excerpt = f"{PARTIAL}:  {excerpt}"
            item = QTreeWidgetItem([t.title, t.source, excerpt, f"{round(100 * t.similarity)}%"])
            item.setToolTip(2, plain.tooltip(f"{PARTIAL_TIP}\n\n{t.text}" if t.partial else t.text))
            item.setToolTip(0, plain.tooltip(t.title))
            if t.skipped:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Unchecked)
                for c in range(len(COLUMNS)):
                    item.setForeground(c, muted)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Checked)
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
            self.items.append(item)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(0, 260)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.buttons)
        self.tree.itemChanged.connect(lambda *_a: self._update_ok())
        self._update_ok()
        self.resize(860, 140 + 28 * min(len(targets), 8))

    def set_checked(self, row: int, on: bool) -> None:
        item = self.items[row]
        if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen(self) -> list[Target]:
        """The ticked targets (never a skipped one)."""
        return [t for t, item in zip(self.targets, self.items)
                if not t.skipped and item.checkState(0) == Qt.CheckState.Checked]

    def _update_ok(self) -> None:
        n = len(self.chosen())
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(f"Apply to {n} article{'' if n == 1 else 's'}")
        ok.setEnabled(n > 0)


__all__ = ["PropagationDialog"]
