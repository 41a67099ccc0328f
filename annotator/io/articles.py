"""Articles from files: one per text/HTML file, or one per record of a JSON, JSONL or CSV file.

Record fields (JSON keys or CSV column headers, matched without regard to case):

- ``text`` (CSV also ``body``, ``content``, ``article``; or the column the user names) -- required;
- ``title``; ``source`` (or ``outlet``, ``site``); ``url`` (or ``link``);
  ``date`` (or ``published``); ``filename``;
- ``metadata`` (JSON: an object, merged) and every other field, kept in the
  document's metadata.

Readers yield ``(position, fields)`` for each record, or ``(position, ImportProblem)``
for a record that is malformed; a problem with the file as a whole is raised.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from annotator.core.model import NewDocument
from annotator.core.text import normalize_text
from annotator.io.errors import ImportProblem
from annotator.io.html_text import PageError, extract_html
from annotator.io.reading import MAX_FILE_BYTES, open_text, read_text

#: A first line longer than this is the start of the article, not its headline.
MAX_TITLE_CHARS = 200
TEXT_COLUMNS = ("text", "body", "content", "article")
_ALIASES = {
    "title": "title", "headline": "title",
    "source": "source", "outlet": "source", "site": "source",
    "url": "url", "link": "url",
    "date": "published", "published": "published",
    "filename": "filename",
}
# page furniture that precedes a headline in text saved from the web
_BOILERPLATE = re.compile(r"^(advertisement|updated|published|posted|last updated|by|reported by|click to)\b", re.I)
_TITLE_LOOKAHEAD = 6
#: JSON nested deeper than Python's parser can follow (a hostile file, never an article).
TOO_DEEP = "JSON nested too deeply to read (arrays or objects inside each other hundreds of levels deep)"

Fields = dict[str, Any]


def guess_title(text: str, fallback: str) -> str:
    """The headline of a plain text: its first non-empty line when that line is short
    (at most :data:`MAX_TITLE_CHARS`), skipping page furniture such as "Advertisement",
    "Updated ..." or a lone word; otherwise *fallback* (the file name stem)."""
    seen = 0
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        seen += 1
        if seen > _TITLE_LOOKAHEAD:
            break
        if len(line.split()) < 2 or _BOILERPLATE.match(line):
            continue
        return line if len(line) <= MAX_TITLE_CHARS else fallback
    return fallback


_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_INLINE_MARKUP = (
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url), ![alt](src)
    (re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # *em*, **strong**, _em_
    (re.compile(r"`([^`]+)`"), r"\1"),  # `code`
)


def _plain_heading(text: str) -> str:
    for pattern, keep in _INLINE_MARKUP:
        text = pattern.sub(keep, text)
    return text.strip()


def markdown_title(text: str, fallback: str) -> str:
    """The headline of a Markdown article: the text of its first heading (``# Title`` or a
    line underlined with ``===``/``---``), without the markup (``#``, emphasis, links); else as :func:`guess_title`."""
    previous = ""
    for line in text.split("\n")[:40]:
        atx = _ATX_HEADING.match(line)
        if atx and atx["text"].strip():
            heading = _plain_heading(atx["text"])
            return heading if len(heading) <= MAX_TITLE_CHARS else fallback
        if previous and _SETEXT_UNDERLINE.match(line):
            heading = _plain_heading(previous)
            return heading if len(heading) <= MAX_TITLE_CHARS else fallback
        previous = line.strip()
    return guess_title(text, fallback)


def _str(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def article_from_fields(fields: Fields, text_key: str, path: Path, fallback_title: str, **where: int) -> NewDocument:
    """A :class:`NewDocument` from one record; :class:`ImportProblem` if it has no usable text."""
    text = fields.get(text_key)
    if text is None:
        raise ImportProblem(path, f"the record has no '{text_key}' field", **where)
    if not isinstance(text, str):
        raise ImportProblem(path, f"'{text_key}' must be a string, not {type(text).__name__}", **where)
    text = normalize_text(text)
    if not text.strip():
        raise ImportProblem(path, f"'{text_key}' is empty", **where)
    if "\x00" in text:  # SQLite's text functions stop at NUL: offsets would go wrong
        raise ImportProblem(path, f"'{text_key}' contains NUL characters", **where)
    known: dict[str, str] = {}
    metadata: dict[str, Any] = {}
    for key, value in fields.items():
        if key == text_key:
            continue
        target = _ALIASES.get(key.strip().lower())
        if target and target not in known and not isinstance(value, (dict, list)):
            known[target] = _str(value).strip()
        elif key == "metadata" and isinstance(value, dict):
            metadata.update(value)
        elif value not in (None, ""):
            metadata[key] = value
    return NewDocument(
        text=text,
        title=known.get("title") or guess_title(text, fallback_title),
        source=known.get("source", ""),
        url=known.get("url", ""),
        published=known.get("published", ""),
        filename=known.get("filename") or path.name,
        metadata=metadata,
    )


# -- one document per file ------------------------------------------------------------
def read_document_file(path: Path, warnings: list[str]) -> NewDocument:
    """A .txt, .md, .html or .htm file as one document."""
    text, encoding, found = read_text(path)
    warnings.extend(found)
    return document_from_text(path, text)


def document_from_text(path: Path, text: str) -> NewDocument:
    """The document a .txt, .md, .html or .htm file holds, from its decoded *text*."""
    if path.suffix.lower() in (".html", ".htm"):
        try:
            page = extract_html(text)
        except PageError as exc:
            raise ImportProblem(path, str(exc)) from None
        if not page.text.strip():
            raise ImportProblem(path, "the page has no readable text once menus and scripts are removed")
        return NewDocument(text=page.text, title=page.title or guess_title(page.text, path.stem),
                           source=page.source, url=page.url, published=page.published,
                           filename=path.name, metadata=page.metadata)
    title = markdown_title(text, path.stem) if path.suffix.lower() == ".md" else guess_title(text, path.stem)
    return NewDocument(text=text, title=title, filename=path.name)


# -- files of records -------------------------------------------------------------------
def iter_jsonl(path: Path, warnings: list[str]) -> Iterator[tuple[int, Fields | ImportProblem]]:
    """``(line number, record)`` for each non-blank line of a JSONL file."""
    with open_text(path, newline=None) as (stream, _, found):
        warnings.extend(found)
        lineno = 0
        try:
            for lineno, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield lineno, ImportProblem(path, f"not valid JSON ({exc.msg}, column {exc.colno})", line=lineno)
                    continue
                except RecursionError:
                    yield lineno, ImportProblem(path, TOO_DEEP, line=lineno)
                    continue
                if not isinstance(record, dict):
                    yield lineno, ImportProblem(path, f"expected a JSON object, found {type(record).__name__}",
                                                line=lineno)
                    continue
                yield lineno, record
        except UnicodeDecodeError as exc:
            raise ImportProblem(path, f"undecodable bytes after this line ({exc.reason})", line=lineno + 1) from None


def iter_json(path: Path, warnings: list[str]) -> Iterator[tuple[int, Fields | ImportProblem]]:
    """``(record number, record)`` for a JSON file holding one record or a list of them."""
    text, _, found = read_text(path, limit=MAX_FILE_BYTES)
    warnings.extend(found)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportProblem(path, f"not valid JSON ({exc.msg}, column {exc.colno})", line=exc.lineno) from None
    except RecursionError:
        raise ImportProblem(path, TOO_DEEP) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ImportProblem(path, "expected a JSON object or a list of objects")
    for number, record in enumerate(data, 1):
        if isinstance(record, dict):
            yield number, record
        else:
            yield number, ImportProblem(path, f"expected a JSON object, found {type(record).__name__}",
                                        record=number)


def iter_csv(path: Path, warnings: list[str],
             text_column: str | None) -> tuple[str, Iterator[tuple[int, Fields | ImportProblem]]]:
    """The text column and ``(line number, row)`` for each row of a CSV file with a header.

    The header is read at once, so a file without a text column fails before any row."""
    stack = ExitStack()
    stream, _, found = stack.enter_context(open_text(path))
    try:
        warnings.extend(found)
        try:
            first_line = stream.readline()
        except UnicodeDecodeError as exc:
            raise ImportProblem(path, f"undecodable bytes in the header ({exc.reason})", line=1) from None
        stream.seek(0)
        # the header decides the delimiter: comma, or semicolon / tab as spreadsheets write them
        delimiter = max(",;\t", key=lambda d: (first_line.count(d), d == ","))
        # the csv module refuses fields over 128 KiB by default; one article may be longer
        csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_BYTES))
        reader = csv.reader(stream, delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise ImportProblem(path, "has no header row") from None
        except csv.Error as exc:
            raise ImportProblem(path, f"the header row is malformed ({exc})", line=1) from None
        header = [h.strip() for h in header]
        lowered = {h.lower(): h for h in header}
        if text_column is not None:
            column = lowered.get(text_column.strip().lower())
            if column is None:
                raise ImportProblem(path, f"has no column {text_column!r} (columns: {', '.join(header)})")
        else:
            column = next((lowered[c] for c in TEXT_COLUMNS if c in lowered), None)
            if column is None:
                raise ImportProblem(path, f"has no text column: name one (columns: {', '.join(header)}; "
                                          f"looked for {', '.join(TEXT_COLUMNS)})")
    except BaseException:
        stack.close()
        raise

    def rows() -> Iterator[tuple[int, Fields | ImportProblem]]:
        with stack:
            start = reader.line_num + 1
            try:
                for row in reader:
                    lineno, start = start, reader.line_num + 1
                    if not any(cell.strip() for cell in row):
                        continue
                    if len(row) != len(header):
                        yield lineno, ImportProblem(
                            path, f"has {len(row)} fields, the header has {len(header)}", line=lineno)
                        continue
                    yield lineno, dict(zip(header, row))
            except csv.Error as exc:
                raise ImportProblem(path, f"malformed CSV ({exc})", line=start) from None
            except UnicodeDecodeError as exc:
                raise ImportProblem(path, f"undecodable bytes ({exc.reason})", line=start) from None

    return column, rows()
