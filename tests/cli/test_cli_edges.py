"""Small things a researcher trips over on the command line: -o - is standard output,
a closed pipe ends quietly, a typo never creates a coder, CSV holds the real text,
a Markdown title has no # markup, --plot's messages say what is missing."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.defaults import ensure_default_project
from annotator.store import Project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def seeds_path(tmp_path):
    return ensure_default_project(tmp_path / "seeds.annotator")


def _with_span(path: Path) -> None:
    with Project(path) as p:
        doc = p.documents()[0]
        ana = p.ensure_coder("ana")
        p.add_span(doc.id, p.codes()[0].id, ana.id, 0, 20)


def test_dash_output_is_standard_output_for_text_exports(runner, seeds_path, tmp_path, monkeypatch):
    _with_span(seeds_path)
    monkeypatch.chdir(tmp_path)
    spans = runner.invoke(cli, ["export", str(seeds_path), "--format", "jsonl", "-o", "-"])
    assert spans.exit_code == 0, spans.output
    assert json.loads(spans.stdout.splitlines()[0])["coder"] == "ana"
    book = runner.invoke(cli, ["codebook", "export", str(seeds_path), "-o", "-"])
    assert book.exit_code == 0, book.output
    assert json.loads(book.stdout)["codes"]
    manual = runner.invoke(cli, ["codebook", "export", str(seeds_path), "--format", "md", "-o", "-"])
    assert manual.exit_code == 0 and manual.stdout.startswith("#")
    assert not (tmp_path / "-").exists()  # never a file called "-"


def test_dash_output_is_standard_output_for_archives_and_images(runner, seeds_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner_bytes = CliRunner()
    qdpx = runner_bytes.invoke(cli, ["export", str(seeds_path), "--format", "qdpx", "-o", "-"])
    assert qdpx.exit_code == 0, qdpx.output
    assert "project.qde" in zipfile.ZipFile(io.BytesIO(qdpx.stdout_bytes)).namelist()
    qdc = runner_bytes.invoke(cli, ["codebook", "export", str(seeds_path), "--format", "qdc", "-o", "-"])
    assert qdc.exit_code == 0 and qdc.stdout_bytes.lstrip().startswith(b"<?xml")
    plot = runner_bytes.invoke(cli, ["stats", str(seeds_path), "--plot", "frequencies", "-o", "-",
                                     "--size", "300x200"])
    assert plot.exit_code == 0, plot.output
    assert plot.stdout_bytes.startswith(b"\x89PNG")
    assert not (tmp_path / "-").exists()


def test_report_and_package_to_standard_output(runner, seeds_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with Project(seeds_path) as p:
        doc = p.documents()[0]
        for name, end in (("ana", 40), ("ben", 30)):
            coder = p.ensure_coder(name)
            p.add_span(doc.id, p.codes()[0].id, coder.id, 0, end)
            p.set_status(doc.id, coder.id, "done")
    report = runner.invoke(cli, ["report", str(seeds_path), "-o", "-", "--resamples", "0"])
    assert report.exit_code == 0, report.output
    assert report.stdout.startswith("#")  # Markdown
    runner.invoke(cli, ["sample", str(seeds_path), "--size", "2", "--name", "rel", "--seed", "1"])
    assigned = runner.invoke(cli, ["assign", str(seeds_path), "--set", "rel", "--coders", "ana"])
    assert assigned.exit_code == 0, assigned.output
    package = runner.invoke(cli, ["package", str(seeds_path), "--coder", "ana", "-o", "-"])
    assert package.exit_code == 0, package.output
    assert package.stdout_bytes.startswith(b"SQLite format 3\x00")
    assert "wrote to standard output" in package.stderr
    assert not (tmp_path / "-").exists()


def test_a_closed_pipe_ends_quietly(seeds_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "annotator.cli", "search", str(seeds_path), "the",
                             "--format", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # the reader is gone before the first line, as with `| head -0`
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0
    assert err == ""


def test_status_never_creates_a_coder_from_a_typo(runner, seeds_path):
    with Project(seeds_path) as p:
        p.ensure_coder("ben")
        p.ensure_coder("ana")
    typo = runner.invoke(cli, ["status", str(seeds_path), "1", "done", "--coder", "bem"])
    assert typo.exit_code == 1
    assert "no coder 'bem'" in typo.output and "coders: ana, ben" in typo.output and "--new-coder" in typo.output
    with Project(seeds_path) as p:
        assert p.coder_by_name("bem") is None
    ok = runner.invoke(cli, ["status", str(seeds_path), "1", "done", "--coder", "ben"])
    assert ok.exit_code == 0, ok.output
    new = runner.invoke(cli, ["status", str(seeds_path), "1", "done", "--coder", "cem", "--new-coder"])
    assert new.exit_code == 0, new.output
    with Project(seeds_path) as p:
        assert p.status(1, p.coder_by_name("cem").id) == "done"


def test_assign_never_creates_a_coder_without_the_flag(runner, seeds_path):
    runner.invoke(cli, ["sample", str(seeds_path), "--size", "2", "--name", "rel", "--seed", "1"])
    result = runner.invoke(cli, ["assign", str(seeds_path), "--set", "rel", "--coders", "ana,bem"])
    assert result.exit_code == 1
    assert "no coder 'ana'" in result.output and "coders: none yet" in result.output
    with Project(seeds_path) as p:
        assert p.coders() == []


def test_search_csv_and_json_hold_the_real_line_breaks(runner, tmp_path):
    path = tmp_path / "p.annotator"
    article = tmp_path / "a.txt"
    article.write_text("Headline of the piece\nFirst line ends here.\nKalbajar is next.\n", encoding="utf-8")
    assert runner.invoke(cli, ["import", str(path), str(article)]).exit_code == 0
    result = runner.invoke(cli, ["search", str(path), "Kalbajar", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1
    assert "⏎" not in result.stdout
    assert rows[0]["left"].endswith("here.\n") and rows[0]["hit"] == "Kalbajar"
    text = Project(path).document(int(rows[0]["document_id"])).text
    start = int(rows[0]["start"])
    assert text[start - len(rows[0]["left"]):start] == rows[0]["left"]
    data = runner.invoke(cli, ["search", str(path), "Kalbajar", "--format", "json"])
    assert json.loads(data.stdout)[0]["left"] == rows[0]["left"]
    table = runner.invoke(cli, ["search", str(path), "Kalbajar"])
    assert "⏎" in table.output  # the terminal table keeps its one-line display


def test_markdown_title_is_the_heading_text(runner, tmp_path):
    path = tmp_path / "p.annotator"
    (tmp_path / "a.md").write_text("# Troops enter *Kalbajar* district ##\n\nBody text of the article.\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text("Ceasefire holds in the region\n=============================\n\nBody.\n",
                                   encoding="utf-8")
    (tmp_path / "c.md").write_text("Plain first line of a note\n\nBody.\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(path), str(tmp_path / "a.md"), str(tmp_path / "b.md"),
                                 str(tmp_path / "c.md")])
    assert result.exit_code == 0, result.output
    with Project(path) as p:
        titles = {d.filename: d.title for d in p.documents()}
        texts = {d.filename: p.document(d.id).text for d in p.documents()}
    assert titles == {"a.md": "Troops enter Kalbajar district", "b.md": "Ceasefire holds in the region",
                      "c.md": "Plain first line of a note"}
    assert texts["a.md"].startswith("# Troops")  # the text itself is kept as written


def test_plot_without_output_names_the_output_not_the_size(runner, seeds_path):
    result = runner.invoke(cli, ["stats", str(seeds_path), "--plot", "reuse"])
    assert result.exit_code == 2
    assert "-o reuse.png" in result.output and "--size" not in result.output
    bad = runner.invoke(cli, ["stats", str(seeds_path), "--plot", "reuse", "-o", "x.png", "--size", "big"])
    assert bad.exit_code == 2 and "WIDTHxHEIGHT" in bad.output
