"""Opening a project file safely: refuse what is not ours before writing a byte.

A healthy project this process cannot write (read-only file, folder or mount, no
permission) raises :class:`ReadOnlyProject` from :func:`open_database`; the caller
can then open it with :func:`open_read_only`, which never writes to the file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.store import schema
from annotator.store.connection import ProjectDatabase
from annotator.store.errors import ProjectBusy, ProjectError, ReadOnlyProject, failure_cause, is_busy, sqlite_code

if TYPE_CHECKING:
    from annotator.store.project import Project

SQLITE_MAGIC = b"SQLite format 3\x00"
#: How long one statement waits for a lock (SQLite's busy handler). Write transactions
#: wait for the write lock in :meth:`Project.transaction` instead, a few ms at a time.
BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 65536  # page cache: 64 MiB keeps the texts of a large corpus hot for span checks
_READ_ONLY_CODES = ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")


def write_problem(path: Path) -> str:
    """Why this process cannot write the project at *path* (an existing file), or "".

    SQLite writes the file and, in WAL mode, creates ``-wal``/``-shm`` files beside it;
    so the folder must be writable too unless both already exist and are writable.
    (``os.access`` answers for the real user; root passes it except on a read-only mount.)"""
    def read_only_mount(p: Path) -> bool:
        try:
            return bool(os.statvfs(p).f_flag & os.ST_RDONLY)
        except (OSError, AttributeError):
            return False

    if read_only_mount(path):
        return "it is on a read-only disk or mount"
    if not os.access(path, os.W_OK):
        return "you have no permission to write it"
    companions = [Path(f"{path}-wal"), Path(f"{path}-shm")]
    if not os.access(path.parent, os.W_OK | os.X_OK) and not all(
            c.exists() and os.access(c, os.W_OK) for c in companions):
        return f"you have no permission to write in its folder {path.parent}"
    return ""


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write *path*. ``mode=ro`` sees other processes' commits
    and respects their locks; on a read-only folder where SQLite cannot create the
    ``-shm`` file, ``immutable=1`` (nobody can be writing such a file from here)."""
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        conn.execute("PRAGMA schema_version").fetchone()  # the first read opens the file (and its -shm)
        return conn
    except sqlite3.DatabaseError as exc:
        if sqlite_code(exc) not in _READ_ONLY_CODES:
            raise
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)


def _inspect(path: Path) -> None:
    """Raise :class:`ProjectError` if *path* exists and is not an openable annotator project."""
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    size = path.stat().st_size
    if size == 0:
        return  # an empty file becomes a new project
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        raise ProjectError(f"{path}: not an annotator project (the file is not a SQLite database)")
    try:
        conn = _connect_read_only(path)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot be opened ({failure_cause(exc)})") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    except sqlite3.DatabaseError as exc:
        raise _open_error(path, exc) from None
    finally:
        conn.close()
    if app_id != schema.APPLICATION_ID:
        if tables:
            raise ProjectError(f"{path}: a SQLite database, but not an annotator project (tables: {', '.join(tables[:5])})")
        return  # an empty SQLite database: fine to initialise
    if version > schema.SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: written by a newer version of annotator (project format {version}, "
            f"this version reads up to {schema.SCHEMA_VERSION}); please update annotator"
        )


def _open_error(path: Path, exc: sqlite3.Error) -> ProjectError:
    """The error for a failure while opening: locked, read-only, or damaged, said as such."""
    code = sqlite_code(exc)
    if is_busy(exc):
        return ProjectBusy(f"{path}: another program is writing to the project file and did not finish "
                           f"within {BUSY_TIMEOUT_MS // 1000} s; try again in a moment")
    if code in _READ_ONLY_CODES:
        return ReadOnlyProject(f"{path}: the project file is read-only here ({failure_cause(exc)})",
                               failure_cause(exc))
    if code in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return ProjectError(f"{path}: the project file is damaged and cannot be read ({exc})")
    return ProjectError(f"{path}: cannot be opened ({failure_cause(exc)})")


def _enable_wal(db: ProjectDatabase) -> None:
    """WAL mode, asked without sqlite-utils when the file already has it (a project's second
    opening on): sqlite-utils's ``enable_wal`` switches it otherwise."""
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.enable_wal()


def open_database(path: str | Path, *, create: bool = True) -> ProjectDatabase:
    """Open (or create) the project database at *path*, migrated and configured.

    Raises :class:`ReadOnlyProject` for a healthy project this process cannot write
    (before writing anything); a project that is already current is not written at all."""
    path = Path(path)
    if path.exists():
        _inspect(path)
        problem = write_problem(path)
        if problem:
            raise ReadOnlyProject(f"{path}: the project file is read-only here: {problem}", problem)
    elif not create:
        raise ProjectError(f"{path}: no such project file")
    elif not path.parent.exists():
        raise ProjectError(f"{path}: the folder {path.parent} does not exist")
    try:
        db = ProjectDatabase(sqlite3.connect(str(path)))
    except sqlite3.Error as exc:
        raise _open_error(path, exc) from None
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        _enable_wal(db)
        # FULL: a committed edit survives a power cut as well as a crash
        db.execute("PRAGMA synchronous = FULL")
        schema.apply(db)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise _open_error(path, exc) from None
    return db


def open_read_only(path: str | Path) -> ProjectDatabase:
    """Open an existing project for reading only, writing nothing to the file: no
    migration, no switch to WAL, no pragma stamped; any write raises. (SQLite may
    leave the usual ``-wal``/``-shm`` companions beside a WAL-mode file; the project
    file's own bytes never change.)

    A project in an older format is read from a migrated copy in memory, so it need
    not be upgraded (written) first."""
    path = Path(path)
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    _inspect(path)
    if path.stat().st_size == 0:
        raise ProjectError(f"{path}: an empty file, not an annotator project")
    try:
        conn = _connect_read_only(path)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot be opened ({failure_cause(exc)})") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _open_error(path, exc) from None
    if app_id != schema.APPLICATION_ID:
        conn.close()
        raise ProjectError(f"{path}: an empty SQLite database, not an annotator project")
    if version < schema.SCHEMA_VERSION:
        try:
            conn = _migrated_copy(conn)
        except sqlite3.DatabaseError as exc:
            raise _open_error(path, exc) from None
    return ProjectDatabase(conn)


def _migrated_copy(conn: sqlite3.Connection) -> sqlite3.Connection:
    """*conn*'s database copied into memory and brought to the current format (closes *conn*)."""
    memory = sqlite3.connect(":memory:")
    try:
        conn.backup(memory)
    finally:
        conn.close()
    db = ProjectDatabase(memory)
    db.execute("PRAGMA foreign_keys = ON")
    schema.apply(db)
    return memory


def check_integrity(db: ProjectDatabase, path: Path) -> None:
    """Raise :class:`ProjectError` if SQLite finds damage anywhere in the file (a corrupt
    page in the middle included). Reads the whole file: for commands about to write."""
    try:
        rows = [r[0] for r in db.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path}: the project file is damaged ({exc}); nothing was written to it") from None
    if rows != ["ok"]:
        raise ProjectError(f"{path}: the project file is damaged ({'; '.join(rows)}); nothing was written to it")


def analysis_pending(project: Project) -> int:
    """How many documents still wait for noise detection or alignment (asked on every start
    of the window: here, so annotator.store.analysis loads only when there is work)."""
    return project.db.execute(
        "SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM noise_checked)"
        " OR id NOT IN (SELECT document_id FROM aligned_documents)"
        # an alignment that died half-way: the next one aligns everything again
        " OR EXISTS (SELECT 1 FROM settings WHERE key = 'alignment.incomplete')").fetchone()[0]
