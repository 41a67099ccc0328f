"""Times, source owners, readable descriptions and selection names, as other tools
write and read them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from conventions import CODE, STANDARD, TEXTS, USER, build
from refi_helpers import make_zip

from annotator.io.refi import export_qdpx, import_qdpx
from annotator.io.refi.common import DATA_PREFIX, read_datetime, xml_datetime
from annotator.io.refi.offsets import name_matches
from annotator.store import Project

Q = "{urn:QDA-XML:project:1.0}"
GUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-")


def _qde(path) -> ET.Element:
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read("project.qde"))


@pytest.mark.parametrize("written", ["2026-12-06T19:57:40Z", "2026-12-06T19:57:40+00:00", "2026-12-06T19:57:40",
                                     "2026-12-06T19:57:40+00:00Z", "2026-12-06T20:57:40+01:00"])
def test_times_are_read_in_every_form_tools_write(written):
    assert read_datetime(written) == ("2026-12-06T19:57:40+00:00", True)


def test_times_are_written_in_utc_with_z():
    assert xml_datetime("2026-12-06T19:57:40+00:00") == "2026-12-06T19:57:40Z"
    assert xml_datetime("2026-12-06T21:57:40+02:00") == "2026-12-06T19:57:40Z"


def test_exported_times_end_in_z(rich, tmp_path):
    stamps = [v for el in _qde(export_qdpx(rich, tmp_path / "x.qdpx")).iter() for k, v in el.attrib.items()
              if k.endswith("DateTime")]
    assert stamps and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s) for s in stamps)


def test_unreadable_times_are_counted_not_hidden(tmp_path):
    path = build(tmp_path / "x.qdpx", STANDARD)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    qde = members["project.qde"].decode()
    qde = qde.replace('creationDateTime="2026-12-06T19:57:40Z"', 'creationDateTime="6.12.2026 19:57"', 2)
    qde = qde.replace('creationDateTime="2026-12-06T19:57:40Z"', 'creationDateTime="2026-12-06T19:57:40+00:00Z"', 1)
    members["project.qde"] = qde.encode()
    with Project(tmp_path / "p.annotator") as p:
        report = import_qdpx(p, make_zip(tmp_path / "y.qdpx", members))
        created = sorted(s.created for s in p.spans_where())
    assert report.unreadable_times == 2
    assert "2 date-time(s) in the file could not be read" in report.summary()
    assert created.count("2026-12-06T19:57:40+00:00") == 13  # the "+00:00Z" one is read


def test_every_text_source_names_its_creating_user(rich, tmp_path):
    root = _qde(export_qdpx(rich, tmp_path / "x.qdpx"))
    users = {u.get("guid") for u in root.iter(f"{Q}User")}
    owners = [s.get("creatingUser") for s in root.iter(f"{Q}TextSource")]
    assert len(owners) == 6 and set(owners) <= users


def test_descriptions_read_as_sentences_with_the_data_line_last(rich, tmp_path):
    root = _qde(export_qdpx(rich, tmp_path / "x.qdpx"))
    descriptions = [d.text for d in root.iter(f"{Q}Description") if d.text and DATA_PREFIX in d.text]
    assert descriptions
    for text in descriptions:
        lines = text.split("\n")
        assert lines[-1].startswith(DATA_PREFIX)
        prose = "\n".join(lines[:-1])
        assert prose.strip() and not GUID.search(prose), text  # words for the peer's user, no GUIDs
    assert any(t.startswith("Marked done in annotator by alice, Bob Ö.\n") for t in descriptions)
    assert any(t.startswith("Marked done in annotator by Bob Ö. annotator keeps this document's metadata (URL, empty,")
               for t in descriptions)
    span = next(t for t in descriptions if "role = state" in t)
    assert "Attribute values in annotator: role = state, weight = 2.5." in span


def test_names_that_are_labels_do_not_decide_or_reject(tmp_path):
    """A tool that names selections by number: names are ignored, word boundaries decide."""
    path = build(tmp_path / "x.qdpx", STANDARD, names=False)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    n = iter(range(1, 100))
    members["project.qde"] = re.sub(rb"<PlainTextSelection ", lambda m: b'<PlainTextSelection name="Segment %d" '
                                    % next(n), members["project.qde"])
    # one label happens to be the text it labels
    members["project.qde"] = members["project.qde"].replace(b'name="Segment 3"', b'name="Officials"')
    with Project(tmp_path / "p.annotator") as p:
        report = import_qdpx(p, make_zip(tmp_path / "y.qdpx", members))
        assert p.span_count() == 15
    assert report.problems == [] and "segments fit" in report.offsets[0]


@pytest.mark.parametrize("name,text,same", [
    ("We will\nreturn", "We will  return", True),
    ("  Genève ", "Genève", True),
    ("favoritos. 2 horas 30 minuto Para la bas...", "favoritos. 2 horas 30 minuto Para la base de todo", True),
    ("Ceasefire…", "Ceasefire talks", True),
    ("Genèv", "Genève", False),
    ("...", "anything", False),
])
def test_names_are_compared_after_folding_whitespace_and_cut_with_an_ellipsis(name, text, same):
    assert name_matches(name, text) is same


def test_source_users_and_codes_of_a_built_archive_are_declared(tmp_path):
    root = _qde(build(tmp_path / "x.qdpx", STANDARD))
    assert {s.get("creatingUser") for s in root.iter(f"{Q}TextSource")} == {USER}
    assert {c.get("guid") for c in root.iter(f"{Q}Code")} == {CODE}
    assert len(list(root.iter(f"{Q}TextSource"))) == len(TEXTS)
