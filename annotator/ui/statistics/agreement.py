"""The agreement tab: one bar per code for the chosen measure, between the selected coders.

The figures come from :func:`annotator.store.reliability.run_reliability`, the same
function ``annotator agreement`` prints, with the agreement dock's defaults (see
:mod:`annotator.ui.agreement.choices`): with Coders: all, every coder with spans but
the consensus; the newest reliability set when there is one. So the tab, the dock and
the command agree. The error bars are the 95% intervals the command prints (a document-level
bootstrap with its resamples and seed), computed in a worker thread
(:class:`~annotator.ui.agreement.intervals.IntervalWorker`) after the bars are drawn.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from annotator.core.agreement.bootstrap import DEFAULT_RESAMPLES, Bootstrap, Interval
from annotator.store.agreement import AgreementInputs, why_no_documents
from annotator.store.errors import ProjectError
from annotator.store.reliability import ALL, bootstrap_seed, run_reliability
from annotator.store.sets import set_documents
from annotator.ui.agreement.choices import SetChoice, default_coders, dropped_warning, set_words
from annotator.ui.agreement.intervals import IntervalWorker
from annotator.ui.agreement.models import interval_text, intervals_sentence
from annotator.ui.statistics.bars import _style_axes, _title_room
from annotator.ui.statistics.base import StatsContext, StatView, hex_color, pg, short_title

MEASURES = (
    ("krippendorff_alpha", "Krippendorff's alpha"),
    ("kappa", "Cohen's / Fleiss' kappa"),
    ("unitizing_alpha", "Unitizing alpha"),
    ("f1_overlap", "F1, overlap match"),
    ("f1_exact", "F1, exact match"),
    ("percent_agreement", "Percent agreement"),
)


class AgreementView(StatView):
    """Per code, the agreement between the selected coders on the documents all of them marked done."""

    title = "Agreement"
    plot_kind = "agreement"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.measure = QComboBox()
        for key, label in MEASURES:
            self.measure.addItem(label, key)
        self.documents = QComboBox()
        self.documents.addItem("documents every coder marked done", "done")
        self.documents.addItem("documents where every coder has a span", "any")
        self.document_set = SetChoice()
        for box in (self.measure, self.documents, self.document_set):
            box.currentIndexChanged.connect(self._redraw)
        self.controls.addWidget(QLabel("Measure"))
        self.controls.addWidget(self.measure)
        self.controls.addWidget(QLabel("over"))
        self.controls.addWidget(self.documents)
        self.controls.addWidget(self.document_set)
        self.controls.addStretch(1)
        self.plot.setMouseEnabled(x=True, y=False)
        self.bar = None
        self.values: dict[str, float | None] = {}  # code path -> value shown (None: undefined)
        self._rows: list[list[object]] = []
        self.resamples = DEFAULT_RESAMPLES  # as annotator agreement, so the error bars are the command's
        self.intervals = IntervalWorker(self)  # the 95% intervals, off the GUI thread
        self.intervals.finished.connect(self._intervals_done)
        self.intervals.failed.connect(self._intervals_failed)
        self.bootstrap: Bootstrap | None = None  # the intervals of the figures drawn, once computed
        self._bootstrap_of: tuple[AgreementInputs, int, int] | None = None  # inputs, resamples, seed
        self._asked: tuple[AgreementInputs, int, int] | None = None  # what the worker is computing
        self._drawn: tuple[AgreementInputs, int, int] | None = None  # what the bars drawn rest on
        self._cached: Bootstrap | None = None  # the intervals of _bootstrap_of
        self.errors = None  # the pg.ErrorBarItem drawn
        self._interval_key = ""  # the Bootstrap measure of the bars ('' : the measure has no interval)
        self._note = ""
        self._heights: list[float] = []

    def _redraw(self) -> None:
        if self.context is not None:
            self.refresh(self.context)

    def draw(self, context: StatsContext) -> str | None:
        self.bar, self.bootstrap, self.errors = None, None, None  # until bars are drawn: no error bars either
        data, filters = context.data, context.filters
        names = context.coder_names()
        # coders: those picked in the filter, else the dock's default (every coder with spans but the consensus)
        coders = [names[c] for c in data.coder_ids(filters)] if filters.coders is not None \
            else default_coders(data.project)
        # codes: those picked in the filter, else every code the compared coders used
        codes = [context.code_name(c) for c in data.code_ids(filters)] if filters.codes is not None else None
        self.document_set.reload(data.project)
        chosen_set, documents = self.document_set.set_name(), self.documents.currentData()
        try:
            run = run_reliability(data.project, coders, codes, documents=documents, include_noise=filters.include_noise,
                                  set_name=chosen_set, resamples=0)
        except ProjectError as exc:
            return f"Agreement needs two or more coders: {exc}."
        result = run.result
        if not result.documents:
            ids = set_documents(data.project, self.document_set.set_id()) if chosen_set != ALL else None
            return why_no_documents(data.project, coders, documents, ids,
                                    run.document_set.name if run.document_set else None)
        key = self.measure.currentData()
        label = self.measure.currentText()
        figures = {path: result.codes[path] for path in (codes or result.codes) if path in result.codes}
        self.values, self._rows, notes = {}, [], []
        for path, fig in figures.items():
            measure = (fig.cohen_kappa or fig.fleiss_kappa) if key == "kappa" else getattr(fig, key)
            if key.startswith("f1"):
                measure = measure.f1
            self.values[path] = measure.value
            self._rows.append([path, label, "" if measure.value is None else round(measure.value, 6),
                               fig.units, fig.documents, measure.reason or "", "", ""])
            if measure.value is None:
                notes.append(f"{path}: undefined ({measure.reason})")
        if not figures:
            return "None of the selected coders used the selected codes in these documents."
        paths = list(figures)
        heights = np.array([v if v is not None else 0.0 for v in self.values.values()], dtype=float)
        self._heights = heights.tolist()
        brushes = [hex_color(context.code_color(data.project.code_by_path(p).id)) for p in paths]
        self.bar = pg.BarGraphItem(x=np.arange(len(paths)), height=heights, width=0.6, brushes=brushes,
                                   pen=pg.mkPen("#555555"))
        self.plot.addItem(self.bar)
        units = {p: f"\n{figures[p].units:,} units, {figures[p].documents} documents" for p in paths}

        def hover_text(k: int) -> str:  # made on hover: the interval once it is there
            p = paths[k]
            text = f"{p}\n{label}: " + ("undefined" if self.values[p] is None else f"{self.values[p]:.3f}")
            if self._interval_key and self.values[p] is not None:
                text += "\n95% CI " + (interval_text(self.interval(p)) if self.bootstrap else "computing…")
            return text + units[p]

        self.hover.add(np.arange(len(paths)) - 0.3, np.arange(len(paths)) + 0.3,
                       np.minimum(heights, 0), np.maximum(heights, 0), hover_text)
        room = _title_room(self, len(paths))
        _style_axes(self, [(k, short_title(p, room)) for k, p in enumerate(paths)], label)
        item = self.plot.getPlotItem()
        low = min(0.0, float(heights.min()))
        item.setYRange(low - 0.05, 1.05, padding=0)
        item.setXRange(-0.6, len(paths) - 0.4, padding=0)
        self.legend.setVisible(False)
        warning = dropped_warning(run, "\u201cdocuments where every coder has a span\u201d")
        self._note = (f"{', '.join(coders)} over {len(result.documents)} documents{set_words(run)}. "
                      + (warning + " " if warning else "") + (" ".join(notes) + " " if notes else ""))
        self._interval_key = {"kappa": "cohen_kappa" if len(result.coders) == 2 else "fleiss_kappa",
                              "krippendorff_alpha": key, "unitizing_alpha": key}.get(key, "")
        self._start_intervals(data.project, run.inputs)
        return None

    # -- the 95% intervals -------------------------------------------------------------
    def _start_intervals(self, project, inputs: AgreementInputs) -> None:
        """Error bars from the intervals of *inputs* (the seed and resamples of annotator agreement):
        drawn at once when they are known, else when the worker has them."""
        asked = (inputs, self.resamples, bootstrap_seed(project))
        self.errors, self._drawn = None, asked
        if self._same(asked, self._bootstrap_of):
            self.bootstrap = self._cached
            self._draw_errors()
            return
        self.bootstrap = None
        self._say_intervals()
        if self.intervals.running and self._same(asked, self._asked):
            return  # the worker is on it already
        self._asked = asked
        self.intervals.start(*asked)

    @staticmethod
    def _same(a: tuple | None, b: tuple | None) -> bool:
        """Whether two (inputs, resamples, seed) are the same computation."""
        if a is None or b is None or a[1:] != b[1:]:
            return False
        try:
            return a[0] is b[0] or bool(a[0] == b[0])
        except ValueError:  # an option that will not compare (an array): compute again
            return False

    def interval(self, path: str) -> Interval | None:
        """The 95% interval of the measure shown for code *path* (None: not computed, or none)."""
        if self.bootstrap is None or not self._interval_key:
            return None
        per_code = next((ms for code, ms in self.bootstrap.codes.items() if str(code) == path), {})
        return per_code.get(self._interval_key)

    def _intervals_done(self, b: Bootstrap) -> None:
        self._bootstrap_of, self._cached = self._asked, b
        if self.bar is not None and self._same(self._drawn, self._asked):  # still the figures drawn
            self.bootstrap = b
            self._draw_errors()

    def _intervals_failed(self, message: str) -> None:
        self.bootstrap = None
        self.note.setText(self._note + message)

    def _draw_errors(self) -> None:
        """Error bars over the bars whose interval is defined; the intervals into the table too."""
        xs, ys, tops, bottoms = [], [], [], []
        for k, path in enumerate(self.values):
            i = self.interval(path)
            defined = i is not None and i.low is not None and i.high is not None
            for row in self._rows:
                if row[0] == path:
                    row[6:8] = [round(i.low, 6), round(i.high, 6)] if defined else ["", ""]
            if not defined or self.values[path] is None:
                continue
            xs.append(k)
            ys.append(self._heights[k])
            tops.append(i.high - self._heights[k])
            bottoms.append(self._heights[k] - i.low)
        if xs:
            self.errors = pg.ErrorBarItem(x=np.array(xs, float), y=np.array(ys, float), top=np.array(tops, float),
                                          bottom=np.array(bottoms, float), beam=0.25,
                                          pen=pg.mkPen("#222222", width=1.5))
            self.plot.addItem(self.errors)
            low = min(0.0, min(y - b for y, b in zip(ys, bottoms)))
            self.plot.getPlotItem().setYRange(low - 0.05, 1.05, padding=0)
        self._say_intervals()

    def _say_intervals(self) -> None:
        b = self.bootstrap
        if not self._interval_key:
            tail = "No 95% interval for this measure (annotator agreement gives them for alpha, kappa and α_U)."
        elif b is None:
            tail = f"Error bars: 95% intervals being computed ({self.resamples:,} resamples)…"
        else:
            tail = "Error bars: " + intervals_sentence(b)
        self.note.setText(self._note + tail + " Hover a bar for the exact value; `annotator agreement` prints "
                          "every measure.")

    def table(self) -> tuple[list[str], list[list[object]]]:
        return (["code", "measure", "value", "units", "documents", "undefined because", "95% CI low",
                 "95% CI high"], self._rows)
