"""Word snapping on plain strings (code-point offsets), with no Qt: easy to test."""

from __future__ import annotations

import unicodedata

_JOINERS = "'’-‐\u00ad"  # inside a word: don't, Nagorno-Karabakh


def is_word_char(ch: str) -> bool:
    """Letters, digits and combining marks (so an accent stays with its letter)."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M") or ch == "_"


def _inside_word(text: str, i: int) -> bool:
    """True when position *i* (between text[i-1] and text[i]) splits a word."""
    if not 0 < i < len(text):
        return False
    before, after = text[i - 1], text[i]
    if is_word_char(before) and is_word_char(after):
        return True
    if before in _JOINERS and is_word_char(after) and i >= 2 and is_word_char(text[i - 2]):
        return True
    return after in _JOINERS and is_word_char(before) and i + 1 < len(text) and is_word_char(text[i + 1])


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow ``[start, end)`` to whole words and trim surrounding white space.

    A selection of white space only is returned trimmed to empty (``start == end``).
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, start
    while _inside_word(text, start):
        start -= 1
    while _inside_word(text, end):
        end += 1
    return start, end


def word_edge(text: str, pos: int, step: int, edge: str) -> int:
    """The nearest word start (``edge="start"``) or word end (``"end"``) from *pos* in
    direction *step* (+1 or -1), moving at least one character; the text's ends count."""
    n = len(text)
    pos += step
    while 0 < pos < n:
        left, right = is_word_char(text[pos - 1]), is_word_char(text[pos])
        if not _inside_word(text, pos) and ((edge == "start" and right and not left)
                                            or (edge == "end" and left and not right)):
            return pos
        pos += step
    return max(0, min(n, pos))
