"""Noise in the panes through the real widgets: dimmed lines, Mark as Noise / Not Noise
by key and menu, undo and redo, tooltips."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor

from annotator.defaults import populate_default
from annotator.store import Project
from annotator.store.noise import detect_noise, noise_for
from annotator.ui.noise import NOISE_COLOR
from tests.ui.conftest import select_text, utf16_pos

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def seeds_path(tmp_path: Path) -> Path:
    """The seeds with their clutter detected, as after an import."""
    path = tmp_path / "seeds.annotator"
    with Project(path) as p:
        populate_default(p)
        detect_noise(p)
    return path


def _dimmed(view) -> list[tuple[int, int]]:
    """Qt ranges drawn in the noise colour, merged."""
    out: list[tuple[int, int]] = []
    for start, end, fmt in view.format_ranges():
        if fmt.foreground().color() == QColor(NOISE_COLOR):
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(end, out[-1][1]))
            else:
                out.append((start, end))
    return out


def _qt(view, start: int, end: int) -> tuple[int, int]:
    text = view.toPlainText()
    return utf16_pos(text, start), utf16_pos(text, end)


def _rows(ws, doc_id: int) -> list[tuple]:
    return [(r.start, r.end, r.kind, r.origin) for r in noise_for(ws.project, doc_id, include_cleared=True)]


def test_detected_clutter_is_dimmed_and_news_is_not(workspace):
    ws = workspace
    ws.open("sb.scorecardresearch")
    view = ws.view
    regions = noise_for(ws.project, view.doc.id)
    dimmed = _dimmed(view)
    assert dimmed == [_qt(view, r.start, r.end) for r in regions]
    news = view.doc.text.index("Azerbaijan had given")
    assert not any(a <= news < b for a, b in dimmed)


def test_mark_selection_as_noise_by_key_then_undo_and_redo(workspace, qtbot):
    ws = workspace
    start, end = ws.select("Armenia-Azerbaijan conflict")
    doc = ws.view.doc.id
    before = _rows(ws, doc)
    ws.view.setFocus()
    qtbot.keyClick(ws.view, Qt.Key.Key_N, CTRL_SHIFT)
    assert (start, end, "manual", "manual") in _rows(ws, doc)
    assert _qt(ws.view, start, end) in _dimmed(ws.view)
    assert "noise" in ws.window.undo_action.text().lower()
    ws.session.undo_stack.undo()
    assert _rows(ws, doc) == before
    assert _qt(ws.view, start, end) not in _dimmed(ws.view)
    ws.session.undo_stack.redo()
    assert (start, end, "manual", "manual") in _rows(ws, doc)
    assert _qt(ws.view, start, end) in _dimmed(ws.view)


def test_not_noise_under_the_cursor_clears_the_line_and_undo_restores_it(workspace, qtbot):
    ws = workspace
    offset = ws.open("(Image Credit: AP)")
    doc = ws.view.doc.id
    before = _rows(ws, doc)
    cur = ws.view.textCursor()
    cur.setPosition(utf16_pos(ws.view.toPlainText(), offset + 3))
    ws.view.setTextCursor(cur)
    ws.view.setFocus()
    qtbot.keyClick(ws.view, Qt.Key.Key_N, CTRL_ALT)
    line = (offset, offset + len("(Image Credit: AP)"))
    assert (*line, "credit", "cleared") in _rows(ws, doc)
    assert (*line, "credit", "detected") not in _rows(ws, doc)
    assert _qt(ws.view, *line) not in _dimmed(ws.view)
    ws.session.undo_stack.undo()
    assert _rows(ws, doc) == before
    assert _qt(ws.view, *line) in _dimmed(ws.view)


def test_not_noise_on_part_of_a_line_splits_it_from_the_context_menu_action(workspace):
    ws = workspace
    offset = ws.open("Story continues below advertisement")
    doc = ws.view.doc.id
    word = offset + len("Story continues ")
    select_text(ws.view, word, word + len("below"))
    assert ws.window.actions_by_name["unmark_noise"].isEnabled()
    ws.window.actions_by_name["unmark_noise"].trigger()
    rows = _rows(ws, doc)
    assert (offset, word, "advertisement", "detected") in rows
    assert (word, word + len("below"), "advertisement", "cleared") in rows
    assert (word + len("below"), offset + len("Story continues below advertisement"), "advertisement",
            "detected") in rows


def test_mark_noise_without_a_selection_only_says_so(workspace):
    ws = workspace
    ws.open("Kalbajar")
    ws.view.setTextCursor(QTextCursor(ws.view.document()))
    total = ws.project.db.execute("SELECT count(*) FROM noise").fetchone()[0]
    assert ws.window.coding.mark_noise() is False
    assert "Select" in ws.window.statusBar().currentMessage()
    assert ws.project.db.execute("SELECT count(*) FROM noise").fetchone()[0] == total


def test_a_span_on_noise_keeps_its_fill_and_the_text_its_grey(workspace):
    ws = workspace
    offset = ws.open("Sponsored content")
    doc = ws.view.doc.id
    ws.project.add_span(doc, ws.code_id("claim"), ws.session.coder.id, offset, offset + len("Sponsored"))
    a, b = _qt(ws.view, offset, offset + len("Sponsored"))
    formats = [f for s, e, f in ws.view.format_ranges() if s <= a and e >= b]
    assert any(f.foreground().color() == QColor(NOISE_COLOR) for f in formats)
    assert any(f.background().style() != Qt.BrushStyle.NoBrush for f in formats)


def test_tooltip_names_the_kind(workspace):
    ws = workspace
    offset = ws.open("Short Url")
    cur = QTextCursor(ws.view.document())
    cur.setPosition(utf16_pos(ws.view.toPlainText(), offset + 2))
    tip = ws.view.tooltip_at(ws.view.cursorRect(cur).center())
    assert "Noise" in tip and "share or follow button" in tip
    news = ws.view.doc.text.index("BAKU")
    cur.setPosition(utf16_pos(ws.view.toPlainText(), news + 2))
    assert "Noise" not in ws.view.tooltip_at(ws.view.cursorRect(cur).center())


def test_both_actions_are_in_the_code_menu_and_the_context_menu(workspace):
    from annotator.ui.actions import CONTEXT_MENU, MENUS

    code_menu = dict(MENUS)["&Code"]
    for name in ("mark_noise", "unmark_noise"):
        assert name in code_menu and name in CONTEXT_MENU


# -- "Include noise" in the statistics and agreement docks ---------------------------------

TEXT = "News one is here.\nAdvertisement\nNews two is here and it is longer.\n"


@pytest.fixture
def noisy_session(project, qapp):
    from annotator.core.model import NewDocument
    from annotator.ui.session import Session

    doc = project.add_document(NewDocument(text=TEXT, title="t"))
    detect_noise(project)
    quote = project.code_by_path("quote").id
    for name, end in (("ana", 31), ("ben", 17)):
        coder = project.ensure_coder(name)
        project.add_span(doc, quote, coder.id, 0, end)
        project.set_status(doc, coder.id, "done")
    session = Session(project, "ana")
    yield session
    session.close()


def test_statistics_dock_include_noise_checkbox(qtbot, noisy_session):
    from annotator.ui.statistics import StatisticsDock

    dock = StatisticsDock(noisy_session)
    qtbot.addWidget(dock)
    assert not dock.include_noise.isChecked()
    assert dock.frequencies.table.lengths.tolist() == [len(TEXT) - 13]
    dock.include_noise.setChecked(True)
    assert dock.filters.include_noise
    assert dock.frequencies.table.lengths.tolist() == [len(TEXT)]


def test_agreement_dock_include_noise_checkbox(qtbot, noisy_session):
    from annotator.ui.agreement import AgreementDock

    dock = AgreementDock(noisy_session)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    dock.recompute()
    assert not dock.include_noise.isChecked()
    assert dock.result.codes["quote"].units == len(TEXT) - 13
    assert "was excluded" in dock.method.text()
    dock.include_noise.setChecked(True)
    assert dock.result.codes["quote"].units == len(TEXT)
    assert "counted as article text" in dock.method.text()
