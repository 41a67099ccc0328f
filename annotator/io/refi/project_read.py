"""Read a ``.qdpx`` into plain objects, touching no project.

Everything that can make the import fail is found here, before the project is
opened for writing: a file that is not a zip, a missing ``project.qde``, XML
that does not parse or declares entities, paths that leave the archive, sizes
past the limits. Parts of the file that are merely unusable (a PDF source, a
selection outside its text) are collected as problems and skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from annotator.core.text import normalize_text, normalized_offset
from annotator.io.refi.archive import Archive, unsafe_path
from annotator.io.refi.codebook import FileCode, read_codes
from annotator.io.refi.common import (
    Problem, RefiError, child, child_text, children, local, parse_xml, xml_datetime,
)
from annotator.io.refi.variables import Variable, read_value

NON_TEXT_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")
#: How a file counts selection offsets. ``raw``: in the text as stored, a BOM and
#: each CR of a CRLF counting as a character (the standard's reading).
#: ``normalized``: with line breaks as one character and no BOM, as ATLAS.ti
#: writes them (QualCoder's importer makes the same exception).
#: ``auto``: ``normalized`` for files whose origin names ATLAS.ti, else ``raw``.
OFFSET_MODES = ("auto", "raw", "normalized")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", re.S)


@dataclass
class FileCoding:
    guid: str
    code_guid: str
    user: str
    created: str | None
    notes: list[str] = field(default_factory=list)


@dataclass
class FileSelection:
    """A ``PlainTextSelection`` with offsets already mapped to the normalised text."""

    guid: str
    start: int
    end: int
    user: str
    created: str | None
    modified: str | None
    description: str
    notes: list[str]
    codings: list[FileCoding]


@dataclass
class FileSource:
    guid: str
    name: str
    text: str  # normalised: no BOM, LF line ends
    description: str
    values: list[tuple[str, Any]]
    selections: list[FileSelection]


@dataclass
class FileProject:
    users: dict[str, str] = field(default_factory=dict)  # guid -> name
    codes: list[FileCode] = field(default_factory=list)
    sources: list[FileSource] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_qdpx(path: str | Path, *, offsets: str = "auto") -> FileProject:
    """Read and check a ``.qdpx``; raises :class:`RefiError` naming the file when it
    cannot (or must not) be imported. *offsets* is one of :data:`OFFSET_MODES`."""
    path = Path(path)
    if offsets not in OFFSET_MODES:
        raise ValueError(f"offsets must be one of {', '.join(OFFSET_MODES)}, not {offsets!r}")
    with Archive(path) as archive:
        info = archive.find("project.qde")
        if info is None:
            qdes = [n for n in archive.zip.namelist() if n.lower().endswith(".qde") and "/" not in n.strip("/")]
            if len(qdes) != 1:
                raise RefiError(f"{path}: not a REFI-QDA project: the archive has no project.qde")
            info = archive.find(qdes[0])
        root = parse_xml(archive.read(info), f"{path}: {info.filename}")
        if local(root.tag) != "Project":
            raise RefiError(f"{path}: {info.filename} is not a REFI-QDA project"
                            f" (the root element is <{local(root.tag)}>, not <Project>)")
        if offsets == "auto":
            offsets = "normalized" if "atlas" in (root.get("origin") or "").lower() else "raw"
        return _Reader(path, archive, offsets).project(root)


class _Reader:
    def __init__(self, path: Path, archive: Archive, offsets: str):
        self.path = path
        self.archive = archive
        self.normalized = offsets == "normalized"
        self.out = FileProject()

    def project(self, root: Element) -> FileProject:
        out = self.out
        if self.normalized:
            out.notes.append(f"offsets read with each line break as one character and no byte-order mark"
                             f" (origin: {root.get('origin') or 'not given'})")
        for users in children(root, "Users"):
            for u in children(users, "User"):
                guid = (u.get("guid") or "").strip()
                if guid:
                    out.users.setdefault(guid, (u.get("name") or u.get("id") or "").strip())
        book = child(root, "CodeBook")
        codes = child(book, "Codes") if book is not None else None
        out.codes = read_codes(codes, str(self.path)) if codes is not None else []
        variables = {}
        for vars_el in children(root, "Variables"):
            for v in children(vars_el, "Variable"):
                guid = (v.get("guid") or "").strip()
                variables[guid] = Variable(guid, v.get("name") or guid, v.get("typeOfVariable") or "Text")
        self.variables = variables
        self.notes = self._notes(root)
        ignored = [local(c.tag) for c in root if local(c.tag) in ("Cases", "Sets", "Graphs", "Links")]
        if ignored:
            out.notes.append(f"not imported (annotator has no place for them): {', '.join(ignored)}")
        for sources in children(root, "Sources"):
            for el in sources:
                kind = local(el.tag)
                guid = (el.get("guid") or "").strip()
                name = el.get("name") or ""
                if kind == "TextSource":
                    self._text_source(el, guid, name)
                elif kind:
                    out.skipped.append(Problem(guid, f"{kind} {name!r} skipped: annotator codes text only"))
        return out

    # -- text -------------------------------------------------------------------------------
    def _text_of(self, el: Element, what: str) -> tuple[str | None, str]:
        """(raw text, "") or (None, why not) for a TextSource-like element."""
        inline = child_text(el, "PlainTextContent")
        if inline:
            return inline, ""
        ref = (el.get("plainTextPath") or "").strip()
        if not ref:
            return None, "it has neither PlainTextContent nor a plainTextPath"
        m = _SCHEME.match(ref)
        scheme, rest = (m.group(1).lower(), m.group(2)) if m else ("", ref)
        if scheme in ("", "internal"):
            if unsafe_path(rest):
                raise RefiError(f"{self.path}: refused: {what} points outside the archive ({ref})")
        elif scheme != "relative" or unsafe_path(rest):
            return None, f"its text is outside the archive ({ref}); an import reads only the archive"
        info = self.archive.find(f"sources/{rest}") or self.archive.find(rest)
        if info is None:
            return None, f"its text file {ref} is not in the archive"
        data = self.archive.read(info)
        try:
            return data.decode("utf-8"), ""
        except UnicodeDecodeError as exc:
            return None, f"its text file {info.filename} is not UTF-8 ({exc.reason} at byte {exc.start})"

    def _notes(self, root: Element) -> dict[str, str]:
        """Note GUID -> text, for memos other tools keep as notes."""
        notes: dict[str, str] = {}
        for notes_el in children(root, "Notes"):
            for note in children(notes_el, "Note"):
                guid = (note.get("guid") or "").strip()
                raw, why = self._text_of(note, f"note {guid}")
                if raw is None:
                    self.out.notes.append(f"note {guid} not read: {why}")
                else:
                    notes[guid.lower()] = normalize_text(raw)
        return notes

    def _note_texts(self, el: Element) -> list[str]:
        """Texts of the notes *el* itself refers to (its memos in other tools)."""
        refs = [(r.get("targetGUID") or "").strip().lower() for r in children(el, "NoteRef")]
        return [self.notes[r] for r in refs if r in self.notes]

    # -- sources --------------------------------------------------------------------------------
    def _text_source(self, el: Element, guid: str, name: str) -> None:
        raw, why = self._text_of(el, f"TextSource {guid}")
        if raw is not None and not normalize_text(raw):
            raw, why = None, "its text is empty"
        if raw is None:
            self.out.skipped.append(Problem(guid, f"TextSource {name!r} skipped: {why}"))
            return
        text = normalize_text(raw)
        src = FileSource(guid, name, text, child_text(el, "Description") or "", self._values(el, guid), [])
        for sel in children(el, "PlainTextSelection"):
            selection = self._selection(sel, raw, text)
            if selection is not None:
                src.selections.append(selection)
        whole = self._codings(el, el.get("creatingUser") or "", xml_datetime(el.get("creationDateTime") or ""))
        if whole:
            self.out.notes.append(f"TextSource {name!r} ({guid}) is coded as a whole; imported as spans over its"
                                  " whole text")
            src.selections.append(FileSelection(whole[0].guid, 0, len(text), "", None, None, "", [], whole))
        self.out.sources.append(src)

    def _values(self, el: Element, source_guid: str) -> list[tuple[str, Any]]:
        out = []
        for vv in children(el, "VariableValue"):
            ref = child(vv, "VariableRef")
            var = self.variables.get((ref.get("targetGUID") or "").strip()) if ref is not None else None
            value_el = next((c for c in vv if local(c.tag) != "VariableRef"), None)
            if var is None or value_el is None:
                self.out.problems.append(Problem(source_guid, "a variable value refers to no declared variable"))
                continue
            try:
                out.append((var.name, read_value(var.type, local(value_el.tag), value_el.text or "")))
            except ValueError as exc:
                self.out.problems.append(Problem(var.guid, f"value of variable {var.name!r} not read: {exc}"))
        return out

    def _selection(self, el: Element, raw: str, text: str) -> FileSelection | None:
        guid = (el.get("guid") or "").strip()
        try:
            start, end = int(el.get("startPosition", "")), int(el.get("endPosition", ""))
        except ValueError:
            self.out.problems.append(Problem(guid, "selection without integer startPosition/endPosition"))
            return None
        counted = text if self.normalized else raw
        if not 0 <= start < end <= len(counted):
            self.out.problems.append(Problem(
                guid, f"selection {start}:{end} is outside its text (0:{len(counted)}) or empty"))
            return None
        if counted != text:
            start, end = normalized_offset(raw, start), normalized_offset(raw, end)
            if start >= end:
                self.out.problems.append(Problem(guid, "selection covers only a line break or byte-order mark"))
                return None
        user = (el.get("creatingUser") or "").strip()
        created = xml_datetime(el.get("creationDateTime") or "")
        codings = self._codings(el, user, created)
        if not codings:
            self.out.problems.append(Problem(guid, f"selection {start}:{end} has no code"))
            return None
        return FileSelection(guid, start, end, user, created, xml_datetime(el.get("modifiedDateTime") or ""),
                             child_text(el, "Description") or "", self._note_texts(el), codings)

    def _codings(self, el: Element, user: str, created: str | None) -> list[FileCoding]:
        out = []
        for c in children(el, "Coding"):
            ref = child(c, "CodeRef")
            target = (ref.get("targetGUID") or "").strip() if ref is not None else ""
            if not target:
                self.out.problems.append(Problem(c.get("guid", ""), "coding without a CodeRef"))
                continue
            out.append(FileCoding((c.get("guid") or "").strip(), target, (c.get("creatingUser") or user).strip(),
                                  xml_datetime(c.get("creationDateTime") or "") or created, self._note_texts(c)))
        return out
