"""The document-by-code matrix: counts, presence and coverage worked out by hand,
one row per document and coder (zeros included), pooled coders, filters, BOM,
column names a statistics package accepts, and no query per document."""

from __future__ import annotations

import csv
import io
import random
import re

import pytest

from annotator.core.model import DocStatus
from annotator.io.errors import ExportProblem
from annotator.io.matrix import column_names, safe_name, write_matrix

META = ["document_id", "title", "outlet", "url", "published", "filename", "char_count"]
CODE_COLUMNS = ["claim", "quote", "quote__direct", "casualty_figure", "territorial_change"]


@pytest.fixture
def coded(project, make_doc):
    """d1 (100 chars), d2 (50), d3 (40, no spans); ana and ben code, carl never does.

    ana on d1: quote 0-10 and 5-20 (overlap: 20 characters), quote/direct 30-40, claim 50-60.
    ben on d1: quote 0-50. ben on d2: claim 0-25.
    """
    d1 = make_doc("abcdefghij" * 10, "First, \"quoted\" title")
    d2 = make_doc("klmnopqrst" * 5, "Second")
    d3 = make_doc("uvwxyz0123" * 4, "Third, uncoded")
    ana, ben = project.ensure_coder("ana"), project.ensure_coder("ben")
    project.ensure_coder("carl")
    quote, claim = project.code_by_path("quote"), project.code_by_path("claim")
    direct = project.add_code("direct", parent_id=quote.id)
    for code, start, end in ((quote, 0, 10), (quote, 5, 20), (direct, 30, 40), (claim, 50, 60)):
        project.add_span(d1, code.id, ana.id, start, end)
    project.add_span(d1, quote.id, ben.id, 0, 50)
    project.add_span(d2, claim.id, ben.id, 0, 25)
    project.set_status(d1, ana.id, DocStatus.DONE)
    return project, (d1, d2, d3)


def matrix(project, **kwargs) -> tuple[int, list[str], list[dict[str, str]]]:
    out = io.StringIO(newline="")
    written = write_matrix(project, out, **kwargs)
    reader = csv.DictReader(io.StringIO(out.getvalue().removeprefix("\ufeff"), newline=""))
    rows = list(reader)
    return written, list(reader.fieldnames or []), rows


def by_doc_coder(rows: list[dict[str, str]]) -> dict[tuple[int, str], dict[str, str]]:
    return {(int(r["document_id"]), r["coder"]): r for r in rows}


def codes_of(row: dict[str, str]) -> list[str]:
    return [row[c] for c in CODE_COLUMNS]


def test_header_is_metadata_then_coder_then_codes_in_tree_order(coded):
    project, _ = coded
    _, header, _ = matrix(project)
    assert header == [*META, "coder", "status", *CODE_COLUMNS]


def test_counts_one_row_per_document_and_coder_with_zeros(coded):
    project, (d1, d2, d3) = coded
    written, _, rows = matrix(project, value="count")
    assert written == len(rows) == 6  # 3 documents x ana, ben (carl has no span: not compared)
    table = by_doc_coder(rows)
    assert [k for k in table] == [(d1, "ana"), (d1, "ben"), (d2, "ana"), (d2, "ben"), (d3, "ana"), (d3, "ben")]
    assert codes_of(table[d1, "ana"]) == ["1", "2", "1", "0", "0"]  # the child code is its own column
    assert codes_of(table[d1, "ben"]) == ["0", "1", "0", "0", "0"]
    assert codes_of(table[d2, "ben"]) == ["1", "0", "0", "0", "0"]
    assert codes_of(table[d2, "ana"]) == ["0"] * 5
    assert codes_of(table[d3, "ana"]) == codes_of(table[d3, "ben"]) == ["0"] * 5


def test_metadata_and_status(coded):
    project, (d1, d2, d3) = coded
    table = by_doc_coder(matrix(project)[2])
    row = table[d1, "ana"]
    assert row["title"] == "First, \"quoted\" title"
    assert row["char_count"] == "100"
    assert row["status"] == "done"
    assert table[d1, "ben"]["status"] == "in-progress"  # a first span starts the document
    assert table[d3, "ben"]["status"] == "not-started"


def test_presence(coded):
    project, (d1, d2, d3) = coded
    table = by_doc_coder(matrix(project, value="presence")[2])
    assert codes_of(table[d1, "ana"]) == ["1", "1", "1", "0", "0"]
    assert codes_of(table[d1, "ben"]) == ["0", "1", "0", "0", "0"]
    assert codes_of(table[d3, "ana"]) == ["0"] * 5


def test_coverage_counts_overlapping_characters_once(coded):
    project, (d1, d2, d3) = coded
    table = by_doc_coder(matrix(project, value="coverage")[2])
    # ana's quotes 0-10 and 5-20 cover 20 of 100 characters, not 25
    assert codes_of(table[d1, "ana"]) == ["0.100000", "0.200000", "0.100000", "0.000000", "0.000000"]
    assert codes_of(table[d1, "ben"]) == ["0.000000", "0.500000", "0.000000", "0.000000", "0.000000"]
    assert table[d2, "ben"]["claim"] == "0.500000"  # 25 of 50
    assert codes_of(table[d3, "ben"]) == ["0.000000"] * 5


def test_coverage_has_six_decimals(project, make_doc):
    doc = make_doc("x" * 3)
    ana = project.ensure_coder("ana")
    project.add_span(doc, project.code_by_path("quote").id, ana.id, 0, 1)
    (row,) = matrix(project, value="coverage")[2]
    assert row["quote"] == "0.333333"


def test_pooled_coders_add_counts_and_unite_coverage(coded):
    project, (d1, d2, d3) = coded
    written, header, rows = matrix(project, per_coder=False, value="count")
    assert "coder" not in header and "status" not in header
    assert written == 3 and [int(r["document_id"]) for r in rows] == [d1, d2, d3]
    assert codes_of(rows[0]) == ["1", "3", "1", "0", "0"]
    coverage = matrix(project, per_coder=False, value="coverage")[2]
    assert coverage[0]["quote"] == "0.500000"  # 0-10, 5-20 and 0-50 together: 50 characters
    assert codes_of(coverage[2]) == ["0.000000"] * 5


def test_pooled_without_any_span_still_lists_every_document(project, make_doc):
    make_doc("one text")
    make_doc("another text")
    written, header, rows = matrix(project, per_coder=False)
    codes = header[len(META):]
    assert codes == ["claim", "quote", "casualty_figure", "territorial_change"]
    assert written == 2 and [[r[c] for c in codes] for r in rows] == [["0"] * 4] * 2


def test_named_coders_get_rows_even_without_spans(coded):
    project, (d1, d2, d3) = coded
    written, _, rows = matrix(project, coders=["carl", "ana"])
    assert written == 6
    table = by_doc_coder(rows)
    assert [k[1] for k in table][:2] == ["carl", "ana"]  # the order given
    assert all(codes_of(table[d, "carl"]) == ["0"] * 5 for d in (d1, d2, d3))
    assert codes_of(table[d1, "ana"]) == ["1", "2", "1", "0", "0"]


def test_pooled_over_named_coders_only(coded):
    project, (d1, _, _) = coded
    rows = matrix(project, per_coder=False, coders=["ben"], value="coverage")[2]
    assert rows[0]["quote"] == "0.500000" and rows[0]["quote__direct"] == "0.000000"


def test_code_filter_keeps_children_and_tree_order(coded):
    project, (d1, _, _) = coded
    _, header, rows = matrix(project, codes=["quote"])
    assert header[len(META) + 2:] == ["quote", "quote__direct"]
    assert by_doc_coder(rows)[d1, "ana"]["quote"] == "2"


def test_unknown_value_coder_or_code_fails_before_writing(coded):
    project, _ = coded
    for kwargs in ({"value": "mean"}, {"coders": ["zoe"]}, {"codes": ["nope"]}):
        out = io.StringIO()
        with pytest.raises(ExportProblem):
            write_matrix(project, out, **kwargs)
        assert out.getvalue() == ""


def test_bom(coded):
    project, _ = coded
    out = io.StringIO()
    write_matrix(project, out, bom=True)
    assert out.getvalue().startswith("\ufeffdocument_id,")
    plain = io.StringIO()
    write_matrix(project, plain)
    assert not plain.getvalue().startswith("\ufeff")
    assert out.getvalue()[1:] == plain.getvalue()


def test_file_written_as_utf8_rereads_to_the_same_numbers(coded, tmp_path):
    project, (d1, _, _) = coded
    path = tmp_path / "m.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        write_matrix(project, fh, value="coverage", bom=True)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row = by_doc_coder(rows)[d1, "ana"]
    assert float(row["quote"]) == pytest.approx(0.2) and row["title"] == "First, \"quoted\" title"


def test_column_names_are_safe_for_spss_stata_and_r():
    taken = {"document_id", "title", "coder", "status"}
    names = [safe_name(p, taken) for p in (
        "casualty figure", "Zitat/direkt (wörtlich)", "2nd wave", "title", "AND", "цитата", "!!!",
        "x" * 40, "x" * 40 + "y", "Quote", "quote", "if", "TRUE", "str80", "strength")]
    assert names == ["casualty_figure", "zitat__direkt_wortlich", "c_2nd_wave", "c_title", "c_and", "c", "c_2",
                     "x" * 32, "x" * 30 + "_2", "quote", "quote_2", "c_if", "c_true", "c_str80", "strength"]
    assert all(re.fullmatch(r"[a-z][a-z0-9_]{0,31}", n) and not n.endswith("_") for n in names)


def test_column_names_map_columns_to_code_paths(coded):
    project, _ = coded
    assert column_names(project) == list(zip(CODE_COLUMNS, ["claim", "quote", "quote/direct", "casualty figure",
                                                            "territorial change"]))


def test_coverage_equals_a_character_by_character_count(project, make_doc):
    rng = random.Random(7)
    codes = [project.code_by_path(p) for p in ("claim", "quote")]
    coders = [project.ensure_coder(n) for n in ("ana", "ben")]
    docs = {make_doc(f"{i}" + "w" * (rng.randint(20, 80)), f"d{i}"): None for i in range(6)}
    covered: dict[tuple[int, str, str], set[int]] = {}
    for doc in docs:
        length = project.document(doc).char_count
        for _ in range(rng.randint(0, 12)):
            start = rng.randrange(length - 1)
            end = rng.randint(start + 1, min(length, start + 25))
            code, coder = rng.choice(codes), rng.choice(coders)
            project.add_span(doc, code.id, coder.id, start, end)
            covered.setdefault((doc, coder.name, code.name), set()).update(range(start, end))
    for row in matrix(project, value="coverage", coders=["ana", "ben"])[2]:
        doc, length = int(row["document_id"]), int(row["char_count"])
        for code in ("claim", "quote"):
            expected = len(covered.get((doc, row["coder"], code), ())) / length
            assert row[code] == f"{expected:.6f}"


def test_queries_do_not_grow_with_the_number_of_documents(project, make_doc):
    ana = project.ensure_coder("ana")
    quote = project.code_by_path("quote")

    def statements_for(n_docs: int) -> int:
        for i in range(n_docs):
            doc = make_doc(f"article number {n_docs}-{i} with some words", f"t{i}")
            project.add_span(doc, quote.id, ana.id, 0, 7)
        seen: list[str] = []
        project.db.conn.set_trace_callback(seen.append)
        try:
            written = write_matrix(project, io.StringIO(), value="coverage")
        finally:
            project.db.conn.set_trace_callback(None)
        assert written == project.document_count()
        return len(seen)

    assert statements_for(3) == statements_for(30)
