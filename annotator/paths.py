"""Where shipped files and the user's data live."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "annotator"
PROJECT_SUFFIX = ".annotator"
_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    """``resources/`` or ``seeds/``: inside the installed package (wheel), or at the
    top of the source tree (editable install, tests)."""
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def resources_dir() -> Path:
    return _shipped("resources")


def seeds_dir() -> Path:
    return _shipped("seeds")


def default_codebook_path() -> Path:
    return resources_dir() / "default.codebook.json"


def user_data_path() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_project_path() -> Path:
    return user_data_path() / f"default{PROJECT_SUFFIX}"
