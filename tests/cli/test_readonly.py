"""Read commands never change the project file; a project that cannot be written is read
(and said to be read-only, not damaged); a damaged file gives a clear error, never a
traceback, and is never written to; two imports at once both succeed."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.defaults import ensure_default_project
from annotator.store import Project, opening
from tests.store.test_busy import damage_middle

READ_COMMANDS = [
    ["documents"],
    ["export", "--format", "csv"],
    ["export", "--format", "jsonl"],
    ["export", "--format", "matrix"],
    ["search", "troops"],
    ["stats"],
    ["stats", "--format", "json"],
    ["agreement", "--documents", "any"],
    ["codebook", "export"],
]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def coded(tmp_path) -> Path:
    """The seeds, with two coders' spans on the first article."""
    path = ensure_default_project(tmp_path / "coded.annotator")
    with Project(path) as p:
        doc = p.documents()[0]
        quote = p.code_by_path("quote").id
        for name, end in (("ana", 30), ("ben", 40)):
            p.add_span(doc.id, quote, p.ensure_coder(name).id, 0, end)
    return path


def run(args: list[str], path: Path):
    """``annotator COMMAND [SUBCOMMAND] PROJECT ARGS...``"""
    words = 2 if args[0] == "codebook" else 1
    return CliRunner().invoke(cli, [*args[:words], str(path), *args[words:]])


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a))
def test_read_commands_leave_the_project_bytes_as_they_were(coded, args):
    before = digest(coded)
    result = run(args, coded)
    assert result.exit_code == 0, result.output
    assert digest(coded) == before


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a))
def test_read_commands_work_on_a_project_that_cannot_be_written(coded, args, monkeypatch):
    """Root may write any file (tests run as root), so 'cannot be written' is the check's answer."""
    monkeypatch.setattr(opening, "write_problem", lambda p: "it is on a read-only disk or mount")
    result = run(args, coded)
    assert result.exit_code == 0, result.output


def test_a_write_command_on_a_project_that_cannot_be_written_says_read_only(coded, tmp_path, monkeypatch):
    monkeypatch.setattr(opening, "write_problem", lambda p: "you have no permission to write it")
    before = digest(coded)
    article = tmp_path / "new.txt"
    article.write_text("A new article.", encoding="utf-8")
    for args in (["import", str(coded), str(article)], ["status", str(coded), "1", "done", "--coder", "ana"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1
        assert "read-only here: you have no permission to write it" in result.output
        assert "damaged" not in result.output and "Traceback" not in result.output
    assert digest(coded) == before


@pytest.fixture
def damaged(tmp_path) -> Path:
    path = tmp_path / "damaged.annotator"
    with Project(path) as p:
        from annotator.core.model import NewDocument

        for i in range(60):
            p.add_document(NewDocument(f"Article {i} on troops. " + "words and more words " * 200, title=f"t{i}"))
    damage_middle(path)
    return path


@pytest.mark.parametrize("args", [*READ_COMMANDS, ["align"], ["status", "1", "done", "--coder", "ana"]],
                         ids=lambda a: " ".join(a))
def test_a_file_damaged_in_the_middle_gives_a_clear_error_and_is_not_written(damaged, args):
    before = digest(damaged)
    result = run(args, damaged)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code != 0:  # a command that never reads the damaged pages may well succeed
        assert result.output.startswith("Error: "), result.output
        if args[0] not in ("search", "agreement"):  # these two say it in their own words
            assert f"{damaged}: the project file is damaged" in result.output, result.output
    assert "Traceback" not in result.output
    assert digest(damaged) == before


def test_import_into_a_damaged_file_is_refused(damaged, tmp_path):
    before = digest(damaged)
    article = tmp_path / "new.txt"
    article.write_text("A new article.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(damaged), str(article)])
    assert result.exit_code == 1
    assert "damaged" in result.output and "nothing was written" in result.output
    assert digest(damaged) == before


def test_two_imports_at_once_both_succeed(tmp_path):
    """Each import commits in short batches and waits for the other's lock. (Before, with 400
    files each, every file of the second import failed with "database is locked".)"""
    project = tmp_path / "team.annotator"
    ensure_default_project(project)
    folders = []
    for name in ("ana", "ben"):
        folder = tmp_path / name
        folder.mkdir()
        for i in range(400):
            (folder / f"{i}.txt").write_text(f"{name} article {i}: " + f"{name} writes about topic {i}. " * 30,
                                             encoding="utf-8")
        folders.append(folder)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [subprocess.Popen([sys.executable, "-m", "annotator.cli", "import", str(project), str(f)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for f in folders]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outputs):
        assert p.returncode == 0, err
        assert "400 documents added" in out, out
        assert "locked" not in out + err
    with Project(project, read_only=True) as p:
        assert p.document_count() == 5 + 800
