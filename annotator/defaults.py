"""The default project: the five seed articles and the default codebook.

Creating it is idempotent: codes merge by path and documents are keyed by the
sha256 of their text, so a second run adds nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.codebook import parse_codebook
from annotator.core.model import NewDocument
from annotator.core.text import normalize_text
from annotator.paths import default_codebook_path, default_project_path, resources_dir, seeds_dir
from annotator.store import Project
from annotator.store.errors import DuplicateDocument


def install_default_codebook(project: Project) -> None:
    path = default_codebook_path()
    project.import_codebook(parse_codebook(path.read_text(encoding="utf-8"), str(path)))


def seed_documents() -> list[NewDocument]:
    """The seed articles with the titles and outlets of resources/seeds.json."""
    manifest = json.loads((resources_dir() / "seeds.json").read_text(encoding="utf-8"))["articles"]
    docs = []
    for path in sorted(seeds_dir().glob("*.txt")):
        meta = manifest.get(path.name, {})
        docs.append(NewDocument(
            text=normalize_text(path.read_bytes().decode("utf-8-sig")),
            title=meta.get("title", path.stem), source=meta.get("source", ""),
            published=meta.get("published", ""), filename=path.name,
        ))
    return docs


def populate_default(project: Project) -> None:
    """Add the default codebook and the seeds to *project*; adds nothing the second time."""
    with project.transaction():
        install_default_codebook(project)
        for doc in seed_documents():
            try:
                project.add_document(doc)
            except DuplicateDocument:
                pass
    from annotator.store.analysis import analyse_documents  # only when the project is created

    analyse_documents(project)


def ensure_default_project(path: Path | None = None) -> Path:
    """Create the default project on first run; return its path."""
    path = path or default_project_path()
    if path.exists() and path.stat().st_size > 0:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with Project(path) as project:
        populate_default(project)
    return path
