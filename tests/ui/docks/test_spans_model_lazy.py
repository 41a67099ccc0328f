"""The span list reads its spans a page at a time (issue 17): a window over 200,000 spans
opens without reading them all, and every operation still sees every span."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex

from annotator.store.operations import CreateSpan, DeleteSpans
from annotator.ui.models import SpansModel
from annotator.ui.models import spans as spans_module
from annotator.ui.models.spans import SpanIdRole


@pytest.fixture
def many(seeds, monkeypatch):
    """The seeds with 20 more spans of ana's (23 visible), read two at a time, never on idle."""
    monkeypatch.setattr(spans_module, "PAGE", 2)
    monkeypatch.setattr(spans_module, "IDLE_START_MS", 10 ** 7)
    project, coder = seeds.project, seeds.session.coder.id
    for doc in (2, 3, 4, 5):
        for start in range(0, 50, 10):
            project.add_span(doc, seeds.code_id("quote"), coder, start, start + 5)
    return seeds


def _ids(model: SpansModel) -> list[int]:
    return [model.data(model.index(r, 0), SpanIdRole) for r in range(model.rowCount())]


def _text_order(seeds) -> list[int]:
    return [s.id for s in seeds.project.spans_where("coder_id = ?", (seeds.session.coder.id,))]


def test_opens_with_one_page_and_fetches_more_in_text_order(many):
    model = SpansModel(many.session)
    assert model.rowCount() == 2 and model.total() == 23 and model.canFetchMore(QModelIndex())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert _ids(model) == _text_order(many) and model.total() == 23


def test_idle_pages_read_the_rest(many, qtbot, monkeypatch):
    monkeypatch.setattr(spans_module, "IDLE_START_MS", 0)
    monkeypatch.setattr(spans_module, "IDLE_PAGE", 5)
    model = SpansModel(many.session)
    qtbot.wait(20)
    assert model.canFetchMore(QModelIndex())  # nothing read before a view shows the list
    model.data(model.index(0, 0))  # as a view painting its first rows
    qtbot.waitUntil(lambda: not model.canFetchMore(QModelIndex()))
    assert _ids(model) == _text_order(many)


def test_a_new_span_shows_in_its_place_or_with_a_later_page(many):
    model = SpansModel(many.session)
    model.fetchMore(QModelIndex())  # 4 rows held: the seeds' 3 and the first in document 2
    held = _ids(model)
    coder, quote = many.session.coder.id, many.code_id("quote")
    many.session.push(CreateSpan(1, quote, coder, 0, 3))  # before every held row: shown at once
    early = many.session.undo_stack.command(many.session.undo_stack.count() - 1).op.span.id
    assert _ids(model) == [early, *held]
    many.session.push(CreateSpan(5, quote, coder, 60, 65))  # past the rows held: comes with its page
    late = many.session.undo_stack.command(many.session.undo_stack.count() - 1).op.span.id
    assert late not in _ids(model)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert _ids(model) == _text_order(many) and late in _ids(model)


def test_deleting_a_span_not_yet_read_never_shows_it(many):
    model = SpansModel(many.session)
    last = _text_order(many)[-1]
    many.session.push(DeleteSpans([last]))
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert last not in _ids(model) and _ids(model) == _text_order(many)


def test_filter_sort_and_find_see_every_span(many):
    model = SpansModel(many.session)
    model.set_filter("quote")
    assert model.rowCount() == 21 and not model.canFetchMore(QModelIndex())  # 20 + the seeds' quote
    model.set_filter("")
    model.sort(SpansModel.CODE)
    assert model.rowCount() == 23

    fresh = SpansModel(many.session)
    last = _text_order(many)[-1]
    assert fresh.row_of(last) == 22  # a span not read yet: the rest is read to find it

