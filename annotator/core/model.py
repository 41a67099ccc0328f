"""Plain data objects shared by every layer. The store returns these, never rows."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class DocStatus(str, enum.Enum):
    """A coder's progress on one document."""

    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    DONE = "done"


@dataclass(frozen=True)
class Document:
    id: int
    guid: str
    title: str
    source: str
    url: str
    published: str
    filename: str
    text: str
    sha256: str
    char_count: int
    metadata: dict[str, Any]
    imported_at: str


@dataclass(frozen=True)
class DocumentSummary:
    """A document without its text, for lists."""

    id: int
    title: str
    source: str
    published: str
    filename: str
    char_count: int
    sha256: str


@dataclass(frozen=True)
class NewDocument:
    """What an importer hands to the store: the text is already normalised."""

    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    filename: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Coder:
    id: int
    guid: str
    name: str


@dataclass(frozen=True)
class Span:
    id: int
    guid: str
    document_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    text: str
    memo: str
    attributes: dict[str, Any]
    created: str
    modified: str

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end
