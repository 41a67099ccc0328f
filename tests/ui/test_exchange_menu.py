"""File menu exchange (REFI-QDA, code matrix, merge) and the statistics dock, through the real window."""

import csv
import sys

from PySide6.QtWidgets import QApplication

from annotator.defaults import ensure_default_project
from annotator.store import Project


def _menu_texts(window, title):
    return [a.text() for a in window.menus[title].actions()]


def test_file_menu_offers_the_exchange_formats(workspace):
    texts = _menu_texts(workspace.window, "File")
    for text in ("Export REFI-QDA &Project (.qdpx)…", "Import REFI-QDA P&roject (.qdpx)…",
                 "Export Code &Matrix (CSV)…", "Mer&ge Coders' Projects…"):
        assert text in texts


def test_export_qdpx_then_import_into_another_project(workspace, qtbot, tmp_path):
    workspace.select("We will restore Kalbajar")
    qtbot.keyClick(workspace.view, "2")
    out = tmp_path / "study.qdpx"
    assert workspace.window.exchange.export_qdpx(str(out)) == out and out.stat().st_size > 0

    from annotator.io.refi import import_qdpx
    with Project(tmp_path / "other.annotator") as other:
        import_qdpx(other, out)
        assert [s.text for s in other.spans_where()] == ["We will restore Kalbajar"]


def test_import_qdpx_garbage_shows_an_error_and_changes_nothing(workspace, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("annotator.ui.controllers.exchange.show_error", lambda parent, title, msg: shown.append(msg))
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"nope")
    before = workspace.project.document_count()
    assert workspace.window.exchange.import_qdpx(str(bad)) is None
    assert shown and "bad.qdpx" in shown[0] and "unchanged" in shown[0]
    assert workspace.project.document_count() == before


def test_export_matrix(workspace, qtbot, tmp_path):
    workspace.select("We will restore Kalbajar")
    qtbot.keyClick(workspace.view, "2")
    out = tmp_path / "m.csv"
    assert workspace.window.exchange.export_matrix(str(out)) == 5
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert sum(int(r["quote"]) for r in rows) == 1


def test_merge_brings_another_coders_spans(workspace, tmp_path, monkeypatch):
    monkeypatch.setattr("annotator.ui.controllers.exchange.show_summary", lambda *a: None)
    other = ensure_default_project(tmp_path / "ben.annotator")
    with Project(other) as p:
        p.add_span(1, p.code_by_path("claim").id, p.ensure_coder("ben").id, 0, 4)
    report = workspace.window.exchange.merge_projects([str(other)])
    assert report.ok
    ben = workspace.project.coder_by_name("ben")
    assert [(s.document_id, s.start, s.end) for s in workspace.project.spans_for_document(1, ben.id)] == [(1, 0, 4)]


def test_statistics_dock_loads_pyqtgraph_only_when_shown(workspace, qtbot):
    assert "pyqtgraph" not in sys.modules or workspace.window.statistics_dock is None
    assert workspace.window.statistics_dock is None
    workspace.window.actions_by_name["statistics"].trigger()
    dock = workspace.window.statistics_dock
    assert dock is not None and dock.isVisible() and "pyqtgraph" in sys.modules
    assert dock.toggleViewAction() in workspace.window.menus["View"].actions()
    workspace.window.actions_by_name["statistics"].trigger()  # again: the same dock, not a second one
    assert workspace.window.statistics_dock is dock
    QApplication.processEvents()


def test_selecting_articles_in_the_document_list_filters_the_statistics(workspace, qtbot):
    from PySide6.QtCore import Qt

    window = workspace.window
    dock = window.statistics.show()
    docs = window.documents_dock
    docs.show()
    docs.raise_()
    view = docs.view
    first, third = view.model().index(0, 0), view.model().index(2, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(first).center())
    assert dock.filters.documents is None  # one article selected: no restriction
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     pos=view.visualRect(third).center())
    chosen = set(docs.selected_documents())
    assert len(chosen) == 2 and dock.filters.documents == frozenset(chosen)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(first).center())
    assert dock.filters.documents is None
