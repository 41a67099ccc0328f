"""Co-occurrence: a code x code heatmap of span pairs (overlap, same paragraph, same article)."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from annotator.core.statistics import cooccurrence
from annotator.ui.statistics.base import TEXT, StatsContext, StatView, pg, short_title

MODES = (
    ("overlap", "Spans that overlap"),
    ("paragraph", "Spans in the same paragraph"),
    ("article", "Spans in the same article"),
)
MAX_LABELLED = 14  # write the count in each cell up to this many codes


class CooccurrenceView(StatView):
    title = "Co-occurrence"
    plot_kind = "cooccurrence"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.mode = QComboBox()
        for key, text in MODES:
            self.mode.addItem(text, key)
        self.controls.addWidget(QLabel("Count pairs of"))
        self.controls.addWidget(self.mode)
        self.controls.addWidget(QLabel("(same coder, same article)"))
        self.controls.addStretch(1)
        self.plot.setMouseEnabled(x=False, y=False)
        self.image = None
        self.matrix = np.zeros((0, 0), dtype=np.int64)
        self.code_ids: list[int] = []
        self.mode.currentIndexChanged.connect(lambda _i: self.context and self.refresh(self.context))

    def draw(self, context: StatsContext) -> str | None:
        data, filters = context.data, context.filters
        spans = data.selected(filters)
        self.code_ids = data.code_ids(filters)
        mode = self.mode.currentData()
        paragraphs = data.paragraphs(np.unique(spans.doc).tolist()) if mode == "paragraph" else None
        self.matrix = cooccurrence(spans, self.code_ids, mode, paragraphs)
        n = len(self.code_ids)
        self.legend.setVisible(False)
        names = [context.code_name(c) for c in self.code_ids]
        top = int(self.matrix.max()) if self.matrix.size else 0
        # white (no pairs) to deep blue; the colour scale is the largest count
        cmap = pg.ColorMap([0.0, 0.5, 1.0], [(255, 255, 255), (120, 170, 215), (20, 60, 130)])
        self.image = pg.ImageItem(self.matrix.T.astype(float), levels=(0, max(top, 1)))
        self.image.setColorMap(cmap)
        self.image.setRect(-0.5, -0.5, n, n)
        self.plot.addItem(self.image)
        cells = np.arange(n, dtype=float)
        self.plot.addItem(pg.BarGraphItem(  # cell borders, so an empty (white) cell still reads as a cell
            x0=np.tile(cells, n) - 0.5, x1=np.tile(cells, n) + 0.5, y0=np.repeat(cells, n) - 0.5, height=1.0,
            brush=pg.mkBrush(None), pen=pg.mkPen("#d0d0d0", width=1)))
        for k, code in enumerate(self.code_ids):  # the codes' colours beside their names
            color = context.code_color(code)
            self.plot.addItem(pg.BarGraphItem(x0=[-0.66], x1=[-0.56], y0=[k - 0.3], height=0.6,
                                              brush=pg.mkBrush(color), pen=pg.mkPen(None)))
            self.plot.addItem(pg.BarGraphItem(x0=[k - 0.3], x1=[k + 0.3], y0=[n - 0.44], height=0.1,
                                              brush=pg.mkBrush(color), pen=pg.mkPen(None)))
        if n <= MAX_LABELLED:
            for a in range(n):
                for b in range(n):
                    value = int(self.matrix[a, b])
                    dark = top and value > 0.55 * top
                    label = pg.TextItem(f"{value:,}", color="#ffffff" if dark else TEXT, anchor=(0.5, 0.5))
                    label.setPos(b, a)
                    self.plot.addItem(label)
        what = dict(MODES)[mode].lower()
        self.hover.add(np.tile(np.arange(n), n) - 0.5, np.tile(np.arange(n), n) + 0.5,
                       np.repeat(np.arange(n), n) - 0.5, np.repeat(np.arange(n), n) + 0.5,
                       [f"{names[a]} × {names[b]}: {int(self.matrix[a, b]):,} "
                        f"pair{'' if self.matrix[a, b] == 1 else 's'} of {what}"
                        for a in range(n) for b in range(n)])
        item = self.plot.getPlotItem()
        item.invertY(True)
        ticks = [(i, short_title(nm, 18)) for i, nm in enumerate(names)]
        item.getAxis("bottom").setTicks([ticks, []])
        item.getAxis("left").setTicks([ticks, []])
        item.setAspectLocked(True)
        item.setXRange(-0.7, n - 0.5, padding=0.02)
        item.setYRange(-0.5, n - 0.3, padding=0.02)
        self.note.setText(("No pairs of spans co-occur this way yet. " if top == 0 else "")
                          + "The diagonal counts pairs of two spans of the same code. Hover a cell for its count.")
        return None

    def count(self, code_a: int, code_b: int) -> int:
        return int(self.matrix[self.code_ids.index(code_a), self.code_ids.index(code_b)])

    def table(self) -> tuple[list[str], list[list[object]]]:
        if self.context is None:
            return ["mode", "code_a", "code_b", "pairs"], []
        names = [self.context.code_name(c) for c in self.code_ids]
        mode = self.mode.currentData()
        return (["mode", "code_a", "code_b", "pairs"],
                [[mode, names[a], names[b], int(self.matrix[a, b])]
                 for a in range(len(names)) for b in range(len(names))])
