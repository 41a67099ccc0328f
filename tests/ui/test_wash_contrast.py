"""The passage wash behind reused text never weakens a code's fill: inside a shared
passage (washed, or lit under the mouse) each Okabe-Ito code is painted exactly as
outside it, in its own hue, and the text over it keeps a WCAG contrast of 7:1 or more
(level AAA). Checked on the pixels the view paints, through real widgets."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.core.codebook import PALETTE
from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.ui.highlight import tint
from annotator.ui.passages import TINT, TINT_LIT
from tests.ui.test_passages_panes import put_passage

AAA = 7.0
WORDS = ("minister", "officials", "withdrawal", "territory")
SHARED = "The minister told officials that the withdrawal of troops from the territory was agreed."
TEXT = ("Before the wire copy: the minister met officials on the withdrawal from the territory.\n"
        + SHARED + "\nAfter it, nothing more.")


def luminance(color: QColor) -> float:
    """WCAG 2 relative luminance."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture
def seeds_path(seeds_path, forget_analysis):
    with Project(seeds_path) as project:
        forget_analysis(project)
    return seeds_path


def _fill(view, image: QImage, cp: int, n: int) -> QColor:
    """The most frequent colour behind the *n* characters from *cp*: the fill, not the glyphs."""
    cur = QTextCursor(view.document())
    cur.setPosition(view.offsets.to_qt(cp))
    a = view.cursorRect(cur)
    cur.setPosition(view.offsets.to_qt(cp + n))
    b = view.cursorRect(cur)
    assert a.top() == b.top()
    counts = Counter(image.pixelColor(x, y).name() for x in range(a.x() + 2, b.x() - 1)
                     for y in range(a.top() + 1, a.bottom()))
    return QColor(counts.most_common(1)[0][0])


def test_code_fills_keep_their_hue_and_contrast_inside_a_passage_wash(workspace):
    ws = workspace
    project = ws.project
    a = project.add_document(NewDocument(text=TEXT, title="Wire copy", source="AP"))
    b = project.add_document(NewDocument(text="Reprinted. " + SHARED, title="Reprint", source="Daily"))
    shared = TEXT.index(SHARED)
    put_passage(project, a, (shared, shared + len(SHARED)), b, (11, 11 + len(SHARED)))
    me = ws.session.coder.id
    codes = [c.id for c in project.codes()][:len(WORDS)]
    colors = [project.code(c).color for c in codes]
    assert {c.upper() for c in colors} <= set(PALETTE)  # the default codebook's Okabe-Ito colours
    for code, word in zip(codes, WORDS):
        for at in (TEXT.index(word), TEXT.index(word, shared)):  # once outside the passage, once inside
            project.add_span(a, code, me, at, at + len(word))
    window = ws.window
    window.panes[0].open_document(a)
    window.pane_control.add_pane(b)
    QApplication.processEvents()
    view = window.panes[0].view
    assert window.passages.marks_of(window.panes[0]).marks  # the passage is shown

    text_color = view.palette().color(QPalette.ColorRole.Text)
    image = view.viewport().grab().toImage()
    gap = TEXT.index(" told", shared)  # unmarked text inside the passage: the wash itself
    assert _fill(view, image, gap + 1, 3).name() == TINT.name()
    for color, word in zip(colors, WORDS):
        outside = _fill(view, image, TEXT.index(word), len(word))
        inside = _fill(view, image, TEXT.index(word, shared), len(word))
        assert outside.name() == tint(color).name()
        assert inside.name() == outside.name(), word  # the wash does not show through or tint it
        assert abs(inside.hueF() - QColor(color).hueF()) < 0.01  # the Okabe-Ito hue, kept
        assert contrast(text_color, inside) >= AAA, (word, contrast(text_color, inside))

    # lit under the mouse (the passage and its counterpart light up): still the same fills
    cur = QTextCursor(view.document())
    cur.setPosition(view.offsets.to_qt(gap + 1))
    point = view.cursorRect(cur).center()
    vp = view.viewport()
    QApplication.sendEvent(vp, QMouseEvent(QEvent.Type.MouseMove, QPointF(point), vp.mapToGlobal(QPointF(point)),
                                           Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                                           Qt.KeyboardModifier.NoModifier))
    assert window.passages.hovered
    image = vp.grab().toImage()
    assert _fill(view, image, gap + 1, 3).name() == TINT_LIT.name()
    for color, word in zip(colors, WORDS):
        inside = _fill(view, image, TEXT.index(word, shared), len(word))
        assert inside.name() == tint(color).name(), word
        assert contrast(text_color, inside) >= AAA


def test_every_palette_fill_reads_at_aaa_contrast():
    """Every colour a new code can get, as a fill under black text."""
    for color in PALETTE:
        assert contrast(QColor("#000000"), tint(color)) >= AAA, color
    assert contrast(QColor("#000000"), TINT_LIT) >= AAA
