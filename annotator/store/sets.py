"""Document sets (a reliability sample, a training round, a coder's share) and assignments.

A set is a named, ordered list of documents stored in the project, with the seed and
recipe it was drawn with, so the sample can be drawn again. An assignment gives a
coder one document of a set; a coder's *queue* is every document assigned to them.
Each write is one transaction and announces ``Change("sets")``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.model import DocStatus
from annotator.core.sampling import SamplingError, Size, draw_sample, split_balanced
from annotator.store.errors import ProjectError
from annotator.store.operations import Operation
from annotator.store.events import Change, now
from annotator.store.project import Project

#: the purpose of a set that ``agreement`` and ``report`` use by default
RELIABILITY = "reliability"
STRATA = ("outlet", "month")  # besides any metadata field


@dataclass(frozen=True)
class DocumentSet:
    id: int
    name: str
    purpose: str
    seed: int | None
    recipe: dict[str, Any]
    created: str
    size: int

    def describe(self) -> str:
        """One line: name, size, how it was drawn."""
        how = ""
        if self.recipe.get("size"):
            how = f", drawn as {self.recipe['size']} of {self.recipe.get('population', '?')}"
            if self.recipe.get("stratify"):
                how += f" stratified by {self.recipe['stratify']}"
            how += f", seed {self.seed}"
        return f"{self.name} ({self.purpose or 'set'}): {self.size} documents{how}"


@dataclass(frozen=True)
class QueueItem:
    document_id: int
    set_name: str
    status: DocStatus


def _set(row: tuple) -> DocumentSet:
    return DocumentSet(row[0], row[1], row[2], row[3], json.loads(row[4] or "{}"), row[5], row[6])


_SET_SQL = ("SELECT s.id, s.name, s.purpose, s.seed, s.recipe, s.created,"
            " (SELECT count(*) FROM set_documents d WHERE d.set_id = s.id) FROM document_sets s")


def document_sets(project: Project) -> list[DocumentSet]:
    """Every set, oldest first."""
    return [_set(r) for r in project.db.execute(_SET_SQL + " ORDER BY s.id")]


def find_set(project: Project, name: str) -> DocumentSet:
    row = project.db.execute(_SET_SQL + " WHERE s.name = ?", (name.strip(),)).fetchone()
    if row is None:
        known = ", ".join(s.name for s in document_sets(project)) or "none yet"
        raise ProjectError(f"no document set named {name!r} (sets: {known})")
    return _set(row)


def reliability_set(project: Project) -> DocumentSet | None:
    """The newest set drawn for reliability, or None."""
    row = project.db.execute(_SET_SQL + " WHERE s.purpose = ? ORDER BY s.id DESC LIMIT 1",
                             (RELIABILITY,)).fetchone()
    return _set(row) if row else None


def set_documents(project: Project, set_id: int) -> list[int]:
    """The set's document ids in their stored order."""
    return [r[0] for r in project.db.execute(
        "SELECT document_id FROM set_documents WHERE set_id = ? ORDER BY position", (set_id,))]


def create_set(project: Project, name: str, documents: Sequence[int], *, purpose: str = "",
               seed: int | None = None, recipe: dict[str, Any] | None = None,
               set_id: int | None = None) -> DocumentSet:
    """Store a new set of *documents* (ids, in order, no repeats); *set_id* for a redo."""
    name = name.strip()
    if not name:
        raise ProjectError("a document set needs a name")
    if project.db.execute("SELECT 1 FROM document_sets WHERE name = ?", (name,)).fetchone():
        raise ProjectError(f"a document set named {name!r} exists already: choose another --name")
    docs = list(dict.fromkeys(int(d) for d in documents))
    known = {r[0] for r in project.db.execute("SELECT id FROM documents")}
    missing = [d for d in docs if d not in known]
    if missing:
        raise ProjectError(f"no document with id {missing[0]} (set {name!r})")
    with project.transaction():
        cur = project.db.execute(
            "INSERT INTO document_sets (id, name, purpose, seed, recipe, created) VALUES (?, ?, ?, ?, ?, ?)",
            (set_id, name, purpose, seed, json.dumps(recipe or {}, ensure_ascii=False), now()))
        set_id = cur.lastrowid
        project.db.conn.executemany(
            "INSERT INTO set_documents (set_id, document_id, position) VALUES (?, ?, ?)",
            [(set_id, d, i) for i, d in enumerate(docs)])
        project._changed(Change("sets", (set_id,)))
    return find_set(project, name)


def delete_set(project: Project, name: str) -> None:
    found = find_set(project, name)
    with project.transaction():
        project.db.execute("DELETE FROM assignments WHERE set_id = ?", (found.id,))
        project.db.execute("DELETE FROM document_sets WHERE id = ?", (found.id,))
        project._changed(Change("sets", (found.id,)))


def stratum_of(field: str | None, source: str, published: str, metadata: dict[str, Any]) -> str:
    """The stratum of one document: its outlet, its month (YYYY-MM), or a metadata field."""
    if not field:
        return ""
    if field == "outlet":
        return source.strip()
    if field == "month":
        return published.strip()[:7]
    value = metadata.get(field, "")
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if isinstance(value, dict | list) else str(value)


def sample_set(project: Project, name: str, size: Size, *, stratify: str | None = None,
               seed: int | None = None, purpose: str = RELIABILITY) -> DocumentSet:
    """Draw a random sample of the project's documents and store it as set *name*.

    *stratify*: ``outlet``, ``month`` or a metadata field. Without *seed* one is drawn
    at random; either way it is stored with the set, with the recipe."""
    rows = project.db.execute("SELECT id, source, published, metadata FROM documents ORDER BY id").fetchall()
    if stratify and stratify not in STRATA:
        fields = set()
        for r in rows:
            fields.update(json.loads(r[3] or "{}"))
        if stratify not in fields:
            raise ProjectError(f"--stratify {stratify!r}: not outlet, month or a metadata field of the "
                               f"documents (fields: {', '.join(sorted(fields)) or 'none'})")
    if seed is None:
        seed = secrets.randbelow(2**31)
    population = [(r[0], stratum_of(stratify, r[1], r[2], json.loads(r[3] or "{}"))) for r in rows]
    try:
        drawn = draw_sample(population, size, seed)
    except SamplingError as exc:
        raise ProjectError(f"sample {name!r}: {exc}") from None
    strata = len({s for _, s in population})
    recipe = {"size": str(size), "drawn": len(drawn), "population": len(population),
              "stratify": stratify or "", "strata": strata if stratify else 1,
              "method": "numpy PCG64 default_rng(seed); proportional allocation, largest remainders"}
    return create_set(project, name, drawn, purpose=purpose, seed=seed, recipe=recipe)


def assign(project: Project, set_name: str, coders: Sequence[str], *, split: bool = False
           ) -> dict[str, list[int]]:
    """Give *coders* (names, created if new) the set: every coder all of it, or with *split*
    a share each, no overlap, balanced by length (the set's earlier assignments are replaced)."""
    found = find_set(project, set_name)
    names = list(dict.fromkeys(c.strip() for c in coders if c.strip()))
    if not names:
        raise ProjectError("name at least one coder to assign to")
    docs = set_documents(project, found.id)
    if split:
        lengths = dict(project.db.execute(
            "SELECT d.id, d.char_count FROM documents d JOIN set_documents s ON s.document_id = d.id"
            " WHERE s.set_id = ?", (found.id,)).fetchall())
        shares = split_balanced([(d, lengths[d]) for d in docs], names)
    else:
        shares = {n: list(docs) for n in names}
    with project.transaction():
        ids = {n: project.ensure_coder(n).id for n in names}
        if split:
            project.db.execute("DELETE FROM assignments WHERE set_id = ?", (found.id,))
        project.db.conn.executemany(
            "INSERT OR IGNORE INTO assignments (set_id, document_id, coder_id) VALUES (?, ?, ?)",
            [(found.id, d, ids[n]) for n, ds in shares.items() for d in ds])
        project._changed(Change("sets", (found.id,)))
    return shares


def assignments(project: Project, set_id: int) -> dict[str, list[int]]:
    """Coder name -> the set's documents assigned to them (set order)."""
    out: dict[str, list[int]] = {}
    for name, doc in project.db.execute(
            "SELECT c.name, a.document_id FROM assignments a JOIN coders c ON c.id = a.coder_id"
            " JOIN set_documents s ON s.set_id = a.set_id AND s.document_id = a.document_id"
            " WHERE a.set_id = ? ORDER BY c.name, s.position", (set_id,)):
        out.setdefault(name, []).append(doc)
    return out


def queue(project: Project, coder_id: int) -> list[QueueItem]:
    """Every document assigned to the coder, once, in set then set order, with their status."""
    status = project.statuses(coder_id)
    seen: dict[int, QueueItem] = {}
    for doc, set_name in project.db.execute(
            "SELECT a.document_id, ds.name FROM assignments a JOIN set_documents s"
            " ON s.set_id = a.set_id AND s.document_id = a.document_id JOIN document_sets ds ON ds.id = a.set_id"
            " WHERE a.coder_id = ? AND a.document_id NOT IN (SELECT document_id FROM excluded_documents)"
            " ORDER BY a.set_id, s.position", (coder_id,)):
        if doc not in seen:
            seen[doc] = QueueItem(doc, set_name, status.get(doc, DocStatus.NOT_STARTED))
    return list(seen.values())


# -- undoable edits (the window's Sample... and Assign...) ---------------------------------------
@dataclass
class DrawSample(Operation):
    """Draw and store a sample; undo deletes the set, redo stores the same documents and seed."""

    name: str
    size: Size
    stratify: str | None = None
    seed: int | None = None
    purpose: str = RELIABILITY
    drawn: DocumentSet | None = None
    documents: list[int] | None = None

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"Draw sample {self.name!r}"

    def apply(self, project: Project) -> None:
        if self.drawn is None:
            self.drawn = sample_set(project, self.name, self.size, stratify=self.stratify, seed=self.seed,
                                    purpose=self.purpose)
            self.documents = set_documents(project, self.drawn.id)
        else:
            create_set(project, self.name, self.documents or [], purpose=self.drawn.purpose,
                       seed=self.drawn.seed, recipe=self.drawn.recipe, set_id=self.drawn.id)

    def revert(self, project: Project) -> None:
        delete_set(project, self.name)


@dataclass
class AssignSet(Operation):
    """Assign a set to coders (see :func:`assign`); undo restores the set's earlier assignments."""

    set_name: str
    coders: list[str]
    split: bool = False
    previous: list[tuple[int, int]] | None = None  # (document, coder id)

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"{'Split' if self.split else 'Assign'} {self.set_name!r} to {', '.join(self.coders)}"

    def apply(self, project: Project) -> None:
        found = find_set(project, self.set_name)
        self.previous = [tuple(r) for r in project.db.execute(
            "SELECT document_id, coder_id FROM assignments WHERE set_id = ?", (found.id,))]
        assign(project, self.set_name, self.coders, split=self.split)

    def revert(self, project: Project) -> None:
        found = find_set(project, self.set_name)
        with project.transaction():
            project.db.execute("DELETE FROM assignments WHERE set_id = ?", (found.id,))
            project.db.conn.executemany(
                "INSERT INTO assignments (set_id, document_id, coder_id) VALUES (?, ?, ?)",
                [(found.id, d, c) for d, c in self.previous or []])
            project._changed(Change("sets", (found.id,)))
