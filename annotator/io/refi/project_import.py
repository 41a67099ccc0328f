"""Import a REFI-QDA ``.qdpx`` into a project, all of it in one transaction.

The archive is read and checked first (:mod:`.project_read`); only then is the
project written: coders (matched by GUID, then by name), codes (merged by
path), documents (a text already in the project, by sha256, is reused, not
duplicated) and spans. GUIDs from the file are kept unless the project already
uses one for something else. A span whose GUID is already in the project on the
same document, code and characters is counted as present, so importing the same
file twice adds nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.codebook import CodebookError, validate_attributes
from annotator.core.model import DocStatus, NewDocument, Span
from annotator.core.text import sha256_text
from annotator.io.refi.codebook import merge_codes
from annotator.io.refi.common import RefiReport, Problem, RefiError, split_description
from annotator.io.refi.project_read import FileProject, FileSource, read_qdpx
from annotator.io.refi.variables import fields_from_variables
from annotator.store.errors import ProjectError
from annotator.store.exchange import document_guids
from annotator.store.spans import SpanRecord

if TYPE_CHECKING:
    from annotator.store import Project

#: Coder for spans whose file names no user.
UNKNOWN_CODER = "unknown coder"


def import_qdpx(project: "Project", path: str | Path, *, offsets: str = "auto",
                parsed: FileProject | None = None) -> RefiReport:
    """Import the REFI-QDA project at *path* into *project*.

    Raises :class:`RefiError` naming the file, with the project unchanged, when the
    archive is malformed or hostile; returns an :class:`RefiReport` otherwise.
    *offsets* says how the file counts offsets: ``auto`` decides per source from
    evidence (:mod:`~annotator.io.refi.offsets`), a reading's name forces it.
    *parsed* is the file as already read and resolved (the import dialog's preview)."""
    path = Path(path)
    if parsed is None:
        parsed = read_qdpx(path, offsets=offsets)
    report = RefiReport(str(path), skipped_sources=list(parsed.skipped),
                          problems=[*parsed.problems, *parsed.offset_problems], notes=list(parsed.notes),
                          offsets=list(parsed.offset_notes), warnings=list(parsed.warnings),
                          unreadable_times=parsed.unreadable_times)
    try:
        with project.transaction():
            _Importer(project, parsed, report).run()
    except (ProjectError, CodebookError, sqlite3.Error) as exc:
        raise RefiError(f"{path}: not imported, the project is unchanged: {exc}") from None
    return report


class _Importer:
    def __init__(self, project: "Project", parsed: FileProject, report: RefiReport):
        self.project = project
        self.parsed = parsed
        self.report = report

    def run(self) -> None:
        self.coder_ids = self._coders()
        coded = {c.code_guid for src in self.parsed.sources for sel in [*src.raw_selections, *src.selections]
                 for c in sel.codings} | {c.code_guid for src in self.parsed.sources for c in src.whole}
        self.code_ids = merge_codes(self.project, self.parsed.codes, self.report, coded)
        self.existing_spans = {s.guid.lower(): s for s in self.project.spans_where()}
        self.doc_guids = {guid.lower() for guid in document_guids(self.project)}  # no text is read
        records: list[SpanRecord] = []
        done: list[tuple[int, str]] = []
        for src in self.parsed.sources:
            doc_id = self._document(src)
            records += self._spans(src, doc_id)
            _, data = split_description(src.description)
            if data and isinstance(data.get("done"), list):
                done += [(doc_id, str(guid)) for guid in data["done"]]
        self.report.spans_added = self.project.add_spans(records) if records else 0
        for doc_id, guid in done:  # after the spans, which mark documents in progress
            coder_id = self.coder_ids.get(guid.lower())
            if coder_id is not None and self.project.status(doc_id, coder_id) is not DocStatus.DONE:
                self.project.set_status(doc_id, coder_id, DocStatus.DONE)

    # -- coders ------------------------------------------------------------------------------
    def _coders(self) -> dict[str, int]:
        """File user GUID (lower case) -> coder id. A user is the coder with the same
        GUID (even if renamed since), else the coder with the same name, else new."""
        used = {s.user for src in self.parsed.sources for sel in src.selections
                for s in [sel, *sel.codings] if s.user}
        users = dict(self.parsed.users)
        for guid in sorted(used - set(users)):
            users[guid] = ""
            self.report.notes.append(f"user {guid} is not declared in the file; imported as coder 'user {guid}'")
        by_guid = {c.guid.lower(): c for c in self.project.coders()}
        ids: dict[str, int] = {}
        for guid, name in users.items():
            name = name or f"user {guid}"
            coder = by_guid.get(guid.lower()) or self.project.coder_by_name(name)
            if coder is None:
                coder = self.project.ensure_coder(name, guid=guid)
                by_guid[guid.lower()] = coder
                self.report.coders_added.append(name)
            ids[guid.lower()] = coder.id
        return ids

    def _coder(self, user: str) -> int:
        if user and user.lower() in self.coder_ids:
            return self.coder_ids[user.lower()]
        if "" not in self.coder_ids:
            existed = self.project.coder_by_name(UNKNOWN_CODER) is not None
            self.coder_ids[""] = self.project.ensure_coder(UNKNOWN_CODER).id
            if not existed:
                self.report.coders_added.append(UNKNOWN_CODER)
            self.report.notes.append(f"selections that name no user are imported as coder {UNKNOWN_CODER!r}")
        return self.coder_ids[""]

    # -- documents ------------------------------------------------------------------------------
    def _document(self, src: FileSource) -> int:
        existing = self.project.document_id_by_sha256(sha256_text(src.text))
        if existing is not None:
            self.report.documents_reused += 1
            return existing
        fields, metadata = fields_from_variables(src.values)
        text, data = split_description(src.description)
        if data and isinstance(data.get("metadata"), dict):
            metadata = data["metadata"]
        if text.strip() and "description" not in metadata:
            metadata["description"] = text
        guid: str | None = src.guid or None
        if guid and guid.lower() in self.doc_guids:
            self.report.notes.append(f"source {src.name!r}: GUID {guid} is already another document's; given a new one")
            guid = None
        doc_id = self.project.add_document(NewDocument(text=src.text, title=src.name, metadata=metadata, **fields),
                                           guid=guid)
        self.doc_guids.add((guid or "").lower())
        self.report.documents_added += 1
        return doc_id

    # -- spans ------------------------------------------------------------------------------------
    def _spans(self, src: FileSource, doc_id: int) -> list[SpanRecord]:
        records = []
        for sel in src.selections:
            text, data = split_description(sel.description)
            attrs = data.get("attributes") if data else None
            for n, coding in enumerate(sel.codings):
                memo = "\n\n".join(m for m in [text, *sel.notes, *coding.notes] if m)
                code_id = self.code_ids.get(coding.code_guid)
                if code_id is None:
                    self.report.problems.append(Problem(coding.guid or sel.guid, (
                        f"coding refers to code {coding.code_guid}, which the file does not define")))
                    continue
                guid = self._span_guid(sel.guid if n == 0 else coding.guid, doc_id, code_id, sel.start, sel.end)
                if guid is False:
                    continue
                created = coding.created or sel.created
                records.append(SpanRecord(
                    document_id=doc_id, code_id=code_id, coder_id=self._coder(coding.user or sel.user),
                    start=sel.start, end=sel.end, memo=memo,
                    attributes=self._attributes(code_id, attrs, sel.guid), guid=guid,
                    created=created, modified=sel.modified or created,
                ))
        return records

    def _span_guid(self, guid: str, doc_id: int, code_id: int, start: int, end: int) -> str | None | bool:
        """The GUID for a new span; None for a fresh one; False when the span is already there."""
        if not guid:
            return None
        old: Span | None = self.existing_spans.get(guid.lower())
        if old is None:
            self.existing_spans[guid.lower()] = Span(0, guid, doc_id, code_id, 0, start, end, "", "", {}, "", "")
            return guid
        if (old.document_id, old.code_id, old.start, old.end) == (doc_id, code_id, start, end):
            self.report.spans_already_present += 1
            return False
        self.report.notes.append(f"selection {guid}: GUID already used by another span; imported with a new one")
        return None

    def _attributes(self, code_id: int, attrs: Any, guid: str) -> dict[str, Any] | None:
        if not attrs:
            return None
        code = self.project.code(code_id)
        try:
            return validate_attributes(code.attributes, attrs, code.name)
        except CodebookError as exc:
            self.report.problems.append(Problem(guid, f"attribute values not imported: {exc}"))
            return None
