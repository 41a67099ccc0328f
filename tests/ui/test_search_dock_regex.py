"""A regex search in the window runs in a worker thread: the window stays responsive, the
search can be cancelled, and a pattern that backtracks forever is stopped with a message."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

import annotator.core.search as core_search
from annotator.core.model import NewDocument

CATASTROPHIC = r"(a|aa)+$"  # exponential backtracking on a line of a's that does not end the text


@pytest.fixture
def dock(workspace, qtbot):
    workspace.project.add_document(NewDocument(text="a" * 80 + "!\nThe end.", title="Hostile"))
    workspace.window.actions_by_name["search_corpus"].trigger()
    d = workspace.window.search_dock
    qtbot.waitUntil(d.isVisible)
    d.regex.setChecked(True)
    yield d
    d.cancel_search(quiet=True)
    assert d.wait_for_regex(30)


def type_query(qtbot, dock, text):
    dock.query.clear()
    qtbot.keyClicks(dock.query, text)
    qtbot.keyClick(dock.query, Qt.Key.Key_Return)


def test_a_catastrophic_regex_is_stopped_with_a_message_and_the_window_stays_responsive(dock, qtbot, monkeypatch):
    monkeypatch.setattr(core_search, "REGEX_SECONDS", 0.5)
    type_query(qtbot, dock, CATASTROPHIC)
    assert dock.searching() and dock.search_button.text() == "Cancel"
    assert dock.count_label.text().startswith("Searching")
    qtbot.keyClicks(dock.query, "x")  # the window takes input while the search runs
    assert dock.query.text() == CATASTROPHIC + "x"
    qtbot.waitUntil(lambda: not dock.searching(), timeout=30_000)
    label = dock.count_label.text()
    assert "took more than 0.5 seconds and was stopped" in label and "(a+)+" in label
    assert dock.model.rowCount() == 0 and dock.search_button.text() == "Search"


def test_cancel_stops_the_search_at_once(dock, qtbot, monkeypatch):
    monkeypatch.setattr(core_search, "REGEX_SECONDS", 2.0)
    type_query(qtbot, dock, CATASTROPHIC)
    assert dock.searching()
    dock.search_button.click()
    assert not dock.searching() and dock.count_label.text() == "Search cancelled"
    assert dock.search_button.text() == "Search"
    assert dock.wait_for_regex(30)
    qtbot.wait(50)  # the worker's late result, if any, is dropped
    assert dock.count_label.text() == "Search cancelled" and dock.model.rowCount() == 0


def test_a_new_search_replaces_a_running_one(dock, qtbot, monkeypatch):
    monkeypatch.setattr(core_search, "REGEX_SECONDS", 2.0)
    type_query(qtbot, dock, CATASTROPHIC)
    type_query(qtbot, dock, r"The end")
    qtbot.waitUntil(lambda: dock.model.rowCount() == 1, timeout=10_000)
    assert dock.model.hit(0).hit == "The end"
    assert dock.wait_for_regex(30)
    qtbot.wait(50)
    assert dock.model.rowCount() == 1 and not dock.searching()


def test_code_all_hits_of_a_regex_codes_those_beyond_the_listed_ones(workspace, dock, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    import annotator.ui.docks.search as search_dock
    from annotator.store.search import search
    from annotator.ui import plain

    monkeypatch.setattr(search_dock, "LIMIT", 3)
    monkeypatch.setattr(plain, "ask", lambda *a, **k: QMessageBox.StandardButton.Ok)
    type_query(qtbot, dock, r"(?i)truce")
    qtbot.waitUntil(lambda: dock.model.rowCount() == 3, timeout=10_000)
    everything = search(workspace.project, r"(?i)truce", regex=True).hits
    assert len(everything) > 3 and dock.count_label.text().startswith(f"First 3 of {len(everything)} hits")
    dock.code_all_button.click()
    claim = workspace.code_id("claim")
    coded = sorted((s.document_id, s.start, s.end) for s in workspace.project.spans_where()
                   if s.code_id == claim and s.coder_id == workspace.session.coder.id)
    assert coded == sorted((h.document_id, h.start, h.end) for h in everything)
