"""The query language, the hit markers, the concordance lines (no SQLite here)."""

import io

import pytest

from annotator.core.search import (CLOSE, NEWLINE, OPEN, Hit, SearchError, compile_regex, kwic, marked_ranges,
                                   one_line, parse_query, regex_ranges, write_csv)


@pytest.mark.parametrize("typed, fts", [
    ("war", '"war"'),
    ("Civil  war", '"Civil" "war"'),
    ('"civil war"', '"civil war"'),
    ('"civil wa"*', '"civil wa"*'),
    ('"civil wa*"', '"civil wa"*'),
    ("terr*", '"terr"*'),
    ("Nagorno-Karabakh", '"Nagorno-Karabakh"'),
    # FTS5 operators and syntax are searched as words or punctuation, never run
    ("war OR peace", '"war" "OR" "peace"'),
    ("NEAR(war peace)", '"NEAR(war" "peace)"'),
    ("text:war ^peace", '"text:war" "^peace"'),
    ('he said "no', None),
])
def test_every_input_becomes_quoted_fts(typed, fts):
    if fts is None:
        with pytest.raises(SearchError, match="unclosed quotation mark"):
            parse_query(typed)
    else:
        assert parse_query(typed).fts() == fts


def test_a_quote_inside_a_word_starts_a_phrase():
    assert parse_query('a"b c"').fts() == '"a" "b c"'
    assert parse_query("it's").fts() == '"it\'s"'
    with pytest.raises(SearchError, match="unclosed"):
        parse_query('it"s')


@pytest.mark.parametrize("typed", ["", "   ", "*", '"" -- ...', '"!?"*'])
def test_a_query_without_words_is_refused_plainly(typed):
    with pytest.raises(SearchError, match="search for"):
        parse_query(typed)


def test_punctuation_only_items_are_dropped_and_a_star_after_punctuation_is_no_prefix():
    q = parse_query('war -- "U.S."*')
    assert [i.text for i in q.items] == ["war", "U.S."]
    assert not q.items[1].prefix


def test_marked_ranges_gives_plain_text_and_code_point_ranges():
    marked = f"😀 The {OPEN}civil\nwar{CLOSE} and {OPEN}Wär{CLOSE}."
    text, ranges = marked_ranges(marked)
    assert text == "😀 The civil\nwar and Wär."
    assert [text[s:e] for s, e in ranges] == ["civil\nwar", "Wär"]
    assert marked_ranges("no hits") == ("no hits", [])


def test_regex_errors_say_where_and_why():
    with pytest.raises(SearchError, match=r"invalid regular expression '\(ab': missing \) at position 4"):
        compile_regex("(ab")
    with pytest.raises(SearchError, match="type a regular expression"):
        compile_regex("")


def test_regex_ranges_skip_empty_matches():
    assert list(regex_ranges(compile_regex(r"\d*"), "a 12 b 3")) == [(2, 4), (7, 8)]


def test_context_is_one_line_and_cut_at_word_boundaries():
    text = "First paragraph ends here.\n\nSecond one: the ceasefire held, officials said on Friday evening."
    start = text.index("ceasefire")
    left, hit, right = kwic(text, start, start + 9, context=30)
    assert hit == "ceasefire"
    assert left == f"ends here. {NEWLINE} Second one: the "
    assert right == " held, officials said on"
    assert "\n" not in left + hit + right


def test_one_line_keeps_edge_spaces_and_marks_breaks():
    assert one_line("a \n\n b\tc ") == f"a {NEWLINE} b c "
    assert one_line("") == ""


def test_csv_has_a_header_and_one_row_per_hit():
    out = io.StringIO()
    hits = [Hit(3, 10, 13, 'say "', "war", '" now', "T, 1", "AP")]
    assert write_csv(hits, out) == 1
    assert out.getvalue().splitlines() == [
        "document_id,article,outlet,start,end,left,hit,right",
        '3,"T, 1",AP,10,13,"say """,war,""" now"']
