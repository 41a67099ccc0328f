"""The project file's connection: reads through the sqlite3 module, everything else through
sqlite-utils (issue 17).

Importing sqlite-utils costs about 60 ms (its ``db`` module, click through its hook specs,
pluggy, dateutil through its recipes), most of what opening a project for reading costs.
The window's start and the commands that only read need none of it: they run SELECT and
PRAGMA statements. :class:`ProjectDatabase` runs those on the ``sqlite3`` connection
itself, and hands every other statement, every transaction (``atomic``, ``rollback``)
and every other attribute of ``sqlite_utils.Database`` to a ``Database`` over the same
connection, imported lean (:mod:`annotator.store.lean`) and made on first use. From then
on every statement goes through it. So every write, and the schema migrations, still go
through sqlite-utils; a read before the first write is the same ``conn.execute`` call
sqlite-utils would have made.

A statement that is not a read (INSERT, BEGIN, CREATE...) never runs on the bare
connection: the sqlite3 module's implicit transactions are left to sqlite-utils, which
commits or rolls back what they open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Statements that start with these words read (or set a connection pragma) and never
#: open a transaction: the bare connection runs them while sqlite-utils is not loaded.
_READS = ("select", "pragma")


def _is_read(sql: str) -> bool:
    head = sql.lstrip()[:6].lower()
    return head.startswith(_READS)


class ProjectDatabase:
    """A project's connection: ``execute`` of reads on the bare ``sqlite3`` connection until
    sqlite-utils is needed, everything else (and everything after) through
    ``sqlite_utils.Database`` (see the module docstring)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._utils: Database | None = None
        # what sqlite_utils.Database does to every connection it wraps; done here so the
        # connection behaves the same before and after it is made
        conn.execute("PRAGMA recursive_triggers=on;")

    @property
    def utils(self) -> "Database":
        """The ``sqlite_utils.Database`` over this connection (sqlite-utils imported now if needed)."""
        if self._utils is None:
            from annotator.store.lean import sqlite_utils_database

            self._utils = sqlite_utils_database(self.conn)
        return self._utils

    @property
    def utils_loaded(self) -> bool:
        return self._utils is not None

    def execute(self, sql: str, parameters: Sequence | dict[str, Any] | None = None) -> sqlite3.Cursor:
        if self._utils is None and _is_read(sql) and not self.conn.in_transaction:
            return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)
        return self.utils.execute(sql, parameters)

    def executescript(self, sql: str) -> sqlite3.Cursor:
        return self.utils.executescript(sql)

    def close(self) -> None:
        self.conn.close()

    def __getitem__(self, name: str):
        return self.utils[name]

    def __getattr__(self, name: str) -> Any:
        # atomic, rollback, enable_wal, table_names, query... : sqlite-utils's own
        if name.startswith("__") or name in ("conn", "_utils"):
            raise AttributeError(name)
        return getattr(self.utils, name)


__all__ = ["ProjectDatabase"]
