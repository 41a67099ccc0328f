"""Codes in REFI-QDA: the ``<Code>`` tree shared by ``.qdpx`` and ``.qdc``, and the
``.qdc`` codebook export and import.

A code's definition is its ``Description``; its shortcut and attribute fields,
which REFI-QDA has no place for, ride in the ``annotator-data`` line (see
:mod:`annotator.io.refi.common`). A category (a code that only groups codes) is
written with ``isCodable="false"`` and comes back as one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator import __version__
from annotator.core.codebook import AttributeField, CodebookError, CodeSpec
from annotator.io.refi.common import (
    CODEBOOK_NS, RefiReport, RefiError, child_text, children, export_guid, join_description, local, parse_xml,
    rgb, split_description, xml_text,
)
from annotator.io.refi.writing import write_atomically, xml_bytes
from annotator.store.errors import ProjectError

if TYPE_CHECKING:
    from annotator.store import Project

#: Largest ``.qdc`` file an import reads.
MAX_QDC_BYTES = 64 * 1024 * 1024
#: Deepest code nesting an import accepts (a deeper tree is refused, not recursed into).
MAX_CODE_DEPTH = 64
#: Stands in for "/" in code names from other tools ("/" separates nested codes here).
SLASH_STANDIN = "\u2215"


# -- writing -------------------------------------------------------------------------------
def code_element(spec: CodeSpec) -> ET.Element:
    """A ``<Code>`` for *spec* and, nested, its children (same in both namespaces)."""
    el = ET.Element("Code", {"guid": export_guid(spec.guid, "code"), "name": xml_text(spec.name),
                             "isCodable": "true" if spec.codable else "false"})
    if rgb(spec.color):
        el.set("color", rgb(spec.color))
    data: dict[str, Any] = {}
    if spec.shortcut:
        data["shortcut"] = spec.shortcut
    if spec.attributes:
        data["attributes"] = [f.to_json() for f in spec.attributes]
    description = join_description(spec.description, data, _code_about(spec))
    if description:
        ET.SubElement(el, "Description").text = xml_text(description)
    for kid in spec.children:
        el.append(code_element(kid))
    return el


def _code_about(spec: CodeSpec) -> str:
    parts = []
    if spec.shortcut:
        parts.append(f"Shortcut key in annotator: {spec.shortcut}.")
    if spec.attributes:
        fields = ", ".join(f"{f.name} ({f.type}{': ' + ' / '.join(f.choices) if f.choices else ''})"
                           for f in spec.attributes)
        parts.append(f"Attributes a span of this code carries in annotator: {fields}.")
    return " ".join(parts)


def export_qdc(project: "Project", path: str | Path) -> Path:
    """Write the project's codebook as a REFI-QDA ``.qdc`` file (valid against
    Codebook.xsd); written to a temporary file and renamed into place."""
    path = Path(path)
    specs = project.codebook_specs()
    if not specs:
        raise RefiError(f"{path}: the project has no codes to export (a REFI-QDA codebook needs at least one)")
    root = ET.Element("CodeBook", {"origin": _origin()})
    codes = ET.SubElement(root, "Codes")
    for spec in specs:
        codes.append(code_element(spec))
    data = xml_bytes(root, CODEBOOK_NS)
    write_atomically(path, lambda f: f.write(data))
    return path


def _origin() -> str:
    return f"annotator {__version__}"


# -- reading ---------------------------------------------------------------------------------
@dataclass
class FileCode:
    """A ``<Code>`` as the file has it."""

    guid: str
    name: str
    description: str | None
    color: str
    codable: bool
    children: list["FileCode"] = field(default_factory=list)


def read_codes(parent: ET.Element, where: str, depth: int = 0) -> list[FileCode]:
    """The ``<Code>`` children of *parent* (a ``<Codes>`` or a ``<Code>``), nested;
    *where* names the file in errors."""
    if depth > MAX_CODE_DEPTH:
        raise RefiError(f"{where}: refused: codes nested more than {MAX_CODE_DEPTH} deep")
    out = []
    for el in children(parent, "Code"):
        out.append(FileCode(
            guid=(el.get("guid") or "").strip(), name=el.get("name") or "",
            description=child_text(el, "Description"), color=el.get("color") or "",
            codable=(el.get("isCodable") or "true").strip().lower() not in ("false", "0"),
            children=read_codes(el, where, depth + 1),
        ))
    return out


def merge_codes(project: "Project", codes: list[FileCode], report: RefiReport,
                coded: set[str] | None = None) -> dict[str, int]:
    """Merge the file's code tree into the project (inside the caller's transaction)
    and return file GUID -> project code id.

    A category (``isCodable="false"``) stays one, unless the file codes text with it
    (*coded*: the GUIDs its codings refer to) or the project already has spans of
    that code: then it is imported as a code that can be applied, with a note.

    Codes are matched by path, as :meth:`Project.import_codebook` does; a matched
    code keeps its GUID, and keeps its shortcut, attribute fields and definition
    where the file says nothing about them. A file GUID that another code of the
    project already holds is not reused (the code gets a new one; noted)."""
    existing = {c.guid.lower(): path for c, path in _codes_with_paths(project)}
    seen: set[str] = set()
    paths: dict[str, str] = {}

    def spec(code: FileCode, prefix: str, taken: set[str]) -> CodeSpec:
        name = _clean_name(code, taken, prefix, report)
        path = f"{prefix}{name}"
        text, data = split_description(code.description or "")
        data = data or {}
        current = project.code_by_path(path)
        fields = _fields(data, path, report)
        guid = code.guid
        if guid and (guid.lower() in seen or existing.get(guid.lower(), path) != path):
            report.notes.append(f"code {path!r}: GUID {guid} is already used by another code; given a new one")
            guid = ""
        seen.add(code.guid.lower())
        if code.guid:
            paths.setdefault(code.guid, path)  # a GUID given twice means its first code
        codable = code.codable
        if not codable and (code.guid in (coded or set())
                            or (current and project.span_counts_by_code().get(current.id))):
            codable = True
            report.notes.append(f"code {path!r} is a category (not codable) in the file, but text is coded with it;"
                                " imported as a code that can be applied")
        kids: set[str] = set()
        return CodeSpec(
            name=name,
            description=text if code.description is not None or current is None else current.description,
            color=rgb(code.color),
            shortcut=data["shortcut"] if isinstance(data.get("shortcut"), str) else (current.shortcut if current else ""),
            attributes=fields if fields is not None else (current.attributes if current else ()),
            children=[spec(k, f"{path}/", kids) for k in code.children],
            guid=guid,
            codable=codable,
        )

    top: set[str] = set()
    specs = [spec(c, "", top) for c in codes]
    try:
        added, updated = project.import_codebook(specs)
    except (CodebookError, ProjectError) as exc:
        raise RefiError(f"{report.file}: the codebook cannot be merged: {exc}") from None
    report.codes_added += added
    report.codes_updated += updated
    ids: dict[str, int] = {}
    for guid, path in paths.items():
        code = project.code_by_path(path)
        if code is not None:
            ids[guid] = code.id
    return ids


def _codes_with_paths(project: "Project"):
    paths = project.code_paths()
    return [(c, paths[c.id]) for c in project.codes()]


def _clean_name(code: FileCode, taken: set[str], prefix: str, report: RefiReport) -> str:
    """A name the store accepts: no "/", not empty, unique among its siblings."""
    name = code.name.strip().replace("/", SLASH_STANDIN) or "unnamed code"
    if name != code.name:
        report.notes.append(f"code {prefix + code.name!r} ({code.guid}) imported as {prefix + name!r}")
    base, n = name, 2
    while name.lower() in taken:
        name = f"{base} ({n})"
        n += 1
    if name != base:
        report.notes.append(f"code {prefix + base!r} ({code.guid}) appears twice among its siblings;"
                            f" the second is imported as {prefix + name!r}")
    taken.add(name.lower())
    return name


def _fields(data: dict[str, Any], path: str, report: RefiReport) -> tuple[AttributeField, ...] | None:
    if "attributes" not in data:
        return None
    try:
        raw = data["attributes"]
        if not isinstance(raw, list):
            raise CodebookError("'attributes' must be a list")
        fields = tuple(AttributeField.from_json(f, f"code {path!r}") for f in raw)
        if len({f.name for f in fields}) != len(fields):
            raise CodebookError("attribute names must be unique")
        return fields
    except CodebookError as exc:
        report.notes.append(f"code {path!r}: attribute fields in its annotator-data line ignored ({exc})")
        return None


def import_qdc(project: "Project", path: str | Path) -> RefiReport:
    """Merge a REFI-QDA ``.qdc`` codebook into the project, in one transaction.
    Raises :class:`RefiError` (project unchanged) for a file that cannot be read."""
    path = Path(path)
    report = RefiReport(str(path))
    try:
        size = path.stat().st_size
        if size > MAX_QDC_BYTES:
            raise RefiError(f"{path}: refused: {size:,} bytes (a codebook is at most {MAX_QDC_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise RefiError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    root = parse_xml(data, str(path))
    if local(root.tag) != "CodeBook":
        raise RefiError(f"{path}: not a REFI-QDA codebook (the root element is <{local(root.tag)}>, not <CodeBook>)")
    codes_el = next(iter(children(root, "Codes")), None)
    codes = read_codes(codes_el, str(path)) if codes_el is not None else []
    if not codes:
        raise RefiError(f"{path}: the codebook holds no codes")
    sets = [s.get("name") or s.get("guid") or "unnamed" for sets_el in children(root, "Sets")
            for s in children(sets_el, "Set")]
    if sets:
        report.notes.append(f"not imported (annotator has no code groups): {len(sets)} set(s) of codes"
                            f" (ATLAS.ti code groups): {', '.join(repr(s) for s in sets[:10])}"
                            + (" ..." if len(sets) > 10 else ""))
    with project.transaction():
        merge_codes(project, codes, report)
    return report


__all__ = ["MAX_QDC_BYTES", "code_element", "export_qdc", "import_qdc", "merge_codes", "read_codes"]
