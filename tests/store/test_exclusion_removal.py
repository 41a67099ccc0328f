"""Excluding extra copies (reversible, nothing deleted) and removing documents
(undoable: the document comes back with its guid, spans, noise and statuses)."""

from __future__ import annotations

import csv
import io

import pytest

from annotator.core.model import DocStatus, NewDocument
from annotator.store.errors import NotFound
from annotator.store.exclusion import ExcludeDocuments, excluded_ids, exclusions, extra_copies
from annotator.store.noise import mark_noise
from annotator.store.removal import RemoveDocuments, preview_removal, remove_documents
from annotator.store.search import search
from annotator.store.statistics import StatisticsData


def _doc(project, title: str, text: str) -> int:
    return project.add_document(NewDocument(title=title, text=text))


def _first_code(project) -> int:
    return next(c.id for c in project.codes() if c.codable)


def test_exclude_is_one_undoable_step_and_deletes_nothing(project):
    a = _doc(project, "A", "Alpha story text here.")
    b = _doc(project, "B", "Alpha story text here, regional edition.")
    coder = project.ensure_coder("ana")
    project.add_span(b, _first_code(project), coder.id, 0, 5)
    changes = []
    project.subscribe(changes.append)
    op = ExcludeDocuments([b], kept_id=a, reason="near-duplicate")
    op.apply(project)
    assert excluded_ids(project) == {b}
    assert exclusions(project)[b].kept_id == a
    assert len(changes) == 1 and changes[0].kind == "documents" and changes[0].ids == (b,)
    assert project.document(b).text and len(project.spans_for_document(b, coder.id)) == 1
    op.revert(project)
    assert excluded_ids(project) == set()
    op.apply(project)  # redo
    assert excluded_ids(project) == {b}
    again = ExcludeDocuments([b], exclude=False)
    again.apply(project)
    assert excluded_ids(project) == set()
    again.revert(project)
    assert exclusions(project)[b].kept_id == a  # undoing "include again" restores the same row


def test_exclude_unknown_id_changes_nothing(project):
    a = _doc(project, "A", "Alpha.")
    with pytest.raises(NotFound):
        ExcludeDocuments([a, 999]).apply(project)
    assert excluded_ids(project) == set()


def test_extra_copies_keep_the_longest_then_the_first(project):
    a = _doc(project, "A", "x" * 10)
    b = _doc(project, "B", "y" * 12)
    c = _doc(project, "C", "z" * 12)
    assert extra_copies(project, [c, a, b]) == (b, [a, c])


def test_excluded_articles_leave_statistics_and_come_back(project):
    a = _doc(project, "A", "Alpha story text here.")
    b = _doc(project, "B", "Beta story text here.")
    coder = project.ensure_coder("ana")
    code = _first_code(project)
    project.add_span(a, code, coder.id, 0, 5)
    project.add_span(b, code, coder.id, 0, 4)
    data = StatisticsData.load(project)
    project.subscribe(data.apply)
    assert sorted(data.spans.doc.tolist()) == [a, b]
    op = ExcludeDocuments([b])
    op.apply(project)
    assert data.spans.doc.tolist() == [a] and [d.id for d in data.documents] == [a]
    assert StatisticsData.load(project).spans.doc.tolist() == [a]
    op.revert(project)
    assert sorted(data.spans.doc.tolist()) == [a, b]


def test_remove_and_undo_restores_guid_spans_noise_status(project):
    keep = _doc(project, "Keep", "Another article entirely.")
    doc = _doc(project, "Gone", "Le président a déclaré à Genève que la trêve était fragile.")
    guid = project.document(doc).guid
    coder = project.ensure_coder("ana")
    span = project.add_span(doc, _first_code(project), coder.id, 3, 12)
    mark_noise(project, doc, 0, 2)
    project.set_status(doc, coder.id, DocStatus.DONE)
    ExcludeDocuments([doc]).apply(project)
    (preview,) = preview_removal(project, [doc])
    assert preview.spans == 1 and preview.noise == 1 and preview.coders == ("ana",)
    assert "'Gone'" in preview.describe()
    changes = []
    project.subscribe(changes.append)
    op = RemoveDocuments([doc])
    op.apply(project)
    assert [d.id for d in project.documents()] == [keep]
    assert project.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
    assert project.db.execute("SELECT count(*) FROM noise WHERE document_id = ?", (doc,)).fetchone()[0] == 0
    assert not search(project, "Genève").hits  # the full-text index forgot it too
    assert len(changes) == 1
    op.revert(project)
    restored = project.document(doc)
    assert restored.guid == guid and restored.title == "Gone"
    (back,) = project.spans_for_document(doc, coder.id)
    assert (back.id, back.guid, back.start, back.end) == (span.id, span.guid, 3, 12)
    assert project.status(doc, coder.id) is DocStatus.DONE
    assert project.db.execute("SELECT count(*) FROM noise WHERE document_id = ?", (doc,)).fetchone()[0] == 1
    assert excluded_ids(project) == {doc}
    assert [h.document_id for h in search(project, "Genève").hits] == [doc]
    op.apply(project)  # redo
    assert [d.id for d in project.documents()] == [keep]


def test_remove_unknown_id_removes_nothing(project):
    a = _doc(project, "A", "Alpha.")
    with pytest.raises(NotFound):
        remove_documents(project, [a, 42])
    assert [d.id for d in project.documents()] == [a]


def test_excluded_articles_leave_agreement_counts_matrix_and_queue(project, tmp_path):
    from annotator.io.matrix import write_matrix
    from annotator.store.agreement import agreement_inputs
    from annotator.store.sets import assign, create_set, queue
    from annotator.store.statistics import span_counts

    a = _doc(project, "A", "Alpha story text here.")
    b = _doc(project, "B", "Beta story text here.")
    ana, ben = project.ensure_coder("ana"), project.ensure_coder("ben")
    code = _first_code(project)
    for coder in (ana, ben):
        for doc in (a, b):
            project.add_span(doc, code, coder.id, 0, 4)
    create_set(project, "rel", [a, b])
    assign(project, "rel", ["ana"])
    ExcludeDocuments([b]).apply(project)
    assert set(agreement_inputs(project, ["ana", "ben"], documents="any").lengths) == {a}
    assert {row.document_id for row in span_counts(project)} == {a}
    assert [item.document_id for item in queue(project, ana.id)] == [a]
    out = io.StringIO()
    write_matrix(project, out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert [r[0] for r in rows[1:]] == [str(a)] * 2  # one row per coder, for A only


def test_remove_forgets_the_reuse_index_rows_of_the_article(project):
    a = _doc(project, "A", "Alpha story text here.")
    b = _doc(project, "B", "Beta story text here.")
    with project.transaction():
        project.db.conn.executemany("INSERT INTO reuse_index (hash, owner) VALUES (?, ?)",
                                    [(1, a), (2, a), (1, b), (3, -7)])
    remove_documents(project, [a])
    assert sorted(project.db.execute("SELECT hash, owner FROM reuse_index").fetchall()) == [(1, b), (3, -7)]
