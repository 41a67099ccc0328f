"""Document metadata as REFI-QDA variables.

Each document's outlet, URL, publication date and file name become the
variables ``Outlet``, ``URL``, ``Published`` (a Date when every value is
``YYYY-MM-DD``, else Text) and ``File name``; each key of its metadata becomes
a variable of the same name (``metadata: <key>`` if the key is one of those
four) typed Boolean, Integer, Float or Text by its values. Variable GUIDs are
derived from the names, so they are the same on every export.

Metadata that variables cannot carry exactly (nested values, mixed types, empty
strings) is written whole to the source's ``annotator-data`` line as well.
On import, variables from other tools land in the document's metadata.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from annotator.core.model import Document
from annotator.io.refi.common import derived_guid

#: REFI variable name -> document field.
STANDARD = {"Outlet": "source", "URL": "url", "Published": "published", "File name": "filename"}
METADATA_PREFIX = "metadata: "
_RESERVED = {name.casefold() for name in STANDARD}
_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
_ELEMENT = {"Text": "TextValue", "Boolean": "BooleanValue", "Integer": "IntegerValue", "Float": "FloatValue",
            "Date": "DateValue", "DateTime": "DateTimeValue"}


@dataclass(frozen=True)
class Variable:
    guid: str
    name: str
    type: str  # REFI typeOfVariable

    @property
    def element(self) -> str:
        """The VariableValue child that holds a value of this type."""
        return _ELEMENT[self.type]


def variable_name(key: str) -> str:
    """The variable that carries metadata *key*."""
    if key.casefold() in _RESERVED or key.startswith(METADATA_PREFIX):
        return METADATA_PREFIX + key
    return key


def _is_date(value: str) -> bool:
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _type_of(values: list[Any]) -> str | None:
    if all(isinstance(v, bool) for v in values):
        return "Boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "Integer"
    if all(isinstance(v, float) and math.isfinite(v) for v in values):
        return "Float"
    if all(isinstance(v, str) for v in values):
        return "Text"
    return None


def _text(value: Any, vtype: str) -> str:
    if vtype == "Boolean":
        return "true" if value else "false"
    if vtype == "Float":
        return format(Decimal(repr(value)), "f")
    return str(value)


def document_variables(docs: list[Document]) -> tuple[list[Variable], dict[int, list[tuple[Variable, str]]]]:
    """The variables to declare (the standard four, then metadata keys by name), and
    per document id its (variable, value text) pairs."""
    columns: dict[str, list[tuple[int, Any]]] = {}
    for doc in docs:
        for name, attr in STANDARD.items():
            if getattr(doc, attr):
                columns.setdefault(name, []).append((doc.id, getattr(doc, attr)))
        for key, value in doc.metadata.items():
            if value is not None and value != "":
                columns.setdefault(variable_name(key), []).append((doc.id, value))
    variables: list[Variable] = []
    values: dict[int, list[tuple[Variable, str]]] = {doc.id: [] for doc in docs}
    order = list(STANDARD)
    for name, pairs in sorted(columns.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 4, kv[0])):
        vtype = _type_of([v for _, v in pairs])
        if name == "Published" and all(_is_date(v) for _, v in pairs):
            vtype = "Date"
        if vtype is None:
            continue  # carried by the annotator-data line only
        var = Variable(derived_guid("variable", name), name, vtype)
        variables.append(var)
        for doc_id, value in pairs:
            values[doc_id].append((var, _text(value, vtype)))
    return variables, values


def read_value(vtype: str, element: str, text: str) -> Any:
    """A VariableValue's content as Python (raises ValueError when it is not of its type)."""
    text = text.strip() if element != "TextValue" else text
    if element == "BooleanValue":
        if text.lower() not in ("true", "false", "1", "0"):
            raise ValueError(f"{text!r} is not a boolean")
        return text.lower() in ("true", "1")
    if element == "IntegerValue":
        return int(text)
    if element == "FloatValue":
        return float(text)
    return text


def fields_from_variables(values: list[tuple[str, Any]]) -> tuple[dict[str, str], dict[str, Any]]:
    """Document fields and metadata from (variable name, value) pairs."""
    fields: dict[str, str] = {}
    metadata: dict[str, Any] = {}
    by_folded = {name.casefold(): attr for name, attr in STANDARD.items()}
    for name, value in values:
        attr = by_folded.get(name.strip().casefold())
        if attr is not None:
            fields[attr] = value if isinstance(value, str) else json.dumps(value)
        elif name.startswith(METADATA_PREFIX):
            metadata[name[len(METADATA_PREFIX):]] = value
        else:
            metadata[name] = value
    return fields, metadata


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Equal including types (1 is not 1.0 nor True)."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
