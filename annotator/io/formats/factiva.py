"""Factiva "Article" exports split into articles: RTF (or DOCX, text) and HTML.

Each article ends with its accession number, "Document <AN>". In the layout "with
indexing" every field is introduced by a two-letter code (as documented by the R
package tm.plugin.factiva): HD headline, BY byline, WC word count, PD date, ET time,
SN source name, SC source code, ED edition, PG page, LA language, CY copyright,
LP lead paragraphs, TD text, CO/IN/NS/RE indexing (companies, industries, subjects,
regions), AN accession number; SE section. In RTF the fields are the rows of a
table (code cell, value cell); in HTML they are the rows of the table inside each
``<div class="article xxArticle">``.

Without indexing, the fields are plain paragraphs in a fixed order: headline,
byline (optional), "N words", date, time (optional), source name, source code,
page or edition (optional), language, copyright, the text, "Document <AN>".

The stored text is the headline, a blank line, then the LP and TD paragraphs
(the text paragraphs, without indexing).
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.core.text import excerpt
from annotator.io.formats.common import ParsedArticle, ParsedFile, article
from annotator.io.formats.dates import iso_date

CODES = ("HD", "BY", "CR", "WC", "PD", "ET", "SN", "SC", "ED", "PG", "LA", "CY", "LP", "TD", "CT", "RF",
         "CO", "IN", "NS", "RE", "IPC", "IPD", "PUB", "AN", "SE", "CLM", "ART")
_CODE = re.compile(rf"^\s*({'|'.join(CODES)})(?:\s*\|\s*|\t+|\s{{2,}}|\s*$)(.*)$")
_ACCESSION = re.compile(r"^\s*(?:AN\s*\|?\s*)?Document\s+([A-Za-z0-9]{10,})\s*\|?\s*$")
_INDEXING = {"co": "companies", "in": "industries", "ns": "subjects", "re": "regions"}


def is_factiva_text(lines: list[str]) -> bool:
    """An HD line, and an accession line or the WC, PD and SN fields (an export cut off
    inside its first article): a Factiva export with indexing."""
    codes = {m.group(1) for line in lines if (m := _CODE.match(line))}
    return "HD" in codes and (any(_ACCESSION.match(line) for line in lines) or {"WC", "PD", "SN"} <= codes)


def _cell(value: str) -> str:
    """A table cell's text without the cell separator striprtf writes after it."""
    value = value.rstrip()
    return value[:-1].rstrip() if value.endswith("|") else value


def _build(path: Path, number: int, fields: dict[str, list[str]], accession: str) -> ParsedArticle | str:
    def one(code: str) -> str:
        return " ".join(_cell(v).strip() for v in fields.get(code, []) if _cell(v).strip())

    headline = one("HD")
    paragraphs = [_cell(v) for code in ("LP", "TD") for v in fields.get(code, []) if _cell(v).strip()]
    if not headline and not paragraphs:
        return "it has neither a headline (HD) nor text (LP, TD)"
    metadata: dict[str, object] = {
        "byline": one("BY"), "length": one("WC"), "section": one("SE"), "edition": one("ED"), "page": one("PG"),
        "language": one("LA"), "copyright": one("CY"), "source_code": one("SC"), "time": one("ET"),
        "date_line": one("PD"), "accession": accession, "database": "Factiva", "position": number,
    }
    for code, name in _INDEXING.items():
        metadata[name] = one(code.upper())
    text = headline + "\n\n" + "\n".join(p.strip() for p in paragraphs) if headline else "\n".join(paragraphs)
    return article(path, text, title=headline, source=one("SN"), published=iso_date(one("PD")),
                   metadata=metadata)


def parse_factiva_text(path: Path, lines: list[str]) -> ParsedFile:
    out = ParsedFile("Factiva")
    fields: dict[str, list[str]] = {}
    current: str | None = None
    number = 0
    for line in lines:
        accession = _ACCESSION.match(line)
        if accession:
            number += 1
            parsed = _build(path, number, fields, accession.group(1))
            if isinstance(parsed, str):
                out.errors.append(f"{path}, article {number} (Document {accession.group(1)}): not imported, {parsed}")
            else:
                out.articles.append(parsed)
            fields, current = {}, None
            continue
        match = _CODE.match(line)
        if match:
            current = match.group(1)
            fields.setdefault(current, [])
            if match.group(2).strip():
                fields[current].append(match.group(2))
        elif current is not None:
            fields[current].append(line)
    if any(v.strip() for values in fields.values() for v in values):
        title = excerpt(" ".join(fields.get("HD", [])).strip(" |"), 60) or "no headline"
        out.errors.append(f"{path}, article {number + 1} ({title!r}): not imported, the file ends before its "
                          "'Document <accession number>' line (truncated download?)")
    return out


# -- without indexing ----------------------------------------------------------------------
# headline; byline (optional); "355 words"; date; time (optional); source name; source
# code; page or edition lines (optional); language; copyright; paragraphs; "Document <AN>"
_WORDS = re.compile(r"^\s*\d[\d,.\s]*\s(?:words|mots|Wörter|palabras|parole|woorden)\s*$", re.I)
_TIME = re.compile(r"^\s*\d{1,2}:\d{2}(?:\s*(?:AM|PM|GMT|UTC))?\s*$", re.I)
_SOURCE_CODE = re.compile(r"^\s*[A-Z0-9]{2,12}\s*$")
_COPYRIGHT = re.compile(r"^\s*(?:\(c\)|©|Copyright\b)", re.I)


def is_factiva_plain(lines: list[str]) -> bool:
    """Accession lines and "N words" lines but no field codes: a Factiva export without indexing."""
    return any(_ACCESSION.match(line) for line in lines) and any(_WORDS.match(line) for line in lines) \
        and not is_factiva_text(lines)


def _plain_article(path: Path, number: int, block: list[str], accession: str) -> ParsedArticle | str:
    lines = [line for line in block if line.strip()]
    w = next((i for i, line in enumerate(lines) if _WORDS.match(line)), None)
    if w is None or w == 0:
        return "no headline and word count ('N words') at its start"
    if w + 2 >= len(lines) or not iso_date(lines[w + 1]):
        return "no date line under its word count"
    i = w + 2
    time = lines[i].strip() if _TIME.match(lines[i]) else ""
    i += bool(time)
    source = lines[i].strip() if i < len(lines) else ""
    i += 1
    code = lines[i].strip() if i < len(lines) and _SOURCE_CODE.match(lines[i]) else ""
    i += bool(code)
    copyright_at = next((k for k in range(i, min(i + 6, len(lines))) if _COPYRIGHT.match(lines[k])), None)
    if copyright_at is None or copyright_at == i:
        return "no language and copyright lines above its text"
    between = [line.strip() for line in lines[i:copyright_at]]
    language = between[-1]
    page = next((b for b in between[:-1] if b.isdigit()), "")
    edition = " ".join(b for b in between[:-1] if not b.isdigit())
    body = [line for line in lines[copyright_at + 1:] if line.strip()]
    headline = lines[0].strip()
    metadata = {
        "byline": " ".join(line.strip() for line in lines[1:w]), "length": lines[w].strip(), "time": time,
        "source_code": code, "page": page, "edition": edition, "language": language,
        "copyright": lines[copyright_at].strip(), "date_line": lines[w + 1].strip(), "accession": accession,
        "database": "Factiva", "position": number,
    }
    return article(path, headline + "\n\n" + "\n".join(p.strip() for p in body), title=headline, source=source,
                   published=iso_date(lines[w + 1]), metadata=metadata)


def parse_factiva_plain(path: Path, lines: list[str]) -> ParsedFile:
    out = ParsedFile("Factiva")
    block: list[str] = []
    number = 0
    for line in lines:
        accession = _ACCESSION.match(line)
        if not accession:
            block.append(line)
            continue
        number += 1
        parsed = _plain_article(path, number, block, accession.group(1))
        if isinstance(parsed, str):
            out.errors.append(f"{path}, article {number} (Document {accession.group(1)}): not imported, {parsed}")
        else:
            out.articles.append(parsed)
        block = []
    if any(line.strip() for line in block):
        title = excerpt(next(line for line in block if line.strip()), 60)
        out.errors.append(f"{path}, article {number + 1} ({title!r}): not imported, the file ends before its "
                          "'Document <accession number>' line (truncated download?)")
    return out


# -- HTML ------------------------------------------------------------------------------
_ARTICLE_CLASS = re.compile(rb"""class\s*=\s*["']article\s+[a-z]{2}Article["']""")


def is_factiva_html(data: bytes) -> bool:
    return bool(_ARTICLE_CLASS.search(data[:2_000_000]))


def parse_factiva_html(path: Path, html: str) -> ParsedFile:
    import lxml.html

    out = ParsedFile("Factiva")
    root = lxml.html.document_fromstring(html)
    divs = root.xpath("//div[starts-with(@class, 'article ')]")
    for number, div in enumerate(divs, 1):
        fields: dict[str, list[str]] = {}
        for row in div.xpath(".//tr"):
            cells = row.xpath("./td")
            if len(cells) < 2:
                continue
            code = re.sub(r"[^A-Z]", "", cells[0].text_content())
            if code not in CODES:
                continue
            paragraphs = cells[1].xpath(".//p")
            if paragraphs:
                # line breaks inside a paragraph are the HTML source's wrapping, not the text's
                fields[code] = [" ".join(p.text_content().split()) for p in paragraphs]
            else:
                fields[code] = [" ".join(cells[1].text_content().split())]
        accession = " ".join(fields.get("AN", [])).strip()
        match = re.fullmatch(r"(?:Document\s+)?([A-Za-z0-9]{10,})", accession)
        if not match:
            title = excerpt(" ".join(fields.get("HD", [])), 60) or "no headline"
            out.errors.append(f"{path}, article {number} ({title!r}): not imported, it has no accession number "
                              "(AN 'Document ...'): the file ends inside it (truncated download?)")
            continue
        parsed = _build(path, number, fields, match.group(1))
        if isinstance(parsed, str):
            out.errors.append(f"{path}, article {number}: not imported, {parsed}")
        else:
            out.articles.append(parsed)
    return out
