"""CSV dumps from Media Cloud and GDELT: their usual column names mapped to the
document fields, with no flags needed.

- Media Cloud: ``title``, ``url``, ``publish_date``, ``media_name``, ``media_url``,
  ``language``, ``stories_id``/``id``; the text, when the dump has it, in
  ``text``/``story_text``/``full_text``.
- GDELT (GKG, DOC API article lists): ``DocumentIdentifier`` or ``URL``,
  ``SourceCommonName`` or ``domain``, ``DATE``/``seendate`` (``20190701T092000Z``),
  ``Title``.

Dates become ISO (``YYYY-MM-DD``); the column's own value is kept in the metadata
when it said more (a time).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from annotator.io.formats.dates import iso_date

#: Text columns of dumps, looked for when none of the ordinary ones (text, body, ...) is there.
DUMP_TEXT_COLUMNS = ("story_text", "full_text", "fulltext", "maintext", "article_text")
_FIELDS = {
    "media_name": "source", "sourcecommonname": "source", "domain": "source", "media": "source",
    "publish_date": "published", "publication_date": "published", "seendate": "published",
    "documentidentifier": "url", "sourceurl": "url", "story_url": "url",
}
_DATES = {"publish_date", "publication_date", "seendate", "date", "published"}


def dump_text_column(path: Path, header: list[str] | None = None) -> str | None:
    """The text column of a Media Cloud/GDELT dump whose text column is not one of the
    ordinary names; None otherwise (or when the header cannot be read)."""
    if header is None:
        from annotator.io.errors import ImportProblem
        from annotator.io.reading import open_text

        try:
            with open_text(path) as (stream, _, _):
                line = stream.readline()
        except (ImportProblem, UnicodeDecodeError, OSError):
            return None
        delimiter = max(",;\t", key=lambda d: (line.count(d), d == ","))
        header = next(csv.reader([line], delimiter=delimiter), [])
    lowered = {h.strip().lower(): h.strip() for h in header}
    if any(c in lowered for c in ("text", "body", "content", "article")):
        return None
    return next((lowered[c] for c in DUMP_TEXT_COLUMNS if c in lowered), None)


def map_dump_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """*fields* with dump column names turned into the document's (``title``, ``url``,
    ``source``, ``published``); names already there win. Dates made ISO."""
    present = {k.strip().lower() for k in fields}
    out: dict[str, Any] = {}
    taken: set[str] = set()
    for key, value in fields.items():
        name = key.strip().lower()
        target = _FIELDS.get(name)
        if name in _DATES and isinstance(value, str) and value.strip():
            iso = iso_date(value)
            if iso and iso != value.strip():
                if target is None:  # "date" or "published": the field stays, made ISO
                    out[key] = iso
                    out[f"{name}_original"] = value
                    continue
                out[f"{name}_original"] = value
                value = iso
        if target and target not in present and target not in taken:
            out[target] = value
            taken.add(target)
        else:
            out[key] = value
    return out
