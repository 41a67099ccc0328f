"""Projects written by other REFI-QDA tools: offsets counted in text with a BOM and
CRLF land on the same characters; categories, notes, variables, non-text sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from refi_helpers import make_zip

from annotator.io.refi import export_qdpx, import_qdpx
from annotator.store import Project

DATA = Path(__file__).parent / "data"


@pytest.fixture
def other_tool_qdpx(tmp_path) -> Path:
    return make_zip(tmp_path / "field study.qdpx", {
        "project.qde": (DATA / "other_tool.qde").read_bytes(),
        # a text file saved on Windows, in a folder named with a capital S
        "Sources/ABC.txt": "\ufeffA file in Sources/.\r\nIt says: Kalbajar 🇦🇿 was handed over.\r\n".encode("utf-8"),
        "sources/rel.TXT": b"Plain LF text.\nNothing special about it.",
        "sources/report.pdf": b"%PDF-1.4 not read",
    })


@pytest.fixture
def imported(tmp_path, other_tool_qdpx):
    with Project(tmp_path / "p.annotator") as p:
        report = import_qdpx(p, other_tool_qdpx)
        yield p, report


def _spans(p: Project) -> dict[str, tuple[str, str, str, str]]:
    paths = p.code_paths()
    coders = {c.id: c.name for c in p.coders()}
    return {s.guid: (s.text, paths[s.code_id], coders[s.coder_id], s.memo) for s in p.spans_where()}


def test_offsets_land_on_the_same_characters(imported):
    p, _ = imported
    spans = _spans(p)
    assert {g[-2:]: v[0] for g, v in spans.items()} == {
        "01": "Second line", "02": "😀 emoji", "03": "Third line", "04": "line\nSecond",
        "05": "Kalbajar 🇦🇿", "06": "handed over", "07": "Nothing special",
    }


def test_codes_users_memos_and_several_codings(imported):
    p, report = imported
    spans = _spans(p)
    assert spans["F0000000-0000-4000-8000-000000000001"][1:] == ("Time", "Ana", "")
    # one selection, two codings: two spans, the second under its coding's GUID; a note becomes the memo
    assert spans["F0000000-0000-4000-8000-000000000002"][1:] == ("Themes/Mood", "Ben", "Smiling here.")
    assert spans["F1000000-0000-4000-8000-000000000003"][1:] == (
        "Themes/Place", "Ben", "Smiling here.\n\nBen thinks this is a place.")
    assert spans["F0000000-0000-4000-8000-000000000005"][1] == "Themes/Place/Region\u2215Area"
    assert report.spans_added == 8 and report.problems == []
    assert sorted(report.coders_added) == ["Ana", "Ben"]
    assert {c.guid for c in p.coders()} == {"{0A1B2C3D-0000-4000-8000-000000000001}",
                                            "0a1b2c3d-0000-4000-8000-000000000002"}
    created = p.span(next(s.id for s in p.spans_where() if s.guid.endswith("0001"))).created
    assert created == "2019-03-18T10:05:00+00:00"


def test_codebook_nesting_categories_and_colours(imported):
    p, report = imported
    codes = {path: p.code(cid) for cid, path in p.code_paths().items()}
    assert sorted(codes) == ["Themes", "Themes/Mood", "Themes/Place", "Themes/Place/Region\u2215Area", "Time"]
    assert codes["Themes"].color == "#ff0000" and codes["Time"].color == "#0000FF"
    assert codes["Themes"].description == "Only groups the themes."
    assert codes["Time"].guid == "C0000000-0000-4000-8000-000000000005"
    assert any("'Themes' is a category" in n for n in report.notes)
    assert any("Region/Area" in n for n in report.notes)
    assert any("Sets" in n for n in report.notes)


def test_documents_variables_and_skipped_sources(imported):
    p, report = imported
    docs = {d.title: p.document(d.id) for d in p.documents()}
    assert sorted(docs) == ["ABC", "interview 1.docx", "rel"]
    first = docs["interview 1.docx"]
    assert first.text == "First line\nSecond line with 😀 emoji\nThird line"
    assert first.guid == "E0000000-0000-4000-8000-000000000001"
    assert first.source == "Radio"  # "outlet" is the Outlet variable, whatever its case
    assert first.metadata == {"Age": 34, "Interviewed": True, "description": "Recorded in Baku."}
    assert not docs["ABC"].text.startswith("\ufeff") and "\r" not in docs["ABC"].text
    assert sorted(s.message.split()[0] for s in report.skipped_sources) == ["PDFSource", "PictureSource"]
    assert {s.guid for s in report.skipped_sources} == {"E0000000-0000-4000-8000-000000000002",
                                                         "E0000000-0000-4000-8000-000000000004"}


def test_other_tools_project_exports_valid_again(imported, tmp_path, validate_qdpx):
    p, _ = imported
    validate_qdpx(export_qdpx(p, tmp_path / "again.qdpx"))


C = "C0000000-0000-4000-8000-0000000000"


def _selection(n: int, start: int, end: int, code: str = "01") -> str:
    return (f'<PlainTextSelection guid="F0000000-0000-4000-8000-00000000000{n}" startPosition="{start}"'
            f' endPosition="{end}"><Coding guid="F1000000-0000-4000-8000-00000000000{n}">'
            f'<CodeRef targetGUID="{C}{code}"/></Coding></PlainTextSelection>')


def test_selection_covering_only_the_cr_of_a_crlf(tmp_path):
    qde = ('<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>'
           '<Code guid="C0000000-0000-4000-8000-000000000001" name="c" isCodable="true"/></Codes></CodeBook>'
           '<Sources><TextSource guid="E0000000-0000-4000-8000-000000000001" name="s">'
           '<PlainTextContent>ab&#13;&#10;cd</PlainTextContent>'
           + _selection(1, 2, 3) + _selection(2, 1, 5) + _selection(3, 0, 1, code="FF")
           + '</TextSource></Sources></Project>')
    with Project(tmp_path / "p.annotator") as p:
        report = import_qdpx(p, make_zip(tmp_path / "x.qdpx", {"project.qde": qde}), offsets="standard")
        assert [s.text for s in p.spans_where()] == ["b\nc"]
        assert [x.guid for x in report.problems] == ["F0000000-0000-4000-8000-000000000001",
                                                     "F1000000-0000-4000-8000-000000000003"]
        assert p.coders()[0].name == "unknown coder"


ATLAS_TEXT = "\ufeffLine one\r\nLine two 😀\r\nLine three"


def _atlas_like(tmp_path, origin: str) -> Path:
    normalized = "Line one\nLine two 😀\nLine three"
    start = normalized.index("two")
    qde = ('<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="' + origin + '"><CodeBook><Codes>'
           f'<Code guid="{C}01" name="c" isCodable="true"/></Codes></CodeBook><Sources>'
           '<TextSource guid="E0000000-0000-4000-8000-000000000001" name="s" plainTextPath="internal://s.txt">'
           + _selection(1, start, start + len("two 😀\nLine")) + '</TextSource></Sources></Project>')
    return make_zip(tmp_path / "atlas.qdpx", {"project.qde": qde, "sources/s.txt": ATLAS_TEXT.encode("utf-8")})


def test_atlas_counts_a_crlf_as_one_character(tmp_path):
    with Project(tmp_path / "p.annotator") as p:
        report = import_qdpx(p, _atlas_like(tmp_path, "ATLAS.ti 23.2.1"))
        assert [s.text for s in p.spans_where()] == ["two 😀\nLine"]
        assert report.offsets == ["offsets read as code points, a CRLF as 1, BOM not counted in the source (1/1 segments fit)"]


def test_offset_counting_can_be_chosen(tmp_path):
    """The same file read the standard's way lands elsewhere: the choice matters."""
    with Project(tmp_path / "p.annotator") as p:
        import_qdpx(p, _atlas_like(tmp_path, "ATLAS.ti 23.2.1"), offsets="raw")
        assert [s.text for s in p.spans_where()] != ["two 😀\nLine"]
    with Project(tmp_path / "q.annotator") as q:
        import_qdpx(q, _atlas_like(tmp_path, "SomeTool"), offsets="normalized")
        assert [s.text for s in q.spans_where()] == ["two 😀\nLine"]


def test_loose_files_import_what_they_can(tmp_path):
    """No namespace, the same text twice, a Latin-1 file, an empty one, a missing one."""
    src = '<TextSource guid="E0000000-0000-4000-8000-00000000000{n}" name="s{n}" plainTextPath="internal://{f}">'
    qde = ('<Project name="p"><CodeBook><Codes>'
           f'<Code guid="{C}01" name="c" isCodable="true"/></Codes></CodeBook><Sources>'
           + src.format(n=1, f="a.txt") + _selection(1, 0, 5) + "</TextSource>"
           + src.format(n=2, f="copy.txt") + _selection(2, 6, 11) + "</TextSource>"
           + src.format(n=3, f="latin.txt") + "</TextSource>"
           + src.format(n=4, f="empty.txt") + "</TextSource>"
           + src.format(n=5, f="gone.txt") + "</TextSource>"
           + "</Sources></Project>")
    path = make_zip(tmp_path / "x.qdpx", {"project.qde": qde, "sources/a.txt": "Hello world", "sources/copy.txt":
                                          "Hello world", "sources/latin.txt": "café".encode("latin-1"),
                                          "sources/empty.txt": ""})
    with Project(tmp_path / "p.annotator") as p:
        report = import_qdpx(p, path)
        assert (report.documents_added, report.documents_reused) == (1, 1)
        assert sorted(s.text for s in p.spans_where()) == ["Hello", "world"]
        reasons = {s.guid[-1]: s.message for s in report.skipped_sources}
        assert "not UTF-8" in reasons["3"] and "empty" in reasons["4"] and "not in the archive" in reasons["5"]
