"""Starting the application, opening projects, remembering the workspace, files, crash safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from annotator.store import Project
from annotator.ui import app as app_module
from annotator.ui.controllers import exchange as files_module
from annotator.ui.controllers import coding as coding_module
from annotator.ui.settings import settings
from tests.ui.conftest import Workspace, select_text


def _window():
    return QApplication.instance()._annotator_workspace.window


def _close(window) -> None:
    window.close()
    window.session.close()
    window.session.project.close()


def test_unreadable_project_is_a_plain_words_dialog(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(app_module, "show_error", lambda parent, title, msg: shown.append((title, msg)))
    bad = tmp_path / "notes.annotator"
    bad.write_bytes(b"this is not a database at all" * 100)
    assert app_module.run(bad, ask_coder=False, exec_loop=False) == 1
    assert len(shown) == 1  # (a missing file is said on the terminal: tests/ui/test_start.py)
    for title, msg in shown:
        assert title == "Cannot open project"
        assert "Traceback" not in msg and "could not be opened" in msg


def test_first_run_asks_the_coder_once_and_remembers(qtbot, seeds_path, monkeypatch):
    asked = []

    def ask(parent, existing, default):
        asked.append(default)
        return "rosa"

    monkeypatch.setattr(app_module, "ask_coder_name", ask)
    assert app_module.run(seeds_path, exec_loop=False) == 0
    window = _window()
    qtbot.addWidget(window)
    assert window.session.coder.name == "rosa"
    assert "rosa" in window.coder_label.text()
    _close(window)
    assert app_module.run(seeds_path, exec_loop=False) == 0  # second run: not asked again
    qtbot.addWidget(_window())
    assert len(asked) == 1 and asked[0]  # the default offered was the OS user name
    _close(_window())


def test_default_project_when_no_path(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr("annotator.defaults.default_project_path", lambda: tmp_path / "data" / "default.annotator")
    assert app_module.run(None, ask_coder=False, exec_loop=False) == 0
    window = _window()
    qtbot.addWidget(window)
    assert window.session.project.document_count() == 5
    assert window.current_pane.view.toPlainText()
    _close(window)


def test_a_project_from_before_clutter_and_passages_gets_them_when_opened(qtbot, seeds_path, forget_analysis):
    with Project(seeds_path) as project:
        forget_analysis(project)
    assert app_module.run(seeds_path, ask_coder=False, exec_loop=False) == 0
    window = _window()
    qtbot.addWidget(window)
    db = window.session.project.db
    assert db.execute("SELECT count(*) FROM noise").fetchone()[0] > 20
    assert db.execute("SELECT count(*) FROM passage_members").fetchone()[0] > 20
    assert db.execute("SELECT count(*) FROM aligned_documents").fetchone()[0] == 5
    _close(window)


def test_window_remembers_panes_documents_and_view_options(qtbot, seeds_path):
    ws = Workspace(qtbot, seeds_path)
    docs = [d.id for d in ws.project.documents()]
    ws.pane.open_document(docs[3])
    second = ws.window.pane_control.add_pane(docs[1])
    assert len(ws.window.panes) == 2 and second.document_id == docs[1]
    ws.window.actions_by_name["sync_scroll"].setChecked(True)
    ws.window.actions_by_name["word_snapping"].setChecked(False)
    ws.window.actions_by_name["zoom_in"].trigger()
    ws.close()

    again = Workspace(qtbot, seeds_path)
    assert [p.document_id for p in again.window.panes] == [docs[3], docs[1]]
    assert again.window.actions_by_name["sync_scroll"].isChecked()
    assert not again.window.actions_by_name["word_snapping"].isChecked()
    assert all(not p.view.word_snapping for p in again.window.panes)
    assert again.view.zoom_steps == 1
    again.close()


def test_panes_add_close_cycle_and_sync_scroll(workspace, qtbot):
    ws = workspace
    w = ws.window
    for _ in range(5):
        w.pane_control.add_pane()
    assert len(w.panes) == 4  # at most four side by side
    assert len({p.document_id for p in w.panes}) == 4  # new panes show articles not yet open
    assert not w.actions_by_name["add_pane"].isEnabled()
    w.pane_control.close_pane(w.panes[3])
    w.pane_control.close_pane(w.panes[2])
    assert len(w.panes) == 2
    qtbot.wait(20)  # the closed panes are deleted
    ws.session.set_coder("ben")  # closed panes no longer listen
    ws.session.set_show_other_coders(True)
    ws.session.set_show_other_coders(False)
    ws.session.set_coder("ana")
    first, second = w.panes
    first.open_document(2)  # the longest seed
    second.open_document(2)
    w.resize(900, 500)
    qtbot.wait(10)
    w.actions_by_name["sync_scroll"].setChecked(True)
    bar = first.view.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    assert second.view.verticalScrollBar().value() == second.view.verticalScrollBar().maximum()
    w.actions_by_name["sync_scroll"].setChecked(False)
    bar.setValue(0)
    assert second.view.verticalScrollBar().value() > 0


def test_span_list_request_opens_document_and_selects_span(workspace):
    ws = workspace
    doc = ws.project.documents()[4].id
    text = ws.project.document(doc).text
    span = ws.project.add_span(doc, ws.code_id("claim"), ws.session.coder.id, 0, text.index(" "))
    ws.session.open_document(doc, span.id)
    ws.session.select_span(span.id)
    assert ws.pane.document_id == doc
    assert ws.view.selected_span_id == span.id


def test_switch_coder_keeps_coding_blind(workspace, qtbot, monkeypatch):
    ws = workspace
    start, end = ws.select("We will restore Kalbajar")
    ws.window.coding.apply_code(ws.code_id("quote"))
    monkeypatch.setattr(coding_module, "ask_coder_name", lambda parent, names, current: "ben")
    ws.window.actions_by_name["switch_coder"].trigger()
    assert ws.session.coder.name == "ben" and "ben" in ws.window.coder_label.text()
    assert ws.view.marks == []  # ana's span is not shown to ben
    assert settings().value("coder/name") == "ben"
    select_text(ws.view, start, end)
    ws.window.coding.apply_code(ws.code_id("claim"))
    assert sorted(ws.project.coder(s.coder_id).name for s in ws.project.spans_where()) == ["ana", "ben"]


def test_import_articles_and_export_from_the_menu_handlers(workspace, tmp_path, monkeypatch):
    ws = workspace
    summaries = []
    monkeypatch.setattr(files_module, "show_summary", lambda parent, title, text, ok: summaries.append((text, ok)))
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "one.txt").write_text("A new article about the handover of Lachin.\n", encoding="utf-8")
    (folder / "two.txt").write_text("Another article, about Aghdam.\n", encoding="utf-8")
    (folder / "dup.txt").write_text(ws.project.document(1).text, encoding="utf-8")
    before = ws.project.document_count()
    ws.window.exchange.import_articles([str(folder)])
    assert ws.project.document_count() == before + 2
    assert len(summaries) == 1 and "2 documents added" in summaries[0][0] and "1 duplicate" in summaries[0][0]
    assert ws.pane.picker.count() == before + 2  # the picker refreshed from the change signal
    checked = {r[0] for r in ws.project.db.execute("SELECT document_id FROM noise_checked")}
    aligned = {r[0] for r in ws.project.db.execute("SELECT document_id FROM aligned_documents")}
    new_ids = {d.id for d in ws.project.documents()} - set(range(1, before + 1))
    assert len(new_ids) == 2 and new_ids <= checked and new_ids <= aligned  # clutter and passages looked for

    s = ws.select("We will restore Kalbajar")
    ws.window.coding.apply_code(ws.code_id("quote"))
    out = tmp_path / "spans.jsonl"
    assert ws.window.exchange.export_spans("jsonl", str(out)) == 1
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["text"] == "We will restore Kalbajar" and s[0] >= 0


KILL_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QCoreApplication
    from annotator.store import Project
    from annotator.store.operations import CreateSpan
    from annotator.ui.session import Session
    app = QCoreApplication([])
    project = Project(sys.argv[1], create=False)
    session = Session(project, "ana")
    doc = project.documents()[0].id
    text = project.document(doc).text
    start = text.index("We will restore Kalbajar")
    ok = session.push(CreateSpan(doc, project.code_by_path("quote").id, session.coder.id, start, start + 24))
    print("created" if ok else "refused", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_kill_9_right_after_creating_a_span_loses_nothing(seeds_path):
    result = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(seeds_path)], capture_output=True, text=True,
                            timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert result.stdout.strip() == "created"
    with Project(seeds_path, create=False) as p:
        assert [s.text for s in p.spans_where()] == ["We will restore Kalbajar"]


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_kill_9_of_the_real_window_after_a_key_press(seeds_path, tmp_path):
    script = textwrap.dedent("""
        import os, signal, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from pathlib import Path
        from PySide6.QtCore import QSettings, Qt
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[2])
        from PySide6.QtGui import QTextCursor
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication
        from annotator.ui.app import run
        run(Path(sys.argv[1]), ask_coder=False, exec_loop=False)
        w = QApplication.instance()._annotator_workspace.window
        w.activateWindow(); QApplication.processEvents()
        v = w.current_pane.view
        i = v.toPlainText().index("We will restore Kalbajar")
        c = v.textCursor(); c.setPosition(i); c.setPosition(i + 24, QTextCursor.MoveMode.KeepAnchor); v.setTextCursor(c)
        QTest.keyClick(v, Qt.Key.Key_2)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    result = subprocess.run([sys.executable, "-c", script, str(seeds_path), str(tmp_path / "qs")],
                            capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == -signal.SIGKILL, result.stderr
    with Project(seeds_path, create=False) as p:
        assert [(s.text, p.code(s.code_id).name) for s in p.spans_where()] == [("We will restore Kalbajar", "quote")]


def test_file_open_and_new_replace_the_window_and_bad_files_keep_it(qtbot, seeds_path, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(app_module, "show_error", lambda parent, title, msg: shown.append(msg))
    assert app_module.run(seeds_path, ask_coder=False, exec_loop=False) == 0
    workspace = QApplication.instance()._annotator_workspace
    first = workspace.window
    qtbot.addWidget(first)

    bad = tmp_path / "broken.annotator"
    bad.write_text("not a project", encoding="utf-8")
    first.project_requested.emit(bad)
    assert workspace.window is first and first.isVisible() and len(shown) == 1

    fresh = tmp_path / "study.annotator"
    first.new_project_requested.emit(fresh)
    second = workspace.window
    qtbot.addWidget(second)
    assert second is not first and not first.isVisible()
    assert second.session.project.path == fresh
    assert [c.name for c in second.session.project.codes()][:2] == ["claim", "quote"]  # the default codebook
    assert second.session.project.document_count() == 0
    assert "Import Articles" in second.current_pane.view.placeholderText()  # what a first-time user is told

    second.project_requested.emit(seeds_path)  # File > Open Recent
    third = workspace.window
    qtbot.addWidget(third)
    assert third.session.project.path == seeds_path and third.session.project.document_count() == 5
    assert str(fresh) in files_module.recent_projects() and str(seeds_path) == files_module.recent_projects()[0]
    _close(third)


def test_menus_are_built_from_the_declared_actions_and_shortcuts_can_be_overridden(qtbot, seeds_path):
    settings().setValue("shortcuts/mark_done", "Ctrl+Shift+D")
    ws = Workspace(qtbot, seeds_path)
    w = ws.window
    menus = {title: [a.text() for a in menu.actions() if not a.isSeparator()] for title, menu in w.menus.items()}
    assert set(menus) == {"File", "Edit", "View", "Code", "Coder"}
    assert menus["Code"][:4] == ["claim", "quote", "casualty figure", "territorial change"]
    code_keys = [a.shortcut().toString() for a in w.menus["Code"].actions()[:4]]
    assert code_keys == ["1", "2", "3", "4"]
    assert any("Undo" in t for t in menus["Edit"]) and any("Redo" in t for t in menus["Edit"])
    assert "Open &Recent" in menus["File"]
    assert w.actions_by_name["mark_done"].shortcut().toString() == "Ctrl+Shift+D"
    assert w.actions_by_name["word_snapping"].isChecked()  # on by default
    assert not w.actions_by_name["show_others"].isChecked()  # blind coding by default
    ws.close()
