"""Reading a document's noise regions: what the article view needs to show it.

Apart from :mod:`annotator.store.noise` (detection, marking, the undoable operations) so the
window's start does not create those modules' classes (issue 17); that module re-exports
:func:`noise_for`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.store.project import Project

if TYPE_CHECKING:
    from annotator.core.passages import NoiseRegion

ROW_COLUMNS = 'id, document_id, start, "end", kind, origin, created'
Row = tuple[int, int, int, int, str, str, str]  # a noise row as stored, ``created`` included


def region(row: Row) -> NoiseRegion:
    from annotator.core.passages import NoiseRegion  # the view reads plain rows (noise_marks)

    return NoiseRegion(*row[:6])


def noise_rows(project: Project, doc_id: int) -> list[Row]:
    return project.db.execute(f"SELECT {ROW_COLUMNS} FROM noise WHERE document_id = ? ORDER BY start, id",
                              (doc_id,)).fetchall()


def noise_marks(project: Project, doc_id: int) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, origin) of *doc_id*'s noise regions in text order, the cleared ones
    left out: what the article view shows (``noise_for`` without building its objects)."""
    return [(r[2], r[3], r[4], r[5]) for r in noise_rows(project, doc_id) if r[5] != "cleared"]


def noise_for(project: Project, doc_id: int, include_cleared: bool = False) -> list[NoiseRegion]:
    """The noise regions of *doc_id* in text order (with the cleared ones, when asked)."""
    from annotator.core.passages import NoiseRegion

    return [NoiseRegion(*r[:6]) for r in noise_rows(project, doc_id) if include_cleared or r[5] != "cleared"]
