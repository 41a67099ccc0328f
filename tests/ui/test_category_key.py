"""A category's key in the window (one that came with a codebook file) codes nothing and
says why in the status bar; the code menus show the category greyed out."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.store import Project

from tests.ui.conftest import Workspace


def test_a_category_key_codes_nothing_and_says_why(qtbot, seeds_path):
    with Project(seeds_path) as p:
        cat = p.add_code("Actors", codable=False, shortcut="9").id
    ws = Workspace(qtbot, seeds_path)
    try:
        ws.select("We will restore Kalbajar")
        before = ws.project.span_count()
        qtbot.keyClick(ws.view, Qt.Key.Key_9)
        assert ws.project.span_count() == before
        said = ws.window.statusBar().currentMessage()
        assert "'Actors' is a category" in said and "cannot be applied" in said
        menu_action = next(a for a in ws.window.coding.code_actions if a.data() == cat)
        assert not menu_action.isEnabled() and menu_action.shortcut().isEmpty()
    finally:
        ws.close()
