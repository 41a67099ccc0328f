"""Readable article text and metadata from a saved web page (BeautifulSoup, stdlib parser).

Page furniture is dropped (script, style, nav, header, footer, aside, form,
noscript, iframe ...); block elements become paragraphs separated by a blank
line, ``<br>`` a line break; inline markup (``<b>``, ``<a>``, ``<span>`` ...)
just gives its text. White space inside a paragraph is collapsed, as a browser
shows it, except in ``<pre>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

DROP = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe",
        "template", "svg", "button", "select", "object", "embed", "canvas", "dialog")
BLOCKS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "blockquote", "pre", "figure", "figcaption", "table", "tr", "dl", "dt", "dd", "hr", "address",
    "details", "summary", "body", "caption",
}
_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)


@dataclass
class HtmlArticle:
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    metadata: dict[str, str] = field(default_factory=dict)


def _meta(soup: BeautifulSoup, *keys: str) -> str:
    for key in keys:
        tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
        if isinstance(tag, Tag) and str(tag.get("content", "")).strip():
            return _SPACE.sub(" ", str(tag["content"])).strip()
    return ""


def _text_of(tag: Tag | None) -> str:
    return _SPACE.sub(" ", tag.get_text(" ")).strip() if isinstance(tag, Tag) else ""


def _paragraphs(root: Tag) -> list[str]:
    """Walk the tree once; a block element or ``<br>`` ends the current line."""
    lines: list[str] = []
    current: list[str] = []

    def flush(blank: bool) -> None:
        line = _SPACE.sub(" ", "".join(current)).strip()
        current.clear()
        if line:
            lines.append(line)
        if blank and lines and lines[-1] != "":
            lines.append("")

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, _SKIP_STRINGS):
                continue
            if isinstance(child, NavigableString):
                current.append(str(child))
            elif isinstance(child, Tag):
                name = child.name.lower()
                if name == "br":
                    flush(False)
                elif name == "pre":
                    flush(True)
                    text = child.get_text()
                    lines.extend(t.rstrip() for t in text.strip("\n").split("\n"))
                    lines.append("")
                elif name in BLOCKS:
                    flush(True)
                    walk(child)
                    flush(True)
                else:
                    walk(child)

    walk(root)
    flush(False)
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def extract_html(markup: str) -> HtmlArticle:
    """The readable text of a page and what its head says about it."""
    soup = BeautifulSoup(markup, "html.parser")
    title = _meta(soup, "og:title", "twitter:title") or _text_of(soup.title) or _text_of(soup.find("h1"))
    canonical = soup.find("link", rel="canonical")
    url = str(canonical.get("href", "")).strip() if isinstance(canonical, Tag) else ""
    time_tag = soup.find("time", attrs={"datetime": True})
    published = _meta(soup, "article:published_time", "datePublished", "date", "dc.date") or (
        str(time_tag["datetime"]).strip() if isinstance(time_tag, Tag) else "")
    metadata = {k: v for k, v in (("author", _meta(soup, "author", "article:author")),
                                  ("description", _meta(soup, "og:description", "description"))) if v}
    source = _meta(soup, "og:site_name")
    url = url or _meta(soup, "og:url")
    for tag in soup.find_all(DROP):
        tag.decompose()
    for tag in soup.find_all(("head", "title")):
        tag.decompose()
    articles = soup.find_all("article")
    # the longest <article> (pages list teasers of other articles in <article> too), else <main>, else <body>
    root = max(articles, key=lambda a: len(a.get_text())) if articles else soup.find("main") or soup.body or soup
    return HtmlArticle(
        text="\n".join(_paragraphs(root)),
        title=title,
        source=source,
        url=url,
        published=published,
        metadata=metadata,
    )
