"""Counting queries over a whole project (one indexed GROUP BY each)."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.store.project import Project


@dataclass(frozen=True)
class CountRow:
    document_id: int
    document_title: str
    coder: str
    code: str
    spans: int
    characters: int  # sum of span lengths (overlaps counted twice)


def span_counts(project: Project) -> list[CountRow]:
    """Spans per document, coder and code (full path), ordered by document, coder, code."""
    paths = project.code_paths()
    titles = {d.id: d.title for d in project.documents()}
    coders = {c.id: c.name for c in project.coders()}
    rows = project.db.execute(
        'SELECT document_id, coder_id, code_id, count(*), sum("end" - start) FROM spans GROUP BY 1, 2, 3'
    ).fetchall()
    out = [CountRow(d, titles[d], coders[r], paths[c], n, chars) for d, r, c, n, chars in rows]
    out.sort(key=lambda row: (row.document_id, row.coder, row.code))
    return out
