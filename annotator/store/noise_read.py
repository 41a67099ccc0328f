"""Reading a document's noise regions: what the article view needs to show it.

Apart from :mod:`annotator.store.noise` (detection, marking, the undoable operations) so the
window's start does not create those modules' classes (issue 17); that module re-exports
:func:`noise_for`.
"""

from __future__ import annotations

from annotator.core.passages import NoiseRegion
from annotator.store.project import Project

ROW_COLUMNS = 'id, document_id, start, "end", kind, origin, created'
Row = tuple[int, int, int, int, str, str, str]  # a noise row as stored, ``created`` included


def region(row: Row) -> NoiseRegion:
    return NoiseRegion(*row[:6])


def noise_rows(project: Project, doc_id: int) -> list[Row]:
    return project.db.execute(f"SELECT {ROW_COLUMNS} FROM noise WHERE document_id = ? ORDER BY start, id",
                              (doc_id,)).fetchall()


def noise_for(project: Project, doc_id: int, include_cleared: bool = False) -> list[NoiseRegion]:
    """The noise regions of *doc_id* in text order (with the cleared ones, when asked)."""
    return [region(r) for r in noise_rows(project, doc_id) if include_cleared or r[5] != "cleared"]
