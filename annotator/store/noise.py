"""Noise regions of a project: page clutter found on import, and coders' corrections.

A ``noise`` row is ``detected`` (by :func:`detect_noise`), ``manual`` (a coder's
"Mark as noise") or ``cleared`` (a coder's "Not noise": counted as text, and
detection never marks it again). The text is never changed; statistics and
agreement leave ``detected`` and ``manual`` regions out by default
(:func:`annotator.store.passages.noise_ranges`).

Bylines and time stamps keep their kind (``byline``, ``timestamp``) on the row:
:func:`metadata_candidates` offers their text as the article's author and date,
without writing anything to the document's metadata.

Each write is one transaction and announces ``Change("noise", ids, document_ids)``.
:class:`MarkNoise` and :class:`UnmarkNoise` are the undoable forms for the UI.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.core.passages import NoiseRegion
from annotator.store.errors import ProjectError
from annotator.store.operations import Operation
from annotator.store.events import Change, now
from annotator.store.project import Project
from annotator.store.noise_read import ROW_COLUMNS as _ROW, Row, noise_for, noise_rows as _rows, region as _region

_CHUNK = 500


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# -- reading (noise_for: annotator.store.noise_read) ----------------------------------
def metadata_candidates(project: Project, doc_id: int) -> dict[str, list[str]]:
    """Text of the detected bylines and time stamps of *doc_id*: ``{"byline": [...], "timestamp": [...]}``,
    stripped, in text order; what a coder could copy into the article's author or date."""
    from annotator.core.boilerplate import METADATA_KINDS

    out: dict[str, list[str]] = {}
    for kind, start, end in project.db.execute(
            f'SELECT kind, start, "end" FROM noise WHERE document_id = ? AND origin = \'detected\''
            f" AND kind IN ({', '.join('?' * len(METADATA_KINDS))}) ORDER BY start",
            (doc_id, *sorted(METADATA_KINDS))).fetchall():
        out.setdefault(kind, []).append(project._slice(doc_id, start, end).strip())
    return out


# -- detection -------------------------------------------------------------------------
def _unchecked(project: Project, doc_ids: Iterable[int] | None) -> list[int]:
    if doc_ids is None:
        return [r[0] for r in project.db.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM noise_checked) ORDER BY id")]
    ids = sorted(set(doc_ids))
    checked: set[int] = set()
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        checked.update(r[0] for r in project.db.execute(
            f"SELECT document_id FROM noise_checked WHERE document_id IN ({','.join('?' * len(chunk))})", chunk))
    return [d for d in ids if d not in checked]


def _texts(project: Project, doc_ids: list[int]) -> Iterable[tuple[int, str, str]]:
    for i in range(0, len(doc_ids), _CHUNK):
        chunk = doc_ids[i:i + _CHUNK]
        yield from project.db.execute(
            f"SELECT id, text, source FROM documents WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk)


def _sources(project: Project, doc_ids: list[int]) -> Iterable[tuple[int, str]]:
    for i in range(0, len(doc_ids), _CHUNK):
        chunk = doc_ids[i:i + _CHUNK]
        yield from project.db.execute(
            f"SELECT id, source FROM documents WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk)


def _existing(project: Project, doc_ids: list[int]) -> dict[int, list[tuple[int, int]]]:
    out: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i in range(0, len(doc_ids), _CHUNK):
        chunk = doc_ids[i:i + _CHUNK]
        for doc, start, end in project.db.execute(
                f'SELECT document_id, start, "end" FROM noise WHERE document_id IN ({",".join("?" * len(chunk))})',
                chunk):
            out[doc].append((start, end))
    return out


def detect_noise(project: Project, doc_ids: Iterable[int] | None = None) -> int:
    """Find page clutter in the documents not checked yet (of *doc_ids*, or all) and store it
    as ``detected`` noise; returns how many regions were added.

    Lines that now appear in several articles of the same outlet (see
    :func:`annotator.core.boilerplate.repeated_lines`) are also marked in that outlet's
    articles checked before. A region that would overlap any existing row (a coder's
    ``cleared`` "not noise" included) is not added. One transaction."""
    # the patterns compile on import: the window loads them when articles arrive, not to show one
    from annotator.core.boilerplate import count_repeated, detect, outlet_key, repeat_candidates

    new = _unchecked(project, doc_ids)
    if not new:
        return 0
    new_set = set(new)
    # texts are read as they are needed, twice at most, never all held at once (issue 17:
    # 50,000 articles are 250 MB of text)
    outlets: dict[int, str] = {}
    for doc, source in _sources(project, new):
        outlets[doc] = outlet_key(source)
    new = [d for d in new if d in outlets]

    # lines repeated across an outlet: counted over all its articles, old and new
    repeated: dict[str, set[str]] = {}
    newly: dict[str, set[str]] = {}
    candidates: dict[int, set[str]] = {}  # each article's possible furniture lines, computed once
    old_outlet: dict[int, str] = {}
    touched = {o for o in outlets.values() if o}
    if touched:
        by_outlet: dict[str, list[int]] = defaultdict(list)
        for doc, source in project.db.execute("SELECT id, source FROM documents WHERE source != ''"):
            key = outlet_key(source)
            if key in touched and doc not in new_set:
                by_outlet[key].append(doc)
                old_outlet[doc] = key
        old_ids = sorted(old_outlet)
        for doc, text, _source in _texts(project, old_ids):
            candidates[doc] = repeat_candidates(text)
        for doc, text, _source in _texts(project, [d for d in new if outlets[d]]):
            candidates[doc] = repeat_candidates(text)
        for key in touched:
            old = [candidates[d] for d in by_outlet.get(key, [])]
            repeated[key] = count_repeated(old + [candidates[d] for d in new if outlets[d] == key])
            newly[key] = repeated[key] - count_repeated(old)

    found: dict[int, list] = {}
    for doc, text, _source in _texts(project, new):
        outlet_lines = repeated.get(outlets[doc])
        hit = bool(outlet_lines) and not outlet_lines.isdisjoint(candidates[doc])
        found[doc] = detect(text, outlet_lines if hit else ())
    recheck = [d for d in old_outlet if newly.get(old_outlet[d]) and not newly[old_outlet[d]].isdisjoint(candidates[d])]
    for doc, text, _source in _texts(project, sorted(recheck)):
        found[doc] = [c for c in detect(text, newly[old_outlet[doc]]) if c.kind == "repeated"]

    stamp = now()
    docs = sorted(found)
    rows = []
    with project.transaction():
        existing = _existing(project, docs)
        for doc in docs:
            taken = existing.get(doc)
            for c in found[doc]:
                if not taken or not any(_overlaps((c.start, c.end), t) for t in taken):
                    rows.append((doc, c.start, c.end, c.kind, "detected", stamp))
        project.db.conn.executemany(
            'INSERT INTO noise (document_id, start, "end", kind, origin, created) VALUES (?, ?, ?, ?, ?, ?)', rows)
        project.db.conn.executemany("INSERT OR REPLACE INTO noise_checked (document_id, checked_at) VALUES (?, ?)",
                               [(d, stamp) for d in new])
        project._changed(Change("noise", (), tuple(sorted(set(new) | {r[0] for r in rows}))))
    return len(rows)


# -- coders' corrections ---------------------------------------------------------------
def _check_range(project: Project, doc_id: int, start: int, end: int) -> None:
    row = project._one("SELECT char_count FROM documents WHERE id = ?", (doc_id,))
    if row is None:
        raise ProjectError(f"no document with id {doc_id}")
    if not 0 <= start < end <= row[0]:
        raise ProjectError(f"noise range {start}:{end} is outside document {doc_id} (0:{row[0]}) or empty")


def _insert(project: Project, doc_id: int, start: int, end: int, kind: str, origin: str,
            created: str | None = None) -> int:
    cur = project.db.execute(
        'INSERT INTO noise (document_id, start, "end", kind, origin, created) VALUES (?, ?, ?, ?, ?, ?)',
        (doc_id, start, end, kind, origin, created or now()))
    return cur.lastrowid


def _cut(project: Project, row: Row, start: int, end: int) -> list[int]:
    """Delete *row* and put back its parts outside ``[start, end)``; the new ids."""
    rid, doc, r_start, r_end, kind, origin, created = row
    project.db.execute("DELETE FROM noise WHERE id = ?", (rid,))
    ids = []
    if r_start < start:
        ids.append(_insert(project, doc, r_start, start, kind, origin, created))
    if end < r_end:
        ids.append(_insert(project, doc, end, r_end, kind, origin, created))
    return ids


def mark_noise(project: Project, doc_id: int, start: int, end: int, kind: str = "manual") -> list[NoiseRegion]:
    """Mark ``[start, end)`` of *doc_id* as noise (a coder's decision); returns the regions added.
    Parts already noise stay as they are; a "not noise" (``cleared``) row inside is lifted."""
    _check_range(project, doc_id, start, end)
    touched: list[int] = []
    with project.transaction():
        covered = []
        for row in _rows(project, doc_id):
            if not _overlaps((row[2], row[3]), (start, end)):
                continue
            if row[5] == "cleared":
                touched += [row[0], *_cut(project, row, start, end)]
            else:
                covered.append((max(row[2], start), min(row[3], end)))
        added = []
        at = start
        for c_start, c_end in sorted(covered) + [(end, end)]:
            if c_start > at:
                added.append(_insert(project, doc_id, at, c_start, kind, "manual"))
            at = max(at, c_end)
        touched += added
        if touched:
            project._changed(Change("noise", tuple(touched), (doc_id,)))
    rows = {r[0]: r for r in _rows(project, doc_id)}
    return [_region(rows[i]) for i in added]


def unmark_noise(project: Project, doc_id: int, start: int, end: int) -> list[NoiseRegion]:
    """A coder's "not noise" on ``[start, end)`` of *doc_id*: noise regions there are cut back
    (a region reaching past the range keeps its outside parts) and the part taken away is
    recorded as ``cleared``, so detection never marks it again. Returns the cleared regions."""
    _check_range(project, doc_id, start, end)
    touched: list[int] = []
    cleared: list[int] = []
    with project.transaction():
        for row in _rows(project, doc_id):
            if row[5] == "cleared" or not _overlaps((row[2], row[3]), (start, end)):
                continue
            touched += [row[0], *_cut(project, row, start, end)]
            cleared.append(_insert(project, doc_id, max(row[2], start), min(row[3], end), row[4], "cleared"))
        touched += cleared
        if touched:
            project._changed(Change("noise", tuple(touched), (doc_id,)))
    rows = {r[0]: r for r in _rows(project, doc_id)}
    return [_region(rows[i]) for i in cleared]


def _swap(project: Project, doc_id: int, remove: list[Row], add: list[Row]) -> None:
    """Replace rows *remove* with rows *add* (ids and all) in one transaction."""
    with project.transaction():
        project.db.conn.executemany("DELETE FROM noise WHERE id = ?", [(r[0],) for r in remove])
        project.db.conn.executemany(f"INSERT INTO noise ({_ROW}) VALUES (?, ?, ?, ?, ?, ?, ?)", add)
        project._changed(Change("noise", tuple(sorted({r[0] for r in remove + add})), (doc_id,)))


@dataclass
class _NoiseEdit(Operation):
    """A noise edit of one document: redo and undo restore the rows exactly, ids included."""

    document_id: int
    start: int
    end: int
    before: list[Row] | None = None
    after: list[Row] = field(default_factory=list)

    def _edit(self, project: Project) -> None:
        raise NotImplementedError

    def apply(self, project: Project) -> None:
        with project.transaction():
            if self.before is None:
                before = _rows(project, self.document_id)
                self._edit(project)
                after = _rows(project, self.document_id)
                self.before = [r for r in before if r not in after]
                self.after = [r for r in after if r not in before]
            else:
                _swap(project, self.document_id, self.before, self.after)
            self._realign(project)

    def revert(self, project: Project) -> None:
        assert self.before is not None
        with project.transaction():
            _swap(project, self.document_id, self.after, self.before)
            self._realign(project)

    def _realign(self, project: Project) -> None:
        """Clutter is never part of a shared passage: the document's passages follow its noise."""
        from annotator.store.alignment import realign_documents  # numpy and rapidfuzz: only when used

        if project.db.execute("SELECT 1 FROM aligned_documents WHERE document_id = ?",
                              (self.document_id,)).fetchone():
            realign_documents(project, [self.document_id])


@dataclass
class MarkNoise(_NoiseEdit):
    kind: str = "manual"
    label: str = "Mark as noise"

    def _edit(self, project: Project) -> None:
        mark_noise(project, self.document_id, self.start, self.end, self.kind)


@dataclass
class UnmarkNoise(_NoiseEdit):
    label: str = "Not noise"

    def _edit(self, project: Project) -> None:
        unmark_noise(project, self.document_id, self.start, self.end)


__all__ = ["MarkNoise", "UnmarkNoise", "detect_noise", "mark_noise", "metadata_candidates", "noise_for",
           "unmark_noise"]
