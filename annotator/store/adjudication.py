"""Adjudication: a consensus coder settles where the compared coders disagree. No Qt.

**The consensus coder** is a real coder of the project (``"consensus"`` by default), so
its spans are exported, counted and compared like anyone's. It is never one of the
coders being adjudicated.

**Proposals.** :class:`ProposeAgreed` gives the consensus coder, in one undoable step,
every span all compared coders made identically (same document, code, start and end:
:func:`annotator.core.agreement.agreed_spans`) that it does not already have.

**Decisions.** The disagreements are :func:`annotator.core.agreement.disagreements`
over the compared coders (code = code id, coders = names): a range of one document
that some coders put a code on and others did not. A :class:`Decide` operation
settles one of them:

* ``accept:<coder>``: that coder's spans of the code in the document that overlap or
  touch the range are copied to the consensus coder, whole, with the boundaries as
  the coder drew them (a boundary disagreement "ana 10-30, ben 10-20" is the range
  20-30; accepting ben's copies his 10-20);
* ``both``: every compared coder's such spans (``all`` reads the same for three or more);
* ``neither``: nothing is copied;
* ``edit``: nothing is copied; the adjudicator codes the range by hand as the
  consensus coder (the window switches to that coder and opens the document).

Spans the consensus coder already has (same document, code, start, end) are skipped.

**Resolution** is recorded, not inferred: the table ``adjudication_decisions`` holds a
row per consensus coder and disagreement key, with the decision and the spans it asked
for (``[[doc, code, start, end], ...]`` as JSON, so that deciding again replaces them);
writing one announces a change of kind ``decisions``. A disagreement is resolved when its key
is recorded. The key names the document, code, range and who marked it, so it stays
valid while the compared coders leave that range alone; changing their coding there
turns it into a new, unresolved disagreement. Consensus spans never change the
disagreements (the consensus coder is not compared), so "neither" needs no span to
be remembered. Every decision, and its record, is undone in one step.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.core.agreement import Disagreement, agreed_spans, disagreements
from annotator.core.model import Coder, Span
from annotator.store.errors import ProjectError
from annotator.store.events import Change
from annotator.store.operations import Operation
from annotator.store.project import Project

CONSENSUS = "consensus"

SpanKey = tuple[int, int, int, int]  # document id, code id, start, end


def disagreement_key(d: Disagreement) -> str:
    """A disagreement's stable name: document, code, range and who marked it."""
    return f"{d.document}:{d.code}:{d.start}:{d.end}:{'+'.join(sorted(map(str, d.marked_by)))}"


@dataclass(frozen=True)
class Record:
    """One recorded decision: what was decided, and the spans it asked for."""

    decision: str
    spans: tuple[SpanKey, ...]


def _records(project: Project, consensus_id: int) -> dict[str, Record]:
    """{disagreement key: record} of the consensus coder *consensus_id*."""
    rows = project.db.execute("SELECT key, decision, spans FROM adjudication_decisions WHERE consensus_id = ?",
                              (consensus_id,)).fetchall()
    out: dict[str, Record] = {}
    for key, decision, spans in rows:
        try:
            keys = tuple(tuple(x) for x in json.loads(spans))
        except (json.JSONDecodeError, TypeError):
            keys = ()
        out[key] = Record(decision, keys)  # type: ignore[arg-type]
    return out


def decisions(project: Project, consensus: str) -> dict[str, str]:
    """The recorded decisions of the consensus coder *consensus*: {disagreement key: decision}."""
    coder = project.coder_by_name(consensus)
    if coder is None:
        return {}
    return {k: r.decision for k, r in _records(project, coder.id).items()}


def _put_record(project: Project, consensus_id: int, key: str, record: Record | None) -> None:
    """Write (or, for ``None``, remove) one decision and announce it (kind ``decisions``)."""
    with project.transaction():
        if record is None:
            project.db.execute("DELETE FROM adjudication_decisions WHERE consensus_id = ? AND key = ?",
                               (consensus_id, key))
        else:
            project.db.execute(
                "INSERT OR REPLACE INTO adjudication_decisions (consensus_id, key, decision, spans) "
                "VALUES (?, ?, ?, ?)", (consensus_id, key, record.decision, json.dumps([list(k) for k in record.spans])))
        project._changed(Change("decisions", (consensus_id,)))


def consensus_coder(project: Project, name: str = CONSENSUS) -> Coder:
    """The consensus coder called *name*, created if new."""
    return project.ensure_coder(name)


def _coder_ids(project: Project, coders: Sequence[str]) -> dict[int, str]:
    ids: dict[int, str] = {}
    for name in coders:
        coder = project.coder_by_name(name)
        if coder is None:
            raise ProjectError(f"no coder named {name}")
        ids[coder.id] = coder.name
    if len(ids) < 2:
        raise ProjectError("adjudication compares two or more coders")
    return ids


def _spans(project: Project, coder_ids: Iterable[int], document_ids: Iterable[int] | None):
    """(document id, code id, coder id, start, end) of the given coders (and documents)."""
    coder_ids = list(coder_ids)
    sql = f'SELECT document_id, code_id, coder_id, start, "end" FROM spans WHERE coder_id IN ({",".join("?" * len(coder_ids))})'
    rows = project.db.execute(sql, coder_ids).fetchall()
    if document_ids is not None:
        keep = set(document_ids)
        rows = [r for r in rows if r[0] in keep]
    return rows


def _consensus_has(project: Project, consensus_id: int) -> set[SpanKey]:
    return set(project.db.execute('SELECT document_id, code_id, start, "end" FROM spans WHERE coder_id = ?',
                                  (consensus_id,)).fetchall())


def agreed_proposals(project: Project, coders: Sequence[str], consensus: str = CONSENSUS,
                     document_ids: Iterable[int] | None = None) -> list[SpanKey]:
    """The spans every coder in *coders* made identically that *consensus* lacks, sorted."""
    ids = _coder_ids(project, coders)
    rows = [(d, c, ids[r], s, e) for d, c, r, s, e in _spans(project, ids, document_ids)]
    found = project.coder_by_name(consensus)
    have = _consensus_has(project, found.id) if found else set()
    return [k for k in agreed_spans(rows, list(ids.values())) if k not in have]  # type: ignore[misc]


@dataclass(frozen=True)
class Disputes:
    """The disagreements between *coders* on some documents, and each coder's spans there."""

    coders: tuple[str, ...]
    items: list[Disagreement]  # code = code id; coders = names; largest first
    spans: dict[tuple[int, str], list[tuple[int, int, int]]]  # (doc, coder) -> (code, start, end)

    def coded_there(self, d: Disagreement) -> dict[str, list[int]]:
        """Per coder, the codes (ids, no repeats) of its spans overlapping *d*'s range."""
        out: dict[str, list[int]] = {}
        for coder in self.coders:
            codes = [c for c, s, e in self.spans.get((d.document, coder), ()) if s < d.end and d.start < e]
            out[coder] = list(dict.fromkeys(codes))
        return out

    def spans_for(self, d: Disagreement, decision: str) -> list[SpanKey]:
        """The spans a decision copies to the consensus coder (see the module docstring)."""
        if decision in ("neither", "edit"):
            return []
        if decision in ("both", "all"):
            who = list(self.coders)
        elif decision.startswith("accept:") and decision[7:] in self.coders:
            who = [decision[7:]]
        else:
            raise ProjectError(f"unknown decision {decision!r}")
        out: list[SpanKey] = []
        for coder in who:
            for c, s, e in self.spans.get((d.document, coder), ()):
                if c == d.code and s <= d.end and d.start <= e:
                    out.append((d.document, c, s, e))  # type: ignore[arg-type]
        return sorted(set(out))


def find_disputes(project: Project, coders: Sequence[str], document_ids: Iterable[int]) -> Disputes:
    """Where *coders* disagree on the documents *document_ids* (see the module docstring)."""
    ids = _coder_ids(project, coders)
    doc_ids = list(document_ids)
    lengths = dict(project.db.execute(
        f"SELECT id, char_count FROM documents WHERE id IN ({','.join('?' * len(doc_ids))})", doc_ids).fetchall())
    lengths = {d: lengths[d] for d in doc_ids if d in lengths}
    rows = [(d, c, ids[r], s, e) for d, c, r, s, e in _spans(project, ids, lengths)]
    by_coder: dict[tuple[int, str], list[tuple[int, int, int]]] = defaultdict(list)
    for d, c, r, s, e in rows:
        by_coder[(d, r)].append((c, s, e))
    names = tuple(ids.values())
    items = disagreements(lengths, rows, names) if lengths else []
    return Disputes(names, items, dict(by_coder))


def progress(disputes: Disputes, recorded: dict[str, str]) -> tuple[int, int]:
    """(resolved, total) for the current disagreements."""
    done = sum(1 for d in disputes.items if disagreement_key(d) in recorded)
    return done, len(disputes.items)


class _CreatesSpans:
    """Create consensus spans on the first apply, restore exactly those on redo."""

    created: list[Span]

    def _create(self, project: Project, consensus_id: int, keys: Iterable[SpanKey]) -> None:
        have = _consensus_has(project, consensus_id)
        for d, c, s, e in keys:
            if (d, c, s, e) not in have:
                have.add((d, c, s, e))
                self.created.append(project.add_span(d, c, consensus_id, s, e))

    def _restore(self, project: Project) -> None:
        for span in self.created:
            project.restore_span(span)

    def _remove(self, project: Project) -> None:
        for span in reversed(self.created):
            project.delete_span(span.id)


@dataclass
class ProposeAgreed(_CreatesSpans, Operation):
    """Give the consensus coder every span the compared coders agree on exactly.

    ``proposals`` (from :func:`agreed_proposals`) fixes what the first apply creates and
    names the step before it runs ("Propose 3 agreed spans"); without it the first apply
    looks them up."""

    coders: list[str]
    consensus_id: int
    document_ids: list[int] | None = None
    proposals: list[SpanKey] | None = None
    created: list[Span] = field(default_factory=list)
    applied: bool = False

    @property
    def label(self) -> str:  # type: ignore[override]
        n = len(self.created) if self.applied or self.proposals is None else len(self.proposals)
        return f"Propose {n} agreed span{'' if n == 1 else 's'}"

    def apply(self, project: Project) -> None:
        with project.transaction():
            if not self.applied:
                if self.proposals is None:
                    name = project.coder(self.consensus_id).name
                    self.proposals = agreed_proposals(project, self.coders, name, self.document_ids)
                self._create(project, self.consensus_id, self.proposals)
                self.applied = True
            else:
                self._restore(project)

    def revert(self, project: Project) -> None:
        with project.transaction():
            self._remove(project)


@dataclass
class Decide(_CreatesSpans, Operation):
    """Settle one disagreement: copy the chosen spans to the consensus coder and record it.

    Deciding again replaces the earlier decision: the consensus spans it asked for go,
    unless another recorded decision (or this one) asks for them too."""

    consensus_id: int
    key: str  # disagreement_key(...)
    decision: str  # "accept:<coder>", "both", "all", "neither" or "edit"
    spans: list[SpanKey]
    created: list[Span] = field(default_factory=list)
    removed: list[Span] = field(default_factory=list)  # an earlier decision's spans, replaced
    previous: Record | None = None  # the record before this decision (None: undecided)
    applied: bool = False

    @property
    def label(self) -> str:  # type: ignore[override]
        if self.decision.startswith("accept:"):
            return f"Accept {self.decision[7:]}'s coding"
        return {"both": "Accept both codings", "all": "Accept every coding", "edit": "Edit the consensus coding"}.get(
            self.decision, "Accept neither coding")

    def _replaced(self, project: Project, records: dict[str, Record]) -> list[int]:
        """Ids of the consensus spans only the earlier decision on this key asked for."""
        earlier = records.get(self.key)
        if not earlier:
            return []
        others = {x for k, r in records.items() if k != self.key for x in r.spans}
        drop = set(earlier.spans) - others - set(self.spans)
        rows = project.db.execute('SELECT id, document_id, code_id, start, "end" FROM spans WHERE coder_id = ?',
                                  (self.consensus_id,)).fetchall()
        return [i for i, d, c, s, e in rows if (d, c, s, e) in drop]

    def apply(self, project: Project) -> None:
        with project.transaction():
            records = _records(project, self.consensus_id)
            if not self.applied:
                self.removed = [project.delete_span(i) for i in self._replaced(project, records)]
                self._create(project, self.consensus_id, self.spans)
                self.applied = True
            else:
                for span in self.removed:
                    project.delete_span(span.id)
                self._restore(project)
            self.previous = records.get(self.key)
            _put_record(project, self.consensus_id, self.key, Record(self.decision, tuple(self.spans)))

    def revert(self, project: Project) -> None:
        with project.transaction():
            self._remove(project)
            for span in self.removed:
                project.restore_span(span)
            _put_record(project, self.consensus_id, self.key, self.previous)


def decide(disputes: Disputes, d: Disagreement, decision: str, consensus_id: int) -> Decide:
    """The operation that settles *d* with *decision* (not yet applied)."""
    return Decide(consensus_id, disagreement_key(d), decision, disputes.spans_for(d, decision))


def propose_agreed(project: Project, coders: Sequence[str], consensus: str = CONSENSUS,
                   document_ids: Iterable[int] | None = None) -> ProposeAgreed:
    """Apply :class:`ProposeAgreed` for *coders* (creating the consensus coder if new); returns
    the applied operation (``revert`` takes the proposals back)."""
    op = ProposeAgreed(list(coders), consensus_coder(project, consensus).id,
                       None if document_ids is None else list(document_ids))
    op.apply(project)
    return op


__all__ = [
    "CONSENSUS", "Decide", "Disputes", "ProposeAgreed", "agreed_proposals", "consensus_coder", "decide",
    "decisions", "disagreement_key", "find_disputes", "progress", "propose_agreed",
]
