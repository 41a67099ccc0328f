import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import DocStatus, NewDocument
from annotator.store import Change, ProjectError
from annotator.store.errors import DuplicateDocument, NotFound
from annotator.store.spans import SpanRecord

ALPHABET = st.sampled_from(list("ab. \n") + ["😀", "𝄞", "漢", "\u0301", "👩‍💻", "🇦🇿"])


def test_document_round_trip_and_immutability(project):
    doc_id = project.add_document(NewDocument("Kalbajar 😀\nline", title="t", source="AP", metadata={"k": 1}))
    doc = project.document(doc_id)
    assert (doc.text, doc.title, doc.source, doc.metadata, doc.char_count) == ("Kalbajar 😀\nline", "t", "AP", {"k": 1}, 15)
    assert len(doc.sha256) == 64 and len(doc.guid) == 36
    with pytest.raises(sqlite3.IntegrityError, match="never changes"):
        project.db.execute("UPDATE documents SET text = 'x' WHERE id = ?", (doc_id,))


def test_duplicate_text_is_refused(project, make_doc):
    first = make_doc("same text")
    with pytest.raises(DuplicateDocument) as exc:
        make_doc("same text", title="again")
    assert exc.value.existing_id == first
    assert project.document_count() == 1


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(ALPHABET, min_size=1, max_size=60).map("".join), data=st.data())
def test_stored_span_text_is_always_the_slice(project, text, data):
    """The invariant: span.text == document.text[start:end], in code points, for any text."""
    doc_id = project.document_id_by_sha256(__import__("annotator.core.text", fromlist=["x"]).sha256_text(text))
    if doc_id is None:
        doc_id = project.add_document(NewDocument(text))
    coder = project.ensure_coder("ana")
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    span = project.add_span(doc_id, project.code_by_path("claim").id, coder.id, start, end)
    assert span.text == text[start:end] == project.span(span.id).text
    new_end = data.draw(st.integers(start + 1, len(text)))
    project.update_span(span.id, end=new_end)
    assert project.span(span.id).text == text[start:new_end]
    bulk = project.add_spans([SpanRecord(doc_id, project.code_by_path("quote").id, coder.id, start, end)])
    assert bulk == 1
    stored = project.db.execute('SELECT text, start, "end", document_id FROM spans').fetchall()
    for snap, s, e, d in stored:
        assert snap == project.document(d).text[s:e]


def test_schema_refuses_mismatched_span_text_from_any_writer(project, make_doc):
    doc_id = make_doc("hello world")
    coder = project.ensure_coder("ana")
    with pytest.raises(sqlite3.IntegrityError, match="does not match"):
        project.db.execute(
            "INSERT INTO spans (guid, document_id, code_id, coder_id, start, \"end\", text, created, modified)"
            " VALUES ('g', ?, 1, ?, 0, 5, 'HELLO', '', '')", (doc_id, coder.id))
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        project.db.execute(
            "INSERT INTO spans (guid, document_id, code_id, coder_id, start, \"end\", text, created, modified)"
            " VALUES ('g', ?, 1, ?, 5, 5, '', '', '')", (doc_id, coder.id))


@pytest.mark.parametrize("start, end", [(-1, 3), (3, 3), (5, 2), (0, 12)])
def test_bad_offsets_are_refused(project, make_doc, start, end):
    doc_id = make_doc("hello world")
    coder = project.ensure_coder("ana")
    with pytest.raises(ProjectError, match="outside document"):
        project.add_span(doc_id, 1, coder.id, start, end)
    assert project.span_count() == 0


def test_attribute_values_are_validated(project, make_doc):
    doc_id = make_doc("hello world")
    coder = project.ensure_coder("ana")
    cf = project.code_by_path("casualty figure")
    with pytest.raises(ProjectError, match="must be one of civilians, military, unspecified"):
        project.add_span(doc_id, cf.id, coder.id, 0, 5, attributes={"who": "aliens"})
    span = project.add_span(doc_id, cf.id, coder.id, 0, 5, attributes={"who": "civilians", "figure": "5"})
    assert project.span(span.id).attributes == {"who": "civilians", "figure": "5"}


def test_recode_drops_undeclared_attributes_and_undo_restores(project, make_doc):
    doc_id = make_doc("hello world")
    coder = project.ensure_coder("ana")
    span = project.add_span(doc_id, project.code_by_path("quote").id, coder.id, 0, 5, attributes={"speaker": "Aliyev"})
    before = project.update_span(span.id, code_id=project.code_by_path("claim").id)
    assert project.span(span.id).attributes == {}
    project.put_span(before)
    assert project.span(span.id) == before


def test_first_span_marks_document_in_progress(project, make_doc):
    doc_id = make_doc("hello world")
    coder = project.ensure_coder("ana")
    assert project.status(doc_id, coder.id) is DocStatus.NOT_STARTED
    project.add_span(doc_id, 1, coder.id, 0, 5)
    assert project.status(doc_id, coder.id) is DocStatus.IN_PROGRESS
    assert project.set_status(doc_id, coder.id, "done") is DocStatus.IN_PROGRESS
    project.add_span(doc_id, 1, coder.id, 6, 11)
    assert project.statuses(coder.id) == {doc_id: DocStatus.DONE}


def test_changes_are_announced_after_commit_and_dropped_on_rollback(project, make_doc):
    doc_id = make_doc("hello world")
    coder = project.ensure_coder("ana")
    seen: list[Change] = []
    project.subscribe(seen.append)
    with pytest.raises(RuntimeError):
        with project.transaction():
            project.add_span(doc_id, 1, coder.id, 0, 5)
            assert seen == []  # not yet committed
            raise RuntimeError("boom")
    assert seen == [] and project.span_count() == 0
    span = project.add_span(doc_id, 1, coder.id, 0, 5)
    assert seen == [Change("spans", (span.id,), (doc_id,))]


def test_bulk_spans_are_all_or_nothing(project, make_doc):
    doc_id = make_doc("hello world")
    coder = project.ensure_coder("ana")
    good = SpanRecord(doc_id, 1, coder.id, 0, 5)
    bad = SpanRecord(doc_id, 1, coder.id, 6, 99)
    with pytest.raises(ProjectError, match="spans not loaded"):
        project.add_spans([good, bad])
    assert project.span_count() == 0


def test_find_document_by_id_filename_title(project):
    a = project.add_document(NewDocument("one", title="First", filename="a.txt"))
    project.add_document(NewDocument("two", title="Same", filename="b.txt"))
    project.add_document(NewDocument("three", title="Same", filename="c.txt"))
    assert project.find_document(str(a)).id == a
    assert project.find_document("b.txt").title == "Same"
    assert project.find_document("First").id == a
    with pytest.raises(ProjectError, match="ambiguous"):
        project.find_document("Same")
    with pytest.raises(NotFound, match="no document matches"):
        project.find_document("nothing")


def test_coders_are_unique_by_name(project):
    assert project.ensure_coder(" ana ").id == project.ensure_coder("ana").id
    with pytest.raises(ProjectError):
        project.ensure_coder("  ")


def test_bulk_spans_with_given_text_are_checked_not_trusted(project, make_doc):
    doc_id = make_doc("hello world")
    coder = project.ensure_coder("ana")
    assert project.add_spans([SpanRecord(doc_id, 1, coder.id, 0, 5, text="hello")]) == 1
    with pytest.raises(ProjectError, match="does not match"):
        project.add_spans([SpanRecord(doc_id, 1, coder.id, 6, 11, text="WORLD")])
    with pytest.raises(ProjectError, match="does not match"):
        project.add_spans([SpanRecord(doc_id, 1, coder.id, 6, 20, text="world")])  # past the end
    assert [s.text for s in project.spans_where()] == ["hello"]


def test_nul_in_text_is_refused(project):
    with pytest.raises(ProjectError, match="NUL character at offset 3"):
        project.add_document(NewDocument("abc\x00def"))
    assert project.document_count() == 0


def test_bulk_load_marks_only_its_own_documents_in_progress(project, make_doc):
    a, b = make_doc("first text"), make_doc("second text")
    ana = project.ensure_coder("ana")
    project.set_status(a, ana.id, "done")
    project.add_spans([SpanRecord(b, 1, ana.id, 0, 6)])
    assert project.statuses(ana.id) == {a: DocStatus.DONE, b: DocStatus.IN_PROGRESS}


def test_span_stays_editable_after_its_code_drops_a_field(project, make_doc):
    doc_id = make_doc("hello world")
    coder = project.ensure_coder("ana")
    quote = project.code_by_path("quote")
    span = project.add_span(doc_id, quote.id, coder.id, 0, 5, attributes={"speaker": "Aliyev"})
    project.update_code(quote.id, attributes=())
    project.update_span(span.id, memo="still editable", end=4)
    assert project.span(span.id).memo == "still editable" and project.span(span.id).attributes == {"speaker": "Aliyev"}
    with pytest.raises(ProjectError, match="no attribute 'speaker'"):
        project.update_span(span.id, attributes={"speaker": "x"})  # new values are still checked
