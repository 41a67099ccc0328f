import hashlib
import sqlite3
from pathlib import Path

import pytest

from sqlite_utils import Database

from annotator.core.model import NewDocument
from annotator.store import Project, ProjectError
from annotator.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_project_is_configured(tmp_path):
    with Project(tmp_path / "p.annotator") as p:
        assert p.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert p.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert p.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert p.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {"documents", "codes", "coders", "spans", "doc_status"} <= set(p.db.table_names())


def test_reopen_applies_no_migration_twice(tmp_path):
    Project(tmp_path / "p.annotator").close()
    with Project(tmp_path / "p.annotator") as p:
        applied = [r[0] for r in p.db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == [m.name for m in migrations._migrations]


def test_a_version_1_project_is_upgraded_and_still_guarded(tmp_path):
    path = tmp_path / "old.annotator"
    db = Database(path)
    migrations.apply(db, stop_before="m002_one_document_read_per_span_check")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.close()
    with Project(path) as p:
        assert p.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        doc = p.add_document(NewDocument("abc"))
        code = p.add_code("c")
        coder = p.ensure_coder("ana")
        for start, end, text in [(1, 10, "bc"), (0, 2, "xx")]:
            with pytest.raises(sqlite3.IntegrityError, match="does not match"):
                p.db.execute(
                    'INSERT INTO spans (guid, document_id, code_id, coder_id, start, "end", text, created, modified)'
                    " VALUES (?, ?, ?, ?, ?, ?, ?, '', '')", (f"g{start}", doc, code.id, coder.id, start, end, text))


def test_newer_version_is_refused_unchanged(tmp_path):
    path = tmp_path / "p.annotator"
    Project(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(ProjectError, match="newer version of annotator"):
        Project(path)
    assert digest(path) == before


def test_other_sqlite_database_is_refused_unchanged(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE birds (name TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(ProjectError, match="not an annotator project") as exc:
        Project(path)
    assert str(path) in str(exc.value)
    assert digest(path) == before


def test_text_file_is_refused_unchanged(tmp_path):
    path = tmp_path / "notes.annotator"
    path.write_text("just some notes\n")
    with pytest.raises(ProjectError, match="not a SQLite database"):
        Project(path)
    assert path.read_text() == "just some notes\n"


def test_corrupt_file_is_refused_unchanged(tmp_path):
    path = tmp_path / "p.annotator"
    with Project(path) as p:
        p.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # page 1 after the header: the schema table
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(ProjectError, match="damaged"):
        Project(path)
    assert digest(path) == before


def test_missing_project_without_create(tmp_path):
    with pytest.raises(ProjectError, match="no such project file"):
        Project(tmp_path / "nope.annotator", create=False)


def test_folder_is_refused(tmp_path):
    with pytest.raises(ProjectError, match="is a folder"):
        Project(tmp_path)


def test_page_cache_is_large_enough_for_bulk_span_checks(tmp_path):
    from annotator.store.opening import CACHE_KIB

    with Project(tmp_path / "p.annotator") as p:
        assert p.db.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB >= -65536


def test_counts_query_reads_the_covering_index(tmp_path):
    with Project(tmp_path / "p.annotator") as p:
        plan = " ".join(r[3] for r in p.db.execute(
            'EXPLAIN QUERY PLAN SELECT document_id, code_id, coder_id, count(*), sum("end" - start)'
            " FROM spans GROUP BY 1, 2, 3"))
    assert "COVERING INDEX spans_for_counts" in plan and "TEMP B-TREE" not in plan
