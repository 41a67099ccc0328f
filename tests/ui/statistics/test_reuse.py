"""The reuse tab: per-article reused vs own shares and the similarity heatmap, checked
through the plotted data; live on Change("passages") and Change("noise")."""

from __future__ import annotations

import csv
import json

import pytest

from annotator.store import Change, Project
from annotator.ui.session import Session


@pytest.fixture
def seeded(seeded, forget_analysis):
    """The seeds without the noise and passages found on seeding: these tests set up their own."""
    forget_analysis(seeded)
    return seeded


@pytest.fixture
def session(seeded: Project):
    s = Session(seeded, "ana")
    yield s
    s.close()


def put_passage(project, a, a_range, b, b_range):
    n = a_range[1] - a_range[0]
    with project.transaction():
        project.db.execute(
            "INSERT INTO passages (a_id, a_start, a_end, b_id, b_start, b_end, similarity, blocks)"
            " VALUES (?,?,?,?,?,?,?,?)", (a, *a_range, b, *b_range, 1.0, json.dumps([[0, 0, n]])))
        project._changed(Change("passages", (), (a, b)))


def put_noise(project, doc, start, end):
    with project.transaction():
        project.db.execute('INSERT INTO noise (document_id, start, "end", kind, origin, created)'
                           " VALUES (?,?,?,?,?,?)", (doc, start, end, "test", "detected", "now"))
        project._changed(Change("noise", (), (doc,)))


def reuse_tab(qtbot, session):
    from annotator.ui.statistics import StatisticsDock

    dock = StatisticsDock(session)
    qtbot.addWidget(dock)
    dock.resize(1100, 600)
    dock.show()
    qtbot.waitExposed(dock)
    view = dock.views["reuse"]
    dock.tabs.setCurrentWidget(view)
    return dock, view


def test_bars_show_each_articles_reused_share_and_the_heatmap_their_similarity(qtbot, session):
    p = session.project
    docs = [d.id for d in p.documents()]
    a, b, c = docs[:3]
    la, lb = p.document(a).char_count, p.document(b).char_count
    put_passage(p, a, (0, 200), b, (100, 300))
    dock, view = reuse_tab(qtbot, session)
    assert not view.is_empty() and view.doc_ids == docs  # no spans needed
    assert view.reused_percent(a) == pytest.approx(100 * 200 / la)
    assert view.reused_percent(b) == pytest.approx(100 * 200 / lb)
    assert view.reused_percent(c) == 0
    own = view.own_bar.opts
    assert own["x0"][docs.index(a)] == pytest.approx(100 * 200 / la)  # stacked after the reused part
    assert own["width"][docs.index(a)] == pytest.approx(100 - 100 * 200 / la)
    assert view.similarity(a, b) == pytest.approx(400 / (la + lb)) == view.similarity(b, a)
    assert view.similarity(a, c) == 0 and view.similarity(a, a) == 1
    n = len(docs)
    assert view.image.image.shape == (n, n)
    assert view.image.image[docs.index(b), docs.index(a)] == pytest.approx(400 / (la + lb))
    assert view.image.image[docs.index(a), docs.index(a)] == 0  # the diagonal is drawn grey, not scaled


def test_new_passages_and_noise_update_the_tab(qtbot, session):
    p = session.project
    a, b = [d.id for d in p.documents()][:2]
    la = p.document(a).char_count
    dock, view = reuse_tab(qtbot, session)
    assert view.reused_percent(a) == 0
    assert "No shared passages found yet" in view.note.text()
    put_passage(p, a, (0, 100), b, (0, 100))
    qtbot.waitUntil(lambda: view.reused_percent(a) == pytest.approx(100 * 100 / la), timeout=2000)
    put_noise(p, a, 0, 50)  # clutter is neither reused nor own text
    qtbot.waitUntil(lambda: view.reused_percent(a) == pytest.approx(100 * 50 / (la - 50)), timeout=2000)


def test_the_article_filter_applies(qtbot, session):
    p = session.project
    docs = [d.id for d in p.documents()]
    dock, view = reuse_tab(qtbot, session)
    dock.set_documents(docs[1:3])
    assert view.doc_ids == docs[1:3] and view.heat_ids == docs[1:3]
    assert view.image.image.shape == (2, 2)


def test_exports_write_the_figures(qtbot, session, tmp_path):
    p = session.project
    a, b = [d.id for d in p.documents()][:2]
    put_passage(p, a, (0, 100), b, (0, 100))
    dock, view = reuse_tab(qtbot, session)
    view.export_csv(tmp_path / "r.csv")
    rows = list(csv.reader(open(tmp_path / "r.csv", encoding="utf-8")))
    assert rows[0][:7] == ["document_id", "title", "text_characters", "reused_characters", "own_characters",
                           "reused_percent", "partner_articles"]
    first = rows[1]
    assert int(first[0]) == a and int(first[3]) == 100 and int(first[6]) == 1
    assert float(first[7 + 1]) == pytest.approx(view.similarity(a, b), abs=1e-4)
    view.export_png(tmp_path / "r.png")
    view.export_svg(tmp_path / "r.svg")
    assert (tmp_path / "r.png").stat().st_size > 1000
    assert "<svg" in (tmp_path / "r.svg").read_text(encoding="utf-8")
