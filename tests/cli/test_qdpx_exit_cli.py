"""`annotator import` of a .qdpx keeps to the documented exit statuses: a damaged or
unreadable archive is refused like an unreadable article file (status 3, one line naming
the file and the reason, the other files still imported), and an archive imported in part
(selections left out) is status 3 as well; a clean archive is 0."""

from __future__ import annotations

import re
import zipfile

import pytest
from click.testing import CliRunner

from annotator.cli import EXIT_REFUSED, cli
from annotator.defaults import ensure_default_project
from annotator.store import Project


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def exported(tmp_path):
    """The seed project (with one span) exported as a .qdpx."""
    seeds = ensure_default_project(tmp_path / "seeds.annotator")
    with Project(seeds) as p:
        ana = p.ensure_coder("ana").id
        code = next(c.id for c in p.codes() if c.codable)
        p.add_span(1, code, ana, 0, 5)
        p.add_span(1, code, ana, 10, 20)
    out = tmp_path / "seeds.qdpx"
    result = CliRunner().invoke(cli, ["export", str(seeds), "--format", "qdpx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def spans_in(path) -> int:
    with Project(path) as p:
        return p.span_count()


def test_a_clean_qdpx_exits_0(runner, exported, tmp_path):
    result = runner.invoke(cli, ["import", str(tmp_path / "p.annotator"), str(exported)])
    assert result.exit_code == 0, result.output
    assert spans_in(tmp_path / "p.annotator") == 2


def test_a_damaged_qdpx_is_refused_with_status_3_and_the_other_files_go_in(runner, tmp_path):
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    article = tmp_path / "a.txt"
    article.write_text("Talks resumed in Geneva on Monday.\n", encoding="utf-8")
    target = tmp_path / "p.annotator"
    result = runner.invoke(cli, ["import", str(target), str(bad), str(article)])
    assert result.exit_code == EXIT_REFUSED == 3, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    error = next(line for line in result.output.splitlines() if line.startswith("Error:"))
    assert str(bad) in error and "zip" in error.lower()
    assert "1 of 1 .qdpx file refused" in result.output
    with Project(target) as p:
        assert p.document_count() == 1  # the article went in all the same


def test_an_unreadable_qdpx_names_the_file_and_the_reason(runner, tmp_path):
    folder = tmp_path / "folder.qdpx"  # a name that says .qdpx on something that cannot be read as one
    folder.mkdir()
    result = runner.invoke(cli, ["import", str(tmp_path / "p.annotator"), str(folder)])
    assert result.exit_code == EXIT_REFUSED, result.output
    assert f"Error: {folder}: not a REFI-QDA project" in result.output
    assert "Traceback" not in result.output


def test_a_qdpx_imported_in_part_exits_3_and_lists_what_was_left_out(runner, exported, tmp_path):
    partial = tmp_path / "partial.qdpx"
    with zipfile.ZipFile(exported) as src, zipfile.ZipFile(partial, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "project.qde":
                # one selection runs far past its text: the importer leaves it out and says so
                data = re.sub(rb'endPosition="\d+"', b'endPosition="99999999"', data, count=1)
            dst.writestr(item, data)
    target = tmp_path / "p.annotator"
    result = runner.invoke(cli, ["import", str(target), str(partial)])
    assert result.exit_code == EXIT_REFUSED, result.output
    assert "not imported:" in result.output
    assert "1 .qdpx file imported in part" in result.output
    assert spans_in(target) == 1  # the good selection went in
