"""View > Statistics and View > Agreement open readable (floating, not a strip under Spans),
plot legends sit outside the data, and a plot image shows every article."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt

from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.ui.docks.placement import Readable, opening_geometry

READABLE_PLOT = 300  # px: below this the bars and rows cannot be read


def _code(project) -> None:
    ana, ben = project.ensure_coder("ana").id, project.ensure_coder("ben").id
    claim, quote = project.code_by_path("claim").id, project.code_by_path("quote").id
    for doc in (1, 2, 3):
        project.add_span(doc, claim, ana, 0, 40)
        project.add_span(doc, quote, ana, 50, 90)
        project.add_span(doc, claim, ben, 5, 40)


def test_statistics_opens_floating_with_a_readable_plot(workspace, qtbot):
    _code(workspace.project)
    window = workspace.window
    window.resize(1600, 1000)
    window.actions_by_name["statistics"].trigger()
    dock = window.statistics_dock
    qtbot.waitExposed(dock)
    assert dock.isFloating() and dock.isVisible()
    screen = window.screen().availableGeometry()
    assert dock.height() >= min(560, screen.height()) and dock.width() >= min(900, screen.width())
    for kind in ("frequencies", "positions", "reuse"):
        dock.tabs.setCurrentWidget(dock.views[kind])
        view = dock.views[kind]
        qtbot.waitUntil(lambda v=view: not v.is_empty() and v.plot.height() > 0)
        assert view.plot.height() >= READABLE_PLOT, kind
        vb = view.plot.getPlotItem().vb
        assert vb.sceneBoundingRect().height() >= READABLE_PLOT * 0.6, kind


def test_agreement_opens_floating_at_a_readable_size(workspace, qtbot):
    window = workspace.window
    window.actions_by_name["agreement"].trigger()
    dock = window.agreement_dock
    qtbot.waitExposed(dock)
    assert dock.isFloating()
    assert dock.height() >= min(560, window.screen().availableGeometry().height())
    assert dock.figures_view.height() >= 100


def test_a_dock_squeezed_under_spans_floats_again_when_shown(workspace, qtbot):
    """A layout saved by an older version had Statistics tabified under Spans, ~40 px tall."""
    window = workspace.window
    window.resize(1600, 1000)
    dock = window.statistics.show()
    dock.setFloating(False)
    window.tabifyDockWidget(window.spans_dock, dock)
    window.resizeDocks([window.spans_dock], [40], Qt.Orientation.Vertical)
    dock.hide()
    dock.show()
    qtbot.waitUntil(lambda: dock.isFloating())
    assert dock.height() >= min(560, window.screen().availableGeometry().height())


def test_opening_geometry_is_a_share_of_the_window_on_the_screen():
    readable = Readable(minimum=QSize(900, 560), floor=QSize(480, 300))
    big = opening_geometry(QRect(0, 0, 1920, 1080), QRect(0, 0, 1920, 1080), readable)
    assert (big.width(), big.height()) == (1536, 810) and big.center().x() in (959, 960)
    small = opening_geometry(QRect(0, 0, 1000, 600), QRect(0, 0, 1024, 640), readable)
    assert (small.width(), small.height()) == (900, 560)  # the readable minimum
    tiny = opening_geometry(QRect(0, 0, 700, 500), QRect(0, 0, 800, 480), readable)
    assert tiny.width() == 800 and tiny.height() == 480 and QRect(0, 0, 800, 480).contains(tiny)


def test_legends_sit_under_the_axis_outside_the_data(qtbot, seeded):
    from annotator.ui.session import Session
    from annotator.ui.statistics import StatisticsDock
    from annotator.ui.statistics.base import legend_overlaps_data

    _code(seeded)
    session = Session(seeded, "ana")
    try:
        dock = StatisticsDock(session)
        qtbot.addWidget(dock)
        dock.resize(1000, 650)
        dock.show()
        qtbot.waitExposed(dock)
        for kind in ("frequencies", "coders", "positions", "reuse"):
            view = dock.views[kind]
            dock.tabs.setCurrentWidget(view)
            qtbot.waitUntil(lambda v=view: not v.is_empty())
            view.plot.grab()  # lay the plot out
            assert view.legend.isVisible() and view.legend.items, kind
            assert not legend_overlaps_data(view), kind
            legend, box = view.legend.sceneBoundingRect(), view.plot.getPlotItem().vb.sceneBoundingRect()
            assert legend.top() >= box.bottom() and legend.height() > 5, kind
    finally:
        session.close()


def test_a_reuse_image_shows_every_article_growing_when_needed(tmp_path, qapp):
    from annotator.ui.statistics.render import draw_view, render_plot, rows_height

    with Project(tmp_path / "many.annotator") as p:
        for i in range(24):
            p.add_document(NewDocument(text=f"Article {i} reports something of its own. " * 12,
                                       title=f"Article {i + 1}"))
        view, _width, height = draw_view(p, "reuse", 1200, 700)  # the default size of `stats --plot`
        try:
            assert len(view.doc_ids) == 24
            low, high = view.plot.getPlotItem().vb.viewRange()[1]
            assert low <= 0 and high >= 23  # every row in view, not the first 16
        finally:
            view.close()
        for i in range(24, 60):
            p.add_document(NewDocument(text=f"Article {i} reports something of its own. " * 12,
                                       title=f"Article {i + 1}"))
        out = render_plot(p, "reuse", tmp_path / "reuse.png")
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.height() == rows_height(60) > 700
