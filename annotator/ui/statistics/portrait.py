"""Code positions ("document portrait"): one row per article, each span a coloured
segment at its relative place in the text; a click opens the span in the workspace."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from annotator.core.statistics import positions
from annotator.ui import plain
from annotator.ui.statistics.base import (GRID, TEXT, StatsContext, StatView, hex_color, label_rows_in_view, pg,
                                          short_title)

VISIBLE_ROWS = 14  # rows in view at once; every article is drawn, the rest by the scroll bar
ROW_HEIGHT = 0.7


class PositionsView(StatView):
    title = "Code positions"
    plot_kind = "positions"
    visible_rows = VISIBLE_ROWS  # rows in view at once; the rest by scrolling (an image shows them all)
    span_clicked = Signal(int, int)  # document id, span id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.controls.addWidget(QLabel("Each row is an article from start (left) to end (right); "
                                       "click a segment to open that span"))
        self.controls.addStretch(1)
        self.rows = self.scroll_rows(VISIBLE_ROWS)
        self.controls.addWidget(self.rows.label)
        self.plot.setMouseEnabled(x=False, y=True)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.plot.getPlotItem().vb.sigYRangeChanged.connect(lambda *_a: self._row_ticks())
        self._row_labels: list[str] = []
        self.segments: dict[int, object] = {}  # code id -> BarGraphItem
        self.doc_ids: list[int] = []
        self.span_ids = np.zeros(0, dtype=np.int64)
        self.span_docs = np.zeros(0, dtype=np.int64)
        self._pos = None

    def draw(self, context: StatsContext) -> str | None:
        self.segments.clear()
        data, filters = context.data, context.filters
        selected = data.selected(filters)
        with_spans = set(np.unique(selected.doc).tolist())
        lengths = {d: n for d, n in data.lengths(filters).items() if d in with_spans}
        if not lengths:
            return "No spans of the selected codes by the selected coders."
        excluded = None if filters.include_noise else data.noise
        if excluded:  # an article whose spans all lie in page clutter gets no row
            left = set(np.unique(positions(selected, lengths, excluded).span.doc).tolist())
            lengths = {d: n for d, n in lengths.items() if d in left}
            if not lengths:
                return "Every span of the selected codes lies in page clutter; tick Include noise to show them."
        self.doc_ids = list(lengths)
        pos = positions(selected, lengths, excluded)
        coder_ids = data.coder_ids(filters)
        lanes = max(len(coder_ids), 1)
        lane_h = ROW_HEIGHT / lanes
        by_id = np.asarray(coder_ids, dtype=np.int64)
        order = np.argsort(by_id)
        lane = order[np.minimum(np.searchsorted(by_id[order], pos.span.coder), max(by_id.size - 1, 0))] \
            if by_id.size else np.zeros(len(pos.span), dtype=np.int64)
        # row 0 at the top: y grows downwards through the inverted axis
        y0 = pos.row - ROW_HEIGHT / 2 + lane * lane_h
        backdrop = pg.BarGraphItem(x0=np.zeros(len(lengths)), x1=np.ones(len(lengths)),
                                   y0=np.arange(len(lengths)) - ROW_HEIGHT / 2, height=ROW_HEIGHT,
                                   brush=pg.mkBrush("#f1f1f1"), pen=pg.mkPen(GRID))
        self.plot.addItem(backdrop)
        titles = context.titles
        names = context.coder_names()
        self.span_ids = pos.span.id
        self.span_docs = pos.span.doc
        order_codes = [c for c in data.code_ids(filters)]
        for code in order_codes:
            m = pos.span.code == code
            if not m.any():
                continue
            color = context.code_color(code)
            x0 = pos.rel_start[m]
            x1 = np.maximum(pos.rel_end[m], x0 + 0.002)  # a one-character span stays visible
            item = pg.BarGraphItem(x0=x0, x1=x1, y0=y0[m], height=lane_h * 0.9, brush=hex_color(color, 215),
                                   pen=pg.mkPen(None))
            self.plot.addItem(item)
            self.segments[code] = item
            self.legend.addItem(item, plain.escape(context.code_name(code)))  # legends are HTML
        self._pos = pos
        self.hover.add(pos.rel_start, np.maximum(pos.rel_end, pos.rel_start + 0.002), y0, y0 + lane_h * 0.9,
                       self._describe)
        item = self.plot.getPlotItem()
        item.invertY(True)
        self._row_labels = [short_title(titles.get(d, ""), 38) for d in self.doc_ids]
        bottom = item.getAxis("bottom")
        bottom.setTicks([[(x, f"{int(x * 100)}%") for x in np.linspace(0, 1, 5)], []])
        item.setLabel("bottom", "position in the article" + ("" if filters.include_noise else
                                                            " (page clutter left out)"), color=TEXT)
        # the view reaches a little past 100% so the "100%" label under the last tick is not cut off
        item.setLimits(xMin=-0.02, xMax=1.04, yMin=-1.0, yMax=len(self.doc_ids))
        item.setXRange(-0.01, 1.035, padding=0)
        item.getAxis("left").setStyle(tickLength=0)
        self.rows.visible = self.visible_rows
        self.rows.set_rows(len(self.doc_ids))
        self._row_ticks()
        self.legend.setColumnCount(len(self.segments))
        notes = []
        if len(self.doc_ids) > self.visible_rows:
            notes.append(f"All {len(self.doc_ids):,} articles with spans: scroll (the bar at the right, or drag "
                         "the plot) for the rest.")
        if lanes > 1:
            notes.append("Within a row, coders from top to bottom: " + ", ".join(names[c] for c in coder_ids) + ".")
        self.note.setText(" ".join(notes) or "Hover a segment for the code, the coder and its characters.")
        return None

    def _row_ticks(self) -> None:
        label_rows_in_view(self.plot, self._row_labels, self.fontMetrics().height())

    def _describe(self, k: int) -> str:
        span, context = self._pos.span, self.context
        return (f"{context.titles.get(int(span.doc[k]), '')}\n{context.code_name(int(span.code[k]))} by "
                f"{context.coder_names().get(int(span.coder[k]), '?')}: characters "
                f"{int(span.start[k]):,}\u2013{int(span.end[k]):,}")

    def span_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(document id, span id) of the segment at view point (x, y), if any
        (the only rectangles with hover texts are the spans, in ``span_ids`` order)."""
        k = self.hover.index_at(x, y)
        if k < 0:
            return None
        return int(self.span_docs[k]), int(self.span_ids[k])

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        p = vb.mapSceneToView(event.scenePos())
        hit = self.span_at(p.x(), p.y())
        if hit is not None:
            self.span_clicked.emit(*hit)

    def table(self) -> tuple[list[str], list[list[object]]]:
        pos, context = self._pos, self.context
        titles = context.titles if context else {}
        names = context.coder_names() if context else {}
        rows = [] if pos is None or context is None else [
            [int(i), int(d), titles.get(int(d), ""), context.code_name(int(k)),
             names.get(int(c), ""), int(s), int(e), round(float(a), 4), round(float(b), 4)]
            for i, d, k, c, s, e, a, b in zip(pos.span.id, pos.span.doc, pos.span.code, pos.span.coder,
                                              pos.span.start, pos.span.end, pos.rel_start, pos.rel_end)]
        return (["span_id", "document_id", "title", "code", "coder", "start", "end", "relative_start",
                 "relative_end"], rows)
