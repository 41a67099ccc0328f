"""Counting queries over a whole project (one indexed GROUP BY each)."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.store.exclusion import not_excluded_sql
from annotator.store.project import Project


@dataclass(frozen=True)
class CountRow:
    document_id: int
    document_title: str
    coder: str
    code: str
    spans: int
    characters: int  # sum of span lengths (overlaps counted twice), noise left out unless included


# the characters of spans that lie on noise, per (document, coder, code); noise rows of
# origin detected/manual never overlap each other (annotator.store.noise keeps them apart)
_ON_NOISE_SQL = """
SELECT s.document_id, s.coder_id, s.code_id, sum(min(s."end", n."end") - max(s.start, n.start))
FROM spans s JOIN noise n ON n.document_id = s.document_id AND n.origin IN ('detected', 'manual')
  AND n.start < s."end" AND s.start < n."end"
GROUP BY 1, 2, 3
"""


def span_counts(project: Project, include_noise: bool = False) -> list[CountRow]:
    """Spans per document, coder and code (full path), ordered by document, coder, code.
    ``characters`` leaves out the parts of spans on noise unless *include_noise*."""
    paths = project.code_paths()
    titles = {d.id: d.title for d in project.documents()}
    coders = {c.id: c.name for c in project.coders()}
    rows = project.db.execute(  # excluded articles (extra copies of a story) count nowhere
        'SELECT document_id, coder_id, code_id, count(*), sum("end" - start) FROM spans'
        f' WHERE {not_excluded_sql()} GROUP BY 1, 2, 3'
    ).fetchall()
    on_noise: dict[tuple[int, int, int], int] = {}
    if not include_noise:
        on_noise = {(d, r, c): n for d, r, c, n in project.db.execute(_ON_NOISE_SQL)}
    out = [CountRow(d, titles[d], coders[r], paths[c], n, chars - on_noise.get((d, r, c), 0))
           for d, r, c, n, chars in rows]
    out.sort(key=lambda row: (row.document_id, row.coder, row.code))
    return out
