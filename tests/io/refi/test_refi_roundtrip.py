"""Export, import into an empty project, export again: nothing lost, nothing renamed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile

from refi_helpers import snapshot

from annotator.io.refi import export_qdpx, import_qdpx
from annotator.store import Project


def _canonical(qde: bytes) -> str:
    """project.qde without what may differ between two projects holding the same
    data: the project's name and the documents' import times."""
    root = ET.fromstring(qde)
    root.attrib.pop("name")
    for el in root.iter():
        if el.tag.endswith("}TextSource"):
            el.attrib.pop("creationDateTime", None)
    return ET.canonicalize(ET.tostring(root, encoding="unicode"), strip_text=False)


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "project.qde"}


def test_round_trip_is_exact(rich, tmp_path, validate_qdpx):
    first = export_qdpx(rich, tmp_path / "first.qdpx")
    qde1 = validate_qdpx(first)
    with Project(tmp_path / "empty.annotator") as empty:
        report = import_qdpx(empty, first)
        assert (report.problems, report.skipped_sources) == ([], [])
        assert report.documents_added == 6 and report.spans_added == 8
        assert sorted(report.coders_added) == ["Bob Ö", "alice", "carol"]
        assert snapshot(empty) == snapshot(rich)
        assert len(snapshot(rich)["done"]) == 3  # "done" marks travel too
        second = export_qdpx(empty, tmp_path / "second.qdpx")
        qde2 = validate_qdpx(second)
    assert _canonical(qde2) == _canonical(qde1)
    assert _members(second) == _members(first)


def test_emoji_and_crlf_article_keeps_its_characters(rich, tmp_path):
    path = export_qdpx(rich, tmp_path / "x.qdpx")
    with Project(tmp_path / "b.annotator") as other:
        import_qdpx(other, path)
        by_guid = {s.guid: s for s in other.spans_where()}
        for span in rich.spans_where():
            got = by_guid[span.guid]
            assert (got.start, got.end, got.text) == (span.start, span.end, span.text)
        assert any("😀" in s.text for s in by_guid.values()) and any("𝄞" in s.text for s in by_guid.values())


def test_importing_twice_adds_nothing(rich, tmp_path):
    path = export_qdpx(rich, tmp_path / "x.qdpx")
    with Project(tmp_path / "b.annotator") as other:
        import_qdpx(other, path)
        before = snapshot(other)
        again = import_qdpx(other, path)
        assert snapshot(other) == before
        assert (again.documents_added, again.documents_reused, again.spans_added, again.spans_already_present) == (
            0, 6, 0, 8)
        assert again.codes_added == [] and again.coders_added == []


def test_importing_into_the_exporting_project_changes_nothing(rich, tmp_path):
    before = snapshot(rich)
    report = import_qdpx(rich, export_qdpx(rich, tmp_path / "x.qdpx"))
    assert snapshot(rich) == before
    assert report.codes_updated == [] and report.notes == []


def test_documents_already_present_are_reused_and_keep_their_guid(rich, seeded, tmp_path):
    path = export_qdpx(rich, tmp_path / "x.qdpx")
    with Project(tmp_path / "b.annotator") as other:
        from annotator.defaults import populate_default

        populate_default(other)  # the same five seed texts, under other GUIDs
        seed_guids = {other.document(d.id).guid for d in other.documents()}
        report = import_qdpx(other, path)
        assert (report.documents_added, report.documents_reused) == (1, 5)
        assert other.document_count() == 6
        assert seed_guids <= {other.document(d.id).guid for d in other.documents()}
        assert other.span_count() == rich.span_count()


def test_renamed_coder_is_found_by_guid(rich, tmp_path):
    path = export_qdpx(rich, tmp_path / "x.qdpx")
    alice = rich.coder_by_name("alice")
    # the store has no rename yet: do it the way a future rename would
    rich.db.execute("UPDATE coders SET name = 'Alice A.' WHERE id = ?", (alice.id,))
    report = import_qdpx(rich, path)
    assert report.coders_added == [] and rich.coder_by_name("alice") is None


def test_report_summary_names_what_happened(rich, tmp_path):
    path = export_qdpx(rich, tmp_path / "x.qdpx")
    with Project(tmp_path / "b.annotator") as other:
        first = import_qdpx(other, path).summary()
        assert first.startswith(f"{path}: 6 document(s) added, 8 code(s) added, 3 coder(s) added, 8 span(s) added")
        assert import_qdpx(other, path).summary() == (
            f"{path}: 6 document(s) already present, 8 span(s) already present\n"
            "offsets read as code points, a CRLF as 2, BOM not counted in all 3 sources"
            " (8/8 selection names match their text)")
