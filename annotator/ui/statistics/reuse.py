"""The reuse tab: per article, the share of its text found in other articles vs its own
(stacked horizontal bars), beside a small article x article similarity heatmap.

The figures come from :func:`annotator.store.passages.reuse_shares` and
:func:`~annotator.store.passages.similarity_matrix` (noise left out), the same
functions ``annotator align`` reports from. Only the article filter applies: reuse
is a property of the text, not of anyone's coding.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from annotator.store.passages import reuse_shares, similarity_matrix
from annotator.ui.statistics.base import (TEXT, RectHover, RowScroll, StatsContext, StatView, hex_color,
                                          label_rows_in_view, pg, plain_plot, short_title)

REUSED_COLOR = "#5b7db1"  # the shared-passage blue of the panes, deeper
OWN_COLOR = "#e3e6ea"
#: the heatmap's articles at most: its cells grow as the square of this (building the matrix,
#: hover cells); beyond it, the note says how many articles the heatmap leaves out
MAX_HEAT = 300
MAX_GRID = 30  # cell borders up to this many articles (beyond, they would hide the colours)
MAX_LABELLED = 12  # write the percentage in each cell up to this many articles


def _tick_step(n: int) -> int:
    """Every how many articles a heatmap axis is numbered: about a dozen numbers, at round steps."""
    return next((step for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000) if n / step <= 12),
                int(np.ceil(n / 12)))


class ReuseView(StatView):
    title = "Reuse"
    plot_kind = "reuse"
    visible_rows = 16  # bars in view at once; every article is drawn, the rest by scrolling (an image shows all)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.controls.addWidget(QLabel("Share of each article's text found in other articles (page clutter left out)"))
        self.controls.addStretch(1)
        self.rows = RowScroll(self.plot, self.visible_rows)
        self.controls.addWidget(self.rows.label)
        self.plot.setMouseEnabled(x=False, y=True)
        self.plot.getPlotItem().vb.sigYRangeChanged.connect(lambda *_a: self._row_ticks())
        self._row_labels: list[str] = []
        self.heat = plain_plot()
        self.heat.setMouseEnabled(x=False, y=False)
        self.heat_hover = RectHover(self.heat)
        self.heat_ids: list[int] = []
        self.heat.getPlotItem().vb.sigResized.connect(self._fit_heat)
        self.split = QWidget()  # the bars and the heatmap side by side
        self.stack.removeWidget(self.plot)
        row = QHBoxLayout(self.split)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        row.addWidget(self.plot, 3)
        row.addWidget(self.heat, 2)
        self.rows.beside(row)
        self.plot.show()  # the stack hid it when it let it go
        self.stack.insertWidget(0, self.split)
        self.body = self.split
        self.reused_bar = None
        self.own_bar = None
        self.image = None
        self.doc_ids: list[int] = []  # bar rows, top to bottom
        self.shares: dict = {}
        self.matrix = np.zeros((0, 0))

    def refresh(self, context: StatsContext) -> None:
        """As every tab, but empty only without articles: reuse needs no spans."""
        self.context = context
        self.plot.getPlotItem().clear()
        self.heat.getPlotItem().clear()
        self.hover.clear()
        self.heat_hover.clear()
        self._reset_legend()
        self.notice = ""
        self.rows.set_rows(0)  # no stale "articles 1–16 of 600" over an empty state
        reason = "No articles in this project yet. Import some from the File menu." if not context.data.documents \
            else self.draw(context)
        self.empty.setText(reason or "")
        self.stack.setCurrentWidget(self.empty if reason else self.split)
        self.rendered.emit()

    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty

    def draw(self, context: StatsContext) -> str | None:
        project = context.data.project
        docs = list(context.data.lengths(context.filters))
        if not docs:
            return "None of the chosen articles is in the project any more."
        self.shares = reuse_shares(project, docs)
        titles = context.titles
        self.doc_ids = docs
        n = len(self.doc_ids)
        shares = [self.shares[d] for d in self.doc_ids]
        reused = np.array([100 * s.reused_share for s in shares], dtype=float)
        own = np.array([100 - r if s.text_chars else 0.0 for r, s in zip(reused, shares)], dtype=float)
        y = np.arange(n, dtype=float)
        self.reused_bar = pg.BarGraphItem(x0=np.zeros(n), y=y, width=reused, height=0.62,
                                          brush=hex_color(REUSED_COLOR), pen=pg.mkPen(None))
        self.own_bar = pg.BarGraphItem(x0=reused, y=y, width=own, height=0.62,
                                       brush=hex_color(OWN_COLOR), pen=pg.mkPen("#c9ced6"))
        self.plot.addItem(self.own_bar)
        self.plot.addItem(self.reused_bar)
        self.legend.addItem(self.reused_bar, "found in other articles")
        self.legend.addItem(self.own_bar, "own text")
        self.legend.setColumnCount(2)
        texts = [f"{titles.get(d, '')}\n{s.reused_chars:,} of {s.text_chars:,} characters found in "
                 f"{s.partners} other article{'' if s.partners == 1 else 's'} ({r:.1f}%); own: {s.own_chars:,}"
                 for d, s, r in zip(self.doc_ids, shares, reused)]
        self.hover.add(np.zeros(n), np.full(n, 100.0), y - 0.31, y + 0.31, texts)
        item = self.plot.getPlotItem()
        item.invertY(True)
        room = 34 if n <= 20 else 24
        self._row_labels = [f"{i + 1}  {short_title(titles.get(d, ''), room)}" for i, d in enumerate(self.doc_ids)]
        item.getAxis("bottom").setTicks([[(v, str(v)) for v in range(0, 101, 25)], []])
        item.setLabel("bottom", "% of the article's text", color=TEXT)
        item.showGrid(x=True, y=False, alpha=0.3)
        item.setLimits(xMin=-1, xMax=104, yMin=-1, yMax=n + 1)  # the limits leave room for the "100" label
        item.setXRange(-1, 104, padding=0)
        self.rows.visible = self.visible_rows
        self.rows.set_rows(n)
        self._row_ticks()
        self._draw_heat(context)
        none = not any(s.reused_chars for s in self.shares.values())
        left_out = n - len(self.heat_ids)
        self.notice = (f"The heatmap shows the first {len(self.heat_ids):,} of {n:,} articles ({left_out:,} left "
                       "out, to stay fast); the bars and Export CSV have every article.") if left_out else ""
        more = self.notice + " " if self.notice else ""
        if n > self.visible_rows:
            more += f"All {n:,} articles: scroll the bars for the rest. "
        self.note.setText(more + ("No shared passages found yet (annotator align PROJECT finds them). "
                                  if none else "") + "Hover a bar or a cell for its figures.")
        return None

    def _row_ticks(self) -> None:
        label_rows_in_view(self.plot, self._row_labels, self.fontMetrics().height())

    def _draw_heat(self, context: StatsContext) -> None:
        self.heat_ids = self.doc_ids[:MAX_HEAT]
        n = len(self.heat_ids)
        self.matrix = np.array(similarity_matrix(context.data.project, self.heat_ids), dtype=float).reshape(n, n)
        shown = self.matrix.copy()
        np.fill_diagonal(shown, np.nan)  # an article with itself says nothing: a grey cell
        top = float(np.nanmax(shown)) if n > 1 and np.isfinite(shown).any() else 0.0
        cmap = pg.ColorMap([0.0, 0.5, 1.0], [(255, 255, 255), (150, 178, 214), (40, 80, 140)])
        image = np.nan_to_num(shown, nan=0.0)
        self.image = pg.ImageItem(image.T, levels=(0, max(top, 0.05)))
        self.image.setColorMap(cmap)
        self.image.setRect(-0.5, -0.5, n, n)
        self.heat.addItem(self.image)
        cells = np.arange(n, dtype=float)
        if n <= MAX_GRID:
            self.heat.addItem(pg.BarGraphItem(x0=np.tile(cells, n) - 0.5, x1=np.tile(cells, n) + 0.5,
                                              y0=np.repeat(cells, n) - 0.5, height=1.0, brush=pg.mkBrush(None),
                                              pen=pg.mkPen("#d0d0d0", width=1)))
        self.heat.addItem(pg.BarGraphItem(x0=cells - 0.5, x1=cells + 0.5, y0=cells - 0.5, height=1.0,
                                          brush=pg.mkBrush("#eeeeee"),
                                          pen=pg.mkPen("#d0d0d0") if n <= MAX_GRID else pg.mkPen(None)))
        if n <= MAX_LABELLED:
            for a in range(n):
                for b in range(n):
                    if a == b:
                        continue
                    value = self.matrix[a, b]
                    dark = top and value > 0.6 * top
                    label = pg.TextItem(f"{100 * value:.0f}", color="#ffffff" if dark else TEXT, anchor=(0.5, 0.5))
                    label.setPos(b, a)
                    self.heat.addItem(label)
        titles = context.titles
        names = [titles.get(d, "") for d in self.heat_ids]
        self.heat_hover.add(np.tile(cells, n) - 0.5, np.tile(cells, n) + 0.5, np.repeat(cells, n) - 0.5,
                            np.repeat(cells, n) + 0.5,
                            lambda i: (f"{a + 1}  {names[a]}\n{b + 1}  {names[b]}\n"
                                       f"{100 * self.matrix[a, b]:.1f}% of their text shared")
                            if (a := i // n) != (b := i % n) else f"{a + 1}  {names[a]}")
        item = self.heat.getPlotItem()
        item.invertY(True)
        step = _tick_step(n)
        ticks = [(0, "1")] + [(k - 1, str(k)) for k in range(step, n + 1, step) if k > 1]
        item.getAxis("bottom").setTicks([ticks, []])
        item.getAxis("left").setTicks([ticks, []])
        big = n > MAX_GRID  # small cells: the wheel zooms in, a drag moves
        self.heat.setMouseEnabled(x=big, y=big)
        item.setTitle("Similarity between articles (% of both texts shared)" if not big else
                      "Similarity (% of both texts shared): wheel zooms", color=TEXT, size="9pt")
        item.setAspectLocked(True)
        self._fit_heat()

    def _fit_heat(self, *_args) -> None:
        """Every article of the heatmap in view (again after a resize: an aspect-locked view
        keeps its scale, and a wider or narrower box would cut off the last columns)."""
        n = len(self.heat_ids)
        if n:
            self.heat.getPlotItem().vb.setRange(xRange=(-0.5, n - 0.5), yRange=(-0.5, n - 0.5), padding=0.02)

    # -- values, for tests and scripts ------------------------------------------------------
    def reused_percent(self, doc_id: int) -> float:
        return float(self.reused_bar.opts["width"][self.doc_ids.index(doc_id)])

    def similarity(self, doc_a: int, doc_b: int) -> float:
        return float(self.matrix[self.heat_ids.index(doc_a), self.heat_ids.index(doc_b)])

    def table(self) -> tuple[list[str], list[list[object]]]:
        titles = self.context.titles if self.context is not None else {}
        header = ["document_id", "title", "text_characters", "reused_characters", "own_characters",
                  "reused_percent", "partner_articles"] + [f"similarity_{d}" for d in self.heat_ids]
        rows = []
        for d in self.doc_ids:
            s = self.shares[d]
            sims = ([round(float(self.matrix[self.heat_ids.index(d), j]), 4) for j in range(len(self.heat_ids))]
                    if d in self.heat_ids else [""] * len(self.heat_ids))
            rows.append([d, titles.get(d, ""), s.text_chars, s.reused_chars, s.own_chars,
                         round(100 * s.reused_share, 2), s.partners, *sims])
        return header, rows

    # -- export: both plots side by side ------------------------------------------------------
    def export_png(self, path: str | Path, width: int | None = None, height: int | None = None) -> None:
        image = self.split.grab()
        if width and height:
            image = image.scaled(int(width), int(height), Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        image.save(str(path))

    def export_svg(self, path: str | Path) -> None:
        from PySide6.QtSvg import QSvgGenerator

        size = self.split.size()
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(size.width(), size.height()))
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(self.title)
        painter = QPainter(generator)
        try:
            painter.fillRect(QRectF(0, 0, size.width(), size.height()), pg.mkColor("w"))
            for plot in (self.plot, self.heat):
                target = QRectF(plot.geometry())
                plot.scene().render(painter, target, plot.getPlotItem().sceneBoundingRect())
        finally:
            painter.end()


__all__ = ["ReuseView"]
