"""Headless rendering of one statistics plot to an image file, for ``annotator stats --plot``."""

from __future__ import annotations

import os
from pathlib import Path

PLOT_KINDS = ("frequencies", "coders", "positions", "cooccurrence")


def render_plot(project, kind: str, path: str | Path, width: int = 1200, height: int = 700) -> Path:
    """Draw the *kind* plot of *project* (all coders, codes and documents) into *path*
    (PNG, or SVG when the name ends in .svg), *width* x *height* pixels. Creates an
    offscreen QApplication when there is none. Returns the path written."""
    if kind not in PLOT_KINDS:
        raise ValueError(f"unknown plot {kind!r} (one of {', '.join(PLOT_KINDS)})")
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        render_plot._app = QApplication([])  # type: ignore[attr-defined]  # kept alive for later calls
    from annotator.store.statistics import FrequencyCache, StatisticsData
    from annotator.ui.statistics.views import VIEW_CLASSES, StatsContext

    data = StatisticsData.load(project)
    frequencies = FrequencyCache(data)
    context = StatsContext(data, frequencies.filters, frequencies)
    view = next(cls for cls in VIEW_CLASSES if cls.plot_kind == kind)()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    view.resize(width, height + 80)
    view.show()
    view.refresh(context)
    view.plot.resize(width, height)
    QGuiApplication.processEvents()
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
