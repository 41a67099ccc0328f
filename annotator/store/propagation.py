"""Propagate a code: the same code on the matching text of every article that shares
the span's passage, for one coder, as one undoable operation. No Qt.

:func:`propagation_targets` works out where the span lands in each other article
(``Passage.map_range``, then grown to whole words in the target text) and which of
those places the coder has already coded with that code; :class:`PropagateSpan`
creates the chosen ones in one transaction and takes them all back on revert.

The new spans copy the source span's code and attribute values (the coding
decision), not its memo (a note about that one place in that one article).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.core.model import Span
from annotator.core.words import snap_to_words
from annotator.store.operations import Operation
from annotator.store.passages import passages_for
from annotator.store.project import Project

EXCERPT = 160
ALREADY_CODED = "already coded"


@dataclass(frozen=True)
class Target:
    """Where a span lands in another article. ``skipped`` says why it will not be
    created (empty: it will be)."""

    document_id: int
    title: str
    source: str
    start: int
    end: int
    text: str  # the target text [start:end], cut to EXCERPT characters
    similarity: float  # of the best passage that led here
    passage_ids: tuple[int, ...]
    skipped: str = ""


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"


def propagation_targets(project: Project, span: Span, coder_id: int) -> list[Target]:
    """Every other article sharing a passage with *span*: the mapped range there (word
    snapped), in document order. Ranges from several passages into the same article are
    joined into one. A target where *coder_id* already has a span of the same code
    overlapping the range is returned with ``skipped`` set."""
    doc = span.document_id
    found: dict[int, dict[str, Any]] = {}
    for p in passages_for(project, doc):
        mapped = p.map_range(doc, span.start, span.end)
        if mapped is None:
            continue
        other = p.other(doc)[0]
        entry = found.setdefault(other, {"start": mapped[0], "end": mapped[1], "ids": [], "sim": 0.0})
        entry["start"], entry["end"] = min(entry["start"], mapped[0]), max(entry["end"], mapped[1])
        entry["ids"].append(p.id)
        entry["sim"] = max(entry["sim"], p.similarity)
    targets = []
    for other in sorted(found):
        entry = found[other]
        document = project.document(other)
        start, end = snap_to_words(document.text, entry["start"], entry["end"])
        if start >= end:
            continue
        coded = project.spans_where('document_id = ? AND coder_id = ? AND code_id = ? AND start < ? AND "end" > ?',
                                    (other, coder_id, span.code_id, end, start))
        targets.append(Target(other, document.title, document.source, start, end,
                              _excerpt(document.text[start:end]), entry["sim"], tuple(entry["ids"]),
                              ALREADY_CODED if coded else ""))
    return targets


@dataclass
class PropagateSpan(Operation):
    """Create *span*'s code (and attribute values) for *coder_id* on each target range,
    in one transaction; revert deletes them all, redo restores the same rows."""

    source: Span
    coder_id: int
    targets: list[tuple[int, int, int]]  # (document id, start, end)
    spans: list[Span] = field(default_factory=list)

    @classmethod
    def of(cls, source: Span, coder_id: int, targets: Iterable[Target]) -> "PropagateSpan":
        """The operation for the *targets* that are not skipped."""
        return cls(source, coder_id, [(t.document_id, t.start, t.end) for t in targets if not t.skipped])

    @property
    def label(self) -> str:  # type: ignore[override]
        n = len(self.targets)
        return f"Apply code to {n} matching passage{'' if n == 1 else 's'}"

    def apply(self, project: Project) -> None:
        with project.transaction():
            if not self.spans:
                self.spans = [project.add_span(doc, self.source.code_id, self.coder_id, start, end,
                                               attributes=dict(self.source.attributes))
                              for doc, start, end in self.targets]
            else:
                for s in self.spans:
                    project.restore_span(s)

    def revert(self, project: Project) -> None:
        with project.transaction():
            for s in self.spans:
                project.delete_span(s.id)


__all__ = ["ALREADY_CODED", "PropagateSpan", "Target", "propagation_targets"]
