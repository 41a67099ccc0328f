"""Shared fixtures. Qt runs offscreen; settings and the user data dir point at tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

#: Offscreen Qt's screen is 800 × 800 unless told otherwise; the window tests run on a
#: 1920 × 1080 screen, the size the layout is made for (tests/offscreen-1920x1080.json).
OFFSCREEN_SCREEN = Path(__file__).with_name("offscreen-1920x1080.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={OFFSCREEN_SCREEN}"


import pytest  # noqa: E402

from annotator.core.model import NewDocument  # noqa: E402
from annotator.defaults import install_default_codebook, populate_default  # noqa: E402
from annotator.store import Project  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user data dir or the real QSettings."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture
def project(tmp_path: Path):
    """An empty project with the default codebook."""
    p = Project(tmp_path / "test.annotator")
    install_default_codebook(p)
    yield p
    p.close()


@pytest.fixture
def seeded(tmp_path: Path):
    """A project holding the five seed articles and the default codebook."""
    p = Project(tmp_path / "seeds.annotator")
    populate_default(p)
    yield p
    p.close()


def _forget_analysis(project: Project) -> None:
    """Drop what import found (noise, shared passages), as in a project from before
    annotator found them, so a test sets up exactly the regions it needs."""
    with project.transaction():
        for table in ("passages", "passage_members", "passage_clusters", "reuse_index", "aligned_documents",
                      "align_fingerprints", "noise", "noise_checked"):
            project.db.execute(f"DELETE FROM {table}")


@pytest.fixture
def forget_analysis():
    return _forget_analysis


@pytest.fixture
def make_doc(project: Project):
    def make(text: str, title: str = "doc") -> int:
        return project.add_document(NewDocument(text=text, title=title))

    return make
