"""Every editing action of the window is one store operation: pushed on the session it
is one transaction (one COMMIT), one undo step, and one change notice per kind of row
it touched; undo and redo are the same again.

The walk goes through the operations the window's actions, docks and dialogs push, in
an order where each finds what it needs (a span to resize, a disagreement to decide).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from annotator.core.codebook import AttributeField
from annotator.core.model import DocStatus
from annotator.core.sampling import Size
from annotator.store import Project
from annotator.store.adjudication import ProposeAgreed, consensus_coder, decide, find_disputes
from annotator.store.codebook_edits import ImportCodebook, RedeclareFields, UpdateCodes, plan_fields
from annotator.store.noise import MarkNoise, UnmarkNoise
from annotator.store.operations import (
    AddCode, CreateSpan, DeleteCode, DeleteSpans, MergeCodes, Operation, SetStatus, UpdateCode, UpdateSpan,
)
from annotator.store.propagation import PropagateSpan
from annotator.store.search import CodeHits
from annotator.store.sets import AssignSet, DrawSample
from annotator.ui.session import Session


class Watch:
    """Counts the COMMITs the project file sees and the change notices the session sends."""

    def __init__(self, session: Session):
        self.commits = 0
        self.kinds: Counter[str] = Counter()
        session.project.db.conn.set_trace_callback(self._statement)
        session.changed.connect(lambda change: self.kinds.update([change.kind]))

    def _statement(self, sql: str) -> None:
        if sql.strip().upper().startswith("COMMIT"):
            self.commits += 1

    def reset(self) -> None:
        self.commits = 0
        self.kinds.clear()

    def one_step(self, what: str) -> None:
        assert self.commits == 1, f"{what}: {self.commits} commits"
        assert self.kinds, f"{what}: no change notice"
        assert max(self.kinds.values()) == 1, f"{what}: notices {dict(self.kinds)}"


@pytest.fixture
def session(qtbot, seeds_path: Path):
    project = Project(seeds_path)
    s = Session(project, "ana")
    yield s
    s.close()
    project.close()


def _check(session: Session, watch: Watch, op: Operation, what: str, kinds: set[str]) -> None:
    stack = session.undo_stack
    before = stack.count()
    watch.reset()
    assert session.push(op), what
    watch.one_step(what)
    assert set(watch.kinds) == kinds, f"{what}: {dict(watch.kinds)}"
    assert stack.count() == before + 1 and stack.index() == before + 1, what
    for move in (session.undo, session.redo):
        watch.reset()
        assert move(), what
        watch.one_step(f"{move.__name__} {what}")
        assert set(watch.kinds) == kinds, f"{move.__name__} {what}: {dict(watch.kinds)}"
    assert stack.count() == before + 1 and stack.index() == before + 1


def test_every_editing_action_is_one_undo_step_with_one_notice(session: Session, tmp_path: Path):
    p = session.project
    watch = Watch(session)
    ana = session.coder.id
    ben = p.ensure_coder("ben").id
    doc = p.documents()[0]
    text = p.document(doc.id).text
    code = {c.name: c.id for c in p.codes() if c.codable}
    first, second = list(code.values())[:2]
    word = text.split()[3]
    at = text.index(word)

    def step(op: Operation, what: str, *kinds: str) -> Operation:
        _check(session, watch, op, what, set(kinds))
        return op

    def ben_codes(start: int, end: int, code_id: int) -> None:  # another coder's work, for adjudication
        p.add_span(doc.id, code_id, ben, start, end)

    create = step(CreateSpan(doc.id, first, ana, at, at + len(word)), "create span", "spans")
    span_id = create.span.id
    step(UpdateSpan(span_id, {"code_id": second}, label="Recode"), "recode", "spans")
    step(UpdateSpan(span_id, {"end": at + len(word) + 4}, label="Resize"), "resize", "spans")
    step(UpdateSpan(span_id, {"memo": "a note"}, label="Memo"), "memo", "spans")
    step(SetStatus(doc.id, ana, DocStatus.DONE), "status", "status")
    step(MarkNoise(doc.id, 0, 10), "mark noise", "noise", "passages")  # passages drop their noise
    step(UnmarkNoise(doc.id, 0, 10), "not noise", "noise", "passages")

    tone = step(AddCode("tone"), "add code", "codes").code
    step(UpdateCode(tone.id, {"name": "tone2"}), "rename code", "codes")
    step(RedeclareFields(plan_fields(p, tone.id, [AttributeField("level", "text")])), "declare fields", "codes")
    tone_span = step(CreateSpan(doc.id, tone.id, ana, at, at + 3, attributes={"level": "high"}),
                     "create span with attributes", "spans").span
    step(UpdateSpan(tone_span.id, {"attributes": {"level": "low"}}, label="Attributes"), "attributes", "spans")
    step(RedeclareFields(plan_fields(p, tone.id, [AttributeField("grade", "text")], {"level": "grade"})),
         "rename a field, carrying span values", "codes", "spans")
    assert p.span(tone_span.id).attributes == {"grade": "low"}
    siblings = [c for c in p.codes() if c.parent_id is None]
    step(UpdateCodes([(c.id, {"position": len(siblings) - 1 - i}) for i, c in enumerate(siblings)],
                     label="Move code"), "move code", "codes")
    other = step(AddCode("other"), "add a second code", "codes").code
    step(CreateSpan(doc.id, other.id, ana, at + 20, at + 30), "create span", "spans")
    step(MergeCodes(other.id, tone.id), "merge codes", "codes", "spans")
    book = tmp_path / "book.json"
    book.write_text(json.dumps({"format": "annotator-codebook", "codes": [{"name": "imported"}, {"name": "more"}]}))

    def merge(project: Project) -> str:
        from annotator.core.codebook import parse_codebook

        added, _ = project.import_codebook(parse_codebook(book.read_text(encoding="utf-8"), str(book)))
        return f"{len(added)} added"

    step(ImportCodebook(merge), "import codebook", "codes")
    gone = step(AddCode("doomed"), "add code", "codes").code
    step(CreateSpan(doc.id, gone.id, ana, at, at + 5), "create span", "spans")
    step(DeleteCode(gone.id), "delete code and its spans", "codes", "spans")

    hits = [(d.id, 0, 5) for d in p.documents()[1:4]]
    step(CodeHits(first, ana, hits), "code all hits", "spans")
    source = p.span(span_id)
    step(PropagateSpan(source, ana, [(d.id, 10, 20) for d in p.documents()[1:3]]), "propagate", "spans")
    step(DeleteSpans([span_id, tone_span.id]), "delete spans", "spans")

    step(DrawSample("pilot", Size(count=2)), "draw sample", "sets")
    step(AssignSet("pilot", ["ana", "ben"]), "assign set", "sets")

    # adjudication: ana and ben disagree on two ranges
    p.add_span(doc.id, first, ana, 100, 140)
    ben_codes(100, 120, first)
    ben_codes(200, 230, second)
    p.add_span(doc.id, second, ana, 300, 320)  # made identically: proposed
    ben_codes(300, 320, second)
    consensus = consensus_coder(p)
    step(ProposeAgreed(["ana", "ben"], consensus.id, [doc.id]), "propose agreed", "spans")
    disputes = find_disputes(p, ["ana", "ben"], [doc.id])
    assert len(disputes.items) >= 2
    step(decide(disputes, disputes.items[0], "both", consensus.id), "decide both", "spans", "decisions")
    step(decide(disputes, disputes.items[0], "neither", consensus.id), "decide again", "spans", "decisions")
    step(decide(disputes, disputes.items[1], "neither", consensus.id), "decide neither", "decisions")


def test_a_refused_edit_is_no_step_and_no_notice(session: Session):
    watch = Watch(session)
    p = session.project
    ben = p.ensure_coder("ben").id
    code = next(c.id for c in p.codes() if c.codable)
    theirs = p.add_span(p.documents()[0].id, code, ben, 0, 5).id
    watch.reset()
    assert not session.push(UpdateSpan(theirs, {"memo": "mine now"}))
    assert watch.commits == 0 and not watch.kinds and session.undo_stack.count() == 0


