"""Alt+PgDown / Alt+PgUp (next / previous article not marked done) follow the coder's queue
when the coder has assigned articles, and every article otherwise."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import DocStatus
from annotator.store.sets import assign, create_set

ALT = Qt.KeyboardModifier.AltModifier


def test_next_uncoded_steps_through_the_queue(workspace, qtbot):
    ws = workspace
    docs = [d.id for d in ws.project.documents()]
    create_set(ws.project, "mine", [docs[4], docs[1], docs[3]])  # the queue's own order
    assign(ws.project, "mine", ["ana"])
    ws.project.set_status(docs[1], ws.session.coder.id, DocStatus.DONE)
    ws.pane.open_document(docs[0])  # not in the queue
    ws.view.setFocus()
    qtbot.keyClick(ws.view, Qt.Key.Key_PageDown, ALT)
    assert ws.pane.document_id == docs[4]  # the queue's first article
    qtbot.keyClick(ws.view, Qt.Key.Key_PageDown, ALT)
    assert ws.pane.document_id == docs[3]  # skips docs[1], done; never docs[2], not assigned
    qtbot.keyClick(ws.view, Qt.Key.Key_PageUp, ALT)
    assert ws.pane.document_id == docs[4]
    ws.project.set_status(docs[3], ws.session.coder.id, DocStatus.DONE)
    qtbot.keyClick(ws.view, Qt.Key.Key_PageDown, ALT)
    assert ws.pane.document_id == docs[4]
    assert "of your queue" in ws.window.statusBar().currentMessage()


def test_without_a_queue_every_article_counts(workspace, qtbot):
    ws = workspace
    docs = [d.id for d in ws.project.documents()]
    ws.pane.open_document(docs[0])
    ws.view.setFocus()
    qtbot.keyClick(ws.view, Qt.Key.Key_PageDown, ALT)
    assert ws.pane.document_id == docs[1]
