"""Reading text files: known encodings, detection with a warning, and clear refusals."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from annotator.io import reading
from annotator.io.errors import ImportProblem
from annotator.io.reading import open_text, read_text

TEXT = "Première ligne — « citation »\nSecond line: Ilham Əliyev 😀\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_without_bom(tmp_path):
    text, encoding, warnings = read_text(write(tmp_path, "a.txt", TEXT.encode("utf-8")))
    assert (text, encoding, warnings) == (TEXT, "utf-8", [])


def test_utf8_bom_is_removed(tmp_path):
    text, encoding, warnings = read_text(write(tmp_path, "a.txt", codecs.BOM_UTF8 + TEXT.encode("utf-8")))
    assert text == TEXT
    assert not text.startswith("\ufeff")
    assert warnings == []


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    data = TEXT.encode(codec)
    if codec != "utf-16":  # the plain codec writes its own BOM
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    text, encoding, warnings = read_text(write(tmp_path, "a.txt", data))
    assert text == TEXT
    assert encoding == "utf-16"
    assert warnings == []


def test_utf32_with_bom(tmp_path):
    text, _, warnings = read_text(write(tmp_path, "a.txt", TEXT.encode("utf-32")))
    assert text == TEXT and warnings == []


def test_crlf_and_cr_become_lf_and_nothing_else_changes(tmp_path):
    raw = "  one\r\ntwo\rthree\n\tfour  \u00a0\r\n"
    text, _, _ = read_text(write(tmp_path, "a.txt", raw.encode("utf-8")))
    assert text == "  one\ntwo\nthree\n\tfour  \u00a0\n"


def test_latin1_is_detected_and_the_warning_names_file_and_encoding(tmp_path):
    raw = ("Le président a déclaré mercredi que la région serait reconstruite. "
           "Les réfugiés espèrent rentrer chez eux avant l'hiver; à Kalbajar, "
           "les maisons brûlées témoignent des combats. ") * 5
    path = write(tmp_path, "latin.txt", raw.encode("latin-1"))
    text, encoding, warnings = read_text(path)
    assert text == raw
    assert encoding != "utf-8"
    assert len(warnings) == 1
    assert str(path) in warnings[0] and encoding in warnings[0]


def test_windows_1252_quotes_are_detected(tmp_path):
    raw = "He said \u201cwe will rebuild\u201d \u2013 and the crowd cheered. " * 10
    text, encoding, warnings = read_text(write(tmp_path, "cp.txt", raw.encode("cp1252")))
    assert text == raw
    assert warnings and encoding in warnings[0]


def test_empty_file_is_refused(tmp_path):
    path = write(tmp_path, "empty.txt", b"")
    with pytest.raises(ImportProblem, match="is empty") as info:
        read_text(path)
    assert str(path) in str(info.value)


def test_whitespace_only_file_is_refused(tmp_path):
    with pytest.raises(ImportProblem, match="no text"):
        read_text(write(tmp_path, "blank.txt", b" \r\n\t\n"))


def test_bom_only_file_is_refused(tmp_path):
    with pytest.raises(ImportProblem, match="no text"):
        read_text(write(tmp_path, "bom.txt", codecs.BOM_UTF8))


def test_binary_file_is_refused(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
    path = write(tmp_path, "image.txt", png)
    with pytest.raises(ImportProblem, match="binary") as info:
        read_text(path)
    assert str(path) in str(info.value)


def test_nul_byte_in_utf8_text_is_refused(tmp_path):
    with pytest.raises(ImportProblem, match="NUL"):
        read_text(write(tmp_path, "nul.txt", b"hello\x00world"))


def test_utf16_without_bom_is_refused_as_binary(tmp_path):
    with pytest.raises(ImportProblem, match="binary"):
        read_text(write(tmp_path, "u16.txt", "plain ascii text".encode("utf-16-le")))


def test_oversize_file_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)
    path = write(tmp_path, "big.txt", b"x" * 101)

    def boom(self):  # the limit is checked with stat; the bytes are never read
        raise AssertionError("read_bytes called on an oversize file")

    monkeypatch.setattr(Path, "read_bytes", boom)
    with pytest.raises(ImportProblem, match="larger than the limit") as info:
        read_text(path)
    assert str(path) in str(info.value)


def test_file_at_the_limit_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)
    text, _, _ = read_text(write(tmp_path, "ok.txt", b"x" * 100))
    assert text == "x" * 100


def test_missing_file_is_an_import_problem(tmp_path):
    with pytest.raises(ImportProblem, match="cannot be read"):
        read_text(tmp_path / "nope.txt")


def test_open_text_streams_with_the_chosen_encoding(tmp_path):
    path = write(tmp_path, "a.jsonl", codecs.BOM_UTF8 + b'{"a": 1}\r\n{"b": "\xc3\xa9"}\n')
    with open_text(path, newline=None) as (stream, encoding, warnings):
        assert stream.read() == '{"a": 1}\n{"b": "é"}\n'
    assert encoding == "utf-8-sig" and warnings == []


def test_open_text_sample_may_end_inside_a_character(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "SAMPLE_BYTES", 4)
    path = write(tmp_path, "a.csv", "abcé".encode("utf-8") * 3)  # the 5th byte is inside "é"
    with open_text(path) as (stream, encoding, warnings):
        assert stream.read() == "abcé" * 3
    assert encoding == "utf-8" and warnings == []
