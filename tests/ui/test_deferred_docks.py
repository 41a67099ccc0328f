"""A short start (issue 17): what the first painted window does not show is built, and
imported, after its first paint; everything deferred is there when the user asks for it.

* The start path imports no sqlite-utils (nor click, pluggy, dateutil), numpy, pyqtgraph,
  regex engine, alignment, or the Documents and Search docks' modules (``-X importtime``
  of a real start, in a fresh process).
* The Documents and Search docks are built on the first turn of the event loop after the
  first paint, tabbed behind Spans and listed in View; or at once when asked for (Edit ▸
  Search All Articles, View ▸ Statistics) before that.
* A saved layout: a deferred dock it shows is built before the layout is restored; one it
  keeps tabbed behind another, or closed, gets that place back when it is built.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from annotator.defaults import ensure_default_project
from annotator.store import Project
from tests.ui.conftest import Workspace

ROOT = Path(__file__).resolve().parents[2]

#: The window's start, to its first paint (one turn of the event loop after show).
START = """
from PySide6.QtWidgets import QApplication
from annotator.ui.app import run
assert run(None, ask_coder=False, exec_loop=False) == 0
QApplication.processEvents()
window = QApplication.instance()._annotator_workspace.window
assert window.isVisible() and window.current_pane.view.toPlainText()
print("deferred built:", window.deferred_docks_built)
"""

NOT_AT_START = ("sqlite_utils", "click", "pluggy", "dateutil", "numpy", "pandas", "pyqtgraph", "regex",
                "rapidfuzz", "annotator.store.alignment", "annotator.store.adjudication", "annotator.store.search",
                "annotator.ui.docks.documents", "annotator.ui.docks.search", "annotator.ui.statistics",
                "annotator.ui.agreement", "hashlib", "_hashlib", "annotator.store.codebook_edits",
                "annotator.store.exclusion", "annotator.ui.dialogs", "annotator.store.noise",
                "annotator.core.passages", "annotator.store.passages", "annotator.store.analysis",
                "annotator.store.operations")

#: PySide's source scan of every module imported after it (annotator.ui.feature_scan), counted.
SCAN = """
from PySide6.QtWidgets import QApplication
import shibokensupport.feature as feature
scanned = []
original = feature._mod_uses_pyside
feature._mod_uses_pyside = lambda module: scanned.append(module.__name__) or original(module)
import annotator.ui.app
from annotator.ui.main_window import MainWindow
from json.tool import main
print(" ".join(scanned))
print(feature.pyside_feature_dict.get("annotator.ui.main_window"), feature.pyside_feature_dict.get("json.tool"))
"""


#: A code key pressed right after the first paint, before any idle turn of the event loop (the
#: operation classes and sqlite-utils load on one): the span is stored all the same.
FIRST_EDIT = """
import sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from annotator.ui.app import run
assert run(None, ask_coder=False, exec_loop=False) == 0
QApplication.processEvents()  # the first paint
window = QApplication.instance()._annotator_workspace.window
print("loaded before the key:", "annotator.store.operations" in sys.modules, window.session.project.db.utils_loaded)
view = window.current_pane.view
cursor = view.textCursor()
cursor.setPosition(0)
cursor.setPosition(12, QTextCursor.MoveMode.KeepAnchor)
view.setTextCursor(cursor)
before = len(window.session.project.spans_where())
QTest.keyClick(view, Qt.Key.Key_1)
print("spans:", before, len(window.session.project.spans_where()))
"""


def _start_imports() -> tuple[set[str], str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", START], capture_output=True, text=True,
                          env=env, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    modules = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    return modules, done.stdout


def test_the_start_to_the_first_paint_imports_nothing_the_first_screen_does_not_need():
    ensure_default_project()  # created (written) here: the start below only opens it
    _start_imports()  # the first start remembers the coder (a write)
    modules, out = _start_imports()
    assert "annotator.ui.main_window" in modules and "annotator.store.project" in modules  # the listing is real
    assert "deferred built: False" in out  # the measured start is the one before the deferred docks
    loaded = sorted(m for m in modules for heavy in NOT_AT_START if m == heavy or m.startswith(heavy + "."))
    assert loaded == []


def test_a_code_key_right_after_the_first_paint_stores_the_span():
    ensure_default_project()
    _start_imports()  # the first start remembers the coder (a write)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", FIRST_EDIT], capture_output=True, text=True, env=env, timeout=120,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    loaded, spans = done.stdout.splitlines()[-2:]
    assert loaded == "loaded before the key: False False"  # the key is what loads them
    before, after = map(int, spans.split()[1:])
    assert after == before + 1


def test_modules_imported_after_the_app_module_are_not_read_for_pyside_features():
    """PySide reads the whole source of each module imported after it (to tell whether it uses
    PySide6 features); after annotator.ui.app nothing is read, and each module gets the
    selection a PySide-using module without features gets (0)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", SCAN], capture_output=True, text=True, env=env, timeout=120,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    scanned, selections = done.stdout.splitlines()[-2:]
    assert "PySide6.QtWidgets" in scanned.split()  # the count is real: what came before the app module
    assert not {"annotator.store.project", "annotator.ui.main_window", "annotator.ui.pane", "json.tool"} \
        & set(scanned.split())
    assert selections == "0 0"


def _window(qtbot, path: Path):
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    project = Project(path, create=False)
    session = Session(project, "ana")
    window = MainWindow(session)
    qtbot.addWidget(window)
    return window


def _close(window) -> None:
    window.close()
    window.session.close()
    window.session.project.close()


def _names(window) -> list[str]:
    return [d.objectName() for d in window.docks]


def _view_titles(window) -> list[str]:
    return [a.text() for a in window.menus["View"].actions()]


def test_the_lists_are_built_after_the_first_paint_tabbed_behind_spans_and_listed_in_view(qtbot, seeds_path):
    window = _window(qtbot, seeds_path)
    assert _names(window) == ["codebookDock", "spansDock", "detailDock"]
    assert "Documents" not in _view_titles(window)
    window.show()
    qtbot.waitUntil(lambda: window.deferred_docks_built)
    assert _names(window) == ["codebookDock", "documentsDock", "spansDock", "detailDock", "searchDock"]
    assert _view_titles(window)[-5:-2] == ["Spans", "Span", "Search"]
    assert "Documents" in _view_titles(window)
    assert set(window.tabifiedDockWidgets(window.spans_dock)) == {window.documents_dock, window.search_dock}
    qtbot.waitUntil(lambda: window.session.project.db.utils_loaded)  # loaded on idle, not in the first edit
    qtbot.waitUntil(lambda: window.spans_dock.visibleRegion().isEmpty() is False)
    assert window.documents_dock.visibleRegion().isEmpty()  # Spans stays the tab on top
    # the documents list works: it follows the current pane's article
    from annotator.ui.models.documents import DocIdRole

    doc = window.current_pane.document_id
    assert doc is not None and window.documents_dock.view.currentIndex().data(DocIdRole) == doc
    _close(window)


def test_search_all_articles_before_the_first_paint_builds_the_search_dock_and_searches(qtbot, seeds_path):
    window = _window(qtbot, seeds_path)
    window.show()
    window.actions_by_name["search_corpus"].trigger()  # Ctrl+Shift+F before any event was processed
    assert "searchDock" in _names(window) and "Search" in _view_titles(window)
    qtbot.waitUntil(lambda: window.search_dock.isVisible())
    qtbot.waitUntil(lambda: window.deferred_docks_built)
    dock = window.search_dock
    assert window.findChildren(type(dock)) == [dock]  # one search dock, not a second one after the paint
    dock.run_search("Kalbajar")
    qtbot.waitUntil(lambda: dock.model.rowCount() > 0)
    hit = dock.model.index(0, 0)
    dock.view.activated.emit(hit)
    assert "Kalbajar" in window.current_pane.view.textCursor().selectedText()
    _close(window)


def test_statistics_before_the_first_paint_follow_the_documents_list(qtbot, seeds_path):
    window = _window(qtbot, seeds_path)
    window.actions_by_name["statistics"].trigger()
    assert "documentsDock" in _names(window)  # built for the statistics to follow its selection
    window.show()
    qtbot.waitUntil(lambda: window.deferred_docks_built)
    QApplication.processEvents()
    assert window.findChildren(type(window.documents_dock)) == [window.documents_dock]
    assert set(window.tabifiedDockWidgets(window.spans_dock)) == {window.documents_dock, window.search_dock}
    assert not window.spans_dock.visibleRegion().isEmpty()  # Spans is the tab on top, as by default
    shown = []
    window.statistics_dock.set_documents = shown.append  # what the statistics are restricted to
    window.documents_dock.view.selectAll()  # Ctrl+A in the list
    assert shown and sorted(shown[-1]) == sorted(d.id for d in window.session.project.documents())
    _close(window)


def test_a_saved_layout_showing_the_documents_list_builds_it_before_it_is_restored(qtbot, seeds_path):
    first = Workspace(qtbot, seeds_path)
    qtbot.waitUntil(lambda: first.window.deferred_docks_built)
    first.window.documents_dock.raise_()  # the Documents tab on top
    qtbot.waitUntil(lambda: not first.window.documents_dock.visibleRegion().isEmpty())
    first.close()

    window = _window(qtbot, seeds_path)
    assert "documentsDock" in _names(window) and "searchDock" not in _names(window)  # shown: built at restore
    window.show()
    qtbot.waitUntil(lambda: window.deferred_docks_built)
    QApplication.processEvents()
    assert set(window.tabifiedDockWidgets(window.documents_dock)) == {window.spans_dock, window.search_dock}
    assert not window.documents_dock.visibleRegion().isEmpty()  # still the tab on top
    assert window.search_dock.visibleRegion().isEmpty()
    _close(window)


def test_a_deferred_dock_the_saved_layout_floats_or_closes_comes_back_so(qtbot, seeds_path):
    first = Workspace(qtbot, seeds_path)
    qtbot.waitUntil(lambda: first.window.deferred_docks_built)
    first.window.search_dock.setFloating(True)
    first.window.documents_dock.close()  # View ▸ Documents unchecked
    QApplication.processEvents()
    first.close()

    window = _window(qtbot, seeds_path)
    assert _names(window) == ["codebookDock", "spansDock", "detailDock", "searchDock"]  # the floating one: shown
    assert window.search_dock.isFloating()
    window.show()
    qtbot.waitUntil(lambda: window.deferred_docks_built)
    QApplication.processEvents()
    documents = window.documents_dock
    assert not documents.toggleViewAction().isChecked() and not documents.isVisible()  # still closed
    assert window.search_dock.isFloating() and window.search_dock.isVisible()
    documents.toggleViewAction().trigger()  # View ▸ Documents opens it
    qtbot.waitUntil(documents.isVisible)
    assert documents.model.rowCount() == len(window.session.project.documents())
    _close(window)


def test_a_layout_saved_before_the_docks_were_deferred_builds_both_before_restoring(qtbot, seeds_path):
    from annotator.ui.main_window import SHOWN_KEY
    from annotator.ui.settings import settings

    first = Workspace(qtbot, seeds_path)
    qtbot.waitUntil(lambda: first.window.deferred_docks_built)
    first.close()
    s = settings()
    s.remove(SHOWN_KEY)
    s.sync()

    window = _window(qtbot, seeds_path)
    assert window.deferred_docks_built
    assert set(window.tabifiedDockWidgets(window.spans_dock)) == {window.documents_dock, window.search_dock}
    _close(window)


def test_a_saved_layout_showing_both_lists_builds_both_before_it_is_restored(qtbot, seeds_path):
    first = Workspace(qtbot, seeds_path)
    qtbot.waitUntil(lambda: first.window.deferred_docks_built)
    first.window.search_dock.setFloating(True)
    first.window.documents_dock.raise_()
    qtbot.waitUntil(lambda: not first.window.documents_dock.visibleRegion().isEmpty())
    first.close()

    window = _window(qtbot, seeds_path)
    assert window.deferred_docks_built  # both shown: both built at restore
    assert window.search_dock.isFloating()
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    assert not window.documents_dock.visibleRegion().isEmpty()
    _close(window)
