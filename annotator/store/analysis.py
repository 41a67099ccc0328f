"""What happens to articles once they are in the project: their page clutter is
found (noise regions), then the passages they share with other articles.

Noise comes first so that clutter never becomes a shared passage. Both steps
remember which documents they have seen, so :func:`analyse_documents` with no
ids does only what is pending and costs three queries when nothing is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from annotator.store.errors import ProjectError
from annotator.store.opening import analysis_pending  # the window's start asks it there, not loading this
from annotator.store.project import Project

# alignment (numpy, rapidfuzz) and detection load when there is work: the window
# asks analysis_pending() on every start and must not pay for them then
Progress = Callable[[int, int, str], Any]


@dataclass(frozen=True)
class AnalysisReport:
    noise_regions: int  # regions newly marked as noise
    alignment: Any  # annotator.store.alignment.AlignReport

    def summary(self) -> str:
        return f"{self.noise_regions:,} regions of page clutter marked as noise. {self.alignment.summary()}"


def analyse_documents(project: Project, doc_ids: Iterable[int] | None = None, *,
                      progress: Progress | None = None) -> AnalysisReport:
    """Detect noise in, then align, the documents of *doc_ids* (default: every document
    not analysed yet). Documents already analysed are left as they are."""
    from annotator.store.alignment import align_documents
    from annotator.store.noise import detect_noise

    from annotator.store.alignment import realign_documents

    ids = None if doc_ids is None else list(doc_ids)
    last = project.db.execute("SELECT coalesce(max(id), 0) FROM noise").fetchone()[0]
    noise = detect_noise(project, ids)
    # a line the new articles made "repeated" for their outlet is noise in its older
    # articles too: those aligned before get their passages found again without it
    older = [r[0] for r in project.db.execute(
        "SELECT DISTINCT document_id FROM noise WHERE id > ? AND document_id IN"
        " (SELECT document_id FROM aligned_documents) ORDER BY document_id", (last,))]
    report = align_documents(project, ids, progress=progress)
    if ids is not None:
        older = [d for d in older if d not in set(ids)]
    if older:
        realign_documents(project, older)
    return AnalysisReport(noise, report)


def analyse_or_explain(project: Project, doc_ids: Iterable[int] | None = None, *,
                       progress: Progress | None = None) -> str:
    """:func:`analyse_documents`, for after an import: returns "" or, when it failed, a
    warning in words (the articles stay imported; ``annotator align`` retries)."""
    try:
        analyse_documents(project, doc_ids, progress=progress)
    except (ProjectError, sqlite3.Error, MemoryError) as exc:
        return (f"the articles were imported, but finding their page clutter and shared passages failed "
                f"({exc}); run `annotator align PROJECT` to try again")
    return ""


__all__ = ["AnalysisReport", "analyse_documents", "analyse_or_explain", "analysis_pending"]
