"""Paragraphs of word-processor files: .docx (python-docx), .odt (odfpy) and .rtf
(striprtf), each read by a library made for it. The paragraphs are the file's
text in order; nothing is rewritten. A file a library cannot open is an
:class:`~annotator.io.errors.ImportProblem` naming the file and the reason."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from annotator.io.errors import ImportProblem
from annotator.io.reading import MAX_FILE_BYTES


@dataclass(frozen=True)
class Paragraphs:
    """A word-processor file as paragraphs, with the title it declares (first heading
    or document properties; "" if none) and its properties worth keeping."""

    paragraphs: list[str]
    title: str = ""
    properties: dict[str, str] | None = None


def _check(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportProblem(path, f"cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        raise ImportProblem(path, "is empty")
    if size > MAX_FILE_BYTES:
        raise ImportProblem(path, f"is larger than the limit of {MAX_FILE_BYTES // (1024 * 1024)} MB; "
                                  "split it into smaller files")


def _zip_ok(path: Path, kind: str) -> None:
    """A .docx or .odt is a zip archive; a truncated download is not one."""
    if not zipfile.is_zipfile(path):
        raise ImportProblem(path, f"is not a complete {kind} file (damaged or truncated: it is not a zip "
                                  "archive); download or save it again")


# -- .docx ------------------------------------------------------------------------------
def read_docx(path: Path) -> Paragraphs:
    """Body paragraphs in order, table cells included (row by row); the title from the
    first Title/Heading paragraph, else the document properties."""
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    _check(path)
    _zip_ok(path, ".docx")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ImportProblem(path, f"is not a readable .docx file ({exc})") from None
    except Exception as exc:  # lxml raises its own errors for broken XML inside the archive
        raise ImportProblem(path, f"is not a readable .docx file ({type(exc).__name__}: {exc})") from None
    paragraphs: list[str] = []
    heading = ""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:  # a merged cell appears once per grid column it spans
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    paragraphs.extend(p.text for p in cell.paragraphs)
            continue
        text = block.text
        style = (block.style.name if block.style is not None else "") or ""
        if not heading and text.strip() and (style == "Title" or style.startswith("Heading")):
            heading = text.strip()
        paragraphs.append(text)
    props = document.core_properties
    properties = {"author": props.author or "", "created": props.created.isoformat() if props.created else ""}
    return Paragraphs(paragraphs, heading or (props.title or "").strip(),
                      {k: v for k, v in properties.items() if v})


# -- .odt -------------------------------------------------------------------------------
def read_odt(path: Path) -> Paragraphs:
    """Paragraphs and headings of the body in order (lists and tables included); the
    title from the first heading, else the document's meta title."""
    from odf import teletype
    from odf.opendocument import load
    from odf.namespaces import TEXTNS

    _check(path)
    _zip_ok(path, ".odt")
    try:
        document = load(str(path))
    except Exception as exc:  # odfpy raises zipfile, KeyError or XML errors for damaged files
        raise ImportProblem(path, f"is not a readable .odt file ({type(exc).__name__}: {exc})") from None
    paragraphs: list[str] = []
    heading = ""

    def walk(node) -> None:
        nonlocal heading
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                text = teletype.extractText(child)
                if qname[1] == "h" and not heading and text.strip():
                    heading = text.strip()
                paragraphs.append(text)
            elif qname not in ((TEXTNS, "note"), (TEXTNS, "tracked-changes")):
                walk(child)

    walk(document.text)
    meta_title = ""
    from odf import dc
    for element in document.meta.getElementsByType(dc.Title):
        meta_title = teletype.extractText(element).strip()
    return Paragraphs(paragraphs, heading or meta_title, {})


# -- .rtf -------------------------------------------------------------------------------
_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
_INFO_TITLE = re.compile(r"{\\title\s([^{}]*)}")


def rtf_source(path: Path) -> str:
    """The RTF source as a string. RTF is 7-bit with escapes, but writers put raw
    8-bit characters in it too: those are in the code page it declares (``\\ansicpg``,
    Windows-1252 when it says none)."""
    _check(path)
    data = path.read_bytes()
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ImportProblem(path, "is not an RTF file (it does not start with {\\rtf)")
    match = _CODEPAGE.search(data[:4096])
    encoding = f"cp{match.group(1).decode()}" if match else "cp1252"
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return data.decode("latin-1")  # every byte maps; striprtf decodes the escapes


def read_rtf(path: Path) -> Paragraphs:
    """RTF lines (``\\par`` and ``\\line`` end one), Unicode escapes (``\\uN?``) and
    code-page escapes (``\\'hh``) decoded by striprtf."""
    from striprtf.striprtf import rtf_to_text

    source = rtf_source(path)
    try:
        text = rtf_to_text(source)
    except Exception as exc:  # striprtf raises plain errors for malformed control words
        raise ImportProblem(path, f"is not a readable RTF file ({type(exc).__name__}: {exc})") from None
    match = _INFO_TITLE.search(source[:20000])
    title = rtf_to_text(match.group(1)).strip() if match else ""
    return Paragraphs(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), title, {})


READERS = {".docx": read_docx, ".odt": read_odt, ".rtf": read_rtf}
