"""How overlapping codes and paragraphs look, through real widgets: the coding stripe,
nested fills, paragraph spacing with exact offsets, right-to-left paragraphs."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core.model import NewDocument
from annotator.ui import plain
from annotator.ui.highlight import tint
from tests.ui.conftest import utf16_pos

TEXT = "The minister said that the town was handed over on Monday morning, officials <b>said</b>."
CLAIM = (0, 66)  # the whole sentence
QUOTE = (23, 47)  # "the town was handed over", inside the claim


def _open(ws, text: str) -> int:
    doc_id = ws.project.add_document(NewDocument(text=text, title="doc", source="Test Wire"))
    ws.pane.open_document(doc_id)
    ws.view.setFocus()
    return doc_id


def _nested(ws) -> tuple[int, int]:
    doc = _open(ws, TEXT)
    me = ws.session.coder.id
    claim = ws.project.add_span(doc, ws.code_id("claim"), me, *CLAIM).id
    quote = ws.project.add_span(doc, ws.code_id("quote"), me, *QUOTE).id
    return claim, quote


def _bar(ws, span_id: int):
    (bar,) = [b for b in ws.view.stripe.layout_bars() if b.span_id == span_id]
    return bar


def test_stripe_has_a_lane_per_code_and_a_click_selects_the_span(workspace, qtbot):
    ws = workspace
    claim, quote = _nested(ws)
    stripe = ws.view.stripe
    assert stripe.lanes == [ws.code_id("claim"), ws.code_id("quote")]  # codebook order, one lane each
    assert stripe.isVisible() and stripe.width() == stripe.preferred_width() > 0
    claim_bar, quote_bar = _bar(ws, claim), _bar(ws, quote)
    assert claim_bar.rect.x() < quote_bar.rect.x()  # different lanes
    assert claim_bar.color == ws.project.code(ws.code_id("claim")).color

    qtbot.mouseClick(stripe, Qt.MouseButton.LeftButton, pos=quote_bar.rect.center().toPoint())
    assert ws.session.selected_span_id == quote == ws.view.selected_span_id
    assert ws.view.selected_span().code_id == ws.code_id("quote")
    # the claim's lane selects the claim; the selection is the stored span
    qtbot.mouseClick(stripe, Qt.MouseButton.LeftButton, pos=claim_bar.rect.center().toPoint())
    assert ws.session.selected_span_id == claim
    assert ws.project.span(claim).text == TEXT[slice(*CLAIM)]


def test_stripe_hover_shows_code_coder_and_text_as_plain_text(workspace, qtbot):
    ws = workspace
    doc = _open(ws, TEXT)
    start = TEXT.index("officials")
    span = ws.project.add_span(doc, ws.code_id("quote"), ws.session.coder.id, start, len(TEXT)).id
    tip = ws.view.stripe.tooltip_at(_bar(ws, span).rect.center().toPoint())
    assert tip == "quote · ana\nofficials <b>said</b>."
    assert plain.shown_text(plain.tooltip(tip)) == tip  # markup in the article is shown, not rendered
    stripe = ws.view.stripe  # and the hover itself shows it
    point = _bar(ws, span).rect.center().toPoint()
    QApplication.sendEvent(stripe, QHelpEvent(QEvent.Type.ToolTip, point, stripe.mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert plain.shown_text(QToolTip.text()) == tip
    QToolTip.hideText()
    assert ws.view.stripe.tooltip_at(QPoint(1, 1)) == ""


def _dominant(image: QImage, x1: int, x2: int, y1: int, y2: int) -> str:
    """The most frequent colour in a rectangle: the fill, not the glyphs over it."""
    counts = Counter(image.pixelColor(x, y).name() for x in range(x1, x2) for y in range(y1, y2))
    return counts.most_common(1)[0][0]


def _char_rect(view, cp: int):
    cur = QTextCursor(view.document())
    cur.setPosition(utf16_pos(view.toPlainText(), cp))
    return view.cursorRect(cur)


def test_a_nested_span_is_filled_with_its_own_colour_not_a_blend(workspace):
    ws = workspace
    _nested(ws)
    view = ws.view
    image = view.viewport().grab().toImage()
    claim_color = ws.project.code(ws.code_id("claim")).color
    quote_color = ws.project.code(ws.code_id("quote")).color

    def fill_at(a: int, b: int) -> str:
        ra, rb = _char_rect(view, a), _char_rect(view, b)
        assert ra.top() == rb.top()  # one line
        return _dominant(image, ra.x() + 1, rb.x() - 1, ra.top() + 1, ra.bottom() - 1)

    outer = fill_at(4, 12)  # "minister": the claim alone
    inner = fill_at(27, 31)  # "town": the quote inside the claim
    assert QColor(outer).name() == tint(claim_color).name()
    assert QColor(inner).name() == tint(quote_color).name()  # the quote's own hue
    olive = QColor.fromRgbF(*[(QColor(claim_color).getRgbF()[i] + QColor(quote_color).getRgbF()[i]) / 2
                              for i in range(3)])
    assert QColor(inner).name() != olive.name()
    # the inner span is boxed in its own colour: its left edge has a pixel of the darkened quote colour
    ra = _char_rect(view, QUOTE[0])
    edge = {image.pixelColor(x, ra.center().y()).name() for x in range(ra.x() - 2, ra.x() + 3)}
    assert QColor(quote_color).darker(125).name() in edge


PARAGRAPHS = ("First paragraph of wire copy 😀.\nSecond one.\nThird one.\nFourth, with the word "
              "Kalbajar in it.\nFifth.")


def test_paragraphs_have_space_between_them_and_offsets_stay_exact(workspace, qtbot):
    ws = workspace
    doc = _open(ws, PARAGRAPHS)
    view = ws.view
    line = _char_rect(view, 0).height()
    second = PARAGRAPHS.index("Second")
    gap = _char_rect(view, second).top() - _char_rect(view, 0).bottom()
    assert gap >= line // 3  # visible space above a paragraph
    # a double click on a word four paragraphs down selects that word: hit-testing follows the spacing
    word = PARAGRAPHS.index("Kalbajar")
    a, b = _char_rect(view, word + 2), _char_rect(view, word + 3)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint((a.x() + b.x()) // 2, a.center().y()))
    assert view.textCursor().selectedText() == "Kalbajar"
    qtbot.keyClick(view, Qt.Key.Key_2)
    (span,) = ws.project.spans_where()
    assert (span.document_id, span.start, span.end, span.text) == (doc, word, word + 8, "Kalbajar")
    (mark,) = view.marks
    assert (mark.start, mark.end) == (utf16_pos(PARAGRAPHS, word), utf16_pos(PARAGRAPHS, word + 8))


MIXED = ("Baku (AP) — the president spoke on Wednesday.\n"
         "قال الرئيس إن الحياة ستعود إلى المنطقة.\n"
         "2020 هو العام الذي شهد تغييرات كبيرة.\n"
         "שלום עולם, זו פסקה בעברית.\n"
         "Back to English.")


def test_right_to_left_paragraphs_align_right_and_left_to_right_ones_left(workspace):
    ws = workspace
    _open(ws, MIXED)
    view = ws.view
    width = view.viewport().width()
    starts = [0] + [i + 1 for i, ch in enumerate(MIXED) if ch == "\n"]
    rtl = [False, True, True, True, False]
    for start, right in zip(starts, rtl):
        block = view.document().findBlock(utf16_pos(MIXED, start))
        view.blockBoundingRect(block)  # laid out as when painted
        line = block.layout().lineAt(0)
        x = line.naturalTextRect().x()
        if right:
            assert x > width / 3, MIXED[start:start + 10]  # its text sits at the right edge
            assert abs(line.naturalTextRect().right() - (width - view.document().documentMargin())) < 3
        else:
            assert x < 30, MIXED[start:start + 10]
