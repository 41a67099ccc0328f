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


@pytest.fixture
def five_articles(seeded):
    """ana and ben over every seed article, agreeing on two sentences in three: intervals with width."""
    from annotator.core.model import DocStatus

    p = seeded
    session = Session(p, "ana")
    quote, claim = p.code_by_path("quote").id, p.code_by_path("claim").id
    ana, ben = session.coder.id, p.ensure_coder("ben").id
    for doc in p.documents():
        text = p.document(doc.id).text
        cut = [i for i, ch in enumerate(text) if ch == "."][:6]
        for k, (s, e) in enumerate(zip([0] + [c + 1 for c in cut[:-1]], [c + 1 for c in cut])):
            code = quote if k % 2 else claim
            p.add_span(doc.id, code, ana, s, e)
            if (k + doc.id) % 3:
                p.add_span(doc.id, code, ben, s + (k % 2), e)
        for coder in (ana, ben):
            p.set_status(doc.id, coder, DocStatus.DONE)
    yield session
    session.close()


def test_error_bars_are_the_intervals_of_the_dock_and_the_command(qtbot, five_articles):
    from annotator.store.reliability import run_reliability
    from annotator.ui.agreement import AgreementDock

    session = five_articles
    dock = make_dock(qtbot, session)
    view = show_tab(dock, "agreement")
    dock.flush()
    qtbot.waitUntil(lambda: view.bootstrap is not None, timeout=60_000)
    command = run_reliability(session.project, ["ana", "ben"]).intervals  # what annotator agreement prints
    agreement = AgreementDock(session)
    qtbot.addWidget(agreement)
    agreement.show()
    qtbot.waitUntil(lambda: agreement.figures.intervals is not None, timeout=60_000)
    paths = list(view.values)
    assert paths == ["claim", "quote"]
    x, y = view.errors.opts["x"], view.errors.opts["y"]
    for k, path in enumerate(paths):
        want = command.codes[path]["krippendorff_alpha"]
        assert view.interval(path) == want == agreement.figures.interval(path, "krippendorff_alpha")
        assert want.low < want.high  # a real interval, drawn as such
        assert x[k] == k and y[k] + view.errors.opts["top"][k] == pytest.approx(want.high)
        assert y[k] - view.errors.opts["bottom"][k] == pytest.approx(want.low)
    header, rows = view.table()
    assert header[-2:] == ["95% CI low", "95% CI high"]
    assert rows[0][-2:] == [round(command.codes["claim"]["krippendorff_alpha"].low, 6),
                            round(command.codes["claim"]["krippendorff_alpha"].high, 6)]
    assert f"seed {command.seed}" in view.note.text() and "1,000 resamples" in view.note.text()

    view.measure.setCurrentIndex(view.measure.findData("kappa"))  # same figures: no second bootstrap
    assert not view.intervals.running and view.errors is not None
    assert view.interval("claim") == command.codes["claim"]["cohen_kappa"]
    view.measure.setCurrentIndex(view.measure.findData("f1_exact"))  # no interval for F1: no error bars
    assert view.errors is None and "No 95% interval for this measure" in view.note.text()


def test_the_long_note_wraps_and_never_widens_the_dock(qtbot, five_articles):
    """The note under the plot (coders, documents, the intervals' method, seed, resamples) is
    long; on one line it made the floating statistics dock 2,005 px wide, past a 1920 px screen."""
    dock = make_dock(qtbot, five_articles)
    view = show_tab(dock, "agreement")
    dock.flush()
    qtbot.waitUntil(lambda: view.bootstrap is not None, timeout=60_000)
    assert len(view.note.text()) > 200
    assert view.note.wordWrap()
    assert view.minimumSizeHint().width() < 900
    assert dock.minimumSizeHint().width() < 900
