"""How a REFI-QDA file counts ``startPosition``/``endPosition``, decided per source
from evidence.

The standard (REFI-QDA 1.5, 9.1.2 and 10.2) says Unicode code points from 0, but
the tools differ in three ways, each of which moves every selection after the
first place it matters:

- **units**: code points, or UTF-16 code units (NVivo: most emoji count 2);
- **line breaks**: a CRLF in the source file counts 2 (the standard, NVivo) or 1
  (ATLAS.ti; QualCoder's "MAXQDA line endings" export writes CRLF but counts 1);
- **byte-order mark**: counted as a character or not (QualCoder and NVivo write
  one and count from the character after it).

A :class:`Reading` is one choice on each axis. :func:`decide` scores every
reading on a source's selections, strongest evidence first: selections whose
``name`` holds their text (QualCoder writes it), else the share of selections
that start and end on a word boundary. A tie goes to the reading the other
sources of the file favour, then to the standard's.

Offsets are mapped into the *normalised* text (no BOM, LF line ends), the text
a document is stored with.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from annotator.core.text import BOM, Utf16Map, normalize_text

#: Below this share of fitting selections, the reading of a source is called weak.
WEAK_FIT = 0.8


@dataclass(frozen=True)
class Reading:
    """One way of counting offsets."""

    utf16: bool = False  # UTF-16 code units, not code points
    crlf_as_two: bool = True  # a CRLF of the file counts as two
    bom_counted: bool = False  # a leading byte-order mark counts as a character

    @property
    def key(self) -> str:
        """``cp-crlf2``, ``utf16-crlf2-bom`` ...: the name the command line accepts."""
        units = "utf16" if self.utf16 else "cp"
        return f"{units}-crlf{2 if self.crlf_as_two else 1}{'-bom' if self.bom_counted else ''}"

    def describe(self) -> str:
        units = "UTF-16 units" if self.utf16 else "code points"
        crlf = "a CRLF as 2" if self.crlf_as_two else "a CRLF as 1"
        bom = "BOM counted" if self.bom_counted else "BOM not counted"
        return f"{units}, {crlf}, {bom}"


STANDARD = Reading()
#: Every reading, in the order ties are broken (the standard's first).
READINGS: tuple[Reading, ...] = (
    STANDARD,
    Reading(crlf_as_two=False),  # QualCoder, ATLAS.ti
    Reading(utf16=True),  # NVivo
    Reading(utf16=True, crlf_as_two=False),
    Reading(bom_counted=True),  # a tool that reads its file without stripping the BOM
    Reading(crlf_as_two=False, bom_counted=True),
    Reading(utf16=True, bom_counted=True),
    Reading(utf16=True, crlf_as_two=False, bom_counted=True),
)
#: Names for the readings of known tools; ``raw`` and ``normalized`` are the names
#: earlier versions used.
PRESETS: dict[str, Reading] = {
    "standard": STANDARD,
    "maxqda": STANDARD,
    "qualcoder": Reading(crlf_as_two=False),
    "atlas": Reading(crlf_as_two=False),
    "nvivo": Reading(utf16=True),
    "raw": Reading(bom_counted=True),
    "normalized": Reading(crlf_as_two=False),
}
#: What ``--refi-offsets`` accepts.
CHOICES: tuple[str, ...] = ("auto", *PRESETS, *(r.key for r in READINGS))


def reading_named(name: str) -> Reading | None:
    """The reading called *name*; None for ``auto``. Raises ValueError for an unknown name."""
    name = name.strip().lower()
    if name == "auto":
        return None
    if name in PRESETS:
        return PRESETS[name]
    for r in READINGS:
        if r.key == name:
            return r
    raise ValueError(f"unknown offset reading {name!r}; choose one of {', '.join(CHOICES)}")


# -- mapping file offsets to the stored text ------------------------------------------------
class SourceText:
    """A source's text as the file has it, and where its readings disagree."""

    def __init__(self, raw: str):
        self.has_bom = raw.startswith(BOM)
        self.text = normalize_text(raw)
        body = raw[1:] if self.has_bom else raw
        # normalised index of each line break that is a CRLF in the file
        self.crlf = [m.start() - n for n, m in enumerate(re.finditer("\r\n", body))]
        self.astral = list(Utf16Map.for_text(self.text).astral)
        self._steps: dict[Reading, tuple[int, list[int], list[int]]] = {}

    def effective(self, reading: Reading) -> Reading:
        """*reading* with the axes this text does not exercise set to the standard's,
        so that readings which give the same positions compare equal."""
        return Reading(utf16=reading.utf16 and bool(self.astral),
                       crlf_as_two=reading.crlf_as_two or not self.crlf,
                       bom_counted=reading.bom_counted and self.has_bom)

    def _table(self, reading: Reading) -> tuple[int, list[int], list[int]]:
        reading = self.effective(reading)
        if reading not in self._steps:
            events = sorted((self.astral if reading.utf16 else [])
                            + (self.crlf if reading.crlf_as_two else []))
            lead = 1 if reading.bom_counted else 0
            # the file offset of each extra unit (second UTF-16 unit, the LF of a CRLF)
            self._steps[reading] = lead, events, [e + lead + j + 1 for j, e in enumerate(events)]
        return self._steps[reading]

    def to_text(self, offset: int, reading: Reading) -> tuple[int, bool] | None:
        """(index into the normalised text, exact) for a file *offset*; None past the end.
        Not exact: the offset falls inside a character (between the two units of an
        emoji, between CR and LF, on the BOM); the index is then that character's."""
        return self.mapper(reading)(offset)

    def mapper(self, reading: Reading) -> Callable[[int], tuple[int, bool] | None]:
        """:meth:`to_text` for one reading, its table looked up once (for many offsets)."""
        lead, _, extra = self._table(reading)
        last = len(self.text) + lead + len(extra)

        def to_text(offset: int) -> tuple[int, bool] | None:
            if offset < 0 or offset > last:
                return None
            if offset < lead:
                return 0, False
            k = bisect_right(extra, offset) if extra else 0
            return offset - lead - k, not (k and extra[k - 1] == offset)

        return to_text

    def to_file(self, index: int, reading: Reading) -> int:
        """The file offset of normalised *index* under *reading* (to write a file that way)."""
        lead, events, _ = self._table(reading)
        return index + lead + bisect_left(events, index)


# -- evidence ---------------------------------------------------------------------------------
_SPACE = re.compile(r"\s+")
_ELLIPSIS = ("...", "…")


def fold(text: str) -> str:
    """Whitespace runs as one space, trimmed: how names and texts are compared (XML
    turns line breaks in attribute values into spaces)."""
    return _SPACE.sub(" ", text).strip()


def name_matches(name: str, text: str) -> bool:
    """True when a selection's *name* is its *text* (or the start of it, cut with an ellipsis)."""
    if name == text:
        return True
    name, text = fold(name), fold(text)
    if name == text:
        return True
    for dots in _ELLIPSIS:
        if name.endswith(dots) and len(name) > len(dots):
            return text.startswith(name[: -len(dots)].rstrip())
    return False


def _wordy(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch)[0] == "M"


def at_boundary(text: str, i: int) -> bool:
    """True when *i* is not inside a word."""
    return i <= 0 or i >= len(text) or not (_wordy(text[i - 1]) and _wordy(text[i]))


@dataclass(frozen=True)
class Selected:
    """What :func:`decide` needs of a selection: its file offsets and name."""

    start: int
    end: int
    name: str | None


@dataclass
class Score:
    names: int = 0  # selections whose name matches their text
    named: int = 0  # selections with a name
    bounded: int = 0  # selections that start and end at a word boundary (exact, in range)
    total: int = 0


def span_of(src: SourceText, sel: Selected, reading: Reading | Callable) -> tuple[int, int] | None:
    """The selection as (start, end) in the normalised text, or None when it is out of
    range or empty under *reading* (or a :meth:`SourceText.mapper`)."""
    to_text = src.mapper(reading) if isinstance(reading, Reading) else reading
    a, b = to_text(sel.start), to_text(sel.end)
    if a is None or b is None or a[0] >= b[0]:
        return None
    return a[0], b[0]


def score(src: SourceText, selections: list[Selected], reading: Reading,
          placed: list[tuple[int, int] | None] | None = None) -> Score:
    """How well *reading* fits the selections; *placed*, if given, receives where
    each selection lands (None: out of range or empty)."""
    out = Score(total=len(selections))
    text = src.text
    to_text = src.mapper(reading)
    for sel in selections:
        a, b = to_text(sel.start), to_text(sel.end)
        ok = a is not None and b is not None and a[0] < b[0]
        if placed is not None:
            placed.append((a[0], b[0]) if ok else None)  # type: ignore[index]
        if sel.name and sel.name.strip():
            out.named += 1
            if ok and name_matches(sel.name, text[a[0]:b[0]]):
                out.names += 1
        if ok and a[1] and b[1] and at_boundary(text, a[0]) and at_boundary(text, b[0]):
            out.bounded += 1
    return out


@dataclass
class Decision:
    """The reading used for one source, and why."""

    source: str  # the source's name, for messages
    reading: Reading
    score: Score
    forced: bool = False
    agree: bool = False  # every reading gives this source the same positions
    names_hold_text: bool = False  # the names are the selections' texts (see names_hold_text())

    @property
    def by_names(self) -> bool:
        return self.names_hold_text

    @property
    def fit(self) -> tuple[int, int]:
        s = self.score
        return (s.names, s.named) if self.by_names else (s.bounded, s.total)

    @property
    def weak(self) -> bool:
        got, of = self.fit
        return of > 0 and got < WEAK_FIT * of and not self.agree

    def evidence(self) -> str:
        got, of = self.fit
        if self.by_names:
            return f"{got}/{of} selection names match their text"
        return f"{got}/{of} segments start and end at a word boundary"


@dataclass
class SourceEvidence:
    """A source and its selections, as :func:`decide_all` takes them."""

    name: str
    text: SourceText
    selections: list[Selected] = field(default_factory=list)

    @cached_property
    def _scored(self) -> tuple[dict[Reading, Score], bool]:
        cache: dict[Reading, Score] = {}
        places: set[tuple] = set()
        out = {}
        for r in READINGS:
            eff = self.text.effective(r)
            if eff not in cache:
                placed: list[tuple[int, int] | None] = []
                cache[eff] = score(self.text, self.selections, r, placed)
                places.add(tuple(placed))
            out[r] = cache[eff]
        return out, len(places) == 1

    @property
    def scores(self) -> dict[Reading, Score]:
        """Each reading's fit (readings this text cannot tell apart share one)."""
        return self._scored[0]

    @property
    def readings_agree(self) -> bool:
        """True when every reading puts every selection at the same place."""
        return self._scored[1]


def names_hold_text(scores: dict[Reading, Score]) -> bool:
    """True when the selections' names are their texts (under the best reading, at
    least half match): only then do names decide, and a name that disagrees is
    reported. A tool that names selections otherwise (by code, by number) matches a
    few names by chance at most."""
    return any(s.named and s.names * 2 >= s.named for s in scores.values())


def decide_all(sources: list[SourceEvidence], forced: Reading | None = None) -> list[Decision]:
    """One decision per source: *forced* if given, else the best-scoring reading (ties:
    the reading the whole file favours, then the standard's)."""
    by_names = {id(src): names_hold_text(src.scores) for src in sources}

    def rank(src: SourceEvidence, r: Reading) -> tuple[int, int]:
        s = src.scores[r]
        return (s.names if by_names[id(src)] else 0, s.bounded)

    overall = {r: tuple(map(sum, zip(*(rank(src, r) for src in sources)))) for r in READINGS}
    order = {r: n for n, r in enumerate(READINGS)}
    out = []
    for src in sources:
        if forced is not None:
            choice = forced
        else:
            choice = max(READINGS, key=lambda r: (rank(src, r), overall[r], -order[r]))
        out.append(Decision(src.name, choice, src.scores[choice], forced is not None, agree=src.readings_agree,
                            names_hold_text=by_names[id(src)]))
    return out
