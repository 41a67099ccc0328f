"""The documents dock's Sample… and Assign… dialogs and the coder's queue, through the real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from annotator.store.sets import assignments, create_set, document_sets, find_set, queue, set_documents
from annotator.ui.docks import DocumentsDock


def ok(qtbot, dialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def retype(qtbot, line, text: str) -> None:
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def test_sample_dialog_draws_a_stored_sample_undoably(seeds, qtbot, show):
    dock = show(DocumentsDock(seeds.session), 700)
    qtbot.mouseClick(dock.sample_button, Qt.MouseButton.LeftButton)
    dialog = dock.dialog
    assert dialog is not None and dialog.name.text() == "reliability-1"
    retype(qtbot, dialog.size, "3")
    dialog.stratify.setCurrentIndex(dialog.stratify.findData("outlet"))
    qtbot.keyClicks(dialog.seed, "42")
    ok(qtbot, dialog)
    drawn = find_set(seeds.project, "reliability-1")
    assert drawn.size == 3 and drawn.seed == 42 and drawn.recipe["stratify"] == "outlet"
    docs = set_documents(seeds.project, drawn.id)
    seeds.session.undo_stack.undo()
    assert document_sets(seeds.project) == []
    seeds.session.undo_stack.redo()
    again = find_set(seeds.project, "reliability-1")
    assert again.id == drawn.id and set_documents(seeds.project, again.id) == docs and again.seed == 42


def test_sample_dialog_refuses_a_bad_size_and_stays_open(seeds, qtbot, show):
    dock = show(DocumentsDock(seeds.session), 700)
    dialog = dock.open_sample_dialog()
    retype(qtbot, dialog.size, "lots")
    ok(qtbot, dialog)
    assert dialog.isVisible() and "percentage" in dialog.problem.text()
    retype(qtbot, dialog.size, "9")
    ok(qtbot, dialog)
    assert dialog.isVisible() and "only 5 articles" in dialog.problem.text()
    assert document_sets(seeds.project) == []


def test_assign_dialog_whole_set_and_split(seeds, qtbot, show):
    create_set(seeds.project, "rel", [1, 2, 3, 4], purpose="reliability")
    dock = show(DocumentsDock(seeds.session), 700)
    qtbot.mouseClick(dock.assign_button, Qt.MouseButton.LeftButton)
    dialog = dock.dialog
    retype(qtbot, dialog.coders, "ana, ben, cem")
    ok(qtbot, dialog)
    set_id = find_set(seeds.project, "rel").id
    assert assignments(seeds.project, set_id) == {n: [1, 2, 3, 4] for n in ("ana", "ben", "cem")}
    dialog = dock.open_assign_dialog()
    retype(qtbot, dialog.coders, "ana, ben")
    qtbot.mouseClick(dialog.split, Qt.MouseButton.LeftButton)
    ok(qtbot, dialog)
    split = assignments(seeds.project, set_id)
    assert sorted(split["ana"] + split["ben"]) == [1, 2, 3, 4] and not set(split["ana"]) & set(split["ben"])
    seeds.session.undo_stack.undo()  # back to every coder having the whole set
    assert assignments(seeds.project, set_id) == {n: [1, 2, 3, 4] for n in ("ana", "ben", "cem")}


def test_queue_shows_progress_filters_and_steps(seeds, qtbot, show):
    dock = show(DocumentsDock(seeds.session), 700)
    assert not dock.queue.row.isVisible()  # no assignment yet
    create_set(seeds.project, "rel", [2, 4, 5])
    dock.open_assign_dialog()
    retype(qtbot, dock.dialog.coders, "ana")
    ok(qtbot, dock.dialog)
    assert dock.queue.row.isVisible() and dock.queue.progress.text() == "0/3 done"
    qtbot.mouseClick(dock.queue.only, Qt.MouseButton.LeftButton)
    assert dock.proxy.rowCount() == 3
    with qtbot.waitSignal(seeds.session.document_requested) as sig:
        qtbot.mouseClick(dock.queue.next, Qt.MouseButton.LeftButton)
    assert sig.args == [2, -1]
    with qtbot.waitSignal(seeds.session.document_requested) as sig:
        qtbot.mouseClick(dock.queue.next, Qt.MouseButton.LeftButton)
    assert sig.args == [4, -1]
    with qtbot.waitSignal(seeds.session.document_requested) as sig:
        qtbot.mouseClick(dock.queue.previous, Qt.MouseButton.LeftButton)
    assert sig.args == [2, -1]
    dock.set_status(2, dock.model.status(2).__class__("done"))
    assert dock.queue.progress.text() == "1/3 done"
    assert [i.status.value for i in queue(seeds.project, seeds.session.coder.id)][0] == "done"
    qtbot.mouseClick(dock.queue.only, Qt.MouseButton.LeftButton)  # untick: every article again
    assert dock.proxy.rowCount() == 5


def test_opening_an_unassigned_article_says_so(seeds, qtbot, show):
    create_set(seeds.project, "rel", [2, 4])
    dock = show(DocumentsDock(seeds.session), 700)
    dock.open_assign_dialog()
    retype(qtbot, dock.dialog.coders, "ana")
    ok(qtbot, dock.dialog)
    with qtbot.waitSignal(seeds.session.error) as told:  # the window shows it in the status bar
        seeds.session.open_document(1)
    assert dock.queue.notice.isVisible() and "not assigned to you (ana)" in dock.queue.notice.text()
    assert "not assigned to you" in told.args[0]
    seeds.session.open_document(4)
    assert not dock.queue.notice.isVisible()
    seeds.session.set_coder("ben")  # ben has no queue: no notice, no bar
    seeds.session.open_document(1)
    assert not dock.queue.notice.isVisible() and not dock.queue.row.isVisible()
