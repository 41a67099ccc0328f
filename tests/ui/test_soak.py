"""Soak: open and close panes, docks (in the window and on their own), dialogs and whole
projects a few hundred times,
with a garbage collection at random moments, under faulthandler. A Qt wrapper that
outlives its C++ object (the crash the suite once hid behind a ``gc.collect()`` after
every test) takes the process down here, with faulthandler's traceback.

The same steps every run (seed 2026); ``SOAK_SEED=<n>`` walks another path. Before the
delegate and the recount helper held their owner's method weakly (``ui/weak.py``), this
test segfaulted within its first few projects."""

from __future__ import annotations

import faulthandler
import gc
import os
import random
import sys

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from annotator.store import Project
from annotator.ui.docks import CodebookDock, DetailDock, DocumentsDock, SpansDock
from annotator.ui.docks.code_dialogs import DefinitionDialog, FieldsDialog
from annotator.ui.docks.search import SearchDock
from annotator.ui.docks.set_dialogs import SampleDialog
from annotator.ui.main_window import MainWindow
from annotator.ui.session import Session
from tests.ui.conftest import select_text

PROJECTS = 10
STEPS_PER_PROJECT = 45  # 450 steps, each opening, closing or editing something


def _flush() -> None:
    """Run what Qt deferred: the deleteLater()s above all, so objects really go."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def _open(path):
    project = Project(path, create=False)
    session = Session(project, "ana")
    window = MainWindow(session, restore=False)
    window.show()
    return window


def _close(window) -> None:
    session = window.session
    window.close()
    session.close()
    session.project.close()
    window.deleteLater()
    _flush()


def _dialog(window, rng: random.Random) -> None:
    kind = rng.randrange(3)
    if kind == 0:
        dialog = FieldsDialog("quote", (), window)
    elif kind == 1:
        dialog = DefinitionDialog("quote", "A direct quotation.", window)
    else:
        dialog = SampleDialog(window.session.project, window)
    dialog.show()
    _flush()
    dialog.reject()
    dialog.deleteLater()


def _edit(window, rng: random.Random) -> None:
    """Code a few words of the current pane and maybe undo it: the views rebuild."""
    view = window.current_pane.view
    if view.doc is None or len(view.doc.text) < 40:
        return
    start = rng.randrange(0, len(view.doc.text) - 30)
    select_text(view, start, start + 20)
    window.coding.apply_code(window.session.project.code_by_path("quote").id)
    if rng.random() < 0.5:
        window.session.undo()


def _loose_dock(window, rng: random.Random) -> None:
    """A dock made on its own and dropped, as the dock tests do: no parent, so Python
    owns it and reference counting (or the collector, for a cycle) deletes it."""
    cls = rng.choice([CodebookDock, DocumentsDock, SpansDock, DetailDock, SearchDock])
    dock = cls(window.session)
    assert dock.objectName()
    del dock


def _step(window, rng: random.Random) -> None:
    actions = window.actions_by_name
    choice = rng.randrange(10)
    if choice == 0:
        actions["add_pane"].trigger()
    elif choice == 1:
        actions["close_pane"].trigger()
    elif choice == 2:
        actions["next_document"].trigger()
    elif choice == 3:
        dock = window.statistics.show()
        if rng.random() < 0.5:
            dock.hide()
    elif choice == 4:
        dock = window.agreement.show()
        if rng.random() < 0.5:
            dock.hide()
    elif choice == 5:
        actions["search_corpus"].trigger()
        window.search_dock.run_search(rng.choice(["Kalbajar", "president", "the"]))
    elif choice == 6:
        _dialog(window, rng)
    elif choice == 7:
        _edit(window, rng)
    elif choice == 8:
        _loose_dock(window, rng)
    else:
        actions["next_pane"].trigger()


def test_open_and_close_everything_hundreds_of_times(qtbot, seeds_path):
    rng = random.Random(int(os.environ.get("SOAK_SEED", "2026")))
    was_enabled = faulthandler.is_enabled()  # pytest's own faulthandler writes to the real stderr
    if not was_enabled:
        faulthandler.enable(file=sys.__stderr__)
    try:
        steps = 0
        for _ in range(PROJECTS):
            window = _open(seeds_path)
            for _ in range(STEPS_PER_PROJECT):
                _step(window, rng)
                steps += 1
                if rng.random() < 0.3:
                    _flush()
                if rng.random() < 0.15:
                    gc.collect()
            _close(window)
            del window
            if rng.random() < 0.5:
                gc.collect()
        gc.collect()
        _flush()
        assert steps == PROJECTS * STEPS_PER_PROJECT
        assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    finally:
        if not was_enabled:
            faulthandler.disable()
