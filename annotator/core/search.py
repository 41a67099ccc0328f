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

Regular-expression mode runs the :mod:`regex` package (in its ``re``-compatible V0 mode)
over the texts (:func:`compile_regex`, :func:`scan_regex`): case-sensitive unless the
pattern starts with ``(?i)``. A pattern can backtrack for longer than the universe lasts
(``(a|aa)+$`` on a line of a's), so a scan has a time limit (``regex``'s ``timeout=``, which
stops even a single match attempt) and a *cancelled* callback checked as it goes; it
matches with the GIL released (``concurrent=True``), so a window that runs it in a
thread stays responsive.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import IO

import regex

from annotator.core.spreadsheet import SpreadsheetWriter

#: FTS5 highlight() markers: Unicode noncharacters, "reserved for internal use", never in news text.
#: (A text that holds one anyway is detected and searched with other markers; see the store.)
OPEN, CLOSE = "\ufdd0", "\ufdd1"
SPARE_MARKERS = ("\ufdd2", "\ufdd3", "\ufdd4", "\ufdd5", "\ufdd6", "\ufdd7", "\ufdd8", "\ufdd9")

DEFAULT_CONTEXT = 60  # characters of context either side of a hit
NEWLINE = "⏎"  # a line break inside a context or hit, on its one line


#: A regex search stops with :class:`SearchError` after this many seconds.
REGEX_SECONDS = 10.0
#: ... and stops counting (the hits listed are kept) after this many hits.
REGEX_COUNT_LIMIT = 200_000


class SearchError(ValueError):
    """A query or pattern that cannot be searched; the message says why, in plain words."""


class SearchCancelled(SearchError):
    """The user stopped the search."""


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


def compile_regex(pattern: str) -> regex.Pattern[str]:
    """Compile a user's regular expression; a bad one raises :class:`SearchError` saying where and why."""
    if not pattern:
        raise SearchError("type a regular expression to search for")
    try:
        return regex.compile(pattern, regex.V0)
    except regex.error as exc:
        pos = getattr(exc, "pos", None)
        where = f" at position {pos + 1}" if pos is not None else ""
        raise SearchError(f"invalid regular expression {pattern!r}: {getattr(exc, 'msg', exc)}{where}") from None
    except (OverflowError, RecursionError, MemoryError):
        raise SearchError(f"regular expression {pattern!r} is too large") from None


def regex_ranges(pattern: regex.Pattern[str], text: str, *, timeout: float | None = None) -> Iterator[tuple[int, int]]:
    """The non-empty matches of *pattern* in *text*, as code-point ranges. Raises
    :class:`TimeoutError` when matching takes longer than *timeout* seconds."""
    for m in pattern.finditer(text, timeout=timeout, concurrent=True):
        if m.end() > m.start():
            yield m.start(), m.end()


def too_slow(pattern: str, seconds: float) -> SearchError:
    return SearchError(
        f"the regular expression {pattern!r} took more than {seconds:g} seconds and was stopped. "
        "Nested repeats such as (a+)+ or (a|aa)+ can take practically forever on some texts: "
        "simplify it, or search for words instead")


@dataclass
class RegexScan:
    """What :func:`scan_regex` found: the first *limit* hits, and how many hits and articles
    in all (``complete`` False when counting stopped at :data:`REGEX_COUNT_LIMIT`)."""

    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    documents: int = 0
    complete: bool = True


def scan_regex(pattern: regex.Pattern[str], rows: Iterable[tuple[int, str, str, str]], *, limit: int,
               context: int = 60, seconds: float | None = None,
               cancelled: Callable[[], bool] | None = None,
               skip: Mapping[int, Sequence[tuple[int, int]]] | None = None) -> RegexScan:
    """Match *pattern* in each ``(document_id, text, title, outlet)`` of *rows*, in order.
    A match overlapping one of the ``(start, end)`` ranges *skip* gives for its document
    (page clutter) is neither listed nor counted.

    Raises :class:`SearchError` when it takes longer than *seconds* (default
    :data:`REGEX_SECONDS`) in all, however long one match attempt is, and
    :class:`SearchCancelled` when *cancelled* returns true (checked before each article and
    every thousand hits; a single match attempt runs on until the time limit)."""
    if seconds is None:
        seconds = REGEX_SECONDS
    scan = RegexScan()
    deadline = time.monotonic() + seconds
    for doc_id, text, title, outlet in rows:
        if cancelled is not None and cancelled():
            raise SearchCancelled("the search was cancelled")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise too_slow(pattern.pattern, seconds)
        found = 0
        skipped = skip.get(doc_id, ()) if skip is not None else ()
        try:
            for start, end in regex_ranges(pattern, text, timeout=remaining):
                if skipped and any(ns < end and start < ne for ns, ne in skipped):
                    continue
                found += 1
                if len(scan.hits) < limit:
                    scan.hits.append(Hit(doc_id, start, end, *kwic(text, start, end, context), title, outlet))
                elif scan.total + found >= REGEX_COUNT_LIMIT:
                    break
                if found % 1000 == 0 and cancelled is not None and cancelled():
                    raise SearchCancelled("the search was cancelled")
        except TimeoutError:
            raise too_slow(pattern.pattern, seconds) from None
        scan.total += found
        scan.documents += found > 0
        if scan.total >= REGEX_COUNT_LIMIT:
            scan.complete = False
            break
    return scan


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


def write_csv(hits: Iterable[Hit], out: IO[str], *, raw: bool = False) -> int:
    """Write *hits* as CSV with a header; returns the number of rows written. Text cells a
    spreadsheet would take for a formula get a ``'`` in front, unless *raw*
    (:mod:`annotator.core.spreadsheet`)."""
    writer = SpreadsheetWriter(out, raw=raw, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    n = 0
    for h in hits:
        writer.writerow((h.document_id, h.title, h.outlet, h.start, h.end, h.left, h.hit, h.right))
        n += 1
    return n
