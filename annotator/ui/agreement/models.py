"""Table models of the agreement dock: figures per code (or per document), and disagreements.

Both hold plain results computed elsewhere (:mod:`annotator.store.agreement`,
:mod:`annotator.store.adjudication`); nothing is queried while painting.
``ValueRole`` gives the raw number behind a figure (``None`` when undefined).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.core.agreement import Agreement, CodeAgreement, Disagreement
from annotator.core.agreement.bootstrap import Bootstrap, Interval
from annotator.core.agreement.spans import SpanF1
from annotator.store.reliability import FEW_DOCUMENTS
from annotator.ui import plain
from annotator.ui.models.swatch import swatch_icon
from annotator.ui.models.table import HeaderedTableModel

ValueRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex
UNDEFINED = "undefined"
_GREY = QColor("#777777")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Measure:
    key: str  # CodeAgreement attribute; for an interval column, INTERVAL + the measure's key
    title: str
    tip: str

    @property
    def interval_of(self) -> str:
        """The measure whose bootstrap interval this column shows ('' for a figure column)."""
        return self.key[len(INTERVAL):] if self.key.startswith(INTERVAL) else ""


INTERVAL = "ci:"
COMPUTING = "computing…"
NO_INTERVAL = "—"


def _interval_column(of: str, title: str) -> Measure:
    return Measure(INTERVAL + of, f"{title} 95% CI",
                   f"95% interval of {title}: percentile bootstrap over documents (resamples and seed below the "
                   "table, as annotator agreement prints them)")


def measures(n_coders: int, intervals: bool = False) -> list[Measure]:
    """The columns: Cohen's kappa for two coders, Fleiss' kappa for three or more; with
    *intervals*, a 95% CI column after Krippendorff's and unitizing alpha (kappa's interval
    is in its cell's tooltip)."""
    columns = _measures(n_coders)
    if intervals:
        for at, (key, title) in ((1, ("krippendorff_alpha", "α")), (4, ("unitizing_alpha", "α_U"))):
            columns.insert(at, _interval_column(key, title))
    return columns


def _measures(n_coders: int) -> list[Measure]:
    kappa = (Measure("cohen_kappa", "Cohen's κ", "Cohen's kappa on the binary per-unit table (two coders)")
             if n_coders == 2 else
             Measure("fleiss_kappa", "Fleiss' κ", "Fleiss' kappa on the binary per-unit table (three or more coders)"))
    return [
        Measure("krippendorff_alpha", "Krippendorff's α", "Krippendorff's alpha, nominal, on the binary per-unit table"),
        kappa,
        Measure("unitizing_alpha", "Unitizing α", "Krippendorff's unitizing alpha (α_U) on the spans"),
        Measure("f1_exact", "F1 exact", "Span F1, spans matched one to one with the same start and end"),
        Measure("f1_overlap", "F1 overlap", "Span F1, spans matched one to one by greatest overlap"),
        Measure("percent_agreement", "% agreement", "Share of units every coder coded alike"),
        Measure("units", "Units", "Units the binary measures rest on (characters or words; x codes overall)"),
        Measure("documents", "Documents", "Documents compared"),
    ]


def figure(row: CodeAgreement, key: str) -> Agreement | int:
    value = getattr(row, key)
    return value.f1 if isinstance(value, SpanF1) else value


def format_figure(key: str, value: float) -> str:
    if key == "percent_agreement":
        return f"{100 * value:.1f}%"
    return f"{value:.3f}"


def interval_text(interval: Interval | None) -> str:
    """An interval as ``annotator agreement`` prints it: ``[0.612, 0.874]``; a dash when there is none."""
    if interval is None or interval.low is None or interval.high is None:
        return NO_INTERVAL
    return f"[{interval.low:.3f}, {interval.high:.3f}]"


def intervals_sentence(b: Bootstrap) -> str:
    """How the 95% intervals shown were made, for the line under the dock's table and the
    statistics tab's note: method, documents, resamples, seed, and the few-documents warning."""
    few = (f" With only {b.documents} document{'' if b.documents == 1 else 's'}, a bootstrap understates the "
           f"uncertainty (fewer than {FEW_DOCUMENTS}).") if b.documents < FEW_DOCUMENTS else ""
    return (f"95% intervals: document-level bootstrap over {b.documents:,} documents, {b.resamples:,} resamples, "
            f"seed {b.seed}, as annotator agreement prints them.{few}")


def interval_tooltip(interval: Interval | None, b: Bootstrap) -> str:
    where = (f"{b.level:.0%} interval: document-level bootstrap, {b.resamples:,} resamples of {b.documents:,} "
             f"documents, seed {b.seed}")
    if interval is None or interval.estimate is None:
        return f"No interval: the figure is undefined. ({where})"
    if interval.low is None:
        return f"No interval: fewer than two resamples gave a defined value. ({where})"
    parts = [f"{interval.low:.6f} to {interval.high:.6f}", where]
    if interval.jackknife_se is not None:
        parts.append(f"jackknife SE {interval.jackknife_se:.4f}")
    parts += [f"share of resamples with alpha below {m:.3f}: {q:.3f}" for m, q in interval.q.items()]
    if interval.undefined:
        parts.append(f"{interval.undefined:,} resamples undefined")
    return "; ".join(parts)


def _tooltip(row: CodeAgreement, key: str, result: Agreement) -> str:
    if result.value is None:
        return f"Undefined: {result.reason}"
    parts = [f"{result.value:.6f}"]
    if result.observed is not None and result.expected is not None:
        kind = "disagreement" if "alpha" in key else "agreement"
        parts.append(f"observed {kind} {result.observed:.4f}, expected {result.expected:.4f}")
    f1 = getattr(row, key)
    if isinstance(f1, SpanF1):
        parts.append(f"{f1.matched} matched of {f1.spans_a} + {f1.spans_b} spans")
    return "; ".join(parts)


class FiguresModel(QAbstractTableModel):
    """Rows: (label, CodeAgreement), e.g. one per code and "overall", or one per document;
    columns: :func:`measures`. With *intervals*, 95% CI columns that read "computing…"
    until :meth:`set_intervals` gives them a :class:`Bootstrap` (rows labelled by code
    path, and "overall")."""

    def __init__(self, first_header: str = "Code", parent=None, intervals: bool = False):
        super().__init__(parent)
        self.first_header = first_header
        self.with_intervals = intervals
        self.rows: list[tuple[str, CodeAgreement]] = []
        self.columns = measures(2, intervals)
        self.colours: dict[str, str] = {}
        self.intervals: Bootstrap | None = None
        self.interval_state = COMPUTING  # what an interval cell says while there is no Bootstrap

    def set_rows(self, rows: list[tuple[str, CodeAgreement]], n_coders: int,
                 colours: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.columns = measures(n_coders, self.with_intervals)
        self.colours = colours or {}
        self.intervals = None
        self.interval_state = COMPUTING
        self.endResetModel()

    def set_intervals(self, intervals: Bootstrap | None, state: str = NO_INTERVAL) -> None:
        """Fill the interval columns from *intervals*; None: they say *state* instead."""
        self.intervals = intervals
        self.interval_state = state
        columns = [c for c, m in enumerate(self.columns, 1) if m.interval_of]
        if self.rows and columns:
            self.dataChanged.emit(self.index(0, min(columns)), self.index(len(self.rows) - 1, max(columns)))

    def interval(self, label: str, measure: str) -> Interval | None:
        """The interval of *measure* for the row *label* (None until computed, or if there is none)."""
        b = self.intervals
        if b is None:
            return None
        source = b.overall if label == "overall" else next(
            (ms for code, ms in b.codes.items() if str(code) == label), {})
        return source.get(measure)

    def clear(self) -> None:
        self.set_rows([], 2)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else 1 + len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.first_header if section == 0 else self.columns[section - 1].title
        if role == Qt.ItemDataRole.ToolTipRole and section > 0:
            return self.columns[section - 1].tip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if section == 0 else _RIGHT
        return None

    def label(self, row: int) -> str:
        return self.rows[row][0]

    def column_of(self, key: str) -> int:
        return 1 + [m.key for m in self.columns].index(key)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        label, row = self.rows[index.row()]
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, ValueRole):
                return label
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain.tooltip(label)
            if role == Qt.ItemDataRole.DecorationRole and label in self.colours:
                return swatch_icon(self.colours[label])
            if role == Qt.ItemDataRole.FontRole and label == "overall":
                font = QFont()
                font.setBold(True)
                return font
            return None
        key = self.columns[index.column() - 1].key
        if key.startswith(INTERVAL):
            return self._interval_data(label, key[len(INTERVAL):], role)
        value = figure(row, key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if isinstance(value, int):
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{value:,}"
            return value if role == ValueRole else None
        if role == ValueRole:
            return value.value
        if role == Qt.ItemDataRole.DisplayRole:
            return UNDEFINED if value.value is None else format_figure(key, value.value)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = _tooltip(row, key, value)
            if self.intervals is not None and "kappa" in key:  # kappa's interval has no column of its own
                kappa = self.interval(label, key)
                tip += f"\n95% CI {interval_text(kappa)}; {interval_tooltip(kappa, self.intervals)}"
            return plain.tooltip(tip)
        if role == Qt.ItemDataRole.ForegroundRole and value.value is None:
            return _GREY
        if role == Qt.ItemDataRole.FontRole and value.value is None:
            font = QFont()
            font.setItalic(True)
            return font
        return None


    def _interval_data(self, label: str, measure: str, role: int):
        interval = self.interval(label, measure)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.interval_state if self.intervals is None else interval_text(interval)
        if role == ValueRole:
            return None if interval is None or interval.low is None else (interval.low, interval.high)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.intervals is None:
                return plain.tooltip("The interval is being computed in the background; the figures are final."
                                     if self.interval_state == COMPUTING else self.interval_state)
            return plain.tooltip(interval_tooltip(interval, self.intervals))
        if role == Qt.ItemDataRole.ForegroundRole and (interval is None or interval.low is None):
            return _GREY
        return None


PENDING_NOTE = ("95% CI columns left empty: the intervals were still being computed when the table was "
                "copied. Copy again once they show in the dock.")


def as_tsv(model: FiguresModel, method: str = "") -> str:
    """The table as shown, tab-separated (for a spreadsheet or a paper), each undefined
    figure's reason as a note below it, then *method*. Intervals still being computed are
    left empty, with a note saying so (never "computing…" where a number belongs)."""
    lines = ["\t".join(str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount()))]
    pending = model.intervals is None and model.interval_state == COMPUTING
    notes = []
    for r in range(model.rowCount()):
        cells = [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for c in range(1, model.columnCount()):
            if pending and model.columns[c - 1].interval_of:
                cells[c] = ""
        lines.append("\t".join(cells))
        for c in range(1, model.columnCount()):
            if cells[c] == UNDEFINED and not model.columns[c - 1].interval_of:
                reason = figure(model.rows[r][1], model.columns[c - 1].key).reason
                notes.append(f"{cells[0]}, {model.columns[c - 1].title}: undefined, {reason}")
    if pending and model.rows and any(m.interval_of for m in model.columns):
        notes.append(PENDING_NOTE)
    return "\n".join(lines + ([""] + notes if notes else []) + (["", method] if method else [])) + "\n"


@dataclass(frozen=True)
class DisagreementRow:
    item: Disagreement
    title: str
    code: str  # path
    excerpt: str
    coded: str  # "ana: quote · ben: —"
    key: str
    decision: str  # "" while unresolved


class DisagreementsModel(HeaderedTableModel):
    """One row per disagreement, largest first, as :func:`~annotator.core.agreement.disagreements` orders them."""

    DOCUMENT, RANGE, SIZE, CODE, MARKED, CODED, DECISION, TEXT = range(8)
    HEADERS = ["Document", "Range", "Size", "Code", "Marked by", "What each coder coded there", "Decision", "Text"]

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[DisagreementRow] = []
        self.colours: dict[str, str] = {}

    def set_rows(self, rows: list[DisagreementRow], colours: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.colours = colours
        self.endResetModel()

    def row(self, r: int) -> DisagreementRow:
        return self.rows[r]

    def row_of_key(self, key: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.key == key), -1)

    def _row_count(self) -> int:
        return len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], index.column()
        d = r.item
        if role == Qt.ItemDataRole.DisplayRole:
            return [r.title, f"{d.start:,}–{d.end:,}", f"{d.length:,}", r.code, ", ".join(map(str, d.marked_by)),
                    r.coded, _decision_text(r.decision), r.excerpt][col]
        if role == ValueRole:
            return d
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (self.CODED, self.MARKED, self.CODE):
                return plain.tooltip(f"Marked {r.code} here: {', '.join(map(str, d.marked_by))}; "
                                     f"did not: {', '.join(map(str, d.not_marked_by))}")
            if col == self.TEXT:
                return plain.tooltip(r.excerpt)
            if col == self.DOCUMENT:
                return plain.tooltip(r.title)
        if role == Qt.ItemDataRole.DecorationRole and col == self.CODE and r.code in self.colours:
            return swatch_icon(self.colours[r.code])
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.RANGE, self.SIZE):
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and (bool(r.decision) != (col == self.DECISION)):
            return _GREY  # a settled row fades; an open one says "open" in grey
        if role == Qt.ItemDataRole.FontRole and col == self.DECISION and r.decision:
            font = QFont()
            font.setBold(True)
            return font
        return None


def _decision_text(decision: str) -> str:
    if not decision:
        return "open"
    if decision.startswith("accept:"):
        return f"{decision[7:]}'s"
    return decision
