"""The search dock in the window, driven through its widgets: type, Enter, double-click,
code all hits (one undo), code selected hits, export, bad queries."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.store.search import search
from annotator.ui import plain
from annotator.ui.models.search import SearchModel


@pytest.fixture
def dock(workspace, qtbot):
    workspace.window.actions_by_name["search_corpus"].trigger()
    d = workspace.window.search_dock
    qtbot.waitUntil(d.isVisible)
    return d


def type_query(qtbot, dock, text):
    dock.query.clear()
    qtbot.keyClicks(dock.query, text)
    qtbot.keyClick(dock.query, Qt.Key.Key_Return)


def test_shortcut_shows_the_dock_and_focuses_the_query(workspace, qtbot):
    window = workspace.window
    window.search_dock.hide()
    qtbot.keyClick(window.current_pane.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(window.search_dock.isVisible)
    assert window.search_dock.query.hasFocus()


def test_typing_a_query_and_enter_lists_the_hits(workspace, dock, qtbot):
    type_query(qtbot, dock, '"kalbajar region"')
    expected = search(workspace.project, '"kalbajar region"')
    assert dock.model.rowCount() == len(expected.hits) > 3
    assert {dock.model.index(r, SearchModel.HIT).data().casefold() for r in range(dock.model.rowCount())} == {
        "kalbajar region"}
    assert dock.count_label.text().startswith(f"{len(expected.hits)} hits in {expected.documents} articles")
    assert dock.model.index(0, SearchModel.OUTLET).data() == expected.hits[0].outlet


def test_double_click_opens_the_hit_selected_in_a_pane(workspace, dock, qtbot):
    type_query(qtbot, dock, "snowy")
    row = dock.model.rowCount() - 1
    hit = dock.model.hit(row)
    other = next(d.id for d in workspace.project.documents() if d.id != hit.document_id)
    workspace.pane.open_document(other)
    index = dock.model.index(row, SearchModel.HIT)
    dock.view.scrollTo(index)
    rect = dock.view.visualRect(index)
    qtbot.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dock.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    view = workspace.view
    assert workspace.pane.document_id == hit.document_id
    cur = view.textCursor()
    assert (view.offsets.to_store(cur.selectionStart()), view.offsets.to_store(cur.selectionEnd())) == (
        hit.start, hit.end)
    assert cur.selectedText().casefold() == "snowy"
    assert view.viewport().rect().contains(view.cursorRect().center())  # scrolled to it


def test_enter_on_a_hit_opens_it_too(workspace, dock, qtbot):
    type_query(qtbot, dock, "Aghdam")
    dock.view.setFocus()
    dock.view.setCurrentIndex(dock.model.index(1, 0))
    qtbot.keyClick(dock.view, Qt.Key.Key_Return)
    hit = dock.model.hit(1)
    assert workspace.pane.document_id == hit.document_id
    assert workspace.view.textCursor().selectedText() == "Aghdam"


def spans_of(project, coder_id, code_id):
    return [(s.document_id, s.start, s.end) for s in project.spans_where(
        "coder_id = ? AND code_id = ?", (coder_id, code_id))]


def test_code_all_hits_skips_coded_ones_and_undoes_in_one_step(workspace, dock, qtbot, monkeypatch):
    project, ana = workspace.project, workspace.session.coder
    claim = workspace.code_id("claim")
    type_query(qtbot, dock, "truce")
    hits = [dock.model.hit(r) for r in range(dock.model.rowCount())]
    assert len(hits) > 3
    project.add_span(hits[0].document_id, claim, ana.id, hits[0].start, hits[0].end)  # already coded
    asked = []
    monkeypatch.setattr(plain, "ask", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Ok)
    dock.set_code(claim)
    dock.code_all_button.click()
    assert asked and f"Code all {len(hits)} hits" in asked[0] and "claim" in asked[0]
    assert sorted(spans_of(project, ana.id, claim)) == sorted((h.document_id, h.start, h.end) for h in hits)
    assert dock.count_label.text().startswith(f"Coded {len(hits) - 1} hits as claim; 1 already coded, skipped")
    ids = sorted(s.id for s in project.spans_where("coder_id = ? AND code_id = ?", (ana.id, claim)))
    workspace.window.undo_action.trigger()  # one step removes them all
    assert spans_of(project, ana.id, claim) == [(hits[0].document_id, hits[0].start, hits[0].end)]
    workspace.window.redo_action.trigger()
    assert sorted(s.id for s in project.spans_where("coder_id = ? AND code_id = ?", (ana.id, claim))) == ids


def test_cancelled_confirmation_codes_nothing(workspace, dock, qtbot, monkeypatch):
    type_query(qtbot, dock, "truce")
    monkeypatch.setattr(plain, "ask", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    before = workspace.project.span_count()
    dock.code_all_button.click()
    assert workspace.project.span_count() == before


def test_code_selected_hits_codes_only_those(workspace, dock, qtbot):
    project, ana = workspace.project, workspace.session.coder
    quote = workspace.code_id("quote")
    type_query(qtbot, dock, "Kalbajar")
    for row in (1, 3):
        rect = dock.view.visualRect(dock.model.index(row, SearchModel.RIGHT))
        qtbot.mouseClick(dock.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                         rect.center())
    assert dock.selected_rows() == [0, 1, 3]  # the first row was current after the search
    dock.set_code(quote)
    dock.code_selected_button.click()
    wanted = [dock.model.hit(r) for r in (0, 1, 3)]
    assert spans_of(project, ana.id, quote) == sorted((h.document_id, h.start, h.end) for h in wanted)


def test_sort_by_right_context_and_export_csv_in_that_order(workspace, dock, qtbot, tmp_path):
    type_query(qtbot, dock, "Azerbaijani")
    dock.view.horizontalHeader().setSortIndicator(SearchModel.RIGHT, Qt.SortOrder.AscendingOrder)
    rights = [dock.model.hit(r).right for r in range(dock.model.rowCount())]
    words = [r.casefold().replace("⏎", " ").split() for r in rights]
    assert words == sorted(words)
    path = tmp_path / "hits.csv"
    assert dock.export_csv(path) == len(rights)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    from annotator.core.search import one_line

    assert [one_line(r["right"]).rstrip() for r in rows] == rights  # the same text, in the order shown
    assert "⏎" not in path.read_text(encoding="utf-8")  # with its real line breaks, not the display glyph
    assert rows[0]["hit"] == "Azerbaijani" and rows[0]["outlet"]


def test_bad_queries_are_explained_above_the_list(workspace, dock, qtbot):
    type_query(qtbot, dock, '"kalbajar')
    assert dock.model.rowCount() == 0 and "unclosed quotation mark" in dock.count_label.text().lower()
    dock.regex.setChecked(True)
    type_query(qtbot, dock, "(ab")
    assert dock.model.rowCount() == 0 and "invalid regular expression" in dock.count_label.text().lower()
    type_query(qtbot, dock, r"\d+ (?:hours|Russian)")  # a regex runs in a worker thread
    qtbot.waitUntil(lambda: dock.model.rowCount() > 0, timeout=10_000)
    assert dock.model.hit(0).hit.split()[0].isdigit()


def test_code_all_hits_codes_the_hits_beyond_the_listed_ones(workspace, dock, qtbot, monkeypatch):
    import annotator.ui.docks.search as search_dock

    monkeypatch.setattr(search_dock, "LIMIT", 3)
    asked = []
    monkeypatch.setattr(plain, "ask", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Ok)
    type_query(qtbot, dock, "truce")
    assert dock.model.rowCount() == 3 and dock.count_label.text().startswith("First 3 of 9 hits")
    dock.code_all_button.click()
    assert "Code all 9 hits" in asked[0] and "first 3" in asked[0]
    project, ana = workspace.project, workspace.session.coder
    everything = search(project, "truce").hits
    assert spans_of(project, ana.id, workspace.code_id("claim")) == [(h.document_id, h.start, h.end) for h in everything]


def test_the_shortcut_takes_the_selected_words_as_the_query(workspace, qtbot):
    workspace.select("Kalbajar region")
    workspace.window.actions_by_name["search_corpus"].trigger()
    dock = workspace.window.search_dock
    assert dock.query.text() == '"Kalbajar region"' and dock.query.hasFocus()
    qtbot.keyClick(dock.query, Qt.Key.Key_Return)
    assert dock.model.rowCount() == len(search(workspace.project, '"Kalbajar region"').hits)
