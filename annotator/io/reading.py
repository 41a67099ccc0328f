"""Reading text files safely: known encodings first, detection only as a fallback,
and a clear refusal for what is not text.

- UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM are read as such.
- Anything else is decoded with the encoding charset-normalizer detects, and a
  warning names the file and the encoding used, and how to read it again with
  another (``--encoding``). Windows-1252 wins over the other single-byte code pages
  that fit the bytes about as well when the text reads as a Western European
  language: French "Genève" is otherwise easily taken for cp1250 "Genčve".
- :func:`forced_encoding` overrides all of this for an import (``annotator import
  --encoding NAME``, the window's import with an encoding chosen).
- Refused with :class:`~annotator.io.errors.ImportProblem`: empty files, binary
  files (NUL bytes outside UTF-16/32), undecodable bytes, files larger than the
  size limit (checked with ``stat`` before a byte is read).

Text handed on is normalised by :func:`annotator.core.text.normalize_text`
(BOM removed, CRLF and CR turned into LF, nothing else).
"""

from __future__ import annotations

import codecs
import io
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TextIO

from charset_normalizer import from_bytes

from annotator.core.text import normalize_text
from annotator.io.errors import ImportProblem

#: A single document file (txt, md, html) larger than this is refused.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: A file of records (jsonl, json, csv) is streamed; larger than this is refused.
MAX_RECORDS_FILE_BYTES = 2 * 1024 * 1024 * 1024
#: How much of a streamed file is looked at to choose its encoding.
SAMPLE_BYTES = 1024 * 1024

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


#: Languages charset-normalizer names that Windows-1252 (Western European) was made for.
WESTERN_LANGUAGES = frozenset({
    "English", "French", "German", "Spanish", "Portuguese", "Italian", "Dutch", "Danish", "Swedish",
    "Norwegian", "Finnish", "Catalan", "Icelandic", "Irish", "Basque", "Galician", "Luxembourgish",
})
#: How much worse (charset-normalizer's "chaos", 0..1) cp1252 may read than the best guess
#: and still be preferred for Western European text.
CLOSE_CHAOS = 0.05

_forced: ContextVar[str | None] = ContextVar("forced_encoding", default=None)


def check_encoding(name: str) -> str:
    """The codec name for *name* (e.g. ``latin-1`` -> ``iso8859-1``); ValueError naming it if unknown."""
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        raise ValueError(f"unknown encoding {name!r} (try utf-8, cp1252, latin-1, cp1250, mac-roman)") from None


@contextmanager
def forced_encoding(name: str | None) -> Iterator[None]:
    """Read every text file opened inside the block with *name* instead of detecting
    (None: detect as usual). A BOM still wins: it states the file's encoding."""
    token = _forced.set(check_encoding(name) if name else None)
    try:
        yield
    finally:
        _forced.reset(token)


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def _check_size(path: Path, limit: int) -> int:
    try:
        status = path.stat()
    except OSError as exc:
        raise ImportProblem(path, f"cannot be read ({exc.strerror or exc})") from None
    size = status.st_size
    if not stat.S_ISREG(status.st_mode):  # what Path.is_file asks, without a second stat
        raise ImportProblem(path, "is not a regular file")
    if size == 0:
        raise ImportProblem(path, "is empty")
    if size > limit:
        raise ImportProblem(path, f"is {_mb(size)}, larger than the limit of {_mb(limit)}; split it into smaller files")
    return size


def choose_encoding(sample: bytes, path: Path, *, complete: bool = True) -> tuple[str, list[str]]:
    """The encoding to read *sample* (the file, or its start when not *complete*) with,
    and warnings for the user. Raises :class:`ImportProblem` for binary or undecodable data."""
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding, []
    if b"\x00" in sample:
        raise ImportProblem(path, "looks like a binary file (it contains NUL bytes), not text")
    forced = _forced.get()
    if forced:
        return forced, []
    try:
        sample.decode("utf-8")
        return "utf-8", []
    except UnicodeDecodeError as exc:
        # a sample may end inside a multi-byte character; that is not an error
        if not complete and exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data":
            return "utf-8", []
    encoding = detect_encoding(sample)
    if encoding is None:
        raise ImportProblem(path, "is not readable text (not UTF-8, and no other encoding fits its bytes)")
    return encoding, [f"{path}: not UTF-8; read as {encoding} (detected); check its accents and quotes. "
                      f"If they are wrong, remove the articles (annotator remove) and import the file again "
                      f"with the right encoding (annotator import --encoding NAME, e.g. cp1252, or choose "
                      f"it in the window's Import Articles with Encoding…)"]


def detect_encoding(sample: bytes) -> str | None:
    """The encoding charset-normalizer finds for *sample* (not UTF-8), with Windows-1252
    preferred among the candidates that read about as well when the text is Western European."""
    matches = from_bytes(sample)
    best = matches.best()
    if best is None or best.encoding is None:
        return None
    if "cp1252" in best.could_be_from_charset:  # the same characters either way: name the Western one
        return "cp1252"
    # a few words are too little to tell a language by: then the Western code page, the
    # most common legacy one, rather than a look-alike that fits the bytes no better
    unknown = best.language == "Unknown"
    for match in matches:
        if ("cp1252" in match.could_be_from_charset and match.chaos <= best.chaos + CLOSE_CHAOS
                and (match.language in WESTERN_LANGUAGES or (unknown and match.language == "Unknown"))):
            return "cp1252"
    return best.encoding


def read_text(path: str | Path, *, limit: int | None = None) -> tuple[str, str, list[str]]:
    """Read a whole text file: ``(normalised text, encoding used, warnings)``.

    Refuses (with :class:`ImportProblem`) empty, binary, undecodable and oversize
    files (over *limit*, default :data:`MAX_FILE_BYTES`)."""
    path = Path(path)
    return decode_text(read_checked(path, limit=limit), path)


def read_checked(path: Path, *, limit: int | None = None) -> bytes:
    """The bytes of *path*, once its size is checked (:class:`ImportProblem` for an empty
    or oversize file, over *limit*, default :data:`MAX_FILE_BYTES`, or one that cannot be read)."""
    _check_size(path, MAX_FILE_BYTES if limit is None else limit)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ImportProblem(path, f"cannot be read ({exc.strerror or exc})") from None


def decode_text(data: bytes, path: Path) -> tuple[str, str, list[str]]:
    """The bytes of a whole text file (*path* names it in messages) as :func:`read_text` returns them."""
    encoding, warnings = choose_encoding(data, path)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ImportProblem(path, f"cannot be decoded as {encoding} ({exc})") from None
    if "\x00" in text:
        raise ImportProblem(path, "contains NUL characters; it is not plain text")
    text = normalize_text(text)
    if not text.strip():
        raise ImportProblem(path, "contains no text (only white space)")
    return text, encoding, warnings


@contextmanager
def open_text(path: str | Path, *, newline: str | None = "") -> Iterator[tuple[TextIO, str, list[str]]]:
    """Open a file of records for streaming: ``(text stream, encoding, warnings)``.

    The encoding is chosen from the first :data:`SAMPLE_BYTES`; a decoding error
    further on surfaces as :class:`UnicodeDecodeError` while reading (callers turn
    it into an :class:`ImportProblem` with a line number). With the default
    ``newline=""`` line endings are passed through untouched (what :mod:`csv` wants)."""
    path = Path(path)
    size = _check_size(path, MAX_RECORDS_FILE_BYTES)
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise ImportProblem(path, f"cannot be read ({exc.strerror or exc})") from None
    with raw:
        sample = raw.read(SAMPLE_BYTES)
        raw.seek(0)
        encoding, warnings = choose_encoding(sample, path, complete=len(sample) >= size)
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline=newline)
        try:
            yield stream, encoding, warnings
        finally:
            stream.detach()
