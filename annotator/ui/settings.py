"""The one place the window's QSettings come from (tests point its path at tmp_path)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "annotator"
APPLICATION = "annotator"


def settings() -> QSettings:
    """User settings as an INI file, whatever the platform, so tests can redirect them with
    ``QSettings.setPath(IniFormat, UserScope, folder)``."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def get_bool(key: str, default: bool) -> bool:
    value = settings().value(key, default)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)
