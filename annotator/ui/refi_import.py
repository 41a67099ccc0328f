"""File > Import REFI-QDA Project: choose how the file counts offsets, see three
segments of each source under that reading, then import.

The file is read once, when the dialog opens; changing the reading maps the
selections again (:func:`~annotator.io.refi.project_read.resolve`) and refreshes
the preview. Nothing is written until Import is pressed. The preview is plain
text: article text is never shown as HTML.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget,
)

from annotator.io.refi.offsets import PRESETS, READINGS, Reading
from annotator.io.refi.project_read import FileProject, FileSource, parse_qdpx, resolve
from annotator.ui import plain

if TYPE_CHECKING:
    from annotator.io.refi import RefiReport
    from annotator.store import Project

#: Segments shown per source, and characters of context either side.
PREVIEW_SEGMENTS = 3
CONTEXT = 15

_TOOLS = {PRESETS["standard"]: "standard, MAXQDA", PRESETS["qualcoder"]: "QualCoder, ATLAS.ti",
          PRESETS["nvivo"]: "NVivo"}


def reading_choices() -> list[tuple[str, str]]:
    """(label, name) for the reading box: "decide per source" first, then every reading."""
    out = [("Decide for each source from the file's evidence (recommended)", "auto")]
    for r in READINGS:
        tools = f" ({_TOOLS[r]})" if r in _TOOLS else ""
        words = r.describe()
        out.append((f"{words[0].upper()}{words[1:]}{tools}", r.key))
    return out


def _segment(src: FileSource, start: int, end: int) -> str:
    text = src.text
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    lead = "…" if start > CONTEXT else ""
    tail = "…" if end + CONTEXT < len(text) else ""
    shown = f"{lead}{before}⟦{text[start:end]}⟧{after}{tail}"
    return re.sub(r"[^\S\n]+", " ", shown).replace("\n", "↵")  # line breaks shown, not folded away


def preview_text(parsed: FileProject) -> str:
    """What the dialog shows for the current reading: warnings, then per source its
    reading, its evidence and :data:`PREVIEW_SEGMENTS` segments spread over its text."""
    lines = [f"Warning: {w}" for w in parsed.warnings]
    if parsed.offset_problems:
        lines.append(f"{len(parsed.offset_problems)} selection(s) will not be imported under this reading"
                     " (outside the text, or the text differs from the selection's name).")
    if lines:
        lines.append("")
    for src in parsed.sources:
        if src.decision is None or not src.raw_selections:
            continue
        d = src.decision
        lines.append(f"{src.name}: {d.reading.describe()} ({d.evidence()})")
        spans = sorted((s.start, s.end) for s in src.selections if s.codings and s.end - s.start < len(src.text))
        if not spans:
            lines.append("    (no segment lands in the text under this reading)")
        picks = sorted({0, len(spans) // 2, len(spans) - 1}) if spans else []
        for n, i in enumerate(picks[:PREVIEW_SEGMENTS], 1):
            lines.append(f"    {n}. {_segment(src, *spans[i])}")
        lines.append("")
    if not any(src.raw_selections for src in parsed.sources):
        lines.append("The file holds no coded text segments.")
    return "\n".join(lines).rstrip() + "\n"


class RefiImportDialog(QDialog):
    """Reads *path* on construction (raises :class:`~annotator.io.refi.RefiError` for a
    file that cannot be imported); :meth:`accept` imports it into *project*."""

    def __init__(self, parent: QWidget | None, project: "Project", path: str | Path):
        super().__init__(parent)
        self.project = project
        self.path = Path(path)
        self.parsed = parse_qdpx(self.path)
        self.report: RefiReport | None = None
        self.setWindowTitle(plain.window_title(f"Import REFI-QDA Project: {self.path.name}"))
        self.setObjectName("refiImportDialog")

        self.reading = QComboBox()
        self.reading.setObjectName("refiReading")
        for label, name in reading_choices():
            self.reading.addItem(label, name)
        self.reading.currentIndexChanged.connect(self._refresh)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("refiPreview")
        self.preview.setReadOnly(True)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
        self.preview.setMinimumSize(640, 320)
        intro = QLabel("Tools count positions in a text differently (line breaks, emoji, a byte-order mark)."
                       " Check that the marked segments ⟦…⟧ are the words that were coded (↵ is a line break);"
                       " if not, choose another reading. Nothing is imported until you press Import.")
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Read offsets as:", self.reading)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("refiImportButton")
        self.import_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self._refresh()

    def chosen(self) -> str:
        return str(self.reading.currentData())

    def choose(self, name: str) -> None:
        self.reading.setCurrentIndex(self.reading.findData(name))

    def _refresh(self) -> None:
        name = self.chosen()
        resolve(self.parsed, None if name == "auto" else _reading(name))
        self.preview.setPlainText(preview_text(self.parsed))

    def accept(self) -> None:
        from annotator.io.refi import RefiError, import_qdpx
        from annotator.ui.dialogs import show_error

        try:
            self.report = import_qdpx(self.project, self.path, parsed=self.parsed)
        except RefiError as exc:
            show_error(self, "Import failed", f"Nothing was imported; the project is unchanged.\n\n{exc}")
            self.reject()
            return
        super().accept()


def _reading(name: str) -> Reading:
    return next(r for r in READINGS if r.key == name)


__all__ = ["RefiImportDialog", "preview_text", "reading_choices"]
