"""Headless rendering of one statistics plot to an image file, for ``annotator stats --plot``."""

from __future__ import annotations

import os
from pathlib import Path

PLOT_KINDS = ("frequencies", "coders", "positions", "cooccurrence", "reuse")
ROW_PX = 24  # an article's row in an image: room for its label in the default font
CHROME_PX = 110  # the x axis, its label and the legend under the rows
GROUP_PX = 150  # an article's group of bars (frequencies) in an image: room for its title below
AXIS_PX = 90  # the y axis left of the groups
MAX_HEIGHT = 30_000  # below Qt's 32,767-pixel limit on an image's side
MAX_WIDTH = 30_000


def _print(_mode, _context, message: str) -> None:
    import sys

    print(message, file=sys.stderr)


def render_plot(project, kind: str, path: str | Path, width: int = 1200, height: int = 700, *,
                include_noise: bool = False) -> Path:
    """Draw the *kind* plot of *project* (all coders, codes and documents) into *path*
    (PNG, or SVG when the name ends in .svg), *width* x *height* pixels; noise is left out
    of coverage and code positions unless *include_noise*. A plot with one row per article
    (positions, reuse) shows every article: the image grows taller than *height* when the
    rows need it (:func:`rows_height`); frequencies, one group of bars per article, grows
    wider (:func:`groups_width`). Creates an
    offscreen QApplication when there is none. Returns the path written."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    view, width, height = draw_view(project, kind, width, height, include_noise=include_noise)
    if view.notice:  # a cap the plot applied: said, never silent
        _print(None, None, f"Note: {view.notice}")
    path = Path(path)
    try:
        if view.is_empty():  # the empty state's message, so a script's output says why
            image = QImage(width, height, QImage.Format.Format_ARGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
            painter.setPen(QColor("#666666"))
            painter.drawText(QRect(40, 0, width - 80, height), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             view.empty.text())
            painter.end()
            image.save(str(path))
        elif path.suffix.lower() == ".svg":
            view.export_svg(path)
        else:
            view.export_png(path, width, height)
    finally:
        view.close()
        view.deleteLater()
    return path


def draw_view(project, kind: str, width: int, height: int, *, include_noise: bool = False):
    """The *kind* view drawn offscreen at *width* x *height*, or taller (wider) when its rows
    (groups) need it; returns (view, width, height drawn). The caller closes the view."""
    if kind not in PLOT_KINDS:
        raise ValueError(f"unknown plot {kind!r} (one of {', '.join(PLOT_KINDS)})")
    from PySide6.QtCore import Qt, qInstallMessageHandler
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # headless unless the caller chose a platform
        draw_view._app = QApplication([])  # type: ignore[attr-defined]  # kept alive for later calls
    from annotator.store.statistics import Filters, FrequencyCache, StatisticsData
    from annotator.ui.statistics.views import VIEW_CLASSES, StatsContext

    data = StatisticsData.load(project)
    frequencies = FrequencyCache(data, Filters(include_noise=include_noise))
    context = StatsContext(data, frequencies.filters, frequencies)
    view = next(cls for cls in VIEW_CLASSES if cls.plot_kind == kind)()
    rows = hasattr(view, "visible_rows")
    groups = hasattr(view, "visible_groups")
    if rows:  # an image cannot scroll: every article in view
        view.visible_rows = 10**9
    if groups:
        view.visible_groups = 10**9
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    for i in range(view.controls.count()):  # the plot alone fills the widget: no combo boxes, no note
        widget = view.controls.itemAt(i).widget()
        if widget is not None:
            widget.hide()
    view.note.hide()
    view.resize(width, height)

    def quiet(mode, context, message):  # the offscreen platform's note on every shown window, not news
        if "propagateSizeHints" not in message:
            (previous or _print)(mode, context, message)

    previous = qInstallMessageHandler(quiet)
    try:
        view.show()
    finally:
        qInstallMessageHandler(previous)
    QGuiApplication.processEvents()
    view.refresh(context)  # drawn at its final size, so titles are cut to the room they have
    grow = (width, height)
    if rows and (needed := rows_height(len(view.doc_ids))) > height:
        grow = (width, needed)
    if groups and (needed := groups_width(len(view.doc_ids))) > width:
        grow = (needed, height)
    if grow != (width, height):
        width, height = grow
        view.resize(width, height)
        QGuiApplication.processEvents()
        view.refresh(context)
    for _ in range(2):  # a paint lets the axes widen to their labels; the next one lays that out
        view.plot.grab()
        QGuiApplication.processEvents()
    return view, width, height


def groups_width(articles: int) -> int:
    """The width in pixels an image needs to show *articles* groups of bars readably."""
    return min(AXIS_PX + GROUP_PX * articles, MAX_WIDTH)


def rows_height(articles: int) -> int:
    """The height in pixels an image needs to show *articles* rows readably."""
    return min(CHROME_PX + ROW_PX * articles, MAX_HEIGHT)
