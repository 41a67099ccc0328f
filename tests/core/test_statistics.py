"""Coding statistics against hand-computed values (see the fixture's comments)."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.core.statistics import (
    SpanTable, coder_counts, cooccurrence, frequencies, paragraph_starts, positions, union_length,
)

A, B = 10, 20  # codes
X, Y = 1, 2  # coders
LENGTHS = {1: 100, 2: 50}
PARAGRAPHS = {1: np.array([0, 25, 60]), 2: np.array([0])}
# doc 1, coder X: code A [0,10) [5,20) [22,40) (two overlap; union 38), B [2,8) nested in both A's and [70,80)
# doc 1, coder Y: B [0,50) with A [10,20) nested inside; doc 2, coder X: A over the whole article
SPANS = [
    (1, A, X, 0, 10), (1, A, X, 5, 20), (1, A, X, 22, 40), (1, B, X, 2, 8), (1, B, X, 70, 80),
    (1, B, Y, 0, 50), (1, A, Y, 10, 20),
    (2, A, X, 0, 50),
]


@pytest.fixture
def table() -> SpanTable:
    return SpanTable.from_tuples(SPANS, ids=range(101, 101 + len(SPANS)))


def test_counts_and_coverage_per_coder(table):
    f = frequencies(table, LENGTHS, [A, B], [X, Y])
    assert f.counts.tolist() == [[[3, 2], [1, 0]], [[1, 1], [0, 0]]]  # [coder][doc][code]
    assert f.covered.tolist() == [[[38, 16], [50, 0]], [[10, 50], [0, 0]]]
    assert f.coverage()[0, 0, 0] == pytest.approx(38.0)
    assert f.coverage()[0, 1, 0] == pytest.approx(100.0)


def test_pooled_tables_take_the_union_over_coders(table):
    f = frequencies(table, LENGTHS, [A, B], [X, Y])
    assert f.pooled_counts.tolist() == [[4, 3], [1, 0]]
    # A in doc 1: [0,20) u [22,40) (Y's [10,20) adds nothing); B: [0,50) u [70,80)
    assert f.pooled_covered.tolist() == [[38, 60], [50, 0]]
    assert f.pooled_coverage()[0, 1] == pytest.approx(60.0)


def test_rows_and_columns_follow_the_order_given(table):
    f = frequencies(table, {2: 50, 1: 100}, [B, A], [Y])
    assert f.counts.tolist() == [[[0, 0], [1, 1]]]
    assert f.documents.tolist() == [2, 1]


def test_spans_outside_the_tables_are_left_out(table):
    f = frequencies(table, {1: 100}, [B], [X])
    assert f.counts.tolist() == [[[2]]]
    assert f.covered.tolist() == [[[16]]]


def test_empty_inputs_give_empty_tables():
    empty = SpanTable.empty()
    f = frequencies(empty, {}, [], [])
    assert f.counts.shape == (0, 0, 0)
    f = frequencies(empty, LENGTHS, [A], [X])
    assert f.counts.tolist() == [[[0], [0]]] and f.coverage().tolist() == [[[0.0], [0.0]]]
    assert coder_counts(empty, [A], [X]).tolist() == [[0]]
    assert cooccurrence(empty, [A, B]).tolist() == [[0, 0], [0, 0]]
    assert len(positions(empty, LENGTHS).row) == 0


def test_replace_documents_updates_only_their_rows(table):
    f = frequencies(table, LENGTHS, [A, B], [X, Y])
    grown = table.concat(SpanTable.from_tuples([(2, B, Y, 10, 20)]))
    part = frequencies(grown.where(documents=[2]), {2: 50}, [A, B], [X, Y])
    f.replace_documents(part)
    assert f.counts[:, 1].tolist() == [[1, 0], [0, 1]]
    assert f.counts[:, 0].tolist() == [[3, 2], [1, 1]]
    assert f.pooled_covered[1].tolist() == [50, 10]


def test_coder_counts(table):
    assert coder_counts(table, [A, B], [X, Y]).tolist() == [[4, 1], [2, 1]]
    assert coder_counts(table, [B], [Y, 99]).tolist() == [[1, 0]]  # coder 99 has no spans


def test_cooccurrence_overlap(table):
    # (1,X): A[0,10)-A[5,20), A[0,10)-B[2,8), A[5,20)-B[2,8); (1,Y): B[0,50)-A[10,20)
    assert cooccurrence(table, [A, B], "overlap").tolist() == [[1, 3], [3, 0]]


def test_cooccurrence_touching_spans_do_not_overlap():
    t = SpanTable.from_tuples([(1, A, X, 0, 10), (1, B, X, 10, 20), (1, B, Y, 5, 15)])
    assert cooccurrence(t, [A, B], "overlap").tolist() == [[0, 0], [0, 0]]  # Y's span is another coder's


def test_cooccurrence_paragraph(table):
    # (1,X): paragraph 0 holds A[0,10) A[5,20) A[22,40) B[2,8) (A[22,40) reaches into paragraph 1),
    # B[70,80) is alone in paragraph 2; (1,Y): B[0,50) and A[10,20) share paragraph 0
    assert cooccurrence(table, [A, B], "paragraph", PARAGRAPHS).tolist() == [[3, 4], [4, 0]]


def test_cooccurrence_article(table):
    # (1,X): 3 A and 2 B -> AA 3, AB 6, BB 1; (1,Y): AB 1; doc 2 has one span
    assert cooccurrence(table, [A, B], "article").tolist() == [[3, 7], [7, 1]]


def test_cooccurrence_refuses_unknown_mode(table):
    with pytest.raises(ValueError):
        cooccurrence(table, [A], "sentence")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        cooccurrence(table, [A], "paragraph")


def test_positions_are_relative_and_ordered(table):
    p = positions(table, {2: 50, 1: 100})
    assert p.row.tolist() == [0] + [1] * 7
    assert p.span.id.tolist()[:4] == [108, 101, 106, 104]  # doc 2 first; then doc 1 by start, then end
    assert p.rel_start[0] == 0.0 and p.rel_end[0] == 1.0
    assert p.rel_start[-1] == pytest.approx(0.70) and p.rel_end[-1] == pytest.approx(0.80)


def test_positions_measure_the_article_without_excluded_regions(table):
    # doc 1 without [60,90) (30 of 100 characters): 70 left; B [70,80) lies inside and is left out
    p = positions(table, {1: 100}, {1: [(2, 5), (60, 90)]})
    assert 105 not in p.span.id.tolist() and len(p.span) == 6
    by_id = dict(zip(p.span.id.tolist(), zip(p.rel_start.tolist(), p.rel_end.tolist())))
    assert by_id[101] == pytest.approx((0 / 67, 7 / 67))  # [0,10) loses [2,5): ends at 7 of 67
    assert by_id[103] == pytest.approx((19 / 67, 37 / 67))  # [22,40) after the 3 excluded characters
    assert by_id[104] == pytest.approx((2 / 67, 5 / 67))  # [2,8) starts in the excluded [2,5)
    assert positions(table, {1: 100}, {}).rel_end.tolist() == positions(table, {1: 100}).rel_end.tolist()


def test_where_filters(table):
    assert len(table.where(coders=[Y])) == 2
    assert len(table.where(codes=[B], documents=[1])) == 3
    assert table.where(done=[(1, Y)]).id.tolist() == [106, 107]
    assert len(table.where(done=[])) == 0


def test_union_length_nested_and_disjoint():
    key = np.array([0, 0, 0, 1])  # key 0: [0,8) holding [2,5), and [10,12); key 1: [3,4); key 2: nothing
    got = union_length(key, np.array([0, 2, 10, 3]), np.array([8, 5, 12, 4]), 3)
    assert got.tolist() == [10, 1, 0]


@pytest.mark.parametrize(("text", "starts"), [
    ("a\n\nb\n\n\nc", [0, 3, 7]),
    ("a\nb\nc", [0, 2, 4]),
    ("a\n\nb\nc\n\n", [0, 3]),
    ("one paragraph", [0]),
])
def test_paragraph_starts(text, starts):
    assert paragraph_starts(text).tolist() == starts
