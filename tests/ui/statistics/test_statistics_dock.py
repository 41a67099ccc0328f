"""The statistics dock, checked through its plots' data (bar heights, matrices), not pixels."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QBrush, QImage

from annotator.core.model import DocStatus, NewDocument
from annotator.store import Project
from annotator.store.operations import CreateSpan, DeleteSpans, UpdateSpan
from annotator.ui.session import Session


@pytest.fixture
def session(seeded: Project):
    s = Session(seeded, "ana")
    yield s
    s.close()


@pytest.fixture
def coded(session: Session):
    """Seeds with a few spans by ana and ben: overlapping claim and quote in the first article."""
    p = session.project
    docs = [d.id for d in p.documents()]
    claim, quote = p.code_by_path("claim").id, p.code_by_path("quote").id
    ben = p.ensure_coder("ben")
    p.add_span(docs[0], claim, session.coder.id, 0, 40)
    p.add_span(docs[0], quote, session.coder.id, 20, 60)
    p.add_span(docs[1], claim, session.coder.id, 394, 444)  # article text, below the video player's clutter
    p.add_span(docs[0], claim, ben.id, 5, 30)
    return session, docs, claim, quote, ben


def make_dock(qtbot, session: Session):
    from annotator.ui.statistics import StatisticsDock

    dock = StatisticsDock(session)
    qtbot.addWidget(dock)
    dock.resize(1000, 650)
    dock.show()
    qtbot.waitExposed(dock)
    return dock


def show_tab(dock, kind: str):
    dock.tabs.setCurrentWidget(dock.views[kind])
    return dock.views[kind]


def test_dock_identity_and_tabs(qtbot, coded):
    dock = make_dock(qtbot, coded[0])
    assert dock.objectName() == "statistics"
    assert [dock.tabs.tabText(i) for i in range(dock.tabs.count())] == [
        "Code frequencies", "Coders compared", "Code positions", "Co-occurrence", "Agreement", "Reuse"]


def test_new_span_raises_the_frequency_bar_by_one(qtbot, coded):
    session, docs, claim, quote, _ben = coded
    dock = make_dock(qtbot, session)
    view = show_tab(dock, "frequencies")
    assert view.value(docs[0], claim) == 2  # ana's and ben's claim, pooled
    assert view.value(docs[0], quote) == 1
    assert session.push(CreateSpan(docs[0], claim, session.coder.id, 200, 220))
    qtbot.waitUntil(lambda: view.value(docs[0], claim) == 3, timeout=2000)
    assert view.value(docs[0], quote) == 1 and view.value(docs[1], claim) == 1


def test_delete_and_recode_update_the_bars(qtbot, coded):
    session, docs, claim, quote, _ben = coded
    dock = make_dock(qtbot, session)
    view = show_tab(dock, "frequencies")
    span = session.project.spans_where("document_id = ? AND code_id = ?", (docs[1], claim))[0]
    session.push(UpdateSpan(span.id, {"code_id": quote}))
    qtbot.waitUntil(lambda: view.value(docs[1], quote) == 1, timeout=2000)
    assert view.value(docs[1], claim) == 0
    session.push(DeleteSpans([span.id]))
    qtbot.waitUntil(lambda: docs[1] not in view.doc_ids, timeout=2000)  # no spans left there


def test_coverage_and_coder_choice(qtbot, coded):
    session, docs, claim, _quote, ben = coded
    dock = make_dock(qtbot, session)
    view = show_tab(dock, "frequencies")
    length = session.project.document(docs[0]).char_count
    view.measure.setCurrentIndex(view.measure.findData("coverage"))
    assert view.value(docs[0], claim) == pytest.approx(100 * 40 / length)  # [0,40) holds ben's [5,30)
    view.coder.setCurrentIndex(view.coder.findData(ben.id))
    assert view.value(docs[0], claim, ben.id) == pytest.approx(100 * 25 / length)
    view.coder.setCurrentIndex(view.coder.findData(view.SIDE_BY_SIDE))
    assert view.value(docs[0], claim, session.coder.id) == pytest.approx(100 * 40 / length)


def test_coders_compared(qtbot, coded):
    session, docs, claim, quote, ben = coded
    dock = make_dock(qtbot, session)
    view = show_tab(dock, "coders")
    assert view.value(claim, session.coder.id) == 2 and view.value(claim, ben.id) == 1
    assert view.value(quote, ben.id) == 0
    session.project.add_span(docs[2], quote, ben.id, 0, 10)  # ben's work, e.g. merged in: not ana's edit
    qtbot.waitUntil(lambda: view.value(quote, ben.id) == 1, timeout=2000)


def test_cooccurrence_modes(qtbot, coded):
    session, _docs, claim, quote, _ben = coded
    dock = make_dock(qtbot, session)
    view = show_tab(dock, "cooccurrence")
    assert view.count(claim, quote) == 1 and view.count(quote, claim) == 1  # ana's [0,40) and [20,60)
    assert view.count(claim, claim) == 0  # ben's claim is another coder's
    view.mode.setCurrentIndex(view.mode.findData("article"))
    assert view.count(claim, quote) == 1 and view.count(claim, claim) == 0
    view.mode.setCurrentIndex(view.mode.findData("paragraph"))
    assert view.count(claim, quote) == 1


def test_click_on_a_segment_requests_its_document(qtbot, coded):
    session, docs, claim, quote, _ben = coded
    dock = make_dock(qtbot, session)
    view = show_tab(dock, "positions")
    qtbot.wait(50)
    target = session.project.spans_where("document_id = ? AND code_id = ?", (docs[1], claim))[0]
    k = list(view.span_ids).index(target.id)
    x = (view.hover.x0[k] + view.hover.x1[k]) / 2
    y = (view.hover.y0[k] + view.hover.y1[k]) / 2
    assert view.span_at(x, y) == (docs[1], target.id)
    vb = view.plot.getPlotItem().vb
    scene_pos = vb.mapViewToScene(QPointF(x, y))
    widget_pos = view.plot.mapFromScene(scene_pos)
    with qtbot.waitSignal(session.document_requested, timeout=2000) as blocker:
        qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(widget_pos.x(), widget_pos.y()))
    assert blocker.args == [docs[1], target.id]


def test_positions_rows_and_segments(qtbot, coded):
    session, docs, claim, quote, _ben = coded
    dock = make_dock(qtbot, session)
    view = show_tab(dock, "positions")
    assert view.doc_ids == docs[:2]
    opts = view.segments[quote].opts
    length = session.project.document(docs[0]).char_count
    assert list(opts["x0"]) == pytest.approx([20 / length])
    assert list(opts["x1"]) == pytest.approx([60 / length])


def test_filters_coder_without_spans_and_done_only(qtbot, coded):
    session, docs, claim, _quote, ben = coded
    chen = session.project.ensure_coder("chen")
    dock = make_dock(qtbot, session)
    qtbot.waitUntil(lambda: any(i == chen.id for i, _ in dock.coders_button.items), timeout=2000)
    dock.coders_button._set({c.id for c in session.project.coders()} - {chen.id})
    for kind, view in dock.views.items():
        show_tab(dock, kind)
        assert view.is_empty() == (kind != "reuse"), kind  # reuse is about the text, not anyone's coding
    assert "chen has no spans" in dock.views["positions"].empty.text()
    dock.coders_button._set(set())
    dock.done_only.setChecked(True)
    view = show_tab(dock, "frequencies")
    assert view.is_empty()
    session.project.set_status(docs[0], ben.id, DocStatus.DONE)  # ben's mark, not ana's edit
    qtbot.waitUntil(lambda: not view.is_empty(), timeout=2000)
    assert view.value(docs[0], claim) == 1  # only ben's span: ana has not marked it done


def test_empty_project_shows_a_message(qtbot, tmp_path):
    project = Project(tmp_path / "empty.annotator")
    session = Session(project, "ana")
    try:
        dock = make_dock(qtbot, session)
        for kind, view in dock.views.items():
            show_tab(dock, kind)
            assert view.is_empty() and "No articles" in view.empty.text(), kind
        doc = project.add_document(NewDocument(text="One paragraph only.", title="t"))
        code = project.add_code("only")
        show_tab(dock, "cooccurrence")  # only the tab on show redraws
        qtbot.waitUntil(lambda: "No spans yet" in dock.views["cooccurrence"].empty.text(), timeout=2000)
        session.push(CreateSpan(doc, code.id, session.coder.id, 0, 3))
        view = dock.views["cooccurrence"]
        qtbot.waitUntil(lambda: not view.is_empty(), timeout=2000)
        assert view.matrix.tolist() == [[0]]
        for kind, v in dock.views.items():
            show_tab(dock, kind)
            if kind == "agreement":  # one coder: nothing to compare, and it says so
                assert v.is_empty() and "two or more coders" in v.empty.text()
            else:
                assert not v.is_empty(), kind
    finally:
        session.close()
        project.close()


def test_exports_write_png_svg_and_csv(qtbot, coded, tmp_path: Path):
    dock = make_dock(qtbot, coded[0])
    dock.views["agreement"].documents.setCurrentIndex(1)  # no document is marked done in this fixture
    for kind, view in dock.views.items():
        show_tab(dock, kind)
        for fmt in ("png", "svg", "csv"):
            path = tmp_path / f"{kind}.{fmt}"
            getattr(view, f"export_{fmt}")(path)
            assert path.stat().st_size > 100, path
        assert not QImage(str(tmp_path / f"{kind}.png")).isNull()
        assert "<svg" in (tmp_path / f"{kind}.svg").read_text(encoding="utf-8")[:2000]
        lines = (tmp_path / f"{kind}.csv").read_text(encoding="utf-8").splitlines()
        assert len(lines) > 1


@pytest.mark.parametrize("kind", ["frequencies", "coders", "positions", "cooccurrence"])
def test_render_plot_writes_a_png_of_the_requested_size(qtbot, coded, tmp_path: Path, kind):
    from annotator.ui.statistics import render_plot

    out = render_plot(coded[0].project, kind, tmp_path / f"{kind}.png", width=800, height=500)
    image = QImage(str(out))
    assert out.stat().st_size > 1000
    assert (image.width(), image.height()) == (800, 500)


def test_render_plot_of_an_empty_project(qtbot, project, tmp_path: Path):
    from annotator.ui.statistics import render_plot

    out = render_plot(project, "frequencies", tmp_path / "empty.png", width=640, height=400)
    assert (QImage(str(out)).width(), QImage(str(out)).height()) == (640, 400)
    with pytest.raises(ValueError):
        render_plot(project, "pie", tmp_path / "x.png")


def test_importing_the_package_does_not_load_pyqtgraph():
    code = ("import sys, annotator.ui.statistics, annotator.store.statistics, annotator.core.statistics\n"
            "sys.exit(1 if 'pyqtgraph' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_coding_in_the_workspace_updates_the_open_plot(workspace, qtbot):
    """Select text in the window, press the quote key: the bar rises; undo: it falls back."""
    from annotator.ui.statistics import StatisticsDock

    dock = StatisticsDock(workspace.session, workspace.window)
    workspace.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.show()
    view = show_tab(dock, "frequencies")
    quote = workspace.code_id("quote")
    assert view.is_empty()  # the seeds carry no spans yet
    start, _end = workspace.select("We will restore Kalbajar")
    doc_id = workspace.view.doc.id
    workspace.view.setFocus()
    qtbot.keyClick(workspace.view, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: not view.is_empty() and view.value(doc_id, quote) == 1, timeout=2000)
    qtbot.keyClick(workspace.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(view.is_empty, timeout=2000)


def test_hover_texts_and_csv_carry_exact_values(qtbot, coded, tmp_path: Path):
    import csv

    session, docs, claim, quote, ben = coded
    dock = make_dock(qtbot, session)
    view = show_tab(dock, "frequencies")
    x = float(view.bars[(claim, None)].opts["x"][0])
    i = view.hover.index_at(x, 1.0)
    assert "claim: 2 spans, 40 of" in view.hover.text(i)  # [0,40) and [5,30): their union
    view.export_csv(tmp_path / "f.csv")
    rows = list(csv.DictReader(open(tmp_path / "f.csv", encoding="utf-8")))
    row = next(r for r in rows if r["document_id"] == str(docs[0]) and r["code"] == "claim")
    assert (row["coder"], row["spans"], row["characters_covered"]) == ("all", "2", "40")

    heat = show_tab(dock, "cooccurrence")
    k = heat.code_ids.index(claim) * len(heat.code_ids) + heat.code_ids.index(quote)
    assert heat.hover.text(k).startswith("claim × quote: 1 pair of spans that overlap")
    heat.export_csv(tmp_path / "c.csv")
    rows = list(csv.DictReader(open(tmp_path / "c.csv", encoding="utf-8")))
    assert {"mode": "overlap", "code_a": "claim", "code_b": "quote", "pairs": "1"} in rows


def test_set_documents_restricts_every_tab(qtbot, coded):
    session, docs, claim, _quote, _ben = coded
    dock = make_dock(qtbot, session)
    dock.set_documents([docs[1]])
    view = show_tab(dock, "frequencies")
    assert view.doc_ids == [docs[1]] and view.value(docs[1], claim) == 1
    assert show_tab(dock, "positions").doc_ids == [docs[1]]
    assert show_tab(dock, "coders").value(claim, session.coder.id) == 1
    assert dock.articles_button.isVisible() and dock.articles_button.text().startswith("1 article only")
    dock.articles_button.click()
    assert not dock.articles_button.isVisible()
    assert show_tab(dock, "positions").doc_ids == docs[:2]


def test_render_plot_creates_its_own_application(seeds_path: Path, tmp_path: Path):
    """As ``annotator stats --plot`` calls it: a fresh process with no QApplication."""
    out = tmp_path / "positions.png"
    code = ("import sys\n"
            "from annotator.store import Project\n"
            "from annotator.ui.statistics import render_plot\n"
            "p = Project(sys.argv[1], create=False)\n"
            "c = p.codes()[0].id\n"
            "p.add_span(p.documents()[0].id, c, p.ensure_coder('ana').id, 0, 30)\n"
            "render_plot(p, 'positions', sys.argv[2], width=640, height=360)\n"
            "p.close()\n")
    result = subprocess.run([sys.executable, "-c", code, str(seeds_path), str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (640, 360)


def test_codebook_edits_reach_the_plots(qtbot, coded):
    from annotator.store.operations import AddCode, UpdateCode

    session, docs, claim, _quote, _ben = coded
    dock = make_dock(qtbot, session)
    view = show_tab(dock, "frequencies")
    session.push(UpdateCode(claim, {"color": "#123456"}))
    qtbot.waitUntil(lambda: QBrush(view.bars[(claim, None)].opts["brush"]).color().name() == "#123456", timeout=2000)
    session.push(AddCode("new code"))
    qtbot.waitUntil(lambda: any(name == "new code" for _i, name in dock.codes_button.items), timeout=2000)
    new = session.project.code_by_path("new code").id
    assert view.value(docs[0], new) == 0


def test_positions_leave_page_clutter_out_unless_included(qtbot, coded):
    session, docs, claim, quote, _ben = coded
    p = session.project
    noise = p.db.execute('SELECT start, "end" FROM noise WHERE document_id = ? AND origin = \'detected\''
                         " ORDER BY start", (docs[1],)).fetchall()
    assert noise and noise[0][1] < 394  # the video lines above the span are clutter
    in_clutter = p.add_span(docs[1], quote, session.coder.id, noise[0][0], noise[0][1]).id
    dock = make_dock(qtbot, session)
    view = show_tab(dock, "positions")
    clutter = sum(e - s for s, e in noise)
    length = p.document(docs[1]).char_count
    before = sum(e - s for s, e in noise if e <= 394)
    assert in_clutter not in list(view.span_ids)  # lies wholly in the clutter
    k = list(view.span_ids).index(p.spans_where("document_id = ? AND code_id = ?", (docs[1], claim))[0].id)
    assert view.hover.x0[k] == pytest.approx((394 - before) / (length - clutter))
    assert "page clutter left out" in view.plot.getPlotItem().getAxis("bottom").labelText
    qtbot.mouseClick(dock.include_noise, Qt.MouseButton.LeftButton)
    assert in_clutter in list(view.span_ids)
    k = list(view.span_ids).index(p.spans_where("document_id = ? AND code_id = ?", (docs[1], claim))[0].id)
    assert view.hover.x0[k] == pytest.approx(394 / length)
