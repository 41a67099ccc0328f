"""Exporting spans as CSV and JSONL: columns, context, filters, BOM, and no half-written files."""

from __future__ import annotations

import csv
import io
import json

import pytest

from annotator.io import export as export_module
from annotator.io.errors import ExportProblem
from annotator.io.export import COLUMNS, export_spans

TEXT = "Before text. \"We will rebuild\", said Aliyev 😀; then more words follow here.\nSecond line."


@pytest.fixture
def coded(project, make_doc):
    """Two documents, two coders, a parent code with a child, attributes and a memo."""
    d1 = make_doc(TEXT, "First, with comma")
    d2 = make_doc("Other article about troops entering Kalbajar.", "Second")
    ana, ben = project.ensure_coder("ana"), project.ensure_coder("ben")
    quote = project.code_by_path("quote")
    child = project.add_code("direct", parent_id=quote.id)
    claim = project.code_by_path("claim")
    s = TEXT.index('"We')
    project.add_span(d1, quote.id, ana.id, s, s + 17, memo="line1\nline2", attributes={"speaker": "Aliyev"})
    project.add_span(d1, child.id, ben.id, TEXT.index("Aliyev"), TEXT.index("Aliyev") + 8)
    project.add_span(d2, claim.id, ana.id, 0, 5, attributes={"claimant": "x, \"y\""})
    return project, d1, d2


def read_csv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_has_every_column_and_one_column_per_declared_attribute(coded, tmp_path):
    project, d1, d2 = coded
    out = tmp_path / "spans.csv"
    assert export_spans(project, "csv", out, context=10) == 3
    with open(out, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    attrs = [h for h in header if h.startswith("attr:")]
    assert header == [*COLUMNS[:13], *attrs, *COLUMNS[13:]]
    assert {"attr:speaker", "attr:claimant", "attr:who", "attr:figure"} <= set(attrs)
    rows = read_csv(out)
    first = rows[0]
    doc = project.document(d1)
    s = TEXT.index('"We')
    assert first["document_id"] == str(d1) and first["document_sha256"] == doc.sha256
    assert first["document_title"] == "First, with comma"
    assert (first["coder"], first["code"], first["start"], first["end"]) == ("ana", "quote", str(s), str(s + 17))
    assert first["text"] == '"We will rebuild"'
    assert first["context_before"] == TEXT[s - 10:s] and first["context_after"] == TEXT[s + 17:s + 27]
    assert first["memo"] == "line1\nline2"
    assert json.loads(first["attributes"]) == {"speaker": "Aliyev"} and first["attr:speaker"] == "Aliyev"
    assert first["guid"] and first["created"] and first["modified"]
    assert rows[1]["code"] == "quote/direct" and rows[1]["attributes"] == "" and rows[1]["coder"] == "ben"
    assert rows[1]["text"] == "Aliyev 😀" and rows[1]["context_after"] == "; then mor"
    assert rows[2]["attr:claimant"] == 'x, "y"'


def test_context_is_cut_at_the_text_edges_and_counts_code_points(coded, tmp_path):
    project, d1, d2 = coded
    out = tmp_path / "spans.jsonl"
    export_spans(project, "jsonl", out, context=1000)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    last = rows[2]
    assert last["context_before"] == "" and last["context_after"] == project.document(d2).text[5:]
    emoji_row = rows[1]
    text = project.document(d1).text
    assert emoji_row["context_before"] + emoji_row["text"] + emoji_row["context_after"] == text
    export_spans(project, "jsonl", out, context=0)
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["context_before"] == ""


def test_jsonl_rows_follow_the_span_format(coded, tmp_path):
    project, d1, _ = coded
    buf = io.StringIO()
    assert export_spans(project, "jsonl", buf) == 3
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["attributes"] == {"speaker": "Aliyev"} and rows[0]["outlet"] == ""
    assert rows[0]["document_sha256"] == project.document(d1).sha256
    assert "😀" in buf.getvalue()  # not \\u-escaped


def test_filters_by_coder_code_with_children_and_document(coded, tmp_path):
    project, d1, d2 = coded

    def codes_of(**filters):
        buf = io.StringIO()
        export_spans(project, "jsonl", buf, **filters)
        return [(json.loads(line)["coder"], json.loads(line)["code"]) for line in buf.getvalue().splitlines()]

    assert codes_of(coders=["ana"]) == [("ana", "quote"), ("ana", "claim")]
    assert codes_of(codes=["quote"]) == [("ana", "quote"), ("ben", "quote/direct")]
    assert codes_of(codes=["quote/direct"]) == [("ben", "quote/direct")]
    assert codes_of(documents=[str(d2)]) == [("ana", "claim")]
    assert codes_of(documents=["Second"]) == [("ana", "claim")]
    assert codes_of(coders=["ben"], codes=["claim"]) == []
    assert codes_of(coders=[]) == []


@pytest.mark.parametrize("filters, message", [
    ({"coders": ["zoe"]}, "no coder named 'zoe'"),
    ({"codes": ["nope"]}, "no code 'nope'"),
    ({"documents": ["999"]}, "no document matches '999'"),
])
def test_unknown_filter_values_are_refused_and_nothing_is_written(coded, tmp_path, filters, message):
    project, _, _ = coded
    out = tmp_path / "out.csv"
    with pytest.raises(ExportProblem, match=message):
        export_spans(project, "csv", out, **filters)
    assert not out.exists()
    assert list(tmp_path.glob(".out.csv*")) == []


def test_bom_for_excel(coded, tmp_path):
    project, _, _ = coded
    out = tmp_path / "excel.csv"
    export_spans(project, "csv", out, bom=True)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfdocument_id,")
    export_spans(project, "csv", out)
    assert out.read_bytes().startswith(b"document_id,")


def test_unknown_format_and_missing_folder(coded, tmp_path):
    project, _, _ = coded
    with pytest.raises(ExportProblem, match="unknown export format 'xlsx'"):
        export_spans(project, "xlsx", tmp_path / "a.xlsx")
    with pytest.raises(ExportProblem, match="does not exist"):
        export_spans(project, "csv", tmp_path / "no" / "such" / "a.csv")


def test_a_failed_export_leaves_the_previous_file_untouched(coded, tmp_path, monkeypatch):
    project, _, _ = coded
    out = tmp_path / "spans.csv"
    out.write_text("previous export", encoding="utf-8")

    def failing(stream, *_args):
        stream.write("half a row")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_module, "_write_csv", failing)
    with pytest.raises(ExportProblem, match="No space left on device"):
        export_spans(project, "csv", out)
    assert out.read_text(encoding="utf-8") == "previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".spans")] == []


def test_empty_project_exports_a_header_only(project, tmp_path):
    out = tmp_path / "none.csv"
    assert export_spans(project, "csv", out) == 0
    assert out.read_text(encoding="utf-8").startswith("document_id,")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1

