"""A Hebrew or Arabic article's pane header: the title in its own direction (right-aligned,
its start kept when the picker elides it), the meta line left to right with each part
isolated, so a Hebrew outlet name does not pull "102 characters" apart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QTextLayout
from PySide6.QtWidgets import QApplication

from annotator.core.model import NewDocument
from annotator.ui.pane import FSI, LRM, PDI, header_line
from tests.ui.test_layout import maximise_by_hand

HEBREW_TITLE = "שלום לקלבג'אר"
ARABIC_TITLE = "علييف يتعهد بإعادة بناء كلبجار بعد انسحاب القوات الأرمينية من المنطقة 2020"
HEBREW_SOURCE = "הארץ"


def _open(ws, title: str, source: str) -> None:
    doc = ws.project.add_document(NewDocument(text="שלום עולם, זו פסקה בעברית.\nEnglish.", title=title,
                                              source=source, published="2020-11-25"))
    ws.pane.open_document(doc)
    QApplication.processEvents()


def _ink(label) -> tuple[int, int]:
    """Leftmost and rightmost column of the label holding dark pixels (its glyphs)."""
    image = label.grab().toImage()
    columns = [x for x in range(image.width())
               if any(QColor(image.pixel(x, y)).lightness() < 140 for y in range(image.height()))]
    return columns[0], columns[-1]


def test_a_hebrew_title_sits_right_and_the_meta_line_left(workspace):
    ws = workspace
    maximise_by_hand(ws.window)
    _open(ws, HEBREW_TITLE, HEBREW_SOURCE)
    pane = ws.pane
    left, right = _ink(pane.title)
    assert left > pane.title.width() / 2  # a short right-to-left title starts at the right edge
    assert right >= pane.title.width() - 6
    # over a capped column, it ends where the article's right-aligned lines end
    view = pane.view
    assert view.column_capped()
    text_right = view.viewport().mapTo(pane, QPoint(view.viewport().width(), 0)).x() - view.document().documentMargin()
    assert abs(pane.title.mapTo(pane, QPoint(right, 0)).x() - text_right) <= 4
    left, right = _ink(pane.meta)
    assert left <= 3  # the meta line reads left to right, like the window
    assert pane.meta.text().startswith(LRM)


@pytest.mark.parametrize("source", [HEBREW_SOURCE, "Al Jazeera"])
def test_the_meta_line_keeps_each_part_together_and_in_order(workspace, source):
    ws = workspace
    _open(ws, HEBREW_TITLE, source)
    text = ws.pane.meta.text()
    layout = QTextLayout(text, ws.pane.meta.font())
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    parts, at = [], 0
    while (start := text.find(FSI, at)) >= 0:
        end = text.index(PDI, start)
        xs = [line.cursorToX(i)[0] for i in range(start + 1, end + 1)]
        parts.append((min(xs), max(xs), text[start + 1:end]))
        at = end
    assert [p[2].replace("\u00a0", " ") for p in parts] == [source, "2020-11-25", "35 characters", "not started"]
    for (_, right, a), (left, _, b) in zip(parts, parts[1:]):
        assert right <= left + 0.5, (a, b)  # each part wholly left of the next: no interleaving


def test_a_plain_header_line_is_isolated_parts():
    assert header_line(["AP", "done ✓"]) == f"{LRM}{FSI}AP{PDI}\u00a0 ·  {FSI}done\u00a0✓{PDI}"


def test_the_picker_elides_an_arabic_title_at_its_end_and_keeps_its_start(workspace):
    ws = workspace
    _open(ws, ARABIC_TITLE, "Al Jazeera")
    picker = ws.pane.picker
    picker.setFixedWidth(240)
    QApplication.processEvents()
    shown = picker.shown_text().replace(FSI, "").replace(PDI, "")
    assert shown.endswith("…") and len(shown) < len(ARABIC_TITLE)
    assert shown.startswith("علييف يتعهد")  # the title's first words, not its last
    assert picker.fontMetrics().horizontalAdvance(picker.shown_text()) <= 240
