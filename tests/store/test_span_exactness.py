"""A span whose text is not ``document.text[start:end]`` is refused on every write path,
including the bulk load that suspends the per-row triggers (annotator.store.bulk)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.core.model import NewDocument
from annotator.defaults import ensure_default_project
from annotator.io.importer import import_paths
from annotator.io.merge import merge_projects
from annotator.io.refi import export_qdpx, import_qdpx
from annotator.io.refi import project_import
from annotator.store import Project, ProjectError
from annotator.store import bulk
from annotator.store.spans import SpanRecord

TEXT = "The ministry said on Wednesday that troops had entered the city. " * 40


def _schema(project: Project) -> set[tuple[str, str]]:
    return set(project.db.execute(
        "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'spans' AND sql IS NOT NULL").fetchall())


def _spans(project: Project) -> list[tuple]:
    return project.db.execute('SELECT document_id, start, "end", text FROM spans ORDER BY id').fetchall()


def _records(doc_id: int, code_id: int, coder_id: int, n: int, *, wrong_at: int | None = None) -> list[SpanRecord]:
    out = []
    for i in range(n):
        start = i % (len(TEXT) - 20)
        text = TEXT[start:start + 10]
        if i == wrong_at:
            text = text.upper() if text.upper() != text else "x" + text[1:]
        out.append(SpanRecord(doc_id, code_id, coder_id, start, start + 10, text=text))
    return out


@pytest.fixture
def doc(project: Project) -> tuple[int, int, int]:
    doc_id = project.add_document(NewDocument(TEXT, title="t"))
    return doc_id, project.code_by_path("quote").id, project.ensure_coder("ana").id


@pytest.mark.parametrize("size", [1, bulk.SUSPEND_TRIGGERS_FROM, bulk.REBUILD_INDEXES_FROM],
                         ids=["one", "triggers-suspended", "indexes-rebuilt"])
def test_add_spans_refuses_a_wrong_text_at_any_size(project, doc, size):
    before = _schema(project)
    with pytest.raises(ProjectError, match="does not match"):
        project.add_spans(_records(*doc, size, wrong_at=size - 1))
    assert project.span_count() == 0
    assert _schema(project) == before  # the triggers and indexes are all there


@pytest.mark.parametrize("size", [bulk.SUSPEND_TRIGGERS_FROM, bulk.REBUILD_INDEXES_FROM])
def test_a_large_load_puts_the_triggers_and_indexes_back(project, doc, size):
    before = _schema(project)
    assert project.add_spans(_records(*doc, size)) == size
    assert _schema(project) == before
    assert all(TEXT[s:e] == t for _, s, e, t in _spans(project))
    doc_id, code_id, coder_id = doc
    with pytest.raises(sqlite3.IntegrityError, match="does not match"):  # the trigger is back
        with project.transaction():
            project.db.execute('INSERT INTO spans (guid, document_id, code_id, coder_id, start, "end", text,'
                               " created, modified) VALUES ('g', ?, ?, ?, 0, 3, 'xyz', '', '')",
                               (doc_id, code_id, coder_id))


def test_add_spans_refuses_offsets_outside_the_text(project, doc):
    doc_id, code_id, coder_id = doc
    with pytest.raises(ProjectError, match="outside document"):
        project.add_spans([SpanRecord(doc_id, code_id, coder_id, 5, len(TEXT) + 1)])
    assert project.span_count() == 0


def test_single_span_writes_keep_the_trigger(project, doc):
    doc_id, code_id, coder_id = doc
    span = project.add_span(doc_id, code_id, coder_id, 4, 12)
    assert span.text == TEXT[4:12]
    from dataclasses import replace
    with pytest.raises(sqlite3.IntegrityError, match="does not match"):
        project.put_span(replace(span, text="not the text"))
    project.delete_span(span.id)
    with pytest.raises(sqlite3.IntegrityError, match="does not match"):
        project.restore_span(replace(span, text="not the text"))
    assert project.span_count() == 0


def _jsonl(path: Path, sha: str, n: int, wrong_at: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            start = i % (len(TEXT) - 20)
            text = TEXT[start:start + 10] if i != wrong_at else "WRONG TEXT"
            fh.write(json.dumps({"document_sha256": sha, "coder": "ana", "code": "quote", "start": start,
                                 "end": start + 10, "text": text}) + "\n")
    return path


@pytest.mark.parametrize("size", [3, bulk.REBUILD_INDEXES_FROM])
def test_jsonl_import_refuses_a_wrong_text(project, doc, tmp_path, size):
    sha = project.document(doc[0]).sha256
    report = import_paths(project, [_jsonl(tmp_path / "spans.jsonl", sha, size, wrong_at=size // 2)])
    assert report.spans_added == 0 and any("does not match" in e for e in report.errors)
    assert project.span_count() == 0


def test_merge_refuses_a_span_whose_text_drifted(tmp_path):
    here = ensure_default_project(tmp_path / "here.annotator")
    other = ensure_default_project(tmp_path / "ana.annotator")
    with Project(other) as p:
        ana = p.ensure_coder("ana")
        span = p.add_span(p.documents()[0].id, p.code_by_path("quote").id, ana.id, 0, 20)
        # a file written by something that did not keep the invariant
        p.db.execute("DROP TRIGGER spans_text_matches_update")
        with p.transaction():
            p.db.execute("UPDATE spans SET text = 'drifted text, wrong' WHERE id = ?", (span.id,))
    with Project(here) as p:
        report = merge_projects(p, [other])
        assert "does not match" in report.files[0].error
        assert p.span_count() == 0


def test_refi_import_refuses_a_span_whose_text_does_not_match(seeded, tmp_path, monkeypatch):
    ana = seeded.ensure_coder("ana")
    seeded.add_span(seeded.documents()[0].id, seeded.code_by_path("quote").id, ana.id, 0, 20)
    archive = export_qdpx(seeded, tmp_path / "p.qdpx")
    target = Project(tmp_path / "target.annotator")
    original = project_import._Importer._spans

    def drifted(self, src, doc_id):  # as if the offsets had been mapped onto the wrong text
        return [r._replace(text="not what the document says"[: r.end - r.start]) for r in original(self, src, doc_id)]

    monkeypatch.setattr(project_import._Importer, "_spans", drifted)
    with pytest.raises(Exception, match="does not match"):
        import_qdpx(target, archive)
    assert target.span_count() == 0 and target.document_count() == 0
    target.close()


def test_a_large_load_failing_inside_the_insert_rolls_the_schema_back(project, doc):
    """The triggers and indexes are dropped inside the load's transaction: a failure after
    the drop (here a repeated guid, found by the uniqueness index) brings them back."""
    before = _schema(project)
    records = _records(*doc, bulk.REBUILD_INDEXES_FROM)
    records = [r._replace(guid=f"G-{i}") for i, r in enumerate(records)]
    records[-1] = records[-1]._replace(guid="G-0")
    with pytest.raises(ProjectError, match="spans not loaded"):
        project.add_spans(records)
    assert project.span_count() == 0
    assert _schema(project) == before
