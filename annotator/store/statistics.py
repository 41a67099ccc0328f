"""Gather a project's spans for :mod:`annotator.core.statistics` and keep them current.

:class:`StatisticsData` reads the spans once (one query, no text), then applies each
:class:`~annotator.store.project.Change` by re-reading only the documents it names
(the ``spans_of_document`` index). :class:`FrequencyCache` keeps the frequency
tables of one filter and, on a change, recomputes the rows of the touched
documents only. The UI and ``annotator stats --plot`` share both. :func:`span_counts`
is the table of ``annotator stats`` (one indexed GROUP BY). No Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from annotator.core.codebook import Code
from annotator.core.model import Coder
from annotator.core.statistics import Frequencies, SpanTable, frequencies, paragraph_starts
from annotator.store.exclusion import not_excluded_sql
from annotator.store.events import Change
from annotator.store.passages import noise_ranges
from annotator.store.project import Project

# excluded articles (extra copies of a story, :mod:`annotator.store.exclusion`) count nowhere
_SPAN_SQL = f'SELECT id, document_id, code_id, coder_id, start, "end" FROM spans WHERE {not_excluded_sql()}'


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    title: str
    length: int


@dataclass(frozen=True)
class Filters:
    """What the statistics look at: ``None`` means every coder / code / document."""

    coders: frozenset[int] | None = None
    codes: frozenset[int] | None = None
    documents: frozenset[int] | None = None
    done_only: bool = False
    include_noise: bool = False  # count noise regions as article text in coverage


@dataclass
class StatisticsData:
    """A project's documents, codebook, coders and spans (ids and offsets only)."""

    project: Project
    documents: list[DocumentInfo] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    code_paths: dict[int, str] = field(default_factory=dict)
    coders: list[Coder] = field(default_factory=list)
    spans: SpanTable = field(default_factory=SpanTable.empty)
    done: set[tuple[int, int]] = field(default_factory=set)  # (document, coder) marked done
    noise: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # document -> merged noise ranges
    _paragraphs: dict[int, np.ndarray] = field(default_factory=dict)

    @classmethod
    def load(cls, project: Project) -> "StatisticsData":
        data = cls(project)
        data.reload()
        return data

    # -- reading ----------------------------------------------------------------
    def reload(self) -> None:
        """Read everything again (on open, or a change this class cannot apply piecemeal)."""
        self._read_documents()
        self._read_codebook()
        self._read_coders()
        self._read_status()
        self.noise = noise_ranges(self.project)
        self.spans = SpanTable.from_rows(self.project.db.execute(_SPAN_SQL))

    def _read_documents(self) -> None:
        rows = self.project.db.execute(
            f"SELECT id, title, char_count FROM documents WHERE {not_excluded_sql('id')} ORDER BY id").fetchall()
        self.documents = [DocumentInfo(*r) for r in rows]

    def _read_codebook(self) -> None:
        self.codes = self.project.codes()
        self.code_paths = self.project.code_paths()

    def _read_coders(self) -> None:
        self.coders = self.project.coders()

    def _read_status(self) -> None:
        self.done = set(self.project.db.execute(
            "SELECT document_id, coder_id FROM doc_status WHERE status = 'done'").fetchall())

    def _read_spans_of(self, document_ids: Sequence[int]) -> None:
        """Replace the spans of *document_ids* with what the project holds now."""
        docs = sorted(set(document_ids))
        if not docs:
            return
        fresh: list[tuple] = []
        for i in range(0, len(docs), 500):
            chunk = docs[i:i + 500]
            fresh += self.project.db.execute(
                f"{_SPAN_SQL} AND document_id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        keep = ~np.isin(self.spans.doc, np.asarray(docs, dtype=np.int64))
        self.spans = self.spans.take(keep).concat(SpanTable.from_rows(fresh))

    def apply(self, change: Change) -> bool:
        """Bring the data up to date with *change*; True if the statistics may differ."""
        if change.kind == "spans":
            if change.document_ids:
                self._read_spans_of(change.document_ids)
            else:
                self.spans = SpanTable.from_rows(self.project.db.execute(_SPAN_SQL))
        elif change.kind == "documents":
            self._read_documents()
            present = {d.id for d in self.documents}
            self._paragraphs = {d: p for d, p in self._paragraphs.items() if d in present}
            self.noise = {d: r for d, r in self.noise.items() if d in present}
            self._read_spans_of(change.ids)
        elif change.kind == "codes":
            self._read_codebook()
        elif change.kind == "coders":
            self._read_coders()
        elif change.kind == "status":
            self._read_status()
        elif change.kind == "noise":
            if change.document_ids and len(change.document_ids) <= 500:
                for doc in change.document_ids:
                    self.noise.pop(doc, None)
                self.noise.update(noise_ranges(self.project, change.document_ids))
            else:
                self.noise = noise_ranges(self.project)
        elif change.kind == "passages":
            return False  # no figure here rests on shared passages (the reuse view reads them itself)
        else:
            self.reload()
        return True

    # -- derived ----------------------------------------------------------------
    def lengths(self, filters: Filters = Filters()) -> dict[int, int]:
        """Document id -> length, for the documents the filters keep, in import order."""
        docs = self.documents if filters.documents is None else [d for d in self.documents
                                                                  if d.id in filters.documents]
        return {d.id: d.length for d in docs}

    def code_ids(self, filters: Filters = Filters()) -> list[int]:
        return [c.id for c in self.codes if filters.codes is None or c.id in filters.codes]

    def coder_ids(self, filters: Filters = Filters()) -> list[int]:
        return [c.id for c in self.coders if filters.coders is None or c.id in filters.coders]

    def selected(self, filters: Filters = Filters(), documents: Iterable[int] | None = None) -> SpanTable:
        """The spans the filters keep (only of *documents*, if given)."""
        docs = filters.documents
        if documents is not None:
            docs = set(documents) if docs is None else set(documents) & docs
        return self.spans.where(documents=docs, codes=filters.codes, coders=filters.coders,
                                done=self.done if filters.done_only else None)

    def paragraphs(self, document_ids: Iterable[int]) -> dict[int, np.ndarray]:
        """Paragraph starts of the documents (read once per document: texts never change)."""
        missing = sorted(set(document_ids) - self._paragraphs.keys())
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            rows = self.project.db.execute(
                f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            for doc_id, text in rows:
                self._paragraphs[doc_id] = paragraph_starts(text)
        return self._paragraphs


class FrequencyCache:
    """The frequency tables of one filter over a :class:`StatisticsData`, updated
    per touched document when spans change."""

    def __init__(self, data: StatisticsData, filters: Filters = Filters()):
        self.data = data
        self.filters = filters
        self.table: Frequencies = self._compute()

    def _compute(self, documents: Sequence[int] | None = None) -> Frequencies:
        lengths = self.data.lengths(self.filters)
        if documents is not None:
            lengths = {d: lengths[d] for d in documents if d in lengths}
        excluded = None if self.filters.include_noise else self.data.noise
        return frequencies(self.data.selected(self.filters, documents), lengths,
                           self.data.code_ids(self.filters), self.data.coder_ids(self.filters), excluded)

    def set_filters(self, filters: Filters) -> None:
        if filters != self.filters:
            self.filters = filters
            self.table = self._compute()

    def apply(self, change: Change) -> None:
        """Update the tables after ``data.apply(change)`` ran: only the touched rows
        when spans, one coder's status or noise changed, nothing for shared passages,
        everything otherwise."""
        if change.kind == "passages":
            return
        if change.kind in ("spans", "status", "noise") and change.document_ids:
            part = self._compute(change.document_ids)
            self.table.replace_documents(part)
        else:
            self.table = self._compute()




# -- span counts per document, coder and code (``annotator stats``) ----------------------------
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


__all__ = ["CountRow", "DocumentInfo", "Filters", "FrequencyCache", "StatisticsData", "span_counts"]
