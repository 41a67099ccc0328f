"""What every statistics view shares: the data it reads, labels, colours, the empty
state, hover tooltips over rectangles, and PNG/SVG/CSV export.

Imported only once pyqtgraph is loaded (by the dock or the headless renderer).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QHBoxLayout, QScrollBar, QSizePolicy, QStackedWidget, QToolTip, QVBoxLayout, QWidget,
)

from annotator.core.spreadsheet import SpreadsheetWriter
from annotator.store.statistics import Filters, FrequencyCache, StatisticsData
from annotator.ui import plain
from annotator.ui.statistics._pg import pyqtgraph

pg = pyqtgraph()

TEXT = "#333333"
GRID = "#d8d8d8"
CODER_COLORS = ("#3b5b92", "#c1666b", "#4f8a5b", "#8a6fb0", "#b38b2d", "#4a9aa8", "#7a7a7a")


def short_title(title: str, limit: int = 26) -> str:
    """A title cut at a word boundary to about *limit* characters, with an ellipsis."""
    title = " ".join(title.split()) or "(untitled)"
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0] if " " in title[:limit] else title[:limit]
    return cut.rstrip(" ,;:-–—'‘’\"") + "…"


@dataclass
class StatsContext:
    """The data and the shared filters every view draws from."""

    data: StatisticsData
    filters: Filters
    frequencies: FrequencyCache

    @property
    def titles(self) -> dict[int, str]:
        return {d.id: d.title for d in self.data.documents}

    def code_name(self, code_id: int) -> str:
        return self.data.code_paths.get(code_id, f"code {code_id}")

    def code_color(self, code_id: int) -> str:
        return next((c.color for c in self.data.codes if c.id == code_id), "#999999")

    def coder_names(self) -> dict[int, str]:
        return {c.id: c.name for c in self.data.coders}

    def empty_reason(self) -> str | None:
        """Why there is nothing to draw, in words, or None."""
        data = self.data
        if not data.documents:
            return "No articles in this project yet. Import some from the File menu."
        if not data.codes:
            return "The codebook is empty. Add codes in the codebook dock."
        if not data.code_ids(self.filters):
            return "No codes are selected. Choose codes in the filter above."
        if not data.coder_ids(self.filters):
            return "No coders are selected. Choose coders in the filter above."
        if len(data.spans) == 0:
            return "No spans yet. Select text in an article and press a code's key; the plots fill in as you code."
        if len(data.selected(self.filters)) == 0:
            names = self.coder_names()
            chosen = [names[c] for c in data.coder_ids(self.filters)]
            who = f"{chosen[0]} has" if len(chosen) == 1 else "The selected coders have"
            extra = " in documents marked done" if self.filters.done_only else ""
            return f"{who} no spans of the selected codes{extra}."
        return None


def hex_color(color: str, alpha: int = 255):
    c = pg.mkColor(color)
    c.setAlpha(alpha)
    return c


class RectHover:
    """Tooltips over rectangles drawn in a plot: ``x0, x1, y0, y1`` in view
    coordinates; the smallest rectangle under the cursor wins. Texts are a list, or
    a function of the rectangle's index within its :meth:`add` call, made on hover."""

    def __init__(self, plot: "pg.PlotWidget"):
        self.plot = plot
        self.clear()
        plot.scene().sigMouseMoved.connect(self._moved)

    def clear(self) -> None:
        self.x0 = self.x1 = self.y0 = self.y1 = np.zeros(0)
        self._sources: list[tuple[int, object]] = []  # (first index, list or function)

    def add(self, x0, x1, y0, y1, texts) -> None:
        self._sources.append((self.x0.size, texts))
        self.x0 = np.concatenate([self.x0, np.asarray(x0, float)])
        self.x1 = np.concatenate([self.x1, np.asarray(x1, float)])
        self.y0 = np.concatenate([self.y0, np.asarray(y0, float)])
        self.y1 = np.concatenate([self.y1, np.asarray(y1, float)])

    def index_at(self, x: float, y: float) -> int:
        """The rectangle at view point (x, y), or -1."""
        lo_y, hi_y = np.minimum(self.y0, self.y1), np.maximum(self.y0, self.y1)
        hit = np.flatnonzero((self.x0 <= x) & (x <= self.x1) & (lo_y <= y) & (y <= hi_y))
        if hit.size == 0:
            return -1
        area = (self.x1[hit] - self.x0[hit]) * (hi_y[hit] - lo_y[hit])
        return int(hit[np.argmin(area)])

    def text(self, index: int) -> str:
        first, texts = next((f, t) for f, t in reversed(self._sources) if f <= index)
        return texts(index - first) if callable(texts) else texts[index - first]

    def _moved(self, scene_pos) -> None:
        vb = self.plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(scene_pos):
            QToolTip.hideText()
            return
        p = vb.mapSceneToView(scene_pos)
        i = self.index_at(p.x(), p.y())
        if i < 0:
            QToolTip.hideText()
        else:
            QToolTip.showText(QCursor.pos(), plain.tooltip(self.text(i)), self.plot)


def plain_plot() -> "pg.PlotWidget":
    """A white plot with quiet axes and no pyqtgraph buttons or context menu."""
    plot = pg.PlotWidget(background="w")
    item = plot.getPlotItem()
    item.hideButtons()
    item.setMenuEnabled(False)
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(TEXT))
        axis.setTextPen(pg.mkPen(TEXT))
    return plot


class _OutsideLegend(pg.LegendItem):
    """A legend laid out in its plot's grid, under the bottom axis: it takes room of its own
    and never covers the data (pyqtgraph's default legend floats over the view box)."""

    MAX_COLUMNS = 4  # more entries wrap into further rows instead of running past the plot

    def setColumnCount(self, columnCount: int) -> None:  # noqa: N802, N803 (pyqtgraph)
        super().setColumnCount(max(1, min(columnCount, self.MAX_COLUMNS)))

    def updateSize(self) -> None:  # noqa: N802 (pyqtgraph)
        self.layout.invalidate()
        self.updateGeometry()  # the plot's layout asks for the new size hint


LEGEND_ROW = 4  # pyqtgraph's PlotItem grid: 0 title, 1 top axis, 2 view box, 3 bottom axis


def outside_legend(plot: "pg.PlotWidget") -> "pg.LegendItem":
    """A legend for *plot* below its x axis, outside the data, left-aligned with the view box."""
    item = plot.getPlotItem()
    legend = _OutsideLegend(labelTextColor=TEXT, brush=pg.mkBrush(None), pen=pg.mkPen(None),
                            labelTextSize="9pt", verSpacing=0, horSpacing=14)
    item.legend = legend
    legend.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)  # its entries' width, not the row's
    item.layout.addItem(legend, LEGEND_ROW, 1, alignment=Qt.AlignmentFlag.AlignLeft)
    item.layout.setRowSpacing(3, 4)
    return legend


def legend_overlaps_data(view: "StatView") -> bool:
    """Whether the legend (when shown, with entries) covers any of the view box: for tests."""
    legend = view.legend
    if not legend.isVisible() or not legend.items:
        return False
    box = view.plot.getPlotItem().vb.sceneBoundingRect()
    return legend.sceneBoundingRect().intersects(box)


class RowScroll:
    """A scroll bar beside a plot with one row per article (row 0 at the top, y inverted):
    every article is drawn, *visible* rows are in view at once, and the bar says (and moves)
    which. Dragging the plot moves the bar; the bar moves the plot. *label* reads
    "articles 31–44 of 240" (hidden when every row is in view)."""

    def __init__(self, plot: "pg.PlotWidget", visible: int):
        self.plot = plot
        self.visible = visible
        self.rows = 0
        self.bar = QScrollBar(Qt.Orientation.Vertical)
        self.bar.setObjectName("rowScroll")
        self.bar.hide()
        self.label = plain.label()
        self.label.setObjectName("rowRange")
        self.label.setStyleSheet("color: #666;")
        self.label.hide()
        self._moving = False
        self.bar.valueChanged.connect(self._scrolled)
        plot.getPlotItem().vb.sigYRangeChanged.connect(lambda *_a: self._followed())

    def beside(self, row: QHBoxLayout) -> None:
        """Put the bar right of the plot in *row* (a layout holding the plot)."""
        row.insertWidget(row.indexOf(self.plot) + 1, self.bar)

    def set_rows(self, rows: int) -> None:
        """*rows* articles are drawn; show the first ones."""
        self.rows = rows
        more = rows > self.visible
        self.bar.setVisible(more)
        self.label.setVisible(more)
        self._moving = True
        try:
            self.bar.setRange(0, max(rows - self.visible, 0))
            self.bar.setPageStep(self.visible)
            self.bar.setSingleStep(1)
            self.bar.setValue(0)
        finally:
            self._moving = False
        self.plot.getPlotItem().setYRange(-0.6, min(rows, self.visible) - 0.4, padding=0)
        self._followed()

    def scroll_to(self, first: int) -> None:
        """Bring row *first* (0-based) to the top, as moving the bar would."""
        self.bar.setValue(first)

    def in_view(self) -> tuple[int, int]:
        """(first, last) rows in view, 0-based, clipped to the rows drawn."""
        low, high = self.plot.getPlotItem().vb.viewRange()[1]
        return max(int(np.ceil(low)), 0), min(int(np.floor(high)), self.rows - 1)

    def _scrolled(self, value: int) -> None:
        if self._moving:
            return
        self._moving = True
        try:
            self.plot.getPlotItem().setYRange(value - 0.6, value + min(self.rows, self.visible) - 0.4, padding=0)
        finally:
            self._moving = False
        self._say()

    def _followed(self) -> None:
        if not self._moving and self.rows:
            self._moving = True
            try:
                self.bar.setValue(self.in_view()[0])
            finally:
                self._moving = False
        self._say()

    def _say(self) -> None:
        if self.rows:
            first, last = self.in_view()
            self.label.setText(f"articles {first + 1:,}–{last + 1:,} of {self.rows:,}")
            self.bar.setToolTip(plain.tooltip(self.label.text()))


def label_rows_in_view(plot: "pg.PlotWidget", labels: list[str], line_height: float) -> None:
    """Label the rows (one per article, y = 0, 1, ...) in view on the left axis, every n-th
    when they are too many to read (and to lay out fast)."""
    if not labels:
        return
    low, high = plot.getPlotItem().vb.viewRange()[1]
    first, last = max(int(np.ceil(low)), 0), min(int(np.floor(high)), len(labels) - 1)
    room = max(int(plot.height() / (line_height * 1.3)), 4)
    step = max(int(np.ceil((last - first + 1) / room)), 1)
    plot.getPlotItem().getAxis("left").setTicks(
        [[(i, labels[i]) for i in range(first - first % step, last + 1, step) if i >= first], []])


class StatView(QWidget):
    """One tab: a control row, then the plot or an empty-state message."""

    title = "view"
    plot_kind = "view"
    rendered = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.context: StatsContext | None = None
        self.plot = plain_plot()
        self.hover = RectHover(self.plot)
        self.empty = plain.label()  # reasons name codes and coders
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #666; font-size: 13px; padding: 24px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.plot)
        self.body: QWidget = self.plot  # what the stack shows when there is something to draw
        self.rows: RowScroll | None = None  # a plot with one row per article scrolls them (scroll_rows)
        #: what the plot had to leave out (a cap kept for speed), in words, or "": shown in the
        #: note under the plot and printed by ``annotator stats --plot``
        self.notice = ""
        self.stack.addWidget(self.empty)
        self.controls = QHBoxLayout()
        self.controls.setContentsMargins(0, 0, 0, 0)
        self.controls.setSpacing(8)
        self.note = plain.label()
        self.note.setWordWrap(True)  # a long note (intervals, left-out counts) wraps; it never widens the dock
        self.note.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.controls)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.note)
        self.legend = outside_legend(self.plot)

    # -- drawing -----------------------------------------------------------------
    def refresh(self, context: StatsContext) -> None:
        """Redraw from *context* (filters and data as they are now)."""
        self.context = context
        reason = context.empty_reason()
        self.plot.getPlotItem().clear()
        self.hover.clear()
        self._reset_legend()
        self.notice = ""
        if self.rows is not None:
            self.rows.set_rows(0)  # no stale "articles 1–14 of 600" over an empty state
        if reason is None:
            reason = self.draw(context)
        self.empty.setText(reason or "")
        self.stack.setCurrentWidget(self.empty if reason else self.body)
        self.rendered.emit()

    def scroll_rows(self, visible: int) -> RowScroll:
        """Give the plot a :class:`RowScroll` (bar right of it, range label in the controls)."""
        scroll = RowScroll(self.plot, visible)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.stack.removeWidget(self.plot)
        row.addWidget(self.plot, 1)
        self.plot.show()  # the stack hid it when it let it go
        scroll.beside(row)
        self.stack.insertWidget(0, holder)
        self.body = holder
        return scroll

    def draw(self, context: StatsContext) -> str | None:
        """Draw the plot; return an empty-state message instead when there is nothing to show."""
        raise NotImplementedError

    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty

    def _reset_legend(self) -> None:
        self.legend.clear()
        self.legend.setVisible(True)

    # -- the table under the plot ----------------------------------------------------
    def table(self) -> tuple[list[str], list[list[object]]]:
        """(header, rows) of what the plot shows."""
        raise NotImplementedError

    # -- export -----------------------------------------------------------------------
    def export_png(self, path: str | Path, width: int | None = None, height: int | None = None) -> None:
        exporter = pg.exporters.ImageExporter(self.plot.getPlotItem())
        params = exporter.parameters()
        w = int(width or max(params["width"], 1200))
        params.param("width").setValue(w, blockSignal=exporter.widthChanged)
        if height:
            params.param("height").setValue(int(height), blockSignal=exporter.heightChanged)
        else:
            exporter.widthChanged()
        params["background"] = pg.mkColor("w")
        exporter.export(str(path))

    def export_svg(self, path: str | Path) -> None:
        try:
            pg.exporters.SVGExporter(self.plot.getPlotItem()).export(str(path))
        except ValueError:
            # pyqtgraph 0.14's SVG exporter cannot parse the closed paths ("... Z") that
            # Qt's SVG writer now emits (pyqtgraph issue 3495, fix unreleased): let Qt
            # write the scene as SVG itself.
            self._svg_from_qt(path)

    def _svg_from_qt(self, path: str | Path) -> None:
        from PySide6.QtCore import QRectF, QSize
        from PySide6.QtGui import QPainter
        from PySide6.QtSvg import QSvgGenerator

        rect = self.plot.getPlotItem().sceneBoundingRect()
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(int(rect.width()), int(rect.height())))
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle(self.title)
        painter = QPainter(generator)
        try:
            painter.fillRect(QRectF(0, 0, rect.width(), rect.height()), pg.mkColor("w"))
            self.plot.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        finally:
            painter.end()

    def export_csv(self, path: str | Path) -> None:
        header, rows = self.table()
        from annotator.io.atomic import replaced_atomically

        with replaced_atomically(path) as fh:  # never a half-written file under the real name
            writer = SpreadsheetWriter(fh)  # text cells starting with = + - @ made inert; numbers kept
            writer.writerow(header)
            writer.writerows(rows)
