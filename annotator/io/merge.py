"""Merging coders' work: other project files' coders, spans and statuses into this one.

Coders usually code in their own project files; :func:`merge_projects` brings
their work into one project, each other file in one transaction (a file that
fails leaves the project as it was before that file). The other files are
opened read-only (:class:`~annotator.store.Project` with ``read_only=True``):
not a byte of them is written.

How things are matched:

- **documents** by the sha256 of their text, never by title or file name. A
  document the project lacks is added with its metadata and GUID (a new GUID
  if the project already uses that one for another text).
- **codes** by ``/``-separated name path. The project's codebook wins: a code
  it already has keeps its definition, fields and shortcut. A missing code is
  created (parents first) with the other file's colour, definition, attribute
  fields and GUID, and its shortcut only if no code of the project uses it;
  every created code is listed in the report.
- **coders** by name (``rename`` maps a name in the other files to another
  name here). A coder with the same name *and* the same GUID is the same
  person: only spans new to the project are added (a coder's second delivery).
  A coder with no span and no status in the file (say, one made on first run
  and never used) is not added.
- **spans** by GUID: a span whose GUID is already in the project is skipped,
  so merging a file twice adds nothing. Edits and deletions made in the other
  file after an earlier merge are not carried over; an edited one is named in
  the notes. A span identical (document, code, offsets) to one the same coder
  already has here is skipped as a duplicate.
- **attribute values** are checked against the project's code; a span whose
  values fail is left out whole and listed with its GUID, so that fixing the
  codebook and merging again brings it in complete (a span merged without its
  values would never be completed, its GUID being present).
- **document status** per coder: the further along of the two (done beats in
  progress beats not started) is kept; a status is never moved back.

A **clash** is a coder name found in both files for two different people (the
GUIDs differ) who coded at least one document in common differently. Such a
coder's spans and statuses are *not* merged from that file; the clash is
reported with the documents concerned. Adding them under the shared name
would pool two people's judgements as one coder's, which silently corrupts
every agreement figure and the "who coded what" a methods section reports;
refusing loses nothing, since the file is untouched and the merge can be run
again with ``rename={"ana": "ana (laptop)"}``. Two same-name coders with
different GUIDs and no document in common are merged under the name, with a
note (e.g. one person who started two project files).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.codebook import CodebookError, validate_attributes
from annotator.core.model import Coder, DocStatus, NewDocument
from annotator.core.text import sha256_text
from annotator.io.errors import ImportProblem, Problem
from annotator.store import Project
from annotator.store.errors import ProjectError
from annotator.store.exchange import begin_read, end_read
from annotator.store.spans import SpanRecord

#: ``progress(done, total, current_path)``, called after each file; return False to stop.
Progress = Callable[[int, int, Path], Any]

_RANK = {DocStatus.NOT_STARTED: 0, DocStatus.IN_PROGRESS: 1, DocStatus.DONE: 2}


class MergeError(ImportProblem):
    """Another file that cannot be merged (not a project, unreadable, the project
    itself). Raised before anything is written: the project is unchanged."""




@dataclass(frozen=True)
class Clash:
    """A coder name that stands for two different people in the project and in *file*;
    that coder's work in *file* is not merged."""

    file: str
    coder: str
    documents: tuple[str, ...]  # titles of the documents both coded, differently
    spans_not_merged: int
    reason: str = ""  # set when the clash is not about documents

    def __str__(self) -> str:
        if self.reason:
            why = self.reason
        else:
            docs = "; ".join(self.documents[:5])
            if len(self.documents) > 5:
                docs += f" and {len(self.documents) - 5} more"
            why = (f"a different person from the project's {self.coder!r} (another identity, and different"
                   f" spans on {len(self.documents)} document(s) both coded: {docs})")
        return (f"coder {self.coder!r}: {why}; {self.spans_not_merged} span(s) not merged."
                " Merge again with that coder renamed.")


@dataclass
class FileMerge:
    """What merging one other file did. ``error`` is set when it failed; then
    nothing of it was kept and the counts are zero."""

    file: str
    documents_added: list[str] = field(default_factory=list)  # titles
    documents_matched: int = 0
    codes_created: list[str] = field(default_factory=list)  # paths
    coders_added: list[str] = field(default_factory=list)
    coders_matched: list[str] = field(default_factory=list)
    spans_added: int = 0
    spans_already_present: int = 0  # GUID already in the project
    spans_duplicate: int = 0  # same coder, document, code and offsets under another GUID
    statuses_set: int = 0
    clashes: list[Clash] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def spans_skipped(self) -> int:
        return self.spans_already_present + self.spans_duplicate

    def summary(self) -> str:
        if self.error:
            return f"{self.file}: not merged, the project is unchanged for this file: {self.error}"
        line = (f"{self.file}: {len(self.documents_added)} document(s) added, {self.documents_matched} matched;"
                f" {len(self.codes_created)} code(s) created; {len(self.coders_added)} coder(s) added,"
                f" {len(self.coders_matched)} matched; {self.spans_added} span(s) added,"
                f" {self.spans_already_present} already present")
        if self.spans_duplicate:
            line += f", {self.spans_duplicate} duplicate(s) skipped"
        if self.statuses_set:
            line += f"; {self.statuses_set} document status(es) set"
        lines = [line]
        lines += [f"  code created: {p}" for p in self.codes_created]
        lines += [f"  coder added: {c}" for c in self.coders_added]
        lines += [f"  CLASH: {c}" for c in self.clashes]
        lines += [f"  not merged: {p}" for p in self.problems]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


@dataclass
class MergeReport:
    """What :func:`merge_projects` did, file by file (``files``), with totals."""

    files: list[FileMerge] = field(default_factory=list)
    stopped: bool = False  # progress asked to stop before every file was merged

    @property
    def documents_added(self) -> int:
        return sum(len(f.documents_added) for f in self.files)

    @property
    def documents_matched(self) -> int:
        return sum(f.documents_matched for f in self.files)

    @property
    def codes_created(self) -> list[str]:
        return [p for f in self.files for p in f.codes_created]

    @property
    def coders_added(self) -> list[str]:
        return [c for f in self.files for c in f.coders_added]

    @property
    def spans_added(self) -> int:
        return sum(f.spans_added for f in self.files)

    @property
    def spans_skipped(self) -> int:
        return sum(f.spans_skipped for f in self.files)

    @property
    def clashes(self) -> list[Clash]:
        return [c for f in self.files for c in f.clashes]

    @property
    def problems(self) -> list[tuple[str, Problem]]:
        return [(f.file, p) for f in self.files for p in f.problems]

    @property
    def failed(self) -> list[FileMerge]:
        return [f for f in self.files if f.error]

    @property
    def ok(self) -> bool:
        """Every file merged with no clash, no failure and nothing left out."""
        return not self.stopped and not any(f.error or f.clashes or f.problems for f in self.files)

    def summary(self) -> str:
        """A few lines per file, then the totals: for the CLI and the merge dialog."""
        lines = [f.summary() for f in self.files]
        lines.append(
            f"total: {self.spans_added} span(s) added, {self.spans_skipped} skipped;"
            f" {self.documents_added} document(s) added; {len(self.codes_created)} code(s) created;"
            f" {len(self.coders_added)} coder(s) added; {len(self.clashes)} clash(es);"
            f" {len(self.problems)} span(s) left out; {len(self.failed)} file(s) failed"
        )
        if self.stopped:
            lines.append("stopped before every file was merged")
        return "\n".join(lines)


def merge_projects(
    project: Project,
    others: list[Path],
    *,
    progress: Progress | None = None,
    rename: Mapping[str, str] | None = None,
) -> MergeReport:
    """Merge the coders, spans, codes, documents and statuses of the project files
    *others* into *project*, each file in one transaction (see the module docstring
    for how things are matched and what a clash is).

    Every file is opened and checked before anything is written: one that is not a
    readable annotator project (or is *project* itself) raises :class:`MergeError`
    with the project unchanged. A file that fails while merging is rolled back and
    reported (``FileMerge.error``); the others are still merged. *rename* maps a
    coder name in the other files to the name to use here."""
    rename = {k.strip(): v.strip() for k, v in (rename or {}).items()}
    opened: list[Project] = []
    try:
        for path in map(Path, others):
            opened.append(_open_other(project, path))
        report = MergeReport()
        for n, other in enumerate(opened, 1):
            report.files.append(_merge_one(project, other, rename))
            if progress is not None and progress(n, len(opened), other.path) is False:
                report.stopped = n < len(opened)
                break
        return report
    finally:
        for other in opened:
            other.close()


def _open_other(project: Project, path: Path) -> Project:
    if not path.exists():
        raise MergeError(path, "no such file")
    try:
        if path.resolve() == project.path.resolve() or path.samefile(project.path):
            raise MergeError(path, "is the project being merged into")
    except OSError as exc:
        raise MergeError(path, f"cannot be read: {exc.strerror or exc}") from None
    try:
        return Project(path, read_only=True)
    except ProjectError as exc:
        reason = str(exc)
        prefix = f"{path}: "
        raise MergeError(path, reason[len(prefix):] if reason.startswith(prefix) else reason) from None


def _merge_one(project: Project, other: Project, rename: Mapping[str, str]) -> FileMerge:
    result = FileMerge(str(other.path))
    try:
        # one read snapshot of the other file, in case its coder is still working in it
        begin_read(other)
        with project.transaction():
            _FileMerger(project, other, result, rename).run()
    except (ProjectError, CodebookError, sqlite3.Error) as exc:
        return FileMerge(str(other.path), error=str(exc))
    except KeyError as exc:  # only a damaged file refers to rows it does not have
        return FileMerge(str(other.path), error=f"the file is inconsistent (it refers to a missing row {exc})")
    finally:
        end_read(other)
    return result


class _FileMerger:
    """Merges one other file; runs inside the caller's transaction."""

    def __init__(self, project: Project, other: Project, result: FileMerge, rename: Mapping[str, str]):
        self.project = project
        self.other = other
        self.result = result
        self.rename = rename

    def run(self) -> None:
        self.doc_ids = self._documents()
        self.code_ids = self._codes()
        self.other_spans = self.other.spans_where()
        self.coder_ids = self._coders()
        self._spans()
        self._statuses()

    # -- documents --------------------------------------------------------------------------
    def _documents(self) -> dict[int, int]:
        """Other document id -> project document id; missing documents added."""
        guids = {self.project.document(d.id).guid.lower() for d in self.project.documents()}
        ids: dict[int, int] = {}
        for summary in self.other.documents():
            doc = self.other.document(summary.id)
            digest = sha256_text(doc.text)
            found = self.project.document_id_by_sha256(digest)
            if found is not None:
                ids[doc.id] = found
                self.result.documents_matched += 1
                continue
            guid: str | None = doc.guid
            if guid.lower() in guids:
                self.result.notes.append(f"document {doc.title!r}: its GUID {guid} is another text's in the project;"
                                         " added with a new GUID")
                guid = None
            ids[doc.id] = self.project.add_document(NewDocument(
                text=doc.text, title=doc.title, source=doc.source, url=doc.url, published=doc.published,
                filename=doc.filename, metadata=doc.metadata,
            ), guid=guid)
            guids.add((guid or "").lower())
            self.result.documents_added.append(doc.title or doc.filename or doc.sha256[:12])
        return ids

    # -- codes --------------------------------------------------------------------------------
    def _codes(self) -> dict[int, int]:
        """Other code id -> project code id; missing codes created, parents first."""
        other_paths = self.other.code_paths()
        guids = {c.guid.lower() for c in self.project.codes()}
        shortcuts = {c.shortcut for c in self.project.codes() if c.shortcut}
        ids: dict[int, int] = {}
        for code in self.other.codes():  # tree order: a parent before its children
            path = other_paths[code.id]
            here = self.project.code_by_path(path)
            if here is not None:
                ids[code.id] = here.id
                if here.attributes != code.attributes:
                    self.result.notes.append(f"code {path!r} declares different attribute fields in this file;"
                                             " the project's are kept and span values checked against them")
                continue
            shortcut = code.shortcut
            if shortcut and shortcut in shortcuts:
                self.result.notes.append(f"code {path!r} created without its shortcut {shortcut!r},"
                                         " which another code of the project uses")
                shortcut = ""
            guid: str | None = code.guid
            if guid.lower() in guids:
                self.result.notes.append(f"code {path!r}: its GUID {guid} is another code's in the project;"
                                         " created with a new GUID")
                guid = None
            made = self.project.add_code(
                code.name, parent_id=ids[code.parent_id] if code.parent_id is not None else None,
                description=code.description, color=code.color, shortcut=shortcut,
                attributes=code.attributes, guid=guid, codable=code.codable,
            )
            ids[code.id] = made.id
            guids.add(made.guid.lower())
            if shortcut:
                shortcuts.add(shortcut)
            self.result.codes_created.append(path)
        return ids

    # -- coders -------------------------------------------------------------------------------
    def _coders(self) -> dict[int, int]:
        """Other coder id -> project coder id, for the coders whose work is merged
        (a clashing coder is left out and reported)."""
        coder_guids = {c.guid.lower() for c in self.project.coders()}
        claimed: set[str] = set()
        ids: dict[int, int] = {}
        coded = {s.coder_id for s in self.other_spans}
        for oc in self.other.coders():
            if oc.id not in coded and not any(st is not DocStatus.NOT_STARTED
                                              for st in self.other.statuses(oc.id).values()):
                self.result.notes.append(f"coder {oc.name!r} has no spans and no document status in this file;"
                                         " not added")
                continue
            name = self.rename.get(oc.name, oc.name).strip()
            here = self.project.coder_by_name(name)
            if name in claimed:
                self._clash(oc, name, (), reason="two coders of this file would be merged under this name")
                continue
            claimed.add(name)
            if here is None:
                guid: str | None = oc.guid
                if guid.lower() in coder_guids:
                    self.result.notes.append(f"coder {name!r}: the GUID {guid} belongs to another coder of the"
                                             " project; added with a new GUID")
                    guid = None
                here = self.project.ensure_coder(name, guid=guid)
                coder_guids.add(here.guid.lower())
                self.result.coders_added.append(name)
            elif here.guid.lower() == oc.guid.lower():
                self.result.coders_matched.append(name)
            else:
                differing = self._differing_documents(oc, here)
                if differing:
                    self._clash(oc, name, differing)
                    continue
                self.result.coders_matched.append(name)
                self.result.notes.append(
                    f"coder {name!r} has a different identity (GUID) here and in the project, but coded no"
                    " document in common differently; merged under that name")
            ids[oc.id] = here.id
        return ids

    def _clash(self, oc: Coder, name: str, documents: tuple[str, ...], reason: str = "") -> None:
        count = sum(1 for s in self.other_spans if s.coder_id == oc.id)
        self.result.clashes.append(Clash(self.result.file, name, documents, count, reason))

    def _differing_documents(self, oc: Coder, here: Coder) -> tuple[str, ...]:
        """Titles of the documents both coders worked on and coded differently."""
        mine: dict[int, list[tuple[int, int, int]]] = {}
        for s in self.other_spans:
            if s.coder_id == oc.id:
                mine.setdefault(self.doc_ids[s.document_id], []).append(
                    (self.code_ids[s.code_id], s.start, s.end))
        for doc_id, status in self.other.statuses(oc.id).items():
            if status is not DocStatus.NOT_STARTED:
                mine.setdefault(self.doc_ids[doc_id], [])
        theirs_docs = {d for d, status in self.project.statuses(here.id).items()
                       if status is not DocStatus.NOT_STARTED} | set(self.project.span_counts_by_document(here.id))
        differing = []
        for doc_id in sorted(set(mine) & theirs_docs):
            theirs = [(s.code_id, s.start, s.end) for s in self.project.spans_for_document(doc_id, here.id)]
            if sorted(theirs) != sorted(mine[doc_id]):
                differing.append(self.project.document(doc_id).title or str(doc_id))
        return tuple(differing)

    # -- spans ---------------------------------------------------------------------------------
    def _spans(self) -> None:
        present = {s.guid.lower(): s for s in self.project.spans_where()}
        keys = {(s.coder_id, s.document_id, s.code_id, s.start, s.end) for s in present.values()}
        codes = {}
        records: list[SpanRecord] = []
        for s in self.other_spans:
            coder_id = self.coder_ids.get(s.coder_id)
            if coder_id is None:
                continue  # a clashing coder: counted in the clash
            doc_id, code_id = self.doc_ids[s.document_id], self.code_ids[s.code_id]
            old = present.get(s.guid.lower())
            if old is not None:
                self.result.spans_already_present += 1
                if (old.document_id, old.code_id, old.coder_id, old.start, old.end, old.memo, old.attributes) != (
                        doc_id, code_id, coder_id, s.start, s.end, s.memo, s.attributes):
                    self.result.notes.append(f"span {s.guid}: differs from the project's span with that GUID"
                                             " (edited after an earlier merge?); the project's is kept")
                continue
            key = (coder_id, doc_id, code_id, s.start, s.end)
            if key in keys:
                self.result.spans_duplicate += 1
                continue
            if code_id not in codes:
                codes[code_id] = self.project.code(code_id)
            code = codes[code_id]
            try:
                attributes = validate_attributes(code.attributes, s.attributes, code.name)
            except CodebookError as exc:
                self.result.problems.append(Problem(s.guid, f"span not merged, its attribute values do not fit"
                                                            f" the project's codebook: {exc}"))
                continue
            keys.add(key)
            present[s.guid.lower()] = s
            records.append(SpanRecord(doc_id, code_id, coder_id, s.start, s.end, memo=s.memo,
                                      attributes=attributes, guid=s.guid, created=s.created, modified=s.modified,
                                      text=s.text))  # checked against our copy of the text
        if records:
            self.result.spans_added = self.project.add_spans(records)

    # -- statuses --------------------------------------------------------------------------------
    def _statuses(self) -> None:
        for other_id, coder_id in self.coder_ids.items():
            for doc, status in self.other.statuses(other_id).items():
                doc_id = self.doc_ids[doc]
                if _RANK[status] > _RANK[self.project.status(doc_id, coder_id)]:
                    self.project.set_status(doc_id, coder_id, status)
                    self.result.statuses_set += 1


__all__ = ["Clash", "FileMerge", "MergeError", "MergeReport", "Problem", "merge_projects"]
