"""The agreement tab: one bar per code for the chosen measure, between the selected coders.

The figures come from :func:`annotator.store.reliability.run_reliability`, the same
function ``annotator agreement`` prints, with the agreement dock's defaults (see
:mod:`annotator.ui.agreement.choices`): with Coders: all, every coder with spans but
the consensus; the newest reliability set when there is one. So the tab, the dock and
the command agree.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from annotator.store.agreement import why_no_documents
from annotator.store.errors import ProjectError
from annotator.store.reliability import ALL, run_reliability
from annotator.store.sets import set_documents
from annotator.ui.agreement.choices import SetChoice, default_coders, dropped_warning, set_words
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

    def _redraw(self) -> None:
        if self.context is not None:
            self.refresh(self.context)

    def draw(self, context: StatsContext) -> str | None:
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
                               fig.units, fig.documents, measure.reason or ""])
            if measure.value is None:
                notes.append(f"{path}: undefined ({measure.reason})")
        if not figures:
            return "None of the selected coders used the selected codes in these documents."
        paths = list(figures)
        heights = np.array([v if v is not None else 0.0 for v in self.values.values()], dtype=float)
        brushes = [hex_color(context.code_color(data.project.code_by_path(p).id)) for p in paths]
        self.bar = pg.BarGraphItem(x=np.arange(len(paths)), height=heights, width=0.6, brushes=brushes,
                                   pen=pg.mkPen("#555555"))
        self.plot.addItem(self.bar)
        texts = [f"{p}\n{label}: " + ("undefined" if self.values[p] is None else f"{self.values[p]:.3f}")
                 + f"\n{figures[p].units:,} units, {figures[p].documents} documents" for p in paths]
        self.hover.add(np.arange(len(paths)) - 0.3, np.arange(len(paths)) + 0.3,
                       np.minimum(heights, 0), np.maximum(heights, 0), texts)
        room = _title_room(self, len(paths))
        _style_axes(self, [(k, short_title(p, room)) for k, p in enumerate(paths)], label)
        item = self.plot.getPlotItem()
        low = min(0.0, float(heights.min()))
        item.setYRange(low - 0.05, 1.05, padding=0)
        item.setXRange(-0.6, len(paths) - 0.4, padding=0)
        self.legend.setVisible(False)
        warning = dropped_warning(run, "\u201cdocuments where every coder has a span\u201d")
        self.note.setText(f"{', '.join(coders)} over {len(result.documents)} documents{set_words(run)}. "
                          + (warning + " " if warning else "") + (" ".join(notes) + " " if notes else "")
                          + "Hover a bar for the exact value; `annotator agreement` prints every measure.")
        return None

    def table(self) -> tuple[list[str], list[list[object]]]:
        return ["code", "measure", "value", "units", "documents", "undefined because"], self._rows
