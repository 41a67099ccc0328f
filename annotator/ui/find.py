"""Find in article: every hit highlighted (extra selections), Enter steps through them.

A mixin of :class:`~annotator.ui.text_view.ArticleView`; hits are Qt positions,
found in the stored text and converted through the view's ``offsets``.
"""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextEdit

from annotator.ui.highlight import find_format


class FindMixin:
    find_text: str
    find_hits: list[tuple[int, int]]

    def _apply_selections(self) -> None:
        finds = []
        fmt = find_format()
        for a, b in self.find_hits:
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(self.document())
            cur.setPosition(a)
            cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur
            sel.format = fmt
            finds.append(sel)
        self.setExtraSelections(finds)
        self.viewport().update()

    def set_find_text(self, text: str, *, move: bool = True) -> int:
        """Highlight every case-insensitive occurrence of *text*; returns how many."""
        self.find_text = text
        self.find_hits = []
        if text and self.doc is not None:
            hay, needle = self.doc.text.casefold(), text.casefold()
            if len(hay) == len(self.doc.text):  # casefold kept offsets aligned
                i = hay.find(needle)
                while i >= 0:
                    self.find_hits.append((self.offsets.to_qt(i), self.offsets.to_qt(i + len(needle))))
                    i = hay.find(needle, i + max(1, len(needle)))
            else:
                found = self.document().find(text, 0)
                while not found.isNull():
                    self.find_hits.append((found.selectionStart(), found.selectionEnd()))
                    found = self.document().find(text, found)
        self._apply_selections()
        if move:
            self.find_step(+1, from_start=True)
        return len(self.find_hits)

    def find_step(self, step: int, *, from_start: bool = False) -> int:
        """Select the next/previous hit after the cursor (wrapping); returns its index or -1."""
        if not self.find_hits:
            return -1
        cur = self.textCursor()
        pos = cur.selectionStart() if from_start else (cur.selectionEnd() if step > 0 else cur.selectionStart())
        starts = [a for a, _ in self.find_hits]
        if step > 0:
            i = bisect_left(starts, pos) % len(starts)
        else:
            i = (bisect_left(starts, pos) - 1) % len(starts)
        a, b = self.find_hits[i]
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)
        self.ensureCursorVisible()
        return i

    def current_hit(self) -> int:
        cur = self.textCursor()
        try:
            return self.find_hits.index((cur.selectionStart(), cur.selectionEnd()))
        except ValueError:
            return -1
