"""A coder's package: only their assigned documents, the codebook, their own spans; round trip with merge."""

import pytest
from reliability_study import make_study

from annotator.io.errors import ExportProblem
from annotator.io.merge import merge_projects
from annotator.store import Project
from annotator.store.sets import assign, create_set, document_sets, queue, set_documents


@pytest.fixture
def study(tmp_path):
    path = make_study(tmp_path / "study.annotator")
    with Project(path) as p:
        create_set(p, "reliability-1", [1, 2, 3, 20], purpose="reliability", seed=9, recipe={"size": "4"})
        assign(p, "reliability-1", ["ana", "ben", "cem"])
        create_set(p, "rest", list(range(21, 31)), purpose="share")
        assign(p, "rest", ["ana", "ben"], split=True)
    return path


def package(study, tmp_path, coder="ana"):
    from annotator.io.package import write_package

    out = tmp_path / f"{coder}.annotator"
    with Project(study) as p:
        report = write_package(p, coder, out)
    return out, report


def test_package_holds_only_the_coders_documents_and_spans(study, tmp_path):
    out, report = package(study, tmp_path)
    with Project(study) as team:
        ana = team.coder_by_name("ana")
        wanted = {team.document(i.document_id).sha256 for i in queue(team, ana.id)}
        own = {s.guid for s in team.spans_where("coder_id = ?", [ana.id])
               if team.document(s.document_id).sha256 in wanted}
        codebook = team.codebook_specs()
        others = {s.guid for s in team.spans_where("coder_id != ?", [ana.id])}
    with Project(out) as pkg:
        assert {d.sha256 for d in pkg.documents()} == wanted and report.documents == len(wanted) == 9
        assert [c.name for c in pkg.coders()] == ["ana"]  # no other coder, not even a name
        guids = {s.guid for s in pkg.spans_where()}
        assert guids == own and not guids & others and report.spans == len(own) > 0
        assert pkg.coders()[0].guid == ana.guid
        assert [s.name for s in pkg.codebook_specs()] == [s.name for s in codebook]
        names = {s.name: s for s in document_sets(pkg)}
        assert names["reliability-1"].seed == 9 and names["reliability-1"].size == 4
        assert len(set_documents(pkg, names["rest"].id)) == 5
        assert len(queue(pkg, pkg.coders()[0].id)) == 9


def test_round_trip_brings_the_coders_new_work_back(study, tmp_path):
    out, _ = package(study, tmp_path)
    with Project(out) as pkg:
        ana = pkg.coders()[0]
        doc = pkg.documents()[-1]
        code = pkg.code_by_path("quote").id
        added = pkg.add_span(doc.id, code, ana.id, 0, 7)
        pkg.set_status(doc.id, ana.id, "done")
        sha = doc.sha256
    with Project(study) as team:
        before = team.span_count()
        report = merge_projects(team, [out])
        assert report.ok and team.span_count() == before + 1
        back = team.spans_where("guid = ?", [added.guid])[0]
        assert team.document(back.document_id).sha256 == sha and team.coder(back.coder_id).name == "ana"
        assert team.status(back.document_id, back.coder_id).value == "done"
        merge_projects(team, [out])
        assert team.span_count() == before + 1  # merging twice adds nothing


def test_no_assignment_and_unknown_coder_are_clear_errors(study, tmp_path):
    from annotator.io.package import write_package

    with Project(study) as p:
        p.ensure_coder("zoe")
        with pytest.raises(ExportProblem, match="zoe has no documents assigned"):
            write_package(p, "zoe", tmp_path / "z.annotator")
        with pytest.raises(ExportProblem, match="no coder named 'max'"):
            write_package(p, "max", tmp_path / "m.annotator")
    assert not (tmp_path / "z.annotator").exists()
