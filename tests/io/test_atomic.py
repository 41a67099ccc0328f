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
