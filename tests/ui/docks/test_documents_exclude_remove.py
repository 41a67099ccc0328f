"""The documents dock: Exclude Extra Copies / Include Again and Remove…, each one
undoable step, asserted on the database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.core.model import DocStatus
from annotator.io.importer import import_paths
from annotator.store.exclusion import excluded_ids
from annotator.ui import plain
from annotator.ui.docks import DocumentsDock
from annotator.ui.models.documents import DocumentsModel
from annotator.ui.session import Session

STORY = ("The regional government promised an inquiry into the failure of the flood defences on Tuesday. "
         "Residents of three villages were moved to schools and sports halls overnight as the river rose. "
         "Engineers said the barrier had not been inspected since 2015, and the minister refused to comment. ")


def _dock(project, qtbot):
    session = Session(project, "ana")
    dock = DocumentsDock(session)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    return session, dock


def _copies(project, tmp_path) -> tuple[int, int]:
    (tmp_path / "a.txt").write_text("Flood defences fail\n\n" + STORY * 2, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Flood defences fail (regional)\n\n" + STORY * 2 + "Late edition.",
                                    encoding="utf-8")
    report = import_paths(project, [tmp_path / "a.txt", tmp_path / "b.txt"], analyse=True)
    a, b = (doc_id for _, doc_id in report.documents_added)
    return a, b


def _action(menu, prefix: str):
    (act,) = [x for x in menu.actions() if x.text().startswith(prefix)]
    return act


def test_exclude_extra_copies_keeps_the_longest_greys_it_and_undoes(seeded, qapp, qtbot, tmp_path):
    session, dock = _dock(seeded, qtbot)
    a, b = _copies(seeded, tmp_path)
    act = _action(dock.context_menu(a), "Exclude Extra Copies")
    assert act.text() == f"Exclude Extra Copies (keep #{b})"  # b is the longer edition
    act.trigger()
    assert excluded_ids(seeded) == {a}
    row = dock.model.row_of(a)
    assert dock.model.index(row, DocumentsModel.TITLE).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert dock._subtitle(dock.proxy.mapFromSource(dock.model.index(row, 0))).startswith("excluded")
    assert not _action(dock.context_menu(b), "Exclude Extra Copies").isEnabled()
    assert session.undo_stack.count() == 1
    session.undo()
    assert excluded_ids(seeded) == set()
    session.redo()
    assert excluded_ids(seeded) == {a}
    _action(dock.context_menu(a), "Include Again").trigger()
    assert excluded_ids(seeded) == set()
    session.close()


def test_exclude_and_include_the_selection(seeded, qapp, qtbot):
    session, dock = _dock(seeded, qtbot)
    ids = [d.id for d in seeded.documents()][:2]
    dock.view.selectAll()
    dock.view.clearSelection()
    for doc_id in ids:
        index = dock.proxy.mapFromSource(dock.model.index(dock.model.row_of(doc_id), 0))
        dock.view.selectionModel().select(index, dock.view.selectionModel().SelectionFlag.Select
                                          | dock.view.selectionModel().SelectionFlag.Rows)
    assert dock.selected_documents() == sorted(ids)
    _action(dock.context_menu(ids[0]), "Exclude 2 Articles").trigger()
    assert excluded_ids(seeded) == set(ids)
    session.undo()
    assert excluded_ids(seeded) == set()
    session.close()


def test_remove_asks_and_undo_restores(seeded, qapp, qtbot, monkeypatch):
    session, dock = _dock(seeded, qtbot)
    doc = seeded.documents()[0]
    guid = seeded.document(doc.id).guid
    code = next(c.id for c in seeded.codes() if c.codable)
    span = seeded.add_span(doc.id, code, session.coder.id, 0, 5)
    seeded.set_status(doc.id, session.coder.id, DocStatus.DONE)
    asked: list[str] = []

    def answer(button):
        def ask(_parent, _title, text, *args, **kwargs):
            asked.append(text)
            return button
        return ask

    monkeypatch.setattr(plain, "ask", answer(QMessageBox.StandardButton.No))
    _action(dock.context_menu(doc.id), "Remove Article").trigger()
    assert doc.id in {d.id for d in seeded.documents()}
    assert "1 span by ana" in asked[0] and repr(doc.title) in asked[0]
    monkeypatch.setattr(plain, "ask", answer(QMessageBox.StandardButton.Yes))
    _action(dock.context_menu(doc.id), "Remove Article").trigger()
    assert doc.id not in {d.id for d in seeded.documents()}
    assert dock.model.row_of(doc.id) == -1
    assert seeded.db.execute("SELECT count(*) FROM spans WHERE document_id = ?", (doc.id,)).fetchone()[0] == 0
    session.undo()
    assert seeded.document(doc.id).guid == guid
    (back,) = seeded.spans_for_document(doc.id)
    assert back.guid == span.guid
    assert seeded.status(doc.id, session.coder.id) is DocStatus.DONE
    assert dock.model.row_of(doc.id) >= 0
    session.close()
