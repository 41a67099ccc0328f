from hypothesis import given
from hypothesis import strategies as st

from annotator.core.text import Utf16Map, normalize_text, normalized_offset

# text with astral characters (emoji, musical symbols), CJK, combining marks and line breaks
chars = st.sampled_from(list("ab \n\r") + ["😀", "𝄞", "漢", "e\u0301", "\u200d", "👩‍💻", "\ufeff"])
texts = st.lists(chars, max_size=40).map("".join)


def test_normalize_removes_bom_and_unifies_line_ends_only():
    assert normalize_text("\ufeffa\r\nb\rc\n  d\u0301 ") == "a\nb\nc\n  d\u0301 "


def test_normalize_keeps_unicode_form():
    # no NFC: "e" + combining acute stays two code points
    assert len(normalize_text("e\u0301")) == 2


@given(texts)
def test_utf16_round_trip(text):
    m = Utf16Map.for_text(text)
    assert m.utf16_length == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        u16 = len(text[:cp].encode("utf-16-le")) // 2
        assert m.to_utf16(cp) == u16
        assert m.to_codepoint(u16) == cp


def test_position_inside_surrogate_pair_rounds_down():
    m = Utf16Map.for_text("a😀b")
    assert m.to_codepoint(2) == 1  # between the two halves of the emoji


@given(texts, st.data())
def test_normalized_offset_lands_on_same_character(raw, data):
    text = normalize_text(raw)
    # choose an offset in raw that starts a character surviving normalisation
    keep = [i for i, ch in enumerate(raw) if ch not in "\r" and not (i == 0 and ch == "\ufeff")]
    if not keep:
        return
    i = data.draw(st.sampled_from(keep))
    assert text[normalized_offset(raw, i)] == raw[i]
