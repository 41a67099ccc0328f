"""A project's connection (annotator.store.connection): reads run on the sqlite3 connection
until sqlite-utils is needed; every write, transaction and migration goes through
sqlite-utils, and the connection behaves the same before and after."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.model import DocStatus
from annotator.store import Project
from annotator.store.connection import ProjectDatabase


def test_reads_do_not_need_sqlite_utils_and_a_write_goes_through_it(project: Project, tmp_path: Path):
    path = project.path
    project.close()
    again = Project(path, create=False)
    try:
        assert not again.db.utils_loaded  # opened and read without it
        assert [c.name for c in again.codes()][:2] == ["claim", "quote"]
        assert again.db.execute("PRAGMA recursive_triggers").fetchone()[0] == 1  # as sqlite-utils sets it
        assert not again.db.utils_loaded
        coder = again.ensure_coder("ana")
        assert again.db.utils_loaded  # the transaction went through sqlite-utils
        assert again.coder(coder.id).name == "ana"
    finally:
        again.close()
    with Project(path, create=False) as third:  # committed
        assert [c.name for c in third.coders()] == ["ana"]


def test_a_statement_that_is_not_a_read_never_runs_on_the_bare_connection(tmp_path: Path):
    db = ProjectDatabase(sqlite3.connect(str(tmp_path / "x.db")))
    db.execute("SELECT 1")
    assert not db.utils_loaded
    db.execute("CREATE TABLE t (x)")
    assert db.utils_loaded
    db.execute("INSERT INTO t VALUES (1)")  # sqlite-utils commits the implicit transaction
    assert not db.conn.in_transaction
    other = sqlite3.connect(str(tmp_path / "x.db"))
    assert other.execute("SELECT x FROM t").fetchall() == [(1,)]
    other.close()
    db.close()


def test_a_failed_write_leaves_no_transaction_open(project: Project):
    with pytest.raises(sqlite3.Error):
        project.db.execute("INSERT INTO no_such_table VALUES (1)")
    assert not project.db.conn.in_transaction
    doc = project.db.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert doc == 0


def test_sqlite_utils_attributes_are_its_own(project: Project):
    assert "documents" in project.db.table_names()
    assert project.db["documents"].count == 0
    with project.db.atomic():
        project.db.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
    assert project.db.execute("SELECT value FROM settings WHERE key = 'k'").fetchone()[0] == "v"


def test_status_written_after_reads_is_stored(project: Project):
    from annotator.core.model import NewDocument

    doc = project.add_document(NewDocument(title="t", text="some text"))
    coder = project.ensure_coder("ben")
    project.set_status(doc, coder.id, DocStatus.DONE)
    assert project.status(doc, coder.id) == DocStatus.DONE
