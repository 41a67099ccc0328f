"""Shared text on the seeds against a hand marking (tests/core/data/seeds_shared.json):
recall at least 0.99 at precision 1.0, counted on letters and digits, clutter left out."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.paths import seeds_dir
from annotator.store import Project
from annotator.store.passages import noise_ranges, passages_for

MARKING = Path(__file__).parent / "data" / "seeds_shared.json"


def marked(text: str, spans: list) -> list[tuple[int, int]]:
    out = []
    for first, last, occurrence in spans:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(first, start + 1)
        out.append((start, text.index(last, start) + len(last)))
    return out


def positions(text: str, ranges, holes) -> set[int]:
    """Offsets of the letters and digits inside *ranges* and outside *holes*."""
    out = {i for s, e in ranges for i in range(s, e) if text[i].isalnum()}
    return out - {i for s, e in holes for i in range(s, e)}


def shared_text_figures(project: Project) -> tuple[float, float, dict]:
    """(recall, precision, per seed file: (missed, extra) texts) of the passages found."""
    marking = json.loads(MARKING.read_text(encoding="utf-8"))
    by_text = {project.document(d.id).text: d.id for d in project.documents()}
    hit = truth_n = found_n = 0
    details = {}
    for path in sorted(Path(seeds_dir()).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = by_text[text]
        holes = noise_ranges(project, [doc]).get(doc, [])
        truth = positions(text, marked(text, marking[path.name[:3]]), holes)
        found = positions(text, [p.side(doc) for p in passages_for(project, doc)], holes)
        hit += len(truth & found)
        truth_n += len(truth)
        found_n += len(found)
        details[path.name[:3]] = ("".join(text[i] for i in sorted(truth - found)),
                                  "".join(text[i] for i in sorted(found - truth)))
    return hit / truth_n, hit / found_n, details


def test_the_seeds_shared_text_is_found_whole_and_nothing_else(seeded):
    recall, precision, details = shared_text_figures(seeded)
    print(f"seeds: shared-text recall {recall:.4f}, precision {precision:.4f}")
    assert precision == 1.0, details
    assert recall >= 0.99, details
