"""What the REFI-QDA reader and writers share: namespaces, limits, errors, the
import report, safe XML parsing and the ``annotator-data`` description line.

REFI-QDA has no slot for some things annotator keeps (a code's shortcut and
attribute fields, a span's attribute values, document metadata that is not a
simple value). They travel as one JSON line at the end of the element's
``Description``, prefixed with :data:`DATA_PREFIX`, after a sentence saying the
same in words for the users of other tools (names, never GUIDs)::

    The coder's memo, as many lines as it has
    Attribute values (annotator): speaker = Ilham Aliyev.
    annotator-data: {"about": "Attribute values ...", "attributes": {"speaker": "Ilham Aliyev"}}

Other tools show both lines as part of the description; annotator reads them
back and strips them, so the round trip is exact and the files stay schema-valid.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from annotator.io.errors import Problem

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"

#: Last line of a Description that carries what REFI-QDA has no place for.
DATA_PREFIX = "annotator-data: "

#: Fixed namespace for GUIDs annotator derives (variables, codings): the same
#: input gives the same GUID on every export.
GUID_NAMESPACE = uuid.UUID("6f1d4a52-3c2e-4b7a-9d51-0a1e2f6c8b37")

# -- limits on what an import reads (zip bombs, absurd files) -------------------------
#: Total bytes an import decompresses (project.qde plus the text sources it reads);
#: ten thousand long news articles come to about 100 MB.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
#: Largest uncompressed/compressed ratio accepted for one member; text and XML
#: compress 3-20x, a bomb 1,000x or more.
MAX_COMPRESSION_RATIO = 200
#: Members smaller than this are not held to the ratio (tiny files compress oddly).
RATIO_CHECK_MIN_BYTES = 1024 * 1024
#: Members an archive may list at all.
MAX_MEMBERS = 100_000

_GUID = re.compile(r"^(\{)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?(1)\})$")
_RGB = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
# characters XML 1.0 cannot carry at all
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class RefiError(ValueError):
    """A REFI-QDA file that cannot be read or written; the message names the file.
    Raised before anything is written: the project is unchanged."""




@dataclass
class RefiReport:
    """What a REFI-QDA import (one .qdpx project or .qdc codebook) did; articles and span
    files report in :class:`annotator.io.importer.ImportReport`. Counts and lists of what
    was added; ``problems`` are parts of the file left out (with their GUIDs), ``notes``
    are things done differently from the file (a renamed code, a category imported as a code)."""

    file: str
    documents_added: int = 0
    documents_reused: int = 0
    codes_added: list[str] = field(default_factory=list)
    codes_updated: list[str] = field(default_factory=list)
    coders_added: list[str] = field(default_factory=list)
    spans_added: int = 0
    spans_already_present: int = 0
    skipped_sources: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    offsets: list[str] = field(default_factory=list)  # how offsets were read, per source or once
    warnings: list[str] = field(default_factory=list)  # weak evidence for how offsets were read
    unreadable_times: int = 0  # date-times of the file that could not be read

    def refused(self) -> int:
        """Parts of the file that should have gone in and did not: selections left out (a text
        that does not match, a bad offset) and text sources that could not be read. Sources of
        kinds annotator does not code (audio, PDF, pictures) are skipped by design, not refused."""
        return len(self.problems) + sum(1 for p in self.skipped_sources
                                        if p.message.startswith("TextSource "))

    def summary(self) -> str:
        """A few lines for the CLI and the import dialog."""
        counts = [
            (self.documents_added, "document(s) added"), (self.documents_reused, "document(s) already present"),
            (len(self.codes_added), "code(s) added"), (len(self.codes_updated), "code(s) updated"),
            (len(self.coders_added), "coder(s) added"), (self.spans_added, "span(s) added"),
            (self.spans_already_present, "span(s) already present"),
        ]
        done = ", ".join(f"{n} {what}" for n, what in counts if n) or "nothing new"
        lines = [f"{self.file}: {done}"]
        lines += [f"warning: {w}" for w in self.warnings]
        lines += self.offsets
        if self.unreadable_times:
            lines.append(f"{self.unreadable_times} date-time(s) in the file could not be read;"
                         " what they dated carries the import time instead")
        lines += [f"skipped source {p}" for p in self.skipped_sources]
        lines += [f"not imported: {p}" for p in self.problems]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


# -- GUIDs, colours, dates, text --------------------------------------------------------
def derived_guid(*parts: str) -> str:
    """A GUID that is the same on every export for the same *parts*."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(parts))).upper()


def export_guid(guid: str, kind: str) -> str:
    """*guid* if REFI-QDA accepts it, else a stable GUID derived from it."""
    return guid if guid and _GUID.match(guid) else derived_guid(kind, guid)


def rgb(color: str) -> str:
    """``#RRGGBB`` for a REFI colour (``#RGB`` expanded), or "" when it is not one."""
    color = (color or "").strip()
    if not _RGB.match(color):
        return ""
    if len(color) == 4:
        color = "#" + "".join(ch * 2 for ch in color[1:])
    return color


_STAMP = re.compile(r"^(-?\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d(?:Z)?)?$")


def _parse_stamp(stamp: str) -> datetime | None:
    m = _STAMP.match(stamp.strip())
    if not m:
        return None
    zone = m.group(3) or "+00:00"  # no zone: UTC, as the tools that omit it mean it
    if zone.endswith("Z") and len(zone) > 1:
        zone = zone[:-1]  # "+00:00Z": QualCoder's re-export of an offset it read
    if zone == "Z":
        zone = "+00:00"
    try:
        return datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}{zone}")
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)  # spans made in one session share their stamps
def xml_datetime(stamp: str) -> str | None:
    """*stamp* (a stored ISO date-time) in UTC as other tools write it,
    ``2026-12-06T19:57:40Z``; None when it is not a date-time."""
    if not stamp:
        return None
    moment = _parse_stamp(stamp)
    if moment is None:
        return None
    moment = moment.astimezone(timezone.utc)
    fraction = f".{moment.microsecond:06d}".rstrip("0") if moment.microsecond else ""
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def read_datetime(value: str | None) -> tuple[str | None, bool]:
    """A file's date-time as annotator stores it (UTC, ``+00:00``), and whether it
    could be read. Accepts ``Z``, ``+00:00`` (any offset), no zone (taken as UTC) and
    the ``+00:00Z`` QualCoder writes back. (None, True) when there is none."""
    if value is None or not value.strip():
        return None, True
    moment = _parse_stamp(value)
    if moment is None:
        return None, False
    return moment.astimezone(timezone.utc).isoformat(), True


def xml_text(value: str) -> str:
    """*value* without the characters XML 1.0 cannot hold (replaced by U+FFFD)."""
    return _XML_ILLEGAL.sub("\ufffd", value)


# -- the annotator-data line -----------------------------------------------------------------
def join_description(text: str, data: dict[str, Any] | None, about: str = "") -> str:
    """*text*, then *about* (a sentence saying in words what the data holds, for the
    users of other tools), then the ``annotator-data`` line when there is *data*.

    A text that itself contains the prefix gets an empty data line, so that
    :func:`split_description` never mistakes the user's words for data."""
    if not data and DATA_PREFIX not in text:
        return text
    data = dict(data or {})
    about = " ".join(about.split())
    if about and data:
        data["about"] = about  # so that the sentence is recognised, and dropped, on import
    line = DATA_PREFIX + json.dumps(data, ensure_ascii=False, sort_keys=True)
    return "\n".join(part for part in (text, about if data else "", line) if part)


def split_description(description: str) -> tuple[str, dict[str, Any] | None]:
    """Undo :func:`join_description`: (the text, the data or None)."""
    if description.startswith(DATA_PREFIX) and "\n" not in description:
        head, line = "", description
    else:
        cut = description.rfind("\n" + DATA_PREFIX)
        if cut < 0 or "\n" in description[cut + 1:]:
            return description, None
        head, line = description[:cut], description[cut + 1:]
    try:
        data = json.loads(line[len(DATA_PREFIX):])
    except (json.JSONDecodeError, RecursionError):  # hostile nesting: kept as plain text
        return description, None
    if not isinstance(data, dict):
        return description, None
    about = data.pop("about", None)
    if isinstance(about, str) and about:
        if head == about:
            head = ""
        elif head.endswith("\n" + about):
            head = head[: -len(about) - 1]
    return head, data


# -- XML ---------------------------------------------------------------------------------------
def parse_xml(data: bytes, where: str) -> Element:
    """Parse untrusted XML: entity declarations and external references are refused
    (no billion laughs, no reading local files)."""
    try:
        return SafeET.fromstring(data)
    except defusedxml.DefusedXmlException as exc:
        raise RefiError(f"{where}: refused: the XML declares entities or external references ({exc})") from None
    except ParseError as exc:
        raise RefiError(f"{where}: not well-formed XML ({exc})") from None
    except LookupError as exc:  # <?xml encoding="..."?> names an encoding Python does not know
        raise RefiError(f"{where}: cannot be read: {exc}") from None


def local(tag: str) -> str:
    """The tag without its namespace (tools differ in how they declare it)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(el: Element, name: str) -> list[Element]:
    return [c for c in el if local(c.tag) == name]


def child(el: Element, name: str) -> Element | None:
    return next((c for c in el if local(c.tag) == name), None)


def child_text(el: Element, name: str) -> str | None:
    """The text of the first child called *name* ("" when empty), None when absent."""
    c = child(el, name)
    return None if c is None else (c.text or "")
