"""Corpus search over a project's articles, and "code all hits" as one undoable operation.

Word mode asks the FTS5 index ``documents_fts`` (migration m004; tokenizer
``unicode61 remove_diacritics 2``) for the matching articles, in id order, and lets
FTS5's ``highlight()`` mark the hits in each: the offsets come from the tokenizer
that built the index (see :mod:`annotator.core.search`). Articles are read only until
*limit* hits are listed; the total is then counted as cheaply as it can be: from the
index's vocabulary for one word or prefix, by highlighting the remaining articles
when there are few, else left uncounted (``total is None``; ``documents`` is always exact).

Regex mode runs :func:`annotator.core.search.scan_regex` over every text, in id order:
bounded in time (:data:`~annotator.core.search.REGEX_SECONDS`) and cancellable. A window
reads the texts (:func:`regex_rows`) and scans them in a worker thread
(:func:`search_regex_rows`), never on its own thread.

Hits that overlap a noise region (page clutter, see :mod:`annotator.store.noise`) are
left out unless ``include_noise``. They are then neither listed nor counted; where the
count would need every matching article read (a word's total from the index's
vocabulary counts clutter too), the total and the number of articles are given as
unknown rather than wrong.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from annotator.core.model import Span
from annotator.core.search import (
    CLOSE, DEFAULT_CONTEXT, OPEN, SPARE_MARKERS, Hit, SearchError, compile_regex, kwic, marked_ranges, parse_query,
    scan_regex,
)
from annotator.store.operations import Operation
from annotator.store.passages import NOISE_ORIGINS, noise_ranges
from annotator.store.events import Change, new_guid, now
from annotator.store.project import Project
from annotator.store.spans import _SPAN_COLUMNS

DEFAULT_LIMIT = 1_000
COUNT_DOCUMENTS = 400  # articles left to highlight just to count their hits (about 70 µs each)

__all__ = ["CodeHits", "DEFAULT_LIMIT", "SearchError", "SearchResult", "hit_ranges", "regex_rows",
           "search", "search_regex_rows"]


@dataclass(frozen=True)
class SearchResult:
    query: str
    regex: bool
    hits: tuple[Hit, ...]  # in article (id) and text order, at most *limit*
    total: int | None  # hits in the whole project; None when counting them would take too long
    documents: int | None  # articles with at least one hit; None when a regex search stopped early
    truncated: bool  # there are more hits than listed
    include_noise: bool = False  # hits inside page clutter were listed and counted too

    def summary(self) -> str:
        """"12 hits in 3 articles", "first 1,000 of 5,312 hits in 960 articles", ..."""
        shown = len(self.hits)
        docs = "" if self.documents is None else f" in {self.documents:,} article{'s' * (self.documents != 1)}"
        if not self.truncated:
            return f"{shown:,} hit{'s' * (shown != 1)}{docs}"
        if self.total is not None:
            return f"first {shown:,} of {self.total:,} hits{docs}"
        return f"first {shown:,} hits (of more){docs}"


def search(project: Project, query: str, *, regex: bool = False, limit: int = DEFAULT_LIMIT,
           context: int = DEFAULT_CONTEXT, include_noise: bool = False,
           cancelled: Callable[[], bool] | None = None) -> SearchResult:
    """Find *query* in every article of *project*, leaving out hits in noise regions unless
    *include_noise*. Raises :class:`SearchError` for a bad query, and for a regex that runs
    out of time or is *cancelled*."""
    limit = max(1, limit)
    if regex:
        rows = project.db.execute("SELECT id, text, title, source FROM documents ORDER BY id")
        return search_regex_rows(query, rows, limit=limit, context=context, cancelled=cancelled,
                                 noise=None if include_noise else noise_ranges(project))
    result = _search_words(project, query, limit, context, include_noise)
    return replace(result, include_noise=include_noise)


def _search_words(project: Project, query: str, limit: int, context: int, include_noise: bool) -> SearchResult:
    expression = parse_query(query).fts()
    db = project.db.conn
    try:
        documents = db.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?",
                               (expression,)).fetchone()[0]
        noise = None if include_noise else _Noise(project)
        hits, counted, last_doc, complete = _locate(project, expression, limit, context, noise)
        noisy = not include_noise and _matches_noise(project, expression)
    except sqlite3.OperationalError as exc:  # quoting leaves none we know of; never a traceback
        raise SearchError(f"the search index cannot run {query!r}: {exc}") from None
    if noisy and complete:  # every article was read: count those with a hit outside the noise
        documents = len({h.document_id for h in hits})
    if complete:
        return SearchResult(query, False, tuple(hits), counted, documents, False)
    if noisy:  # the index counts hits in clutter too: count what is left article by article, or say "more"
        rest = _count_outside_noise(project, expression, last_doc, _Noise(project))
        if rest is None:
            return SearchResult(query, False, tuple(hits), None, None, True)
        more, more_docs = rest
        read_docs = len({h.document_id for h in hits})
        return SearchResult(query, False, tuple(hits), counted + more, read_docs + more_docs,
                            counted + more > len(hits))
    total = _count(project, query, expression, last_doc, counted)
    return SearchResult(query, False, tuple(hits), total, documents, total is None or total > len(hits))


def _locate(project: Project, expression: str, limit: int, context: int,
            noise: _Noise | None = None) -> tuple[list[Hit], int, int, bool]:
    """Hits of the first articles, up to *limit*. Returns (hits, hits counted in the articles read
    (all of their hits, listed or not), the last article read, whether every article was read).
    With *noise*, hits overlapping one of its regions are neither listed nor counted."""
    db = project.db.conn
    cursor = db.execute(
        "SELECT rowid, highlight(documents_fts, 0, ?, ?) FROM documents_fts WHERE documents_fts MATCH ?"
        " ORDER BY rowid", (OPEN, CLOSE, expression))
    found: list[tuple[int, str, list[tuple[int, int]]]] = []
    counted = 0
    last_doc = -1
    complete = True
    for doc_id, marked in cursor:
        text, ranges = marked_ranges(marked)
        if noise is not None:
            ranges = _outside_noise(noise, doc_id, ranges)
            if not ranges:
                continue
        found.append((doc_id, text, ranges))
        counted += len(ranges)
        last_doc = doc_id
        if counted >= limit:
            complete = cursor.fetchone() is None
            break
    cursor.close()
    meta = _titles(project, [d for d, _t, _r in found])
    hits: list[Hit] = []
    for doc_id, text, ranges in found:
        title, outlet, length = meta[doc_id]
        if len(text) != length or OPEN in text or CLOSE in text:  # the text holds a marker: mark with others
            counted -= len(ranges)
            text, ranges = _remarked(project, expression, doc_id)
            if noise is not None:
                ranges = _outside_noise(noise, doc_id, ranges)
            counted += len(ranges)
        for start, end in ranges[: limit - len(hits)]:
            hits.append(Hit(doc_id, start, end, *kwic(text, start, end, context), title, outlet))
    if counted > len(hits):
        complete = False
    return hits, counted, last_doc, complete


class _Noise:
    """Noise regions by document, read for a window of document ids at a time (hits come in id order)."""

    WINDOW = 512

    def __init__(self, project: Project):
        self.project = project
        self.low = self.high = 0
        self.regions: dict[int, list[tuple[int, int]]] = {}

    def of(self, doc_id: int) -> list[tuple[int, int]]:
        if not self.low <= doc_id < self.high:
            self.low, self.high = doc_id, doc_id + self.WINDOW
            self.regions = {}
            for doc, start, end in self.project.db.execute(
                    f'SELECT document_id, start, "end" FROM noise WHERE document_id >= ? AND document_id < ?'
                    f" AND origin IN ({', '.join('?' * len(NOISE_ORIGINS))})", (self.low, self.high, *NOISE_ORIGINS)):
                self.regions.setdefault(doc, []).append((start, end))
        return self.regions.get(doc_id, [])


def _outside_noise(noise: _Noise, doc_id: int, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """*ranges* of *doc_id* without those that overlap one of its noise regions."""
    noise = noise.of(doc_id)
    if not noise:
        return ranges
    return [(s, e) for s, e in ranges if not any(ns < e and s < ne for ns, ne in noise)]


def _count_outside_noise(project: Project, expression: str, last_doc: int, noise: _Noise) -> tuple[int, int] | None:
    """(hits outside noise, articles with such hits) after *last_doc*, or None when that would
    mean highlighting more than :data:`COUNT_DOCUMENTS` articles."""
    db = project.db.conn
    rest = db.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ? AND rowid > ?",
                      (expression, last_doc)).fetchone()[0]
    if rest > COUNT_DOCUMENTS:
        return None
    hits = docs = 0
    for doc_id, marked, length in db.execute(
            "SELECT rowid, highlight(documents_fts, 0, ?, ?), (SELECT char_count FROM documents WHERE id ="
            " documents_fts.rowid) FROM documents_fts WHERE documents_fts MATCH ? AND rowid > ? ORDER BY rowid",
            (OPEN, CLOSE, expression, last_doc)).fetchall():
        text, ranges = marked_ranges(marked)
        if len(text) != length or OPEN in text or CLOSE in text:  # as in _locate
            text, ranges = _remarked(project, expression, doc_id)
        kept = len(_outside_noise(noise, doc_id, ranges))
        hits += kept
        docs += kept > 0
    return hits, docs


def _matches_noise(project: Project, expression: str) -> bool:
    """Whether any article matching *expression* has a noise region."""
    marks = ", ".join("?" * len(NOISE_ORIGINS))
    if not project.db.execute(f"SELECT EXISTS (SELECT 1 FROM noise WHERE origin IN ({marks}))",
                              NOISE_ORIGINS).fetchone()[0]:
        return False
    return project.db.execute(
        f"SELECT EXISTS (SELECT 1 FROM noise WHERE origin IN ({', '.join('?' * len(NOISE_ORIGINS))})"
        " AND document_id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?))",
        (*NOISE_ORIGINS, expression)).fetchone()[0] == 1


def _remarked(project: Project, expression: str, doc_id: int) -> tuple[str, list[tuple[int, int]]]:
    text = project.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    spare = [m for m in SPARE_MARKERS if m not in text]
    if len(spare) < 2:
        raise SearchError(f"article {doc_id} holds every character search uses as a marker; it cannot be searched")
    marked = project.db.execute(
        "SELECT highlight(documents_fts, 0, ?, ?) FROM documents_fts WHERE documents_fts MATCH ? AND rowid = ?",
        (spare[0], spare[1], expression, doc_id)).fetchone()[0]
    return marked_ranges(marked, spare[0], spare[1])


def _titles(project: Project, doc_ids: list[int]) -> dict[int, tuple[str, str, int]]:
    out: dict[int, tuple[str, str, int]] = {}
    for i in range(0, len(doc_ids), 500):
        chunk = doc_ids[i:i + 500]
        rows = project.db.execute(
            f"SELECT id, title, source, char_count FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        out.update({d: (t, s, n) for d, t, s, n in rows})
    return out


def _count(project: Project, query: str, expression: str, last_doc: int, counted: int) -> int | None:
    """Every hit in the project, or None when that would mean highlighting too many articles."""
    parsed = parse_query(query)
    if len(parsed.items) == 1:
        terms = _tokens(project, parsed.items[0].text)
        if len(terms) == 1:
            return _vocabulary_count(project, terms[0], parsed.items[0].prefix)
    db = project.db.conn
    rest = db.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ? AND rowid > ?",
                      (expression, last_doc)).fetchone()[0]
    if rest > COUNT_DOCUMENTS:
        return None
    # one marker per hit: the highlighted text is longer than the article by the number of hits
    more = db.execute(
        "SELECT sum(n) FROM (SELECT length(highlight(documents_fts, 0, ?, '')) -"
        " (SELECT char_count FROM documents WHERE id = documents_fts.rowid) AS n"
        " FROM documents_fts WHERE documents_fts MATCH ? AND rowid > ? LIMIT -1)",
        (OPEN, expression, last_doc)).fetchone()[0]
    return counted + (more or 0)


def _temp_tables(project: Project) -> None:
    """Per connection, in the temp schema (nothing is written to the project file):
    the index's vocabulary, and a scratch index with the same tokenizer to fold a query word."""
    db = project.db.conn
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocabulary USING fts5vocab(main, documents_fts, row)")
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_fts'").fetchone()[0]
    found = re.search(r"tokenize\s*=\s*('(?:[^']|'')*'|\"[^\"]*\")", sql)
    spec = found.group(1) if found else "'unicode61 remove_diacritics 2'"
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fold USING fts5(x, tokenize={spec})")
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_fold_terms USING fts5vocab(temp, search_fold, instance)")


def _tokens(project: Project, text: str) -> list[str]:
    """*text* as the index's tokenizer folds it (lower case, no diacritics), token by token."""
    _temp_tables(project)
    db = project.db.conn
    with project.db.atomic():  # a transaction of the temp schema only: the project file is not touched
        db.execute("DELETE FROM temp.search_fold")
        db.execute("INSERT INTO temp.search_fold (rowid, x) VALUES (1, ?)", (text,))
        terms = [t for (t,) in db.execute("SELECT term FROM temp.search_fold_terms ORDER BY offset")]
        db.execute("DELETE FROM temp.search_fold")
    return terms


def _vocabulary_count(project: Project, term: str, prefix: bool) -> int:
    db = project.db.conn
    if prefix:
        row = db.execute("SELECT sum(cnt) FROM temp.search_vocabulary WHERE term >= ? AND term < ?",
                         (term, term + "\U0010ffff")).fetchone()
    else:
        row = db.execute("SELECT sum(cnt) FROM temp.search_vocabulary WHERE term = ?", (term,)).fetchone()
    return row[0] or 0


def regex_rows(project: Project) -> list[tuple[int, str, str, str]]:
    """Every article as ``(id, text, title, outlet)``, in id order: what a regex search reads."""
    return project.db.execute("SELECT id, text, title, source FROM documents ORDER BY id").fetchall()


def search_regex_rows(pattern_text: str, rows: Iterable[tuple[int, str, str, str]], *, limit: int = DEFAULT_LIMIT,
                      context: int = DEFAULT_CONTEXT, cancelled: Callable[[], bool] | None = None,
                      noise: dict[int, list[tuple[int, int]]] | None = None) -> SearchResult:
    """A regex search over *rows* (:func:`regex_rows`), leaving out hits that overlap *noise*
    (:func:`~annotator.store.passages.noise_ranges`; None: noise included); touches no
    database, so it may run in a worker thread. Raises :class:`SearchError` (time limit, bad pattern) or its subclass
    :class:`~annotator.core.search.SearchCancelled`."""
    scan = scan_regex(compile_regex(pattern_text), rows, limit=max(1, limit), context=context, cancelled=cancelled,
                      skip=noise)
    included = noise is None
    if not scan.complete:
        return SearchResult(pattern_text, True, tuple(scan.hits), None, None, True, included)
    return SearchResult(pattern_text, True, tuple(scan.hits), scan.total, scan.documents,
                        scan.total > len(scan.hits), included)


# -- code all hits ------------------------------------------------------------------

@dataclass
class CodeHits(Operation):
    """Code every hit ``(document_id, start, end)`` with *code_id* for *coder_id*, in one transaction.

    A hit is skipped when the coder already has a span of this code that covers it
    (the same range, or a longer one around it); a hit listed twice is coded once.
    ``created`` and ``skipped`` say what the first apply did. Revert deletes exactly the
    created spans; redo puts the same spans (ids included) back.
    """

    code_id: int
    coder_id: int
    hits: list[tuple[int, int, int]]
    created: list[Span] = field(default_factory=list)
    skipped: int = 0
    _applied: bool = False

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"Code {len(self.hits)} search hit{'s' * (len(self.hits) != 1)}"

    def apply(self, project: Project) -> None:
        if self._applied:
            self._restore(project)
            return

        attributes = project._clean_attributes(self.code_id, None)
        project.coder(self.coder_id)
        wanted = sorted(set(self.hits))
        docs = sorted({d for d, _s, _e in wanted})
        existing: dict[int, list[tuple[int, int]]] = {d: [] for d in docs}
        for i in range(0, len(docs), 500):
            chunk = docs[i:i + 500]
            for d, s, e in project.db.execute(
                    f'SELECT document_id, start, "end" FROM spans WHERE code_id = ? AND coder_id = ?'
                    f" AND document_id IN ({','.join('?' * len(chunk))})", [self.code_id, self.coder_id, *chunk]):
                existing[d].append((s, e))
        stamp = now()
        created: list[Span] = []
        skipped = len(self.hits) - len(wanted)
        with project.transaction():
            for doc_id, start, end in wanted:
                if any(s <= start and end <= e for s, e in existing[doc_id]):
                    skipped += 1
                    continue
                text = project._slice(doc_id, start, end)
                span = Span(0, new_guid(), doc_id, self.code_id, self.coder_id, start, end, text, "", {}, stamp, stamp)
                cur = project.db.execute(
                    'INSERT INTO spans (guid, document_id, code_id, coder_id, start, "end", text, memo, attributes,'
                    " created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (span.guid, doc_id, self.code_id, self.coder_id, start, end, text, "", attributes, stamp, stamp))
                created.append(replace(span, id=cur.lastrowid))
            for doc_id in sorted({s.document_id for s in created}):
                project._mark_in_progress(doc_id, self.coder_id)
            project._changed(Change("spans", tuple(s.id for s in created),
                                    tuple(sorted({s.document_id for s in created}))))
        self.created, self.skipped, self._applied = created, skipped, True

    def _restore(self, project: Project) -> None:
        """Redo: the same spans, ids and timestamps included, with one change event."""
        with project.transaction():
            project.db.conn.executemany(
                f"INSERT INTO spans ({_SPAN_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [(s.id, s.guid, s.document_id, s.code_id, s.coder_id, s.start, s.end, s.text, s.memo,
                  json.dumps(s.attributes, ensure_ascii=False), s.created, s.modified) for s in self.created])
            project._changed(Change("spans", tuple(s.id for s in self.created),
                                    tuple(sorted({s.document_id for s in self.created}))))

    def revert(self, project: Project) -> None:
        if not self.created:
            return
        ids = [s.id for s in self.created]
        with project.transaction():
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                project.db.execute(f"DELETE FROM spans WHERE id IN ({','.join('?' * len(chunk))})", chunk)
            project._changed(Change("spans", tuple(ids), tuple(sorted({s.document_id for s in self.created}))))


def hit_ranges(hits: Iterable[Hit]) -> list[tuple[int, int, int]]:
    """What :class:`CodeHits` takes, from search hits."""
    return [(h.document_id, h.start, h.end) for h in hits]



def with_real_text(project: Project, hits: Iterable[Hit], context: int = DEFAULT_CONTEXT) -> list[Hit]:
    """*hits* with their left context, hit and right context as they stand in the article,
    line breaks and all, instead of on one line: for CSV and JSON, where the display glyph
    for a line break would be wrong data. The same stretches of text as the one-line hits."""
    from annotator.core.search import kwic_text

    hits = list(hits)
    texts = {d: project.document(d).text for d in {h.document_id for h in hits}}
    return [replace(h, **dict(zip(("left", "hit", "right"), kwic_text(texts[h.document_id], h.start, h.end, context))))
            for h in hits]
