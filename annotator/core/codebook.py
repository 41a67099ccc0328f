"""Codebook: codes, their attribute fields, and the file format they are shipped in.

The file format is JSON (``*.codebook.json``), readable and diff-able::

    {"format": "annotator-codebook", "version": 1,
     "codes": [{"name": "quote", "color": "#0072B2", "shortcut": "2",
                "description": "...",
                "attributes": [{"name": "speaker", "type": "text"}],
                "children": [...]}]}

Attribute field types: ``text``, ``number``, ``choice`` (with ``choices``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

FORMAT = "annotator-codebook"
VERSION = 1
#: Codes nested deeper than this are refused (a codebook is a few levels deep; a hostile file is thousands).
MAX_DEPTH = 64
FIELD_TYPES = ("text", "number", "choice")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")

# Okabe & Ito (2008), the colour-blind-safe palette; black left out (text colour).
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")


class CodebookError(ValueError):
    """A codebook file or attribute value that does not follow the declaration."""


@dataclass(frozen=True)
class AttributeField:
    name: str
    type: str = "text"
    choices: tuple[str, ...] = ()
    description: str = ""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.choices:
            out["choices"] = list(self.choices)
        if self.description:
            out["description"] = self.description
        return out

    @classmethod
    def from_json(cls, raw: Any, where: str) -> "AttributeField":
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
            raise CodebookError(f"{where}: an attribute field needs a non-empty 'name'")
        ftype = raw.get("type", "text")
        if ftype not in FIELD_TYPES:
            raise CodebookError(f"{where}: attribute '{raw['name']}' has type {ftype!r}; expected one of {', '.join(FIELD_TYPES)}")
        choices = raw.get("choices", [])
        if ftype == "choice" and (not isinstance(choices, list) or not choices or not all(isinstance(c, str) for c in choices)):
            raise CodebookError(f"{where}: choice attribute '{raw['name']}' needs a non-empty list of 'choices'")
        return cls(raw["name"].strip(), ftype, tuple(choices) if ftype == "choice" else (), str(raw.get("description", "")))


@dataclass(frozen=True)
class Code:
    id: int
    guid: str
    name: str
    parent_id: int | None
    description: str
    color: str
    shortcut: str
    position: int
    attributes: tuple[AttributeField, ...] = ()
    codable: bool = True  # False: a category, which groups codes and is never applied to text

    def field(self, name: str) -> AttributeField | None:
        return next((f for f in self.attributes if f.name == name), None)


@dataclass
class CodeSpec:
    """A code as read from a codebook file, before it has an id."""

    name: str
    description: str = ""
    color: str = ""
    shortcut: str = ""
    attributes: tuple[AttributeField, ...] = ()
    children: list["CodeSpec"] = field(default_factory=list)
    guid: str = ""
    codable: bool = True  # False: a category (groups codes, never applied)


def validate_attributes(fields: tuple[AttributeField, ...], values: dict[str, Any] | None, code_name: str) -> dict[str, Any]:
    """Check *values* against the code's declared *fields*; return them cleaned.

    Unknown keys, non-numbers for number fields and values outside a choice list
    raise :class:`CodebookError` naming the field. Empty values are dropped.
    """
    values = values or {}
    if not isinstance(values, dict):
        raise CodebookError(f"attributes of a '{code_name}' span must be an object, not {type(values).__name__}")
    by_name = {f.name: f for f in fields}
    clean: dict[str, Any] = {}
    for key, value in values.items():
        spec = by_name.get(key)
        if spec is None:
            declared = ", ".join(by_name) or "none"
            raise CodebookError(f"'{code_name}' has no attribute '{key}' (declared: {declared})")
        if value is None or value == "":
            continue
        if spec.type == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                try:
                    value = float(value) if "." in str(value) or "e" in str(value).lower() else int(value)
                except (TypeError, ValueError):
                    raise CodebookError(f"'{code_name}' attribute '{key}' must be a number, got {value!r}") from None
        elif spec.type == "choice":
            if value not in spec.choices:
                raise CodebookError(f"'{code_name}' attribute '{key}' must be one of {', '.join(spec.choices)}; got {value!r}")
        else:
            if not isinstance(value, str):
                raise CodebookError(f"'{code_name}' attribute '{key}' must be text, got {value!r}")
        clean[key] = value
    return clean


def _spec_from_json(raw: Any, where: str, depth: int = 1) -> CodeSpec:
    if not isinstance(raw, dict):
        raise CodebookError(f"{where}: each code must be an object")
    if depth > MAX_DEPTH:
        raise CodebookError(f"{where.split(' > ')[0]}: codes are nested more than {MAX_DEPTH} levels deep")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CodebookError(f"{where}: a code needs a non-empty 'name'")
    name = name.strip()
    if "/" in name:
        raise CodebookError(f"{where}: code name {name!r} may not contain '/' (it separates nested codes)")
    where = f"{where} > {name}"
    color = raw.get("color", "")
    if color and (not isinstance(color, str) or not _COLOR.match(color)):
        raise CodebookError(f"{where}: colour {color!r} is not of the form #RRGGBB")
    shortcut = raw.get("shortcut", "")
    if not isinstance(shortcut, str):
        raise CodebookError(f"{where}: shortcut must be a string such as \"1\"")
    fields = tuple(AttributeField.from_json(f, where) for f in raw.get("attributes", []))
    if len({f.name for f in fields}) != len(fields):
        raise CodebookError(f"{where}: attribute names must be unique")
    children = raw.get("children", [])
    if not isinstance(children, list):
        raise CodebookError(f"{where}: 'children' must be a list")
    kids = [_spec_from_json(c, where, depth + 1) for c in children]
    if len({k.name for k in kids}) != len(kids):
        raise CodebookError(f"{where}: two child codes share a name")
    return CodeSpec(name, str(raw.get("description", "")), color, shortcut, fields, kids, str(raw.get("guid", "")),
                    codable=raw.get("codable", True) is not False)


def parse_codebook(text: str, source: str = "codebook") -> list[CodeSpec]:
    """Parse a codebook file's text into a tree of :class:`CodeSpec`."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CodebookError(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise CodebookError(f"{source}: JSON nested too deeply to read") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise CodebookError(f"{source}: not an annotator codebook (expected \"format\": \"{FORMAT}\")")
    if raw.get("version", VERSION) > VERSION:
        raise CodebookError(f"{source}: codebook version {raw['version']} is newer than this annotator understands ({VERSION})")
    codes = raw.get("codes")
    if not isinstance(codes, list):
        raise CodebookError(f"{source}: 'codes' must be a list")
    specs = [_spec_from_json(c, source) for c in codes]
    if len({s.name for s in specs}) != len(specs):
        raise CodebookError(f"{source}: two top-level codes share a name")
    return specs


def dump_codebook(specs: list[CodeSpec]) -> str:
    """Serialise a tree of :class:`CodeSpec` in the codebook file format."""

    def one(s: CodeSpec) -> dict[str, Any]:
        out: dict[str, Any] = {"name": s.name}
        if s.guid:
            out["guid"] = s.guid
        out.update(color=s.color, shortcut=s.shortcut, description=s.description)
        if s.attributes:
            out["attributes"] = [f.to_json() for f in s.attributes]
        if not s.codable:
            out["codable"] = False
        if s.children:
            out["children"] = [one(c) for c in s.children]
        return out

    return json.dumps({"format": FORMAT, "version": VERSION, "codes": [one(s) for s in specs]}, ensure_ascii=False, indent=2) + "\n"
