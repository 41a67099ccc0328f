"""Storing what :func:`annotator.io.formats.read_articles` found: each article in its
own savepoint, its page furniture as ``detected`` noise regions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.io.formats.common import ParsedFile
from annotator.store import Project
from annotator.store.errors import DuplicateDocument, ProjectError
from annotator.store.exchange import add_detected_noise


def store_parsed(project: Project, path: Path, parsed: ParsedFile, report: Any) -> None:
    """Add *parsed*'s articles to *project*; what happened goes into *report* (an
    :class:`annotator.io.importer.ImportReport`)."""
    report.warnings.extend(parsed.warnings)
    report.errors.extend(parsed.errors)
    several = len(parsed.articles) > 1 or parsed.errors
    for number, item in enumerate(parsed.articles, 1):
        position = item.document.metadata.get("position", number)
        label = f"{path}, article {position}" if several else str(path)
        try:
            with project.transaction():
                doc_id = project.add_document(item.document)
                if item.noise:
                    # page headers and footers: detection adds nothing over them; a coder can clear them
                    add_detected_noise(project, doc_id, item.noise)
            report.documents_added.append((label, doc_id))
        except DuplicateDocument as exc:
            report.duplicates.append((label, exc.existing_id))
        except ProjectError as exc:
            report.errors.append(f"{label}: {exc}")
