"""What happens to articles once they are in the project: their page clutter is
found (noise regions), then the passages they share with other articles.

Noise comes first so that clutter never becomes a shared passage. Both steps
remember which documents they have seen, so :func:`analyse_documents` with no
ids does only what is pending and costs three queries when nothing is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.store.alignment import AlignReport, Progress, align_documents, alignment_pending
from annotator.store.noise import detect_noise
from annotator.store.project import Project


@dataclass(frozen=True)
class AnalysisReport:
    noise_regions: int  # regions newly marked as noise
    alignment: AlignReport

    def summary(self) -> str:
        return f"{self.noise_regions:,} regions of page clutter marked as noise. {self.alignment.summary()}"


def analysis_pending(project: Project) -> int:
    """How many documents still wait for noise detection or alignment."""
    unchecked = project.db.execute(
        "SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM noise_checked)").fetchone()[0]
    return max(unchecked, alignment_pending(project))


def analyse_documents(project: Project, doc_ids: Iterable[int] | None = None, *,
                      progress: Progress | None = None) -> AnalysisReport:
    """Detect noise in, then align, the documents of *doc_ids* (default: every document
    not analysed yet). Documents already analysed are left as they are."""
    ids = None if doc_ids is None else list(doc_ids)
    noise = detect_noise(project, ids)
    return AnalysisReport(noise, align_documents(project, ids, progress=progress))


__all__ = ["AnalysisReport", "analyse_documents", "analysis_pending"]
