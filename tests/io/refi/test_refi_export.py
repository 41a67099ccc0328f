"""REFI-QDA project export: schema-valid, GUIDs from the project, atomic, deterministic."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
import zipfile

import pytest

from annotator.core.model import NewDocument
from annotator.io.refi import RefiError, export_qdpx
from annotator.io.refi import project_export
from annotator.store import Project

Q = "{urn:QDA-XML:project:1.0}"


def test_export_uses_the_project_guids(rich, tmp_path, validate_qdpx):
    root = ET.fromstring(validate_qdpx(export_qdpx(rich, tmp_path / "x.qdpx")))
    assert {u.get("guid") for u in root.iter(f"{Q}User")} == {c.guid for c in rich.coders()}
    assert {c.get("guid") for c in root.iter(f"{Q}Code")} == {c.guid for c in rich.codes()}
    assert [s.get("guid") for s in root.iter(f"{Q}TextSource")] == [
        rich.document(d.id).guid for d in rich.documents()]
    selections = {s.get("guid"): s for s in root.iter(f"{Q}PlainTextSelection")}
    code_guid = {c.id: c.guid for c in rich.codes()}
    coder_guid = {c.id: c.guid for c in rich.coders()}
    for span in rich.spans_where():
        sel = selections[span.guid]
        assert (int(sel.get("startPosition")), int(sel.get("endPosition"))) == (span.start, span.end)
        assert sel.get("creatingUser") == coder_guid[span.coder_id]
        assert sel.get("creationDateTime") == span.created.replace("+00:00", "Z")  # UTC, as other tools write it
        assert sel.find(f"{Q}Coding/{Q}CodeRef").get("targetGUID") == code_guid[span.code_id]


def test_sources_are_the_stored_texts_in_utf8(rich, tmp_path):
    path = export_qdpx(rich, tmp_path / "x.qdpx")
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("project.qde"))
        for source in root.iter(f"{Q}TextSource"):
            ref = source.get("plainTextPath")
            assert ref == f"internal://{source.get('guid')}.txt"
            text = z.read("sources/" + ref.removeprefix("internal://")).decode("utf-8")
            doc = next(rich.document(d.id) for d in rich.documents()
                       if rich.document(d.id).guid == source.get("guid"))
            assert text == doc.text and source.get("name") == doc.title


def test_export_is_deterministic(rich, tmp_path):
    a = export_qdpx(rich, tmp_path / "a.qdpx").read_bytes()
    b = export_qdpx(rich, tmp_path / "b.qdpx").read_bytes()
    assert a == b


def test_failed_export_leaves_the_old_file_and_no_temporary(rich, tmp_path, monkeypatch):
    target = tmp_path / "x.qdpx"
    target.write_bytes(b"previous export")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", boom)
    with pytest.raises(RefiError, match="No space left"):
        export_qdpx(rich, target)
    assert target.read_bytes() == b"previous export"
    assert os.listdir(tmp_path).count("x.qdpx") == 1
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]


def test_characters_xml_cannot_hold_are_replaced(project, tmp_path, validate_qdpx):
    doc = project.add_document(NewDocument("page one\x0cpage two", title="form\x0cfeed"))
    coder = project.ensure_coder("c")
    project.add_span(doc, project.codes()[0].id, coder.id, 0, 4, memo="bell\x07")
    qde = validate_qdpx(export_qdpx(project, tmp_path / "x.qdpx")).decode("utf-8")
    assert "form\ufffdfeed" in qde and "bell\ufffd" in qde
    with zipfile.ZipFile(tmp_path / "x.qdpx") as z:  # the text file keeps every character
        assert "\x0c" in z.read(f"sources/{project.document(doc).guid}.txt").decode("utf-8")


def test_empty_project_exports_valid(tmp_path, validate_qdpx):
    with Project(tmp_path / "p.annotator") as p:
        validate_qdpx(export_qdpx(p, tmp_path / "x.qdpx", name="Empty"))


def test_guids_refi_does_not_accept_are_replaced_stably(project, tmp_path, validate_qdpx):
    project.add_document(NewDocument("text", title="t"), guid="doc-1")
    first = validate_qdpx(export_qdpx(project, tmp_path / "a.qdpx"))
    assert first == validate_qdpx(export_qdpx(project, tmp_path / "b.qdpx"))
    guid = ET.fromstring(first).find(f"{Q}Sources/{Q}TextSource").get("guid")
    assert guid == project_export.export_guid("doc-1", "document") != "doc-1"
