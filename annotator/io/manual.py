"""The printable coding manual: :func:`write_manual`, the codebook as the document
coders read before they start, in Markdown or as one self-contained HTML file.

It holds the project's name as title, a short note on how to code, a table of
contents (each code with its key), then one section per code in codebook tree
order: a child code is a sub-section headed by its full path (``quote/direct``),
with its colour, shortcut key, definition, attribute fields (name, type, choices,
description) and, when asked for, up to N example passages from the project.

Examples are chosen deterministically: per code, the first passages by document
(import order) and then by offset; a passage coded alike (same code, document,
start and end) by several coders appears once, naming them all. With *coder*,
only that coder's spans are used. A passage longer than :data:`EXAMPLE_CHARS`
is cut, with an ellipsis.

All user text (names, definitions, field descriptions, choices, titles, passages)
is escaped: with :func:`html.escape` in HTML, and by backslash-escaping the
characters that would start Markdown formatting in Markdown. A colour enters a
style attribute only when it is of the form ``#RRGGBB``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import NamedTuple, TextIO

from annotator.core.codebook import Code
from annotator.io.errors import ExportProblem
from annotator.store import Project
from annotator.store.exchange import example_passages

FORMATS = ("md", "html")
EXAMPLE_CHARS = 500
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")

HOW_TO = (
    "Read every definition before you start, and keep this manual at hand while you code.",
    "To code a passage, select it in the article and press the code's key (or pick the code in the Codebook "
    "panel or from the right-click menu). To recode a span, select it and press another code's key.",
    "A code nested under another is more specific: use the most specific code that fits.",
    "If a code has fields, fill them in for each span in the Span panel.",
    "When you have finished an article, mark it done (Mark Article Done, Ctrl+D).",
)


@dataclass(frozen=True)
class _Entry:
    code: Code
    path: str
    depth: int


class Example(NamedTuple):
    code_id: int
    text: str  # cut to EXAMPLE_CHARS, with an ellipsis when it was longer
    title: str
    outlet: str
    published: str
    coders: tuple[str, ...]


def _coder_id(project: Project, name: str) -> int:
    found = project.coder_by_name(name)
    if found is None:
        known = ", ".join(c.name for c in project.coders()) or "none"
        raise ExportProblem(f"no coder named {name!r} in the project (coders: {known})")
    return found.id


def examples_by_code(project: Project, limit: int, coder: str | None = None) -> dict[int, list[Example]]:
    """Code id -> up to *limit* example passages, chosen as the module docstring says."""
    if limit <= 0:
        return {}
    coder_id = None if coder is None else _coder_id(project, coder)
    out: dict[int, list[Example]] = {}
    for code_id, text, title, outlet, published, names in example_passages(project, limit, EXAMPLE_CHARS, coder_id):
        if len(text) > EXAMPLE_CHARS:
            text = text[:EXAMPLE_CHARS].rstrip() + "…"
        out.setdefault(code_id, []).append(Example(code_id, text, title, outlet, published, names))
    return out


def _entries(project: Project) -> list[_Entry]:
    paths = project.code_paths()
    return [_Entry(c, paths[c.id], paths[c.id].count("/")) for c in project.codes()]


def _source_line(ex: Example, show_coders: bool) -> str:
    parts = [ex.title or "untitled"]
    parts += [p for p in (ex.outlet, ex.published) if p]
    line = ", ".join(parts)
    if show_coders:
        line += f"; coded by {', '.join(ex.coders)}"
    return line


# -- Markdown -----------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]<|~])|&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^()([-+=#>]|\d+[.)])")


def md_escape(text: str, *, one_line: bool = False, line_start: bool = True) -> str:
    """*text* with every character that could start Markdown formatting escaped.
    ``one_line`` folds line breaks into spaces (headings, table cells); ``line_start``
    False: the text follows other text on its line, so a leading ``#``, ``-``, ``1.``
    cannot start a block and is left alone."""
    if one_line:
        text = " ".join(text.split())
    text = _MD_INLINE.sub(lambda m: "\\" + (m.group(1) or "&"), text)
    if not line_start:
        return text
    return "\n".join(_MD_LINE_START.sub(lambda m: m.group(2)[:-1] + "\\" + m.group(2)[-1], line.strip())
                     for line in text.split("\n"))


def _md_inline(text: str) -> str:
    """*text* escaped for the middle of a line (a heading, a list item's tail, a table cell)."""
    return md_escape(text, one_line=True, line_start=False)


def _md_paragraphs(text: str) -> list[str]:
    """Paragraphs (split on blank lines), each escaped, its single line breaks kept as hard breaks."""
    paras = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r", "")) if p.strip()]
    return [md_escape(p).replace("\n", "  \n") for p in paras]


def _write_md(out: TextIO, title: str, entries: list[_Entry], examples: dict[int, list[Example]] | None,
              coder: str | None) -> None:
    w = out.write
    w(f"# Coding manual: {_md_inline(title)}\n\n")
    if not entries:
        w("This project's codebook has no codes yet. Add codes (with definitions) before coding starts.\n")
        return
    w("## How to code\n\n")
    for line in HOW_TO:
        w(f"- {line}\n")
    if examples is not None:
        w(f"- Examples are passages already coded in this project{f' by {_md_inline(coder)}' if coder else ''}.\n")
    w("\n## Contents\n\n")
    for e in entries:
        key = f" (key {_md_inline(e.code.shortcut)})" if e.code.shortcut else ""
        w(f"{'  ' * e.depth}- {md_escape(e.path, one_line=True)}{key}\n")
    for e in entries:
        c = e.code
        w(f"\n{'#' * min(2 + e.depth, 6)} {_md_inline(e.path)}\n\n")
        w(f"- Colour: {_md_inline(c.color) or 'none'}\n")
        w(f"- Key: {_md_inline(c.shortcut) or 'none'}\n\n")
        w("**Definition.** ")
        paras = _md_paragraphs(c.description)
        w("\n\n".join(paras) + "\n" if paras else "*No definition yet.*\n")
        if c.attributes:
            w("\n**Fields.**\n\n| Field | Type | Choices | Description |\n|---|---|---|---|\n")
            for f in c.attributes:
                cells = (f.name, f.type, ", ".join(f.choices), f.description)
                w("| " + " | ".join(_md_inline(x) for x in cells) + " |\n")
        if examples is not None:
            found = examples.get(c.id, [])
            w("\n**Examples.**\n\n")
            if not found:
                w("*No coded examples yet.*\n")
            for ex in found:
                quoted = "\n".join(f"> {line}" if line else ">" for line in md_escape(ex.text).split("\n"))
                w(f"{quoted}\n>\n> — {_md_inline(_source_line(ex, coder is None))}\n\n")


# -- HTML -----------------------------------------------------------------------------

_CSS = """
@page { margin: 2cm; }
body { font-family: Georgia, "Times New Roman", serif; font-size: 12pt; line-height: 1.5; color: #111;
       max-width: 42em; margin: 2em auto; padding: 0 1em; }
h1, h2, h3, h4, h5, h6 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.25;
       break-after: avoid; page-break-after: avoid; }
h1 { font-size: 1.8em; } .parent { color: #666; font-weight: normal; }
.swatch { display: inline-block; width: 0.85em; height: 0.85em; border: 1px solid #333; margin-right: 0.35em;
          vertical-align: -0.05em; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
kbd { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 0.9em; border: 1px solid #888;
      border-radius: 3px; padding: 0 0.35em; background: #f4f4f4; }
p.label { font-family: "Helvetica Neue", Arial, sans-serif; font-weight: bold; font-size: 0.9em;
          text-transform: uppercase; letter-spacing: 0.04em; color: #333; margin: 1em 0 0.2em;
          break-after: avoid; page-break-after: avoid; }
p.props { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 0.95em; margin: 0.3em 0 0.8em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; font-size: 0.95em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
tr, blockquote { break-inside: avoid; page-break-inside: avoid; }
blockquote { margin: 0.6em 0; padding: 0.2em 0.9em; border-left: 4px solid #999; }
blockquote p { margin: 0.3em 0; white-space: pre-wrap; }
blockquote footer { font-size: 0.9em; color: #444; }
.none { color: #666; font-style: italic; }
nav ol { list-style: none; padding-left: 1.2em; } nav > ol { padding-left: 0; }
section.top { break-before: page; page-break-before: always; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _swatch(color: str) -> str:
    if not _COLOR.fullmatch(color or ""):
        return ""
    return f'<span class="swatch" style="background-color: {color}" aria-hidden="true"></span>'


def _html_paragraphs(text: str) -> str:
    paras = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r", "")) if p.strip()]
    return "".join(f"<p>{_e(p).replace(chr(10), '<br>')}</p>\n" for p in paras)


def _heading(e: _Entry) -> str:
    parent, _, name = e.path.rpartition("/")
    prefix = f'<span class="parent">{_e(parent)}/</span>' if parent else ""
    return f"{_swatch(e.code.color)}{prefix}{_e(name)}"


def _write_html(out: TextIO, title: str, entries: list[_Entry], examples: dict[int, list[Example]] | None,
                coder: str | None) -> None:
    w = out.write
    w('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
      f"<title>Coding manual: {_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n")
    w(f"<h1>Coding manual: {_e(title)}</h1>\n")
    if not entries:
        w('<p class="none">This project\'s codebook has no codes yet. '
          "Add codes (with definitions) before coding starts.</p>\n</body>\n</html>\n")
        return
    w('<section class="intro">\n<h2>How to code</h2>\n<ul>\n')
    for line in HOW_TO:
        w(f"<li>{_e(line)}</li>\n")
    if examples is not None:
        w(f"<li>Examples are passages already coded in this project{f' by {_e(coder)}' if coder else ''}.</li>\n")
    w("</ul>\n</section>\n")
    _write_toc(w, entries)
    for e in entries:
        c = e.code
        level = min(2 + e.depth, 6)
        w(f'\n<section class="code{" top" if e.depth == 0 else ""}" id="code-{c.id}">\n'
          f"<h{level}>{_heading(e)}</h{level}>\n")
        key = f"<kbd>{_e(c.shortcut)}</kbd>" if c.shortcut else '<span class="none">none</span>'
        w(f'<p class="props">Key {key} &nbsp;·&nbsp; Colour {_swatch(c.color)}{_e(c.color) or "none"}</p>\n')
        w('<p class="label">Definition</p>\n')
        w(_html_paragraphs(c.description) or '<p class="none">No definition yet.</p>\n')
        if c.attributes:
            w('<p class="label">Fields</p>\n<table>\n<thead><tr><th>Field</th><th>Type</th><th>Choices</th>'
              "<th>Description</th></tr></thead>\n<tbody>\n")
            for f in c.attributes:
                cells = (f.name, f.type, ", ".join(f.choices), f.description)
                w("<tr>" + "".join(f"<td>{_e(x)}</td>" for x in cells) + "</tr>\n")
            w("</tbody>\n</table>\n")
        if examples is not None:
            w('<p class="label">Examples</p>\n')
            found = examples.get(c.id, [])
            if not found:
                w('<p class="none">No coded examples yet.</p>\n')
            border = f' style="border-left-color: {c.color}"' if _COLOR.fullmatch(c.color or "") else ""
            for ex in found:
                w(f"<blockquote{border}>\n<p>{_e(ex.text)}</p>\n"
                  f"<footer>— {_e(_source_line(ex, coder is None))}</footer>\n</blockquote>\n")
        w("</section>\n")
    w("</body>\n</html>\n")


def _write_toc(w, entries: list[_Entry]) -> None:
    """Nested ordered lists: one level per depth of the codebook tree."""
    w('<nav class="toc">\n<h2>Contents</h2>\n<ol>\n')
    depth = 0
    for i, e in enumerate(entries):
        while depth < e.depth:
            w("<ol>\n")
            depth += 1
        while depth > e.depth:
            w("</ol></li>\n")
            depth -= 1
        key = f" <kbd>{_e(e.code.shortcut)}</kbd>" if e.code.shortcut else ""
        w(f'<li>{_swatch(e.code.color)}<a href="#code-{e.code.id}">{_e(e.path)}</a>{key}')
        nxt = entries[i + 1].depth if i + 1 < len(entries) else 0
        w("\n" if nxt > e.depth else "</li>\n")
    while depth > 0:
        w("</ol></li>\n")
        depth -= 1
    w("</ol>\n</nav>\n")


def write_manual(project: Project, out: TextIO, fmt: str, *, examples: int = 0, coder: str | None = None,
                 title: str | None = None) -> None:
    """Write the coding manual of *project* to *out* as ``md`` or ``html`` (see the
    module docstring). *examples*: up to this many example passages per code (0:
    none); *coder*: take them from this coder's spans only. *title* defaults to the
    project file's name. An empty codebook gives a manual that says so.
    Raises :class:`ExportProblem` for an unknown format or coder before writing."""
    if fmt not in FORMATS:
        raise ExportProblem(f"unknown manual format {fmt!r} (choose {' or '.join(FORMATS)})")
    if examples < 0:
        raise ExportProblem(f"the number of examples must be 0 or more, not {examples}")
    chosen = examples_by_code(project, examples, coder) if examples else None
    if coder is not None and chosen is None:
        _coder_id(project, coder)  # an unknown coder is an error even without examples
    entries = _entries(project)
    name = title if title is not None else project.path.stem
    (_write_html if fmt == "html" else _write_md)(out, name, entries, chosen, coder)


__all__ = ["EXAMPLE_CHARS", "FORMATS", "Example", "examples_by_code", "md_escape", "write_manual"]
