"""Commands that do not compute with pandas or numpy never import them (issue 17): sqlite-utils
would import both when installed (see annotator.store.lean). A command that only reads does
not import sqlite-utils at all (annotator.store.connection); one that writes does, lean.
Checked with ``python -X importtime`` in a fresh process, which lists every module a command
imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.defaults import ensure_default_project

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "numpy", "PySide6", "annotator.io.refi")


def _imported(*args: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "annotator.cli", *args],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def _top_level(modules: set[str]) -> set[str]:
    return {m for m in modules for heavy in HEAVY if m == heavy or m.startswith(heavy + ".")}


@pytest.fixture
def default_project(tmp_path: Path) -> Path:
    return ensure_default_project(tmp_path / "default.annotator")


def test_help_imports_no_pandas_numpy_or_qt():
    modules = _imported("--help")
    assert "click" in modules  # the listing is real
    assert _top_level(modules) == set()


def test_documents_imports_no_pandas_numpy_or_qt(default_project):
    modules = _imported("documents", str(default_project))
    assert "annotator.store.project" in modules
    assert _top_level(modules) == set()


def test_a_command_that_only_reads_does_not_import_sqlite_utils(default_project):
    modules = _imported("documents", str(default_project))
    assert "annotator.store.connection" in modules  # the listing is real
    assert not {m for m in modules if m.split(".")[0] in ("sqlite_utils", "dateutil", "pluggy")}


def test_a_command_that_writes_goes_through_sqlite_utils_without_pandas_or_numpy(default_project):
    modules = _imported("status", str(default_project), "1", "done", "--coder", "ana", "--new-coder")
    assert "sqlite_utils.db" in modules  # the write went through sqlite-utils
    assert _top_level(modules) == set()


def test_pandas_still_imports_after_the_store(tmp_path):
    """The store hides pandas/numpy only while sqlite-utils loads: a command that computes
    with numpy afterwards gets the real module."""
    code = ("import annotator.store, sys; from annotator.store.lean import import_sqlite_utils; "
            "import_sqlite_utils(); assert 'sqlite_utils.db' in sys.modules and 'numpy' not in sys.modules; "
            "import numpy; assert numpy.arange(3).sum() == 3")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
