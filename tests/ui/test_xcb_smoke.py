"""A smoke test on a real X display: Qt's xcb platform under Xvfb, not offscreen.

Offscreen hides what a display shows (window mapping, focus, the real platform plugin
and its system libraries). In a subprocess with QT_QPA_PLATFORM=xcb and the DISPLAY of
an Xvfb started here: open a project, code a span with the keyboard, undo, quit through
the event loop. Skipped when Xvfb or the xcb libraries are not installed (``.ci/run``
installs them where it can).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.ui import xcb

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from annotator.defaults import populate_default
    from annotator.store import Project
    from annotator.ui import app as app_module

    path = Path(sys.argv[1])
    with Project(path) as p:
        populate_default(p)
    assert app_module.run(path, ask_coder=False, exec_loop=False) == 0
    app = QApplication.instance()
    window = app._annotator_workspace.window
    QTest.qWaitForWindowExposed(window, 10000)
    project = window.session.project
    pane = window.current_pane
    needle = "We will restore Kalbajar"
    doc = next(d for d in project.documents() if needle in project.document(d.id).text)
    pane.open_document(doc.id)
    text = pane.view.toPlainText()
    start = text.index(needle)
    cursor = pane.view.textCursor()
    cursor.setPosition(start)  # the seed's text before the needle is ASCII: Qt and Python positions agree
    cursor.setPosition(start + len(needle), QTextCursor.MoveMode.KeepAnchor)
    pane.view.setTextCursor(cursor)
    pane.view.setFocus()
    QTest.keyClick(pane.view, Qt.Key.Key_2)
    coded = [(s.text, project.code(s.code_id).name) for s in project.spans_where()]
    QTest.keyClick(pane.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    undone = len(project.spans_where())
    QTimer.singleShot(200, window.close)
    QTimer.singleShot(400, app.quit)
    code = app.exec()
    window.session.close()
    project.close()
    with Project(path) as p:
        left = len(p.spans_where())
    print(json.dumps({"platform": app.platformName(), "coded": coded, "undone": undone, "left": left,
                      "exit": code}))
""")


def _xvfb():
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    missing = xcb.missing_libraries()
    if missing:
        pytest.skip(f"the xcb platform plugin's libraries are missing: {', '.join(missing)}")
    read, write = os.pipe()
    proc = subprocess.Popen([binary, "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as stream:
        number = stream.readline().strip()  # Xvfb writes its display number once it accepts clients
    if not number:
        proc.kill()
        proc.wait()
        pytest.skip("Xvfb did not start")
    return proc, f":{number}"


def test_code_a_span_and_undo_on_a_real_x_display(tmp_path):
    server, display = _xvfb()
    try:
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display, "PYTHONPATH": str(ROOT),
               "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
               "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_RUNTIME_DIR": str(tmp_path)}
        env.pop("WAYLAND_DISPLAY", None)
        result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "smoke.annotator")], env=env,
                                capture_output=True, text=True, timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["platform"] == "xcb"
    assert report["coded"] == [["We will restore Kalbajar", "quote"]]
    assert report["undone"] == 0 and report["left"] == 0
    assert report["exit"] == 0
