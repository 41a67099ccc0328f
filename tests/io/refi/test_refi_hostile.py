"""Malformed and hostile archives: a clear error naming the file, the project unchanged."""

from __future__ import annotations

import struct
import zipfile

import pytest
from refi_helpers import make_zip, snapshot

from annotator.io.refi import RefiError, common, export_qdpx, import_qdpx
from annotator.store.errors import ProjectError

NS = 'xmlns="urn:QDA-XML:project:1.0"'
GUID = "11111111-2222-3333-4444-555555555555"


def _qde(source: str = "") -> str:
    return f'<?xml version="1.0" encoding="utf-8"?><Project {NS} name="p"><Sources>{source}</Sources></Project>'


def _refused(project, path, match: str) -> RefiError:
    before = snapshot(project)
    with pytest.raises(RefiError, match=match) as exc:
        import_qdpx(project, path)
    assert str(path) in str(exc.value)
    assert snapshot(project) == before
    return exc.value


def test_not_a_zip(seeded, tmp_path):
    path = tmp_path / "notes.qdpx"
    path.write_text("just some text", encoding="utf-8")
    _refused(seeded, path, "not a REFI-QDA project .*zip")


def test_missing_file(seeded, tmp_path):
    _refused(seeded, tmp_path / "nowhere.qdpx", "no such file")


def test_missing_project_qde(seeded, tmp_path):
    path = make_zip(tmp_path / "x.qdpx", {"sources/a.txt": "text"})
    _refused(seeded, path, "no project.qde")


def test_xml_that_does_not_parse(seeded, tmp_path):
    path = make_zip(tmp_path / "x.qdpx", {"project.qde": "<Project><Sources></Project>"})
    _refused(seeded, path, "not well-formed XML")


def test_unknown_encoding_declared(seeded, tmp_path):
    path = make_zip(tmp_path / "x.qdpx", {"project.qde": '<?xml version="1.0" encoding="utf-99"?>' + _qde()[38:]})
    _refused(seeded, path, "unknown encoding")


def test_wrong_root_element(seeded, tmp_path):
    path = make_zip(tmp_path / "x.qdpx", {"project.qde": f'<CodeBook {NS}/>'})
    _refused(seeded, path, "root element is <CodeBook>")


@pytest.mark.parametrize("name", ["../evil.txt", "sources/../../evil.txt", "/etc/evil.txt", "C:/evil.txt",
                                  "sources\\..\\..\\evil.txt"])
def test_member_paths_that_leave_the_archive(seeded, tmp_path, name):
    path = make_zip(tmp_path / "x.qdpx", {"project.qde": _qde(), name: "x"})
    _refused(seeded, path, "outside it")


@pytest.mark.parametrize("ref", ["internal://../../etc/passwd", "../secret.txt", "/etc/passwd"])
def test_source_paths_that_leave_the_archive(seeded, tmp_path, ref):
    source = f'<TextSource guid="{GUID}" name="s" plainTextPath="{ref}"/>'
    path = make_zip(tmp_path / "x.qdpx", {"project.qde": _qde(source)})
    _refused(seeded, path, "points outside the archive")


def test_source_paths_outside_the_archive_by_design_are_skipped_not_read(seeded, tmp_path):
    """absolute:// and relative:// point at the author's disk; an import never reads them."""
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    sources = "".join(f'<TextSource guid="{GUID[:-1]}{i}" name="s{i}" plainTextPath="{ref}"/>'
                      for i, ref in enumerate([f"absolute://{secret}", "relative://../secret.txt", f"file://{secret}"]))
    path = make_zip(tmp_path / "x.qdpx", {"project.qde": _qde(sources)})
    report = import_qdpx(seeded, path)
    assert len(report.skipped_sources) == 3 and report.documents_added == 0
    assert all("outside the archive" in p.message for p in report.skipped_sources)


def test_zip_bomb_past_the_total_limit(seeded, tmp_path, monkeypatch):
    monkeypatch.setattr(common, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    padding = "<!-- " + " " * (4 * 1024 * 1024) + " -->"
    path = make_zip(tmp_path / "x.qdpx", {"project.qde": padding + _qde()})
    assert path.stat().st_size < 20_000
    _refused(seeded, path, "import limit")


def test_zip_bomb_by_ratio(seeded, tmp_path):
    """A source that decompresses 1,000 to 1 is refused even under the total limit."""
    source = f'<TextSource guid="{GUID}" name="s" plainTextPath="internal://bomb.txt"/>'
    path = make_zip(tmp_path / "x.qdpx", {"project.qde": _qde(source), "sources/bomb.txt": "a" * (8 * 1024 * 1024)})
    _refused(seeded, path, "zip bomb")


def test_member_whose_declared_size_lies(seeded, tmp_path):
    """The central directory says 100 bytes; the data inflates to far more."""
    path = make_zip(tmp_path / "x.qdpx", {"project.qde": _qde() + "<!--" + "x" * 100_000 + "-->"})
    data = bytearray(path.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)  # uncompressed size in the central directory
    path.write_bytes(bytes(data))
    assert zipfile.ZipFile(path).getinfo("project.qde").file_size == 100
    _refused(seeded, path, "project.qde")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>
<TextSource guid="11111111-2222-3333-4444-555555555555" name="s"><PlainTextContent>&secret;</PlainTextContent>
</TextSource></Sources></Project>
"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_entity_declarations_are_refused(seeded, tmp_path, xml):
    path = make_zip(tmp_path / "x.qdpx", {"project.qde": xml})
    _refused(seeded, path, "declares entities")


def test_a_failure_while_writing_rolls_everything_back(rich, tmp_path, monkeypatch):
    """Documents, codes and coders written before the failing step are undone too."""
    path = export_qdpx(rich, tmp_path / "x.qdpx")
    from annotator.store import Project

    with Project(tmp_path / "b.annotator") as other:

        def fail(records):
            raise ProjectError("disk full")

        monkeypatch.setattr(other, "add_spans", fail)
        with pytest.raises(RefiError, match="project is unchanged: disk full"):
            import_qdpx(other, path)
        assert (other.document_count(), other.codes(), other.coders()) == (0, [], [])


def test_selections_outside_the_text_are_reported_and_the_rest_imported(seeded, tmp_path):
    code = "99999999-2222-3333-4444-555555555555"
    sels = "".join(
        f'<PlainTextSelection guid="{g}" startPosition="{s}" endPosition="{e}">'
        f'<Coding guid="{g[:-4]}ffff"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
        for g, s, e in [("A0000000-0000-0000-0000-000000000001", 0, 5),      # fine
                        ("A0000000-0000-0000-0000-000000000002", 3, 99),     # past the end
                        ("A0000000-0000-0000-0000-000000000003", 4, 4),      # empty
                        ("A0000000-0000-0000-0000-000000000004", -1, 2),     # negative
                        ("A0000000-0000-0000-0000-000000000005", 6, 2)]      # reversed
    )
    qde = (f'<Project {NS} name="p"><CodeBook><Codes><Code guid="{code}" name="c" isCodable="true"/></Codes>'
           f'</CodeBook><Sources><TextSource guid="{GUID}" name="s"><PlainTextContent>Hello world</PlainTextContent>'
           f'{sels}</TextSource></Sources></Project>')
    report = import_qdpx(seeded, make_zip(tmp_path / "x.qdpx", {"project.qde": qde}))
    assert report.spans_added == 1
    assert sorted(p.guid[-1] for p in report.problems) == ["2", "3", "4", "5"]
    assert [s.text for s in seeded.spans_where()] == ["Hello"]


def test_absurdly_deep_code_tree_is_refused(seeded, tmp_path):
    depth = 5000
    codes = "".join(f'<Code guid="{GUID}" name="c{i}" isCodable="true">' for i in range(depth)) + "</Code>" * depth
    qde = f'<Project {NS} name="p"><CodeBook><Codes>{codes}</Codes></CodeBook></Project>'
    _refused(seeded, make_zip(tmp_path / "x.qdpx", {"project.qde": qde}), "nested more than")



@pytest.mark.parametrize("damage", ["encrypted", "corrupt"])
def test_damaged_members(seeded, tmp_path, damage):
    path = make_zip(tmp_path / "x.qdpx", {"project.qde": _qde() + "<!--" + "abc" * 500 + "-->"})
    data = bytearray(path.read_bytes())
    if damage == "encrypted":  # general purpose flag bit 0, in the local header and the central directory
        data[6] |= 1
        data[data.rindex(b"PK\x01\x02") + 8] |= 1
    else:
        start = 30 + len("project.qde")
        data[start + 2:start + 40] = bytes(b ^ 0x5A for b in data[start + 2:start + 40])
    path.write_bytes(bytes(data))
    _refused(seeded, path, "cannot be read from the archive")
