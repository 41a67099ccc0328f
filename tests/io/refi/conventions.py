"""Archives written the way other QDA tools write them (imported by name: pytest puts
this folder on sys.path).

Each :class:`Convention` says how a tool stores a text source (byte-order mark, line
ends) and counts offsets; what is known of each is in the issue and in QualCoder's
``refi.py`` (it writes sources with ``utf-8-sig``, offsets into the text after the
BOM, each selection's text as its ``name``; its "MAXQDA line endings" option turns
LF into CRLF in the file but not in the offsets).

:func:`build` writes a project from texts and segments by hand; :func:`convert`
rewrites an archive annotator exported into a convention, for round trips.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

from refi_helpers import make_zip

from annotator.io.refi.offsets import PRESETS, Reading, SourceText

NS = "urn:QDA-XML:project:1.0"
Q = f"{{{NS}}}"
CODE = "C0000000-0000-4000-8000-0000000000C1"
USER = "A0000000-0000-4000-8000-0000000000A1"


@dataclass(frozen=True)
class Convention:
    name: str
    origin: str
    bom: bool  # the source file starts with a BOM
    crlf: bool  # the source file has CRLF line ends
    reading: Reading  # how its offsets count
    names: bool  # selections carry their text as name


QUALCODER_LF = Convention("QualCoder", "QualCoder 3.6", True, False, PRESETS["qualcoder"], True)
QUALCODER_CRLF = Convention("QualCoder, MAXQDA line endings", "QualCoder 3.6", True, True, PRESETS["qualcoder"], True)
NVIVO = Convention("NVivo 12", "NVivo 12 (Windows)", True, True, PRESETS["nvivo"], False)
ATLAS = Convention("ATLAS.ti", "ATLAS.ti 23.2.1", True, True, PRESETS["atlas"], False)
STANDARD = Convention("standard (MAXQDA)", "MAXQDA 2022", False, True, PRESETS["standard"], False)
ALL = (QUALCODER_LF, QUALCODER_CRLF, NVIVO, ATLAS, STANDARD)


def file_text(conv: Convention, text: str) -> str:
    """The source file's text for stored *text* (LF, no BOM)."""
    return ("\ufeff" if conv.bom else "") + (text.replace("\n", "\r\n") if conv.crlf else text)


# texts with segments after emoji, astral characters, accents and many line breaks,
# and at the very start and end
TEXTS = {
    "ceasefire.txt": (
        "Ceasefire talks 🕊️ resume in Genève\n\nOfficials 😀 said the road to Kalbajar is closed 👩‍💻.\n\n\n\n"
        "Café owners in 𝄞 Stepanakert reopened.\nThe mayor said “We will return,” and left.\nLast line ends here"),
    "interview.txt": (
        "Q: Where were you?\nA: In Şuşa 🇦🇿, at the market.\n\n\nQ: And then?\nA: We left 🚗 at dawn, "
        "all of us, to Ağdam.\nQ: Thank you.\nA: Thank you 🙏"),
}
SEGMENTS = {
    "ceasefire.txt": ["Ceasefire talks", "Genève", "Officials", "road to Kalbajar", "Café owners",
                      "Stepanakert reopened", "“We will return,”", "Last line ends here"],
    "interview.txt": ["Q: Where were you?", "In Şuşa 🇦🇿", "the market", "And then?", "We left 🚗 at dawn",
                      "Ağdam", "Thank you 🙏"],
}


def spans_of(name: str) -> list[tuple[int, int]]:
    """Code-point spans of the segments in the stored text (each segment's last occurrence
    for the repeated ones, so that some sit at the very end)."""
    text = TEXTS[name]
    return [(text.rindex(seg), text.rindex(seg) + len(seg)) for seg in SEGMENTS[name]]


def _guid(prefix: str, n: int) -> str:
    return f"{prefix}0000000-0000-4000-8000-{n:012d}"


def build(path: Path, conv: Convention, texts: dict[str, str] | None = None,
          spans: dict[str, list[tuple[int, int]]] | None = None, *, names: bool | None = None) -> Path:
    """A ``.qdpx`` in *conv* holding *texts* (stored form) coded at *spans* (code points
    into the stored text; default: :data:`SEGMENTS`)."""
    texts = texts or TEXTS
    spans = spans or {name: spans_of(name) for name in texts}
    names = conv.names if names is None else names
    root = ET.Element("Project", {"xmlns": NS, "name": "p", "origin": conv.origin})
    ET.SubElement(ET.SubElement(root, "Users"), "User", {"guid": USER, "name": "Ana"})
    codes = ET.SubElement(ET.SubElement(root, "CodeBook"), "Codes")
    ET.SubElement(codes, "Code", {"guid": CODE, "name": "theme", "isCodable": "true"})
    sources = ET.SubElement(root, "Sources")
    members: dict[str, bytes | str] = {}
    n = 0
    for s, (name, text) in enumerate(texts.items(), 1):
        guid = _guid("E", s)
        raw = file_text(conv, text)
        members[f"sources/{guid}.txt"] = raw.encode("utf-8")
        src = ET.SubElement(sources, "TextSource", {"guid": guid, "name": name,
                                                    "plainTextPath": f"internal://{guid}.txt", "creatingUser": USER})
        mapped = SourceText(raw)
        for start, end in spans[name]:
            n += 1
            attrs = {"guid": _guid("F", n), "startPosition": str(mapped.to_file(start, conv.reading)),
                     "endPosition": str(mapped.to_file(end, conv.reading)), "creatingUser": USER,
                     "creationDateTime": "2026-12-06T19:57:40Z"}
            if names:
                attrs["name"] = text[start:end]
            sel = ET.SubElement(src, "PlainTextSelection", attrs)
            ET.SubElement(ET.SubElement(sel, "Coding", {"guid": _guid("D", n), "creatingUser": USER}),
                          "CodeRef", {"targetGUID": CODE})
    members["project.qde"] = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return make_zip(path, members)


def convert(exported: Path, conv: Convention, out: Path) -> Path:
    """Rewrite an archive annotator exported as *conv*'s tool would write it: its source
    files with the tool's BOM and line ends, its offsets counted the tool's way, its
    names kept or dropped."""
    ET.register_namespace("", NS)
    with zipfile.ZipFile(exported) as z:
        members = {n: z.read(n) for n in z.namelist()}
    root = ET.fromstring(members["project.qde"])
    root.set("origin", conv.origin)
    for src in root.iter(f"{Q}TextSource"):
        member = "sources/" + src.get("plainTextPath").removeprefix("internal://")
        raw = file_text(conv, members[member].decode("utf-8"))
        members[member] = raw.encode("utf-8")
        mapped = SourceText(raw)
        for sel in src.iter(f"{Q}PlainTextSelection"):
            for attr in ("startPosition", "endPosition"):
                sel.set(attr, str(mapped.to_file(int(sel.get(attr)), conv.reading)))
            if not conv.names:
                sel.attrib.pop("name", None)
    # a CR in element text must stay a character reference, or the parser reads a LF
    members["project.qde"] = ET.tostring(root, encoding="utf-8", xml_declaration=True).replace(b"\r", b"&#13;")
    return make_zip(out, members)
