"""What every reader of this package hands back: articles with their metadata, and
problems in words. No Qt, no SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import NewDocument
from annotator.core.text import normalize_text

#: Noise kinds for page furniture a PDF repeats on its pages.
PAGE_HEADER, PAGE_FOOTER = "page-header", "page-footer"


@dataclass(frozen=True)
class ParsedArticle:
    """One article of a file: the document, and regions of its text that are page
    furniture (``(start, end, kind)``, code points, end exclusive) to keep as noise."""

    document: NewDocument
    noise: tuple[tuple[int, int, str], ...] = ()


@dataclass
class ParsedFile:
    """A file read as one or more articles. ``layout`` names what was recognised
    ("docx", "nexis-uni", "factiva", ...). ``errors`` are articles left out (a
    truncated last article, say); ``warnings`` are kept articles worth a look."""

    layout: str
    articles: list[ParsedArticle] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def clean_metadata(values: dict[str, object]) -> dict[str, object]:
    """*values* without empty entries."""
    return {k: v for k, v in values.items() if v not in (None, "", [], {})}


def article(path: Path, text: str, *, title: str = "", source: str = "", published: str = "",
            url: str = "", metadata: dict[str, object] | None = None,
            noise: tuple[tuple[int, int, str], ...] = ()) -> ParsedArticle:
    """A :class:`ParsedArticle` whose text is normalised as the project defines it."""
    text = normalize_text(text)
    return ParsedArticle(NewDocument(text=text, title=title.strip(), source=source.strip(),
                                     published=published, url=url.strip(), filename=path.name,
                                     metadata=clean_metadata(metadata or {})), noise)
