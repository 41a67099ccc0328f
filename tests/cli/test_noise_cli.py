"""--include-noise on stats, agreement and the matrix export; noise excluded by default."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.model import NewDocument
from annotator.defaults import install_default_codebook
from annotator.store import Project
from annotator.store.noise import detect_noise

TEXT = "News one is here.\nAdvertisement\nNews two is here and it is longer.\n"


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "n.annotator"
    with Project(path) as p:
        install_default_codebook(p)
        doc = p.add_document(NewDocument(text=TEXT, title="t"))
        detect_noise(p)
        quote = p.code_by_path("quote").id
        for name, end in (("ana", 31), ("ben", 17)):
            coder = p.ensure_coder(name)
            p.add_span(doc, quote, coder.id, 0, end)
            p.set_status(doc, coder.id, "done")
    return path


def run(*args):
    result = CliRunner().invoke(cli, list(map(str, args)))
    assert result.exit_code == 0, result.output
    return result.output


def test_agreement_states_that_noise_was_excluded(path):
    data = json.loads(run("agreement", path, "--format", "json"))
    assert data["codes"]["quote"]["units"] == len(TEXT) - 13
    assert "Noise" in data["method"] and "excluded" in data["method"]
    data = json.loads(run("agreement", path, "--format", "json", "--include-noise"))
    assert data["codes"]["quote"]["units"] == len(TEXT)
    assert "counted as article text" in data["method"]
    table = run("agreement", path)
    assert "noise: excluded" in table and "was excluded" in " ".join(table.split())


def test_stats_characters(path):
    rows = json.loads(run("stats", path, "--format", "json"))
    assert {r["coder"]: r["characters"] for r in rows} == {"ana": 18, "ben": 17}
    rows = json.loads(run("stats", path, "--format", "json", "--include-noise"))
    assert {r["coder"]: r["characters"] for r in rows} == {"ana": 31, "ben": 17}


def test_matrix_coverage(path):
    out = run("export", path, "--format", "matrix", "--value", "coverage")
    assert f"{18 / (len(TEXT) - 13):.6f}" in out
    out = run("export", path, "--format", "matrix", "--value", "coverage", "--include-noise")
    assert f"{31 / len(TEXT):.6f}" in out


def test_include_noise_is_refused_where_it_means_nothing(path):
    result = CliRunner().invoke(cli, ["export", str(path), "--format", "csv", "--include-noise"])
    assert result.exit_code == 2 and "--include-noise applies to --format matrix" in result.output


@pytest.mark.parametrize("command", ["stats", "agreement", "export"])
def test_help_explains_the_flag(command):
    out = run(command, "--help")
    assert "--include-noise" in out and "noise" in out.split("--include-noise", 1)[1][:200].lower()
