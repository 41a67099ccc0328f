"""The concordance model without a view: roles, concordance sorting, order restored."""

from PySide6.QtCore import Qt

from annotator.core.search import Hit
from annotator.store.search import SearchResult
from annotator.ui.models.search import HitRole, SearchModel


def result():
    hits = (
        Hit(1, 10, 13, "the long ", "war", " ended", "B title", "AP"),
        Hit(1, 40, 43, "a short ", "war", " began", "B title", "AP"),
        Hit(2, 5, 8, "the long ", "War", " again", "A title", "Reuters"),
        Hit(3, 0, 3, "", "war", " ⏎ after", "C title", ""),
    )
    return SearchResult("war", False, hits, 4, 3, False)


def column(model, col):
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_rows_and_roles(qtbot):
    model = SearchModel()
    model.set_result(result())
    assert model.rowCount() == 4 and model.columnCount() == 5
    assert column(model, SearchModel.HIT) == ["war", "war", "War", "war"]
    left = model.index(0, SearchModel.LEFT)
    assert left.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    hit = model.index(0, SearchModel.HIT)
    assert hit.data(Qt.ItemDataRole.FontRole).bold()
    assert hit.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert hit.data(HitRole).start == 10
    assert model.index(0, SearchModel.RIGHT).data(Qt.ItemDataRole.FontRole) is None
    model.set_result(None)
    assert model.rowCount() == 0


def test_left_context_sorts_by_the_nearest_word_first(qtbot):
    model = SearchModel()
    model.set_result(result())
    model.sort(SearchModel.LEFT)
    assert column(model, SearchModel.LEFT) == ["", "the long ", "the long ", "a short "]  # "", long, long, short
    assert [model.hit(r).document_id for r in (1, 2)] == [1, 2]  # ties keep text order
    model.sort(SearchModel.RIGHT, Qt.SortOrder.DescendingOrder)
    assert column(model, SearchModel.RIGHT) == [" ended", " began", " again", " ⏎ after"]
    model.sort(SearchModel.ARTICLE)
    assert column(model, SearchModel.ARTICLE) == ["A title", "B title", "B title", "C title"]
    model.sort(-1)
    assert [(h.document_id, h.start) for h in model.hits()] == [(1, 10), (1, 40), (2, 5), (3, 0)]


def test_sorting_keeps_the_selected_hit_selected(qtbot):
    from PySide6.QtCore import QPersistentModelIndex

    model = SearchModel()
    model.set_result(result())
    kept = QPersistentModelIndex(model.index(3, SearchModel.HIT))
    model.sort(SearchModel.LEFT)
    assert kept.row() == 0 and model.hit(kept.row()).document_id == 3
