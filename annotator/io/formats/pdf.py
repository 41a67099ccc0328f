"""The text layer of a PDF (pdfminer.six), in its reading order, as one article.

- Text boxes come in the order pdfminer's layout analysis gives (columns read one
  after the other); a box's lines stay lines, boxes are separated by a blank line,
  pages too.
- A word hyphenated at a line end is joined only where it is clearly split: the
  line ends in a soft hyphen, or in "-" after a letter while the next line starts
  with a lower-case letter and the joined word also occurs elsewhere in the PDF,
  unhyphenated, while the hyphenated form does not. Anything else stays as printed.
- Lines at the top or bottom of the pages that repeat on every page (all but the
  first, for three pages or more; digits aside, so "Page 3 of 9" counts) are kept
  in the text and returned as ``page-header``/``page-footer`` noise regions.
- A PDF without a text layer (a scan) is refused: "no text layer: run OCR first".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from annotator.io.errors import ImportProblem
from annotator.io.formats.common import PAGE_FOOTER, PAGE_HEADER

#: The top and bottom share of a page where running headers and footers sit.
MARGIN_SHARE = 0.12
_DIGITS = re.compile(r"\d+")
_WORDS = re.compile(r"[^\W\d_]+")
_SPLIT = re.compile(r"([^\W\d_]+)-$")
SOFT_HYPHEN = "\u00ad"


@dataclass
class _Line:
    text: str
    page: int
    box: int  # boxes are numbered across the whole file
    top: bool = False  # in the top margin of its page
    bottom: bool = False
    kind: str = ""  # PAGE_HEADER / PAGE_FOOTER once found repeating


@dataclass(frozen=True)
class PdfText:
    text: str
    title: str
    noise: tuple[tuple[int, int, str], ...]
    pages: int


def _lines(path: Path) -> tuple[list[_Line], int, str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdfdocument import PDFDocument

    lines: list[_Line] = []
    pages = 0
    box = 0
    title = ""
    try:
        with path.open("rb") as handle:
            info = PDFDocument(PDFParser(handle)).info
        for entry in info:
            raw = entry.get("Title")
            if isinstance(raw, bytes):
                title = raw.decode("utf-16") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
            elif isinstance(raw, str):
                title = raw
        for page_no, page in enumerate(extract_pages(str(path), laparams=LAParams()), 1):
            pages = page_no
            height = page.height or 1
            for element in page:
                if not isinstance(element, LTTextContainer):
                    continue
                box += 1
                for line in element:
                    if not isinstance(line, LTTextLine):
                        continue
                    # a stray CR would become a line break when the text is stored: make it one
                    # now, so the noise offsets counted here stay right
                    text = line.get_text().rstrip("\n").replace("\r\n", "\n").replace("\r", "\n")
                    if not text.strip():
                        continue
                    lines.append(_Line(text, page_no, box, top=line.y1 >= height * (1 - MARGIN_SHARE),
                                       bottom=line.y0 <= height * MARGIN_SHARE))
    except ImportProblem:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged or encrypted files
        reason = "it is encrypted" if "encrypt" in str(exc).lower() or "Encryption" in type(exc).__name__ \
            else f"{type(exc).__name__}: {exc}"
        raise ImportProblem(path, f"is not a readable PDF ({reason})") from None
    return lines, pages, title.strip()


def _furniture_key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split())).casefold()


def _mark_furniture(lines: list[_Line], pages: int) -> None:
    if pages < 2:
        return
    needed = pages if pages < 3 else pages - 1
    for flag, kind in (("top", PAGE_HEADER), ("bottom", PAGE_FOOTER)):
        on_pages: dict[str, set[int]] = {}
        for line in lines:
            if getattr(line, flag):
                on_pages.setdefault(_furniture_key(line.text), set()).add(line.page)
        repeated = {key for key, seen in on_pages.items() if len(seen) >= needed}
        for line in lines:
            if getattr(line, flag) and _furniture_key(line.text) in repeated:
                line.kind = kind


def _join_hyphens(lines: list[_Line]) -> list[_Line]:
    """Lines of one box with clearly split words joined (see the module docstring)."""
    words = Counter(w.casefold() for line in lines for w in _WORDS.findall(line.text))
    hyphenated = Counter(m.casefold() for line in lines for m in re.findall(r"[^\W\d_]+-[^\W\d_]+", line.text))
    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and prev.box == line.box and not prev.kind and not line.kind:
            head = prev.text.rstrip()
            first = _WORDS.match(line.text.lstrip())
            if first and head.endswith(SOFT_HYPHEN):
                prev.text = head[:-1] + line.text.lstrip()
                continue
            split = _SPLIT.search(head)
            if split and first and first.group(0)[0].islower():
                joined = (split.group(1) + first.group(0)).casefold()
                if words[joined] and not hyphenated[f"{split.group(1)}-{first.group(0)}".casefold()]:
                    prev.text = head[:-1] + line.text.lstrip()
                    continue
        out.append(_Line(line.text, line.page, line.box, line.top, line.bottom, line.kind))
    return out


def read_pdf(path: Path) -> PdfText:
    """The PDF's text, its title (document info, else ""), and its page furniture."""
    lines, pages, title = _lines(path)
    if not any(line.text.strip() for line in lines):
        raise ImportProblem(path, "no text layer: run OCR first (the PDF holds only images, a scan)")
    _mark_furniture(lines, pages)
    lines = _join_hyphens(lines)
    parts: list[str] = []
    noise: list[tuple[int, int, str]] = []
    at = 0
    prev: _Line | None = None
    for line in lines:
        if prev is not None:
            sep = "\n" if prev.box == line.box else "\n\n"
            parts.append(sep)
            at += len(sep)
        if line.kind:
            noise.append((at, at + len(line.text), line.kind))
        parts.append(line.text)
        at += len(line.text)
        prev = line
    return PdfText("".join(parts), title, tuple(noise), pages)
