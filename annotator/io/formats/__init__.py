"""Word, ODT, RTF and PDF files, and news-database exports split into articles.

:func:`read_articles` reads one file and says what it holds; the importer
(:mod:`annotator.io.importer`) stores the articles. Exports are recognised by their
content, not by their suffix:

- LexisNexis / Nexis Uni DOCX, RTF (and PDF): :mod:`.nexis`;
- LexisNexis Academic classic TXT: :mod:`.nexis`;
- Factiva RTF/DOCX/TXT and HTML "Article" exports: :mod:`.factiva`.

Anything else in a .docx/.odt/.rtf/.pdf file is one article (:mod:`.documents`,
:mod:`.pdf`); ``single=True`` forces that for exports too. A .txt, .md or .html file
that is not an export gives ``None``: the ordinary reader takes it.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.core.model import NewDocument
from annotator.io.errors import ImportProblem
from annotator.io.formats.common import ParsedArticle, ParsedFile, article
from annotator.io.formats.documents import READERS
from annotator.io.formats.factiva import (
    is_factiva_html, is_factiva_plain, is_factiva_text, parse_factiva_html, parse_factiva_plain, parse_factiva_text,
)
from annotator.io.formats.nexis import is_nexis_txt, is_nexis_uni, parse_nexis_txt, parse_nexis_uni

#: Suffixes only this package reads.
DOCUMENT_SUFFIXES = (".docx", ".odt", ".rtf", ".pdf")
#: Suffixes the ordinary readers take unless the content is an export.
EXPORT_TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")


#: Text every export :func:`_split` recognises holds somewhere (a "Body" line for Nexis Uni,
#: "HD" for Factiva with indexing, an accession "Document ..." line for Factiva without,
#: "LENGTH:"/"LOAD-DATE:" for classic LexisNexis): a text with none of them is no export,
#: and its lines need not be looked at one by one.
_EXPORT_MARKS = re.compile("Body|HD|Document|LENGTH:|LOAD-DATE:")


def split_text(path: Path, text: str) -> ParsedFile | None:
    """The articles of a plain-text news-database export; None for any other text."""
    if _EXPORT_MARKS.search(text) is None:
        return None
    return _split(path, text.split("\n"))


def _split(path: Path, lines: list[str]) -> ParsedFile | None:
    if is_nexis_uni(lines):
        return parse_nexis_uni(path, lines)
    if is_factiva_text(lines):
        return parse_factiva_text(path, lines)
    if is_factiva_plain(lines):
        return parse_factiva_plain(path, lines)
    if is_nexis_txt(lines):
        return parse_nexis_txt(path, "\n".join(lines))
    return None


def _title(declared: str, text: str, path: Path) -> str:
    from annotator.io.articles import guess_title

    return declared or guess_title(text, path.stem)


def _single(path: Path, text: str, title: str, layout: str, metadata: dict | None = None,
            noise: tuple = ()) -> ParsedFile:
    if not text.strip():
        raise ImportProblem(path, "contains no text")
    if "\x00" in text:
        raise ImportProblem(path, "contains NUL characters")
    return ParsedFile(layout, [article(path, text, title=_title(title, text, path), metadata=metadata,
                                       noise=noise)])


def read_articles(path: Path, *, single: bool = False, warnings: list[str] | None = None) -> ParsedFile | None:
    """The articles of *path*; None for a .txt/.md/.html file that is no export.
    Raises :class:`ImportProblem` for a file that cannot be read at all."""
    suffix = path.suffix.lower()
    if suffix in READERS:
        doc = READERS[suffix](path)
        if not single:
            found = _split(path, doc.paragraphs)
            if found is not None:
                return found
        text = "\n".join(doc.paragraphs).strip("\n")
        return _single(path, text, doc.title, suffix.lstrip("."), doc.properties)
    if suffix == ".pdf":
        from annotator.io.formats.pdf import read_pdf

        pdf = read_pdf(path)
        if not single:
            found = _split(path, pdf.text.split("\n"))
            if found is not None:
                return found
        return _single(path, pdf.text, pdf.title, "pdf", {"pages": pdf.pages}, pdf.noise)
    if single or suffix not in EXPORT_TEXT_SUFFIXES:
        return None
    from annotator.io.reading import read_text

    if suffix in (".html", ".htm"):
        try:
            head = path.read_bytes()[:2_000_000]
        except OSError:
            return None  # the ordinary reader reports it
        if not is_factiva_html(head):
            return None
        text, _, found_warnings = read_text(path)
        if warnings is not None:
            warnings.extend(found_warnings)
        return parse_factiva_html(path, text)
    text, _, found_warnings = read_text(path)
    parsed = split_text(path, text)
    if parsed is not None and warnings is not None:
        warnings.extend(found_warnings)
    return parsed


def read_file(path: Path, *, single: bool = False) -> tuple[ParsedFile | NewDocument, list[str]]:
    """What an article file holds, read once: a :class:`ParsedFile` (a document format or a
    news-database export) or the one :class:`NewDocument` of a .txt/.md/.html/.htm file;
    and the warnings reading it gave. The same as :func:`read_articles`, then
    :func:`annotator.io.articles.read_document_file` when it gives None, without reading
    the file twice. Raises :class:`ImportProblem` for a file that cannot be read."""
    from annotator.io.articles import document_from_text
    from annotator.io.reading import decode_text, read_checked

    suffix = path.suffix.lower()
    if suffix not in EXPORT_TEXT_SUFFIXES:
        parsed = read_articles(path, single=single)
        if parsed is None:
            raise ImportProblem(path, f"cannot import {suffix or 'files without a suffix'}")
        return parsed, []
    data = read_checked(path)
    text, _, warnings = decode_text(data, path)
    if not single:
        if suffix in (".html", ".htm"):
            if is_factiva_html(data[:2_000_000]):
                return parse_factiva_html(path, text), warnings
        else:
            parsed = split_text(path, text)
            if parsed is not None:
                return parsed, warnings
    return document_from_text(path, text), warnings


__all__ = ["DOCUMENT_SUFFIXES", "EXPORT_TEXT_SUFFIXES", "ParsedArticle", "ParsedFile", "read_articles", "read_file",
           "split_text"]
