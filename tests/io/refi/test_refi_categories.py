"""Categories (``isCodable="false"``): codes that group codes and cannot be applied.
They survive a round trip as categories, and neither the store nor the window
applies them to text. A ``.qdc`` import says what it leaves out."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile

import pytest

from annotator.core.codebook import dump_codebook, parse_codebook
from annotator.core.model import NewDocument
from annotator.io.refi import export_qdc, export_qdpx, import_qdc, import_qdpx
from annotator.store import Project, ProjectError

Q = "{urn:QDA-XML:project:1.0}"


@pytest.fixture
def grouped(project: Project) -> Project:
    """The default codebook under a category "Actors" (with a child code)."""
    cat = project.add_code("Actors", codable=False, description="Groups who acts.")
    project.add_code("state", parent_id=cat.id)
    return project


def _codable(p: Project) -> dict[str, bool]:
    return {path: p.code(cid).codable for cid, path in p.code_paths().items()}


def test_a_category_cannot_be_applied(grouped):
    cat = grouped.code_by_path("Actors")
    doc = grouped.add_document(NewDocument("Some text."))
    coder = grouped.ensure_coder("ana")
    with pytest.raises(ProjectError, match="'Actors' is a category"):
        grouped.add_span(doc, cat.id, coder.id, 0, 4)
    span = grouped.add_span(doc, grouped.code_by_path("Actors/state").id, coder.id, 0, 4)
    with pytest.raises(ProjectError, match="category"):
        grouped.update_span(span.id, code_id=cat.id)
    with pytest.raises(ProjectError, match="has spans, so it cannot become a category"):
        grouped.update_code(span.code_id, codable=False)
    assert grouped.span(span.id).code_id != cat.id


def test_categories_round_trip_through_qdpx(grouped, tmp_path, validate_qdpx):
    path = export_qdpx(grouped, tmp_path / "x.qdpx")
    root = ET.fromstring(validate_qdpx(path))
    flags = {c.get("name"): c.get("isCodable") for c in root.iter(f"{Q}Code")}
    assert flags["Actors"] == "false" and flags["state"] == "true"
    with Project(tmp_path / "back.annotator") as back:
        report = import_qdpx(back, path)
        assert _codable(back) == _codable(grouped)
        assert back.code(back.code_by_path("Actors").id).description == "Groups who acts."
    assert not any("category" in n for n in report.notes)


def test_categories_round_trip_through_qdc(grouped, tmp_path, codebook_schema):
    path = export_qdc(grouped, tmp_path / "x.qdc")
    codebook_schema.validate(path.read_text(encoding="utf-8"))
    with Project(tmp_path / "back.annotator") as back:
        import_qdc(back, path)
        assert _codable(back) == _codable(grouped)


def test_categories_round_trip_through_the_json_codebook(grouped):
    specs = parse_codebook(dump_codebook(grouped.codebook_specs()))
    assert [s.codable for s in specs if s.name == "Actors"] == [False]


def test_a_category_the_file_codes_with_becomes_a_code(tmp_path):
    """A file that codes text with a category: the text is kept, the category becomes a code."""
    from conventions import CODE, STANDARD, build

    path = build(tmp_path / "x.qdpx", STANDARD)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["project.qde"] = members["project.qde"].replace(
        f'guid="{CODE}" name="theme" isCodable="true"'.encode(),
        f'guid="{CODE}" name="theme" isCodable="false"'.encode())
    from refi_helpers import make_zip

    with Project(tmp_path / "p.annotator") as p:
        report = import_qdpx(p, make_zip(tmp_path / "y.qdpx", members))
        assert _codable(p) == {"theme": True} and p.span_count() == 15
    assert any("'theme' is a category" in n and "text is coded with it" in n for n in report.notes)


def test_qdc_import_notes_the_code_groups_it_drops(tmp_path):
    qdc = tmp_path / "atlas.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti">'
        '<Codes><Code guid="C0000000-0000-4000-8000-000000000001" name="mood" isCodable="true"/>'
        '<Code guid="C0000000-0000-4000-8000-000000000002" name="place" isCodable="true"/></Codes>'
        '<Sets><Set guid="B0000000-0000-4000-8000-000000000001" name="Feelings">'
        '<MemberCode targetGUID="C0000000-0000-4000-8000-000000000001"/></Set></Sets></CodeBook>', encoding="utf-8")
    with Project(tmp_path / "p.annotator") as p:
        report = import_qdc(p, qdc)
    assert report.codes_added == ["mood", "place"]
    assert any("'Feelings'" in n and "code groups" in n for n in report.notes)
    assert "'Feelings'" in report.summary()
