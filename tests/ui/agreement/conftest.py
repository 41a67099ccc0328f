"""Fixtures for the agreement dock: the seeds coded by ana and ben, two articles marked done by both.

Spans are written straight to the project (not through the undo stack), so an undo
in a test undoes exactly the edit the test made.
"""

from __future__ import annotations

import pytest

from annotator.core.model import DocStatus
from annotator.ui.session import Session

# (document, code, needle, who): "both" codes the needle identically, "ana"/"ben" alone.
CODINGS = [
    (1, "quote", '"We will restore Kalbajar, let no one have doubts about that, and life will return there,"', "both"),
    (1, "territorial change", "the latest territory that Armenian forces have ceded", "both"),
    (1, "claim", "Azerbaijan's president vowed Wednesday to rebuild and revive the Kalbajar region", "ana"),
    (1, "claim", "vowed Wednesday to rebuild and revive the Kalbajar region", "ben"),
    (1, "quote", '"We will rebuild Kalbajar, the villages, the city of Kalbajar.', "ana"),
    (2, "quote", "“We will restore Kalbajar, let no one have doubts about that, and life will return there,”", "both"),
    (2, "territorial change", "the Kalbajar region, the latest territory that Armenian forces have ceded", "ana"),
    (2, "claim", "Azerbaijan’s president vowed Wednesday to rebuild and revive the Kalbajar region", "ben"),
]


def code_two_coders(project) -> None:
    ana, ben = project.ensure_coder("ana").id, project.ensure_coder("ben").id
    for doc, code, needle, who in CODINGS:
        text = project.document(doc).text
        start = text.index(needle)
        for coder in {"both": (ana, ben), "ana": (ana,), "ben": (ben,)}[who]:
            project.add_span(doc, project.code_by_path(code).id, coder, start, start + len(needle))
    for doc in (1, 2):
        for coder in (ana, ben):
            project.set_status(doc, coder, DocStatus.DONE)
    project.set_status(3, ana, DocStatus.DONE)


@pytest.fixture
def coded(seeded, qapp):
    """A session (coder ana) over the seeds coded by ana and ben."""
    code_two_coders(seeded)
    session = Session(seeded, "ana")
    yield session
    session.close()


@pytest.fixture
def show(qtbot):
    def show(widget, width: int = 900, height: int = 620):
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    return show


@pytest.fixture
def export(qtbot, monkeypatch):
    """Export Report to *path* through the dock and wait until it has finished; its final message
    (a failure's message box is not opened: it would wait for a click)."""
    from annotator.ui import plain

    monkeypatch.setattr(plain, "message", lambda *_a, **_k: None)

    def export(dock, path) -> str:
        with qtbot.waitSignal(dock.report_done, timeout=60_000) as done:
            started = dock.export_report(str(path))
        assert started, "no report was started"
        return done.args[0]

    return export
