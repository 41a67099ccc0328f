"""Importing sqlite-utils without what the store never uses (issue 17).

sqlite-utils imports pandas and numpy when they are installed, only to map their types
when it creates tables from Python values, which the store never does (its schema is
written out in :mod:`annotator.store.schema`): about 0.8 s of every command and of the
window's start. It also scans the installed packages' entry points for sqlite-utils
plugins (about 70 ms); a plugin could alter every connection, and a project file is
opened by our store only. :func:`import_sqlite_utils` imports it while pandas and numpy
look absent and marks its plugins as loaded; later imports of pandas/numpy work as usual.

Nothing imports sqlite-utils at the import of :mod:`annotator.store`: a project's connection
(:class:`annotator.store.connection.ProjectDatabase`) imports it, through here, when a
statement other than a read runs (a transaction, a migration), so the window's start and
the commands that only read do without it (another 60 ms).
"""

from __future__ import annotations

import importlib
import sqlite3
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def import_sqlite_utils() -> None:
    """Import ``sqlite_utils.db`` lean (see the module docstring); does nothing once imported."""
    if "sqlite_utils.db" in sys.modules:
        return
    hidden = {name: sys.modules.get(name) for name in ("pandas", "numpy")}
    try:
        for name, module in hidden.items():
            if module is None:
                sys.modules[name] = None  # type: ignore[assignment]  # makes "import name" raise ImportError
        importlib.import_module("sqlite_utils.db")
        importlib.import_module("sqlite_utils.plugins")._plugins_loaded = True
    finally:
        for name, module in hidden.items():
            if module is None:
                del sys.modules[name]


def sqlite_utils_database(conn: sqlite3.Connection) -> "Database":
    """``sqlite_utils.Database`` over *conn*, sqlite-utils imported lean."""
    import_sqlite_utils()
    from sqlite_utils import Database

    return Database(conn)
