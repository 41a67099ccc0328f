"""The search dock's Include noise box: hits in page clutter are left out of the list until
it is ticked, and Code All Hits codes what the list was searched with."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.store.search import search
from annotator.ui.models.search import SearchModel


@pytest.fixture
def dock(workspace, qtbot):
    workspace.window.actions_by_name["search_corpus"].trigger()
    d = workspace.window.search_dock
    qtbot.waitUntil(d.isVisible)
    return d


def _hits(dock) -> list[str]:
    return [dock.model.index(r, SearchModel.HIT).data() for r in range(dock.model.rowCount())]


def test_clutter_hits_appear_only_with_include_noise(workspace, dock, qtbot):
    dock.query.clear()
    qtbot.keyClicks(dock.query, "advertisement")
    qtbot.keyClick(dock.query, Qt.Key.Key_Return)
    assert _hits(dock) == [] and dock.count_label.text().startswith("No hits")
    qtbot.mouseClick(dock.include_noise, Qt.MouseButton.LeftButton)  # searches again at once
    assert dock.include_noise.isChecked()
    assert len(_hits(dock)) == 7 and {h.casefold() for h in _hits(dock)} == {"advertisement"}
    qtbot.mouseClick(dock.include_noise, Qt.MouseButton.LeftButton)
    assert _hits(dock) == []


def test_code_all_hits_leaves_clutter_uncoded(workspace, dock, qtbot):
    project = workspace.project
    dock.query.clear()
    qtbot.keyClicks(dock.query, "kalbajar")
    qtbot.keyClick(dock.query, Qt.Key.Key_Return)
    listed = dock.model.rowCount()
    assert len(search(project, "kalbajar", include_noise=True).hits) > listed  # a duplicate line names it too
    op = dock.code_hits(selected_only=False, confirm=False)
    assert op is not None and len(op.created) == listed
    noise = project.db.execute("SELECT document_id, start, \"end\" FROM noise WHERE origin != 'cleared'").fetchall()
    for span in op.created:
        assert not any(d == span.document_id and s < span.end and span.start < e for d, s, e in noise)


def test_a_regex_search_leaves_clutter_out_too(dock, qtbot):
    """The regex runs in a worker thread: the noise regions it skips are read before it starts."""
    dock.regex.setChecked(True)
    dock.query.clear()
    qtbot.keyClicks(dock.query, "(?i)advertisement")
    qtbot.keyClick(dock.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dock.searching(), timeout=30_000)
    assert _hits(dock) == [] and dock.count_label.text().startswith("No hits")
    qtbot.mouseClick(dock.include_noise, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dock.searching(), timeout=30_000)
    assert len(_hits(dock)) == 7
