"""CSV from the command line is safe to double-click; --raw-csv gives the exact text."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.model import NewDocument
from annotator.defaults import install_default_codebook
from annotator.store import Project

FORMULA = "=HYPERLINK(\"http://evil.example\",\"x\")"


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "h.annotator"
    with Project(path) as p:
        install_default_codebook(p)
        doc = p.add_document(NewDocument(text="@SUM(1+1) is what the article says.", title=FORMULA))
        p.add_span(doc, p.add_code("=evil").id, p.ensure_coder("+ana").id, 0, 9)
    return path


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_export_csv_is_safe_and_raw_csv_is_exact(hostile):
    runner = CliRunner()
    safe = runner.invoke(cli, ["export", str(hostile), "--format", "csv"])
    assert safe.exit_code == 0, safe.output
    [row] = rows(safe.stdout)
    assert (row["document_title"], row["code"], row["coder"], row["text"]) == (
        "'" + FORMULA, "'=evil", "'+ana", "'@SUM(1+1)")
    raw = runner.invoke(cli, ["export", str(hostile), "--format", "csv", "--raw-csv"])
    [row] = rows(raw.stdout)
    assert (row["document_title"], row["code"], row["text"]) == (FORMULA, "=evil", "@SUM(1+1)")
    assert runner.invoke(cli, ["export", str(hostile), "--format", "jsonl", "--raw-csv"]).exit_code == 2


def test_matrix_stats_and_search_csv_are_safe(hostile):
    runner = CliRunner()
    matrix = rows(runner.invoke(cli, ["export", str(hostile), "--format", "matrix"]).stdout)
    assert matrix[0]["title"] == "'" + FORMULA and matrix[0]["coder"] == "'+ana"
    stats = rows(runner.invoke(cli, ["stats", str(hostile), "--format", "csv"]).stdout)
    assert (stats[0]["document"], stats[0]["code"], stats[0]["spans"]) == ("'" + FORMULA, "'=evil", "1")
    raw = rows(runner.invoke(cli, ["stats", str(hostile), "--format", "csv", "--raw-csv"]).stdout)
    assert raw[0]["code"] == "=evil"
    hits = rows(runner.invoke(cli, ["search", str(hostile), "@SUM", "--regex", "--format", "csv"]).stdout)
    assert hits[0]["hit"] == "'@SUM" and hits[0]["article"] == "'" + FORMULA
