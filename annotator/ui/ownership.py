"""Another coder's work is not yours to change: the rule every window edit passes.

:meth:`Session.push <annotator.ui.session.Session.push>` asks :func:`refusal` before it
applies an operation, so no view, key or menu can change another coder's spans:

* span edits (create, delete, recode, resize, memo, attributes) and document status
  touch only the current coder's rows; changing someone else's takes Coder ▸ Switch Coder;
* adjudication writes only to the consensus coder (``Decide`` copies spans to it and
  removes only its own earlier ones), who must not be one of the coders compared;
* codebook and noise edits belong to the project, not to a coder, and pass (redeclaring
  a code's fields carries every coder's attribute values over, as one codebook edit:
  :class:`~annotator.store.codebook_edits.RedeclareFields`).

No Qt here: the rule is testable on a project alone.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from annotator.store import Project
from annotator.store.exchange import span_owners

if TYPE_CHECKING:
    from annotator.store.operations import Operation

SWITCH_HINT = "To edit as that coder: Coder ▸ Switch Coder…"


def owner_names(project: Project, span_ids: list[int], coder_id: int) -> list[str]:
    """The names of the other coders owning any of *span_ids* (none: all are *coder_id*'s or gone).
    One query per 500 ids, so deleting thousands of rows from the span list stays quick."""
    owners = span_owners(project, span_ids)  # a span that is gone: the store says so when the edit runs
    owners.discard(coder_id)
    return sorted(project.coder(c).name for c in owners)


def foreign_message(names: list[str]) -> str:
    """The status-bar words for an edit refused because the spans are *names*'s."""
    whose = " and ".join(names)
    many = len(names) > 1
    return (f"Not changed: {'these spans are' if many else 'this span is'} {whose}'s, and other coders' "
            f"spans are read-only. {SWITCH_HINT}")


def _loaded(module: str, name: str) -> tuple[type, ...]:
    """The class *name* of *module* if that module is imported, else (). An operation of a class
    never imported cannot exist, and importing adjudication (numpy, through the agreement
    coefficients), search (the regex engine) or propagation here would load them with the
    window (issue 17)."""
    loaded = sys.modules.get(module)
    return (getattr(loaded, name),) if loaded is not None else ()


def refusal(project: Project, op: Operation, coder_id: int) -> str | None:
    """Why the current coder *coder_id* may not apply *op*, or None when it may."""
    # loaded by then (an operation exists); not with the window's modules (issue 17)
    from annotator.store.operations import CreateSpan, DeleteSpans, SetStatus, UpdateSpan

    code_hits = _loaded("annotator.store.search", "CodeHits")
    propagations = _loaded("annotator.store.propagation", "PropagateSpan")
    proposals = _loaded("annotator.store.adjudication", "ProposeAgreed")
    if isinstance(op, UpdateSpan):
        names = owner_names(project, [op.span_id], coder_id)
        return foreign_message(names) if names else None
    if isinstance(op, DeleteSpans):
        names = owner_names(project, list(op.span_ids), coder_id)
        return foreign_message(names) if names else None
    if isinstance(op, (CreateSpan, SetStatus, *propagations, *code_hits)) and op.coder_id != coder_id:
        return f"Not changed: it would write for {project.coder(op.coder_id).name}, not for you. {SWITCH_HINT}"
    if proposals and isinstance(op, proposals):
        consensus = project.coder(op.consensus_id).name
        if consensus in op.coders:
            return (f"Not changed: the consensus coder {consensus} is one of the coders compared; "
                    "adjudication writes only to a consensus coder outside the comparison.")
    return None


__all__ = ["SWITCH_HINT", "foreign_message", "owner_names", "refusal"]
