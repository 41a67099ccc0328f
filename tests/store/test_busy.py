"""A project file another process is writing to: writes wait for the lock a few ms at a
time, give up with a plain error, and never leave half an edit; long writers commit in
short batches; a healthy project that cannot be written opens read-only."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from annotator.core.model import NewDocument
from annotator.io import importer
from annotator.store import Project, ProjectError
from annotator.store import opening
from annotator.store.errors import ProjectBusy, ReadOnlyProject, failure_cause
from tests.lock_holder import LockHolder


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def path(project: Project) -> Path:
    project.add_document(NewDocument("Some article text.", title="one"))
    return project.path


def test_a_write_waits_for_the_lock_and_is_stored_once_it_is_released(project, path):
    waits: list[float] = []
    with LockHolder(path) as holder:
        def on_wait(waited: float) -> None:
            waits.append(waited)
            if len(waits) == 3:
                holder.release()  # the colleague's import commits

        project.on_lock_wait = on_wait
        code = project.add_code("waited for")
    assert len(waits) >= 3  # it did wait, polling, rather than fail or block in one call
    assert project.code(code.id).name == "waited for"


def test_a_write_gives_up_with_a_plain_error_and_changes_nothing(project, path):
    before = len(project.codes())
    with LockHolder(path):
        project.lock_wait = 0.2
        with pytest.raises(ProjectBusy, match="another program is writing to the project file"):
            project.add_code("never")
    assert len(project.codes()) == before
    assert not project.db.conn.in_transaction
    project.add_code("after")  # the connection is fine once the lock is free
    assert project.code_by_path("after") is not None


def test_the_wait_hook_can_give_up_at_once(project, path):
    with LockHolder(path):
        project.on_lock_wait = lambda waited: False
        with pytest.raises(ProjectBusy):
            project.add_code("never")


def test_a_killed_holder_frees_the_lock(project, path):
    with LockHolder(path) as holder:
        project.on_lock_wait = lambda waited: holder.kill()  # kill -9 mid-transaction
        code = project.add_code("after the kill")
    assert project.code(code.id).name == "after the kill"
    with Project(path) as again:  # the killed transaction left nothing behind
        assert again.code_by_path("after the kill") is not None


def test_failure_causes_are_named():
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorname = "SQLITE_BUSY"
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorname = "SQLITE_FULL"
    ro = sqlite3.OperationalError("attempt to write a readonly database")
    ro.sqlite_errorname = "SQLITE_READONLY"
    io = sqlite3.OperationalError("disk I/O error")
    io.sqlite_errorname = "SQLITE_IOERR_WRITE"
    assert "another program is writing" in failure_cause(busy)
    assert "disk is full" in failure_cause(full)
    assert "read-only" in failure_cause(ro)
    assert "input/output error" in failure_cause(io)
    assert "disk is full" in failure_cause(OSError(28, "No space left on device"))


def test_the_importer_commits_in_short_batches(project, tmp_path, monkeypatch):
    """Between batches the write lock is free: what another process sees grows during the import."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(6):
        (folder / f"{i}.txt").write_text(f"Article number {i} with its own words.", encoding="utf-8")
    monkeypatch.setattr(importer, "BATCH_SECONDS", 0.0)  # every file its own batch
    seen: list[tuple[int, int]] = []
    other = sqlite3.connect(project.path)

    def progress(done: int, total: int, current: object) -> None:
        seen.append((done, other.execute("SELECT count(*) FROM documents").fetchone()[0]))

    report = importer.import_paths(project, [folder], progress=progress, analyse=False)
    other.close()
    assert len(report.documents_added) == 6
    # file k is being committed when progress(k) runs; the k-1 before it already are
    assert seen == [(k, k - 1) for k in range(1, 7)]


def test_opening_a_current_project_does_not_change_its_bytes(path):
    before = digest(path)
    Project(path).close()
    Project(path, read_only=True).close()
    assert digest(path) == before


def test_a_project_that_cannot_be_written_opens_read_only(path, monkeypatch):
    """Tests run as root, who may write a chmod 444 file, so the check itself is
    replaced: ``write_problem`` is what asks the system (os.access, read-only mount)."""
    before = digest(path)
    monkeypatch.setattr(opening, "write_problem", lambda p: "you have no permission to write it")
    with pytest.raises(ReadOnlyProject, match="read-only here: you have no permission") as exc:
        Project(path)
    assert "damaged" not in str(exc.value)
    assert exc.value.reason == "you have no permission to write it"
    with Project(path, read_only=True, read_only_reason=exc.value.reason) as ro:
        assert [d.title for d in ro.documents()] == ["one"]
        with pytest.raises(ReadOnlyProject, match="open read-only \\(you have no permission"):
            ro.add_code("x")
    assert digest(path) == before


def test_write_problem_sees_a_file_without_write_permission(tmp_path, monkeypatch):
    path = tmp_path / "p.annotator"
    Project(path).close()
    monkeypatch.setattr(opening.os, "access", lambda p, mode: Path(p) != path)
    assert opening.write_problem(path) == "you have no permission to write it"
    monkeypatch.setattr(opening.os, "access", lambda p, mode: Path(p) != tmp_path)
    assert "folder" in opening.write_problem(path)


def damage_middle(path: Path) -> None:
    """Overwrite a few pages in the middle of the file with garbage (the header and the
    schema on page 1 stay intact, so the file still opens)."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    pages = len(data) // page
    assert pages >= 12
    start = (pages // 2 - 3) * page
    data[start:start + 6 * page] = bytes((i * 37 + 11) % 256 for i in range(6 * page))
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_refused_before_a_write(tmp_path):
    path = tmp_path / "big.annotator"
    with Project(path) as p:
        for i in range(60):
            p.add_document(NewDocument(f"Article {i}. " + "words and more words " * 200, title=f"t{i}"))
    damage_middle(path)
    before = digest(path)
    with Project(path) as p, pytest.raises(ProjectError, match="damaged"):
        opening.check_integrity(p.db, path)
    assert digest(path) == before


def test_an_older_format_is_read_from_a_migrated_copy_without_writing_it(tmp_path):
    from sqlite_utils import Database

    from annotator.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrations

    path = tmp_path / "old.annotator"
    db = Database(path)
    migrations.apply(db, stop_before="m004_noise_passages_search")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 3")
    db.execute("INSERT INTO coders (guid, name) VALUES ('G1', 'ana')")
    db.conn.commit()
    db.close()
    before = digest(path)
    with Project(path, read_only=True) as ro:
        assert [c.name for c in ro.coders()] == ["ana"]
        assert ro.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert ro.db.execute("SELECT count(*) FROM passages").fetchone()[0] == 0  # a table of format 4
    assert digest(path) == before
