"""The statistics cache follows every change incrementally and ends where a fresh read starts."""

from __future__ import annotations

import random

import numpy as np
import pytest

from annotator.core.model import DocStatus, NewDocument
from annotator.store import Project
from annotator.store.statistics import Filters, FrequencyCache, StatisticsData


def same_tables(a, b) -> None:
    for name in ("documents", "codes", "coders", "lengths", "counts", "covered", "pooled_counts", "pooled_covered"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def sorted_spans(table) -> list[tuple]:
    return sorted(zip(table.id.tolist(), table.doc.tolist(), table.code.tolist(), table.coder.tolist(),
                      table.start.tolist(), table.end.tolist()))


@pytest.mark.parametrize("filters", [Filters(), Filters(done_only=True)])
def test_incremental_updates_match_a_fresh_read(seeded: Project, filters: Filters):
    rng = random.Random(7)
    data = StatisticsData.load(seeded)
    cache = FrequencyCache(data, filters)
    seen = []

    def follow(change):
        seen.append(change.kind)
        data.apply(change)
        cache.apply(change)

    seeded.subscribe(follow)
    ana, ben = seeded.ensure_coder("ana"), seeded.ensure_coder("ben")
    docs = seeded.documents()
    codes = seeded.codes()
    spans = []
    for step in range(60):
        doc = rng.choice(docs)
        action = rng.random()
        if action < 0.55 or not spans:
            a = rng.randrange(0, doc.char_count - 50)
            spans.append(seeded.add_span(doc.id, rng.choice(codes).id, rng.choice([ana, ben]).id,
                                         a, a + rng.randint(1, 50)).id)
        elif action < 0.7:
            seeded.delete_span(spans.pop(rng.randrange(len(spans))))
        elif action < 0.85:
            seeded.update_span(rng.choice(spans), code_id=rng.choice(codes).id)
        else:
            seeded.set_status(doc.id, rng.choice([ana, ben]).id, rng.choice(list(DocStatus)))
    extra = seeded.add_code("late code")
    new_doc = seeded.add_document(NewDocument(text="A new article.\n\nTwo paragraphs.", title="new"))
    seeded.add_span(new_doc, extra.id, ben.id, 0, 5)
    seeded.unsubscribe(follow)

    fresh = StatisticsData.load(seeded)
    assert sorted_spans(data.spans) == sorted_spans(fresh.spans)
    assert data.done == fresh.done and [c.id for c in data.codes] == [c.id for c in fresh.codes]
    same_tables(cache.table, FrequencyCache(fresh, filters).table)
    assert {"spans", "status", "codes", "documents", "coders"} <= set(seen)


def test_filters_and_paragraphs(seeded: Project):
    ana = seeded.ensure_coder("ana")
    doc = seeded.documents()[1]
    code = seeded.codes()[0]
    seeded.add_span(doc.id, code.id, ana.id, 0, 10)
    data = StatisticsData.load(seeded)
    assert len(data.selected(Filters(codes=frozenset({code.id})))) == 1
    assert len(data.selected(Filters(coders=frozenset({999})))) == 0
    assert len(data.selected(Filters(done_only=True))) == 0
    text = seeded.document(doc.id).text
    starts = data.paragraphs([doc.id])[doc.id]
    assert starts[0] == 0 and all(text[s - 2:s] == "\n\n" for s in starts[1:])
