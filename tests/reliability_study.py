"""A small reliability study for tests: 40 articles from 4 outlets over 3 months, three
coders who mostly agree on a sample of them. Shared by the store, io, CLI and UI tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from annotator.core.model import NewDocument
from annotator.defaults import install_default_codebook
from annotator.store import Project

OUTLETS = ("Daily", "Herald", "Post", "Wire")
CODES = ("claim", "quote", "actor")


def make_study(path: Path, n_docs: int = 40, seed: int = 5) -> Path:
    """Create the project at *path*; coders ana, ben and cem code (and mark done) docs 1-12."""
    rng = np.random.default_rng(seed)
    with Project(path) as p:
        install_default_codebook(p)
        for i in range(n_docs):
            words = " ".join(f"w{i}x{j}" for j in range(int(rng.integers(30, 120))))
            p.add_document(NewDocument(text=f"Article {i}. {words}.", title=f"Article {i}",
                                       source=OUTLETS[i % 4], published=f"2024-0{1 + i % 3}-1{i % 9}",
                                       metadata={"section": "world" if i % 2 else "politics"}))
        codes = {c: p.code_by_path(c).id for c in CODES if p.code_by_path(c) is not None}
        coders = [p.ensure_coder(n) for n in ("ana", "ben", "cem")]
        for doc in p.documents()[:12]:
            for k, code in enumerate(codes.values()):
                s = int(rng.integers(0, doc.char_count // 2))
                e = min(doc.char_count, s + int(rng.integers(10, 60)))
                for c in coders:
                    jitter = int(rng.integers(-3, 4)) if c.name != "ana" else 0
                    if rng.random() < 0.9:
                        p.add_span(doc.id, code, c.id, max(0, s + jitter), max(s + jitter + 1, e))
            for c in coders:
                p.set_status(doc.id, c.id, "done")
    return path
