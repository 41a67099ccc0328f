"""Export a project as a REFI-QDA ``.qdpx`` (valid against Project.xsd).

The archive holds ``project.qde`` and ``sources/<document guid>.txt`` (the stored
text, UTF-8, LF line ends). In ``project.qde``:

- ``Users``: the coders;
- ``CodeBook``: the code tree with colours and definitions (:mod:`.codebook`);
- ``Variables``: document metadata (:mod:`.variables`);
- ``Sources``: one ``TextSource`` per document, named by its title, with
  ``plainTextPath="internal://<guid>.txt"``; each span one ``PlainTextSelection``
  (code points, end exclusive; its coder, created and modified times; its memo
  and attribute values in ``Description``) holding one ``Coding``/``CodeRef``;
  the document's own ``Description`` carries, in its ``annotator-data`` line,
  metadata the variables cannot hold exactly and which coders marked it done.

Every GUID comes from the project (coders, codes, documents, spans) or is
derived from one (a span's ``Coding``, the variables), so repeated exports
agree. Nothing in the archive depends on the clock: exporting the same project
twice gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.model import DocStatus, Document, Span
from annotator.io.refi.codebook import _origin, code_element
from annotator.io.refi.common import (
    PROJECT_NS, derived_guid, export_guid, join_description, xml_datetime, xml_text,
)
from annotator.io.refi.variables import Variable, document_variables, fields_from_variables, read_value, same
from annotator.io.refi.writing import write_atomically, xml_bytes

if TYPE_CHECKING:
    from annotator.store import Project

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entry times: the same archive for the same project
#: Longest selection text written whole as its ``name``.
NAME_LIMIT = 500


def _e(parent: ET.Element | None, tag: str, attrs: dict[str, str] | None = None) -> ET.Element:
    attrs = {k: v for k, v in (attrs or {}).items() if v is not None}
    return ET.Element(tag, attrs) if parent is None else ET.SubElement(parent, tag, attrs)


def source_member(doc_guid: str) -> str:
    return f"sources/{doc_guid}.txt"


def build_qde(project: "Project", docs: list[Document], name: str) -> ET.Element:
    """The ``<Project>`` element for *project*; *docs* are its documents with text."""
    root = _e(None, "Project", {"name": xml_text(name), "origin": _origin()})
    coders = project.coders()
    user_guid = {c.id: export_guid(c.guid, "coder") for c in coders}
    if coders:
        users = _e(root, "Users")
        for c in coders:
            _e(users, "User", {"guid": user_guid[c.id], "name": xml_text(c.name)})
    specs = project.codebook_specs()
    code_guid = {c.id: export_guid(c.guid, "code") for c in project.codes()}
    if specs:
        codes = _e(_e(root, "CodeBook"), "Codes")
        for spec in specs:
            codes.append(code_element(spec))
    variables, values = document_variables(docs)
    if variables:
        vars_el = _e(root, "Variables")
        for var in variables:
            _e(vars_el, "Variable", {"guid": var.guid, "name": xml_text(var.name), "typeOfVariable": var.type})
    if docs:
        sources = _e(root, "Sources")
        spans_by_doc: dict[int, list[Span]] = {}
        for span in project.spans_where():
            spans_by_doc.setdefault(span.document_id, []).append(span)
        done: dict[int, list[str]] = {}
        for c in coders:
            for doc_id, status in project.statuses(c.id).items():
                if status is DocStatus.DONE:
                    done.setdefault(doc_id, []).append(user_guid[c.id])
        for doc in docs:
            _source(sources, doc, values[doc.id], spans_by_doc.get(doc.id, []), user_guid, code_guid,
                    sorted(done.get(doc.id, [])), coder_names={user_guid[c.id]: c.name for c in coders})
    return root


def selection_name(text: str) -> str:
    """The ``name`` of a selection: its text (cut at :data:`NAME_LIMIT` with an
    ellipsis), as QualCoder writes it. Importers check offsets against it."""
    return xml_text(text if len(text) <= NAME_LIMIT else text[:NAME_LIMIT] + "…")


def _source(parent: ET.Element, doc: Document, values: list[tuple[Variable, str]], spans: list[Span],
            user_guid: dict[int, str], code_guid: dict[int, str], done: list[str],
            coder_names: dict[str, str]) -> None:
    guid = export_guid(doc.guid, "document")
    # the coder of the first span, else the first coder: a tool that needs an owner
    # (QualCoder) otherwise invents one
    first = min(spans, key=lambda s: (s.created, s.id), default=None)
    creator = user_guid[first.coder_id] if first else next(iter(user_guid.values()), None)
    el = _e(parent, "TextSource", {
        "guid": guid, "name": xml_text(doc.title), "plainTextPath": f"internal://{guid}.txt",
        "creatingUser": creator, "creationDateTime": xml_datetime(doc.imported_at),
    })
    # metadata the variables cannot give back exactly, and the coders who marked the
    # document done, ride in the annotator-data line
    data: dict[str, object] = {}
    _, from_vars = fields_from_variables([(v.name, read_value(v.type, v.element, t)) for v, t in values])
    if doc.metadata and not same(from_vars, doc.metadata):
        data["metadata"] = doc.metadata
    if done:
        data["done"] = done
    if data:
        _e(el, "Description").text = xml_text(join_description("", data, _document_about(data, coder_names)))
    for span in spans:
        user = user_guid[span.coder_id]
        sel = _e(el, "PlainTextSelection", {
            "guid": export_guid(span.guid, "span"), "name": selection_name(span.text),
            "startPosition": str(span.start), "endPosition": str(span.end),
            "creatingUser": user, "creationDateTime": xml_datetime(span.created),
            "modifyingUser": user, "modifiedDateTime": xml_datetime(span.modified),
        })
        description = join_description(span.memo, {"attributes": span.attributes} if span.attributes else None,
                                       _span_about(span))
        if description:
            _e(sel, "Description").text = xml_text(description)
        coding = _e(sel, "Coding", {"guid": derived_guid("coding", span.guid), "creatingUser": user,
                                    "creationDateTime": xml_datetime(span.created)})
        _e(coding, "CodeRef", {"targetGUID": code_guid[span.code_id]})
    for var, text in values:
        value = _e(el, "VariableValue")
        _e(value, "VariableRef", {"targetGUID": var.guid})
        _e(value, var.element).text = xml_text(text)


def _span_about(span: Span) -> str:
    values = ", ".join(f"{k} = {v}" for k, v in sorted(span.attributes.items()))
    return f"Attribute values in annotator: {values}." if values else ""


def _document_about(data: dict[str, object], coder_names: dict[str, str]) -> str:
    parts = []
    if data.get("done"):
        done = data["done"]
        assert isinstance(done, list)
        names = sorted((coder_names.get(str(g), "a coder") for g in done), key=str.casefold)
        parts.append(f"Marked done in annotator by {', '.join(names)}.")
    if isinstance(data.get("metadata"), dict):
        parts.append("annotator keeps this document's metadata ("
                     + ", ".join(sorted(map(str, data["metadata"]))) + ") in the line below.")  # type: ignore[arg-type]
    return " ".join(parts)


def export_qdpx(project: "Project", path: str | Path, *, name: str | None = None) -> Path:
    """Write *project* as a REFI-QDA ``.qdpx`` archive at *path* (replaced atomically).

    *name* is the project name written in ``project.qde`` (default: the project
    file's name without its suffix)."""
    path = Path(path)
    docs = [project.document(d.id) for d in project.documents()]
    root = build_qde(project, docs, name if name is not None else project.path.stem)
    qde = xml_bytes(root, PROJECT_NS)

    def write(f) -> None:
        with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr(zipfile.ZipInfo("project.qde", _FIXED_TIME), qde, compress_type=zipfile.ZIP_DEFLATED)
            for doc in docs:
                info = zipfile.ZipInfo(source_member(export_guid(doc.guid, "document")), _FIXED_TIME)
                z.writestr(info, doc.text.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)

    write_atomically(path, write)
    return path
