"""Errors the store raises; each message names the file or field and the reason."""

from __future__ import annotations

import errno
import sqlite3


class ProjectError(Exception):
    """A project file that cannot be opened or an edit that cannot be made."""


class NotFound(ProjectError):
    """A document, code, coder or span id that does not exist."""


class DuplicateDocument(ProjectError):
    """A document whose text (sha256) is already in the project."""

    def __init__(self, message: str, existing_id: int):
        super().__init__(message)
        self.existing_id = existing_id


class ReadOnlyProject(ProjectError):
    """A healthy project that this process cannot write: a read-only file, folder or
    mount, or no write permission. It can still be opened with ``read_only=True``.
    ``reason`` is the why in a few words ("you have no permission to write it")."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message


class ProjectBusy(ProjectError):
    """Another process held the project's write lock for longer than we waited."""


#: SQLite primary result codes (``sqlite_errorname`` without its extended suffix) -> the cause in words.
_SQLITE_CAUSES = {
    "SQLITE_BUSY": "another program is writing to the project file (an import or merge in a terminal?)",
    "SQLITE_LOCKED": "another program is writing to the project file (an import or merge in a terminal?)",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_READONLY": "the project file can no longer be written (it, or its folder or disk, is read-only)",
    "SQLITE_PERM": "there is no permission to write the project file",
    "SQLITE_IOERR": "the disk reported an input/output error",
    "SQLITE_CORRUPT": "the project file is damaged",
    "SQLITE_NOTADB": "the project file is damaged",
    "SQLITE_CANTOPEN": "the project file cannot be opened any more (moved, deleted, or its disk is gone)",
}
_OS_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the project file's disk is read-only",
    errno.EACCES: "there is no permission to write the project file",
    errno.EPERM: "there is no permission to write the project file",
    errno.EIO: "the disk reported an input/output error",
}


def sqlite_code(exc: BaseException) -> str:
    """The primary SQLite result code of *exc* ("SQLITE_BUSY" for SQLITE_BUSY_SNAPSHOT), or ""."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return "_".join(name.split("_")[:2])


def is_busy(exc: BaseException) -> bool:
    """Whether *exc* is SQLite's "database is locked": another connection holds the write lock."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = sqlite_code(exc)
    if code:
        return code in ("SQLITE_BUSY", "SQLITE_LOCKED")
    return "locked" in str(exc) or "busy" in str(exc)


def failure_cause(exc: BaseException) -> str:
    """Why a read or write of the project failed, in plain words (for a message box or a terminal)."""
    if isinstance(exc, ProjectError):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        if "Could not decode to UTF-8" in str(exc):  # garbage where text was: the bytes are not repeated
            return "the project file is damaged (it holds text that is not valid UTF-8)"
        cause = _SQLITE_CAUSES.get(sqlite_code(exc))
        return f"{cause} ({exc})" if cause else str(exc)
    if isinstance(exc, OSError):
        cause = _OS_CAUSES.get(exc.errno or -1)
        detail = exc.strerror or str(exc)
        return f"{cause} ({detail})" if cause else detail
    return str(exc)
