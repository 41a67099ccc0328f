import pytest

from annotator.io.atomic import replaced_atomically


@pytest.fixture
def folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    return out


def test_written_file_replaces_the_old_one(folder):
    target = folder / "out.csv"
    target.write_text("old", encoding="utf-8")
    with replaced_atomically(target) as f:
        f.write("a,b\r\n😀\n")
        assert target.read_text(encoding="utf-8") == "old"  # not visible until done
    assert target.read_bytes() == "a,b\r\n😀\n".encode("utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["out.csv"]


def test_an_error_leaves_the_old_file_and_no_temp(folder):
    target = folder / "out.qdpx"
    target.write_bytes(b"previous")
    with pytest.raises(RuntimeError):
        with replaced_atomically(target, binary=True) as f:
            f.write(b"half")
            raise RuntimeError("boom")
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in folder.iterdir()) == ["out.qdpx"]


def test_missing_folder_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        with replaced_atomically(tmp_path / "nope" / "x.csv") as f:
            f.write("x")


def _killed_export(folder, name: str) -> int:
    """Run an export in another process and kill it (os._exit) half-way; return its pid."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = (f"import os, sys; sys.path.insert(0, {str(root)!r})\n"
            "from annotator.io.atomic import replaced_atomically\n"
            f"with replaced_atomically({str(folder / name)!r}) as f:\n"
            "    f.write('half a row'); f.flush(); print(os.getpid(), flush=True); os._exit(9)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 9, out.stderr
    return int(out.stdout.strip())


def test_an_export_killed_half_way_leaves_a_partial_that_the_next_export_removes(folder):
    pid = _killed_export(folder, "spans.csv")
    assert sorted(p.name for p in folder.iterdir()) == [f".spans.csv.{pid}.partial"]
    with replaced_atomically(folder / "other.csv") as f:  # any export into the folder sweeps it
        f.write("x")
    assert sorted(p.name for p in folder.iterdir()) == ["other.csv"]


def test_only_our_stale_temp_files_are_removed(folder):
    import os
    import time

    from annotator.io.atomic import STALE_SECONDS, remove_stale_partials

    live = folder / f".live.csv.{os.getpid()}.partial"  # an export of a running process
    old = folder / f".old.csv.{os.getpid()}.partial"    # ... not written to for too long
    others = [folder / ".notes.partial", folder / "x.123.partial", folder / ".x.abc.partial", folder / "keep.csv"]
    for p in [live, old, *others]:
        p.write_text("x")
    past = time.time() - STALE_SECONDS - 60
    os.utime(old, (past, past))
    assert remove_stale_partials(folder) == [old]
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in [live, *others])
