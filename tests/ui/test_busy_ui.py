"""Coding while another process writes to the project file (issue 12, section 1), and a
project opened read-only (section 2): driven through the real window, checked in the database."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.store import opening
from annotator.ui import app as app_module
from annotator.ui.commit import WAITING_MESSAGE
from tests.lock_holder import LockHolder

NEEDLE = "We will restore Kalbajar"
UNDO = Qt.KeyboardModifier.ControlModifier
REDO = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def spans(ws) -> list[str]:
    with sqlite3.connect(ws.project.path) as other:  # what another process sees: committed rows only
        return [r[0] for r in other.execute("SELECT text FROM spans")]


def press_quote(ws) -> None:
    ws.select(NEEDLE)
    ws.view.setFocus()
    ws.qtbot.keyClick(ws.view, Qt.Key.Key_2)  # the quote code's key


class Asked:
    """Stands in for the Retry/Discard box: records what it was told, answers from a script."""

    def __init__(self, *answers: bool, then=None):
        self.answers = list(answers)
        self.calls: list[tuple[str, str]] = []
        self.then = then

    def __call__(self, what: str, cause: str) -> bool:
        self.calls.append((what, cause))
        if self.then is not None:
            self.then()
        return self.answers.pop(0)


def test_a_span_coded_while_another_process_writes_is_stored_once_the_lock_is_free(workspace):
    ws = workspace
    shown: list[str] = []
    with LockHolder(ws.project.path) as holder:
        def on_waiting(on: bool) -> None:
            if on:  # half a second in: the window says so, still painting; then the import commits
                shown.append(ws.window.statusBar().currentMessage())
                holder.release()

        ws.session.waiting.connect(on_waiting)
        press_quote(ws)
    assert shown == [WAITING_MESSAGE]
    assert spans(ws) == [NEEDLE]
    assert ws.session.undo_stack.count() == 1 and "Create span" in ws.window.undo_action.text()
    assert ws.window.statusBar().currentMessage() != WAITING_MESSAGE  # the notice goes when done
    assert QApplication.overrideCursor() is None


def test_a_holder_that_commits_on_its_own_after_a_while_gets_the_span_stored_once(workspace):
    """The issue's case as it happens: nobody coordinates, the other process just finishes
    (1.5 s here rather than 10: the same path, past the half-second notice)."""
    ws = workspace
    waiting: list[bool] = []
    ws.session.waiting.connect(waiting.append)
    with LockHolder(ws.project.path, seconds=1.5):
        press_quote(ws)
    assert waiting == [True, False]
    assert spans(ws) == [NEEDLE] and ws.session.undo_stack.count() == 1


def test_locked_beyond_the_wait_the_user_is_told_and_discard_leaves_the_stack_clean(workspace):
    ws = workspace
    asked = Asked(False)
    ws.session.committer.ask = asked
    ws.project.lock_wait = 0.3
    with LockHolder(ws.project.path):
        press_quote(ws)
        assert spans(ws) == []
        assert len(asked.calls) == 1
        what, cause = asked.calls[0]
        assert what == "Create span" and "another program is writing to the project file" in cause
        assert ws.session.undo_stack.count() == 0 and not ws.window.undo_action.isEnabled()
        assert "discarded" in ws.window.statusBar().currentMessage()
        ws.qtbot.keyClick(ws.view, Qt.Key.Key_Z, UNDO)  # nothing to undo, nothing raised
        ws.qtbot.keyClick(ws.view, Qt.Key.Key_Z, REDO)
    assert spans(ws) == [] and ws.session.undo_stack.count() == 0
    press_quote(ws)  # the lock is free again: coding works as before
    assert spans(ws) == [NEEDLE]


def test_retry_after_the_lock_is_released_stores_the_span_once(workspace):
    ws = workspace
    ws.project.lock_wait = 0.3
    with LockHolder(ws.project.path) as holder:
        asked = Asked(True, then=holder.release)
        ws.session.committer.ask = asked
        press_quote(ws)
    assert len(asked.calls) == 1
    assert spans(ws) == [NEEDLE]
    assert ws.session.undo_stack.count() == 1


def test_a_holder_killed_with_sigkill_frees_the_file_and_the_span_is_stored(workspace):
    ws = workspace
    with LockHolder(ws.project.path) as holder:
        ws.session.waiting.connect(lambda on: on and holder.kill())
        press_quote(ws)
    assert spans(ws) == [NEEDLE]
    ws.qtbot.keyClick(ws.view, Qt.Key.Key_Z, UNDO)
    assert spans(ws) == []


def test_an_undo_that_cannot_be_stored_moves_nothing_and_can_be_done_later(workspace):
    ws = workspace
    press_quote(ws)
    assert spans(ws) == [NEEDLE]
    ws.project.lock_wait = 0.3
    asked = Asked(False)
    ws.session.committer.ask = asked
    with LockHolder(ws.project.path):
        ws.qtbot.keyClick(ws.view, Qt.Key.Key_Z, UNDO)
        assert asked.calls and asked.calls[0][0] == "Undo “Create span”"
        assert spans(ws) == [NEEDLE]  # still stored, and still undoable
        assert ws.session.undo_stack.index() == 1 and "Create span" in ws.window.undo_action.text()
    ws.qtbot.keyClick(ws.view, Qt.Key.Key_Z, UNDO)
    assert spans(ws) == [] and ws.session.undo_stack.index() == 0
    ws.qtbot.keyClick(ws.view, Qt.Key.Key_Z, REDO)
    assert spans(ws) == [NEEDLE] and ws.session.undo_stack.index() == 1


@pytest.mark.parametrize("error, errorname, said", [
    ("database or disk is full", "SQLITE_FULL", "the disk is full"),
    ("attempt to write a readonly database", "SQLITE_READONLY", "can no longer be written"),
    ("disk I/O error", "SQLITE_IOERR_WRITE", "input/output error"),
])
def test_a_disk_that_fails_is_named_and_the_edit_can_be_retried(workspace, monkeypatch, error, errorname, said):
    ws = workspace
    real = ws.project.add_span

    def failing(*args, **kwargs):
        monkeypatch.setattr(ws.project, "add_span", real)  # the next try works (space freed, say)
        exc = sqlite3.OperationalError(error)
        exc.sqlite_errorname = errorname
        raise exc

    monkeypatch.setattr(ws.project, "add_span", failing)
    asked = Asked(True)
    ws.session.committer.ask = asked
    press_quote(ws)
    assert len(asked.calls) == 1 and said in asked.calls[0][1]
    assert spans(ws) == [NEEDLE] and ws.session.undo_stack.count() == 1


def test_an_os_error_is_told_and_discard_leaves_nothing(workspace, monkeypatch):
    ws = workspace
    monkeypatch.setattr(ws.project, "add_span", lambda *a, **k: (_ for _ in ()).throw(OSError(28, "No space left")))
    asked = Asked(False)
    ws.session.committer.ask = asked
    press_quote(ws)
    assert "the disk is full" in asked.calls[0][1]
    assert spans(ws) == [] and ws.session.undo_stack.count() == 0


def test_a_project_that_cannot_be_written_opens_read_only_in_the_window(qtbot, seeds_path, monkeypatch, tmp_path):
    """Root may write any file (tests run as root): the system's answer is replaced instead."""
    monkeypatch.setattr(opening, "write_problem", lambda p: "you have no permission to write it")
    monkeypatch.setattr(app_module, "show_error", lambda *a: (_ for _ in ()).throw(AssertionError(a)))
    before = hashlib.sha256(seeds_path.read_bytes()).hexdigest()
    assert app_module.run(seeds_path, ask_coder=False, exec_loop=False) == 0
    window = QApplication.instance()._annotator_workspace.window
    qtbot.addWidget(window)
    session = window.session
    try:
        assert session.read_only
        assert "read-only" in window.windowTitle()
        assert "you have no permission to write it" in window.read_only_label.toolTip()
        for name in ("import_articles", "merge_projects", "delete_span", "mark_done"):
            assert not window.actions_by_name[name].isEnabled()
            assert "edits are off" in window.actions_by_name[name].toolTip()
        pane = window.current_pane
        doc = next(d for d in session.project.documents() if NEEDLE in session.project.document(d.id).text)
        pane.open_document(doc.id)  # browsing works
        start = pane.view.doc.text.index(NEEDLE)
        from tests.ui.conftest import select_text

        select_text(pane.view, start, start + len(NEEDLE))
        qtbot.keyClick(pane.view, Qt.Key.Key_2)
        assert "open read-only" in window.statusBar().currentMessage()
        assert session.project.spans_where() == []
        assert not window.undo_action.isEnabled()
        window.search.show_search()  # search works
        result = window.search_dock.run_search("Kalbajar")
        assert result is not None and result.hits
        window.statistics.show()  # statistics, agreement and export work too
        window.agreement.show()
        qtbot.wait(50)
        assert window.exchange.export_spans("csv", str(tmp_path / "spans.csv")) == 0
        assert (tmp_path / "spans.csv").read_text(encoding="utf-8-sig").startswith("document_id")
    finally:
        window.close()
        session.close()
        session.project.close()
    assert hashlib.sha256(seeds_path.read_bytes()).hexdigest() == before


def test_while_an_edit_waits_the_window_answers_and_refuses_a_second_edit(workspace):
    ws = workspace
    seen: dict[str, object] = {}
    with LockHolder(ws.project.path) as holder:
        def on_waiting(on: bool) -> None:
            if not on or seen:
                return
            result = ws.window.search_dock.run_search("Kalbajar")  # reading works meanwhile
            seen["hits"] = len(result.hits) if result else 0
            ws.qtbot.keyClick(ws.view, Qt.Key.Key_1)  # a second edit: refused, not queued behind the first
            seen["second"] = ws.window.statusBar().currentMessage()
            ws.qtbot.keyClick(ws.view, Qt.Key.Key_Z, UNDO)
            ws.window.close()  # closing would leave the edit behind: refused too
            seen["visible"] = ws.window.isVisible()
            holder.release()

        ws.session.waiting.connect(on_waiting)
        press_quote(ws)
    assert seen["hits"] and seen["visible"] is True
    assert "still waiting for the project file" in str(seen["second"])
    assert spans(ws) == [NEEDLE]
    assert ws.session.undo_stack.count() == 1


def test_a_damaged_project_is_refused_in_plain_words_and_not_written(tmp_path, monkeypatch):
    from annotator.core.model import NewDocument
    from annotator.store import Project
    from tests.store.test_busy import damage_middle

    path = tmp_path / "damaged.annotator"
    with Project(path) as p:
        for i in range(60):
            p.add_document(NewDocument(f"Article {i}. " + "words and more words " * 200, title=f"t{i}"))
    damage_middle(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    shown: list[tuple] = []
    monkeypatch.setattr(app_module, "show_error", lambda *a: shown.append(a))
    assert app_module.run(path, ask_coder=False, exec_loop=False) == 1
    assert len(shown) == 1 and "the project file is damaged" in shown[0][2]
    assert "Traceback" not in shown[0][2]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_an_edit_during_an_import_in_the_window_is_refused_not_folded_into_it(workspace, tmp_path):
    """The import's progress dialog keeps the window alive mid-transaction: an edit made
    then would commit (or vanish) with the import's batch, so it is refused."""
    from annotator.io.importer import import_paths

    ws = workspace
    article = tmp_path / "new.txt"
    article.write_text("A new article about Kalbajar.", encoding="utf-8")
    messages: list[str] = []

    def progress(done: int, total: int, current: object) -> None:
        press_quote(ws)  # the user codes while the import runs
        messages.append(ws.window.statusBar().currentMessage())

    import_paths(ws.project, [article], progress=progress, analyse=False)
    assert "not done while an import or merge is writing" in messages[0]
    assert spans(ws) == [] and ws.session.undo_stack.count() == 0
