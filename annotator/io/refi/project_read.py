"""Read a ``.qdpx`` into plain objects, touching no project.

Everything that can make the import fail is found here, before the project is
opened for writing: a file that is not a zip, a missing ``project.qde``, XML
that does not parse or declares entities, paths that leave the archive, sizes
past the limits. Parts of the file that are merely unusable (a PDF source, a
selection without a code) are collected as problems and skipped.

Two steps: :func:`parse_qdpx` reads the file, keeping each selection's offsets as
the file has them; :func:`resolve` decides how each source counts them (or takes
the reading it is given) and maps them into the stored text, reporting
selections that fall outside it or whose name disagrees. The import dialog
resolves again each time the user picks another reading; nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from annotator.core.text import excerpt, normalize_text
from annotator.io.refi.archive import Archive, unsafe_path
from annotator.io.refi.codebook import FileCode, read_codes
from annotator.io.refi.common import (
    Problem, RefiError, child, child_text, children, local, parse_xml, read_datetime,
)
from annotator.io.refi.offsets import (
    CHOICES, Decision, Reading, Selected, SourceEvidence, SourceText, decide_all, name_matches, reading_named,
    span_of,
)
from annotator.io.refi.variables import Variable, read_value

NON_TEXT_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")
#: What *offsets* accepts: ``auto`` (decided per source from evidence, see
#: :mod:`annotator.io.refi.offsets`) or a reading's name.
OFFSET_MODES = CHOICES
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
    """A ``PlainTextSelection``. Read with its file offsets; :func:`resolve` maps
    them to the normalised text."""

    guid: str
    start: int
    end: int
    user: str
    created: str | None
    modified: str | None
    description: str
    notes: list[str]
    codings: list[FileCoding]
    name: str | None = None


@dataclass
class FileSource:
    guid: str
    name: str
    text: str  # normalised: no BOM, LF line ends
    description: str
    values: list[tuple[str, Any]]
    selections: list[FileSelection]  # in the normalised text, once resolved
    raw_selections: list[FileSelection] = field(default_factory=list)  # file offsets
    whole: list[FileCoding] = field(default_factory=list)  # codings of the source as a whole
    source_text: SourceText | None = None
    decision: Decision | None = None


@dataclass
class FileProject:
    users: dict[str, str] = field(default_factory=dict)  # guid -> name
    codes: list[FileCode] = field(default_factory=list)
    sources: list[FileSource] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # found while reading the file
    notes: list[str] = field(default_factory=list)
    unreadable_times: int = 0
    origin: str = ""
    # set by resolve(), which may be run again with another reading
    offset_problems: list[Problem] = field(default_factory=list)
    offset_notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_qdpx(path: str | Path, *, offsets: str = "auto") -> FileProject:
    """Read and check a ``.qdpx`` and map its selections; raises :class:`RefiError`
    naming the file when it cannot (or must not) be imported. *offsets* is ``auto``
    or a reading (:data:`OFFSET_MODES`)."""
    forced = _forced(offsets)
    parsed = parse_qdpx(path)
    resolve(parsed, forced)
    return parsed


def _forced(offsets: str) -> Reading | None:
    try:
        return reading_named(offsets)
    except ValueError as exc:
        raise ValueError(f"offsets: {exc}") from None


def parse_qdpx(path: str | Path) -> FileProject:
    """Read and check a ``.qdpx`` without deciding how its offsets are counted."""
    path = Path(path)
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
        return _Reader(path, archive).project(root)


def resolve(parsed: FileProject, forced: Reading | str | None = None) -> list[Decision]:
    """Decide how each source counts offsets (or use *forced*) and map its selections
    into its normalised text. Selections out of range, or whose name disagrees with
    the text they would cover, are left out as problems. May be run again."""
    if isinstance(forced, str):
        forced = _forced(forced)
    parsed.offset_problems, parsed.offset_notes, parsed.warnings = [], [], []
    sources = [s for s in parsed.sources if s.source_text is not None]
    evidence = [SourceEvidence(s.name, s.source_text,
                               [Selected(x.start, x.end, x.name) for x in s.raw_selections]) for s in sources]
    decisions = decide_all(evidence, forced)
    for src, decision in zip(sources, decisions):
        src.decision = decision
        to_text = src.source_text.mapper(decision.reading)
        src.selections = [m for m in (_mapped(parsed, src, sel, decision, to_text) for sel in src.raw_selections)
                          if m]
        if src.whole:
            src.selections.append(FileSelection(src.whole[0].guid, 0, len(src.text), "", None, None, "", [],
                                                src.whole))
    _explain(parsed, [d for s, d in zip(sources, decisions) if s.raw_selections])
    return decisions


def _mapped(parsed: FileProject, src: FileSource, sel: FileSelection, decision: Decision,
            to_text: Callable[[int], tuple[int, bool] | None]) -> FileSelection | None:
    assert src.source_text is not None
    reading = decision.reading
    placed = span_of(src.source_text, Selected(sel.start, sel.end, sel.name), to_text)
    if placed is None:
        a, b = to_text(sel.start), to_text(sel.end)
        why = ("is outside its text" if a is None or b is None else
               "covers only a line break or byte-order mark" if a[0] == b[0] and sel.start < sel.end else "is empty")
        parsed.offset_problems.append(Problem(sel.guid, f"selection {sel.start}:{sel.end} in {src.name!r} {why}"
                                                        f" (offsets read as {reading.describe()})"))
        return None
    start, end = placed
    if decision.names_hold_text and sel.name and sel.name.strip() and not name_matches(sel.name, src.text[start:end]):
        parsed.offset_problems.append(Problem(sel.guid, (
            f"selection in {src.name!r}: its name says {excerpt(sel.name)!r} but offsets {sel.start}:"
            f"{sel.end}, read as {reading.describe()}, cover {excerpt(src.text[start:end])!r}")))
        return None
    return replace(sel, start=start, end=end)


def _explain(parsed: FileProject, decisions: list[Decision]) -> None:
    """One line saying how offsets were read (or one per source when they differ),
    and a warning naming the sources whose reading rests on weak evidence."""
    if not decisions:
        return
    forced = " (as chosen)" if decisions[0].forced else ""
    readings = {d.reading for d in decisions if not d.agree}
    if len(readings) <= 1:
        reading = next(iter(readings), decisions[0].reading)
        got = sum(d.fit[0] for d in decisions)
        of = sum(d.fit[1] for d in decisions)
        kind = "selection names match their text" if all(d.by_names for d in decisions) else "segments fit"
        where = "the source" if len(decisions) == 1 else f"all {len(decisions)} sources"
        parsed.offset_notes.append(f"offsets read as {reading.describe()}{forced} in {where} ({got}/{of} {kind})")
    else:
        for d in decisions:
            same = "; every reading gives the same positions here" if d.agree else ""
            parsed.offset_notes.append(f"{d.source}: offsets read as {d.reading.describe()}{forced}"
                                       f" ({d.evidence()}{same})")
    weak = [d for d in decisions if d.weak]
    if weak:
        parsed.warnings.append(
            "weak evidence for how offsets are counted in " + ", ".join(
                f"{d.source!r} ({d.evidence()})" for d in weak)
            + ": check a few segments, or choose a reading (--refi-offsets, or the choice in"
              " File > Import REFI-QDA Project)")


class _Reader:
    def __init__(self, path: Path, archive: Archive):
        self.path = path
        self.archive = archive
        self.out = FileProject()

    def _time(self, value: str | None) -> str | None:
        """A date-time of the file as stored; one that cannot be read is counted."""
        stamp, ok = read_datetime(value)
        if not ok:
            self.out.unreadable_times += 1
        return stamp

    def project(self, root: Element) -> FileProject:
        out = self.out
        out.origin = root.get("origin") or ""
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
        source_text = SourceText(raw)
        src = FileSource(guid, name, source_text.text, child_text(el, "Description") or "", self._values(el, guid), [],
                         source_text=source_text)
        for sel in children(el, "PlainTextSelection"):
            selection = self._selection(sel)
            if selection is not None:
                src.raw_selections.append(selection)
        src.whole = self._codings(el, el.get("creatingUser") or "", self._time(el.get("creationDateTime")))
        if src.whole:
            self.out.notes.append(f"TextSource {name!r} ({guid}) is coded as a whole; imported as spans over its"
                                  " whole text")
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

    def _selection(self, el: Element) -> FileSelection | None:
        guid = (el.get("guid") or "").strip()
        try:
            start, end = int(el.get("startPosition", "")), int(el.get("endPosition", ""))
        except ValueError:
            self.out.problems.append(Problem(guid, "selection without integer startPosition/endPosition"))
            return None
        if not 0 <= start < end:
            self.out.problems.append(Problem(guid, f"selection {start}:{end} is empty or negative"))
            return None
        user = (el.get("creatingUser") or "").strip()
        created = self._time(el.get("creationDateTime"))
        codings = self._codings(el, user, created)
        if not codings:
            self.out.problems.append(Problem(guid, f"selection {start}:{end} has no code"))
            return None
        return FileSelection(guid, start, end, user, created, self._time(el.get("modifiedDateTime")),
                             child_text(el, "Description") or "", self._note_texts(el), codings, el.get("name"))

    def _codings(self, el: Element, user: str, created: str | None) -> list[FileCoding]:
        out = []
        for c in children(el, "Coding"):
            ref = child(c, "CodeRef")
            target = (ref.get("targetGUID") or "").strip() if ref is not None else ""
            if not target:
                self.out.problems.append(Problem(c.get("guid", ""), "coding without a CodeRef"))
                continue
            out.append(FileCoding((c.get("guid") or "").strip(), target, (c.get("creatingUser") or user).strip(),
                                  self._time(c.get("creationDateTime")) or created, self._note_texts(c)))
        return out
