"""Page clutter in an article's text, found line by line and never cut out.

Scraped news pages leave their furniture in the text, each piece on a line of its
own: "Advertisement", "Click to play video: ...", "Read: ..." links, share
buttons, tracker residue, bylines and time stamps. :func:`detect` returns such
lines as :class:`Clutter` regions (code-point offsets, end exclusive, the whole
line without its line break). The text itself is never changed.

How a line is judged, in order (the first rule that fits gives the kind; the line
judgements themselves live in :mod:`annotator.core.clutter_lines`):

1. on its own: :data:`PATTERNS`, one table of named regular expressions matched against
   the whole stripped line; a byline, a short line of names ("By Jane Doe, CNN"); a line
   of date and time words ("Published 07:40 IST, November 26th 2020"); a reporters' note
   ("Rachel Chason reported from Dakar."); a line of parts such as "By Jane Doe ·
   12 March 2024, 10:42 GMT"; a photo caption that ends in a photographer's credit;
2. the title under a "Click to play video: '<title>'" line, repeated as a caption: ``video``;
3. a line that repeats an earlier line of the same article word for word (white space
   aside; a headline the page printed twice): ``duplicate``; the first copy stays text;
4. a line that also appears in other articles of the same outlet (the store
   counts them, see :func:`repeated_lines`): ``repeated``;
5. by its neighbours: a caption ending in a bare agency tag ("... on Monday. (AFP)")
   between the page's furniture and the first paragraph's dateline; a caption between
   furniture and its photographer's credit line; a line of names right above a time
   stamp (``byline``);
6. a short label (at most three words, no sentence punctuation) whose neighbouring
   lines are both clutter, such as a topic tag between share buttons, and a run of
   such labels next to clutter (a menu, a list of topics): ``label``.

Article text is never marked for what only looks like clutter: a paragraph ending in
"(Reuters)" or opening with a dateline, a sentence starting "By Tuesday, ...".

``byline`` and ``timestamp`` regions are metadata candidates: the store keeps
their kind on the noise row, so the line can be offered as the article's author
or date (:data:`METADATA_KINDS`). Nothing here imports Qt or SQL.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from itertools import accumulate
from typing import NamedTuple

from annotator.core.clutter_lines import (PATTERNS, caption_kind, could_be_caption, is_byline, is_date_line,
                                          is_name_line, is_reported_from, meta_kind, opens_with_dateline)


class Clutter(NamedTuple):
    """One line of page clutter: code points ``[start, end)``, its kind."""

    start: int
    end: int
    kind: str


#: Kinds whose text may be offered as document metadata (author, date).
METADATA_KINDS = frozenset({"byline", "timestamp"})

# every pattern in one alternation, each in a named group with its own flags: one C-level
# match per line instead of a Python loop over the table (detection runs on every import)
def _alternation(names: Collection[str] | None = None) -> re.Pattern[str]:
    return re.compile("|".join(
        f"(?P<p{i}>(?{'i' if p.flags & re.IGNORECASE else '-i'}:{p.pattern}))"
        for i, (name, _k, p) in enumerate(PATTERNS) if names is None or name in names))


# patterns that must scan the line before their key word are tried only on lines holding that word
_GATED = {"syndicated": "feed", "contributed": "contributed"}
_GATED_PATTERNS = tuple((word, kind, p) for name, kind, p in PATTERNS for key, word in _GATED.items() if name == key)
_ALL = _alternation([name for name, _k, _p in PATTERNS if name not in _GATED])
_LONG = _alternation(("play-video", "watch", "read-link", "copyright", "promo-more", "image-caption", "rights"))
_KIND_OF_GROUP = {f"p{i}": kind for i, (_n, kind, _p) in enumerate(PATTERNS)}
LONG_LINE = 160  # longer lines are checked against _LONG only (most paragraphs of news are)
MAX_CLUTTER_CHARS = 400  # a longer line is a paragraph of text, whatever it starts with
_META_MARK = re.compile(r"[|·•]| [/–—-] ")  # what separates the parts of a meta line
_BETWEEN_PARAGRAPHS = frozenset({"advertisement", "link", "promo"})  # clutter that sits between paragraphs of text
_BYLINE_START = re.compile(r"\(?\s*(?:\w+ )?(?:by\b|By(?=[A-Z]))|reporting from\b", re.IGNORECASE)

_VIDEO_TITLE = re.compile(r"click to play video:?\s*['‘’\"“”](.+)['‘’\"“”]\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;…\"”’)]$")
_WS = re.compile(r"\s+")
_QUOTES = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"))

DUPLICATE_MIN_CHARS = 20  # shorter lines may repeat in news text ("Yes.")
REPEAT_MAX_CHARS = 200  # longer lines repeated across an outlet's articles are reused news, not clutter
REPEAT_MIN_DOCS = 3  # a line in this many articles of one outlet is the outlet's furniture
LABEL_MAX_WORDS = 3
LABEL_MAX_CHARS = 60


def lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line of *text*, without its line break."""
    start = 0
    n = len(text)
    while start <= n:
        end = text.find("\n", start)
        if end < 0:
            end = n
        yield start, end
        start = end + 1


def line_key(line: str) -> str:
    """What two lines share when they are "the same line": outer white space dropped,
    curly quotes and dashes made plain, case folded. (Inner white space is kept: an
    outlet's furniture repeats byte for byte, and this runs on every short line.)"""
    key = line.strip()
    if not key.isascii():
        for fancy, plain in _QUOTES:
            if fancy in key:
                key = key.replace(fancy, plain)
    return key.casefold()


def _judge(stripped: str) -> str | None:
    """The kind of clutter a stripped line is on its own; ``weak`` for a possible caption
    that needs clutter before it (see :func:`~annotator.core.clutter_lines.caption_kind`)."""
    match = (_LONG if len(stripped) > LONG_LINE else _ALL).fullmatch(stripped)
    if match is not None:
        return _KIND_OF_GROUP[match.lastgroup]
    for word, kind, pattern in _GATED_PATTERNS:
        if word in stripped and pattern.fullmatch(stripped):
            return kind
    if len(stripped) <= LONG_LINE:
        if _BYLINE_START.match(stripped) and is_byline(stripped):
            return "byline"
        if is_date_line(stripped):
            return "timestamp"
        if " from " in stripped and is_reported_from(stripped):
            return "byline"
        if _META_MARK.search(stripped):
            kind = meta_kind(stripped)
            if kind is not None:
                return kind
    return caption_kind(stripped)


def classify(line: str) -> str | None:
    """The kind of clutter *line* is on its own (rules 1 and 2), or None."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_CLUTTER_CHARS:
        return None
    kind = _judge(stripped)
    return None if kind == "weak" else kind


def _is_label(stripped: str) -> bool:
    if len(stripped) > LABEL_MAX_CHARS:
        return False
    words = stripped.split()
    return 0 < len(words) <= LABEL_MAX_WORDS and not _SENTENCE_END.search(stripped)


def detect(text: str, repeated: Collection[str] = ()) -> list[Clutter]:
    """The clutter lines of *text*, in order. *repeated*: :func:`line_key` values of
    lines found in several articles of the same outlet (rule 5).

    Built for import speed: lines longer than :data:`LONG_LINE` (most paragraphs) meet
    one small regular expression, and only the short ones the whole table."""
    raw = text.split("\n")
    found: dict[int, str] = {}
    weak: list[int] = []
    stripped = [line.strip() for line in raw]
    for i in [i for i, line in enumerate(stripped) if line and len(line) <= MAX_CLUTTER_CHARS]:
        kind = _judge(stripped[i])
        if kind == "weak":
            weak.append(i)
        elif kind is not None:
            found[i] = kind
    # rule 3: the video's title printed under the player
    for i in [i for i, kind in found.items() if kind == "video"]:
        title = _VIDEO_TITLE.match(stripped[i])
        j = _next_content(stripped, i)
        if title and j is not None and j not in found and line_key(stripped[j]) == line_key(title.group(1)):
            found[j] = "video"
    # rule 4: a line printed twice; the first copy stays
    counts = Counter(line for line in stripped if len(line) >= DUPLICATE_MIN_CHARS)
    twice = {line for line, n in counts.items() if n > 1}
    if twice:
        seen: set[str] = set()
        for i, line in enumerate(stripped):
            if line in twice:
                if line in seen and i not in found:
                    found[i] = "duplicate"
                seen.add(line)
    # rule 5: the outlet's furniture
    if repeated:
        for i in [i for i, line in enumerate(stripped) if line and len(line) <= 2 * REPEAT_MAX_CHARS]:
            if i not in found and line_key(stripped[i]) in repeated:
                found[i] = "repeated"
    # a caption with a bare agency tag ("... on Monday. (AFP)") sits between the page's furniture and
    # the first paragraph, which opens with a dateline; anywhere else such a line is text
    for i in weak:
        before, after = _previous_content(stripped, i), _next_content(stripped, i)
        if (before in found and found[before] not in _BETWEEN_PARAGRAPHS
                and after is not None and opens_with_dateline(stripped[after])):
            found[i] = "caption"
    # a caption between other clutter and its photographer's credit ("Share" / "Rain in Dubai on
    # Monday." / "Image Credit: Jane Doe/Gulf News"); a line of text before a credit is still text,
    # and so is a line before a bare "(Image credit: AP)", which often follows an image alone
    for i in [i for i, kind in found.items() if kind == "credit" and i > 0 and stripped[i - 1] and "/" in stripped[i]]:
        before = _previous_content(stripped, i - 1)
        if i - 1 not in found and before in found and could_be_caption(stripped[i - 1]):
            found[i - 1] = "caption"
    # a line of names between the headline and a time stamp: "UK heatwave: ..." / "Jane Dalton" /
    # "Thursday 18 July 2024 10:42 BST" (a short headline right above the date has clutter or
    # nothing before it)
    for i in [i for i, kind in found.items() if kind == "timestamp"]:
        before = _previous_content(stripped, i)
        headline = _previous_content(stripped, before) if before is not None else None
        if (before is not None and before not in found and headline is not None and headline not in found
                and is_name_line(stripped[before])):
            found[before] = "byline"
    # rule 6: a short label between two clutter lines (blank lines do not count)
    for i in sorted(found):
        here = _next_content(stripped, i)
        after = _next_content(stripped, here) if here is not None else None
        if here is not None and after in found and here not in found and _is_label(stripped[here]):
            found[here] = "label"
    # rule 7: a run of short labels (a menu, a list of topics) next to clutter or at the end
    _mark_label_runs(stripped, found)
    out = []
    if found:
        ends = [0, *accumulate(map(len, raw))]  # line i starts at ends[i] + i (one "\n" per line before it)
        out = [Clutter(ends[i] + i, ends[i] + i + len(raw[i]), found[i]) for i in sorted(found)]
    return out


def _mark_label_runs(stripped: list[str], found: dict[int, str]) -> None:
    """Mark runs of short label lines (blank lines between allowed) that touch clutter on
    one side: two or more lines, or one line after clutter at the very end of the text."""
    content = [i for i, line in enumerate(stripped) if line]
    k = 0
    while k < len(content):
        if content[k] in found or not _is_label(stripped[content[k]]):
            k += 1
            continue
        end = k
        while end + 1 < len(content) and content[end + 1] not in found and _is_label(stripped[content[end + 1]]):
            end += 1
        before = content[k - 1] in found if k > 0 else False
        after = content[end + 1] in found if end + 1 < len(content) else None  # None: the end of the text
        if (end > k and (before or after)) or (before and after is None):
            for j in content[k:end + 1]:
                found[j] = "label"
        k = end + 1


def _next_content(stripped: list[str], i: int) -> int | None:
    """The next line after *i* that is not blank."""
    for j in range(i + 1, len(stripped)):
        if stripped[j]:
            return j
    return None


def _previous_content(stripped: list[str], i: int) -> int | None:
    """The last line before *i* that is not blank."""
    for j in range(i - 1, -1, -1):
        if stripped[j]:
            return j
    return None


def repeat_candidates(text: str) -> set[str]:
    """The :func:`line_key` of each line of *text* that could be an outlet's repeated furniture."""
    short = [line for line in text.split("\n") if line and len(line) <= 2 * REPEAT_MAX_CHARS]
    return {key for key in map(line_key, short) if key and len(key) <= REPEAT_MAX_CHARS}


def repeated_lines(texts: Iterable[str], min_docs: int = REPEAT_MIN_DOCS) -> set[str]:
    """Line keys found in at least *min_docs* of *texts* (the articles of one outlet)."""
    return count_repeated(map(repeat_candidates, texts), min_docs)


def count_repeated(candidates: Iterable[set[str]], min_docs: int = REPEAT_MIN_DOCS) -> set[str]:
    """Keys found in at least *min_docs* of the sets of :func:`repeat_candidates`."""
    counts: Counter[str] = Counter()
    for keys in candidates:
        counts.update(keys)
    return {k for k, n in counts.items() if n >= min_docs}


def outlet_key(source: str) -> str:
    """Articles are grouped by outlet under this key: "Republic World (APTN)" and
    "Republic World" are one outlet. Empty: unknown outlet, never grouped."""
    return _WS.sub(" ", re.sub(r"\([^)]*\)", " ", source)).strip().casefold()


__all__ = ["METADATA_KINDS", "PATTERNS", "Clutter", "classify", "count_repeated", "detect", "line_key", "lines", "outlet_key",
           "repeat_candidates", "repeated_lines"]
