"""The agreement dock: figures per code for the chosen coders, disagreements, adjudication.

Build it as ``AgreementDock(session, parent)``. It recomputes on its Recompute
button and, coalesced, after ``session.changed`` or an undo/redo (only while shown:
a hidden dock recomputes when it is shown again). Edits go through
``session.push``; it never calls other views.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QCheckBox, QComboBox, QDockWidget, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem,
    QFileDialog, QPushButton, QSplitter, QTabWidget, QTableView, QVBoxLayout, QWidget,
)

from annotator.core.agreement import ProjectAgreement
from annotator.core.agreement.bootstrap import DEFAULT_RESAMPLES, Bootstrap
from annotator.core.text import excerpt
from annotator.store.adjudication import (
    Disputes, ProposeAgreed, agreed_proposals, consensus_coder, decide, decisions, disagreement_key, find_disputes, progress,
)
from annotator.store.agreement import METHOD, NOISE_METHOD, codings_fingerprint, why_no_documents
from annotator.store.errors import ProjectError
from annotator.store.exchange import content_hash
from annotator.store.reliability import ALL, bootstrap_seed, run_reliability
from annotator.store.sets import set_documents
from annotator.ui import plain
from annotator.ui.agreement.choices import SetChoice, default_coders, dropped_warning, set_words
from annotator.ui.agreement.intervals import BackgroundWorker, IntervalWorker
from annotator.ui.agreement.models import (NO_INTERVAL, DisagreementRow, DisagreementsModel, FiguresModel, as_tsv,
                                          intervals_sentence)
from annotator.ui.agreement.panel import AdjudicationPanel
from annotator.ui.agreement.report_job import ReportJob
from annotator.ui.docks.common import table_view
from annotator.ui.docks.placement import Readable, keep_readable

COALESCE_MS = 600  # edits arriving within this window recompute once (1,000 articles x 60,000 spans: ~1.6 s)
#: opens floating at 80% x 75% of the window, at least this; docked lower than the floor, it floats again
READABLE = Readable(minimum=QSize(960, 560), floor=QSize(560, 300))


def _table(model) -> QTableView:
    """Figures keep the order they are computed in: no sorting by column."""
    return table_view(model, sortable=False)


def _muted(text: str = "") -> QLabel:
    label = plain.label(text)  # names codes, coders and articles
    label.setStyleSheet("color: #666;")
    label.setWordWrap(True)
    return label


class AgreementDock(QDockWidget):
    compare_requested = Signal(int, int, int, list)  # document id, start, end, coder names
    report_done = Signal(str)  # Export Report has finished: the message shown (written, or why not)
    readable = READABLE  # its opening size (ui/docks/placement.py)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__("Agreement", parent)
        self.setObjectName("agreement")
        self.session = session
        self.result: ProjectAgreement | None = None
        self.run = None  # the ReliabilityRun behind result: which set, how many documents dropped
        self.disputes: Disputes | None = None
        self._ticked: dict[str, bool] = {}  # the user's own ticks; others follow the default
        self._dirty = True
        self._last_inputs: tuple | None = None  # see _inputs

        # -- choices ---------------------------------------------------------------
        self.coder_list = QListWidget()
        self.coder_list.setObjectName("agreementCoders")
        self.coder_list.setFlow(QListWidget.Flow.LeftToRight)
        self.coder_list.setSpacing(2)
        self.coder_list.setFixedHeight(self.fontMetrics().height() + 14)
        self.coder_list.setFrameShape(QListWidget.Shape.NoFrame)
        palette = self.coder_list.palette()
        palette.setColor(palette.ColorRole.Base, palette.color(palette.ColorRole.Window))
        self.coder_list.setPalette(palette)
        self.coder_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.coder_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # no focus frame on the first coder at start
        self.coder_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.coder_list.setWrapping(False)
        self.coder_list.setToolTip("The coders compared (default: every coder with spans but the consensus)")
        self.coder_list.itemChanged.connect(self._coder_ticked)
        self.unit = QComboBox()
        self.unit.addItem("Characters", "char")
        self.unit.addItem("Words", "token")
        self.documents = QComboBox()
        self.documents.addItem("Marked done by every coder", "done")
        self.documents.addItem("Any with spans of every coder", "any")
        self.document_set = SetChoice()
        self.document_set.currentIndexChanged.connect(lambda _i: self.recompute())
        self.include_noise = QCheckBox("Include noise")
        self.include_noise.setToolTip("Count page clutter (dimmed in the articles) as text; by default it is "
                                      "cut out before units are formed")
        self.include_noise.toggled.connect(lambda _on: self.recompute())
        self.recompute_button = QPushButton("Recompute")
        self.recompute_button.clicked.connect(lambda: self.recompute(force=True))
        self.copy_button = QPushButton("Copy table")
        self.copy_button.setToolTip("Copy the figures, the reasons for undefined ones and the method, "
                                    "tab-separated (paste into a spreadsheet); intervals still being computed "
                                    "are left empty, with a note")
        self.copy_button.clicked.connect(self.copy_table)
        self.report_button = QPushButton("Export Report…")
        self.report_button.setObjectName("exportReport")
        self.report_button.setToolTip("Write a reliability report (HTML or Markdown): figures with 95% intervals, "
                                      "confusion table, largest disagreements, method and a methods paragraph")
        self.report_button.clicked.connect(lambda: self.export_report())
        for combo in (self.unit, self.documents):
            combo.currentIndexChanged.connect(lambda _i: self.recompute())
        options = QHBoxLayout()
        options.setSpacing(8)
        options.addWidget(QLabel("Coders"))
        options.addWidget(self.coder_list, 1)
        options.addWidget(QLabel("Unit"))
        options.addWidget(self.unit)
        options.addWidget(QLabel("Documents"))
        options.addWidget(self.documents)
        options.addWidget(self.document_set)
        options.addWidget(self.include_noise)
        options.addWidget(self.recompute_button)
        options.addWidget(self.copy_button)
        self.message = plain.label()
        self.message.setObjectName("agreementMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #8a5a00; padding: 4px;")
        self.message.hide()

        # -- figures ---------------------------------------------------------------
        self.figures = FiguresModel("Code", self, intervals=True)
        self.figures_view = _table(self.figures)
        self.figures_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.figures_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_breakdown())
        self.breakdown = FiguresModel("Document", self)
        self.breakdown_view = _table(self.breakdown)
        self.breakdown_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.breakdown_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.breakdown_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.breakdown.modelReset.connect(self._breakdown_columns)
        self.breakdown_documents: list[int] = []  # the document of each breakdown row
        self.breakdown_view.setToolTip("Double-click (or Enter) to open the article")
        self.breakdown_view.activated.connect(
            lambda index: index.isValid() and self.session.open_document(self.breakdown_documents[index.row()], -1))
        self.breakdown_label = _muted("Select a code to see it per document.")
        self.intervals = IntervalWorker(self)  # the 95% CIs, in a worker thread: the window never waits
        self.intervals.finished.connect(self._intervals_done)
        self.intervals.failed.connect(self._intervals_failed)
        self.interval_note = _muted()
        self.interval_note.setObjectName("agreementIntervals")
        self.resamples = DEFAULT_RESAMPLES  # as annotator agreement, so the intervals are the command's
        self._interval_run = None  # the ReliabilityRun the worker's current job is for
        self._bootstrap: tuple | None = None  # (run, Bootstrap): the intervals shown, and of which run
        self.report_worker = BackgroundWorker(self)  # Export Report's bootstrap and tables, off the GUI thread
        self.report_worker.failure = "the report could not be computed"
        self.report_worker.finished.connect(self._report_computed)
        self.report_worker.failed.connect(self._report_failed)
        self.report_job: ReportJob | None = None  # the report being computed
        self._method_base = ""
        self.method = _muted()
        self.method.setObjectName("agreementMethod")
        self.method.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.setSpacing(4)
        lower_layout.addWidget(self.breakdown_label)
        lower_layout.addWidget(self.breakdown_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.figures_view)
        split.addWidget(lower)
        split.setChildrenCollapsible(False)
        figures_tab = QWidget()
        figures_layout = QVBoxLayout(figures_tab)
        figures_layout.setContentsMargins(0, 6, 0, 0)
        figures_layout.setSpacing(6)
        figures_layout.addWidget(split, 1)
        figures_layout.addWidget(self.interval_note)
        figures_layout.addWidget(self.method)

        # -- disagreements and adjudication ------------------------------------------------
        self.disagreements = DisagreementsModel(self)
        self.disagreement_view = _table(self.disagreements)
        header = self.disagreement_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((0, 170), (1, 90), (2, 50), (3, 140), (4, 75), (5, 230), (6, 80)):
            self.disagreement_view.setColumnWidth(col, width)
        self.disagreement_view.setToolTip("Double-click (or Enter) to open the article")
        self.disagreement_view.activated.connect(self._open)
        self.disagreement_view.installEventFilter(self)  # decision keys (see AdjudicationPanel.key_decision)
        self.disagreement_view.selectionModel().currentRowChanged.connect(lambda *_: self._current_changed())
        self.disagreement_count = _muted()
        self.panel = AdjudicationPanel()
        self.panel.propose_requested.connect(self.propose)
        self.panel.decision_requested.connect(self.decide)
        self.panel.consensus.editingFinished.connect(self.recompute)
        dis_tab = QWidget()
        dis_layout = QVBoxLayout(dis_tab)
        dis_layout.setContentsMargins(0, 6, 0, 0)
        dis_layout.setSpacing(6)
        dis_layout.addWidget(self.disagreement_count)
        dis_layout.addWidget(self.disagreement_view, 1)
        dis_layout.addWidget(self.panel)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(figures_tab, "Figures")
        self.tabs.addTab(dis_tab, "Disagreements")
        self.tabs.setCornerWidget(self.report_button, Qt.Corner.TopRightCorner)  # beside the tabs: room for coders

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(options)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.setWidget(body)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COALESCE_MS)
        self.timer.timeout.connect(self._timed)
        session.changed.connect(self._schedule)  # adjudication decisions too (kind "decisions")
        self._sync_coders()  # the figures wait until the dock is first shown (showEvent)

    # -- choices ---------------------------------------------------------------------------
    def _sync_coders(self) -> None:
        """List every coder; ticks follow the user's choices, else the default (coders with spans
        but the consensus, as the statistics dock's Agreement tab). Lists the document sets too."""
        names = [c.name for c in self.session.project.coders()]
        default = default_coders(self.session.project, self.panel.consensus_name())
        self.document_set.reload(self.session.project)
        self.coder_list.blockSignals(True)
        try:
            if [self.coder_list.item(i).text() for i in range(self.coder_list.count())] != names:
                self.coder_list.clear()
                for name in names:
                    item = QListWidgetItem(name)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    self.coder_list.addItem(item)
            for i, name in enumerate(names):
                on = self._ticked.get(name, name in default)
                self.coder_list.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.coder_list.setCurrentRow(-1)
        finally:
            self.coder_list.blockSignals(False)

    def _coder_ticked(self, item: QListWidgetItem) -> None:
        self._ticked[item.text()] = item.checkState() == Qt.CheckState.Checked
        self.recompute()

    def set_coders(self, names: list[str]) -> None:
        """Compare exactly *names* (ticks them, unticks the rest) and recompute."""
        self._ticked = {c.name: c.name in names for c in self.session.project.coders()}
        self.recompute()

    def chosen_coders(self) -> list[str]:
        return [self.coder_list.item(i).text() for i in range(self.coder_list.count())
                if self.coder_list.item(i).checkState() == Qt.CheckState.Checked]

    def unit_choice(self) -> str:
        return self.unit.currentData()

    def documents_choice(self) -> str:
        return self.documents.currentData()

    # -- recomputing ----------------------------------------------------------------------------
    def _schedule(self, *_args) -> None:
        self._dirty = True
        self.timer.start()

    def _timed(self) -> None:
        if self.isVisible():
            self.recompute()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _empty(self, why: str) -> None:
        self.intervals.cancel()
        self._bootstrap = None
        self.interval_note.setText("")
        self.result = None
        self.disputes = None
        self._say(why)
        self.figures.clear()
        self.breakdown.clear()
        self.disagreements.set_rows([], {})
        self.disagreement_count.setText("")
        self.tabs.setTabText(1, "Disagreements")
        self.breakdown_label.setText("")
        self.panel.set_progress(0, 0)
        self.panel.set_current(False, "Nothing to adjudicate.")

    def _inputs(self, coders: list[str], unit: str, docs: str) -> tuple:
        """Everything the figures and disagreements rest on, hashed: the compared coders' spans
        and statuses, the codebook, the choices. Adjudication edits (consensus spans, recorded
        decisions) leave it alone, so they refresh the decisions without recomputing."""
        project = self.session.project
        ids = [c.id for c in project.coders() if c.name in coders]
        codes = [(c.id, c.name, c.parent_id, c.color) for c in project.codes()]
        return (tuple(coders), unit, docs, project.document_count(), codings_fingerprint(project, ids),
                hash(tuple(codes)), self.include_noise.isChecked())

    def recompute(self, force: bool = False) -> None:
        """Compute every figure and disagreement again for the current choices (unless nothing
        they rest on changed and not *force*d: then only the adjudication decisions refresh)."""
        self.timer.stop()
        self._dirty = False
        self._sync_coders()
        coders = self.chosen_coders()
        unit, docs = self.unit_choice(), self.documents_choice()
        chosen_set = self.document_set.set_name()
        set_ids = tuple(set_documents(self.session.project, self.document_set.set_id())) \
            if chosen_set != ALL else None
        inputs = (self._inputs(coders, unit, docs), chosen_set, set_ids) if len(coders) >= 2 else None
        if not force and inputs is not None and inputs == self._last_inputs and self.disputes is not None:
            self._refresh_decisions()
            return
        self._last_inputs = inputs
        self._set_method(METHOD.format(
            unit="character" if unit == "char" else "word",
            documents="marked done by every compared coder" if docs == "done"
            else "those where every compared coder has at least one span") + NOISE_METHOD[self.include_noise.isChecked()])
        self.panel.set_coders(coders)
        if len(coders) < 2:
            have = len(default_coders(self.session.project, self.panel.consensus_name()))
            self._empty("Tick two or more coders to compare." if have >= 2 else
                        "Agreement compares two or more coders' spans of the same articles; "
                        + ("no coder has" if have == 0 else "only one coder has") + " coded anything yet.")
            return
        try:
            run = run_reliability(self.session.project, coders, unit=unit, documents=docs,
                                  include_noise=self.include_noise.isChecked(), set_name=chosen_set,
                                  resamples=0, per_document=True)
        except ProjectError as exc:
            self._empty(str(exc))
            return
        result = run.result
        if run.document_set is not None:
            self._set_method(self.method.text() + f" Only the documents of the set {run.document_set.name!r} "
                             f"({run.document_set.size}) count.")
        if not result.documents:
            self._empty(why_no_documents(self.session.project, coders, docs, set_ids,
                                         run.document_set.name if run.document_set else None,
                                         "choose Documents: “Any with spans of every coder”"))
            return
        self._say(dropped_warning(run, "“Any with spans of every coder”"))
        self.run = run
        self.result = result
        paths = self.session.project.code_paths()
        colours = {paths[c.id]: c.color for c in self.session.project.codes()}
        chosen = self._current_label()
        rows = [(str(code), figures) for code, figures in result.codes.items()] + [("overall", result.overall)]
        self.figures.set_rows(rows, len(coders), colours)
        self._start_intervals(run)
        self._select_label(chosen)
        self._show_breakdown()
        self._load_disagreements(coders, result, colours)

    # -- the bootstrap intervals ---------------------------------------------------------------
    def _set_method(self, text: str) -> None:
        self._method_base = text
        self.method.setText(text)

    def _start_intervals(self, run) -> None:
        """Compute the 95% intervals of *run*'s figures in the worker thread, with the seed
        ``annotator agreement`` uses for this project (its setting, else the fixed default)."""
        seed = bootstrap_seed(self.session.project)
        n = len(run.result.documents)
        self.interval_note.setText(f"95% intervals: computing (document-level bootstrap over {n:,} "
                                   f"document{'' if n == 1 else 's'}, {self.resamples:,} resamples, seed {seed})…")
        self._interval_run, self._bootstrap = run, None
        self.intervals.start(run.inputs, self.resamples, seed)

    def _intervals_done(self, b: Bootstrap) -> None:
        self._bootstrap = (self._interval_run, b)
        self.figures.set_intervals(b)
        self.interval_note.setText(intervals_sentence(b) + " Hover an interval for its jackknife SE.")
        self.method.setText(self._method_base + " " + b.method())

    def _intervals_failed(self, message: str) -> None:
        self.figures.set_intervals(None, NO_INTERVAL)
        self.interval_note.setText(message)

    def intervals_pending(self) -> bool:
        """True while the intervals of the figures shown are being computed."""
        return self.intervals.running

    def copy_table(self) -> str:
        """Put the figures (as shown), the undefined ones' reasons and the method on the clipboard."""
        if self.result is None:
            return ""
        head = (f"Agreement between {', '.join(map(str, self.result.coders))}; unit: "
                f"{'character' if self.result.unit == 'char' else 'word'}; documents: {len(self.result.documents)}"
                + set_words(self.run))
        text = head + "\n" + as_tsv(self.figures, self.method.text())
        QApplication.clipboard().setText(text)
        return text

    def export_report(self, path: str | None = None) -> str:
        """Agreement ▸ Export Report: the same report as ``annotator report`` for the coders, unit,
        documents and noise choice shown (on the newest reliability sample, if there is one).
        The bootstrap, confusion and disagreements are computed in a worker thread (the intervals
        the dock already has for these figures are reused); the file is written, atomically,
        when they are done and ``report_done(message)`` follows. Returns the message shown
        ('' when cancelled or a report is being written already)."""
        from annotator.io.report import Options

        if self.report_job is not None:
            return ""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export reliability report", "reliability.html",
                                                  "Report (*.html *.md)")
            if not path:
                return ""
        target = Path(path)
        if target.suffix.lower() not in (".html", ".htm", ".md"):
            target = target.with_suffix(".html")
        options = Options(self.chosen_coders() or None, None, self.unit_choice(), self.documents_choice(),
                          self.include_noise.isChecked(), set_name=self.document_set.set_name())
        if self._dirty or self.timer.isActive():  # an edit not yet in the figures shown
            self.recompute()
        project = self.session.project
        try:
            run = self.run if self.result is not None and self.run is not None and self.run.result is self.result \
                else run_reliability(project, options.coders, unit=options.unit,  # type: ignore[arg-type]
                                     documents=options.documents,  # type: ignore[arg-type]
                                     include_noise=options.include_noise, set_name=options.set_name, resamples=0)
            self.report_job = ReportJob(target, options, run, content_hash(project),
                                        bootstrap_seed(project, options.seed))
        except ProjectError as exc:
            return self._report_finished(f"Report not written: {exc}", failed=True)
        known = self._bootstrap if self._bootstrap is not None and self._bootstrap[0] is run else None
        self.report_worker.start_job(self.report_job.work(known[1] if known else None))
        self.report_button.setEnabled(False)
        self.report_button.setText("Writing report…")
        message = f"Writing the reliability report to {target}: computing its intervals and tables…"
        self._say(message)
        return message

    def _report_computed(self, outcome: tuple) -> None:
        from annotator.io.errors import ExportProblem
        from annotator.io.report import assemble_report, write_report

        job = self.report_job
        if job is None:
            return
        run, parts = outcome
        try:
            report = assemble_report(self.session.project, job.target, job.options, run, parts,
                                     project_hash=job.project_hash)
            write_report(report, job.target)
        except (ProjectError, ExportProblem, OSError, ValueError) as exc:
            self._report_finished(f"Report not written: {exc}", failed=True)
            return
        where = f" on the set '{report.run.document_set.name}'" if report.run.document_set else ""
        self._report_finished(f"Wrote the reliability report{where} to {job.target}.")

    def _report_failed(self, message: str) -> None:
        self._report_finished(f"Report not written: {message}", failed=True)

    def _report_finished(self, message: str, failed: bool = False) -> str:
        self.report_job = None
        self.report_button.setEnabled(True)
        self.report_button.setText("Export Report…")
        self._say(message)
        if failed:
            plain.message(self, "Export Report", message, warning=True)
        self.report_done.emit(message)
        return message

    def _current_label(self) -> str | None:
        index = self.figures_view.currentIndex()
        return self.figures.label(index.row()) if index.isValid() else None

    def _select_label(self, label: str | None) -> None:
        labels = [self.figures.label(r) for r in range(self.figures.rowCount())]
        if label in labels:
            self.figures_view.selectionModel().setCurrentIndex(
                self.figures.index(labels.index(label), 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _breakdown_columns(self) -> None:
        """Long titles elided at a fixed width; each row is one document, so no Documents column."""
        self.breakdown_view.setColumnWidth(0, 280)
        last = self.breakdown.columnCount() - 1
        for col in range(1, last + 1):
            self.breakdown_view.setColumnHidden(col, col == last)

    def _show_breakdown(self) -> None:
        label = self._current_label()
        if self.result is None or label is None:
            self.breakdown.clear()
            self.breakdown_label.setText("Select a code to see it per document.")
            return
        titles = {d.id: d.title or d.filename or f"document {d.id}" for d in self.session.project.documents()}
        rows, self.breakdown_documents = [], []
        for doc_id, per_doc in self.result.per_document.items():
            figures = per_doc.overall if label == "overall" else per_doc.codes.get(label)
            if figures is not None:
                rows.append((titles.get(doc_id, str(doc_id)), figures))
                self.breakdown_documents.append(doc_id)
        self.breakdown.set_rows(rows, len(self.result.coders))
        self.breakdown_label.setText(f"{label} per document ({len(rows)})")

    # -- disagreements ----------------------------------------------------------------------------
    def _load_disagreements(self, coders: list[str], result: ProjectAgreement, colours: dict[str, str]) -> None:
        project = self.session.project
        current = self._current_key()
        self.disputes = disputes = find_disputes(project, coders, result.documents)
        recorded = decisions(project, self.panel.consensus_name())
        paths = project.code_paths()
        titles = {d.id: d.title or d.filename or f"document {d.id}" for d in project.documents()}
        texts: dict[int, str] = {}
        rows = []
        for d in disputes.items:
            if d.document not in texts:
                texts[d.document] = project.document(d.document).text
            there = disputes.coded_there(d)
            coded = " · ".join(f"{c}: {', '.join(paths[x] for x in there[c]) or '—'}" for c in coders)
            key = disagreement_key(d)
            rows.append(DisagreementRow(d, titles.get(d.document, str(d.document)), paths.get(d.code, "?"),
                                        excerpt(texts[d.document][d.start:d.end], 90), coded, key,
                                        recorded.get(key, "")))
        self.disagreements.set_rows(rows, colours)
        self.panel.set_progress(*progress(disputes, recorded))
        total = len(rows)
        self.tabs.setTabText(1, f"Disagreements ({total:,})")
        self.disagreement_count.setText(
            f"{total:,} disagreement{'' if total == 1 else 's'} between {', '.join(coders)}, largest first")
        row = self.disagreements.row_of_key(current) if current else -1
        if row >= 0:
            self._select_row(row)
        self._current_changed()

    def _refresh_decisions(self) -> None:
        """Only the recorded decisions changed: update their column and the progress."""
        assert self.disputes is not None
        recorded = decisions(self.session.project, self.panel.consensus_name())
        current = self._current_key()
        rows = [replace(r, decision=recorded.get(r.key, "")) for r in self.disagreements.rows]
        self.disagreements.set_rows(rows, self.disagreements.colours)
        self.panel.set_progress(*progress(self.disputes, recorded))
        row = self.disagreements.row_of_key(current) if current else -1
        if row >= 0:
            self._select_row(row)
        self._current_changed()

    def _current_key(self) -> str | None:
        index = self.disagreement_view.currentIndex()
        return self.disagreements.row(index.row()).key if index.isValid() else None

    def _select_row(self, row: int) -> None:
        index = self.disagreements.index(row, 0)
        self.disagreement_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.disagreement_view.scrollTo(index)

    def _current_changed(self) -> None:
        why = ""
        if self.panel.consensus_name() in self.chosen_coders():
            why = "The consensus coder is one of the coders compared: untick it to adjudicate."
        self.panel.set_current(self.disagreement_view.currentIndex().isValid(), why)

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid() or self.disputes is None:
            return
        d = self.disagreements.row(index.row()).item
        self.session.open_document(d.document, -1)
        self.compare_requested.emit(d.document, d.start, d.end, list(self.disputes.coders))

    # -- adjudication ----------------------------------------------------------------------------
    def propose(self) -> bool:
        """Give the consensus coder the spans every compared coder agrees on (one undoable step)."""
        if self.result is None or self.disputes is None:
            return False
        if self.panel.consensus_name() in self.disputes.coders:
            self.panel.hint.setText("The consensus coder is one of the coders compared: untick it to adjudicate.")
            return False
        coders, docs = list(self.disputes.coders), list(self.result.documents)
        name = self.panel.consensus_name()
        proposals = agreed_proposals(self.session.project, coders, name, docs)
        if not proposals:
            self.panel.hint.setText(f"Nothing to propose: {name} already has every span "
                                    f"{' and '.join(coders)} agree on.")
            return False
        consensus = consensus_coder(self.session.project, name)
        ok = self.session.push(ProposeAgreed(coders, consensus.id, docs, proposals))
        self.recompute()
        return ok

    def decide(self, decision: str) -> bool:
        """Settle the selected disagreement with *decision*, then move to the next open one."""
        index = self.disagreement_view.currentIndex()
        if not index.isValid() or self.disputes is None:
            return False
        if self.panel.consensus_name() in self.disputes.coders:  # adjudication writes only to the consensus
            self.panel.hint.setText("The consensus coder is one of the coders compared: untick it to adjudicate.")
            return False
        row = index.row()
        d = self.disagreements.row(row).item
        consensus = consensus_coder(self.session.project, self.panel.consensus_name())
        following = [r.key for r in self.disagreements.rows[row + 1:] + self.disagreements.rows[:row]
                     if not r.decision]
        ok = self.session.push(decide(self.disputes, d, decision, consensus.id))
        if ok and decision == "edit":  # the adjudicator codes the range by hand, as the consensus coder
            self.session.set_coder(consensus.name)
            self.session.open_document(d.document, -1)
            self.compare_requested.emit(d.document, d.start, d.end, list(self.disputes.coders))
            self.recompute()
            return ok
        self.recompute()
        recorded = decisions(self.session.project, self.panel.consensus_name())
        nxt = next((k for k in following if k not in recorded), None)
        if nxt is not None and (r := self.disagreements.row_of_key(nxt)) >= 0:
            self._select_row(r)
        return ok

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt)
        if (watched is self.disagreement_view and event.type() == QEvent.Type.KeyPress
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            decision = self.panel.key_decision(event.text())
            if decision is not None and self.panel.neither.isEnabled():
                self.decide(decision)
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        """Shown (or raised from behind a tab): catch up on what changed while hidden."""
        super().showEvent(event)
        keep_readable(self, READABLE)
        if self._dirty:
            self.recompute()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt)
        self.timer.stop()
        super().closeEvent(event)
