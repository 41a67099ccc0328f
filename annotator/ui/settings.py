"""The one place the window's QSettings come from (tests point its path at tmp_path)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANIZATION = "annotator"
APPLICATION = "annotator"

_cached: QSettings | None = None


def settings() -> QSettings:
    """User settings as an INI file, whatever the platform, so tests can redirect them with
    ``QSettings.setPath(IniFormat, UserScope, folder)`` followed by :func:`reset`.
    One object per process: opening the file for every read costs start-up time."""
    global _cached
    if _cached is None:
        _cached = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)
    return _cached


def reset() -> None:
    """Write pending values and forget the cached object (after ``QSettings.setPath``)."""
    global _cached
    if _cached is not None:
        _cached.sync()
    _cached = None


def get_bool(key: str, default: bool) -> bool:
    value = settings().value(key, default)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)
