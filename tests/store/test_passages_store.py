import json

import pytest

from annotator.store.errors import NotFound
from annotator.store.passages import noise_ranges, passage, passages_for, reuse_shares, similarity_matrix


def _put(project, a, a_range, b, b_range, blocks=None):
    n = a_range[1] - a_range[0]
    cur = project.db.execute(
        "INSERT INTO passages (a_id, a_start, a_end, b_id, b_start, b_end, similarity, blocks)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (a, *a_range, b, *b_range, 1.0, json.dumps(blocks if blocks is not None else [[0, 0, n]])))
    return cur.lastrowid


def _noise(project, doc, start, end, origin="detected"):
    project.db.execute("INSERT INTO noise (document_id, start, \"end\", kind, origin, created)"
                       " VALUES (?,?,?,?,?,?)", (doc, start, end, "test", origin, "now"))


def test_passages_read_back_from_either_side_in_order(project, make_doc):
    a, b, c = make_doc("x" * 100), make_doc("y" * 100), make_doc("z" * 100)
    p2 = _put(project, a, (50, 60), b, (0, 10))
    p1 = _put(project, a, (0, 10), c, (5, 15))
    assert [p.id for p in passages_for(project, a)] == [p1, p2]
    assert [p.id for p in passages_for(project, a, others=[b])] == [p2]
    assert [p.id for p in passages_for(project, b)] == [p2]
    got = passage(project, p2)
    assert got.side(b) == (0, 10) and got.blocks == ((0, 0, 10),)
    with pytest.raises(NotFound):
        passage(project, 999)


def test_reuse_share_counts_overlapping_passages_once_and_leaves_out_noise(project, make_doc):
    a, b, c = make_doc("a" * 100), make_doc("b" * 200), make_doc("c" * 50)
    _put(project, a, (0, 40), b, (0, 40))
    _put(project, a, (20, 60), c, (0, 40))
    _noise(project, a, 50, 70)
    _noise(project, a, 90, 100, origin="cleared")  # a coder's "not noise" counts as text
    shares = reuse_shares(project)
    assert shares[a].text_chars == 80 and shares[a].reused_chars == 50 and shares[a].partners == 2
    assert shares[a].own_chars == 30
    assert shares[b].reused_chars == 40 and shares[b].text_chars == 200
    assert noise_ranges(project) == {a: [(50, 70)]}


def test_similarity_matrix_is_symmetric_with_unit_diagonal(project, make_doc):
    a, b, c = make_doc("a" * 100), make_doc("b" * 100), make_doc("c" * 100)
    _put(project, a, (0, 50), b, (0, 50))
    m = similarity_matrix(project, [a, b, c])
    assert m[0][0] == m[1][1] == m[2][2] == 1.0
    assert m[0][1] == m[1][0] == pytest.approx(0.5)
    assert m[0][2] == m[2][1] == 0.0
