"""Every article is drawn or reachable in the statistics plots and images: no cap drops
articles silently (positions had 500, reuse bars 80, its heatmap 30, frequencies 100).
Checked through the plots' data items and view ranges, not pixels."""

from __future__ import annotations

import numpy as np
import pytest

from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.ui.session import Session


def _articles(project: Project, n: int, coded: bool = True) -> list[int]:
    """*n* short articles; with *coded*, ana marks one quote in each."""
    quote = project.code_by_path("quote").id if coded else None
    ana = project.ensure_coder("ana").id
    ids = []
    for i in range(n):
        doc = project.add_document(NewDocument(text=f"Article {i} says: \"something of its own\". " * 4,
                                               title=f"Article number {i + 1}"))
        ids.append(doc)
        if coded:
            project.add_span(doc, quote, ana, 10 + i % 20, 40 + i % 20)
    return ids


@pytest.fixture
def session(project):
    s = Session(project, "ana")
    yield s
    s.close()


def _tab(qtbot, session, kind: str):
    from annotator.ui.statistics import StatisticsDock

    dock = StatisticsDock(session)
    qtbot.addWidget(dock)
    dock.resize(1100, 650)
    dock.show()
    qtbot.waitExposed(dock)
    view = dock.views[kind]
    dock.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: not view.is_empty())
    return dock, view


def test_positions_draw_every_article_and_scroll_to_the_last(qtbot, session):
    ids = _articles(session.project, 520)  # more than the old cap of 500
    dock, view = _tab(qtbot, session, "positions")
    assert view.doc_ids == ids
    assert set(view.span_docs.tolist()) == set(ids)
    (segments,) = view.segments.values()
    rows = np.unique(np.round(np.asarray(segments.opts["y0"]) + 0.35).astype(int))
    assert rows.tolist() == list(range(520))  # one segment row per article
    assert view.rows.bar.isVisibleTo(dock) and view.rows.bar.maximum() == 520 - view.visible_rows
    assert view.rows.label.text() == f"articles 1–{view.visible_rows} of 520"
    view.rows.scroll_to(view.rows.bar.maximum())
    assert view.rows.in_view() == (520 - view.visible_rows, 519)
    assert view.rows.label.text() == f"articles {520 - view.visible_rows + 1}–520 of 520"
    ticks = view.plot.getPlotItem().getAxis("left")._tickLevels[0]
    assert (519, "Article number 520") in ticks
    assert "Showing the first" not in view.note.text() and "520" in view.note.text()
    item = view.plot.getPlotItem()
    assert (1.0, "100%") in item.getAxis("bottom")._tickLevels[0]
    assert item.vb.viewRange()[0][1] >= 1.03  # room right of the last tick: its "100%" label is not cut off


def test_dragging_the_plot_moves_the_scroll_bar(qtbot, session):
    _articles(session.project, 40)
    dock, view = _tab(qtbot, session, "positions")
    view.plot.getPlotItem().setYRange(19.4, 33.6, padding=0)  # as a drag would
    assert view.rows.bar.value() == 20
    assert view.rows.label.text() == "articles 21–34 of 40"
    dock.codes_button._set({c.id for c in session.project.codes()})  # no codes: the empty state
    qtbot.waitUntil(view.is_empty)
    assert not view.rows.bar.isVisibleTo(dock) and not view.rows.label.isVisibleTo(dock)


def test_reuse_bars_and_heatmap_cover_every_article(qtbot, session):
    ids = _articles(session.project, 100, coded=False)  # more than 80 bars and 30 heatmap rows
    _dock, view = _tab(qtbot, session, "reuse")
    assert view.doc_ids == ids
    assert len(view.reused_bar.opts["width"]) == len(view.own_bar.opts["width"]) == 100
    assert view.heat_ids == ids and view.image.image.shape == (100, 100)
    item = view.plot.getPlotItem()
    assert item.vb.state["limits"]["xLimits"][1] >= 104  # the "100" tick's label is not cut off
    assert item.vb.viewRange()[0][1] >= 103
    assert (100, "100") in item.getAxis("bottom")._tickLevels[0]
    view.rows.scroll_to(view.rows.bar.maximum())
    assert view.rows.label.text() == f"articles {100 - view.visible_rows + 1}–100 of 100"
    assert "left out" not in view.note.text()
    header, rows = view.table()
    assert len(rows) == 100 and header.count("similarity_" + str(ids[-1])) == 1


def test_reuse_heatmap_cap_is_said_with_the_count_left_out(qtbot, session, monkeypatch):
    from annotator.ui.statistics import reuse

    monkeypatch.setattr(reuse, "MAX_HEAT", 10)
    _articles(session.project, 13, coded=False)
    _dock, view = _tab(qtbot, session, "reuse")
    assert len(view.heat_ids) == 10 and len(view.doc_ids) == 13
    assert "the first 10 of 13 articles (3 left out" in view.note.text()
    assert view.notice in view.note.text()


def test_reuse_image_says_what_its_heatmap_left_out(tmp_path, qapp, monkeypatch, capsys):
    from annotator.ui.statistics import render, reuse

    monkeypatch.setattr(reuse, "MAX_HEAT", 10)
    with Project(tmp_path / "many.annotator") as p:
        _articles(p, 12, coded=False)
        render.render_plot(p, "reuse", tmp_path / "reuse.png")
    err = capsys.readouterr().err
    assert "Note: The heatmap shows the first 10 of 12 articles (2 left out" in err


def test_frequencies_draw_every_article_with_spans(qtbot, session):
    ids = _articles(session.project, 110)  # more than the old cap of 100
    _dock, view = _tab(qtbot, session, "frequencies")
    assert view.doc_ids == ids
    quote = session.project.code_by_path("quote").id
    bar = view.bars[(quote, None)]
    assert len(bar.opts["height"]) == 110 and float(np.sum(bar.opts["height"])) == 110
    assert "Showing" not in view.note.text()
    item = view.plot.getPlotItem()
    item.setXRange(100, 109, padding=0)  # dragged to the end: the last article is reachable
    ticks = dict(item.getAxis("bottom")._tickLevels[0])
    assert ticks[109].startswith("Article number")  # the last article's group is labelled


def test_frequency_image_grows_wider_to_show_every_article(tmp_path, qapp):
    from PySide6.QtGui import QImage

    from annotator.defaults import install_default_codebook
    from annotator.ui.statistics.render import draw_view, groups_width, render_plot

    with Project(tmp_path / "many.annotator") as p:
        install_default_codebook(p)
        _articles(p, 20)
        view, width, height = draw_view(p, "frequencies", 1200, 700)  # the default size of `stats --plot`
        try:
            assert len(view.doc_ids) == 20 and (width, height) == (groups_width(20), 700) and width > 1200
            low, high = view.plot.getPlotItem().vb.viewRange()[0]
            assert low <= 0 and high >= 19  # every group in view, not the first 8
        finally:
            view.close()
        out = render_plot(p, "frequencies", tmp_path / "frequencies.png")
    assert QImage(str(out)).width() == groups_width(20)
