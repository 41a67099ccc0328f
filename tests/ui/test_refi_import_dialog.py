"""File > Import REFI-QDA Project: the reading choice and its preview, driven through
the real dialog; nothing is written before Import. Categories cannot be applied."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).parents[1] / "io" / "refi"))  # the REFI tests' archive builders
from conventions import ATLAS, SEGMENTS, TEXTS, build  # noqa: E402

from annotator.ui.refi_import import RefiImportDialog  # noqa: E402

ALL_SEGMENTS = sorted(t for seg in SEGMENTS.values() for t in seg)


def _spans(project) -> list[str]:
    return sorted(s.text for s in project.spans_where())


def test_preview_shows_three_segments_per_source_and_follows_the_choice(workspace, qtbot, tmp_path):
    path = build(tmp_path / "atlas.qdpx", ATLAS)
    before = (workspace.project.document_count(), workspace.project.span_count())
    dialog = RefiImportDialog(workspace.window, workspace.project, path)
    qtbot.addWidget(dialog)
    dialog.show()
    auto = dialog.preview.toPlainText()
    assert "ceasefire.txt: code points, a CRLF as 1, BOM not counted (8/8 segments start and end" in auto
    assert "1. ⟦Ceasefire talks⟧ 🕊️ resume in G…" in auto and "3. …rn,” and left.↵⟦Last line ends here⟧" in auto
    assert "2. …closed 👩‍💻.↵↵↵↵⟦Café owners⟧ in 𝄞 Stepanake…" in auto
    assert sum(line.startswith("    ") for line in auto.splitlines()) == 6  # three segments of each source

    dialog.reading.setFocus()
    qtbot.keyClick(dialog.reading, Qt.Key.Key_Down)  # the standard's reading: a CRLF counts 2
    assert dialog.chosen() == "cp-crlf2"
    standard = dialog.preview.toPlainText()
    assert standard != auto and "⟦Café owners⟧" not in standard
    assert "ceasefire.txt: code points, a CRLF as 2, BOM not counted" in standard
    assert "Warning: weak evidence" in standard
    assert (workspace.project.document_count(), workspace.project.span_count()) == before  # nothing written yet

    qtbot.keyClick(dialog.reading, Qt.Key.Key_Up)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == RefiImportDialog.DialogCode.Accepted
    assert _spans(workspace.project) == ALL_SEGMENTS
    assert dialog.report.offsets[0].startswith("offsets read as code points, a CRLF as 1")


def test_a_forced_reading_is_what_gets_imported(workspace, qtbot, tmp_path):
    dialog = RefiImportDialog(workspace.window, workspace.project, build(tmp_path / "atlas.qdpx", ATLAS))
    qtbot.addWidget(dialog)
    dialog.choose("utf16-crlf2")
    preview = dialog.preview.toPlainText()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "(as chosen)" in dialog.report.offsets[0]
    got = _spans(workspace.project)
    assert got != ALL_SEGMENTS and all(f"⟦{t}⟧" not in preview for t in got if t not in ALL_SEGMENTS)


def test_file_menu_import_goes_through_the_dialog(workspace, qtbot, tmp_path, monkeypatch):
    summaries = []
    monkeypatch.setattr("annotator.ui.controllers.exchange.show_summary", lambda *a: summaries.append(a))
    path = build(tmp_path / "atlas.qdpx", ATLAS)

    def press_import() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RefiImportDialog)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press_import)
    report = workspace.window.exchange.import_qdpx(str(path))
    assert report is not None and report.spans_added == 15
    assert _spans(workspace.project) == ALL_SEGMENTS
    assert summaries and "offsets read as code points, a CRLF as 1" in summaries[0][2]
    assert {t for t in TEXTS.values()} <= {workspace.project.document(d.id).text
                                          for d in workspace.project.documents()}


def test_cancel_writes_nothing(workspace, qtbot, tmp_path):
    before = (workspace.project.document_count(), workspace.project.span_count())

    def cancel() -> None:
        QApplication.activeModalWidget().reject()

    QTimer.singleShot(0, cancel)
    assert workspace.window.exchange.import_qdpx(str(build(tmp_path / "atlas.qdpx", ATLAS))) is None
    assert (workspace.project.document_count(), workspace.project.span_count()) == before


def test_a_category_is_not_applied_from_the_window(workspace):
    category = workspace.project.add_code("Groups", codable=False)
    start, end = workspace.select("We will restore Kalbajar")
    before = workspace.project.span_count()
    workspace.window.coding.apply_code(category.id)
    assert workspace.project.span_count() == before
    assert "category" in workspace.window.statusBar().currentMessage()
