"""Merging coders' own project files into one project (annotator.io.merge)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from annotator.core.codebook import AttributeField
from annotator.core.model import DocStatus, NewDocument
from annotator.defaults import ensure_default_project, seed_documents
from annotator.io.merge import MergeError, merge_projects
from annotator.store import Project, ProjectError
from annotator.store.errors import ReadOnlyProject


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _code_spans(path: Path, coder: str, picks: list[tuple[int, str, int, int, dict | None]],
                done: tuple[int, ...] = ()) -> Path:
    """A coder's own project (the default one: seeds + codebook) with *picks*:
    (seed index, code path, start, end, attributes)."""
    path = ensure_default_project(path)
    with Project(path) as p:
        c = p.ensure_coder(coder)
        docs = p.documents()
        for i, code, start, end, attrs in picks:
            p.add_span(docs[i].id, p.code_by_path(code).id, c.id, start, end, attributes=attrs)
        for i in done:
            p.set_status(docs[i].id, c.id, DocStatus.DONE)
    return path


ANA = [(0, "claim", 0, 40, {"claimant": "Aliyev"}), (0, "quote", 50, 90, None), (1, "casualty figure", 10, 30,
       {"who": "civilians"}), (3, "territorial change", 100, 160, {"place": "Kalbajar"})]
BEN = [(0, "claim", 5, 40, None), (2, "quote", 0, 25, {"speaker": "Aliyev"}), (4, "territorial change", 7, 70, None)]


def _spans_by_coder(p: Project) -> dict[str, set[tuple]]:
    """coder name -> {(guid, document sha256, code path, start, end, text, attributes as items)}."""
    paths = p.code_paths()
    names = {c.id: c.name for c in p.coders()}
    shas = {d.id: d.sha256 for d in p.documents()}
    out: dict[str, set[tuple]] = {}
    for s in p.spans_where():
        out.setdefault(names[s.coder_id], set()).add((s.guid, shas[s.document_id], paths[s.code_id], s.start, s.end,
                                                      s.text, tuple(sorted(s.attributes.items()))))
    return out


@pytest.fixture
def coders(tmp_path: Path) -> tuple[Path, Path]:
    return (_code_spans(tmp_path / "ana.annotator", "ana", ANA, done=(0, 1)),
            _code_spans(tmp_path / "ben.annotator", "ben", BEN, done=(2,)))


@pytest.fixture
def team(tmp_path: Path):
    with Project(ensure_default_project(tmp_path / "team.annotator")) as p:
        yield p


def test_two_coders_merged_into_a_third_project(coders, team):
    report = merge_projects(team, list(coders))

    assert report.ok, report.summary()
    expected: dict[str, set[tuple]] = {}
    for path in coders:
        with Project(path, read_only=True) as other:
            expected |= _spans_by_coder(other)
    assert _spans_by_coder(team) == expected  # same GUIDs, coders, documents, codes, offsets, texts, values
    assert sorted(c.name for c in team.coders()) == ["ana", "ben"]
    assert report.spans_added == len(ANA) + len(BEN) and report.spans_skipped == 0
    assert report.coders_added == ["ana", "ben"]
    assert report.documents_added == 0 and report.documents_matched == 10
    assert report.codes_created == [] and report.clashes == [] and report.problems == []
    docs = team.documents()
    ana, ben = team.coder_by_name("ana"), team.coder_by_name("ben")
    assert team.statuses(ana.id) == {docs[0].id: DocStatus.DONE, docs[1].id: DocStatus.DONE,
                                     docs[3].id: DocStatus.IN_PROGRESS}
    assert team.statuses(ben.id) == {docs[0].id: DocStatus.IN_PROGRESS, docs[2].id: DocStatus.DONE,
                                     docs[4].id: DocStatus.IN_PROGRESS}
    with Project(coders[0], read_only=True) as other:
        assert ana.guid == other.coder_by_name("ana").guid  # the coder keeps its identity
    summary = report.summary()
    assert str(coders[0]) in summary and str(coders[1]) in summary and "7 span(s) added" in summary


def test_merging_again_adds_nothing(coders, team):
    merge_projects(team, list(coders))
    before = _spans_by_coder(team), [(c.id, c.name) for c in team.coders()], team.documents()

    again = merge_projects(team, [*coders, coders[0]])

    assert (_spans_by_coder(team), [(c.id, c.name) for c in team.coders()], team.documents()) == before
    assert again.spans_added == 0 and again.spans_skipped == 2 * len(ANA) + len(BEN)
    assert again.coders_added == [] and again.documents_added == 0 and again.codes_created == []
    assert [f.coders_matched for f in again.files] == [["ana"], ["ben"], ["ana"]]
    assert again.ok and not any(f.notes for f in again.files)


def test_a_second_delivery_adds_only_the_new_spans(coders, team):
    merge_projects(team, [coders[0]])
    with Project(coders[0]) as p:  # ana codes on in her own file
        doc = p.documents()[4]
        p.add_span(doc.id, p.code_by_path("quote").id, p.coder_by_name("ana").id, 0, 12)
        edited = p.spans_where()[0]
        p.update_span(edited.id, end=edited.end + 1)

    report = merge_projects(team, [coders[0]])

    assert report.files[0].spans_added == 1 and report.files[0].spans_already_present == len(ANA)
    assert report.clashes == [] and report.files[0].coders_matched == ["ana"]
    assert any(edited.guid in n and "the project's is kept" in n for n in report.files[0].notes)
    assert team.span_count() == len(ANA) + 1


def test_documents_matched_by_text_even_when_titles_differ(coders, tmp_path):
    with Project(tmp_path / "renamed.annotator") as team:
        for n, doc in enumerate(reversed(seed_documents())):
            team.add_document(NewDocument(text=doc.text, title=f"article {n}", filename=f"{n}.txt"))
        report = merge_projects(team, [coders[0]])

        assert report.documents_matched == 5 and report.documents_added == 0
        assert [d.title for d in team.documents()] == [f"article {n}" for n in range(5)]
        shas = {d.id: d.sha256 for d in team.documents()}
        with Project(coders[0], read_only=True) as other:
            other_sha = {d.id: d.sha256 for d in other.documents()}
            assert sorted((shas[s.document_id], s.start, s.end, s.text) for s in team.spans_where()) == \
                sorted((other_sha[s.document_id], s.start, s.end, s.text) for s in other.spans_where())


def test_missing_documents_are_added_with_their_metadata_and_guid(coders, project):
    report = merge_projects(project, [coders[0]])

    with Project(coders[0], read_only=True) as other:
        theirs = [other.document(d.id) for d in other.documents()]
    ours = [project.document(d.id) for d in project.documents()]
    fields = ("guid", "title", "source", "url", "published", "filename", "text", "sha256", "metadata")
    assert [[getattr(d, f) for f in fields] for d in ours] == [[getattr(d, f) for f in fields] for d in theirs]
    assert report.documents_added == 5 and report.documents_matched == 0
    assert report.files[0].documents_added == [d.title for d in theirs]
    assert project.span_count() == len(ANA)


def test_a_code_missing_in_the_project_is_created_and_reported(tmp_path, team):
    path = ensure_default_project(tmp_path / "ana.annotator")
    fields = (AttributeField("tone", "choice", ("positive", "negative")),)
    with Project(path) as p:
        frame = p.add_code("frame", color="#123456", description="How the story is framed", shortcut="1")
        p.add_code("economic", parent_id=frame.id, color="#654321", description="costs", shortcut="9",
                   attributes=fields)
        ana = p.ensure_coder("ana")
        p.add_span(p.documents()[0].id, p.code_by_path("frame/economic").id, ana.id, 3, 30,
                   attributes={"tone": "negative"})

    report = merge_projects(team, [path])

    assert report.codes_created == ["frame", "frame/economic"]
    frame, economic = team.code_by_path("frame"), team.code_by_path("frame/economic")
    assert (frame.color, frame.description, frame.shortcut) == ("#123456", "How the story is framed", "")
    assert (economic.parent_id, economic.color, economic.shortcut, economic.attributes) == \
        (frame.id, "#654321", "9", fields)
    assert any("'frame'" in n and "shortcut '1'" in n for n in report.files[0].notes)
    assert team.code_by_path("claim").shortcut == "1"
    [span] = team.spans_where()
    assert (span.code_id, span.attributes) == (economic.id, {"tone": "negative"})
    assert "code created: frame/economic" in report.summary()


def test_a_category_arrives_as_a_category(tmp_path, team):
    """A code that only groups codes (REFI-QDA isCodable="false") stays one after a merge."""
    path = ensure_default_project(tmp_path / "ana.annotator")
    with Project(path) as p:
        frame = p.add_code("frame", color="#123456", codable=False)
        p.add_code("economic", parent_id=frame.id, color="#654321")

    merge_projects(team, [path])

    assert team.code_by_path("frame").codable is False
    assert team.code_by_path("frame/economic").codable is True


def test_attribute_values_the_project_rejects_are_reported_and_the_span_skipped(tmp_path, team):
    path = ensure_default_project(tmp_path / "ana.annotator")
    with Project(path) as p:
        code = p.code_by_path("casualty figure")
        widened = tuple(AttributeField(f.name, f.type, (*f.choices, "police") if f.choices else (), f.description)
                        for f in code.attributes)
        p.update_code(code.id, attributes=widened)
        ana = p.ensure_coder("ana")
        bad = p.add_span(p.documents()[0].id, code.id, ana.id, 0, 10, attributes={"who": "police"})
        p.add_span(p.documents()[0].id, code.id, ana.id, 20, 30, attributes={"who": "military"})

    report = merge_projects(team, [path])

    [(file, problem)] = report.problems
    assert file == str(path) and problem.guid == bad.guid and "police" in problem.message
    assert [(s.start, s.attributes) for s in team.spans_where()] == [(20, {"who": "military"})]
    assert not report.ok and bad.guid in report.summary()
    assert any("different attribute fields" in n for n in report.files[0].notes)


def test_the_other_file_is_left_byte_for_byte_unchanged(coders, team):
    before = {p: _digest(p) for p in coders}
    mtimes = {p: p.stat().st_mtime_ns for p in coders}

    merge_projects(team, list(coders))
    merge_projects(team, list(coders))

    assert {p: _digest(p) for p in coders} == before
    assert {p: p.stat().st_mtime_ns for p in coders} == mtimes
    wal = Path(f"{coders[0]}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # nothing written beside it either


def test_read_only_project_cannot_be_written(coders):
    with Project(coders[0], read_only=True) as other, pytest.raises(ReadOnlyProject, match="read-only"):
        other.ensure_coder("someone")
    with Project(coders[0], read_only=True) as other, pytest.raises(sqlite3.OperationalError, match="readonly"):
        other.db.execute("INSERT INTO coders (guid, name) VALUES ('g', 'someone')")


@pytest.mark.parametrize("kind", ["text", "sqlite", "missing", "empty", "itself", "folder"])
def test_a_file_that_is_not_a_project_is_refused_and_nothing_is_merged(kind, coders, team, tmp_path):
    bad = tmp_path / f"bad-{kind}.annotator"
    if kind == "text":
        bad.write_text("ana's notes\n")
    elif kind == "sqlite":
        with sqlite3.connect(bad) as conn:
            conn.execute("CREATE TABLE people (name TEXT)")
        conn.close()
    elif kind == "empty":
        bad.touch()
    elif kind == "itself":
        bad = team.path
    elif kind == "folder":
        bad.mkdir()
    before = team.span_count(), team.coders(), team.documents(), team.codes()

    with pytest.raises(MergeError) as caught:
        merge_projects(team, [coders[0], bad])  # the good file before it is not merged either

    assert str(bad) in str(caught.value) and caught.value.path == bad
    assert isinstance(caught.value, Exception) and len(str(caught.value)) < 200
    assert (team.span_count(), team.coders(), team.documents(), team.codes()) == before


def test_a_file_that_fails_while_merging_leaves_the_project_unchanged(coders, project, monkeypatch):
    def broken(records):
        raise ProjectError("disk full")

    monkeypatch.setattr(project, "add_spans", broken)
    report = merge_projects(project, list(coders))

    assert [f.error for f in report.failed] == ["disk full", "disk full"]
    assert project.documents() == [] and project.coders() == [] and project.span_count() == 0
    assert [c.name for c in project.codes()] == ["claim", "quote", "casualty figure", "territorial change"]
    assert report.spans_added == 0 and report.documents_added == 0 and not report.ok
    assert "not merged, the project is unchanged for this file: disk full" in report.summary()


def test_same_name_different_person_with_different_spans_is_a_clash(tmp_path, team):
    with_team = team.ensure_coder("ana")
    team.add_span(team.documents()[0].id, team.code_by_path("claim").id, with_team.id, 0, 40)
    other = _code_spans(tmp_path / "ana.annotator", "ana", ANA)  # another "ana": another GUID

    report = merge_projects(team, [other])

    [clash] = report.clashes
    assert (clash.coder, clash.spans_not_merged, clash.file) == ("ana", len(ANA), str(other))
    assert clash.documents == (team.documents()[0].title,)
    assert team.span_count() == 1 and not report.ok
    assert "coder 'ana'" in report.summary() and "renamed" in report.summary()

    renamed = merge_projects(team, [other], rename={"ana": "ana (second file)"})

    assert renamed.clashes == [] and renamed.coders_added == ["ana (second file)"]
    assert team.span_count() == 1 + len(ANA)


def test_same_name_with_no_document_in_common_is_merged_with_a_note(tmp_path, team):
    here = team.ensure_coder("ana")
    team.add_span(team.documents()[2].id, team.code_by_path("claim").id, here.id, 0, 40)
    other = _code_spans(tmp_path / "ana.annotator", "ana", ANA)  # documents 0, 1, 3

    report = merge_projects(team, [other])

    assert report.clashes == [] and report.files[0].coders_matched == ["ana"]
    assert any("different identity" in n for n in report.files[0].notes)
    assert {s.coder_id for s in team.spans_where()} == {here.id} and team.span_count() == 1 + len(ANA)


def test_two_coders_renamed_to_one_name_is_a_clash(tmp_path, team):
    path = _code_spans(tmp_path / "pair.annotator", "ana", ANA[:1])
    with Project(path) as p:
        ben = p.ensure_coder("ben")
        p.add_span(p.documents()[1].id, p.code_by_path("quote").id, ben.id, 0, 5)

    report = merge_projects(team, [path], rename={"ben": "ana"})

    assert [(c.coder, c.spans_not_merged) for c in report.clashes] == [("ana", 1)]
    assert team.span_count() == 1


def test_progress_is_called_per_file_and_can_stop(coders, team):
    calls = []
    report = merge_projects(team, list(coders), progress=lambda done, total, path: calls.append((done, total, path))
                            or False)

    assert calls == [(1, 2, coders[0])] and report.stopped and len(report.files) == 1
    assert [c.name for c in team.coders()] == ["ana"]


def test_a_coder_with_no_work_is_not_added(tmp_path, team):
    path = _code_spans(tmp_path / "ana.annotator", "ana", ANA[:1])
    with Project(path) as p:
        p.ensure_coder("first run")

    report = merge_projects(team, [path])

    assert report.coders_added == ["ana"] and [c.name for c in team.coders()] == ["ana"]
    assert any("'first run'" in n for n in report.files[0].notes)


def test_the_other_file_is_read_as_one_snapshot(coders, team, monkeypatch):
    """A coder still working in the other file: what they save mid-merge is not half-read."""
    from annotator.io import merge

    original = merge._FileMerger._codes

    def codes_then_coder_saves(self):
        with Project(coders[0]) as live:
            live.add_span(live.documents()[4].id, live.code_by_path("quote").id, live.ensure_coder("cem").id, 0, 9)
        return original(self)

    monkeypatch.setattr(merge._FileMerger, "_codes", codes_then_coder_saves)
    report = merge_projects(team, [coders[0]])

    assert report.ok and report.spans_added == len(ANA) and report.coders_added == ["ana"]


def test_a_status_is_never_moved_back_and_a_clashing_coder_brings_none(tmp_path, team):
    path = _code_spans(tmp_path / "ana.annotator", "ana", ANA[:1], done=(0,))
    merge_projects(team, [path])
    ana = team.coder_by_name("ana")
    with Project(path) as p:
        p.set_status(p.documents()[0].id, p.coder_by_name("ana").id, DocStatus.IN_PROGRESS)
    team.set_status(team.documents()[1].id, ana.id, DocStatus.DONE)
    other = _code_spans(tmp_path / "other-ana.annotator", "ana", [(1, "quote", 0, 9, None)], done=(1, 2))

    report = merge_projects(team, [path, other])

    assert team.statuses(ana.id) == {team.documents()[0].id: DocStatus.DONE, team.documents()[1].id: DocStatus.DONE}
    assert report.files[0].statuses_set == 0 and [c.coder for c in report.clashes] == ["ana"]


def test_a_document_guid_the_project_uses_for_another_text_is_replaced(coders, project):
    with Project(coders[0], read_only=True) as other:
        first = other.document(other.documents()[0].id)
    project.add_document(NewDocument(text="another text entirely", title="other"), guid=first.guid)

    report = merge_projects(project, [coders[0]])

    added = project.document(project.document_id_by_sha256(first.sha256))
    assert added.guid != first.guid and added.text == first.text
    assert any(first.guid in n for n in report.files[0].notes) and report.documents_added == 5
