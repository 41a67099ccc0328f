"""Text normalisation and offset conversion.

Stored offsets are Python string indices (Unicode code points) into the stored
text, end exclusive, as REFI-QDA specifies. Qt counts UTF-16 code units;
:class:`Utf16Map` is the one conversion between the two, used by the UI.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

BOM = "\ufeff"


def normalize_text(raw: str) -> str:
    """Return *raw* as stored: a leading BOM removed, CRLF and CR turned into LF.

    Nothing else changes: no Unicode normalisation, no trimming.
    """
    if raw.startswith(BOM):
        raw = raw[1:]
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def normalized_offset(raw: str, offset: int) -> int:
    """Map a code-point *offset* in *raw* to the same character in ``normalize_text(raw)``.

    Used when spans arrive with offsets counted in a file that still had a BOM
    or CRLF line endings (REFI-QDA sources written by other tools).
    """
    offset = max(0, min(offset, len(raw)))
    prefix = raw[:offset]
    shift = 0
    if prefix.startswith(BOM):
        shift += 1
    shift += prefix.count("\r\n")
    if prefix.endswith("\r") and raw[offset:offset + 1] == "\n":
        shift += 1  # between the CR and LF of one line break: that break's position
    return offset - shift


def sha256_text(text: str) -> str:
    import hashlib  # here, not at module level: its OpenSSL library is 2-3 ms of the window's start

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Utf16Map:
    """Converts between code-point offsets and UTF-16 code-unit positions in one text.

    Built once per displayed text (O(n)); each conversion is a binary search over
    the positions of astral characters (those that take two UTF-16 units).
    """

    astral: tuple[int, ...]  # code-point indices of astral characters, sorted
    length: int  # code points

    @classmethod
    def for_text(cls, text: str) -> "Utf16Map":
        if text.isascii():
            return cls((), len(text))
        return cls(tuple(i for i, ch in enumerate(text) if ord(ch) > 0xFFFF), len(text))

    @property
    def utf16_length(self) -> int:
        return self.length + len(self.astral)

    def to_utf16(self, cp: int) -> int:
        """Code-point offset -> UTF-16 position."""
        return cp + bisect_left(self.astral, cp)

    def to_codepoint(self, u16: int) -> int:
        """UTF-16 position -> code-point offset.

        A position inside a surrogate pair rounds down to the start of that character.
        """
        lo, hi = 0, len(self.astral)
        # number of astral chars k with astral[k] + k < u16 (their second unit is before u16)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.astral[mid] + mid + 1 < u16:
                lo = mid + 1
            else:
                hi = mid
        k = lo
        cp = u16 - k
        if k < len(self.astral) and self.astral[k] + k + 1 == u16:
            # u16 points at the low surrogate of astral char k
            return self.astral[k]
        return cp


def excerpt(text: str, limit: int = 80) -> str:
    """*text* on one line (runs of white space as one space), cut to *limit* characters
    with an ellipsis: how lists, tooltips and messages show a passage."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
