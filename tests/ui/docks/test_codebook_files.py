"""Codebook export/import from the codebook dock's Edit menu: .json, REFI-QDA .qdc, the coding manual."""

import pytest

from annotator.store import Project
from annotator.ui import plain
from annotator.ui.docks import CodebookDock


@pytest.fixture
def dock(seeds, qtbot, monkeypatch):
    monkeypatch.setattr(plain, "message", lambda *a, **k: None)
    d = CodebookDock(seeds.session)
    qtbot.addWidget(d)
    return d


def test_edit_menu_offers_import_and_export(dock):
    texts = [a.text() for a in dock._edit_menu(dock).actions()]
    assert "Import codebook…" in texts and "Export codebook…" in texts


@pytest.mark.parametrize("name", ["team.codebook.json", "team.qdc"])
def test_export_then_import_into_another_project(dock, seeds, tmp_path, name):
    from annotator.ui.docks.codebook_files import export_codebook, import_codebook

    seeds.project.add_code("frame")
    out = export_codebook(dock, seeds.project, str(tmp_path / name))
    assert out is not None and out.stat().st_size > 0
    with Project(tmp_path / "other.annotator") as other:
        summary = import_codebook(dock, other, str(out))
        assert summary
        assert [c.name for c in other.codes()] == [c.name for c in seeds.project.codes()]


def test_coding_manual_with_examples(dock, seeds, tmp_path):
    from annotator.ui.docks.codebook_files import export_codebook

    out = export_codebook(dock, seeds.project, str(tmp_path / "manual.html"))
    html = out.read_text(encoding="utf-8")
    assert "We will restore Kalbajar" in html and "territorial change" in html


def test_bad_codebook_leaves_project_unchanged(dock, seeds, tmp_path, monkeypatch):
    from annotator.ui.docks.codebook_files import import_codebook

    warned = []
    monkeypatch.setattr(plain, "message", lambda parent, title, text, **k: warned.append(text))
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "annotator-codebook", "codes": [{"name": "ok"}, {"name": "a/b"}]}')
    before = [c.name for c in seeds.project.codes()]
    assert import_codebook(dock, seeds.project, str(bad)) is None
    assert warned and "bad.json" in warned[0]
    assert [c.name for c in seeds.project.codes()] == before


def test_import_from_the_dock_is_one_undo_step(dock, seeds, tmp_path, monkeypatch):
    from annotator.ui.docks import codebook_files

    book = tmp_path / "team.codebook.json"
    book.write_text('{"format": "annotator-codebook", "codes": [{"name": "frame", "children": [{"name": "sub"}]}]}')
    monkeypatch.setattr(codebook_files.QFileDialog, "getOpenFileName", lambda *a, **k: (str(book), ""))
    before = [c.name for c in seeds.project.codes()]
    stack = seeds.session.undo_stack
    steps = stack.count()
    dock.act_import.trigger()
    assert [c.name for c in seeds.project.codes()] == [*before, "frame", "sub"]
    assert stack.count() == steps + 1 and stack.undoText() == "Import codebook team.codebook.json"
    seeds.session.undo()
    assert [c.name for c in seeds.project.codes()] == before
    seeds.session.redo()
    assert [c.name for c in seeds.project.codes()] == [*before, "frame", "sub"]
