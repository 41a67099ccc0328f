"""The window's import: an encoding chosen overrides detection; Cancel in the progress
dialog stops after the file being read, every finished file imported and none half-written."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressDialog

from annotator.ui import dialogs
from annotator.ui.controllers import exchange as files_module
from annotator.ui import import_encoding
from annotator.ui import plain

FRENCH = "Le président a déclaré à Genève que la trêve était « fragile »\n"


def test_import_with_encoding_reads_the_file_so(workspace, tmp_path, monkeypatch):
    ws = workspace
    summaries = []
    monkeypatch.setattr(files_module, "show_summary", lambda parent, title, text, ok: summaries.append(text))
    path = tmp_path / "fr.txt"
    path.write_bytes(FRENCH.encode("cp1252"))
    chosen = []

    def pick(_parent, _title, _text, items, current=0, editable=True):
        chosen.append(items[current])
        return "iso-8859-15 (Latin-9)", True

    monkeypatch.setattr(plain, "get_item", pick)
    ws.window.exchange.import_articles_with_encoding([str(path)])
    assert chosen == [import_encoding.ENCODINGS[0]]
    (doc,) = [d for d in ws.project.documents() if d.filename.endswith("fr.txt")]
    assert ws.project.document(doc.id).text == FRENCH
    assert "detected" not in summaries[0]


def test_unknown_encoding_is_said_and_asked_again(workspace, tmp_path, monkeypatch):
    answers = iter([("klingon", True), ("", False)])
    monkeypatch.setattr(plain, "get_item", lambda *a, **k: next(answers))
    said = []
    monkeypatch.setattr(plain, "message", lambda _p, title, text, **k: said.append(text))
    before = workspace.project.document_count()
    workspace.window.exchange.import_articles_with_encoding([str(tmp_path)])
    assert said and "unknown encoding 'klingon'" in said[0]
    assert workspace.project.document_count() == before


def test_cancel_keeps_the_finished_files_and_reads_no_more(workspace, tmp_path, monkeypatch):
    ws = workspace
    summaries = []
    monkeypatch.setattr(files_module, "show_summary", lambda parent, title, text, ok: summaries.append(text))
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(6):
        (folder / f"{i}.txt").write_text(f"Article number {i} about the ceasefire in region {i * 7}.\n",
                                         encoding="utf-8")
    real = dialogs.run_with_progress
    seen: list[int] = []

    def press_cancel_after_two(parent, title, work):
        if not title.startswith("Importing"):  # the clutter and passage search that follows
            return real(parent, title, work)

        def wrapped(progress):
            def step(done, total, current=None):
                seen.append(done)
                if done == 2:
                    parent.findChildren(QProgressDialog)[-1].cancel()  # as its Cancel button does
                return progress(done, total, current)
            return work(step)
        return real(parent, title, wrapped)

    monkeypatch.setattr(files_module, "run_with_progress", press_cancel_after_two)
    before = {d.id for d in ws.project.documents()}
    ws.window.exchange.import_articles([str(folder)])
    new = [d for d in ws.project.documents() if d.id not in before]
    assert sorted(d.filename.rsplit("/", 1)[-1] for d in new) == ["0.txt", "1.txt"]
    for d in new:  # whole articles, nothing half-written
        name = d.filename.rsplit("/", 1)[-1]
        assert ws.project.document(d.id).text.startswith(f"Article number {name[0]} ")
    assert seen == [1, 2]
    assert "import stopped after 2 of 6 files" in summaries[0]


def test_removing_the_shown_article_empties_the_pane_and_undo_brings_it_back(workspace, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    ws = workspace
    ws.open("Kalbajar")
    doc_id = ws.pane.document_id
    ws.select("Kalbajar")
    ws.window.coding.apply_code(ws.code_id("claim"))
    monkeypatch.setattr(plain, "ask", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dock = ws.window.documents_dock
    (act,) = [a for a in dock.context_menu(doc_id).actions() if a.text() == "Remove Article…"]
    act.trigger()
    assert ws.pane.document_id is None
    assert ws.project.db.execute("SELECT count(*) FROM documents WHERE id = ?", (doc_id,)).fetchone()[0] == 0
    ws.window.session.undo()
    assert ws.project.document(doc_id).text
    assert len(ws.project.spans_for_document(doc_id)) == 1
    ws.pane.open_document(doc_id)
    assert ws.pane.document_id == doc_id
