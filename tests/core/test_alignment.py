"""Shared-passage alignment on a generated corpus with planted reuse, and on odd text."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core import alignment
from annotator.core.alignment import Prepared, align_prepared, align_texts, candidate_pairs, character_blocks
from annotator.core.passages import Passage

SYLLABLES = "ka lo mi ne su ta ri po ve da gu sha tor len bar mus fi ro zel an ter qui pla dor".split()


def vocabulary(rng: random.Random, n: int = 600) -> list[str]:
    words = set()
    while len(words) < n:
        words.add("".join(rng.choices(SYLLABLES, k=rng.randint(1, 3))))
    return sorted(words)


def sentence(rng: random.Random, words: list[str]) -> str:
    w = rng.choices(words, k=rng.randint(10, 20))
    if rng.random() < 0.5:  # a quotation in curly quotes, a comma
        i = rng.randrange(len(w) - 4)
        w[i], w[i + 3] = "“" + w[i], w[i + 3] + ",”"
    elif rng.random() < 0.5:
        w[rng.randrange(2, len(w) - 2)] += ","
    return " ".join(w).capitalize() + "."


def paragraph(rng: random.Random, words: list[str], n: int | None = None) -> list[str]:
    return [sentence(rng, words) for _ in range(n or rng.randint(2, 4))]


VARIANTS = ("exact", "quotes", "punctuation", "inserted", "dropped", "trimmed")


def variant(rng: random.Random, words: list[str], sentences: list[str], kind: str) -> str:
    """The wire paragraph as one outlet prints it."""
    if kind == "trimmed":
        return " ".join(sentences[:2])
    text = " ".join(sentences)
    if kind == "quotes":
        return text.replace("“", '"').replace("”", '"').replace("’", "'")
    if kind == "punctuation":
        return text.replace(",", "").replace(". ", "; ", 1)
    tokens = text.split(" ")
    if kind == "inserted":
        tokens.insert(rng.randrange(3, len(tokens) - 3), rng.choice(words))
    elif kind == "dropped":
        del tokens[rng.randrange(3, len(tokens) - 3)]
    return " ".join(tokens)


def generate(seed: int = 7, n_articles: int = 14, n_wires: int = 6):
    """Articles of own filler paragraphs with wire paragraphs planted in some.

    Returns the texts and the planted reuse: ``{(i, j): [((a0, a1), (b0, b1)), ...]}``
    for articles i < j that printed the same wire paragraph (the part both kept)."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    wires = [paragraph(rng, words, rng.randint(2, 4)) for _ in range(n_wires)]
    texts, where = [], []
    for i in range(n_articles):
        parts = [paragraph(rng, words) for _ in range(rng.randint(4, 7))]
        chunks = [" ".join(p) for p in parts]
        chosen = rng.sample(range(n_wires), rng.randint(0, 3)) if i else [0, 1]
        for w in chosen:
            kind = rng.choice(VARIANTS) if i else "exact"
            chunks.insert(rng.randrange(0, len(chunks) + 1), ("\x00", w, variant(rng, words, wires[w], kind)))
        text, spans = "", {}
        for chunk in chunks:
            if text:
                text += "\n\n"
            if isinstance(chunk, tuple):
                _, w, body = chunk
                spans[w] = (len(text), len(text) + len(body), body)
                text += body
            else:
                text += chunk
        texts.append(text)
        where.append(spans)
    truth: dict[tuple[int, int], list] = {}
    for i in range(n_articles):
        for j in range(i + 1, n_articles):
            for w in set(where[i]) & set(where[j]):
                a0, a1, a_body = where[i][w]
                b0, b1, b_body = where[j][w]
                # a trimmed copy shares only the sentences it kept
                shared = min(len(a_body), len(b_body))
                truth.setdefault((i, j), []).append(((a0, a0 + min(a1 - a0, shared + 5)),
                                                     (b0, b0 + min(b1 - b0, shared + 5))))
    return texts, truth


def overlap(x: tuple[int, int], y: tuple[int, int]) -> int:
    return max(0, min(x[1], y[1]) - max(x[0], y[0]))


def run_pipeline(texts: list[str]):
    """What the store does: fingerprints -> candidate pairs -> local alignment."""
    prepared = [Prepared(t) for t in texts]
    pairs = candidate_pairs({i: p.fingerprints() for i, p in enumerate(prepared)})
    return {(a, b): align_prepared(prepared[a], prepared[b]) for a, b in pairs}, pairs


@pytest.fixture(scope="module")
def corpus():
    texts, truth = generate()
    found, pairs = run_pipeline(texts)
    return texts, truth, found, pairs


def test_the_generated_corpus_plants_every_kind_of_reuse(corpus):
    texts, truth, _, _ = corpus
    assert len(truth) >= 15 and sum(len(v) for v in truth.values()) >= 20


def test_passage_recall_and_precision(corpus):
    """Each planted shared paragraph is found (a passage overlapping it by half on both
    sides), and each passage found is planted reuse: recall and precision >= 0.95."""
    texts, truth, found, _ = corpus
    planted = [(pair, a, b) for pair, items in truth.items() for a, b in items]
    hits = 0
    for pair, a, b in planted:
        if any(overlap((m.a_start, m.a_end), a) >= (a[1] - a[0]) / 2
               and overlap((m.b_start, m.b_end), b) >= (b[1] - b[0]) / 2 for m in found.get(pair, [])):
            hits += 1
    recall = hits / len(planted)
    matches = [(pair, m) for pair, ms in found.items() for m in ms]
    correct = sum(1 for pair, m in matches
                  if any(overlap((m.a_start, m.a_end), a) >= (m.a_end - m.a_start) / 2
                         and overlap((m.b_start, m.b_end), b) >= (m.b_end - m.b_start) / 2
                         for a, b in truth.get(pair, [])))
    precision = correct / len(matches)
    assert recall >= 0.95, f"recall {recall:.2f} ({hits} of {len(planted)})"
    assert precision >= 0.95, f"precision {precision:.2f} ({correct} of {len(matches)})"


def test_character_recall_and_precision(corpus):
    """Characters of planted reuse covered by passages (both sides), and characters of
    passages that are planted reuse: >= 0.9 and >= 0.97."""
    texts, truth, found, _ = corpus
    planted_chars = covered = found_chars = inside = 0
    for pair in set(truth) | set(found):
        for side in (0, 1):
            doc = pair[side]
            truth_ranges = [t[side] for t in truth.get(pair, [])]
            found_ranges = [((m.a_start, m.a_end), (m.b_start, m.b_end))[side] for m in found.get(pair, [])]
            marks_t = np.zeros(len(texts[doc]), bool)
            marks_f = np.zeros(len(texts[doc]), bool)
            for s, e in truth_ranges:
                marks_t[s:e] = True
            for s, e in found_ranges:
                marks_f[s:e] = True
            planted_chars += marks_t.sum()
            found_chars += marks_f.sum()
            covered += (marks_t & marks_f).sum()
            inside += (marks_t & marks_f).sum()
    assert covered / planted_chars >= 0.9
    assert inside / found_chars >= 0.97


def test_unrelated_articles_are_not_candidates(corpus):
    texts, truth, found, pairs = corpus
    linked = {p for p, ms in found.items() if ms}
    assert linked == set(truth)
    assert len(pairs) <= len(truth) + 2  # candidates: about the planted pairs only, not all 91


def test_mapped_offsets_land_on_the_same_words(corpus):
    texts, truth, found, _ = corpus
    checked = 0
    for (a, b), matches in found.items():
        for n, m in enumerate(matches):
            p = Passage(n, a, m.a_start, m.a_end, b, m.b_start, m.b_end, m.similarity, m.blocks)
            for word in re.finditer(r"\w+", texts[a][m.a_start:m.a_end]):
                start, end = m.a_start + word.start(), m.a_start + word.end()
                inside_block = any(x <= word.start() and word.end() <= x + k for x, _, k in m.blocks)
                if not inside_block:
                    continue
                mapped = p.map_range(a, start, end)
                assert mapped is not None
                # an end offset on a block boundary may take along a character the other
                # side has there and this one lacks (Passage.map_offset picks the later
                # anchor): "darota" -> "darota,"; never another word
                there = texts[b][mapped[0]:mapped[1]]
                assert there.lower().startswith(word.group().lower())
                assert not re.search(r"\w", there[len(word.group()):])
                back = p.map_range(b, *mapped)
                assert back[0] == start and texts[a][back[0]:back[1]].startswith(word.group())
                checked += 1
    assert checked > 500


def test_blocks_are_increasing_runs_of_equal_characters(corpus):
    texts, _, found, _ = corpus
    for (a, b), matches in found.items():
        for m in matches:
            pa, pb = 0, 0
            for x, y, k in m.blocks:
                assert x >= pa and y >= pb and k > 0
                pa, pb = x + k, y + k
                assert alignment._normal(texts[a][m.a_start + x:m.a_start + x + k]) == \
                    alignment._normal(texts[b][m.b_start + y:m.b_start + y + k])
            assert pa <= m.a_end - m.a_start and pb <= m.b_end - m.b_start


def test_quote_marks_and_dashes_match_one_for_one():
    blocks = character_blocks("“We will” – he said", '"We will" - he said')
    assert blocks == ((0, 0, 19),)


WIRE = ("The first one, Aghdam, was turned over last week. Kalbajar was expected to be handed over on "
        "Nov. 15, but Azerbaijan agreed to delay the takeover after a request from Armenia.")


def test_an_edited_copy_is_one_passage_snapped_to_its_sentences():
    a = "Own opening words of the first outlet here.\n\n" + WIRE + "\n\nAnd its own ending, quite different."
    b = ("Another outlet starts with this.\n\n"
         + WIRE.replace("Nov. 15", "November 15").replace("agreed to delay", "agreed to briefly delay")
         + "\n\nUnrelated closing paragraph of the second one.")
    (m,) = align_texts(a, b)
    assert a[m.a_start:m.a_end] == WIRE
    assert b[m.b_start:m.b_end].startswith("The first one") and b[m.b_end - 1] == "."
    assert 0.9 < m.similarity < 1


def test_noise_never_seeds_or_joins_a_passage():
    ad = "Story continues below advertisement and more clutter for the page reader"
    a = f"{ad}\n{WIRE}\n{ad}"
    b = f"Intro line here.\n{ad}\nSomething else entirely, written by this outlet alone."
    noise_a = [(0, len(ad)), (len(a) - len(ad), len(a))]
    noise_b = [(17, 17 + len(ad))]
    assert align_texts(a, b, noise_a, noise_b) == []
    # with the clutter marked in one article only, it still forms no passage
    c = f"Intro line here.\n{WIRE}\n{ad}"
    for m in align_texts(a, c, noise_a, []):
        assert overlap((m.a_start, m.a_end), noise_a[0]) == 0 and overlap((m.a_start, m.a_end), noise_a[1]) == 0


def test_a_shared_phrase_shorter_than_a_sentence_is_not_a_passage():
    a = "The talks went on. Peace talks between the two sides resumed today in the capital. The end."
    b = "Nothing alike here, but Peace talks between the two sides resumed and then other words follow."
    assert align_texts(a, b) == []


def test_a_line_repeated_in_every_article_does_not_make_every_pair_a_candidate(monkeypatch):
    monkeypatch.setattr(alignment, "MAX_DOCUMENT_FREQUENCY", 5)
    line = "This article was produced with the help of the regional news cooperation desk team."
    rng = random.Random(3)
    words = vocabulary(rng)
    texts = [" ".join(paragraph(rng, words, 3)) + "\n\n" + line for _ in range(8)]
    fps = {i: Prepared(t).fingerprints() for i, t in enumerate(texts)}
    assert candidate_pairs(fps) == []
    monkeypatch.setattr(alignment, "MAX_DOCUMENT_FREQUENCY", 8)
    assert len(candidate_pairs(fps)) == 28


@pytest.mark.parametrize("text", ["", "word", "   \n\n  ", "😀 🎉 👍" * 50, "Advertisement\n" * 40,
                                  "İstanbul İİİ ΣΑΣ ß " * 30, "a" * 5000, "\n" * 100,
                                  "lone \ud800 surrogate " * 20])
def test_odd_text_never_raises(text):
    other = "Some ordinary article text with a sentence or two in it, long enough to count as text."
    for x, y in ((text, other), (other, text), (text, text)):
        assert align_texts(x, y, [(0, len(x))] if x else [], []) == []
        align_texts(x, y)
    assert Prepared(text).fingerprints().dtype == np.int64


def test_cjk_reuse_is_found_character_by_character():
    shared = ("阿塞拜疆总统阿利耶夫周三表示将重建卡尔巴贾尔地区，让生活重新回到那里。"
              "这是亚美尼亚军队在停火协议中交出的最新领土。")
    a = "第一家媒体的开头。\n" + shared + "\n第一家媒体的结尾，完全不同的内容在这里。"
    b = "另一家媒体的导语在此。\n" + shared + "\n结尾段落也是自己写的。"
    (m,) = align_texts(a, b)
    assert a[m.a_start:m.a_end] == shared and b[m.b_start:m.b_end] == shared


def test_tokens_are_words_and_single_cjk_characters():
    text = "Hello, wörld! 北京 test_x 😀 İstanbul 𠀀"
    starts, ends, hashes = alignment._tokenize(text)
    assert [text[s:e] for s, e in zip(starts.tolist(), ends.tolist())] == \
        ["Hello", "wörld", "北", "京", "test_x", "İstanbul", "𠀀"]
    s2, e2, h2 = alignment._tokenize("HELLO hello")
    assert h2[0] == h2[1] == hashes[0]


def test_fingerprints_are_stable_non_negative_47_bit_integers():
    fps = Prepared(WIRE).fingerprints()
    assert len(fps) > 3 and fps.min() >= 0 and fps.max() < 2 ** 47
    assert np.array_equal(fps, Prepared("  " + WIRE.upper()).fingerprints())


def test_a_long_shared_paragraph_is_aligned_piece_by_piece_with_exact_blocks():
    rng = random.Random(11)
    words = vocabulary(rng)
    long_paragraph = " ".join(sentence(rng, words) for _ in range(400))  # ~50,000 characters
    edited = long_paragraph.replace("“", '"').replace(" ka ", " ka ka ")
    a = "Own words of one outlet here to begin.\n\n" + long_paragraph
    b = "Another outlet starts this way instead.\n\n" + edited + "\n\nAnd ends its own way, too."
    (m,) = align_texts(a, b)
    assert (m.a_start, m.a_end) == (a.index(long_paragraph), len(a))
    assert m.b_end - m.b_start == len(edited) and m.similarity > 0.99
    for x, y, n in m.blocks:
        x, y = m.a_start + x, m.b_start + y
        assert alignment._normal(a[x:x + n]) == alignment._normal(b[y:y + n])
    assert sum(n for _, _, n in m.blocks) >= len(long_paragraph) - 50

_pieces = st.sampled_from(["The president said", " on Wednesday", ", “we will rebuild”", " the region.", "\n",
                           "\n\n", " Advertisement", " 北京", " 😀", " troops entered", " — ", " 1994", "'"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_pieces, max_size=60), st.lists(_pieces, max_size=60), st.integers(0, 50))
def test_any_two_texts_align_into_valid_passages(left, right, cut):
    a, b = "".join(left), "".join(right)
    noise = [(0, min(cut, len(a)))] if cut and a else []
    for m in align_texts(a, b, noise, []) + align_texts(a, a[::-1] + a):
        assert 0 <= m.a_start < m.a_end and 0 <= m.b_start < m.b_end and 0 <= m.similarity <= 1
        x_end = y_end = 0
        for x, y, n in m.blocks:
            assert x >= x_end and y >= y_end and n > 0
            x_end, y_end = x + n, y + n
        assert x_end <= m.a_end - m.a_start and y_end <= m.b_end - m.b_start
    for m in align_texts(a, b, noise, []):
        assert not noise or m.a_start >= noise[0][1]
