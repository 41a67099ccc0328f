"""The article view through real widgets: offsets, markup, overlaps, clicks, keys, find."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core.model import DocStatus, NewDocument
from tests.ui.conftest import select_text, utf16_pos

ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier


def _add_doc(ws, text: str, title: str = "doc") -> int:
    doc_id = ws.project.add_document(NewDocument(text=text, title=title, source="Test Wire"))
    ws.pane.open_document(doc_id)
    ws.view.setFocus()
    return doc_id


def _click_on(ws, qtbot, cp: int) -> None:
    """Click in the middle of the character at code-point offset *cp*."""
    view = ws.view
    text = view.toPlainText()
    cur = QTextCursor(view.document())
    cur.setPosition(utf16_pos(text, cp))
    a = view.cursorRect(cur)
    cur.setPosition(utf16_pos(text, cp + 1))
    b = view.cursorRect(cur)
    point = QPoint((a.x() + b.x()) // 2 if b.y() == a.y() else a.x() + 2, a.center().y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


# -- offsets ---------------------------------------------------------------------------

UNICODE_TEXT = ("Bericht 😀👍🏽 aus 東京 und Café (e\u0301) — "
                "der Sprecher sagte: 北京 😀 naïve na\u0308ive 🇦🇿 Ende. Weiter im Text.")


def test_emoji_cjk_combining_before_and_inside_selection_store_what_was_selected(workspace, qtbot):
    ws = workspace
    ws.window.actions_by_name["word_snapping"].setChecked(False)  # exactly what the user selected
    _add_doc(ws, UNICODE_TEXT)
    needle = "北京 😀 naïve na\u0308ive 🇦🇿"
    start = UNICODE_TEXT.index(needle)
    select_text(ws.view, start, start + len(needle))
    assert ws.view.textCursor().selectedText() == needle  # Qt shows the same characters
    qtbot.keyClick(ws.view, Qt.Key.Key_1)

    (span,) = ws.project.spans_where()
    assert (span.start, span.end, span.text) == (start, start + len(needle), needle)
    assert span.code_id == ws.code_id("claim")
    # and the highlight lands on the same Qt positions
    (mark,) = ws.view.marks
    assert (mark.start, mark.end) == (utf16_pos(UNICODE_TEXT, start), utf16_pos(UNICODE_TEXT, start + len(needle)))


def test_word_snapping_with_astral_characters_keeps_offsets_exact(workspace, qtbot):
    ws = workspace
    _add_doc(ws, UNICODE_TEXT)
    word = "Café"
    start = UNICODE_TEXT.index(word)
    select_text(ws.view, start + 1, start + 3)  # "af"
    qtbot.keyClick(ws.view, Qt.Key.Key_2)
    (span,) = ws.project.spans_where()
    assert span.text == word and UNICODE_TEXT[span.start:span.end] == word


# -- plain text ----------------------------------------------------------------------------

def test_markup_is_shown_literally(workspace):
    ws = workspace
    text = '<b>bold?</b> <script>alert("x")</script> <img src="http://example.org/a.png"> &amp; done'
    _add_doc(ws, text, title="<i>title</i>")
    assert ws.view.toPlainText() == text
    assert ws.view.document().blockCount() == 1
    fmt = ws.view.document().firstBlock().charFormat()
    assert not fmt.isImageFormat() and fmt.fontWeight() <= 400
    assert ws.pane.title.text() == "<i>title</i>" and ws.pane.title.textFormat() == Qt.TextFormat.PlainText


# -- overlaps ------------------------------------------------------------------------------------

def test_nested_spans_get_their_own_fill_and_underlines_of_the_spans_around_them(workspace):
    ws = workspace
    text = "The minister said that the town was handed over on Monday morning."
    doc = _add_doc(ws, text)
    me = ws.session.coder.id
    claim, quote, figure = ws.code_id("claim"), ws.code_id("quote"), ws.code_id("casualty figure")
    ws.project.add_span(doc, claim, me, 0, 40)
    ws.project.add_span(doc, quote, me, 10, 30)
    ws.project.add_span(doc, figure, me, 20, 25)

    segs = [(s.start, s.end, len(s.marks)) for s in ws.view.segments]
    assert segs == [(0, 10, 1), (10, 20, 2), (20, 25, 3), (25, 30, 2), (30, 40, 1)]
    ranges = ws.view.format_ranges()
    assert [(a, b) for a, b, _ in ranges] == [(a, b) for a, b, _ in segs]
    backgrounds = [fmt.background().color().name() for _, _, fmt in ranges]
    assert backgrounds[0] == backgrounds[4]  # claim alone
    assert backgrounds[1] == backgrounds[3]  # the quote inside it: the quote's own tint, not a blend
    assert len({backgrounds[0], backgrounds[1], backgrounds[2]}) == 3  # the innermost code decides
    assert all(fmt.foreground().style() == Qt.BrushStyle.NoBrush for _, _, fmt in ranges)  # text colour untouched
    # under nested text the view draws the spans around it (the marks before the innermost)
    assert [tuple(m.code_id for m in s.marks[:-1]) for s in ws.view._underlined] == [(claim,), (claim, quote), (claim,)]
    ws.view.grab()  # paints the underlines without error


def test_other_coders_spans_are_hidden_then_dotted(workspace):
    ws = workspace
    text = "Officials said hundreds of civilians were displaced."
    doc = _add_doc(ws, text)
    ben = ws.project.ensure_coder("ben").id
    ws.project.add_span(doc, ws.code_id("casualty figure"), ben, 15, 35)
    assert ws.view.marks == [] and ws.view.format_ranges() == []  # blind coding by default

    ws.window.actions_by_name["show_others"].trigger()
    (mark,) = ws.view.marks
    assert not mark.own
    ((start, end, fmt),) = ws.view.format_ranges()
    assert (start, end) == (15, 35)
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    assert fmt.background().style() == Qt.BrushStyle.NoBrush
    tip = ws.view.tooltip_at(ws.view.cursorRect(_cursor(ws.view, 20)).center())
    assert "ben (another coder)" in tip and "casualty figure" in tip
    ws.window.actions_by_name["show_others"].trigger()
    assert ws.view.format_ranges() == []


def _cursor(view, pos: int) -> QTextCursor:
    cur = QTextCursor(view.document())
    cur.setPosition(pos)
    return cur


def test_tooltip_lists_every_span_under_the_mouse(workspace, qtbot):
    ws = workspace
    doc = _add_doc(ws, "Aliyev said: we will restore Kalbajar and all other cities.")
    me = ws.session.coder.id
    ws.project.add_span(doc, ws.code_id("claim"), me, 0, 37)
    ws.project.add_span(doc, ws.code_id("territorial change"), me, 13, 37)
    point = ws.view.cursorRect(_cursor(ws.view, 20)).center()
    tip = ws.view.tooltip_at(point)
    assert "claim" in tip and "territorial change" in tip and "ana" in tip
    assert "restore Kalbajar" in tip
    # the way Qt delivers it: a tooltip event to the viewport under the mouse
    vp = ws.view.viewport()
    QApplication.sendEvent(vp, QHelpEvent(QEvent.Type.ToolTip, point, vp.mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert "territorial change" in QToolTip.text() and "claim" in QToolTip.text()
    QToolTip.hideText()


# -- clicks and keys --------------------------------------------------------------------------------

def test_click_selects_span_and_repeated_clicks_cycle_stacked_spans(workspace, qtbot):
    ws = workspace
    doc = _add_doc(ws, "Aliyev said: we will restore Kalbajar and all other cities.")
    me = ws.session.coder.id
    outer = ws.project.add_span(doc, ws.code_id("claim"), me, 0, 37)
    inner = ws.project.add_span(doc, ws.code_id("quote"), me, 13, 37)
    _click_on(ws, qtbot, 20)
    assert ws.session.selected_span_id == inner.id  # innermost first
    _click_on(ws, qtbot, 20)
    assert ws.session.selected_span_id == outer.id
    _click_on(ws, qtbot, 20)
    assert ws.session.selected_span_id == inner.id
    _click_on(ws, qtbot, 45)  # plain text: nothing selected
    assert ws.session.selected_span_id == -1


def test_delete_recode_and_resize_by_keys(workspace, qtbot):
    ws = workspace
    text = "Aliyev said: we will restore Kalbajar and all other cities."
    _add_doc(ws, text)
    start = text.index("restore")
    select_text(ws.view, start, start + len("restore"))
    qtbot.keyClick(ws.view, Qt.Key.Key_4)
    (span,) = ws.project.spans_where()
    assert ws.session.selected_span_id == span.id  # a new span is selected, ready for keys

    qtbot.keyClick(ws.view, Qt.Key.Key_Right, ALT_SHIFT)  # end: one word further
    assert ws.project.span(span.id).text == "restore Kalbajar"
    qtbot.keyClick(ws.view, Qt.Key.Key_Left, ALT_SHIFT | Qt.KeyboardModifier.ControlModifier)  # start: one word back
    assert ws.project.span(span.id).text == "will restore Kalbajar"
    qtbot.keyClick(ws.view, Qt.Key.Key_Right, ALT_SHIFT | Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(ws.view, Qt.Key.Key_Left, ALT_SHIFT)
    assert ws.project.span(span.id).text == "restore"

    qtbot.keyClick(ws.view, Qt.Key.Key_2)  # no text selected, a span selected: recode
    assert ws.project.span(span.id).code_id == ws.code_id("quote")
    assert "Recode" in ws.window.undo_action.text()

    qtbot.keyClick(ws.view, Qt.Key.Key_Delete)
    assert ws.project.spans_where() == []
    qtbot.keyClick(ws.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    (back,) = ws.project.spans_where()
    assert (back.id, back.text, back.code_id) == (span.id, "restore", ws.code_id("quote"))


def test_word_snapping_toggle(workspace, qtbot):
    ws = workspace
    text = "Azerbaijan's president vowed Wednesday to rebuild Nagorno-Karabakh."
    _add_doc(ws, text)
    a = text.index("ident")
    select_text(ws.view, a, a + len("ident vowed Wed"))
    qtbot.keyClick(ws.view, Qt.Key.Key_1)
    assert [s.text for s in ws.project.spans_where()] == ["president vowed Wednesday"]

    b = text.index("Karabakh")
    select_text(ws.view, b + 2, b + 4)
    qtbot.keyClick(ws.view, Qt.Key.Key_3)
    assert ws.project.spans_where()[-1].text == "Nagorno-Karabakh"

    ws.window.actions_by_name["word_snapping"].trigger()  # off
    select_text(ws.view, a, a + 5)
    qtbot.keyClick(ws.view, Qt.Key.Key_2)
    assert sorted(s.text for s in ws.project.spans_where()) == ["Nagorno-Karabakh", "ident", "president vowed Wednesday"]


def test_whitespace_selection_creates_nothing(workspace, qtbot):
    ws = workspace
    _add_doc(ws, "one    two")
    select_text(ws.view, 3, 7)
    qtbot.keyClick(ws.view, Qt.Key.Key_1)
    assert ws.project.spans_where() == []


def test_codebook_click_and_context_menu_actions_code_the_selection(workspace, qtbot):
    ws = workspace
    text = "Officials said hundreds of civilians were displaced."
    _add_doc(ws, text)
    select_text(ws.view, 15, 35)
    ws.window.codebook_dock.code_activated.emit(ws.code_id("casualty figure"))
    assert [s.text for s in ws.project.spans_where()] == ["hundreds of civilians"]

    from PySide6.QtWidgets import QMenu
    select_text(ws.view, 0, 14)
    menu = QMenu()
    ws.window.coding.fill_context_menu(menu)
    code_as = next(a for a in menu.actions() if a.text() == "Code as").menu()
    claim = next(a for a in code_as.actions() if a.text() == "claim")
    claim.trigger()
    assert sorted(s.text for s in ws.project.spans_where()) == ["Officials said", "hundreds of civilians"]


def test_next_and_previous_span(workspace, qtbot):
    ws = workspace
    doc = _add_doc(ws, "alpha beta gamma delta epsilon")
    me = ws.session.coder.id
    a = ws.project.add_span(doc, ws.code_id("claim"), me, 0, 5)
    b = ws.project.add_span(doc, ws.code_id("quote"), me, 11, 16)
    qtbot.keyClick(ws.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert ws.session.selected_span_id == a.id
    qtbot.keyClick(ws.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert ws.session.selected_span_id == b.id
    qtbot.keyClick(ws.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert ws.session.selected_span_id == a.id


def test_mark_done_and_next_uncoded_document(workspace, qtbot):
    ws = workspace
    docs = [d.id for d in ws.project.documents()]
    ws.pane.open_document(docs[0])
    ws.view.setFocus()
    qtbot.keyClick(ws.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert ws.project.status(docs[0], ws.session.coder.id) == DocStatus.DONE
    assert ws.window.actions_by_name["mark_done"].isChecked()
    assert "done" in ws.pane.meta.text()

    ws.project.set_status(docs[1], ws.session.coder.id, DocStatus.DONE)
    qtbot.keyClick(ws.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert ws.pane.document_id == docs[2]  # skips the one already done
    qtbot.keyClick(ws.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert ws.pane.document_id == docs[1]  # plain cycling visits every article

    ws.pane.open_document(docs[0])
    ws.window.pane_control.set_current(ws.pane)
    qtbot.keyClick(ws.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ws.project.status(docs[0], ws.session.coder.id) == DocStatus.NOT_STARTED
    assert not ws.window.actions_by_name["mark_done"].isChecked()


def test_find_highlights_every_hit(workspace, qtbot):
    ws = workspace
    ws.open("Kalbajar")
    ws.view.setFocus()
    qtbot.keyClick(ws.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = ws.pane.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "kalbajar")
    count = ws.view.doc.text.lower().count("kalbajar")
    assert count > 1 and len(ws.view.find_hits) == count
    hits = [s for s in ws.view.extraSelections() if s.format.background().color().name() == "#ffe45c"]
    assert len(hits) == count
    assert ws.view.textCursor().selectedText().lower() == "kalbajar"
    first = ws.view.textCursor().selectionStart()
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert ws.view.textCursor().selectionStart() > first
    assert bar.count.text() == f"2 of {count}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and ws.view.find_hits == []


def test_zoom_changes_the_article_font(workspace, qtbot):
    ws = workspace
    before = ws.view.font().pointSizeF()
    qtbot.keyClick(ws.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert ws.view.font().pointSizeF() == before + 1
    qtbot.keyClick(ws.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(ws.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert ws.view.font().pointSizeF() == before - 1


def test_incremental_updates_match_a_full_reload(workspace, qtbot):
    """Create, resize, recode, delete and undo through keys: the formats kept up to date span by span
    equal those built from scratch."""
    ws = workspace
    ws.open("Kalbajar")
    text = ws.view.doc.text

    def snapshot():
        return [(a, b, f.background().color().name(), f.underlineStyle()) for a, b, f in ws.view.format_ranges()]

    for needle, key in (("We will restore Kalbajar", Qt.Key.Key_2), ("restore Kalbajar", Qt.Key.Key_4),
                        ("Kalbajar region", Qt.Key.Key_1)):
        start = text.index(needle)
        select_text(ws.view, start, start + len(needle))
        qtbot.keyClick(ws.view, key)
    qtbot.keyClick(ws.view, Qt.Key.Key_Right, ALT_SHIFT)
    qtbot.keyClick(ws.view, Qt.Key.Key_3)
    incremental = snapshot()
    ws.view.reload_spans()
    assert snapshot() == incremental and len(incremental) == 3
    qtbot.keyClick(ws.view, Qt.Key.Key_Delete)
    qtbot.keyClick(ws.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(ws.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    incremental = snapshot()
    ws.view.reload_spans()
    assert snapshot() == incremental
    assert len(ws.view.spans) == 3


def test_delete_key_is_not_ambiguous_with_the_span_list(workspace, qtbot):
    ws = workspace
    text = "alpha beta gamma delta"
    doc = _add_doc(ws, text)
    me = ws.session.coder.id
    a = ws.project.add_span(doc, ws.code_id("claim"), me, 0, 5)
    b = ws.project.add_span(doc, ws.code_id("quote"), me, 6, 10)
    ws.session.select_span(a.id)
    ws.view.setFocus()
    qtbot.keyClick(ws.view, Qt.Key.Key_Delete)  # in the article
    assert [s.id for s in ws.project.spans_where()] == [b.id]

    table = ws.window.spans_dock.view
    ws.window.spans_dock.show()
    ws.window.spans_dock.raise_()
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Delete)  # in the span list: its own Delete, once
    assert ws.project.spans_where() == []


def test_enter_on_a_new_span_opens_its_first_attribute_field(workspace, qtbot):
    ws = workspace
    start, end = ws.select("We will restore Kalbajar")
    qtbot.keyClick(ws.view, Qt.Key.Key_2)
    qtbot.keyClick(ws.view, Qt.Key.Key_Return)
    focus = QApplication.focusWidget()
    assert focus is not None and ws.window.detail_dock.isAncestorOf(focus)
    qtbot.keyClicks(focus, "Ilham Aliyev")
    qtbot.keyClick(focus, Qt.Key.Key_Tab)
    (span,) = ws.project.spans_where()
    assert span.attributes == {"speaker": "Ilham Aliyev"}


def _point_at(view, cp: int) -> QPoint:
    """The viewport point just at the left of code point *cp* (its caret position), mid-line."""
    rect = view.cursorRect(_cursor(view, utf16_pos(view.toPlainText(), cp)))
    return QPoint(rect.x(), rect.center().y())


def test_drag_a_span_edge_to_resize_it(workspace, qtbot):
    ws = workspace
    text = "Aliyev said: we will restore Kalbajar and all other cities."
    doc = _add_doc(ws, text)
    span = ws.project.add_span(doc, ws.code_id("quote"), ws.session.coder.id, text.index("restore"),
                               text.index(" Kalbajar"))
    ws.session.select_span(span.id)
    vp = ws.view.viewport()
    grip = _point_at(ws.view, span.end)
    assert ws.view.edge_at(grip) == "end"
    target = _point_at(ws.view, text.index("all") + 1)  # inside "all": snapping takes the whole word
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=grip)
    qtbot.mouseMove(vp, target)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=target)
    assert ws.project.span(span.id).text == "restore Kalbajar and all"

    grip = _point_at(ws.view, span.start)
    assert ws.view.edge_at(grip) == "start"
    target = _point_at(ws.view, text.index("we"))
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=grip)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=target)
    assert ws.project.span(span.id).text == "we will restore Kalbajar and all"
    qtbot.keyClick(ws.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ws.project.span(span.id).text == "restore Kalbajar and all"


def test_big_article_formats_the_screen_first_then_the_rest(workspace, qtbot):
    ws = workspace
    text = "\n".join(f"Paragraph {i}: troops entered Kalbajar." for i in range(1200))
    doc = ws.project.add_document(NewDocument(text=text, title="long"))
    me = ws.session.coder.id
    last = text.rindex("Kalbajar")
    ws.project.add_span(doc, ws.code_id("claim"), me, 0, 9)
    ws.project.add_span(doc, ws.code_id("quote"), me, last, last + 8)
    ws.pane.open_document(doc)
    starts = [a for a, _, _ in ws.view.format_ranges()]
    assert starts == [0]  # on screen at once; the far end follows after the first paint
    qtbot.waitUntil(lambda: len(ws.view.format_ranges()) == 2)
    assert ws.view.format_ranges()[1][:2] == (utf16_pos(text, last), utf16_pos(text, last + 8))
