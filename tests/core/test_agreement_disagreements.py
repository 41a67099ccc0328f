"""Disagreement ranges and word tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import disagreements, project_agreement, word_tokens


def test_hand_case_largest_first_noise_left_out():
    spans = [("a", "q", "x", 0, 10), ("a", "q", "y", 5, 20), ("b", "p", "y", 10, 12)]
    found = disagreements({"a": 50, "b": 30}, spans, ["x", "y"], excluded={"a": [(15, 17)]})
    assert [(d.document, d.code, d.start, d.end, d.marked_by) for d in found] == [
        ("a", "q", 0, 5, ("x",)),
        ("a", "q", 10, 15, ("y",)),
        ("a", "q", 17, 20, ("y",)),
        ("b", "p", 10, 12, ("y",)),
    ]
    assert found[0].not_marked_by == ("y",) and found[0].length == 5


@st.composite
def cases(draw):
    docs = {f"d{i}": draw(st.integers(1, 30)) for i in range(draw(st.integers(1, 3)))}
    coders = ["x", "y", "z"][: draw(st.integers(2, 3))]
    spans = []
    for d, n in docs.items():
        for _ in range(draw(st.integers(0, 6))):
            s = draw(st.integers(0, n - 1))
            spans.append((d, draw(st.sampled_from("pq")), draw(st.sampled_from(coders)), s,
                          draw(st.integers(s + 1, n))))
    return docs, spans, coders


@settings(max_examples=200, deadline=None)
@given(cases())
def test_disagreements_cover_exactly_the_disagreeing_characters(case):
    docs, spans, coders = case
    found = disagreements(docs, spans, coders, codes=["p", "q"])
    got = {(d.document, d.code, p): d.marked_by for d in found for p in range(d.start, d.end)}
    expected = {}
    for doc, n in docs.items():
        for code in "pq":
            for p in range(n):
                marked = tuple(c for c in coders
                               if any(s[:3] == (doc, code, c) and s[3] <= p < s[4] for s in spans))
                if 0 < len(marked) < len(coders):
                    expected[doc, code, p] = marked
    assert got == expected
    assert [d.length for d in found] == sorted((d.length for d in found), reverse=True)
    # ranges are maximal: no two with the same coders touch
    ends = {(d.document, d.code, d.end, d.marked_by) for d in found}
    assert not any((d.document, d.code, d.start, d.marked_by) in ends for d in found)


def test_word_tokens_and_token_level_agreement():
    text = "Don't stop, well-known 42 times!"
    tokens = word_tokens(text)
    assert [text[s:e] for s, e in tokens] == ["Don't", "stop", "well-known", "42", "times"]
    # x marks "stop" exactly, y marks "op, we": at token level they share "stop" and y
    # adds "well-known".
    spans = [("t", "q", "x", 6, 10), ("t", "q", "y", 8, 14)]
    result = project_agreement({"t": len(text)}, spans, ["x", "y"], unit="token",
                               tokens={"t": tokens})
    q = result.codes["q"]
    assert q.units == 5 and q.percent_agreement.value == 4 / 5


def test_agreed_spans_are_those_every_coder_made():
    from annotator.core.agreement import agreed_spans

    spans = [
        ("a", "q", "x", 0, 5), ("a", "q", "y", 0, 5), ("a", "q", "y", 0, 5),
        ("a", "q", "x", 7, 9), ("a", "q", "y", 7, 10),
        ("b", "p", "x", 1, 2), ("b", "p", "y", 1, 2), ("b", "p", "z", 1, 2),
    ]
    assert agreed_spans(spans, ["x", "y"]) == [("a", "q", 0, 5), ("b", "p", 1, 2)]
    assert agreed_spans(spans, ["x", "y", "z"]) == [("b", "p", 1, 2)]
