"""Fixtures for the dock and model tests: a session over the seeds with a few spans.

The spans are written straight to the project (not through the undo stack), so
an undo in a test undoes exactly the edit the test made.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import Span
from annotator.ui.session import Session


@dataclass
class Seeds:
    session: Session
    quote: Span  # ana: "We will restore Kalbajar" in document 1 (speaker Aliyev)
    claim: Span  # ana: an overlapping claim in document 1
    casualty: Span  # ana: "hundreds" in document 2
    other: Span  # ben: a quote in document 2, invisible while ana codes blind

    @property
    def project(self):
        return self.session.project

    def code_id(self, path: str) -> int:
        return self.project.code_by_path(path).id


def _find(project, doc_id: int, needle: str) -> tuple[int, int]:
    text = project.document(doc_id).text
    start = text.index(needle)
    return start, start + len(needle)


@pytest.fixture
def seeds(seeded, qapp) -> Seeds:
    session = Session(seeded, "ana")
    ana = session.coder.id
    ben = seeded.ensure_coder("ben").id
    code = {c.name: c.id for c in seeded.codes()}
    q = seeded.add_span(1, code["quote"], ana, *_find(seeded, 1, "We will restore Kalbajar"),
                        attributes={"speaker": "Aliyev"})
    s, _ = _find(seeded, 1, "We will restore Kalbajar")
    c = seeded.add_span(1, code["claim"], ana, s - 20, s + 60, memo="check the attribution")
    h = seeded.add_span(2, code["casualty figure"], ana, *_find(seeded, 2, "hundreds"),
                        attributes={"who": "civilians"})
    o = seeded.add_span(2, code["quote"], ben, *_find(seeded, 2, "We will restore Kalbajar"))
    yield Seeds(session, q, c, h, o)
    session.close()


@pytest.fixture
def show(qtbot):
    """Show a dock at a given size and wait until it is on screen."""

    def show(dock, width: int = 520, height: int = 420):
        qtbot.addWidget(dock)
        dock.resize(width, height)
        dock.show()
        qtbot.waitExposed(dock)
        return dock

    return show


@pytest.fixture
def click(qtbot):
    """Click (or double-click) the cell of *index* in an item view, as a user does."""

    def click(view, index, double: bool = False) -> None:
        view.scrollTo(index)
        pos = view.visualRect(index).center()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        if double:  # QTest's double click needs the first click before it, as a user's does
            qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)

    return click
