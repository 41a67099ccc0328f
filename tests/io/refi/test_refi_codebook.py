"""REFI-QDA codebooks (.qdc): valid against Codebook.xsd, exact round trip, safe merge."""

from __future__ import annotations

import pytest

from annotator.core.codebook import AttributeField
from annotator.io.refi import RefiError, export_qdc, import_qdc
from annotator.store import Project

NS = 'xmlns="urn:QDA-XML:codebook:1.0"'


def _tree(p: Project) -> list:
    def one(spec):
        return (spec.guid, spec.name, spec.description, spec.color, spec.shortcut, spec.attributes,
                [one(c) for c in spec.children])

    return [one(s) for s in p.codebook_specs()]


def test_export_is_valid_and_round_trips(rich, tmp_path, codebook_schema):
    path = export_qdc(rich, tmp_path / "book.qdc")
    codebook_schema.validate(str(path))
    with Project(tmp_path / "empty.annotator") as empty:
        report = import_qdc(empty, path)
        assert _tree(empty) == _tree(rich)
        assert "actor/state/ministry" in report.codes_added
        assert report.notes == []
        again = export_qdc(empty, tmp_path / "again.qdc")
    assert again.read_bytes() == path.read_bytes()


def test_merge_keeps_what_the_file_does_not_say(project, tmp_path):
    """A codebook from another tool has no shortcuts or attribute fields: the
    project's stay; definitions and colours it gives are taken; new codes are added."""
    quote = project.code_by_path("quote")
    (tmp_path / "other.qdc").write_text(
        f'<CodeBook {NS}><Codes>'
        f'<Code guid="{quote.guid}" name="quote" isCodable="true" color="#ABCDEF"><Description>New words</Description>'
        f'<Code guid="12345678-1234-1234-1234-123456789ABC" name="direct" isCodable="true"/></Code>'
        f'<Code guid="12345678-1234-1234-1234-123456789ABD" name="claim" isCodable="true"/>'
        f'</Codes></CodeBook>', encoding="utf-8")
    claim_before = project.code_by_path("claim")
    report = import_qdc(project, tmp_path / "other.qdc")
    after = project.code_by_path("quote")
    assert (after.guid, after.color, after.description) == (quote.guid, "#ABCDEF", "New words")
    assert (after.shortcut, after.attributes) == (quote.shortcut, quote.attributes)
    assert project.code_by_path("claim") == claim_before  # no Description: nothing to change
    assert project.code_by_path("quote/direct").guid == "12345678-1234-1234-1234-123456789ABC"
    assert report.codes_added == ["quote/direct"] and report.codes_updated == ["quote"]


def test_guid_taken_by_another_code_is_not_reused(project, tmp_path):
    quote = project.code_by_path("quote")
    (tmp_path / "x.qdc").write_text(
        f'<CodeBook {NS}><Codes><Code guid="{quote.guid}" name="other" isCodable="true"/>'
        f'<Code guid="{quote.guid}" name="other" isCodable="true"/></Codes></CodeBook>', encoding="utf-8")
    report = import_qdc(project, tmp_path / "x.qdc")
    assert report.codes_added == ["other", "other (2)"]
    assert project.code_by_path("other").guid != quote.guid
    assert any("already used" in n for n in report.notes) and any("appears twice" in n for n in report.notes)


def test_attribute_fields_and_shortcuts_travel_in_the_description(project, tmp_path):
    project.add_code("tone", shortcut="t", attributes=(AttributeField("level", "choice", ("low", "high")),))
    path = export_qdc(project, tmp_path / "book.qdc")
    assert "annotator-data: " in path.read_text(encoding="utf-8")
    with Project(tmp_path / "b.annotator") as other:
        import_qdc(other, path)
        tone = other.code_by_path("tone")
        assert (tone.shortcut, tone.attributes) == ("t", (AttributeField("level", "choice", ("low", "high")),))


@pytest.mark.parametrize("content, match", [
    ("not xml at all", "not well-formed"),
    ('<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
     f'<CodeBook {NS}><Codes><Code guid="12345678-1234-1234-1234-123456789ABC" name="&b;" isCodable="true"/>'
     '</Codes></CodeBook>', "declares entities"),
    (f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>', "root element is <Project>"),
    (f'<CodeBook {NS}><Codes/></CodeBook>', "holds no codes"),
])
def test_bad_codebooks_are_refused(project, tmp_path, content, match):
    path = tmp_path / "bad.qdc"
    path.write_text(content, encoding="utf-8")
    before = _tree(project)
    with pytest.raises(RefiError, match=match) as exc:
        import_qdc(project, path)
    assert str(path) in str(exc.value)
    assert _tree(project) == before


def test_oversized_codebook_is_refused(project, tmp_path, monkeypatch):
    from annotator.io.refi import codebook

    monkeypatch.setattr(codebook, "MAX_QDC_BYTES", 100)
    path = export_qdc(project, tmp_path / "book.qdc")
    with pytest.raises(RefiError, match="refused"):
        import_qdc(project, path)


def test_empty_codebook_cannot_be_exported(tmp_path):
    with Project(tmp_path / "p.annotator") as p, pytest.raises(RefiError, match="no codes"):
        export_qdc(p, tmp_path / "x.qdc")
    assert not (tmp_path / "x.qdc").exists()


def test_a_broken_annotator_data_line_is_noted_and_ignored(project, tmp_path):
    before = project.code_by_path("quote")
    (tmp_path / "x.qdc").write_text(
        f'<CodeBook {NS}><Codes><Code guid="{before.guid}" name="quote" isCodable="true"><Description>Words.\n'
        'annotator-data: {"shortcut": [1], "attributes": [{"name": "a"}, {"name": "a"}]}</Description></Code>'
        '</Codes></CodeBook>', encoding="utf-8")
    report = import_qdc(project, tmp_path / "x.qdc")
    after = project.code_by_path("quote")
    assert (after.description, after.shortcut, after.attributes) == ("Words.", before.shortcut, before.attributes)
    assert any("must be unique" in n for n in report.notes)
