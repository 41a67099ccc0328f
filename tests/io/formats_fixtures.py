"""Builders for the files tests/io/test_formats*.py import: word-processor files made
with the libraries that write them, RTF, TXT and HTML exports written by hand after
the layouts LexisNexis and Factiva document (see annotator/io/formats)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Story:
    title: str
    outlet: str
    date_line: str
    iso: str
    byline: str  # "" for an article without one
    section: str
    body: tuple[str, ...]
    edition: str = ""


STORIES = (
    Story("Ceasefire talks resume in Geneva", "Le Temps (Genève)", "July 1, 2019 Monday 9:20 AM GMT",
          "2019-07-01", "Zoë Ångström", "Monde; Pg. 4",
          ("Le président a déclaré à Genève que la trêve était « fragile ».",
           "Negotiators met for a third day; the talks will go on through the week.")),
    Story("Flood defences fail in the north", "Süddeutsche Zeitung", "July 2, 2019 Tuesday",
          "2019-07-02", "", "Politik",
          ("Rivers rose overnight after heavy rain.",
           "Residents were moved to schools and sports halls.",
           "The regional government promised an inquiry.")),
    Story("Markets steady after rate decision", "The Guardian (London)", "July 3, 2019 Wednesday 6:00 PM BST",
          "2019-07-03", "Łukasz Wiśniewski", "Business; Pg. 21",
          ("Share prices barely moved after the central bank held rates.",
           "Analysts had expected the decision."), edition="Final Edition"),
)


def nexis_uni_paragraphs(stories=STORIES, *, declared: int | None = None, truncate: bool = False) -> list[str]:
    """A Nexis Uni export as paragraphs: cover list, then the articles."""
    n = len(stories) if declared is None else declared
    out = ["Date and Time: Monday, July 8, 2019 10:02:00 AM EDT", "Job Number: 93022145", f"Documents ({n})"]
    for i, s in enumerate(stories, 1):
        out += [f"{i}. {s.title}", "Client/Matter: -None-", "Search Terms: ceasefire OR flood OR markets",
                "Search Type: Terms and Connectors", "Narrowed by:", "Content Type Narrowed by",
                "News Sources: Newspapers"]
    for i, s in enumerate(stories, 1):
        out += ["", s.title, s.outlet, s.date_line, f"Copyright 2019 {s.outlet} All Rights Reserved",
                f"Section: {s.section}", f"Length: {sum(len(p.split()) for p in s.body)} words"]
        if s.edition:
            out.append(f"Edition: {s.edition}")
        if s.byline:
            out.append(f"Byline: {s.byline}")
        out += ["Body", *s.body]
        if truncate and i == len(stories):
            out = out[:-1]  # the download stops inside the last article
            return out
        out += ["Classification", "Language: ENGLISH", "Publication-Type: Newspaper",
                "Load-Date: July 8, 2019", "End of Document"]
    return out


def write_docx(path: Path, paragraphs: list[str], *, heading: str | None = None) -> Path:
    import docx

    document = docx.Document()
    if heading is not None:
        document.add_heading(heading, level=1)
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(str(path))
    return path


def write_odt(path: Path, paragraphs: list[str], *, heading: str | None = None) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    if heading is not None:
        document.text.addElement(H(outlinelevel=1, text=heading))
    for p in paragraphs:
        document.text.addElement(P(text=p))
    document.save(str(path))
    return path


def rtf_escape(text: str) -> str:
    """Text as RTF: ASCII as is, Latin-1 accents as code-page escapes (\\'hh), the rest
    as Unicode escapes (\\uN?), as Word writes them."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\\{}":
            out.append("\\" + ch)
        elif code < 128:
            out.append(ch)
        elif code < 256 and ch.encode("cp1252", errors="ignore"):
            out.append(f"\\'{ch.encode('cp1252')[0]:02x}")
        else:
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
    return "".join(out)


def write_rtf(path: Path, paragraphs: list[str], *, title: str | None = None) -> Path:
    info = "{\\info{\\title " + rtf_escape(title) + "}}" if title else ""
    body = "".join(f"\\pard {rtf_escape(p)}\\par\r\n" for p in paragraphs)
    path.write_bytes((
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}}" + info + "\r\n"
        + body + "}").encode("ascii"))
    return path


def nexis_txt(stories=STORIES, *, truncate: bool = False) -> str:
    """A LexisNexis Academic classic TXT export (as in LexisNexisTools' sample.TXT)."""
    n = len(stories)
    out = ["", "", "Download Request: Selected Items: 1-3", "Time Of Request: Monday, July 8, 2019  10:02:11", "",
           "Send To:", "   UNIVERSITÄT ZÜRICH", "", "Terms: (ceasefire or flood or markets)", "",
           "Source: Major World Newspapers", "", ""]
    for i, s in enumerate(stories, 1):
        out += [f"{i} of {n} DOCUMENTS".center(80).rstrip(), "", "", "", s.outlet.center(80).rstrip(), "",
                s.date_line.center(80).rstrip()]
        if s.edition:
            out.append(s.edition.center(80).rstrip())
        out += ["", s.title, ""]
        if s.byline:
            out += [f"BYLINE: {s.byline}", ""]
        out += [f"SECTION: {s.section.upper()}", "", f"LENGTH: {sum(len(p.split()) for p in s.body)} words", "", ""]
        for p in s.body:
            out += [p, ""]
        if truncate and i == n:
            return "\n".join(out[:-3]) + "\n"
        out += ["LOAD-DATE: July 8, 2019", "", "LANGUAGE: ENGLISH", "", "PUBLICATION-TYPE: Newspaper", "", "",
                f"Copyright 2019 {s.outlet}".center(80).rstrip(), "All Rights Reserved".center(80).rstrip(), ""]
    return "\r\n".join(out) + "\r\n"


def _factiva_fields(s: Story, accession: str) -> list[tuple[str, list[str]]]:
    fields = [("HD", [s.title])]
    if s.byline:
        fields.append(("BY", [s.byline]))
    fields += [("WC", [f"{sum(len(p.split()) for p in s.body)} words"]),
               ("PD", [factiva_date(s)]),
               ("SN", [s.outlet]), ("SC", ["LETEMP"]), ("SE", [s.section]), ("LA", ["English"]),
               ("CY", [f"(c) 2019 {s.outlet}"]), ("LP", [s.body[0]]), ("TD", list(s.body[1:])),
               ("NS", ["gpol : Domestic Politics | gcat : Political/General News"]),
               ("RE", ["swiz : Switzerland | eurz : Europe"]), ("AN", [f"Document {accession}"])]
    if s.edition:
        fields.insert(5, ("ED", [s.edition]))
    return fields


def factiva_date(s: Story) -> str:
    year, month, day = s.iso.split("-")
    return f"{int(day)} {['January', 'February', 'March', 'April', 'May', 'June', 'July'][int(month) - 1]} {year}"


ACCESSIONS = ("LETEMP0020190701ef7100001", "SDDZ000020190702ef7200002", "GRDN000020190703ef7300003")


def factiva_rtf(stories=STORIES, *, truncate: bool = False) -> bytes:
    """A Factiva RTF export "with indexing": a two-column table per article (code, value)."""
    rows = []
    for k, s in enumerate(stories):
        fields = _factiva_fields(s, ACCESSIONS[k])
        if truncate and k == len(stories) - 1:
            fields = fields[:8]
        for code, values in fields:
            cell = "\\par ".join(rtf_escape(v) for v in values)
            rows.append(f"\\trowd\\cellx1000\\cellx9000\\pard\\intbl {code}\\cell\\pard\\intbl {cell}\\cell\\row\r\n")
        if not (truncate and k == len(stories) - 1):
            rows.append("\\pard\\par\r\n")
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\r\n" + "".join(rows) + "}").encode("ascii")


def factiva_html(stories=STORIES, *, truncate: bool = False) -> str:
    """A Factiva HTML "Article" export: one div.article per article, fields in table rows."""
    parts = ['<html><head><meta charset="utf-8"><title>Factiva</title></head><body>',
             '<div id="headlines">Headlines</div>']
    for k, s in enumerate(stories):
        parts.append('<div class="article enArticle"><table border="0">')
        fields = _factiva_fields(s, ACCESSIONS[k])
        if truncate and k == len(stories) - 1:
            fields = fields[:8]
        for code, values in fields:
            if code in ("LP", "TD"):
                value = "".join(f'<p class="articleParagraph enarticleParagraph">{v}</p>' for v in values)
            else:
                value = values[0]
            parts.append(f'<tr><td class="index" align="right" valign="top"><b>{code}</b>&nbsp;</td>'
                         f'<td>{value}</td></tr>')
        if truncate and k == len(stories) - 1:
            break
        parts.append("</table></div>")
    if not truncate:
        parts.append("</body></html>")
    return "\n".join(parts)


def factiva_plain_rtf(stories=STORIES, *, truncate: bool = False) -> bytes:
    """A Factiva RTF export without indexing: one paragraph per field, no codes."""
    lines: list[str] = []
    for k, s in enumerate(stories):
        lines += [s.title] + ([s.byline] if s.byline else [])
        lines += [f"{sum(len(p.split()) for p in s.body)} words", factiva_date(s), "09:20", s.outlet, "LETEMP"]
        lines += ([s.edition] if s.edition else []) + ["English", f"(c) 2019 {s.outlet}", *s.body]
        if truncate and k == len(stories) - 1:
            lines = lines[:-1]
            break
        lines += ["", f"Document {ACCESSIONS[k]}", ""]
    body = "".join(f"\\pard {rtf_escape(line)}\\par\r\n" for line in lines)
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\r\n" + body + "}").encode("ascii")
