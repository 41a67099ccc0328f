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
from annotator.core.text import excerpt
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
    partial: bool = False  # only part of the source span is text this article shares


def propagation_targets(project: Project, span: Span, coder_id: int) -> list[Target]:
    """Every other article sharing a passage with *span*: the mapped range there (word
    snapped), in document order. Pieces from several passages into the same article are
    joined where only white space or punctuation lies between them, and stay separate
    targets where that article has the text in another order. A target where *coder_id* already has a span of the same code
    overlapping the range is returned with ``skipped`` set; one that holds only part of
    the span's text (the rest is that article's own, or elsewhere) with ``partial`` set.
    Passages reach sentence edges wherever the two sentences still match (see
    :mod:`annotator.core.alignment`), so a span over an aligned sentence maps whole."""
    doc = span.document_id
    mapped_by_doc: dict[int, list[tuple[int, int, int, float, tuple[int, int]]]] = {}
    for p in passages_for(project, doc):
        mapped = p.map_range(doc, span.start, span.end)
        if mapped is not None:
            p_start, p_end = p.side(doc)
            source = (max(span.start, p_start), min(span.end, p_end))
            mapped_by_doc.setdefault(p.other(doc)[0], []).append((*mapped, p.id, p.similarity, source))
    source_text = span.text
    targets = []
    for other in sorted(mapped_by_doc):
        document = project.document(other)
        for entry in _joined(document.text, mapped_by_doc[other]):
            entry["partial"] = _uncovered(source_text, span.start, entry["sources"])
            target = _target(project, span, coder_id, document, entry)
            if target is not None:
                targets.append(target)
    return targets


def _uncovered(text: str, offset: int, covered: list[tuple[int, int]]) -> bool:
    """Whether *text* (starting at *offset*) has letters or digits outside *covered*."""
    inside = bytearray(len(text))
    for start, end in covered:
        inside[max(0, start - offset):max(0, end - offset)] = b"\x01" * max(0, min(end, offset + len(text))
                                                                          - max(start, offset))
    return any(ch.isalnum() and not inside[i] for i, ch in enumerate(text))


def _joined(text: str, pieces: list[tuple[int, int, int, float, tuple[int, int]]]) -> list[dict[str, Any]]:
    """Mapped pieces in one article, joined where only white space and punctuation lie
    between them (a span across two paragraphs shared paragraph by paragraph); pieces
    that land apart (the other article reordered the text) stay separate targets."""
    out: list[dict[str, Any]] = []
    for start, end, pid, sim, source in sorted(pieces):
        last = out[-1] if out else None
        if last is not None and (start <= last["end"] or not any(ch.isalnum() for ch in text[last["end"]:start])):
            last["end"] = max(last["end"], end)
            last["ids"].append(pid)
            last["sim"] = max(last["sim"], sim)
            last["sources"].append(source)
        else:
            out.append({"start": start, "end": end, "ids": [pid], "sim": sim, "sources": [source]})
    return out


def _target(project: Project, span: Span, coder_id: int, document, entry: dict[str, Any]) -> Target | None:
    start, end = snap_to_words(document.text, entry["start"], entry["end"])
    if start >= end:
        return None
    coded = project.spans_where('document_id = ? AND coder_id = ? AND code_id = ? AND start < ? AND "end" > ?',
                                (document.id, coder_id, span.code_id, end, start))
    return Target(document.id, document.title, document.source, start, end, excerpt(document.text[start:end], EXCERPT),
                  entry["sim"], tuple(entry["ids"]), ALREADY_CODED if coded else "", entry["partial"])


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
