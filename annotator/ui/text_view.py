"""The article view: read-only plain text with span highlights, click-to-select,
keyboard and drag span editing (find: :mod:`.find`; painted overlays and tooltips: :mod:`.overlay`).

Stored offsets are code points; Qt positions are UTF-16 units. :class:`QtOffsets`
is the one place that converts between them. The document's spans are read once
per change of that document (``session.changed``), never while painting.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette, QTextCharFormat, QTextCursor, QTextDocument, QTextLayout, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from annotator.core.model import Document
from annotator.core.text import Utf16Map
from annotator.store import Change, ProjectError
from annotator.store.errors import NotFound
from annotator.store.spans import SpanListing
from annotator.ui.column import ColumnMixin, column_margins, measure_px
from annotator.ui.find import FindMixin
from annotator.ui.highlight import FormatCache, Mark, Segment, segments
from annotator.ui.noise import NoiseLayer
from annotator.ui.overlay import OverlayMixin
from annotator.ui.paragraphs import ParagraphLayout
from annotator.ui.stripe import CodingStripe
from annotator.core.words import snap_to_words

INCREMENTAL_LIMIT = 50  # more changed spans than this: re-read the document's spans
FIRST_PASS_BLOCKS = 150  # blocks formatted before the first paint of a big article
EDGE_GRIP = 3  # pixels either side of a selected span's edge that start a drag


class QtOffsets:
    """The one conversion between stored code-point offsets and Qt UTF-16 positions."""

    def __init__(self, text: str):
        self._map = Utf16Map.for_text(text)

    def to_qt(self, cp: int) -> int:
        return self._map.to_utf16(cp)

    def to_store(self, u16: int) -> int:
        return self._map.to_codepoint(u16)


class ArticleView(ColumnMixin, FindMixin, OverlayMixin, QPlainTextEdit):
    """Shows one document, paints its spans and keeps the selection; every edit it is
    asked for (an edge dragged) goes to its ``editor``, the coding controller."""

    focused = Signal()
    edit_fields_requested = Signal()  # Enter on a selected span: edit its attribute values
    document_loaded = Signal(int)  # document id, -1 for none
    column_changed = Signal()  # the text column moved or changed width (the pane aligns its header)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        # the viewport's Python wrapper made as a plain QWidget: left to viewport(), PySide
        # first builds the Python types of most of QtWidgets to find its type (10-15 ms of
        # the window's start, issue 17); every later viewport() returns this wrapper
        self.findChild(QWidget, "qt_scrollarea_viewport")
        self.session = session
        self.shown_coder_id: int | None = None  # set when comparing coders: show this coder's spans only
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setMouseTracking(True)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setBackgroundRole(QPalette.ColorRole.Base)  # the margins beside the text column
        self.setAutoFillBackground(True)
        document = QTextDocument(self)
        self._paragraphs = ParagraphLayout(document)  # spacing between paragraphs, alignment by direction
        document.setDocumentLayout(self._paragraphs)
        self.setDocument(document)
        self.document().setDocumentMargin(14)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.setFont(font)
        self._base_point_size = font.pointSizeF()
        self.zoom_steps = 0
        self.word_snapping = True
        self._editor: Callable[[], object] = lambda: None

        self.doc: Document | None = None
        self.offsets = QtOffsets("")
        self._formats = FormatCache()
        self._colors: dict[int, str] = {}
        self._code_names: dict[int, str] = {}
        self._coder_names: dict[int, str] = {}
        self.spans: dict[int, SpanListing] = {}  # the shown spans, light: no attributes
        self.marks: list[Mark] = []  # every shown span, sorted by start
        self._mark_starts: list[int] = []
        self.longest_mark = 0  # Qt units: bounds the marks that can reach a range
        self.segments: list[Segment] = []
        self._underlined: list[Segment] = []  # segments with more than one own span
        self._underlined_starts: list[int] = []
        self._formatted_blocks: set[int] = set()  # block numbers whose layout carries span formats
        self._format_generation = 0  # a deferred formatting pass for an older state does nothing
        self._block_starts: list[int] = [0]
        self._text_end = 0
        self.find_text = ""
        self.find_hits: list[tuple[int, int]] = []  # Qt positions
        self.selected_span_id = -1
        self.noise = NoiseLayer(self)  # page clutter, drawn dimmed under the spans
        self.stripe = CodingStripe(self)  # a lane per code in the left margin
        self.updateRequest.connect(self._update_stripe)
        self._press_pos: QPoint | None = None
        self._dragging: str | None = None  # "start" or "end" while a span edge is dragged
        self._load_lookups()

        session.changed.connect(self._on_changed)
        session.span_selected.connect(self._on_span_selected)
        # bound methods, not lambdas: Qt drops them when a closed pane's view is deleted
        session.coder_changed.connect(self._on_visibility_changed)
        session.show_other_coders_changed.connect(self._on_visibility_changed)

    # -- loading ------------------------------------------------------------------
    @property
    def editor(self):
        """Who edits spans for this view and fills its context menu (the window's coding
        controller), held weakly: the controller owns the panes, not the other way round.
        None for a view that only shows."""
        return self._editor()

    @editor.setter
    def editor(self, editor) -> None:
        self._editor = weakref.ref(editor) if editor is not None else (lambda: None)

    def _load_lookups(self) -> None:
        project = self.session.project
        codes = project.codes()
        self._colors = {c.id: c.color or "#999999" for c in codes}
        self._code_names = project.code_paths()
        self._coder_names = {c.id: c.name for c in project.coders()}

    def load_document(self, doc_id: int | None) -> None:
        """Show document *doc_id* (None: nothing) as plain text, with its spans."""
        self.doc = self.session.project.document(doc_id) if doc_id is not None else None
        text = self.doc.text if self.doc else ""
        self.offsets = QtOffsets(text)
        self.setPlainText(text)  # always plain: markup is shown as written
        self._formatted_blocks = set()
        self._block_starts = []
        block = self.document().firstBlock()
        while block.isValid():
            self._block_starts.append(block.position())
            block = block.next()
        self._text_end = self.document().characterCount() - 1
        self.find_hits = []
        self.selected_span_id = -1
        self.noise.load()
        self.reload_spans()
        if self.find_text:
            self.set_find_text(self.find_text, move=False)
        self.document_loaded.emit(self.doc.id if self.doc else -1)

    def reload_spans(self) -> None:
        """Re-read this document's visible spans (one query) and rebuild the highlights."""
        spans: list[SpanListing] = []
        if self.doc is not None:
            spans = self.session.project.span_listing(self._visible_coder(), self.doc.id)
        self.spans = {s.id: s for s in spans}
        self._rebuild(None)

    def _update_spans(self, span_ids: tuple[int, ...]) -> None:
        """Apply a change to a few spans: re-read only those, re-format only the blocks they touch."""
        assert self.doc is not None
        visible = self._visible_coder()
        to_qt = self.offsets.to_qt
        lo, hi = self._text_end + 1, 0
        for span_id in span_ids:
            old = self.spans.pop(span_id, None)
            try:
                new = self.session.project.span(span_id)
            except NotFound:
                new = None
            if new is not None and new.document_id == self.doc.id and visible in (None, new.coder_id):
                self.spans[span_id] = SpanListing.of(new)
            for s in (old, new):
                if s is not None and s.document_id == self.doc.id:
                    lo, hi = min(lo, to_qt(s.start)), max(hi, to_qt(s.end))
        self._rebuild((lo, hi) if lo < hi else None)

    def _rebuild(self, affected: tuple[int, int] | None) -> None:
        """Marks, segments and block formats from ``self.spans``; only blocks meeting *affected* are re-formatted."""
        me = self.shown_coder_id if self.shown_coder_id is not None else self.session.coder.id
        to_qt = self.offsets.to_qt
        colors = self._colors
        self.marks = [Mark(s.id, to_qt(s.start), to_qt(s.end), s.code_id, colors.get(s.code_id, "#999999"),
                           s.coder_id == me) for s in self.spans.values()]
        self.marks.sort(key=lambda m: (m.start, -m.end, m.span_id))
        self._mark_starts = [m.start for m in self.marks]
        self.longest_mark = max((m.end - m.start for m in self.marks), default=0)
        self.segments = segments([m for m in self.marks if m.own])
        self._underlined = [s for s in self.segments if len(s.marks) > 1]
        self._underlined_starts = [s.start for s in self._underlined]
        if self.selected_span_id not in self.spans:
            self.selected_span_id = -1
        used = {m.code_id for m in self.marks}
        self.stripe.set_lanes([c for c in self._colors if c in used])  # codebook order
        self._place_stripe()

        lo, hi = affected if affected is not None else (0, self._text_end + 1)
        if affected is not None:  # blocks are redone whole: widen to the blocks' edges
            n = max(0, bisect_right(self._block_starts, lo) - 1)
            m = bisect_right(self._block_starts, max(lo, hi - 1))
            lo = self._block_starts[n]
            hi = self._block_starts[m] if m < len(self._block_starts) else self._text_end + 1
        fill = self._formats.fill
        ranges: list[tuple[int, int, QTextCharFormat]] = self.noise.ranges(lo, hi)  # first: spans merge over it
        ranges.extend((seg.start, seg.end, fill(tuple(m.color for m in seg.marks)))
                      for seg in self.segments if seg.end > lo and seg.start < hi)
        ranges.extend((m.start, m.end, self._formats.other_coder(m.color)) for m in self.marks
                      if not m.own and m.end > lo and m.start < hi)
        self._format_generation += 1
        if affected is None and len(self._block_starts) > 2 * FIRST_PASS_BLOCKS:
            # a big article: format what is on screen now, the rest right after the first paint
            first = max(0, self.firstVisibleBlock().blockNumber() - 10)
            last = min(len(self._block_starts) - 1, first + FIRST_PASS_BLOCKS)
            end = self._block_starts[last + 1] if last + 1 < len(self._block_starts) else self._text_end + 1
            self._set_block_formats(ranges, (self._block_starts[first], end))
            generation = self._format_generation
            # the view as context: the call is dropped if the view goes first
            QTimer.singleShot(0, self, lambda: generation == self._format_generation
                              and self._set_block_formats(ranges, None))
        else:
            self._set_block_formats(ranges, affected)

    def _set_block_formats(self, ranges: list[tuple[int, int, QTextCharFormat]],
                           affected: tuple[int, int] | None = None) -> None:
        """One batched pass: each block's layout gets the formats of the ranges inside it
        (as QSyntaxHighlighter does), without touching the document's text or its undo.
        With *affected*, only the blocks meeting that Qt range are redone."""
        doc = self.document()
        starts = self._block_starts  # Qt position of each block, computed once per document
        last = len(starts) - 1
        if affected is None:
            first_block, last_block = 0, last
            redo = set(self._formatted_blocks)
        else:
            first_block = max(0, bisect_right(starts, affected[0]) - 1)
            last_block = max(first_block, bisect_right(starts, max(affected[0], affected[1] - 1)) - 1)
            redo = {n for n in self._formatted_blocks if first_block <= n <= last_block}
        window_start = starts[first_block]
        window_end = starts[last_block + 1] if last_block < last else self._text_end + 1
        per_block: dict[int, list[QTextLayout.FormatRange]] = {}
        FormatRange = QTextLayout.FormatRange
        for start, end, fmt in ranges:
            if end <= window_start or start >= window_end:
                continue
            n = max(first_block, bisect_right(starts, start) - 1)
            while n <= last_block and starts[n] < end:
                bpos = starts[n]
                bend = starts[n + 1] - 1 if n < last else self._text_end  # without the separator
                a, b = max(start, bpos), min(end, bend)
                if a < b:
                    r = FormatRange()
                    r.start, r.length, r.format = a - bpos, b - a, fmt
                    per_block.setdefault(n, []).append(r)
                n += 1
        lo, hi = doc.characterCount(), 0
        for number in redo - per_block.keys():
            b = doc.findBlockByNumber(number)
            if b.isValid() and b.layout() is not None:
                b.layout().clearFormats()
                lo, hi = min(lo, b.position()), max(hi, b.position() + b.length())
            self._formatted_blocks.discard(number)
        for number, formats in per_block.items():
            b = doc.findBlockByNumber(number)
            b.layout().setFormats(formats)
            lo, hi = min(lo, b.position()), max(hi, b.position() + b.length())
            self._formatted_blocks.add(number)
        if lo < hi:
            doc.markContentsDirty(lo, min(hi, doc.characterCount()) - lo)
        self.viewport().update()

    def format_ranges(self) -> list[tuple[int, int, QTextCharFormat]]:
        """The span formats as laid out: (start, end, format) in Qt positions, in text order."""
        out = []
        doc = self.document()
        for number in sorted(self._formatted_blocks):
            b = doc.findBlockByNumber(number)
            formats = b.layout().formats()
            out.extend((b.position() + r.start, b.position() + r.start + r.length, QTextCharFormat(r.format))
                       for r in formats)
        return out

    def _on_changed(self, change: Change) -> None:
        if change.kind == "codes":
            self._formats = FormatCache()
            self._load_lookups()
            self.reload_spans()
        elif change.kind == "coders":
            self._coder_names = {c.id: c.name for c in self.session.project.coders()}
        elif self.noise.on_changed(change):
            self._rebuild(None)
        elif change.kind == "spans" and self.doc is not None:
            if not change.document_ids or self.doc.id in change.document_ids:
                if change.ids and len(change.ids) <= INCREMENTAL_LIMIT:
                    self._update_spans(change.ids)
                else:
                    self.reload_spans()

    def _on_visibility_changed(self, _value: object) -> None:
        """Another coder, or other coders' spans shown or hidden: re-read what is visible."""
        self.reload_spans()

    def _on_span_selected(self, span_id: int) -> None:
        new = span_id if span_id in self.spans else -1
        if new != self.selected_span_id:
            self.selected_span_id = new
            self.viewport().update()
            self.stripe.update()

    # -- the text column and the coding stripe ------------------------------------------
    def _place_stripe(self) -> None:
        """Narrow the viewport to the text column (see :mod:`.column`), centred, and put
        the coding stripe just left of it."""
        stripe = self.stripe.preferred_width()
        now = self.viewportMargins()
        available = self.contentsRect().width() - self.verticalScrollBar().sizeHint().width()
        column = round(measure_px(self.font())) + 2 * round(self.document().documentMargin())
        left, right = column_margins(available, stripe, column)
        if (now.left(), now.right()) != (left, right):
            self.setViewportMargins(left, 0, right, 0)
            self.column_changed.emit()
        rect = self.contentsRect()
        self.stripe.setGeometry(rect.left() + left - stripe, rect.top(), stripe, rect.height())
        self.stripe.setVisible(stripe > 0)

    def _update_stripe(self, _rect, _dy: int) -> None:
        self.stripe.update()

    def resizeEvent(self, event) -> None:  # noqa: N802
        # (the viewport's resize) margins first: Qt lays the text out for the viewport's width
        # here, and a resize Qt holds back until the view is shown would not do it again
        self._place_stripe()
        super().resizeEvent(event)
        self.column_changed.emit()  # the scroll bar came or went: the column is that much wider or narrower

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "stripe"):  # zoom: the column follows the font
            self._place_stripe()

    # -- selection and spans ----------------------------------------------------------
    def selected_range(self) -> tuple[int, int] | None:
        """The user's selection as stored offsets (code points), snapped to words when
        snapping is on; None when nothing (or only white space) is selected."""
        cur = self.textCursor()
        if not cur.hasSelection() or self.doc is None:
            return None
        start = self.offsets.to_store(cur.selectionStart())
        end = self.offsets.to_store(cur.selectionEnd())
        if self.word_snapping:
            start, end = snap_to_words(self.doc.text, start, end)
        return (start, end) if start < end else None

    def select_range(self, start: int, end: int) -> None:
        """Select stored offsets ``[start, end)`` as if the user had."""
        cur = self.textCursor()
        cur.setPosition(self.offsets.to_qt(start))
        cur.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)

    def selected_span(self) -> SpanListing | None:
        return self.spans.get(self.selected_span_id)

    def _visible_coder(self) -> int | None:
        """Whose spans this view shows: the compared coder, else the session's choice."""
        return self.shown_coder_id if self.shown_coder_id is not None else self.session.visible_coder_id()

    def show_coder(self, coder_id: int | None) -> None:
        """Show only *coder_id*'s spans, drawn as that coder's own (None: back to the session's choice)."""
        self.shown_coder_id = coder_id
        self.reload_spans()

    def show_range(self, start: int, end: int) -> None:
        """Select code points [start, end) and scroll them into the middle of the view."""
        cur = self.textCursor()
        cur.setPosition(self.offsets.to_qt(start))
        cur.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)
        self.centerCursor()

    def show_span(self, span_id: int) -> None:
        """Scroll to a span of this document and select it."""
        span = self.spans.get(span_id)
        if span is None and self.doc is not None:
            try:
                span = self.session.project.span(span_id)
            except ProjectError:
                return
            if span.document_id != self.doc.id:
                return
        if span is None:
            return
        cur = self.textCursor()
        cur.setPosition(self.offsets.to_qt(span.start))
        self.setTextCursor(cur)
        self.centerCursor()
        self.selected_span_id = span_id if span_id in self.spans else -1
        self.viewport().update()

    def tooltip_at(self, point: QPoint) -> str:
        """The spans under *point* (see :mod:`.overlay`), and whether it is noise."""
        tip = super().tooltip_at(point)
        noise = self.noise.tooltip(self._char_at(point))
        if not noise:
            return tip
        return "<qt>" + noise + ("<hr>" + tip[4:-5] if tip else "") + "</qt>"

    def marks_at(self, pos: int) -> list[Mark]:
        """Spans covering the character at Qt position *pos*, innermost first."""
        hi = bisect_right(self._mark_starts, pos)
        found = [m for m in self.marks[:hi] if m.end > pos]
        found.sort(key=lambda m: (m.end - m.start, m.span_id))
        return found

    def _char_at(self, point: QPoint) -> int:
        """The Qt position of the character under *point* (or -1 past the end of a line)."""
        cur = self.cursorForPosition(point)
        pos = cur.position()
        rect = self.cursorRect(cur)
        if point.x() < rect.x() and pos > 0:
            pos -= 1
        block = cur.block()
        if pos >= block.position() + block.length() - 1:
            prev = self.cursorRect(cur)
            if point.x() > prev.x() + 2 and pos == cur.position():
                return -1
        return pos

    def select_span_at(self, point: QPoint, cycle: bool = True) -> int:
        """Select the span under *point*; a repeated click moves to the next stacked span."""
        pos = self._char_at(point)
        marks = self.marks_at(pos) if pos >= 0 else []
        if not marks:
            self.session.select_span(-1)
            return -1
        ids = [m.span_id for m in marks]
        if cycle and self.selected_span_id in ids:
            chosen = ids[(ids.index(self.selected_span_id) + 1) % len(ids)]
        elif self.selected_span_id in ids:
            chosen = self.selected_span_id
        else:
            chosen = ids[0]
        self.session.select_span(chosen)
        return chosen

    def neighbour_span(self, step: int) -> int:
        """The next (+1) or previous (-1) visible span in text order from the selected span or cursor."""
        if not self.marks:
            return -1
        ids = [m.span_id for m in self.marks]
        if self.selected_span_id in ids:
            i = ids.index(self.selected_span_id) + step
        else:
            pos = self.textCursor().position()
            i = bisect_left(self._mark_starts, pos)
            i = i if step > 0 else i - 1
        if 0 <= i < len(ids):
            return ids[i]
        return -1

    # -- zoom -----------------------------------------------------------------------
    def set_zoom(self, steps: int) -> None:
        self.zoom_steps = max(-6, min(20, steps))
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, self._base_point_size + self.zoom_steps))
        self.setFont(font)

    # -- events -----------------------------------------------------------------------
    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.focused.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_span_id >= 0
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            self.edit_fields_requested.emit()
            return
        super().keyPressEvent(event)

    def edge_at(self, point: QPoint) -> str | None:
        """"start" or "end" when *point* (viewport coordinates) is on an edge of the selected span
        (never for another coder's span: it is read-only, so it offers no grip)."""
        span = self.selected_span()
        if span is None or span.coder_id != self.session.coder.id:
            return None
        for edge, cp in (("start", span.start), ("end", span.end)):
            rect = self.cursorRect(self._cursor_at(self.offsets.to_qt(cp)))
            if abs(point.x() - rect.x()) <= EDGE_GRIP and rect.top() - 2 <= point.y() <= rect.bottom() + 2:
                return edge
        return None

    def _cursor_at(self, pos: int) -> QTextCursor:
        cur = QTextCursor(self.document())
        cur.setPosition(max(0, min(pos, self.document().characterCount() - 1)))
        return cur

    def drag_edge(self, edge: str, point: QPoint) -> bool:
        """Move the selected span's *edge* to the text position under *point* (snapped to words when on)."""
        span = self.selected_span()
        if span is None or self.doc is None:
            return False
        pos = self.offsets.to_store(self.cursorForPosition(point).position())
        start, end = (pos, span.end) if edge == "start" else (span.start, pos)
        if self.word_snapping and start < end:
            snapped = snap_to_words(self.doc.text, start, end)
            start, end = (snapped[0], end) if edge == "start" else (start, snapped[1])
        editor = self.editor
        return editor is not None and editor.move_edges(self, start, end, edge)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self.focused.emit()
        point = event.position().toPoint()
        self._press_pos = point
        if event.button() == Qt.MouseButton.LeftButton:
            self._dragging = self.edge_at(point)
            if self._dragging:
                return  # dragging a span edge, not selecting text
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        point = event.position().toPoint()
        if self._dragging:
            cur = self.cursorForPosition(point)
            self.setTextCursor(cur)  # the caret shows where the edge will land
            return
        shape = Qt.CursorShape.SizeHorCursor if self.edge_at(point) else Qt.CursorShape.IBeamCursor
        if self.viewport().cursor().shape() != shape:
            self.viewport().setCursor(shape)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        point = event.position().toPoint()
        if self._dragging:
            edge, self._dragging = self._dragging, None
            self.drag_edge(edge, point)
            self._press_pos = None
            return
        super().mouseReleaseEvent(event)
        if (event.button() == Qt.MouseButton.LeftButton and self._press_pos is not None
                and not self.textCursor().hasSelection()
                and (point - self._press_pos).manhattanLength() < 4):
            self.select_span_at(point)
        self._press_pos = None

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        if not self.textCursor().hasSelection():
            pos = self._char_at(event.pos())
            ids = [m.span_id for m in self.marks_at(pos)] if pos >= 0 else []
            if ids and self.selected_span_id not in ids:
                self.session.select_span(ids[0])
        menu = self.createStandardContextMenu(event.pos())
        editor = self.editor
        if editor is not None:
            editor.fill_context_menu(menu)
        menu.exec(event.globalPos())
        menu.deleteLater()
