"""Corpus search, the pure part: the user's query, where its hits are, and the
keyword-in-context (KWIC) lines a concordance shows.

Query language (word mode)
    ``war``            the word, in any case, with or without diacritics (``geneve`` finds *Genève*)
    ``"civil war"``    a phrase: the words in this order, across spaces, punctuation and line breaks
    ``terr*``          a prefix: *territory*, *territories*, *terrain* ...; also ``"civil wa"*``
    several items      every item must occur in the article; each occurrence of each is a hit

Everything the user types is quoted before it reaches SQLite's FTS5 (:func:`parse_query`),
so no input is an FTS5 syntax error or an injected operator: ``OR``, ``NOT``, ``NEAR``,
``col:`` and ``^`` are searched as words or ignored as punctuation.

Where the hits are: FTS5 itself marks them (its ``highlight()`` function, run by
:mod:`annotator.store.search`), so the offsets come from the very tokenizer that
built the index (``unicode61 remove_diacritics 2``) rather than from a second
tokenizer in Python that would have to agree with it character for character
(SQLite's Unicode tables are not Python's). :func:`marked_ranges` turns that
marked-up text back into the plain text and code-point ranges.

Regular-expression mode runs Python's :mod:`re` over the texts (:func:`compile_regex`,
:func:`regex_ranges`): case-sensitive unless the pattern starts with ``(?i)``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import IO

#: FTS5 highlight() markers: Unicode noncharacters, "reserved for internal use", never in news text.
#: (A text that holds one anyway is detected and searched with other markers; see the store.)
OPEN, CLOSE = "\ufdd0", "\ufdd1"
SPARE_MARKERS = ("\ufdd2", "\ufdd3", "\ufdd4", "\ufdd5", "\ufdd6", "\ufdd7", "\ufdd8", "\ufdd9")

DEFAULT_CONTEXT = 60  # characters of context either side of a hit
NEWLINE = "⏎"  # a line break inside a context or hit, on its one line


class SearchError(ValueError):
    """A query or pattern that cannot be searched; the message says why, in plain words."""


@dataclass(frozen=True)
class QueryItem:
    """One thing to find: a word or phrase (its words as typed), and whether it is a prefix."""

    text: str
    prefix: bool = False
    phrase: bool = False

    def fts(self) -> str:
        """This item as an FTS5 string literal: quotes doubled, so nothing inside is syntax."""
        return '"' + self.text.replace('"', '""') + '"' + ("*" if self.prefix else "")

    def describe(self) -> str:
        shown = f'"{self.text}"' if self.phrase else self.text
        return shown + ("*" if self.prefix else "")


@dataclass(frozen=True)
class Query:
    items: tuple[QueryItem, ...]

    def fts(self) -> str:
        """The FTS5 MATCH expression: every item must occur (implicit AND)."""
        return " ".join(item.fts() for item in self.items)


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


_ITEM = re.compile(r'"(?P<phrase>[^"]*)(?P<closed>"?)(?P<pstar>\*?)|(?P<word>[^\s"]+)')


def parse_query(query: str) -> Query:
    """Parse what the user typed (see the module docstring). Raises :class:`SearchError`
    for an unclosed quotation mark or a query with no word in it."""
    items: list[QueryItem] = []
    for m in _ITEM.finditer(query):
        if m.group("word") is not None:
            word = m.group("word")
            prefix = word.endswith("*")
            text = word.rstrip("*")
            phrase = False
        else:
            if not m.group("closed"):
                raise SearchError(f"the query has an unclosed quotation mark: {query.strip()!r}")
            text = m.group("phrase").strip()
            prefix = bool(m.group("pstar")) or text.endswith("*")
            text = text.rstrip("*").strip()
            phrase = True
        if not _has_word(text):
            continue  # punctuation only: the index holds no such token
        if prefix and not text[-1].isalnum():
            prefix = False  # "U.S.*": the star follows punctuation, not a word
        items.append(QueryItem(text, prefix, phrase))
    if not items:
        raise SearchError("the query has no word to search for" if query.strip() else "type something to search for")
    return Query(tuple(items))


def marked_ranges(marked: str, open_mark: str = OPEN, close_mark: str = CLOSE) -> tuple[str, list[tuple[int, int]]]:
    """Split FTS5 ``highlight()`` output into the plain text and the marked ranges
    (code points into the plain text, end exclusive, in text order)."""
    ranges: list[tuple[int, int]] = []
    parts: list[str] = []
    pos = 0  # in marked
    plain_len = 0
    while True:
        i = marked.find(open_mark, pos)
        if i < 0:
            break
        j = marked.find(close_mark, i + 1)
        if j < 0:
            break
        parts.append(marked[pos:i])
        plain_len += i - pos
        start = plain_len
        parts.append(marked[i + 1:j])
        plain_len += j - i - 1
        ranges.append((start, plain_len))
        pos = j + 1
    parts.append(marked[pos:])
    return "".join(parts), ranges


def compile_regex(pattern: str) -> re.Pattern[str]:
    """Compile a user's regular expression; a bad one raises :class:`SearchError` saying where and why."""
    if not pattern:
        raise SearchError("type a regular expression to search for")
    try:
        return re.compile(pattern)
    except re.error as exc:
        where = f" at position {exc.pos + 1}" if exc.pos is not None else ""
        raise SearchError(f"invalid regular expression {pattern!r}: {exc.msg}{where}") from None
    except (OverflowError, RecursionError):
        raise SearchError(f"regular expression {pattern!r} is too large") from None


def regex_ranges(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """The non-empty matches of *pattern* in *text*, as code-point ranges."""
    for m in pattern.finditer(text):
        if m.end() > m.start():
            yield m.start(), m.end()


def one_line(text: str) -> str:
    """*text* on one line: each run of white space becomes one space, a line break shows as ⏎."""
    if not text:
        return text
    if "\n" in text or "\r" in text or "\u2028" in text or "\u2029" in text:
        text = _BREAK.sub(f" {NEWLINE} ", text)
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() and len(text) > 1 else ""
    return lead + " ".join(text.split()) + trail


_BREAK = re.compile(r"\s*[\n\r\u2028\u2029]\s*")


@dataclass(frozen=True)
class Hit:
    """One line of the concordance: a hit in its article, with context on one line."""

    document_id: int
    start: int  # code points into the article's text, end exclusive
    end: int
    left: str
    hit: str
    right: str
    title: str
    outlet: str  # documents.source

    def as_dict(self) -> dict:
        return asdict(self)


def kwic(text: str, start: int, end: int, context: int = DEFAULT_CONTEXT) -> tuple[str, str, str]:
    """(left context, hit, right context) for ``text[start:end]``, each on one line.
    Contexts hold about *context* characters and begin and end at a word boundary when they can."""
    left, hit, right = kwic_text(text, start, end, context)
    left_line, right_line = one_line(left), one_line(right)
    # the space next to the hit is meaningful; only the outer ends are trimmed
    return left_line.lstrip(), one_line(hit), right_line.rstrip()


def kwic_text(text: str, start: int, end: int, context: int = DEFAULT_CONTEXT) -> tuple[str, str, str]:
    """(left context, hit, right context) as they stand in *text*, line breaks and all (for CSV):
    the same stretch of text as :func:`kwic`, before it is put on one line."""
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    left = text[lo:start]
    right = text[end:hi]
    if lo > 0:  # don't begin mid-word
        cut = _first_space(left)
        if 0 <= cut < len(left) - 1:
            left = left[cut + 1:]
    if hi < len(text):
        cut = _last_space(right)
        if cut > 0:
            right = right[:cut]
    return left, text[start:end], right


def _first_space(s: str) -> int:
    for i, ch in enumerate(s[: len(s) // 2]):
        if ch.isspace():
            return i
    return -1


def _last_space(s: str) -> int:
    for i in range(len(s) - 1, len(s) // 2, -1):
        if s[i].isspace():
            return i
    return -1


CSV_HEADER = ("document_id", "article", "outlet", "start", "end", "left", "hit", "right")


def write_csv(hits: Iterable[Hit], out: IO[str]) -> int:
    """Write *hits* as CSV with a header; returns the number of rows written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    n = 0
    for h in hits:
        writer.writerow((h.document_id, h.title, h.outlet, h.start, h.end, h.left, h.hit, h.right))
        n += 1
    return n
