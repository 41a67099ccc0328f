"""Noise in the article panes: page clutter drawn dimmed (grey text, still readable;
span fills stay on top) and a tooltip naming the kind. The "Mark as Noise" and "Not
Noise" actions are the coding controller's (:mod:`annotator.ui.controllers.coding`).

:class:`NoiseLayer` belongs to one :class:`~annotator.ui.text_view.ArticleView`: it
reads the document's noise once per load or ``Change("noise")`` of that document and
hands the view its format ranges (Qt positions) for the batched per-block pass.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QColor, QTextCharFormat

# only the reading: annotator.store.noise (its operations) loads when noise is first marked
from annotator.store.noise_read import noise_marks


if TYPE_CHECKING:
    from annotator.ui.text_view import ArticleView

NOISE_COLOR = "#8E939A"  # grey: recedes next to black news text, still reads at 11 pt

KIND_NAMES = {
    "advertisement": "advertisement", "video": "video player", "link": "link to another article",
    "share": "share or follow button", "tracker": "tracker or page residue", "credit": "image credit",
    "caption": "photo caption", "byline": "byline (author candidate)", "timestamp": "time stamp (date candidate)",
    "label": "page label", "duplicate": "line printed twice", "repeated": "line repeated in this outlet's articles",
    "promo": "newsletter or subscription prompt", "copyright": "copyright notice", "manual": "marked by hand",
    "navigation": "page navigation", "audio": "audio player", "source": "news agency note",
}


class NoiseMark(NamedTuple):
    start: int  # Qt positions
    end: int
    kind: str
    origin: str


def noise_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(NOISE_COLOR))
    return fmt


class NoiseLayer:
    """The noise regions of the document a view shows, in Qt positions."""

    def __init__(self, view: "ArticleView"):
        self.view = view
        self.marks: list[NoiseMark] = []
        self._starts: list[int] = []
        self.format = noise_format()

    def load(self) -> None:
        """Re-read the shown document's noise (one query)."""
        view = self.view
        self.marks = []
        if view.doc is not None:
            to_qt = view.offsets.to_qt
            self.marks = [NoiseMark(to_qt(start), to_qt(end), kind, origin)
                          for start, end, kind, origin in noise_marks(view.session.project, view.doc.id)]
        self._starts = [m.start for m in self.marks]

    def ranges(self, lo: int, hi: int) -> list[tuple[int, int, QTextCharFormat]]:
        """Format ranges of the noise meeting Qt range ``[lo, hi)``; the view lays them
        under the span formats, so a span on noise keeps its fill."""
        return [(m.start, m.end, self.format) for m in self.marks if m.end > lo and m.start < hi]

    def at(self, pos: int) -> NoiseMark | None:
        """The noise region holding Qt position *pos*, if any."""
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and self.marks[i].start <= pos < self.marks[i].end:
            return self.marks[i]
        return None

    def overlaps(self, lo: int, hi: int) -> bool:
        """Whether any noise meets Qt range ``[lo, hi)``."""
        return any(m.end > lo for m in self.marks[:bisect_right(self._starts, hi - 1)])

    def tooltip(self, pos: int) -> str:
        mark = self.at(pos) if pos >= 0 else None
        if mark is None:
            return ""
        what = KIND_NAMES.get(mark.kind, mark.kind)
        how = "marked by hand" if mark.origin == "manual" else f"detected: {what}"
        return (f"<span style='color:{NOISE_COLOR}'>■</span> <b>Noise</b> · {how}<br>"
                "<span style='color:#444'>Left out of coverage and agreement. "
                "Code ▸ Not Noise puts it back.</span>")

    def on_changed(self, change) -> bool:
        """Reload after a noise change of this document; True when the view must re-format."""
        view = self.view
        if change.kind != "noise" or view.doc is None:
            return False
        if change.document_ids and view.doc.id not in change.document_ids:
            return False
        self.load()
        return True


__all__ = ["NOISE_COLOR", "NoiseLayer", "NoiseMark", "noise_format"]
