"""`annotator align`: runs the incremental alignment, prints pairs and reuse shares."""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.defaults import ensure_default_project, install_default_codebook, seed_documents
from annotator.store import Project


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def seeds_path(tmp_path):
    """The seeds stored without noise detection or alignment, as in a project from
    before annotator aligned articles."""
    path = tmp_path / "seeds.annotator"
    with Project(path) as project:
        install_default_codebook(project)
        for doc in seed_documents():
            project.add_document(doc)
    return path


def noise_count(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM noise").fetchone()[0]


def test_align_finds_clutter_first_in_a_project_without_it(runner, seeds_path):
    assert noise_count(seeds_path) == 0
    assert runner.invoke(cli, ["align", str(seeds_path)]).exit_code == 0
    assert noise_count(seeds_path) > 20
    with sqlite3.connect(seeds_path) as conn:  # no passage reaches into clutter
        overlapping = conn.execute(
            "SELECT count(*) FROM passage_members p JOIN noise n ON n.document_id = p.document_id"
            " AND n.origin != 'cleared' AND n.start < p.\"end\" AND p.start < n.\"end\""
        ).fetchone()[0]
    assert overlapping == 0


def test_the_default_project_comes_with_clutter_and_passages_found(tmp_path):
    path = ensure_default_project(tmp_path / "default.annotator")
    assert noise_count(path) > 20 and passage_count(path) > 20


def test_import_finds_clutter_and_passages_of_the_new_articles(runner, tmp_path):
    from annotator.paths import seeds_dir

    path = tmp_path / "study.annotator"
    result = runner.invoke(cli, ["import", str(path), str(seeds_dir())])
    assert result.exit_code == 0, result.output
    assert noise_count(path) > 20 and passage_count(path) > 20


def passage_count(path) -> int:
    """Copies of shared text found (members of the clusters of shared passages)."""
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM passage_members").fetchone()[0]


def test_align_prints_pairs_and_reuse_shares(runner, seeds_path):
    result = runner.invoke(cli, ["align", str(seeds_path)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "aligned 5 documents" in out
    assert "pairs of articles share passages" in out
    first_pair = out.split("article\n", 1)[1].splitlines()[0]
    assert "Associated Press" in first_pair and "Global News" in first_pair
    assert "Reused vs own text per article" in out
    ap_line = next(line for line in out.splitlines() if "%" in line and "Associated Press" in line)
    assert int(ap_line.split("%")[0]) >= 90
    assert passage_count(seeds_path) > 20


def test_align_again_has_nothing_to_do_and_rebuild_recomputes(runner, seeds_path):
    runner.invoke(cli, ["align", str(seeds_path)])
    n = passage_count(seeds_path)
    again = runner.invoke(cli, ["align", str(seeds_path)])
    assert again.exit_code == 0 and "up to date" in again.output
    assert "Associated Press" in again.output  # the summary still prints
    rebuilt = runner.invoke(cli, ["align", str(seeds_path), "--rebuild"])
    assert rebuilt.exit_code == 0 and "aligned 5 documents" in rebuilt.output
    assert passage_count(seeds_path) == n


def test_align_json_lists_every_pair_and_article(runner, seeds_path):
    result = runner.invoke(cli, ["align", str(seeds_path), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["articles"]) == 5
    outlets = {frozenset((p["a"]["outlet"], p["b"]["outlet"])) for p in data["pairs"]}
    assert frozenset(("Associated Press", "Global News")) in outlets
    assert frozenset(("Associated Press", "Republic World")) not in outlets
    ap = next(a for a in data["articles"] if a["outlet"] == "Associated Press")
    assert ap["reused_share"] > 0.9 and ap["reused_chars"] + ap["own_chars"] == ap["text_chars"]


def test_align_limit_shortens_the_table(runner, seeds_path):
    result = runner.invoke(cli, ["align", str(seeds_path), "--limit", "2"])
    assert "(top 2 shown)" in result.output and "(top 2 of 5)" in result.output


def test_align_a_file_that_is_not_a_project_is_a_clear_error(runner, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    result = runner.invoke(cli, ["align", str(bad)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "notes.txt" in result.output
