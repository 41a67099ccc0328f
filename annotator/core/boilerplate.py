"""Page clutter in an article's text, found line by line and never cut out.

Scraped news pages leave their furniture in the text, each piece on a line of its
own: "Advertisement", "Click to play video: ...", "Read: ..." links, share
buttons, tracker residue, bylines and time stamps. :func:`detect` returns such
lines as :class:`Clutter` regions (code-point offsets, end exclusive, the whole
line without its line break). The text itself is never changed.

How a line is judged, in order (the first rule that fits gives the kind):

1. :data:`PATTERNS`, one table of named regular expressions, each matched against
   the whole line (stripped of surrounding white space);
2. a line of date and time words only ("07:40 IST, November 26th 2020"), perhaps after
   "Published", "Updated on:" and the like: ``timestamp``;
3. the title under a "Click to play video: '<title>'" line, repeated as a caption: ``video``;
4. a line that repeats an earlier line of the same article word for word (white space
   aside; a
   headline the page printed twice): ``duplicate``; the first copy stays text;
5. a line that also appears in other articles of the same outlet (the store
   counts them, see :func:`repeated_lines`): ``repeated``;
6. a short label (at most three words, no sentence punctuation) whose neighbouring
   lines are both clutter, such as a topic tag between share buttons: ``label``.

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


class Clutter(NamedTuple):
    """One line of page clutter: code points ``[start, end)``, its kind."""

    start: int
    end: int
    kind: str


#: Kinds whose text may be offered as document metadata (author, date).
METADATA_KINDS = frozenset({"byline", "timestamp"})

_I = re.IGNORECASE
_AGENCY = r"(?:AP|AFP|Reuters|EPA|Xinhua|Getty Images|Bloomberg|Shutterstock|IANS|PTI|ANI|dpa|UPI)"

#: (name, kind, pattern): each pattern must match a whole stripped line.
PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (name, kind, re.compile(pattern, flags)) for name, kind, pattern, flags in (
        # advertisements
        ("ad", "advertisement", r"(?:advertisement|advertisements|advert|ad|sponsored|sponsored content"
                                r"|paid (?:content|post|partnership)|promoted(?: content)?)", _I),
        ("ad-scroll", "advertisement", r"(?:advertisement|ad)\s*[-–|:]\s*(?:scroll|continue)[\w ]{0,30}", _I),
        ("promo", "promo", r"(?:sign up|subscribe)(?: now| today| here)?(?: (?:for|to) [\w'’ ]{1,60})?[.!]?", _I),
        ("ad-continues", "advertisement", r"(?:story|article|text) continues (?:below|after)"
                                          r"(?: this| the)? (?:advertisement|ad)", _I),
        ("continue-reading", "advertisement", r"(?:continue reading|scroll (?:down )?to continue)"
                                              r"(?: (?:the|this) (?:main )?(?:story|article))?(?: below)?", _I),
        # video players
        ("play-video", "video", r"click to play video\b.*", _I),
        ("watch", "video", r"(?:WATCH|Watch|VIDEO|Video)(?: LIVE| live)?\s*[:|]\s*\S.*", 0),
        ("watch-bare", "video", r"(?:watch|video|watch video|watch the video|play video)", _I),
        # links to other articles
        ("read-link", "link", r"(?:also read|read also|read more|read|related|see also|recommended|must read"
                              r"|more from [\w ]{1,30}|also see|don't miss|trending)\s*[:|–-]+\s*\S.*", _I),
        ("read-bare", "link", r"(?:also read|read also|read more|related(?: stories| articles| news)?"
                              r"|recommended(?: stories)?|more stories|trending(?: now)?|top stories)", _I),
        # share and follow buttons
        ("short-url", "share", r"short ?url", _I),
        ("follow", "share", r"(?:follow|follow us)(?:\s*(?:on|:)\s*.{0,60})?", _I),
        ("share", "share", r"[•·*|-]?\s*(?:share(?: this(?: article| story)?)?|tweet|email|print|copy link"
                           r"|whatsapp|facebook|twitter|linkedin|comments?|save|bookmark)", _I),
        # trackers and scraping residue
        ("scorecard", "tracker", r"(?:\S*\.)?scorecardresearch(?:\.\S*)?", _I),
        ("null-image", "tracker", r"(?:null|undefined|none)\s*\|\s*image\s*:.*", _I),
        ("bare-url", "tracker", r"(?:https?://|www\.)\S+", _I),
        ("image-credit", "credit", r"\(?(?:image|photo|picture|pic|video|file|representative image|photograph)"
                                   r"s?(?: credit| courtesy| source)?s?\s*:\s*[^()]{1,60}\)?", _I),
        ("agency-credit", "credit", r"\(\s*" + _AGENCY + r"(?: photo)?(?:\s*/\s*[^()]{1,50})?\s*\)", _I),
        ("bare-credit", "credit", _AGENCY + r"(?: [Pp]hotos?)?(?:\s*/\s*[^()]{1,50})?", 0),
        ("copyright", "copyright", r"(?:©|copyright|\(c\)).{0,60}(?:\d{4}|all rights reserved).{0,60}", _I),
        ("rights", "copyright", r"all rights reserved\.?|this material may not be published, broadcast, rewritten,?"
                                r" or redistributed\.?", _I),
        ("caption", "caption", r".{10,400}\(\s*(?:" + _AGENCY + r"(?: photo)?(?:\s*/\s*[^()]{1,50})?"
                               r"|file(?: photo)?|photo:[^()]{1,50})\s*\)\.?", 0),
        # bylines (metadata candidates)
        ("reported-by", "byline", r"(?:reported|written|edited|compiled|posted|published|curated) by\s*:?\s*"
                                  r"[^.!?]{2,80}", _I),
        ("by-name", "byline", r"By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
                              r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'’ -]{1,60})?", 0),
        # time stamps (metadata candidates)
        ("read-time", "timestamp", r"[-–•·]?\s*\d{1,3}\s*(?:min|mins|minute|minutes)\.?\s+read", _I),
        # page labels
        ("section", "label", r"[-–•·]\s*(?:\w+\s+){0,3}news", _I),
    )
)

# every pattern in one alternation, each in a named group with its own flags: one C-level
# match per line instead of a Python loop over the table (detection runs on every import)
def _alternation(names: Collection[str] | None = None) -> re.Pattern[str]:
    return re.compile("|".join(
        f"(?P<p{i}>(?{'i' if p.flags & re.IGNORECASE else '-i'}:{p.pattern}))"
        for i, (name, _k, p) in enumerate(PATTERNS) if names is None or name in names))


_ALL = _alternation([n for n, _k, _p in PATTERNS if n != "caption"])
_LONG = _alternation(("play-video", "watch", "read-link"))  # with the caption, all a long line can be
# the caption pattern scans the whole line for its "(": tried only on lines ending in ")" or ")."
_CAPTION = next(p for n, _k, p in PATTERNS if n == "caption")
_HAS_DIGIT = re.compile(r"\d")
_KIND_OF_GROUP = {f"p{i}": kind for i, (_n, kind, _p) in enumerate(PATTERNS)}
LONG_LINE = 160  # longer lines are checked against _LONG only (most paragraphs of news are)
MAX_CLUTTER_CHARS = 400  # a longer line is a paragraph of text, whatever it starts with

_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_DAYS = "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun".split()
_ZONES = "ist gmt utc bst cet cest est edt cst cdt mst mdt pst pdt et pt ct aest msk eet eest".split()
_DATE_WORDS = frozenset(_MONTHS + _DAYS + _ZONES + [
    "am", "pm", "a.m.", "p.m.", "at", "on", "hrs", "ago", "min", "mins", "minute", "minutes", "hour", "hours",
    "day", "days", "today", "yesterday"])
_DATE_TOKEN = re.compile(r"\d{1,4}(?:st|nd|rd|th)?|\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:am|pm)?"
                         r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}", _I)
_SPLIT = re.compile(r"[\s,|–—-]+")
_STAMP_PREFIX = re.compile(r"(?:published|updated|posted|last updated|first published|last modified|modified)"
                           r"(?:\s+(?:on|at))?\s*:?\s*", _I)
_VIDEO_TITLE = re.compile(r"click to play video:?\s*['‘’\"“”](.+)['‘’\"“”]\s*$", _I)
_SENTENCE_END = re.compile(r"[.!?:;…\"”’)]$")
_WS = re.compile(r"\s+")
_QUOTES = (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"))

DUPLICATE_MIN_CHARS = 20  # shorter lines may repeat in news text ("Yes.")
REPEAT_MAX_CHARS = 200  # longer lines repeated across an outlet's articles are reused news, not clutter
REPEAT_MIN_DOCS = 3  # a line in this many articles of one outlet is the outlet's furniture
LABEL_MAX_WORDS = 3


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


def _is_date_line(stripped: str) -> bool:
    """A line made of date and time words only, with at least one number."""
    if len(stripped) > 80 or not _HAS_DIGIT.search(stripped):
        return False
    tokens = [t for t in _SPLIT.split(stripped) if t]
    if not tokens or len(tokens) > 12:
        return False
    has_number = False
    for t in tokens:
        low = t.casefold().rstrip(".,")
        if _DATE_TOKEN.fullmatch(low):
            has_number = True
        elif low not in _DATE_WORDS:
            return False
    return has_number


def classify(line: str) -> str | None:
    """The kind of clutter *line* is on its own (rules 1 and 2), or None."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_CLUTTER_CHARS:
        return None
    match = (_LONG if len(stripped) > LONG_LINE else _ALL).fullmatch(stripped)
    if match is not None:
        return _KIND_OF_GROUP[match.lastgroup]
    if stripped[-1] in ").":
        if (stripped.endswith(")") or stripped.endswith(").")) and _CAPTION.fullmatch(stripped):
            return "caption"
    if len(stripped) > LONG_LINE:
        return None
    prefix = _STAMP_PREFIX.match(stripped)
    if _is_date_line(stripped[prefix.end():] if prefix else stripped):
        return "timestamp"
    return None


def _is_label(stripped: str) -> bool:
    words = stripped.split()
    return 0 < len(words) <= LABEL_MAX_WORDS and not _SENTENCE_END.search(stripped)


def detect(text: str, repeated: Collection[str] = ()) -> list[Clutter]:
    """The clutter lines of *text*, in order. *repeated*: :func:`line_key` values of
    lines found in several articles of the same outlet (rule 5).

    Built for import speed: lines longer than :data:`LONG_LINE` (most paragraphs) meet
    one small regular expression, and only the short ones the whole table."""
    raw = text.split("\n")
    found: dict[int, str] = {}
    for i in [i for i, line in enumerate(raw) if line and len(line) <= MAX_CLUTTER_CHARS + 40]:
        kind = classify(raw[i])
        if kind is not None:
            found[i] = kind
    stripped = [line.strip() for line in raw]
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
    # rule 6: a short label between two clutter lines (blank lines do not count)
    for i in sorted(found):
        here = _next_content(stripped, i)
        after = _next_content(stripped, here) if here is not None else None
        if here is not None and after in found and here not in found and _is_label(stripped[here]):
            found[here] = "label"
    out = []
    if found:
        ends = [0, *accumulate(map(len, raw))]  # line i starts at ends[i] + i (one "\n" per line before it)
        out = [Clutter(ends[i] + i, ends[i] + i + len(raw[i]), found[i]) for i in sorted(found)]
    return out


def _next_content(stripped: list[str], i: int) -> int | None:
    """The next line after *i* that is not blank."""
    for j in range(i + 1, len(stripped)):
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
