"""Grouped bar views: code frequencies per article, and coders compared per code."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from annotator.ui import plain
from annotator.ui.statistics.base import CODER_COLORS, GRID, TEXT, StatsContext, StatView, hex_color, pg, short_title

VISIBLE_GROUPS = 8  # articles in view at once; every article is drawn, the rest by dragging sideways
CODER_ALPHAS = (255, 150, 90, 55)


def _style_axes(view: StatView, ticks: list[tuple[float, str]], left: str) -> None:
    item = view.plot.getPlotItem()
    item.getAxis("bottom").setTicks([ticks, []])
    item.getAxis("bottom").setStyle(tickTextOffset=6)
    item.getAxis("left").setStyle(maxTickLevel=0)
    item.setLabel("left", left, color=TEXT)
    item.showGrid(x=False, y=True, alpha=0.3)


def _title_room(view: StatView, groups: int) -> int:
    """How many characters of a title fit under one group of bars."""
    width = view.plot.width() if view.plot.width() > 200 else 1000
    return max(10, min(60, int(0.9 * width / max(groups, 1) / 7)))


def _place(n_groups: int, n_bars: int, j: int) -> tuple[np.ndarray, float]:
    """Centres of bar *j* of *n_bars* in each of *n_groups* groups, and the bar width."""
    width = 0.8 / max(n_bars, 1)
    return np.arange(n_groups) - 0.4 + (j + 0.5) * width, width


class FrequencyView(StatView):
    """Grouped bars: articles along x, one bar per code (per coder, side by side) in the code's colour."""

    title = "Code frequencies"
    plot_kind = "frequencies"
    visible_groups = VISIBLE_GROUPS  # an image shows them all (ui/statistics/render.py)
    POOLED, SIDE_BY_SIDE = -1, -2

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.measure = QComboBox()
        self.measure.addItem("Span counts", "counts")
        self.measure.addItem("Coverage (% of the article's characters)", "coverage")
        self.coder = QComboBox()
        self.coder.setMinimumContentsLength(18)
        self.controls.addWidget(QLabel("Show"))
        self.controls.addWidget(self.measure)
        self.controls.addWidget(QLabel("Coders"))
        self.controls.addWidget(self.coder)
        self.controls.addStretch(1)
        self.plot.setMouseEnabled(x=True, y=False)
        self.bars: dict[tuple[int, int | None], object] = {}  # (code id, coder id or None) -> BarGraphItem
        self.doc_ids: list[int] = []
        self._source: tuple | None = None  # what the bars were drawn from: hover texts and the table read it
        self._labels: list[str] = []
        self.plot.getPlotItem().vb.sigXRangeChanged.connect(lambda *_a: self._group_ticks())
        self.measure.currentIndexChanged.connect(self._redraw)
        self.coder.currentIndexChanged.connect(self._redraw)

    def _redraw(self) -> None:
        if self.context is not None:
            self.refresh(self.context)

    def _sync_coder_choices(self, context: StatsContext) -> None:
        names = context.coder_names()
        wanted = [("All coders, pooled", self.POOLED), ("Coders side by side", self.SIDE_BY_SIDE)] + [
            (names[c], c) for c in context.data.coder_ids(context.filters)]
        have = [(self.coder.itemText(i), self.coder.itemData(i)) for i in range(self.coder.count())]
        if have != wanted:
            current = self.coder.currentData()
            self.coder.blockSignals(True)
            self.coder.clear()
            for text, data in wanted:
                self.coder.addItem(text, data)
            at = self.coder.findData(current)
            self.coder.setCurrentIndex(max(at, 0))
            self.coder.blockSignals(False)

    def draw(self, context: StatsContext) -> str | None:
        self._sync_coder_choices(context)
        self.bars.clear()
        self._source = None
        table = context.frequencies.table
        coverage = self.measure.currentData() == "coverage"
        choice = self.coder.currentData()
        coders = list(table.coders)
        names = context.coder_names()
        if choice == self.POOLED:
            layers = [(None, table.pooled_coverage() if coverage else table.pooled_counts)]
        elif choice == self.SIDE_BY_SIDE:
            per = table.coverage() if coverage else table.counts
            layers = [(int(c), per[i]) for i, c in enumerate(coders)]
        else:
            i = coders.index(choice) if choice in coders else 0
            layers = [(int(coders[i]), (table.coverage() if coverage else table.counts)[i])]
        has_spans = (table.pooled_counts.sum(axis=1) > 0) if choice in (self.POOLED, self.SIDE_BY_SIDE) \
            else (layers[0][1] > 0).any(axis=1)
        rows = np.flatnonzero(has_spans)
        if rows.size == 0:
            who = names.get(choice, "The selected coders")
            return f"{who} has no spans of the selected codes." if choice in names else \
                "No spans of the selected codes."
        shown = rows
        titles = context.titles
        drawn: list[tuple[int, int, int | None]] = []  # (code index, code, coder) of each bar item
        self._source = (table, coders, titles, names, shown, drawn)
        self.doc_ids = [int(table.documents[r]) for r in shown]
        codes = [int(c) for c in table.codes]
        n_bars = len(codes) * len(layers)
        j = 0
        for k, code in enumerate(codes):
            for li, (coder, values) in enumerate(layers):
                x, width = _place(len(shown), n_bars, j)
                j += 1
                heights = values[shown, k].astype(float)
                color = context.code_color(code)
                alpha = CODER_ALPHAS[min(li, len(CODER_ALPHAS) - 1)] if len(layers) > 1 else 255
                bar = pg.BarGraphItem(x=x, height=heights, width=width * 0.92, brush=hex_color(color, alpha),
                                      pen=pg.mkPen(hex_color(color).darker(130), width=1))
                self.plot.addItem(bar)
                self.bars[(code, coder)] = bar
                if li == 0:
                    self.legend.addItem(bar, plain.escape(context.code_name(code)))  # legends are HTML
                drawn.append((k, code, coder))
                # texts made on hover, rows on export: every article is drawn, so nothing per bar up front
                self.hover.add(x - width / 2, x + width / 2, np.zeros_like(heights), heights,
                               lambda i, k=k, code=code, coder=coder: self._describe(int(shown[i]), k, code, coder))
        room = _title_room(self, min(len(shown), self.visible_groups))
        self._labels = [short_title(titles.get(d, ""), room) for d in self.doc_ids]
        _style_axes(self, [], "% of characters" if coverage else "spans")
        item = self.plot.getPlotItem()
        item.setLimits(xMin=-1, xMax=len(shown), yMin=0)
        item.setXRange(-0.6, min(len(shown), self.visible_groups) - 0.4, padding=0)
        self._group_ticks()
        top = max((float(np.max(b.opts["height"])) for b in self.bars.values() if len(b.opts["height"])), default=1)
        item.setYRange(0, max(top, 1) * 1.08, padding=0)  # the legend sits under the axis, outside the bars
        self.legend.setColumnCount(len(codes))
        more = ""
        if len(layers) > 1:
            more += ("Bars of one code, left to right: " + ", ".join(
                f"{names[c]} ({'solid' if i == 0 else 'lighter' if i == 1 else 'lightest'})"
                for i, (c, _v) in enumerate(layers[:3])) + ". ")
        self.note.setText(f"{more}{self.visible_groups} of {len(shown):,} articles in view: drag sideways for the "
                          "rest; hover a bar for its exact value."
                          if len(shown) > self.visible_groups else more + "Hover a bar for its exact value.")
        return None

    def _group_ticks(self) -> None:
        """Article titles under the groups in view only (laying out a hundred labels per paint is slow)."""
        low, high = self.plot.getPlotItem().vb.viewRange()[0]
        first, last = max(int(np.ceil(low)), 0), min(int(np.floor(high)), len(self._labels) - 1)
        room = max(int(self.plot.width() / 90), 4)  # titles that fit side by side; every n-th beyond
        step = max(int(np.ceil((last - first + 1) / room)), 1)
        self.plot.getPlotItem().getAxis("bottom").setTicks(
            [[(i, self._labels[i]) for i in range(first - first % step, last + 1, step) if i >= first], []])

    def _cell(self, r: int, k: int, coder: int | None) -> tuple[int, int, int, int]:
        """(document, spans, characters covered, length) of table row *r*, code index *k*."""
        table, coders = self._source[0], self._source[1]
        doc, length = int(table.documents[r]), int(table.lengths[r])
        if coder is None:
            return doc, int(table.pooled_counts[r, k]), int(table.pooled_covered[r, k]), length
        i = coders.index(coder)
        return doc, int(table.counts[i, r, k]), int(table.covered[i, r, k]), length

    def _describe(self, r: int, k: int, code: int, coder: int | None) -> str:
        titles, names = self._source[2], self._source[3]
        doc, count, chars, length = self._cell(r, k, coder)
        who = f" ({names.get(coder, '')})" if coder is not None else ""
        return (f"{titles.get(doc, '')}\n{self.context.code_name(code)}{who}: {count} span"
                f"{'' if count == 1 else 's'}, {chars:,} of {length:,} characters ({100 * chars / max(length, 1):.1f}%)")

    def _table_rows(self) -> list[list[object]]:
        if self._source is None or self.context is None:
            return []
        _table, _coders, titles, names, shown, drawn = self._source
        rows = []
        for k, code, coder in drawn:
            for r in shown:
                doc, count, chars, length = self._cell(int(r), k, coder)
                rows.append([doc, titles.get(doc, ""), names.get(coder, "all") if coder else "all",
                             self.context.code_name(code), count, chars, round(100 * chars / max(length, 1), 2)])
        return rows

    def value(self, doc_id: int, code_id: int, coder_id: int | None = None) -> float:
        """The drawn height of a bar (for tests and scripts)."""
        bar = self.bars[(code_id, coder_id)]
        return float(bar.opts["height"][self.doc_ids.index(doc_id)])

    def table(self) -> tuple[list[str], list[list[object]]]:
        return (["document_id", "title", "coder", "code", "spans", "characters_covered", "coverage_percent"],
                self._table_rows())


class CodersView(StatView):
    """Per code, each coder's span count side by side."""

    title = "Coders compared"
    plot_kind = "coders"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.controls.addWidget(QLabel("Spans per code, one bar per coder"))
        self.controls.addStretch(1)
        self.plot.setMouseEnabled(x=True, y=False)
        self.bars: dict[int, object] = {}  # coder id -> BarGraphItem
        self.code_ids: list[int] = []
        self._rows: list[list[object]] = []

    def draw(self, context: StatsContext) -> str | None:
        self.bars.clear()
        table = context.frequencies.table
        counts = table.counts.sum(axis=1).T  # [code, coder]
        self.code_ids = [int(c) for c in table.codes]
        coders = [int(c) for c in table.coders]
        names = context.coder_names()
        self._rows = [[context.code_name(code), names[coder], int(counts[k, i])]
                      for k, code in enumerate(self.code_ids) for i, coder in enumerate(coders)]
        if counts.sum() == 0:
            return "No spans of the selected codes by the selected coders."
        for i, coder in enumerate(coders):
            x, width = _place(len(self.code_ids), len(coders), i)
            heights = counts[:, i].astype(float)
            color = CODER_COLORS[i % len(CODER_COLORS)]
            bar = pg.BarGraphItem(x=x, height=heights, width=width * 0.9, brush=hex_color(color),
                                  pen=pg.mkPen(hex_color(color).darker(130)))
            self.plot.addItem(bar)
            self.bars[coder] = bar
            total = int(heights.sum())
            self.legend.addItem(bar, plain.escape(f"{names[coder]} ({total:,})"))
            texts = [f"{context.code_name(code)}\n{names[coder]}: {int(h)} span{'' if h == 1 else 's'}"
                     for code, h in zip(self.code_ids, heights)]
            self.hover.add(x - width / 2, x + width / 2, np.zeros_like(heights), heights, texts)
        room = _title_room(self, min(len(self.code_ids), 12))
        ticks = [(k, short_title(context.code_name(c), room)) for k, c in enumerate(self.code_ids)]
        _style_axes(self, ticks, "spans")
        item = self.plot.getPlotItem()
        top = max(float(counts.max()), 1)
        for k, code in enumerate(self.code_ids):  # each code's colour under its group, as in the codebook
            self.plot.addItem(pg.BarGraphItem(x0=[k - 0.4], x1=[k + 0.4], y0=[-0.045 * top], height=0.03 * top,
                                              brush=pg.mkBrush(context.code_color(code)), pen=pg.mkPen(None)))
        item.setLimits(xMin=-1, xMax=len(self.code_ids), yMin=-0.06 * top)
        item.setXRange(-0.6, min(len(self.code_ids), 12) - 0.4, padding=0)
        item.setYRange(-0.06 * top, top * 1.2, padding=0)
        self.legend.setColumnCount(len(coders))
        silent = [names[c] for i, c in enumerate(coders) if counts[:, i].sum() == 0]
        self.note.setText(("No spans yet by " + ", ".join(silent) + ". " if silent else "")
                          + "Hover a bar for its exact value.")
        return None

    def value(self, code_id: int, coder_id: int) -> float:
        return float(self.bars[coder_id].opts["height"][self.code_ids.index(code_id)])

    def table(self) -> tuple[list[str], list[list[object]]]:
        return ["code", "coder", "spans"], self._rows


__all__ = ["CodersView", "FrequencyView", "GRID"]
