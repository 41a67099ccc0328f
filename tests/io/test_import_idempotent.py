"""Import is idempotent and all or nothing per file: identical spans are skipped and counted,
a file with a bad record imports nothing (every bad line listed) unless ``skip_bad``,
and hostile nesting is one refused file while the batch goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.codebook import CodebookError, parse_codebook
from annotator.io.importer import import_paths


def write_jsonl(path: Path, records: list[dict | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rec(doc, start, end, **extra) -> dict:
    base = {"document_sha256": doc.sha256, "coder": "ana", "code": "quote", "start": start, "end": end}
    base.update(extra)
    return base


@pytest.fixture
def doc(project, make_doc):
    return project.document(make_doc("The president said: we will rebuild the region. " * 3, "D"))


def test_the_same_span_file_without_guids_twice_adds_nothing_the_second_time(project, doc, tmp_path):
    path = write_jsonl(tmp_path / "s.jsonl", [rec(doc, 0, 3), rec(doc, 4, 13), rec(doc, 4, 13, coder="ben")])
    first = import_paths(project, [path])
    assert first.spans_added == 3 and first.ok
    again = import_paths(project, [path])
    assert again.spans_added == 0 and again.already_present == 3 and again.ok
    assert "3 already present" in again.summary().splitlines()[0]
    assert project.span_count() == 3


def test_a_span_identical_to_one_made_by_hand_is_skipped_but_another_code_is_not(project, doc, tmp_path):
    ana = project.ensure_coder("ana")
    quote = project.code_by_path("quote")
    project.add_span(doc.id, quote.id, ana.id, 4, 13)
    path = write_jsonl(tmp_path / "s.jsonl", [rec(doc, 4, 13), rec(doc, 4, 13, code="claim"), rec(doc, 4, 14)])
    report = import_paths(project, [path])
    assert (report.spans_added, report.already_present) == (2, 1)
    assert project.span_count() == 3


def test_a_span_file_with_one_bad_line_imports_nothing_and_lists_every_bad_line(project, doc, tmp_path):
    before = (project.codes(), project.coders())
    path = write_jsonl(tmp_path / "s.jsonl", [
        rec(doc, 0, 3, code="brand/new", coder="zed"),
        rec(doc, 5, 3),              # 2: empty range
        rec(doc, 4, 13),
        "{not json",                 # 4
        rec(doc, 0, 3, text="XYZ"),  # 5: text differs
    ])
    report = import_paths(project, [path])
    assert project.span_count() == 0 and (project.codes(), project.coders()) == before
    assert report.spans_added == 0 and report.codes_created == [] and report.coders_created == []
    assert [e.split(":")[0] for e in report.errors[:-1]] == [f"{path}, line {n}" for n in (2, 4, 5)]
    assert report.errors[-1].startswith(f"{path}: refused, 3 bad records (2 good)")
    assert report.refused_files == [str(path)] and report.bad_records == 3 and not report.ok
    assert "1 of 1 file refused, 3 bad records" in report.summary()

    # fix the bad lines and run again: every span once, nothing doubled
    write_jsonl(path, [rec(doc, 0, 3, code="brand/new", coder="zed"), rec(doc, 4, 13)])
    assert import_paths(project, [path]).spans_added == 2
    assert import_paths(project, [path]).spans_added == 0
    assert project.span_count() == 2


def test_an_article_file_with_a_bad_record_imports_nothing_unless_skip_bad(project, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "good one"}\n{"title": "no text"}\n{"text": "good two"}\n', encoding="utf-8")
    report = import_paths(project, [path])
    assert project.document_count() == 0 and report.documents_added == []
    assert report.errors[0].startswith(f"{path}, line 2:") and "refused, 1 bad record (2 good)" in report.errors[1]
    kept = import_paths(project, [path], skip_bad=True)
    assert project.document_count() == 2 and kept.bad_records == 1 and not kept.ok
    assert kept.refused_files == []


def test_a_csv_with_a_malformed_row_imports_nothing(project, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("title,text\nA,good one\nB,too,many\n", encoding="utf-8")
    report = import_paths(project, [path])
    assert project.document_count() == 0 and report.refused_files == [str(path)]
    assert report.errors[0].startswith(f"{path}, line 3:")


def test_a_jsonl_nested_200000_deep_is_one_refused_file_and_the_batch_goes_on(project, tmp_path):
    deep = tmp_path / "a_deep.jsonl"
    deep.write_text("[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    deep_object = tmp_path / "b_deep.jsonl"
    deep_object.write_text('{"a":' * 200_000 + "1" + "}" * 200_000 + "\n", encoding="utf-8")
    deep_json = tmp_path / "c_deep.json"
    deep_json.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    good = tmp_path / "d_good.txt"
    good.write_text("A plain article that imports fine.\n", encoding="utf-8")
    report = import_paths(project, [deep, deep_object, deep_json, good])
    assert len(report.documents_added) == 1
    assert report.refused_files == [str(deep), str(deep_object), str(deep_json)]
    assert all("nested too deeply" in e for e in report.errors if not e.endswith("to keep the good records)"))
    assert "Traceback" not in report.summary()


def test_a_codebook_nested_deeply_is_a_clear_error():
    with pytest.raises(CodebookError, match="nested too deeply"):
        parse_codebook('{"format": "annotator-codebook", "codes": ' + "[" * 200_000 + "]" * 200_000 + "}", "cb.json")
    # 200 codes inside each other: json reads it (under its limit); the depth check refuses it
    text = ('{"format": "annotator-codebook", "codes": [' + '{"name": "c", "children": [' * 200
            + '{"name": "leaf"}' + "]}" * 200 + "]}")
    with pytest.raises(CodebookError, match="nested more than 64 levels"):
        parse_codebook(text, "cb.json")


def test_a_deeply_nested_data_line_in_a_refi_description_stays_text():
    from annotator.io.refi.common import DATA_PREFIX, split_description

    description = "A code.\n" + DATA_PREFIX + "[" * 200_000 + "]" * 200_000
    assert split_description(description) == (description, None)


def test_a_stopped_import_is_not_reported_as_complete(project, tmp_path):
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(f"article number {i} text", encoding="utf-8")
    report = import_paths(project, [tmp_path], progress=lambda done, total, path: done < 2)
    assert len(report.documents_added) == 2 and report.not_read == 2 and not report.ok
    assert "Stopped: 2 of 4 files not read." in report.summary()
