"""A coder's package: a project file holding only the documents assigned to one coder.

Blind by construction: the package holds the codebook, the coder's assigned documents
(with their noise regions), the coder's own spans and statuses on them, and the sets
they were assigned from (only their documents, only this coder's assignment). No other
coder, not even their names, and none of their spans are written. The coder codes in
the package; ``annotator merge`` brings the work back (documents match by text, the
coder by name and GUID, spans by GUID, so merging twice adds nothing).
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from annotator.core.model import NewDocument
from annotator.io.errors import ExportProblem
from annotator.store import Project
from annotator.store.exchange import assigned_sets, copy_noise
from annotator.store.sets import assign, create_set, queue
from annotator.store.spans import SpanRecord


@dataclass(frozen=True)
class PackageReport:
    path: Path
    coder: str
    documents: int
    spans: int
    sets: tuple[str, ...]

    def summary(self) -> str:
        return (f"wrote {self.path}: {self.documents} documents for {self.coder} "
                f"(sets: {', '.join(self.sets)}), the codebook and {self.spans} of {self.coder}'s own spans; "
                "no other coder's work")


def write_package(project: Project, coder_name: str, output: Path) -> PackageReport:
    """Write *coder_name*'s package to *output* (replaced only when complete)."""
    coder = project.coder_by_name(coder_name)
    if coder is None:
        known = ", ".join(c.name for c in project.coders()) or "none"
        raise ExportProblem(f"no coder named {coder_name!r} (coders: {known})")
    items = queue(project, coder.id)
    if not items:
        raise ExportProblem(f"{coder.name} has no documents assigned: give them a set first "
                            f"(annotator assign PROJECT --set NAME --coders {coder.name})")
    output = Path(output)
    with contextlib.suppress(OSError):
        if output.exists() and output.samefile(project.path):
            raise ExportProblem(f"{output}: is the project itself; write the package to another file")
    temp = output.with_name(f".{output.name}.{os.getpid()}.partial")
    for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        with Project(temp, create=True) as out:
            spans = _fill(project, out, coder, [i.document_id for i in items])
            sets = _copy_sets(project, out, coder)
        os.replace(temp, output)
    finally:
        for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
            leftover.unlink(missing_ok=True)
    return PackageReport(output, coder.name, len(items), spans, sets)


def _fill(project: Project, out: Project, coder, doc_ids: list[int]) -> int:
    out.import_codebook(project.codebook_specs())
    paths = project.code_paths()
    with out.transaction():
        me = out.ensure_coder(coder.name, guid=coder.guid)
        new_id: dict[int, int] = {}
        for doc_id in doc_ids:
            d = project.document(doc_id)
            new_id[doc_id] = out.add_document(
                NewDocument(d.text, d.title, d.source, d.url, d.published, d.filename, d.metadata), guid=d.guid)
        copy_noise(project, out, new_id)
        marks = ",".join("?" * len(doc_ids))
        code_ids = {path: out.code_by_path(path).id for path in paths.values()}
        own = list(project.spans_where(f"coder_id = ? AND document_id IN ({marks})", [coder.id, *doc_ids]))
        out.add_spans(SpanRecord(new_id[s.document_id], code_ids[paths[s.code_id]], me.id, s.start, s.end,
                                 s.memo, s.attributes, s.guid, s.created, s.modified, s.text) for s in own)
        status = project.statuses(coder.id)
        for doc_id in doc_ids:
            if doc_id in status:
                out.set_status(new_id[doc_id], me.id, status[doc_id])
    return len(own)


def _copy_sets(project: Project, out: Project, coder) -> tuple[str, ...]:
    """The sets the coder was assigned from, narrowed to their own documents."""
    by_sha = {d.sha256: d.id for d in out.documents()}
    sha = {d.id: d.sha256 for d in project.documents()}
    names = []
    rows = assigned_sets(project, coder.id)
    grouped: dict[str, tuple[str, int | None, str, list[int]]] = {}
    for name, purpose, seed, recipe, doc in rows:
        grouped.setdefault(name, (purpose, seed, recipe, []))[3].append(by_sha[sha[doc]])
    for name, (purpose, seed, recipe, docs) in grouped.items():
        create_set(out, name, docs, purpose=purpose, seed=seed, recipe=json.loads(recipe or "{}"))
        assign(out, name, [coder.name])
        names.append(name)
    return tuple(names)
