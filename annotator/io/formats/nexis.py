"""LexisNexis exports split into articles.

**Nexis Uni / LexisNexis Advance** (DOCX, RTF, and PDF when its text layer keeps the
lines), read as paragraphs:

- a cover list: "Date and Time: ...", "Job Number: ...", "Documents (N)", then the
  numbered titles with "Client/Matter", "Search Terms", "Search Type", "Narrowed by",
  "Content Type" and "Sources" lines -- not article text;
- each article: title; outlet; date line ("July 1, 2019 Monday 9:20 AM GMT"); an
  optional copyright line; "Section: ...", "Length: 355 words", "Byline: ..."
  (each optional); "Body"; the paragraphs; trailing fields after "Classification"
  ("Language: ENGLISH", "Load-Date: ...", ...); "End of Document".

**LexisNexis Academic, classic TXT**: a request header ("Download Request",
"Time Of Request", "Send To", "Terms", "Source"); then articles introduced by a
centred "N of M DOCUMENTS" line: outlet; date line; optional edition lines; title;
"BYLINE:", "SECTION:", "LENGTH:" fields; the body; "LOAD-DATE:", "LANGUAGE:",
"PUBLICATION-TYPE:" fields and a centred "Copyright ..." notice.

The stored text of an article is its title, a blank line, then its body as the
file has it. Everything else goes to the document's fields and metadata.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotator.core.text import excerpt
from annotator.io.formats.common import ParsedArticle, ParsedFile, article
from annotator.io.formats.dates import iso_date, looks_like_date

# -- Nexis Uni ---------------------------------------------------------------------------
_DOCUMENTS = re.compile(r"^\s*Documents?\s*\((\d+)\)\s*$")
_END = re.compile(r"^\s*End of Document\s*$")
_BODY = re.compile(r"^\s*Body\s*$")
_COPYRIGHT = re.compile(r"^\s*(?:Copyright\b|©|\(c\)\s*\d)", re.I)
_UNI_FIELD = re.compile(r"^\s*(Section|Length|Byline|Edition|Dateline|Highlight|Series|Correction|Type"
                        r"|Version|Pg\.?)\s*:\s*(.*)$", re.I)
_UNI_TRAILING = re.compile(r"^\s*(Load-Date|Language|Publication-Type|Subject|Industry|Geographic|Person"
                           r"|Organization|Company|Ticker|Journal-Code|Graphic|Notes|Document-Type"
                           r"|Publication-Date|Correction-Date|URL)\s*:\s*(.*)$", re.I)


def is_nexis_uni(paragraphs: list[str]) -> bool:
    """A "Body" line, and an "End of Document" marker or the cover list's "Job Number"
    and "Documents (N)" (an export cut off inside its first article): a Nexis Uni export."""
    if not any(_BODY.match(p) for p in paragraphs):
        return False
    head = paragraphs[:20]
    return any(_END.match(p) for p in paragraphs) or (
        any(_DOCUMENTS.match(p) for p in head) and any(p.strip().startswith("Job Number:") for p in head))


def _fields(lines: list[str], pattern: re.Pattern[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in lines:
        match = pattern.match(line)
        if match:
            out.setdefault(match.group(1).lower().replace("-", "_").rstrip("."), match.group(2).strip())
    return out


def _uni_article(path: Path, number: int, block: list[str], first: bool) -> ParsedArticle | str:
    """One article between two "End of Document" lines; a reason (str) when it has no
    recognisable header."""
    body_at = next((i for i, p in enumerate(block) if _BODY.match(p)), None)
    if body_at is None:
        return "it has no 'Body' line"
    i = body_at - 1
    header: list[str] = []
    while i >= 0 and (not block[i].strip() or _UNI_FIELD.match(block[i]) or _COPYRIGHT.match(block[i])):
        header.append(block[i])
        i -= 1
    if i < 1 or not looks_like_date(block[i]):
        return "no date line above its 'Section'/'Length'/'Byline' lines"
    date_line = block[i].strip()
    above = [j for j in range(i) if block[j].strip()]
    if len(above) < 2:
        return "no title and outlet above its date line"
    outlet = block[above[-1]].strip()
    title_lines = [block[above[-2]]] if first else [block[j] for j in above[:-1]]
    title = " ".join(t.strip() for t in title_lines)
    rest = block[body_at + 1:]
    end = len(rest)
    # "Graphic" (picture captions) and "Classification" (indexing) close the body
    classification = next((k for k, p in enumerate(rest) if p.strip() in ("Classification", "Graphic")), None)
    if classification is not None:
        end = classification
    else:
        while end > 0 and (not rest[end - 1].strip() or _UNI_TRAILING.match(rest[end - 1])):
            end -= 1
    body = rest[:end]
    while body and not body[0].strip():
        body.pop(0)
    while body and not body[-1].strip():
        body.pop()
    head = _fields(header, _UNI_FIELD)
    tail = _fields(rest[end:], _UNI_TRAILING)
    copyright_line = next((h.strip() for h in header if _COPYRIGHT.match(h)), "")
    metadata = {
        "byline": head.get("byline", ""), "section": head.get("section", ""), "length": head.get("length", ""),
        "edition": head.get("edition", ""), "dateline": head.get("dateline", ""),
        "language": tail.get("language", ""), "copyright": copyright_line, "date_line": date_line,
        "load_date": tail.get("load_date", ""), "publication_type": tail.get("publication_type", ""),
        "subject": tail.get("subject", ""), "database": "Nexis Uni", "position": number,
    }
    text = "\n".join(t.strip() for t in title_lines) + "\n\n" + "\n".join(body)
    return article(path, text, title=title, source=outlet, published=iso_date(date_line), metadata=metadata)


def parse_nexis_uni(path: Path, paragraphs: list[str]) -> ParsedFile:
    out = ParsedFile("Nexis Uni")
    declared = next((int(m.group(1)) for p in paragraphs[:80] if (m := _DOCUMENTS.match(p))), None)
    blocks: list[list[str]] = [[]]
    for p in paragraphs:
        if _END.match(p):
            blocks.append([])
        else:
            blocks[-1].append(p)
    *complete, tail = blocks
    for number, block in enumerate(complete, 1):
        parsed = _uni_article(path, number, block, first=number == 1)
        if isinstance(parsed, str):
            out.errors.append(f"{path}, article {number}: not imported, {parsed}")
        else:
            out.articles.append(parsed)
    if any(p.strip() for p in tail):
        name = next((p.strip() for p in tail if p.strip()), "")
        out.errors.append(f"{path}, article {len(complete) + 1} ({excerpt(name, 60)!r}): not imported, the file ends "
                          "before its 'End of Document' line (truncated download?)")
    _check_count(out, path, declared, "the cover list says Documents")
    return out


def _check_count(out: ParsedFile, path: Path, declared: int | None, said: str) -> None:
    if declared is None or declared == len(out.articles):
        return
    found = "; ".join(f"{a.document.title!r}" for a in out.articles[:8])
    more = f" and {len(out.articles) - 8} more" if len(out.articles) > 8 else ""
    out.warnings.append(f"{path}: {said} ({declared}) but {len(out.articles)} complete articles were found"
                        f"{': ' + found + more if found else ''}")


# -- classic TXT ---------------------------------------------------------------------------
_OF_DOCUMENTS = re.compile(r"^\s*(\d+)\s+of\s+(\d+)\s+DOCUMENTS?\s*$", re.I)
_TXT_FIELD = re.compile(r"^([A-Z][A-Z-]+):\s?(.*)$")
_TXT_HEADER = {"BYLINE", "SECTION", "LENGTH", "DATELINE", "HIGHLIGHT", "SOURCE", "SERIES", "TYPE", "BODY",
               "CORRECTION-APPENDED", "EDITION", "DISTRIBUTION"}
_TXT_TRAILING = {"LOAD-DATE", "LANGUAGE", "PUBLICATION-TYPE", "JOURNAL-CODE", "GRAPHIC", "SUBJECT", "URL",
                 "DOCUMENT-TYPE", "ORGANIZATION", "PERSON", "GEOGRAPHIC", "INDUSTRY", "TICKER", "COMPANY",
                 "CORRECTION-DATE", "NOTES"}


def is_nexis_txt(lines: list[str]) -> bool:
    return sum(1 for line in lines if _OF_DOCUMENTS.match(line)) >= 1 and any(
        _TXT_FIELD.match(line) and _TXT_FIELD.match(line).group(1) in ("LENGTH", "LOAD-DATE") for line in lines)


def _header_field(line: str) -> re.Match[str] | None:
    match = _TXT_FIELD.match(line)
    return match if match and match.group(1) in _TXT_HEADER else None


def _blocks(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines."""
    out: list[list[str]] = []
    current: list[str] = []
    for line in lines + [""]:
        if line.strip():
            current.append(line)
        elif current:
            out.append(current)
            current = []
    return out


def _txt_article(path: Path, number: int, lines: list[str]) -> ParsedArticle | str:
    blocks = _blocks(lines)
    if len(blocks) < 2:
        return "too short to hold an outlet, a date and a text"
    outlet = " ".join(line.strip() for line in blocks[0])
    dated = blocks[1]
    if not looks_like_date(dated[0]):
        return f"no date line under the outlet ({excerpt(dated[0].strip(), 60)!r})"
    date_line = dated[0].strip()
    edition = " ".join(line.strip() for line in dated[1:])
    k = 2
    title_lines: list[str] = []
    if k < len(blocks) and not _header_field(blocks[k][0]):
        title_lines = blocks[k]
        k += 1
    head: dict[str, str] = {}
    while k < len(blocks) and (m := _header_field(blocks[k][0])):
        head[m.group(1).lower()] = " ".join([m.group(2).strip(), *(b.strip() for b in blocks[k][1:])]).strip()
        k += 1
    # the body is the text between the header's last field and the first trailing field
    first_body = _line_of_block(lines, blocks, k)
    trailing_at = next((i for i in range(first_body, len(lines))
                        if (m := _TXT_FIELD.match(lines[i])) and m.group(1) in _TXT_TRAILING), None)
    if trailing_at is None:
        return "it has no LOAD-DATE or LANGUAGE lines after its text: the file ends inside it (truncated?)"
    body = lines[first_body:trailing_at]
    while body and not body[-1].strip():
        body.pop()
    tail: dict[str, str] = {}
    copyright_lines: list[str] = []
    for line in lines[trailing_at:]:
        m = _TXT_FIELD.match(line)
        if m and m.group(1) in _TXT_TRAILING:
            tail[m.group(1).lower()] = m.group(2).strip()
        elif line.strip() and (copyright_lines or _COPYRIGHT.match(line)):
            copyright_lines.append(line.strip())
    title = " ".join(t.strip() for t in title_lines)
    metadata = {
        "byline": head.get("byline", ""), "section": head.get("section", ""), "length": head.get("length", ""),
        "dateline": head.get("dateline", ""), "edition": edition, "language": tail.get("language", ""),
        "copyright": " ".join(copyright_lines), "date_line": date_line,
        "load_date": tail.get("load-date", ""), "publication_type": tail.get("publication-type", ""),
        "database": "LexisNexis Academic", "position": number,
    }
    text = ("\n".join(t.strip() for t in title_lines) + "\n\n" if title_lines else "") + "\n".join(body)
    return article(path, text, title=title, source=outlet, published=iso_date(date_line), metadata=metadata)


def _line_of_block(lines: list[str], blocks: list[list[str]], k: int) -> int:
    """The index in *lines* where block *k* starts (len(lines) past the last)."""
    seen = -1
    in_block = False
    for i, line in enumerate(lines):
        if line.strip() and not in_block:
            seen += 1
            if seen == k:
                return i
        in_block = bool(line.strip())
    return len(lines)


def parse_nexis_txt(path: Path, text: str) -> ParsedFile:
    out = ParsedFile("LexisNexis Academic")
    lines = text.split("\n")
    marks = [(i, int(m.group(1)), int(m.group(2))) for i, line in enumerate(lines) if (m := _OF_DOCUMENTS.match(line))]
    declared = marks[0][2] if marks else None
    for n, (at, number, _total) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
        parsed = _txt_article(path, number, lines[at + 1:end])
        if isinstance(parsed, str):
            out.errors.append(f"{path}, article {number} ('{number} of {_total} DOCUMENTS', line {at + 1}): "
                              f"not imported, {parsed}")
        else:
            out.articles.append(parsed)
    _check_count(out, path, declared, "the export says it holds")
    return out
