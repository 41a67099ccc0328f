"""The window on a real screen: one to four panes fit beside readable docks, the pane
header wraps instead of widening the pane, View ▸ Reset Layout, and a saved layout that
no longer fits the screen repaired on start.

The window tests run on a 1920 × 1080 offscreen screen (tests/conftest.py); the 1600 px
screen is probed in a subprocess (tests/ui/layout_probe.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from annotator.ui import layout
from annotator.ui.pane import header_line
from tests.ui.conftest import Workspace

ROOT = Path(__file__).resolve().parents[2]
CODEBOOK_MIN = layout.SIDE_DOCKS["codebookDock"].minimum
DETAIL_MIN = layout.SIDE_DOCKS["detailDock"].minimum


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def maximise_by_hand(window) -> QRect:
    available = window.screen().availableGeometry()
    frame = window.frameGeometry().size() - window.size()
    window.move(available.topLeft())
    window.resize(available.size() - frame)
    settle()
    return available


def assert_fits(window, available: QRect) -> None:
    frame = window.frameGeometry()
    assert frame.width() <= available.width(), (frame, available)
    assert available.contains(frame), (frame, available)
    assert window.codebook_dock.width() >= CODEBOOK_MIN
    assert window.detail_dock.width() >= DETAIL_MIN
    assert all(p.width() >= layout.PANE_MIN_WIDTH for p in window.panes), [p.width() for p in window.panes]


def test_one_to_four_panes_fit_a_full_hd_screen_beside_the_default_docks(workspace):
    window = workspace.window
    available = maximise_by_hand(window)
    assert available.width() == 1920
    for n in range(1, 5):
        if n > 1:
            window.pane_control.add_pane()
        settle()
        assert len(window.panes) == n
        assert_fits(window, available)
        assert window.codebook_dock.width() >= 250 and window.detail_dock.width() >= 320  # the defaults, untouched
    for _ in range(3):  # back to one pane: the docks were never crushed
        window.pane_control.close_pane()
    settle()
    assert_fits(window, available)
    assert window.codebook_dock.width() >= 250


def test_code_names_are_readable_in_the_codebook_dock_with_four_panes(workspace):
    window = workspace.window
    maximise_by_hand(window)
    for _ in range(3):
        window.pane_control.add_pane()
    settle()
    view = window.codebook_dock.view
    metrics = view.fontMetrics()
    model = view.model()
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert "territorial change" in names
    column = view.columnWidth(0) - view.indentation() - 24  # the swatch
    for name in names:
        assert metrics.horizontalAdvance(name) <= column, (name, view.columnWidth(0))


def test_a_narrow_pane_wraps_its_header_between_the_parts(workspace):
    window = workspace.window
    maximise_by_hand(window)
    workspace.open("BAKU, Azerbaijan")
    pane = workspace.pane
    assert pane.minimumSizeHint().width() <= layout.PANE_MIN_WIDTH
    window.splitter.widget(0).setMinimumWidth(layout.PANE_MIN_WIDTH)
    for _ in range(3):
        window.pane_control.add_pane()
    window.resize(window.minimumSizeHint().width(), window.height())
    settle()
    assert pane.width() < 300
    meta = pane.meta
    assert "Associated\u00a0Press" in meta.text() and "not\u00a0started" in meta.text()
    assert meta.width() <= pane.width()
    assert meta.height() > meta.fontMetrics().height() * 1.5  # it wrapped onto a second line
    assert meta.geometry().right() <= pane.header.contentsRect().right()


def test_the_header_line_breaks_only_between_parts():
    line = header_line(["Associated Press", "2020-11-25", "2,024 characters", "not started"])
    bare = line.replace("\u200e", "").replace("\u2068", "").replace("\u2069", "")  # the bidi marks (test_rtl_header)
    assert bare.split(" ") == ["Associated\u00a0Press\u00a0", "·", "", "2020-11-25\u00a0", "·", "",
                               "2,024\u00a0characters\u00a0", "·", "", "not\u00a0started"]


def test_a_pane_that_widens_the_window_moves_it_back_onto_the_screen(workspace):
    window = workspace.window
    available = window.screen().availableGeometry()
    window.resize(1200, 800)
    window.move(500, 40)
    settle()
    for _ in range(3):
        window.pane_control.add_pane()
    settle()
    assert window.width() > 1200  # four panes need more than it had
    assert_fits(window, available)


def test_reset_layout_puts_every_dock_back(workspace):
    window = workspace.window
    available = maximise_by_hand(window)
    window.codebook_dock.setFloating(True)
    window.search_dock.hide()
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.detail_dock)
    window.pane_control.add_pane()
    window.splitter.setSizes([900, 300])
    settle()
    assert "Reset Layout" in [a.text().replace("&", "") for a in window.menus["View"].actions()]
    window.actions_by_name["reset_layout"].trigger()
    settle()
    assert not window.codebook_dock.isFloating()
    assert window.dockWidgetArea(window.codebook_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert window.dockWidgetArea(window.detail_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.search_dock.toggleViewAction().isChecked()  # the hidden dock is back
    assert set(window.tabifiedDockWidgets(window.spans_dock)) == {window.documents_dock, window.search_dock}
    assert abs(window.codebook_dock.width() - 250) <= 8 and abs(window.detail_dock.width() - 320) <= 8
    a, b = window.splitter.sizes()
    assert abs(a - b) <= 2
    assert_fits(window, available)


def test_a_saved_layout_too_wide_for_the_screen_with_crushed_docks_is_repaired_on_start(qtbot, seeds_path):
    first = Workspace(qtbot, seeds_path)
    window = first.window
    window.codebook_dock.setMinimumWidth(0)  # as an older version let four panes squeeze it
    window.detail_dock.setMinimumWidth(0)
    window.resize(2600, 1300)
    settle()
    window.resizeDocks([window.codebook_dock, window.detail_dock], [80, 90], Qt.Orientation.Horizontal)
    settle()
    assert window.codebook_dock.width() < 100 and window.width() > 1920
    first.close()

    again = Workspace(qtbot, seeds_path)
    try:
        available = again.window.screen().availableGeometry()
        settle()
        assert_fits(again.window, available)
        assert again.window.codebook_dock.width() >= 250 and again.window.detail_dock.width() >= 320  # defaults
    finally:
        again.close()


def test_fit_rect_shrinks_and_moves_onto_the_screen():
    screen = QRect(0, 0, 1600, 1000)
    assert layout.fit_rect(QRect(-50, 20, 2011, 900), screen) == QRect(0, 20, 1600, 900)
    assert layout.fit_rect(QRect(900, 500, 1000, 700), screen) == QRect(600, 300, 1000, 700)
    assert layout.fit_rect(QRect(10, 10, 800, 600), screen) == QRect(10, 10, 800, 600)


@pytest.mark.parametrize(("width", "height"), [(1600, 1000), (1920, 1080)])
def test_panes_fit_the_screen_sizes_researchers_use(tmp_path, width, height):
    """Three panes beside the default docks on 1600 px, four on 1920 px; four still fit
    1600 px with the docks at their readable minimum, code names whole; the Spans dock shows
    eight rows or more."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, str(ROOT / "tests" / "ui" / "layout_probe.py"), str(width), str(height),
                          str(tmp_path)], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout.strip().splitlines()[-1])
    for row in rows:
        assert row["window"] <= row["available"] == width, row
        assert row["codebook"] >= CODEBOOK_MIN and row["detail"] >= DETAIL_MIN, row
        assert min(row["pane_widths"]) >= layout.PANE_MIN_WIDTH, row
        assert row["span_rows"] >= 8, row  # the Spans dock opens usable, not a 164 px strip
        for name, needed, room in row["code_names"]:  # whole code names, even with the dock at its minimum
            assert needed <= room, (row["panes"], name, needed, room)
    defaults_up_to = 3 if width == 1600 else 4
    for row in rows[:defaults_up_to]:
        assert row["codebook"] >= 250 and row["detail"] >= 320, row
