"""Readable article text and metadata from a saved web page (lxml's HTML parser).

Page furniture is dropped (script, style, nav, header, footer, aside, form,
noscript, iframe ...); block elements become paragraphs separated by a blank
line, ``<br>`` a line break; inline markup (``<b>``, ``<a>``, ``<span>`` ...)
just gives its text. White space inside a paragraph is collapsed, as a browser
shows it, except in ``<pre>``.

Why lxml: libxml2 parses in C, in time linear in the page, and the tree is walked
once with :func:`lxml.etree.iterwalk` (no recursion, no per-node Python objects
kept). BeautifulSoup over Python's ``html.parser`` took minutes and more than a
gigabyte for an 8 MB page of a million tags; see ``bench/bench_html.py``.

libxml2 follows elements at most :data:`MAX_DEPTH` deep and silently stops reading
below that; a page that deep is refused (:class:`PageError`) rather than imported
in part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.etree as etree

DROP = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe",
        "template", "svg", "button", "select", "object", "embed", "canvas", "dialog")
BLOCKS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "blockquote", "pre", "figure", "figcaption", "table", "tr", "dl", "dt", "dd", "hr", "address",
    "details", "summary", "body", "caption",
}
#: libxml2's nesting limit with ``huge_tree`` (XML_PARSE_HUGE); deeper elements are not read.
MAX_DEPTH = 2048
_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0]+")


class PageError(ValueError):
    """A page that cannot be read completely; the message says why."""


@dataclass
class HtmlArticle:
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    metadata: dict[str, str] = field(default_factory=dict)


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _parse(markup: str) -> etree._Element | None:
    """The page's tree, or None for a page without elements. Raises :class:`PageError`
    when libxml2 stopped reading (nesting deeper than :data:`MAX_DEPTH`)."""
    # plain etree elements: lxml.html's element classes cost a Python call per element
    parser = etree.HTMLParser(encoding="utf-8", huge_tree=True)
    try:
        root = etree.fromstring(markup.encode("utf-8", "surrogatepass"), parser)
    except etree.XMLSyntaxError:
        return None
    if root is None:  # nothing but comments or white space
        return None
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in entry.message:
            raise PageError(f"the page nests elements more than {MAX_DEPTH} levels deep; "
                            "it cannot be read completely")
    return root


class _Head:
    """What the page says about itself, from one pass over its tags: the first ``<meta>`` of
    each ``property`` and ``name``, the first ``<title>``, ``<h1>``, canonical ``<link>`` and
    ``<time datetime>``."""

    def __init__(self, root: etree._Element):
        self.by_property: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        self.first: dict[str, etree._Element] = {}
        for tag in root.iter("meta", "title", "h1", "link", "time"):
            kind = tag.tag
            if kind == "meta":
                content = tag.get("content") or ""
                prop, name = tag.get("property"), tag.get("name")
                if prop is not None:
                    self.by_property.setdefault(prop, content)
                if name is not None:
                    self.by_name.setdefault(name, content)
            elif kind == "link":
                if "canonical" in (tag.get("rel") or "").lower().split():
                    self.first.setdefault("canonical", tag)
            elif kind == "time":
                if tag.get("datetime") is not None:
                    self.first.setdefault("time", tag)
            else:
                self.first.setdefault(kind, tag)

    def meta(self, *keys: str) -> str:
        for key in keys:
            content = self.by_property[key] if key in self.by_property else self.by_name.get(key, "")
            if content.strip():
                return _collapse(content)
        return ""

    def attribute(self, kind: str, name: str) -> str:
        tag = self.first.get(kind)
        return (tag.get(name) or "").strip() if tag is not None else ""


def _content(el: etree._Element) -> str:
    """All the text inside an element (comments left out), as one string, in C."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def _text_of(el: etree._Element | None) -> str:
    """The text of an element, its pieces joined by spaces, white space collapsed."""
    if el is None:
        return ""
    return _collapse(" ".join(el.itertext()))


def _paragraphs(root: etree._Element) -> list[str]:
    """Walk the tree once, iteratively; a block element or ``<br>`` ends the current line."""
    lines: list[str] = []
    current: list[str] = []
    append = current.append
    blocks = BLOCKS

    def flush(blank: bool) -> None:
        if current:
            line = _collapse("".join(current))
            current.clear()
            if line:
                lines.append(line)
        if blank and lines and lines[-1] != "":
            lines.append("")

    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            name = tag.lower()
            if name in blocks:
                if name == "pre":
                    flush(True)
                    text = _content(el)
                    lines.extend(t.rstrip() for t in text.strip("\n").split("\n"))
                    lines.append("")
                    walker.skip_subtree()
                    continue
                flush(True)
            elif name == "br":
                flush(False)
            text = el.text
            if text:
                append(text)
            continue
        if event == "end" and tag.lower() in blocks:
            flush(True)
        tail = el.tail
        if tail and el is not root:  # comments and processing instructions: only what follows them
            append(tail)
    flush(False)
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def extract_html(markup: str) -> HtmlArticle:
    """The readable text of a page and what its head says about it.
    Raises :class:`PageError` for a page that cannot be read completely."""
    root = _parse(markup)
    if root is None:
        return HtmlArticle(text="")
    head = _Head(root)
    meta = head.meta
    title = (meta("og:title", "twitter:title") or _text_of(head.first.get("title"))
             or _text_of(head.first.get("h1")))
    published = meta("article:published_time", "datePublished", "date", "dc.date") or head.attribute("time",
                                                                                                    "datetime")
    metadata = {k: v for k, v in (("author", meta("author", "article:author")),
                                  ("description", meta("og:description", "description"))) if v}
    source = meta("og:site_name")
    url = head.attribute("canonical", "href") or meta("og:url")
    # furniture out, in C, keeping the text that follows each dropped element
    etree.strip_elements(root, *DROP, "head", "title", with_tail=False)
    # the longest <article> (pages list teasers of other articles in <article> too), else <main>, else <body>;
    # an article inside another is never the longer one, so only the outermost are measured
    articles: list[etree._Element] = []
    first: dict[str, etree._Element] = {}
    for tag in root.iter("article", "main", "body"):
        if tag.tag != "article":
            first.setdefault(tag.tag, tag)
        elif next(tag.iterancestors("article"), None) is None:
            articles.append(tag)
    if articles:
        body = max(articles, key=lambda a: len(_content(a)))
    else:
        body = first.get("main", first.get("body", root))
    return HtmlArticle(
        text="\n".join(_paragraphs(body)),
        title=title,
        source=source,
        url=url,
        published=published,
        metadata=metadata,
    )
