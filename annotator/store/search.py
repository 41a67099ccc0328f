"""Corpus search over a project's articles, and "code all hits" as one undoable operation.

Word mode asks the FTS5 index ``documents_fts`` (migration m004; tokenizer
``unicode61 remove_diacritics 2``) for the matching articles, in id order, and lets
FTS5's ``highlight()`` mark the hits in each: the offsets come from the tokenizer
that built the index (see :mod:`annotator.core.search`). Articles are read only until
*limit* hits are listed; the total is then counted as cheaply as it can be: from the
index's vocabulary for one word or prefix, by highlighting the remaining articles
when there are few, else left uncounted (``total is None``; ``documents`` is always exact).

Regex mode runs Python's :mod:`re` over every text, in id order.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from annotator.core.model import Span
from annotator.core.search import (
    CLOSE, DEFAULT_CONTEXT, OPEN, SPARE_MARKERS, Hit, SearchError, compile_regex, kwic, marked_ranges, parse_query,
    regex_ranges,
)
from annotator.store.operations import Operation
from annotator.store.project import Change, Project
from annotator.store.spans import _SPAN_COLUMNS

DEFAULT_LIMIT = 1_000
COUNT_DOCUMENTS = 400  # articles left to highlight just to count their hits (about 70 µs each)
REGEX_COUNT_LIMIT = 200_000  # regex mode stops counting here
REGEX_SECONDS = 20.0  # ... or after this long (a pattern that backtracks badly)

__all__ = ["CodeHits", "DEFAULT_LIMIT", "SearchError", "SearchResult", "hit_ranges", "search"]


@dataclass(frozen=True)
class SearchResult:
    query: str
    regex: bool
    hits: tuple[Hit, ...]  # in article (id) and text order, at most *limit*
    total: int | None  # hits in the whole project; None when counting them would take too long
    documents: int | None  # articles with at least one hit; None when a regex search stopped early
    truncated: bool  # there are more hits than listed

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
           context: int = DEFAULT_CONTEXT) -> SearchResult:
    """Find *query* in every article of *project*. Raises :class:`SearchError` for a bad query."""
    limit = max(1, limit)
    if regex:
        return _search_regex(project, query, limit, context)
    expression = parse_query(query).fts()
    db = project.db.conn
    try:
        documents = db.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?",
                               (expression,)).fetchone()[0]
        hits, counted, last_doc, complete = _locate(project, expression, limit, context)
    except sqlite3.OperationalError as exc:  # quoting leaves none we know of; never a traceback
        raise SearchError(f"the search index cannot run {query!r}: {exc}") from None
    if complete:
        return SearchResult(query, False, tuple(hits), counted, documents, False)
    total = _count(project, query, expression, last_doc, counted)
    return SearchResult(query, False, tuple(hits), total, documents, total is None or total > len(hits))


def _locate(project: Project, expression: str, limit: int, context: int) -> tuple[list[Hit], int, int, bool]:
    """Hits of the first articles, up to *limit*. Returns (hits, hits counted in the articles read
    (all of their hits, listed or not), the last article read, whether every article was read)."""
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
            counted += len(ranges)
        for start, end in ranges[: limit - len(hits)]:
            hits.append(Hit(doc_id, start, end, *kwic(text, start, end, context), title, outlet))
    if counted > len(hits):
        complete = False
    return hits, counted, last_doc, complete


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


def _search_regex(project: Project, pattern_text: str, limit: int, context: int) -> SearchResult:
    pattern = compile_regex(pattern_text)
    hits: list[Hit] = []
    total = 0
    documents = 0
    stopped = False
    deadline = time.monotonic() + REGEX_SECONDS
    for doc_id, text, title, outlet in project.db.execute("SELECT id, text, title, source FROM documents ORDER BY id"):
        found = 0
        for start, end in regex_ranges(pattern, text):
            found += 1
            if len(hits) < limit:
                hits.append(Hit(doc_id, start, end, *kwic(text, start, end, context), title, outlet))
            elif total + found >= REGEX_COUNT_LIMIT:
                break
        total += found
        documents += found > 0
        if total >= REGEX_COUNT_LIMIT or time.monotonic() > deadline:
            stopped = True
            break
    if stopped:
        return SearchResult(pattern_text, True, tuple(hits), None, None, True)
    return SearchResult(pattern_text, True, tuple(hits), total, documents, total > len(hits))


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
        from annotator.store.project import new_guid, now

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
