"""The rows importers, exporters and views read (and a few they write) in bulk.

:mod:`annotator.io` and :mod:`annotator.ui` run no SQL (tests/test_layers.py checks
it): what they need beyond :class:`~annotator.store.project.Project`'s methods is here,
one function per question, each returning plain tuples or dicts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from annotator.store.events import now
from annotator.store.project import Project

#: Ids per ``IN (...)`` list: well under SQLite's limit of host parameters.
CHUNK = 500


def _marks(ids: Sequence[Any]) -> str:
    return ",".join("?" * len(ids))


def _chunks(ids: Sequence[Any]) -> Iterator[list[Any]]:
    ids = list(ids)
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


# -- documents ---------------------------------------------------------------------------
def document_titles(project: Project) -> dict[int, str]:
    """Document id -> title, for every document."""
    return dict(project.db.execute("SELECT id, title FROM documents").fetchall())


def document_hashes(project: Project) -> list[tuple[int, str, int]]:
    """(id, sha256, char_count) of every document: no text is read."""
    return project.db.execute("SELECT id, sha256, char_count FROM documents").fetchall()


def document_guids(project: Project) -> dict[str, int]:
    """Document GUID -> id, for every document: no text is read."""
    return dict(project.db.execute("SELECT guid, id FROM documents").fetchall())


def document_text(project: Project, doc_id: int) -> str:
    """The stored text of one document ("" if there is no such document)."""
    row = project.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return row[0] if row else ""


def document_rows(project: Project, *, excluded: bool = True) -> list[tuple[int, str, str, str, str, str, int]]:
    """(id, title, source, url, published, filename, char_count) of every document, by id;
    without the excluded ones (extra copies of a story) unless *excluded*."""
    # on use: its dataclasses are 1-2 ms of the window's start, which imports this module (issue 17)
    from annotator.store.exclusion import not_excluded_sql

    where = "" if excluded else f" WHERE {not_excluded_sql('id')}"
    return project.db.execute(
        "SELECT id, title, source, url, published, filename, char_count FROM documents" + where + " ORDER BY id"
    ).fetchall()


def metadata_fields(project: Project) -> set[str]:
    """The names of the metadata fields any document has."""
    fields: set[str] = set()
    for (meta,) in project.db.execute("SELECT metadata FROM documents"):
        fields.update(json.loads(meta or "{}"))
    return fields


def content_hash(project: Project) -> str:
    """sha256 of what agreement figures rest on: documents (their text hashes), codebook
    paths, coders, spans and statuses. Unlike the file's bytes it does not change when
    SQLite checkpoints its journal or a setting is stored."""
    import hashlib  # on use: its OpenSSL library is 2-3 ms of the window's start, which imports this module

    digest = hashlib.sha256()
    queries = (
        "SELECT sha256 FROM documents ORDER BY id",
        "SELECT id, name, ifnull(parent_id, 0) FROM codes ORDER BY id",
        "SELECT id, name FROM coders ORDER BY id",
        'SELECT guid, document_id, code_id, coder_id, start, "end" FROM spans ORDER BY guid',
        "SELECT document_id, coder_id, status FROM doc_status ORDER BY 1, 2",
    )
    for sql in queries:
        for row in project.db.execute(sql):
            digest.update(repr(tuple(row)).encode())
        digest.update(b"|")
    return digest.hexdigest()


# -- spans ---------------------------------------------------------------------------------
def coder_ids_with_spans(project: Project) -> set[int]:
    """The ids of the coders that made at least one span."""
    return {r[0] for r in project.db.execute("SELECT DISTINCT coder_id FROM spans")}


def span_owners(project: Project, span_ids: Iterable[int]) -> set[int]:
    """The coders owning any of *span_ids* (spans that are gone are not counted), one query per 500 ids."""
    owners: set[int] = set()
    for chunk in _chunks(list(dict.fromkeys(span_ids))):
        owners.update(r[0] for r in project.db.execute(
            f"SELECT DISTINCT coder_id FROM spans WHERE id IN ({_marks(chunk)})", chunk))
    return owners


def existing_span_guids(project: Project, guids: Sequence[str]) -> set[str]:
    """Which of *guids* a span of the project already has."""
    found: set[str] = set()
    for chunk in _chunks(guids):
        found.update(r[0] for r in project.db.execute(f"SELECT guid FROM spans WHERE guid IN ({_marks(chunk)})", chunk))
    return found


def span_keys_in(project: Project, document_ids: Iterable[int]) -> set[tuple[int, int, int, int, int]]:
    """(document, coder, code, start, end) of every span in the documents *document_ids*."""
    found: set[tuple[int, int, int, int, int]] = set()
    for chunk in _chunks(sorted(set(document_ids))):
        found.update(project.db.execute(
            f'SELECT document_id, coder_id, code_id, start, "end" FROM spans WHERE document_id IN ({_marks(chunk)})',
            chunk))
    return found


def spans_by_document(project: Project, coder_ids: Sequence[int],
                      code_ids: Sequence[int]) -> Iterator[tuple[int, list[tuple[int, int, int, int]]]]:
    """(document id, [(coder id, code id, start, end), ...] in start order) for each document
    with spans of *coder_ids* and *code_ids*, by document id."""
    if not coder_ids or not code_ids:
        return
    rows = project.db.execute(
        f'SELECT document_id, coder_id, code_id, start, "end" FROM spans'
        f" WHERE coder_id IN ({_marks(coder_ids)}) AND code_id IN ({_marks(code_ids)})"
        " ORDER BY document_id, start", [*coder_ids, *code_ids])
    current: int | None = None
    batch: list[tuple[int, int, int, int]] = []
    for doc, coder, code, start, end in rows:
        if doc != current:
            if batch:
                yield current, batch  # type: ignore[misc]
            current, batch = doc, []
        batch.append((coder, code, start, end))
    if batch:
        yield current, batch  # type: ignore[misc]


def all_statuses(project: Project) -> dict[tuple[int, int], str]:
    """(document id, coder id) -> status, for every status set."""
    return {(d, c): s for d, c, s in project.db.execute("SELECT document_id, coder_id, status FROM doc_status")}


# One substr per span: the context window around it (the text is read once), split by the caller.
# The order is the spans_of_document index's own (document, start, id): no sort step.
# The spans alone, in the spans_of_document index's own order (document, start, id): no sort
# step. Each document (title, outlet, text for the context) is read once, when its first
# span comes: a substr per span re-read the article's pages for each of its spans.
_EXPORT = """
SELECT s.document_id, r.name, s.code_id, s.start, s."end", s.text, s.memo, s.attributes, s.created, s.modified, s.guid
FROM spans s JOIN coders r ON r.id = s.coder_id
"""


def export_rows(project: Project, context: int, coder_ids: Iterable[int] | None = None,
                code_ids: Iterable[int] | None = None, document_ids: Iterable[int] | None = None) -> Iterator[tuple]:
    """The selected spans (None: all) in document and text order, as (document id, sha256,
    title, outlet, coder, code id, start, end, text, *context* characters before, after,
    memo, attributes JSON, created, modified, guid)."""
    ctx = max(int(context), 0)
    params: dict[str, Any] = {}
    clauses = []
    for column, ids, prefix in (("s.coder_id", coder_ids, "r"), ("s.code_id", code_ids, "c"),
                                ("s.document_id", document_ids, "d")):
        if ids is None:
            continue
        names = []
        for i, value in enumerate(sorted(set(ids))):
            params[f"{prefix}{i}"] = value
            names.append(f":{prefix}{i}")
        clauses.append(f"{column} IN ({', '.join(names)})" if names else "0")
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    db = project.db
    doc_id, head, text = None, (), ""
    for (d, coder, code_id, start, end, span_text, memo, attributes, created, modified,
         guid) in db.execute(_EXPORT + where + " ORDER BY s.document_id, s.start, s.id", params):
        if d != doc_id:
            sha, title, source, text = db.execute(
                "SELECT sha256, title, source, text FROM documents WHERE id = ?", (d,)).fetchone()
            doc_id, head = d, (d, sha, title, source)
        yield (*head, coder, code_id, start, end, span_text, text[max(start - ctx, 0):start], text[end:end + ctx],
               memo, attributes, created, modified, guid)


# One pass: passages (spans alike grouped), numbered per code in document and text order.
_EXAMPLES = """
WITH passage AS (
    SELECT s.code_id, s.document_id, s.start, s."end", min(s.id) AS span_id, group_concat(r.name, char(31)) AS coders
    FROM spans s JOIN coders r ON r.id = s.coder_id {where}
    GROUP BY s.code_id, s.document_id, s.start, s."end"
), numbered AS (
    SELECT *, row_number() OVER (PARTITION BY code_id ORDER BY document_id, start, "end", span_id) AS k FROM passage
)
SELECT n.code_id, substr(s.text, 1, :cut + 1), d.title, d.source, d.published, n.coders
FROM numbered n JOIN spans s ON s.id = n.span_id JOIN documents d ON d.id = n.document_id
WHERE n.k <= :limit ORDER BY n.code_id, n.k
"""


def example_passages(project: Project, limit: int, cut: int,
                     coder_id: int | None = None) -> Iterator[tuple[int, str, str, str, str, tuple[str, ...]]]:
    """Per code, the first *limit* passages (spans of the same range grouped) in document and
    text order: (code id, text cut to *cut* + 1 characters, title, outlet, published, coder names)."""
    params: dict[str, object] = {"limit": int(limit), "cut": int(cut)}
    where = ""
    if coder_id is not None:
        where, params["coder"] = "WHERE s.coder_id = :coder", coder_id
    for code_id, text, title, outlet, published, coders in project.db.execute(_EXAMPLES.format(where=where), params):
        yield code_id, text, title, outlet, published, tuple(sorted(set(coders.split("\x1f"))))


# -- noise ---------------------------------------------------------------------------------
def add_detected_noise(project: Project, doc_id: int, regions: Iterable[tuple[int, int, str]]) -> None:
    """Store page furniture found while reading a file as ``detected`` noise regions of
    *doc_id* (start, end, kind), like detected clutter; part of adding the document, whose
    ``documents`` change covers it."""
    stamp = now()
    with project.transaction():
        project.db.conn.executemany(
            'INSERT INTO noise (document_id, start, "end", kind, origin, created) VALUES (?, ?, ?, ?, \'detected\', ?)',
            [(doc_id, start, end, kind, stamp) for start, end, kind in regions if start < end])


def copy_noise(source: Project, target: Project, new_id: dict[int, int]) -> None:
    """Copy the noise regions and noise checks of the documents *new_id* names (source id ->
    target id) from *source* to *target*, inside *target*'s transaction."""
    ids = list(new_id)
    with target.transaction():
        for chunk in _chunks(ids):
            noise = source.db.execute(
                f'SELECT document_id, start, "end", kind, origin, created FROM noise WHERE document_id IN '
                f"({_marks(chunk)})", chunk).fetchall()
            target.db.conn.executemany(
                'INSERT INTO noise (document_id, start, "end", kind, origin, created) VALUES (?, ?, ?, ?, ?, ?)',
                [(new_id[r[0]], *r[1:]) for r in noise])
            checked = source.db.execute(
                f"SELECT document_id, checked_at FROM noise_checked WHERE document_id IN ({_marks(chunk)})",
                chunk).fetchall()
            target.db.conn.executemany("INSERT INTO noise_checked (document_id, checked_at) VALUES (?, ?)",
                                       [(new_id[d], t) for d, t in checked])


# -- sets ----------------------------------------------------------------------------------
def set_names(project: Project) -> set[str]:
    """The names of the document sets."""
    return {r[0] for r in project.db.execute("SELECT name FROM document_sets")}


def assigned_sets(project: Project, coder_id: int) -> list[tuple[str, str, int | None, str, int]]:
    """(set name, purpose, seed, recipe JSON, document id) of every document assigned to
    *coder_id*, by set and position in it."""
    return project.db.execute(
        "SELECT ds.name, ds.purpose, ds.seed, ds.recipe, a.document_id FROM assignments a"
        " JOIN document_sets ds ON ds.id = a.set_id JOIN set_documents s"
        " ON s.set_id = a.set_id AND s.document_id = a.document_id"
        " WHERE a.coder_id = ? ORDER BY ds.id, s.position", (coder_id,)).fetchall()


# -- reading another project -----------------------------------------------------------------
def begin_read(project: Project) -> None:
    """Start one read snapshot of *project* (another coder may still be writing to the file);
    :func:`end_read` ends it."""
    project.db.execute("BEGIN")


def end_read(project: Project) -> None:
    if project.db.conn.in_transaction:
        project.db.conn.rollback()
