"""Opening a project file safely: refuse what is not ours before writing a byte."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from annotator.store import schema
from annotator.store.errors import ProjectError

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 65536  # page cache: 64 MiB keeps the texts of a large corpus hot for span checks


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
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot be opened ({exc})") from None
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path}: the project file is damaged and cannot be read ({exc})") from None
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


def open_database(path: str | Path, *, create: bool = True) -> Database:
    """Open (or create) the project database at *path*, migrated and configured."""
    path = Path(path)
    if path.exists():
        _inspect(path)
    elif not create:
        raise ProjectError(f"{path}: no such project file")
    elif not path.parent.exists():
        raise ProjectError(f"{path}: the folder {path.parent} does not exist")
    try:
        db = Database(path)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot be opened ({exc})") from None
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        db.enable_wal()
        # FULL: a committed edit survives a power cut as well as a crash
        db.execute("PRAGMA synchronous = FULL")
        schema.apply(db)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise ProjectError(f"{path}: the project file is damaged or locked ({exc})") from None
    return db


def open_read_only(path: str | Path) -> Database:
    """Open an existing project for reading only, writing nothing to the file: no
    migration, no switch to WAL, no pragma stamped; any write raises. (SQLite may
    create the usual ``-wal``/``-shm`` companions beside a WAL-mode file.)"""
    path = Path(path)
    if not path.exists():
        raise ProjectError(f"{path}: no such project file")
    _inspect(path)
    if path.stat().st_size == 0:
        raise ProjectError(f"{path}: an empty file, not an annotator project")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ProjectError(f"{path}: cannot be opened ({exc})") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ProjectError(f"{path}: the project file is damaged or locked ({exc})") from None
    if app_id != schema.APPLICATION_ID:
        conn.close()
        raise ProjectError(f"{path}: an empty SQLite database, not an annotator project")
    if version != schema.SCHEMA_VERSION:
        conn.close()
        raise ProjectError(f"{path}: project format {version}; open it once in this version of annotator"
                           f" to bring it to format {schema.SCHEMA_VERSION}, then try again")
    return Database(conn)
