import pytest

from annotator.core.codebook import AttributeField, CodebookError, CodeSpec, dump_codebook, parse_codebook
from annotator.store import ProjectError


def test_nested_codes_paths_and_sibling_uniqueness(project):
    parent = project.code_by_path("claim")
    child = project.add_code("official", parent_id=parent.id)
    assert project.code_paths()[child.id] == "claim/official"
    assert project.code_by_path("claim/official").id == child.id
    project.add_code("official")  # same name elsewhere in the tree is fine
    with pytest.raises(ProjectError, match="sibling"):
        project.add_code("official", parent_id=parent.id)
    with pytest.raises(ProjectError, match="under itself"):
        project.update_code(parent.id, parent_id=child.id)


def test_codes_come_in_tree_order(project):
    claim = project.code_by_path("claim")
    project.add_code("sub", parent_id=claim.id)
    assert [c.name for c in project.codes()][:3] == ["claim", "sub", "quote"]


def test_delete_code_takes_its_spans_and_restore_brings_them_back(project, make_doc):
    doc_id = make_doc("hello world")
    coder = project.ensure_coder("ana")
    quote = project.code_by_path("quote")
    project.add_span(doc_id, quote.id, coder.id, 0, 5, attributes={"speaker": "x"})
    code, spans = project.delete_code(quote.id)
    assert project.span_count() == 0 and project.code_by_path("quote") is None
    project.restore_code(code, spans)
    assert project.code(quote.id) == quote
    assert project.spans_where() == spans


def test_merge_moves_spans(project, make_doc):
    doc_id = make_doc("hello world")
    coder = project.ensure_coder("ana")
    claim, quote = project.code_by_path("claim"), project.code_by_path("quote")
    s = project.add_span(doc_id, quote.id, coder.id, 0, 5)
    moved, gone = project.merge_codes(quote.id, claim.id)
    assert gone.id == quote.id and [m.id for m in moved] == [s.id]
    assert project.span(s.id).code_id == claim.id


def test_codebook_import_merges_by_path_and_is_idempotent(project):
    specs = [CodeSpec("claim", "new definition", "#000000", "1", (AttributeField("claimant"),),
                      [CodeSpec("official")]), CodeSpec("frame")]
    added, updated = project.import_codebook(specs)
    assert added == ["claim/official", "frame"] and updated == ["claim"]
    assert project.code_by_path("claim").description == "new definition"
    assert project.import_codebook(specs) == ([], [])


def test_codebook_export_import_round_trip(project, tmp_path):
    text = dump_codebook(project.codebook_specs())
    from annotator.store import Project
    with Project(tmp_path / "other.annotator") as other:
        other.import_codebook(parse_codebook(text))
        assert dump_codebook(other.codebook_specs()) == text  # guids included


def test_codebook_import_is_all_or_nothing(project):
    with pytest.raises(CodebookError):
        project.import_codebook([CodeSpec("fine"), CodeSpec("bad/name")])
    assert project.code_by_path("fine") is None
