"""The statistics view's agreement tab: the bars are the figures `annotator agreement` computes."""

from __future__ import annotations

import pytest

from annotator.store.agreement import project_agreement_for
from annotator.ui.session import Session
from test_statistics_dock import make_dock, show_tab  # the dock tests' helpers (same folder)


@pytest.fixture
def two_coders(seeded):
    session = Session(seeded, "ana")
    p = seeded
    ben = p.ensure_coder("ben")
    claim, quote = p.code_by_path("claim").id, p.code_by_path("quote").id
    p.add_span(1, claim, session.coder.id, 0, 40)
    p.add_span(1, claim, ben.id, 10, 40)
    p.add_span(1, quote, session.coder.id, 100, 140)
    p.add_span(1, quote, ben.id, 100, 140)
    yield session, ben
    session.close()


def test_no_done_document_explains_what_to_do(qtbot, two_coders):
    view = show_tab(make_dock(qtbot, two_coders[0]), "agreement")
    assert view.is_empty() and "marked no document done" in view.empty.text()


def test_bars_are_the_agreement_figures(qtbot, two_coders):
    session, ben = two_coders
    for coder in (session.coder.id, ben.id):
        session.project.set_status(1, coder, "done")  # ben's mark is his own: not an edit in ana's window
    dock = make_dock(qtbot, session)
    view = show_tab(dock, "agreement")
    dock.flush()
    assert not view.is_empty()
    expected = project_agreement_for(session.project, ["ana", "ben"], ["claim", "quote"], per_document=False)
    heights = dict(zip(view.values, view.bar.opts["height"]))
    assert heights["claim"] == pytest.approx(expected.codes["claim"].krippendorff_alpha.value)
    assert heights["quote"] == pytest.approx(1.0)
    view.measure.setCurrentIndex(1)  # Cohen's kappa for two coders
    assert view.values["claim"] == pytest.approx(expected.codes["claim"].cohen_kappa.value)
    header, rows = view.table()
    assert header[0] == "code" and {r[0] for r in rows} == {"claim", "quote"}


def test_any_documents_option_needs_no_done_marks(qtbot, two_coders):
    view = show_tab(make_dock(qtbot, two_coders[0]), "agreement")
    view.documents.setCurrentIndex(1)
    assert not view.is_empty() and set(view.values) == {"claim", "quote"}
