"""Adjudication store logic: proposals, decisions, their records, apply/revert/re-apply."""

from __future__ import annotations

import pytest

from annotator.core.agreement import agreed_spans
from annotator.store.adjudication import (
    ProposeAgreed, agreed_proposals, consensus_coder, decide, decisions, disagreement_key, find_disputes, progress,
    propose_agreed,
)
from annotator.store.errors import ProjectError


def _rows(project):
    spans = project.db.execute('SELECT * FROM spans ORDER BY id').fetchall()
    settings = project.db.execute("SELECT * FROM settings ORDER BY key").fetchall()
    recorded = project.db.execute("SELECT * FROM adjudication_decisions ORDER BY consensus_id, key").fetchall()
    return spans, settings, recorded


@pytest.fixture
def two(seeded):
    """ana and ben on seed 1: one quote both made identically, one boundary disagreement, one only ana made."""
    p = seeded
    ana, ben = p.ensure_coder("ana").id, p.ensure_coder("ben").id
    code = {c.name: c.id for c in p.codes()}
    for coder in (ana, ben):
        p.add_span(1, code["quote"], coder, 100, 140)  # agreed
    p.add_span(1, code["claim"], ana, 200, 260)  # boundary: ben stops at 230
    p.add_span(1, code["claim"], ben, 200, 230)
    p.add_span(2, code["quote"], ana, 50, 80)  # only ana
    p.add_span(2, code["quote"], ben, 10, 20)  # only ben
    return p, code


def test_proposals_equal_agreed_spans(two):
    p, code = two
    rows = [(d, c, p.coder(r).name, s, e) for d, c, r, s, e in
            p.db.execute('SELECT document_id, code_id, coder_id, start, "end" FROM spans')]
    expected = agreed_spans(rows, ["ana", "ben"])
    assert expected == [(1, code["quote"], 100, 140)]
    assert agreed_proposals(p, ["ana", "ben"]) == expected
    op = propose_agreed(p, ["ana", "ben"])
    cons = p.coder_by_name("consensus")
    made = [(s.document_id, s.code_id, s.start, s.end) for s in p.spans_where("coder_id = ?", (cons.id,))]
    assert made == expected
    assert op.label == "Propose 1 agreed span"
    assert agreed_proposals(p, ["ana", "ben"]) == []  # nothing left to propose


def test_propose_apply_revert_reapply_leaves_identical_rows(two):
    p, _ = two
    cons = consensus_coder(p)
    before = _rows(p)
    op = ProposeAgreed(["ana", "ben"], cons.id)
    op.apply(p)
    after = _rows(p)
    assert after != before
    op.revert(p)
    assert _rows(p) == before
    op.apply(p)
    assert _rows(p) == after


def test_disagreements_and_what_each_decision_copies(two):
    p, code = two
    disputes = find_disputes(p, ["ana", "ben"], [1, 2])
    got = {(d.document, d.code, d.start, d.end, d.marked_by) for d in disputes.items}
    assert got == {(1, code["claim"], 230, 260, ("ana",)), (2, code["quote"], 50, 80, ("ana",)),
                   (2, code["quote"], 10, 20, ("ben",))}
    boundary = next(d for d in disputes.items if d.document == 1)
    assert disputes.coded_there(boundary) == {"ana": [code["claim"]], "ben": []}
    assert disputes.spans_for(boundary, "accept:ana") == [(1, code["claim"], 200, 260)]
    assert disputes.spans_for(boundary, "accept:ben") == [(1, code["claim"], 200, 230)]  # touches the range
    assert disputes.spans_for(boundary, "both") == [(1, code["claim"], 200, 230), (1, code["claim"], 200, 260)]
    assert disputes.spans_for(boundary, "neither") == []
    with pytest.raises(ProjectError):
        disputes.spans_for(boundary, "accept:zoe")


def test_decision_apply_revert_reapply_and_progress(two):
    p, code = two
    cons = consensus_coder(p)
    disputes = find_disputes(p, ["ana", "ben"], [1, 2])
    assert progress(disputes, decisions(p, "consensus")) == (0, 3)
    before = _rows(p)
    d = next(d for d in disputes.items if d.document == 1)
    op = decide(disputes, d, "accept:ana", cons.id)
    op.apply(p)
    after = _rows(p)
    assert [(s.start, s.end) for s in p.spans_where("coder_id = ?", (cons.id,))] == [(200, 260)]
    assert decisions(p, "consensus") == {disagreement_key(d): "accept:ana"}
    assert progress(disputes, decisions(p, "consensus")) == (1, 3)
    assert op.label == "Accept ana's coding"
    op.revert(p)
    assert _rows(p) == before  # the decision row is gone again, not left empty
    assert decisions(p, "consensus") == {}
    op.apply(p)
    assert _rows(p) == after

    neither = decide(disputes, disputes.items[-1], "neither", cons.id)
    neither.apply(p)
    assert progress(disputes, decisions(p, "consensus")) == (2, 3)
    assert len(p.spans_where("coder_id = ?", (cons.id,))) == 1
    neither.revert(p)
    assert _rows(p) == after


def test_decisions_skip_spans_the_consensus_already_has(two):
    p, code = two
    cons = consensus_coder(p)
    p.add_span(1, code["claim"], cons.id, 200, 260)
    disputes = find_disputes(p, ["ana", "ben"], [1, 2])
    d = next(d for d in disputes.items if d.document == 1)
    op = decide(disputes, d, "accept:ana", cons.id)
    op.apply(p)
    assert op.created == []
    assert len(p.spans_where("coder_id = ?", (cons.id,))) == 1


def test_consensus_spans_do_not_change_the_disagreements(two):
    p, code = two
    cons = consensus_coder(p)
    first = find_disputes(p, ["ana", "ben"], [1, 2]).items
    p.add_span(2, code["quote"], cons.id, 0, 90)
    assert find_disputes(p, ["ana", "ben"], [1, 2]).items == first


def test_adjudication_needs_two_known_coders(two):
    p, _ = two
    with pytest.raises(ProjectError):
        find_disputes(p, ["ana"], [1])
    with pytest.raises(ProjectError):
        find_disputes(p, ["ana", "zoe"], [1])


def test_deciding_again_replaces_the_earlier_decision(two):
    p, code = two
    cons = consensus_coder(p)
    disputes = find_disputes(p, ["ana", "ben"], [1, 2])
    d = next(d for d in disputes.items if d.document == 1)  # claim: ana 200-260, ben 200-230
    mine = lambda: [(s.start, s.end) for s in p.spans_where("coder_id = ?", (cons.id,))]  # noqa: E731
    first = decide(disputes, d, "accept:ana", cons.id)
    first.apply(p)
    after_first = _rows(p)
    second = decide(disputes, d, "accept:ben", cons.id)
    second.apply(p)
    assert mine() == [(200, 230)]
    assert decisions(p, "consensus") == {disagreement_key(d): "accept:ben"}
    after_second = _rows(p)
    second.revert(p)
    assert _rows(p) == after_first
    second.apply(p)
    assert _rows(p) == after_second
    both = decide(disputes, d, "both", cons.id)  # keeps ben's span, adds ana's again
    both.apply(p)
    assert sorted(mine()) == [(200, 230), (200, 260)]
    assert [s.id for s in both.removed] == []


def test_replacing_keeps_spans_another_decision_asked_for(two):
    p, code = two
    cons = consensus_coder(p)
    p.add_span(2, code["quote"], p.coder_by_name("ben").id, 60, 70)  # inside ana's 50-80: two disagreements
    disputes = find_disputes(p, ["ana", "ben"], [2])
    pieces = [d for d in disputes.items if d.code == code["quote"] and d.marked_by == ("ana",)]
    assert [(d.start, d.end) for d in sorted(pieces, key=lambda d: d.start)] == [(50, 60), (70, 80)]
    for d in pieces:
        decide(disputes, d, "accept:ana", cons.id).apply(p)
    decide(disputes, pieces[0], "neither", cons.id).apply(p)
    assert [(s.start, s.end) for s in p.spans_where("coder_id = ?", (cons.id,))] == [(50, 80)]


def test_decisions_kept_as_json_in_settings_move_to_their_table(two, tmp_path):
    """m009: a project from before keeps its decisions (the JSON of the setting
    ``adjudication:<consensus>``), now in adjudication_decisions; the setting goes."""
    import json

    from annotator.store import Project
    from annotator.store.schema import SCHEMA_VERSION

    p, code = two
    cons = consensus_coder(p)
    old = {"1:2:230:260:ana": {"decision": "accept:ana", "spans": [[1, 2, 200, 260]]}, "2:1:10:20:ben": "neither"}
    path = p.path
    with p.transaction():  # the file as schema 8 left it
        p.db.execute("DROP TABLE adjudication_decisions")
        p.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_adjudication_decisions'")
        p.db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", ("adjudication:consensus", json.dumps(old)))
        p.db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", ("adjudication:nobody", "{}"))
    p.db.execute("PRAGMA user_version = 8")
    p.close()
    with Project(path) as again:
        assert decisions(again, "consensus") == {"1:2:230:260:ana": "accept:ana", "2:1:10:20:ben": "neither"}
        assert again.setting("adjudication:consensus") == ""
        assert again.setting("adjudication:nobody") == "{}"  # no such coder: left alone
        assert again.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert again.coder_by_name("consensus").id == cons.id


def test_a_decision_announces_one_change_of_its_own_kind(two):
    p, code = two
    cons = consensus_coder(p)
    disputes = find_disputes(p, ["ana", "ben"], [1, 2])
    seen = []
    p.subscribe(seen.append)
    op = decide(disputes, disputes.items[0], "both", cons.id)
    op.apply(p)
    kinds = [c.kind for c in seen]
    assert sorted(kinds) == ["decisions", "spans"]  # one notice per kind: the spans copied, the record
    seen.clear()
    op.revert(p)
    assert sorted(c.kind for c in seen) == ["decisions", "spans"]
