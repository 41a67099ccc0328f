"""Clusters of reused text: each copy aligned once to its representative; passages
between two copies derived from the cluster (annotator.core.clusters, core.passages.compose)."""

from __future__ import annotations

import random
from dataclasses import replace

from annotator.core.alignment import Prepared, align_texts
from annotator.core.clusters import Clusterer, boilerplate_clusters
from annotator.core.passages import compose, members_of, pair_id

WIRE = ("Heavy fighting broke out on Sept. 27 and marked the biggest escalation of the decades-old conflict "
        "between the two ex-Soviet nations in over a quarter-century, killing hundreds and possibly thousands "
        "of people. A truce brokered by Russia two weeks ago halted the violence after several failed attempts "
        "to establish a lasting cease-fire.")


def own(rng: random.Random, n: int) -> str:
    syllables = ["ka", "lo", "ri", "ba", "ne", "tu", "mo", "sa", "vi", "de"]
    words = ["".join(rng.choices(syllables, k=3)) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def copies(n: int, seed: int = 3) -> list[str]:
    """*n* articles, each with the wire paragraph (every third with a word changed) between text of its own."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        wire = WIRE.replace("several", "many") if i % 3 == 2 else WIRE
        out.append(f"{own(rng, 30)}\n\n{wire}\n\n{own(rng, 25)}")
    return out


def cluster(texts: list[str]) -> Clusterer:
    prepared = {i: Prepared(t) for i, t in enumerate(texts, 1)}
    c = Clusterer(lambda d: prepared[d])
    for d, p in prepared.items():
        c.add(d, p)
    return c


def test_a_paragraph_in_many_articles_is_one_cluster_aligned_once_per_copy():
    for n in (10, 40):
        c = cluster(copies(n))
        assert len(c.clusters) == 1
        assert sorted(m.document_id for m in c.members) == list(range(1, n + 1))
        # one alignment per new copy, not one per pair of copies (n * (n - 1) / 2)
        assert c.aligned == n - 1


def test_the_passage_two_copies_share_is_derived_from_the_cluster():
    texts = copies(3)
    c = cluster(texts)
    by_doc = {m.document_id: replace(m, id=10 + m.document_id) for m in c.members}  # ids as stored
    derived = compose(by_doc[2], by_doc[3])
    (direct,) = align_texts(texts[1], texts[2])
    assert (derived.a_id, derived.b_id) == (2, 3)
    assert (derived.a_start, derived.a_end, derived.b_start, derived.b_end) == \
        (direct.a_start, direct.a_end, direct.b_start, direct.b_end)
    assert texts[1][derived.a_start:derived.a_end] == WIRE
    # offsets map through the representative onto the same words
    at = texts[1].index("killing")
    assert texts[2][derived.map_offset(2, at):].startswith("killing hundreds")
    assert derived.similarity > 0.95
    assert derived.id == pair_id(by_doc[3].id, by_doc[2].id) < 0
    assert members_of(derived.id) == tuple(sorted((by_doc[2].id, by_doc[3].id)))


def test_two_copies_in_one_article_are_both_members():
    rng = random.Random(5)
    twice = f"{WIRE}\n\n{own(rng, 20)}\n\n{WIRE}"
    c = cluster([copies(1)[0], twice])
    assert sorted((m.document_id, m.start) for m in c.members if m.document_id == 2) == \
        [(2, 0), (2, twice.rindex(WIRE))]
    assert compose(*[m for m in c.members if m.document_id == 2]) is None  # not a passage between articles


def test_a_stock_sentence_in_unrelated_articles_is_boilerplate_a_wire_story_is_not():
    docs_of = {1: {1, 2, 3, 4}, 2: {1, 2, 3, 4}, 3: {5, 6, 7, 8}}
    clusters_of = {1: {1, 2}, 2: {1, 2}, 3: {1, 2}, 4: {1, 2}, 5: {3}, 6: {3}, 7: {3}, 8: {3}}
    words = {1: 12, 2: 60, 3: 12}  # 1: a stock sentence shared by related articles; 3: the same, unrelated
    outlets = {d: f"outlet {d}" for d in range(1, 9)}
    assert boilerplate_clusters([1, 2, 3], docs_of, clusters_of, words, outlets) == {3}


def test_long_text_one_outlet_repeats_around_unrelated_stories_is_boilerplate():
    docs_of = {4: {5, 6, 7}}
    clusters_of = {5: {4}, 6: {4}, 7: {4}}
    words = {4: 80}
    assert boilerplate_clusters([4], docs_of, clusters_of, words, {5: "the daily", 6: "the daily",
                                                                   7: "the daily"}) == {4}
    # the same text in three outlets: a wire paragraph, however unrelated the rest
    assert boilerplate_clusters([4], docs_of, clusters_of, words, {5: "a", 6: "b", 7: "c"}) == set()
