"""Noise regions in the project: detection on the seeds and incrementally, marking and
unmarking by hand, and the undoable operations."""

from __future__ import annotations

import pytest

from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.store.noise import (MarkNoise, UnmarkNoise, detect_noise, mark_noise, metadata_candidates,
                                   noise_for, unmark_noise)
from annotator.store.passages import noise_ranges


@pytest.fixture
def seeded(seeded: Project) -> Project:
    """The seeds as never checked for noise (whether or not seeding runs detection)."""
    with seeded.transaction():
        seeded.db.execute("DELETE FROM noise")
        seeded.db.execute("DELETE FROM noise_checked")
    return seeded


def _rows(project: Project) -> list[tuple]:
    return project.db.execute('SELECT id, document_id, start, "end", kind, origin, created FROM noise'
                              " ORDER BY id").fetchall()


def _doc(seeded: Project, needle: str) -> int:
    return next(d.id for d in seeded.documents() if needle in seeded.document(d.id).text)


def test_detect_marks_the_seeds_and_records_them_checked(seeded: Project) -> None:
    changes = []
    seeded.subscribe(changes.append)
    added = detect_noise(seeded)
    assert added == 11 + 15 + 8 + 7  # the clutter lines of tests/core/test_boilerplate_seeds.py
    republic = _doc(seeded, "sb.scorecardresearch")
    text = seeded.document(republic).text
    regions = noise_for(seeded, republic)
    assert text[regions[0].start:regions[0].end] == "sb.scorecardresearch"
    assert {r.origin for r in regions} == {"detected"}
    assert seeded.db.execute("SELECT count(*) FROM noise_checked").fetchone()[0] == 5
    assert [c.kind for c in changes] == ["noise"]
    assert set(changes[0].document_ids) == {d.id for d in seeded.documents()}
    # incremental: nothing new, nothing added, no duplicates
    assert detect_noise(seeded) == 0
    assert len(_rows(seeded)) == added


def test_metadata_candidates_are_the_bylines_and_time_stamps(seeded: Project) -> None:
    detect_noise(seeded)
    found = metadata_candidates(seeded, _doc(seeded, "sb.scorecardresearch"))
    assert found == {"timestamp": ["Published 07:40 IST, November 26th 2020", "07:40 IST, November 26th 2020"],
                     "byline": ["Reported by: Vishal Tiwari"]}


def test_only_the_given_unchecked_documents_are_detected(seeded: Project) -> None:
    first = seeded.documents()[2].id
    assert detect_noise(seeded, [first]) == 15
    assert {r[1] for r in _rows(seeded)} == {first}
    assert detect_noise(seeded, [first]) == 0


def test_lines_repeated_in_an_outlets_articles_are_marked_in_old_ones_too(project: Project) -> None:
    def add(i: int, source: str = "Daily Planet") -> int:
        return project.add_document(NewDocument(
            text=f"Story {i}: the council met on Monday.\nThe Daily Planet is a Planet Media Group title\nThe vote was {i}.",
            title=f"s{i}", source=source))

    a, b = add(1), add(2)
    other = add(3, "Other Paper")
    assert detect_noise(project) == 0  # the line is in only two articles of the outlet
    c = add(4, "Daily Planet (wire)")
    assert detect_noise(project, [c]) == 3  # the new article, and both older ones of the outlet
    kinds = {(r[1], r[4]) for r in _rows(project)}
    assert kinds == {(a, "repeated"), (b, "repeated"), (c, "repeated")}
    assert other not in {r[1] for r in _rows(project)}


def test_detection_never_re_marks_what_a_coder_cleared(seeded: Project) -> None:
    doc = _doc(seeded, "sb.scorecardresearch")
    unmark_noise(seeded, doc, 0, 5)  # nothing there yet: nothing recorded
    assert _rows(seeded) == []
    detect_noise(seeded, [doc])
    ad = noise_for(seeded, doc)[1]
    unmark_noise(seeded, doc, ad.start, ad.end)
    seeded.db.execute("DELETE FROM noise_checked")
    before = len(_rows(seeded))
    assert detect_noise(seeded, [doc]) == 0
    assert len(_rows(seeded)) == before
    assert [(r.start, r.origin) for r in noise_for(seeded, doc, include_cleared=True) if r.start == ad.start] == [
        (ad.start, "cleared")]


def test_unmarking_part_of_a_region_splits_it(make_doc, project: Project) -> None:
    doc = make_doc("News.\nAdvertisement\nMore news.")
    detect_noise(project)
    (ad,) = noise_for(project, doc)
    assert (ad.start, ad.end, ad.kind) == (6, 19, "advertisement")
    cleared = unmark_noise(project, doc, 9, 12)
    assert [(r.start, r.end, r.origin, r.kind) for r in cleared] == [(9, 12, "cleared", "advertisement")]
    assert [(r.start, r.end, r.kind) for r in noise_for(project, doc)] == [(6, 9, "advertisement"),
                                                                          (12, 19, "advertisement")]
    assert noise_ranges(project)[doc] == [(6, 9), (12, 19)]


def test_marking_fills_only_the_gaps_and_lifts_a_clearing(make_doc, project: Project) -> None:
    doc = make_doc("News.\nAdvertisement\nMore news.")
    detect_noise(project)
    unmark_noise(project, doc, 6, 10)
    added = mark_noise(project, doc, 0, 12)
    assert [(r.start, r.end, r.origin) for r in added] == [(0, 10, "manual")]  # 10:19 is noise already
    regions = noise_for(project, doc, include_cleared=True)
    assert [(r.start, r.end, r.origin) for r in regions] == [(0, 10, "manual"), (10, 19, "detected")]
    assert mark_noise(project, doc, 2, 8) == []  # already noise: nothing added
    assert noise_ranges(project)[doc] == [(0, 19)]


def test_bad_ranges_get_a_clear_message(make_doc, project: Project) -> None:
    from annotator.store import ProjectError

    doc = make_doc("Short.")
    with pytest.raises(ProjectError, match="outside document"):
        mark_noise(project, doc, 3, 99)
    with pytest.raises(ProjectError, match="no document"):
        unmark_noise(project, 999, 0, 1)


def test_mark_and_unmark_operations_undo_and_redo_exactly(make_doc, project: Project) -> None:
    doc = make_doc("News.\nAdvertisement\nMore news.")
    detect_noise(project)
    start = _rows(project)
    op = UnmarkNoise(doc, 8, 12)
    op.apply(project)
    split = _rows(project)
    assert split != start
    op.revert(project)
    assert _rows(project) == start
    op.apply(project)
    assert _rows(project) == split
    mark = MarkNoise(doc, 20, 24)
    mark.apply(project)
    marked = _rows(project)
    assert [(r[2], r[3], r[5]) for r in marked if r[5] == "manual"] == [(20, 24, "manual")]
    mark.revert(project)
    assert _rows(project) == split
    mark.apply(project)
    assert _rows(project) == marked
    mark.revert(project)
    op.revert(project)
    assert _rows(project) == start


def test_edits_announce_noise_changes(make_doc, project: Project) -> None:
    doc = make_doc("News.\nAdvertisement\nMore news.")
    changes = []
    project.subscribe(changes.append)
    MarkNoise(doc, 0, 4).apply(project)
    assert [(c.kind, c.document_ids) for c in changes] == [("noise", (doc,))]


def test_marking_noise_inside_a_shared_passage_takes_it_out_of_the_passage_and_undo_puts_it_back(
        seeded: Project) -> None:
    from annotator.store.noise import MarkNoise
    from annotator.store.passages import passages_for

    doc = next(d.id for d in seeded.documents() if passages_for(seeded, d.id))
    before = passages_for(seeded, doc)
    start, end = before[0].side(doc)
    op = MarkNoise(doc, start, end)
    op.apply(seeded)
    assert all(p.side(doc)[1] <= start or p.side(doc)[0] >= end for p in passages_for(seeded, doc))
    op.revert(seeded)
    assert [(p.side(doc), p.other(doc)) for p in passages_for(seeded, doc)] == \
        [(p.side(doc), p.other(doc)) for p in before]
