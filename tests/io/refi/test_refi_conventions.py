"""Projects written in each tool's convention (QualCoder with LF and with its CRLF
option, NVivo 12, ATLAS.ti, the standard): every segment lands on the words the
tool meant, and the summary says how the offsets were read."""

from __future__ import annotations


import pytest
from conventions import ALL, ATLAS, NVIVO, QUALCODER_CRLF, QUALCODER_LF, SEGMENTS, STANDARD, TEXTS, build, convert
from refi_helpers import snapshot

from annotator.io.refi import export_qdpx, import_qdpx
from annotator.io.refi.offsets import PRESETS
from annotator.store import Project

EXPECTED_READING = {
    QUALCODER_LF: "offsets read as code points, a CRLF as 2, BOM not counted in all 2 sources",  # no CRLF here
    QUALCODER_CRLF: "offsets read as code points, a CRLF as 1, BOM not counted in all 2 sources",
    NVIVO: "offsets read as UTF-16 units, a CRLF as 2, BOM not counted in all 2 sources",
    ATLAS: "offsets read as code points, a CRLF as 1, BOM not counted in all 2 sources",
    STANDARD: "offsets read as code points, a CRLF as 2, BOM not counted in all 2 sources",
}


def _texts_by_source(p: Project) -> dict[str, list[str]]:
    titles = {d.id: d.title for d in p.documents()}
    out: dict[str, list[str]] = {}
    for s in sorted(p.spans_where(), key=lambda s: (s.document_id, s.start)):
        out.setdefault(titles[s.document_id], []).append(s.text)
    return out


@pytest.mark.parametrize("conv", ALL, ids=lambda c: c.name)
def test_every_segment_lands_on_the_intended_text(conv, tmp_path):
    path = build(tmp_path / "x.qdpx", conv)
    with Project(tmp_path / "p.annotator") as p:
        report = import_qdpx(p, path)
        assert _texts_by_source(p) == SEGMENTS
        assert {p.document(d.id).text for d in p.documents()} == set(TEXTS.values())
    assert report.problems == [] and report.warnings == []
    assert len(report.offsets) == 1 and report.offsets[0].startswith(EXPECTED_READING[conv])
    evidence = "15/15 selection names match their text" if conv.names else "15/15 segments fit"
    assert report.offsets[0].endswith(f"({evidence})")
    assert report.offsets[0] in report.summary().splitlines()


def test_qualcoder_without_names_still_found_by_word_boundaries(tmp_path):
    path = build(tmp_path / "x.qdpx", QUALCODER_CRLF, names=False)
    with Project(tmp_path / "p.annotator") as p:
        import_qdpx(p, path)
        assert _texts_by_source(p) == SEGMENTS


def test_reading_is_decided_per_source(tmp_path):
    """One source counted in UTF-16 units, another in code points, in one file."""
    nvivo = build(tmp_path / "n.qdpx", NVIVO, {"interview.txt": TEXTS["interview.txt"]})
    with Project(tmp_path / "p.annotator") as p:
        import_qdpx(p, nvivo)
        standard = build(tmp_path / "s.qdpx", STANDARD, {"ceasefire.txt": TEXTS["ceasefire.txt"]})
        import_qdpx(p, standard)
        assert _texts_by_source(p) == SEGMENTS


def test_mixed_file_names_each_source(tmp_path):
    import zipfile

    from refi_helpers import make_zip

    a = build(tmp_path / "a.qdpx", NVIVO, {"interview.txt": TEXTS["interview.txt"]})
    b = build(tmp_path / "b.qdpx", STANDARD, {"ceasefire.txt": TEXTS["ceasefire.txt"]})
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        qa, qb = za.read("project.qde").decode(), zb.read("project.qde").decode()
        members = {n: za.read(n) for n in za.namelist() if n != "project.qde"}
        # b's source and selections under new GUIDs, appended to a's sources
        src_b = qb[qb.index("<TextSource"):qb.index("</Sources>")].replace("E0000000-", "E1000000-").replace(
            "F0000000-", "F1000000-").replace("D0000000-", "D1000000-")
        members.update({n.replace("E0000000-", "E1000000-"): zb.read(n) for n in zb.namelist() if n != "project.qde"})
    qde = qa.replace("</Sources>", src_b + "</Sources>")
    path = make_zip(tmp_path / "mixed.qdpx", {"project.qde": qde, **members})
    with Project(tmp_path / "p.annotator") as p:
        report = import_qdpx(p, path)
        assert _texts_by_source(p) == SEGMENTS
    assert report.offsets == [
        "interview.txt: offsets read as UTF-16 units, a CRLF as 2, BOM not counted"
        " (7/7 segments start and end at a word boundary)",
        "ceasefire.txt: offsets read as code points, a CRLF as 2, BOM not counted"
        " (8/8 segments start and end at a word boundary)"]


def test_weak_evidence_is_warned_about_naming_the_source(tmp_path):
    text = "alpha beta gamma\r\ndelta epsilon 😀 zeta\r\neta theta iota"
    stored = text.replace("\r\n", "\n")
    # segments that start and end inside words: no reading makes them look intended
    spans = [(2, 9), (20, 27), (38, 45)]
    path = build(tmp_path / "x.qdpx", STANDARD, {"fragments.txt": stored}, {"fragments.txt": spans})
    with Project(tmp_path / "p.annotator") as p:
        report = import_qdpx(p, path)
    assert len(report.warnings) == 1
    assert "'fragments.txt'" in report.warnings[0] and "weak evidence" in report.warnings[0]
    assert "--refi-offsets" in report.warnings[0]
    assert report.summary().splitlines()[1].startswith("warning: weak evidence")


def test_a_forced_reading_is_used_and_said(tmp_path):
    """A file too ambiguous to decide (no names, few segments): the user says NVivo."""
    stored = "Ein Café 😀 am Ring\nzwei Straßen weiter"
    spans = {"s.txt": [(4, 8), (14, 18)]}
    path = build(tmp_path / "x.qdpx", NVIVO, {"s.txt": stored}, spans)
    with Project(tmp_path / "p.annotator") as p:
        report = import_qdpx(p, path, offsets="nvivo")
        assert sorted(s.text for s in p.spans_where()) == ["Café", "Ring"]
    assert report.offsets == ["offsets read as UTF-16 units, a CRLF as 2, BOM not counted (as chosen) in the source"
                              " (2/2 segments fit)"]
    with Project(tmp_path / "q.annotator") as q:
        import_qdpx(q, path, offsets="standard")
        assert sorted(s.text for s in q.spans_where()) != ["Café", "Ring"]


def test_a_name_that_disagrees_is_reported_not_imported(tmp_path):
    """QualCoder's CRLF option read the standard's way: the names show the offsets are
    wrong; those selections are reported by GUID with both texts."""
    path = build(tmp_path / "x.qdpx", QUALCODER_CRLF, {"ceasefire.txt": TEXTS["ceasefire.txt"]})
    with Project(tmp_path / "p.annotator") as p:
        report = import_qdpx(p, path, offsets="standard")
        imported = sorted(s.text for s in p.spans_where())
    assert imported == ["Ceasefire talks", "Genève"]  # before the first line break, the readings agree
    assert len(report.problems) == 6
    first = next(x for x in report.problems if x.guid == "F0000000-0000-4000-8000-000000000003")
    assert "its name says 'Officials'" in first.message and "cover 'Officia'" in first.message


@pytest.mark.parametrize("conv", ALL, ids=lambda c: c.name)
def test_round_trip_through_each_convention_is_exact(conv, coded, tmp_path):
    """annotator -> the tool's convention -> annotator: every span, memo and time as it was."""
    exported = export_qdpx(coded, tmp_path / "out.qdpx")
    theirs = convert(exported, conv, tmp_path / "theirs.qdpx")
    with Project(tmp_path / "back.annotator") as back:
        report = import_qdpx(back, theirs)
        assert snapshot(back) == snapshot(coded)
    assert report.problems == [] and report.warnings == []


@pytest.mark.parametrize("conv", [QUALCODER_LF, QUALCODER_CRLF], ids=lambda c: c.name)
def test_rich_project_round_trips_through_qualcoder(conv, rich, tmp_path):
    exported = export_qdpx(rich, tmp_path / "out.qdpx")
    theirs = convert(exported, conv, tmp_path / "qualcoder.qdpx")
    with Project(tmp_path / "back.annotator") as back:
        report = import_qdpx(back, theirs)
        assert snapshot(back) == snapshot(rich)
    assert report.problems == [] and report.warnings == []
    crlf = "1" if conv.crlf else "2"  # with LF files the two agree; the standard's wins the tie
    assert report.offsets[0].startswith(f"offsets read as code points, a CRLF as {crlf}, BOM not counted")


def test_forced_reading_names_are_checked(tmp_path):
    with pytest.raises(ValueError, match="unknown offset reading"):
        with Project(tmp_path / "p.annotator") as p:
            import_qdpx(p, build(tmp_path / "x.qdpx", STANDARD), offsets="wordperfect")


def test_presets_cover_the_tools():
    assert PRESETS["qualcoder"] == PRESETS["atlas"] != PRESETS["nvivo"] != PRESETS["standard"]
