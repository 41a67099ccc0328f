"""Shared passages in the workspace: which text of each shown article is also in
another shown article, marked with a light tint and a margin bar; hovering a passage
lights it up with its counterparts, clicking (or F7 / Shift+F7) brings the
counterparts level with it; the connector bands between panes live in :mod:`.connectors`.

:class:`SharedPassages` reads the passages among the shown articles once per change
(of the panes' documents, or ``Change("passages")``), converts them to Qt positions
once (``view.offsets.to_qt``) and keeps them per pane; painting only looks them up.
It draws on each article view through an event filter on the view's viewport: the
tint is painted before the view paints its text, so span highlights stay on top.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QTextBlock
from PySide6.QtWidgets import QToolTip

from annotator.store import Change
from annotator.ui import plain

if TYPE_CHECKING:  # the passages' modules load when two shown articles are compared (issue 17)
    from annotator.core.passages import Passage

TINT = QColor("#edf1f7")  # shared text: a cool, very light wash that span colours sit on top of
TINT_LIT = QColor("#d7e2f1")  # the passage under the mouse, and its counterparts
BAR = QColor("#a9b8cf")  # the margin bar beside shared lines
BAR_LIT = QColor("#3f6aa6")
BAR_X, BAR_W = 4.0, 4.0  # inside the view's 14 px document margin


@dataclass(frozen=True)
class PassageMark:
    """One passage as a pane shows it: its range there in Qt positions."""

    start: int
    end: int
    passage: Passage
    other_doc: int


@dataclass
class PaneMarks:
    """The shared passages of one pane's article with the other shown articles."""

    doc_id: int | None = None
    marks: list[PassageMark] = field(default_factory=list)  # by start
    starts: list[int] = field(default_factory=list)
    by_passage: dict[int, tuple[int, int]] = field(default_factory=dict)  # passage id -> Qt range here
    longest: int = 0  # no mark starts further back than this from a position it covers

    def at(self, pos: int) -> list[PassageMark]:
        """The marks covering Qt position *pos*."""
        return self.overlapping(pos, pos + 1)

    def overlapping(self, a: int, b: int) -> list[PassageMark]:
        """The marks meeting Qt range [a, b): a bisection, then only the marks that can reach it."""
        lo, hi = bisect_left(self.starts, a - self.longest), bisect_left(self.starts, b)
        return [m for m in self.marks[lo:hi] if m.end > a]


@dataclass(frozen=True)
class VisibleLines:
    """The laid-out lines on screen in a view: Qt start and end of each line and its
    top and bottom in viewport pixels (computed per paint, from the visible blocks only)."""

    starts: list[int]
    ends: list[int]
    tops: list[float]
    bottoms: list[float]
    height: int

    def y_range(self, a: int, b: int) -> tuple[float, float] | None:
        """Top and bottom on screen of Qt range [a, b). Parts off screen reach past the
        viewport's edges; a range wholly above or below is a thin sliver just past that edge
        (so a connector to it still slants the right way); None when nothing is laid out."""
        if not self.starts:
            return None
        if b <= self.starts[0]:
            return -40.0, -30.0
        if a >= self.ends[-1]:
            return self.height + 30.0, self.height + 40.0
        if a < self.starts[0]:
            top = -20.0
        else:
            top = self.tops[max(0, bisect_right(self.starts, a) - 1)]
        if b > self.ends[-1]:
            bottom = self.height + 20.0
        else:
            bottom = self.bottoms[max(0, bisect_right(self.starts, max(a, b - 1)) - 1)]
        return top, bottom


def visible_blocks(view) -> Iterator[tuple[QTextBlock, float]]:
    """The laid-out blocks on screen, top to bottom, with the viewport y of their top."""
    offset = view.contentOffset()
    height = view.viewport().height()
    block = view.firstVisibleBlock()
    while block.isValid():
        top = view.blockBoundingGeometry(block).translated(offset).top()
        if top > height:
            break
        if block.isVisible() and block.layout() is not None:
            yield block, top
        block = block.next()


def visible_lines(view) -> VisibleLines:
    starts, ends, tops, bottoms = [], [], [], []
    for block, block_top in visible_blocks(view):
        layout, bpos = block.layout(), block.position()
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            starts.append(bpos + line.textStart())
            ends.append(bpos + line.textStart() + max(line.textLength(), 1))
            tops.append(block_top + line.y())
            bottoms.append(block_top + line.y() + line.height())
    return VisibleLines(starts, ends, tops, bottoms, view.viewport().height())


class SharedPassages(QObject):
    """Passages among the articles shown in the panes, and what they look like there."""

    changed = Signal()  # marks or highlight changed: connectors repaint
    clicked = Signal(object, int)  # the pane and the stored offset clicked inside a passage

    def __init__(self, session, panes: Callable[[], list], parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._panes = panes
        self.enabled = True
        self.by_pane: dict[object, PaneMarks] = {}
        self.hovered: frozenset[int] = frozenset()  # passage ids under the mouse
        self.current: frozenset[int] = frozenset()  # passage ids reached by click or F7
        self._watched: dict[object, object] = {}  # viewport -> pane
        self._titles: dict[int, tuple[str, str]] = {}
        session.changed.connect(self._on_changed)

    # -- state -----------------------------------------------------------------------
    @property
    def lit(self) -> frozenset[int]:
        return self.hovered or self.current

    def panes(self) -> list:
        return list(self._panes())

    def marks_of(self, pane) -> PaneMarks:
        return self.by_pane.get(pane) or PaneMarks()

    def watch(self, pane) -> None:
        """Draw on and listen to *pane*'s view (once per pane)."""
        viewport = pane.view.viewport()
        if viewport not in self._watched:
            self._watched[viewport] = pane
            viewport.installEventFilter(self)
            pane.view.updateRequest.connect(self._view_updated)
            viewport.destroyed.connect(lambda _o=None, v=viewport: self._watched.pop(v, None))

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        self.hovered = self.current = frozenset()
        self.reload()

    def reload(self) -> None:
        """Read the passages among the shown articles again (one query per pane)."""
        panes = self.panes()
        for pane in panes:
            self.watch(pane)
        shown = {p.document_id for p in panes if p.document_id is not None}
        self._titles = {d.id: (d.title or d.filename or f"document {d.id}", d.source or "")
                        for d in self.session.project.documents() if d.id in shown}
        by_pane: dict[object, PaneMarks] = {}
        for pane in panes:
            doc = pane.document_id
            entry = PaneMarks(doc)
            others = shown - {doc}
            if self.enabled and doc is not None and others:
                from annotator.store.passages import passages_for

                to_qt = pane.view.offsets.to_qt
                for p in passages_for(self.session.project, doc, others):
                    start, end = p.side(doc)
                    mark = PassageMark(to_qt(start), to_qt(end), p, p.other(doc)[0])
                    entry.marks.append(mark)
                    entry.by_passage[p.id] = (mark.start, mark.end)
                entry.marks.sort(key=lambda m: (m.start, m.end, m.passage.id))
                entry.starts = [m.start for m in entry.marks]
                entry.longest = max((m.end - m.start for m in entry.marks), default=0)
            by_pane[pane] = entry
        self.by_pane = by_pane
        alive = {p.id for e in by_pane.values() for m in e.marks for p in (m.passage,)}
        self.hovered &= alive
        self.current &= alive
        self._repaint()

    def _on_changed(self, change: Change) -> None:
        if change.kind in ("passages", "documents"):
            self.reload()

    def _view_updated(self, *_args) -> None:
        self.changed.emit()

    def _repaint(self) -> None:
        for pane in self.by_pane:
            pane.view.viewport().update()
        self.changed.emit()

    def related(self, ids: frozenset[int]) -> frozenset[int]:
        """*ids* and the passages that cover most of the same text in another pane, so
        that with three panes the band between the other two lights up as well."""
        out = set(ids)
        for entry in self.by_pane.values():
            for pid in ids & entry.by_passage.keys():
                a, b = entry.by_passage[pid]
                for m in entry.overlapping(a, b):
                    shared = min(b, m.end) - max(a, m.start)
                    if 2 * shared >= min(b - a, m.end - m.start):
                        out.add(m.passage.id)
        return frozenset(out)

    def set_hovered(self, ids: frozenset[int]) -> None:
        ids = self.related(ids) if ids else ids
        if ids != self.hovered:
            self.hovered = ids
            self._repaint()

    def set_current(self, ids: frozenset[int]) -> None:
        ids = self.related(ids) if ids else ids
        if ids != self.current:
            self.current = ids
            self._repaint()

    # -- words for a passage ----------------------------------------------------------------
    def describe(self, marks: list[PassageMark]) -> str:
        """Tooltip rich text: which shown articles share this text, and how alike they are."""
        rows = []
        for m in marks:
            title, source = self._titles.get(m.other_doc, (f"document {m.other_doc}", ""))
            where = f" — {plain.escape(source)}" if source else ""
            rows.append(f"<b>{plain.escape(title)}</b>{where}<br>"
                        f"<span style='color:#555'>{round(100 * m.passage.similarity)}% alike</span>")
        return "<qt>Also in:<br>" + "<br>".join(rows) + "</qt>" if rows else ""

    # -- events on the views' viewports ---------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        pane = self._watched.get(obj)
        if pane is None or not self.enabled:
            return False
        kind = event.type()
        if kind == QEvent.Type.Paint:
            self.paint(pane, obj)
        elif kind == QEvent.Type.MouseMove and not event.buttons():
            self.set_hovered(frozenset(m.passage.id for m in self._marks_at(pane, event.position().toPoint())))
        elif kind == QEvent.Type.Leave:
            self.set_hovered(frozenset())
        elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            if not pane.view.textCursor().hasSelection():
                point = event.position().toPoint()
                marks = self._marks_at(pane, point)
                if marks:
                    pos = pane.view.offsets.to_store(pane.view.cursorForPosition(point).position())
                    self.set_current(frozenset(m.passage.id for m in marks))
                    self.clicked.emit(pane, pos)
        elif kind == QEvent.Type.ToolTip:
            point = event.pos()
            if point.x() < pane.view.document().documentMargin() or not pane.view.tooltip_at(point):
                tip = self.describe(self._marks_at(pane, point))
                if tip:
                    QToolTip.showText(event.globalPos(), tip, obj)
                    return True
        return False

    def _marks_at(self, pane, point: QPoint) -> list[PassageMark]:
        entry = self.by_pane.get(pane)
        if entry is None or not entry.marks:
            return []
        margin = pane.view.document().documentMargin()
        if point.x() < margin:  # on the margin bar: the line's first character
            pos = pane.view.cursorForPosition(QPoint(int(margin) + 1, point.y())).position()
        else:
            pos = pane.view._char_at(point)  # the character under the mouse, as for span tooltips
        return entry.at(pos) if pos >= 0 else []

    def paint(self, pane, viewport) -> None:
        """The tint under shared text and the bar beside it: visible lines only, from the cache."""
        entry = self.by_pane.get(pane)
        if entry is None or not entry.marks:
            return
        view = pane.view
        lit = self.lit
        tint: list[QRectF] = []
        tint_lit: list[QRectF] = []
        bars: list[QRectF] = []
        bars_lit: list[QRectF] = []
        for block, block_top in visible_blocks(view):
            layout = block.layout()
            bpos, bend = block.position(), block.position() + block.length()
            marks = entry.overlapping(bpos, bend)
            for n in range(layout.lineCount() if marks else 0):
                line = layout.lineAt(n)
                ls, le = line.textStart(), line.textStart() + line.textLength()
                top = block_top + line.y()
                on_line = False
                line_lit = False
                for m in marks:
                    s, e = max(m.start - bpos, ls), min(m.end - bpos, le)
                    if s >= e:
                        continue
                    on_line = True
                    is_lit = m.passage.id in lit
                    line_lit |= is_lit
                    x1, x2 = line.cursorToX(s)[0], line.cursorToX(e)[0]
                    (tint_lit if is_lit else tint).append(QRectF(x1, top, x2 - x1, line.height()))
                if on_line:
                    (bars_lit if line_lit else bars).append(QRectF(BAR_X, top, BAR_W, line.height()))
        painter = QPainter(viewport)
        painter.setPen(Qt.PenStyle.NoPen)
        for rects, color in ((tint, TINT), (tint_lit, TINT_LIT), (bars, BAR), (bars_lit, BAR_LIT)):
            painter.setBrush(color)
            for r in rects:
                painter.drawRect(r)
        painter.end()

    # -- moving between passages ------------------------------------------------------
    def neighbour(self, pane, step: int) -> PassageMark | None:
        """The next (+1) or previous (-1) passage in *pane* from its cursor."""
        entry = self.by_pane.get(pane)
        if entry is None or not entry.marks:
            return None
        pos = pane.view.textCursor().selectionStart()
        if step > 0:
            i = bisect_right(entry.starts, pos)
            return entry.marks[i] if i < len(entry.marks) else None
        i = bisect_left(entry.starts, pos) - 1
        return entry.marks[i] if i >= 0 else None


def align_view(view, pos: int, y: float) -> None:
    """Scroll *view* so that the line holding stored offset *pos* sits at viewport height *y*."""
    qt = view.offsets.to_qt(pos)
    block = view.document().findBlock(qt)
    if not block.isValid() or block.layout() is None:
        return
    # lay out the block and those above it up to *y* (off screen, Qt counts each as one line):
    # the scroll position is in lines, and an estimate there puts the passage lines off
    view.blockBoundingRect(block)
    above, covered = block.previous(), 0.0
    while above.isValid() and covered < y:
        covered += view.blockBoundingRect(above).height()
        above = above.previous()
    layout = block.layout()
    line = layout.lineForTextPosition(qt - block.position())
    line_no = block.firstLineNumber() + (line.lineNumber() if line.isValid() else 0)
    line_height = line.height() if line.isValid() and line.height() > 0 else view.fontMetrics().height()
    bar = view.verticalScrollBar()
    bar.setValue(max(bar.minimum(), min(bar.maximum(), line_no - round(max(y, 0) / line_height))))


__all__ = ["PaneMarks", "PassageMark", "SharedPassages", "VisibleLines", "align_view", "visible_lines"]
