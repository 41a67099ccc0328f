"""Propagating a code across shared passages, without Qt: targets, snapping, skips, undo."""

import json

import pytest

from annotator.store.propagation import ALREADY_CODED, PropagateSpan, propagation_targets

WIRE = "Heavy fighting broke out on Sept. 27 and killed hundreds of people."


def _put(project, a, a_range, b, b_range, blocks=None, similarity=1.0):
    n = a_range[1] - a_range[0]
    cur = project.db.execute(
        "INSERT INTO passages (a_id, a_start, a_end, b_id, b_start, b_end, similarity, blocks)"
        " VALUES (?,?,?,?,?,?,?,?)",
        (a, *a_range, b, *b_range, similarity, json.dumps(blocks if blocks is not None else [[0, 0, n]])))
    return cur.lastrowid


@pytest.fixture
def three(project, make_doc):
    """Three articles carrying the same wire sentence at different offsets; c with one word changed."""
    a = make_doc("Own lead of A. " + WIRE + " A's ending.", "A")
    b = make_doc("B opens differently, at length. " + WIRE + " B closes.", "B")
    c_text = "C: " + WIRE.replace("killed", "left dead")
    c = make_doc(c_text, "C")
    ao, bo, co = 15, 32, 3
    n = len(WIRE)
    _put(project, a, (ao, ao + n), b, (bo, bo + n))
    k = WIRE.index("killed")
    # c: identical up to "killed", then "left dead" (9) for "killed" (6), then identical to the end
    _put(project, a, (ao, ao + n), c, (co, co + n + 3),
         blocks=[[0, 0, k], [k + 6, k + 9, n - k - 6]], similarity=0.95)
    coder = project.ensure_coder("ana").id
    code = project.code_by_path("claim").id
    return project, (a, b, c), (ao, bo, co), coder, code


def test_targets_map_the_span_into_each_sharing_article_snapped_to_words(three):
    project, (a, b, c), (ao, bo, co), coder, code = three
    start = ao + WIRE.index("broke")
    end = ao + WIRE.index("hundreds") + 3  # ends inside a word: the target grows to "hundreds"
    span = project.add_span(a, code, coder, start, end)
    targets = propagation_targets(project, span, coder)
    assert [t.document_id for t in targets] == [b, c]
    tb, tc = targets
    b_text = project.document(b).text
    c_text = project.document(c).text
    assert b_text[tb.start:tb.end] == "broke out on Sept. 27 and killed hundreds"
    assert c_text[tc.start:tc.end] == "broke out on Sept. 27 and left dead hundreds"
    assert tb.text == "broke out on Sept. 27 and killed hundreds" and tb.title == "B"
    assert tc.similarity == 0.95 and not tb.skipped and not tc.skipped


def test_a_span_outside_every_passage_has_no_targets(three):
    project, (a, _b, _c), _offs, coder, code = three
    span = project.add_span(a, code, coder, 0, 3)
    assert propagation_targets(project, span, coder) == []


def test_a_span_reaching_past_the_passage_is_clipped_to_it(three):
    project, (a, b, _c), (ao, bo, _co), coder, code = three
    span = project.add_span(a, code, coder, 4, ao + 5)  # "lead of A. Heavy"
    tb = propagation_targets(project, span, coder)[0]
    assert project.document(b).text[tb.start:tb.end] == "Heavy"


def test_targets_already_coded_with_that_code_by_that_coder_are_skipped(three):
    project, (a, b, c), (ao, bo, co), coder, code = three
    other_code = project.code_by_path("quote").id
    ben = project.ensure_coder("ben").id
    span = project.add_span(a, code, coder, ao, ao + 5)
    project.add_span(b, code, coder, bo + 2, bo + 20)  # overlaps: skipped
    project.add_span(c, other_code, coder, co, co + 5)  # another code: not a reason to skip
    project.add_span(c, code, ben, co, co + 5)  # another coder's: not a reason either
    tb, tc = propagation_targets(project, span, coder)
    assert tb.skipped == ALREADY_CODED and tc.skipped == ""
    op = PropagateSpan.of(span, coder, [tb, tc])
    assert op.targets == [(c, tc.start, tc.end)]


def test_propagate_creates_all_spans_in_one_operation_and_reverts_them_all(three):
    project, (a, b, c), _offs, coder, code = three
    span = project.add_span(a, code, coder, 15, 25, memo="only about A", attributes={"claimant": "the army"})
    seen = []
    project.subscribe(seen.append)
    op = PropagateSpan.of(span, coder, propagation_targets(project, span, coder))
    assert op.label == "Apply code to 2 matching passages"
    op.apply(project)
    created = op.spans
    assert sorted(s.document_id for s in created) == [b, c]
    for s in created:
        assert s.code_id == code and s.coder_id == coder and s.memo == ""
        assert s.attributes == span.attributes
    assert {d for ch in seen for d in ch.document_ids} == {b, c}
    op.revert(project)
    assert project.spans_where("document_id IN (?, ?)", (b, c)) == []
    op.apply(project)  # redo: the same rows, ids included
    assert [project.span(s.id) for s in created] == created


def test_a_failing_target_leaves_no_span_behind(three):
    project, (a, b, c), _offs, coder, code = three
    span = project.add_span(a, code, coder, 15, 25)
    op = PropagateSpan(span, coder, [(b, 32, 40), (c, 10, 10_000)])  # the second is outside c
    from annotator.store import ProjectError

    with pytest.raises(ProjectError):
        op.apply(project)
    assert project.spans_where("document_id IN (?, ?)", (b, c)) == []
    assert op.spans == []


def test_pieces_in_consecutive_paragraphs_join_and_reordered_ones_stay_apart(project, make_doc):
    one, two = "First shared paragraph here.", "Second shared paragraph here."
    a = make_doc(f"{one}\n{two}\n", "A")
    b = make_doc(f"{one}\n{two}\nB ends here.\n", "B")  # same order: one target
    c = make_doc(f"{two}\nOwn text of C in between.\n{one}\n", "C")  # reordered: two targets
    n1, n2 = len(one), len(two)
    _put(project, a, (0, n1), b, (0, n1))
    _put(project, a, (n1 + 1, n1 + 1 + n2), b, (n1 + 1, n1 + 1 + n2))
    c_one = project.document(c).text.index(one)
    _put(project, a, (0, n1), c, (c_one, c_one + n1))
    _put(project, a, (n1 + 1, n1 + 1 + n2), c, (0, n2))
    project.db.commit()
    span = project.add_span(a, project.code_by_path("claim").id, project.ensure_coder("ana").id, 0, n1 + 1 + n2)
    targets = propagation_targets(project, span, span.coder_id)
    by_doc = {}
    for t in targets:
        by_doc.setdefault(t.document_id, []).append((t.start, t.end))
    assert by_doc[b] == [(0, n1 + 1 + n2)]
    c_text = project.document(c).text
    assert sorted(c_text[s:e] for s, e in by_doc[c]) == sorted([one, two])  # not the own text between


def test_a_span_reaching_past_the_shared_text_gives_a_partial_target(three):
    project, (a, b, c), (ao, bo, co), coder, code = three
    whole = project.add_span(a, code, coder, ao, ao + len(WIRE))
    assert [t.partial for t in propagation_targets(project, whole, coder)] == [False, False]
    wider = project.add_span(a, code, coder, 4, ao + len(WIRE))  # "lead of A." is A's own text
    targets = propagation_targets(project, wider, coder)
    assert [t.partial for t in targets] == [True, True]
    assert project.document(b).text[targets[0].start:targets[0].end] == WIRE


def test_a_claim_on_an_aligned_sentence_lands_whole_in_the_edited_copy(seeded):
    """Issue 14: coded on "killing hundreds and possibly thousands of people." in the AP
    copy, the claim used to land in Republic World's copy as just "killing hundreds"."""
    by_outlet = {d.source: d.id for d in seeded.documents()}
    ap, republic = by_outlet["Associated Press"], by_outlet["Republic World (APTN)"]
    text = seeded.document(ap).text
    phrase = "killing hundreds and possibly thousands of people."
    start = text.index(phrase)
    coder = seeded.ensure_coder("ana").id
    code = seeded.code_by_path("claim").id
    span = seeded.add_span(ap, code, coder, start, start + len(phrase))
    (target,) = [t for t in propagation_targets(seeded, span, coder) if t.document_id == republic]
    assert seeded.document(republic).text[target.start:target.end] == "killing hundreds of people."
    assert not target.partial
