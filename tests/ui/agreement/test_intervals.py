"""The agreement dock's 95% intervals: the same as `annotator agreement` prints, computed
in a worker thread after the figures are shown."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt

from annotator.cli import cli
from annotator.core.model import DocStatus
from annotator.store.reliability import DEFAULT_SEED, SEED_SETTING, run_reliability
from annotator.ui.agreement import AgreementDock
from annotator.ui.agreement.models import COMPUTING, INTERVAL, ValueRole, interval_text


def _row(model, label: str) -> int:
    return next(r for r in range(model.rowCount()) if model.label(r) == label)


def _interval_cell(model, label: str, measure: str):
    return model.index(_row(model, label), model.column_of(INTERVAL + measure))


def _widen(project) -> None:
    """Five articles coded by ana and ben, each marking some sentences alike and some not:
    enough documents for intervals that are not a single point."""
    quote, claim = project.code_by_path("quote").id, project.code_by_path("claim").id
    ana, ben = project.ensure_coder("ana").id, project.ensure_coder("ben").id
    for doc in project.documents():
        text = project.document(doc.id).text
        cut = [i for i, ch in enumerate(text) if ch == "."][:6]
        bounds = list(zip([0] + [c + 1 for c in cut[:-1]], [c + 1 for c in cut]))
        for k, (s, e) in enumerate(bounds):
            code = quote if k % 2 else claim
            project.add_span(doc.id, code, ana, s, e)
            if (k + doc.id) % 3:  # ben agrees on two sentences in three, shifted per document
                project.add_span(doc.id, code, ben, s + (k % 2), e)
        for coder in (ana, ben):
            project.set_status(doc.id, coder, DocStatus.DONE)


@pytest.fixture
def wide(seeded, qapp):
    from annotator.ui.session import Session

    _widen(seeded)
    session = Session(seeded, "ana")
    yield session
    session.close()


def _shown(dock, qtbot) -> None:
    qtbot.waitUntil(lambda: dock.result is not None and not dock.intervals_pending())


def test_dock_shows_the_cli_intervals(wide, show, qtbot):
    dock = show(AgreementDock(wide))
    _shown(dock, qtbot)
    result = CliRunner().invoke(cli, ["agreement", str(wide.project.path), "--format", "json"])
    assert result.exit_code == 0, result.output
    cli_intervals = json.loads(result.output)["intervals"]
    table = CliRunner().invoke(cli, ["agreement", str(wide.project.path)]).output
    assert cli_intervals["seed"] == DEFAULT_SEED and cli_intervals["resamples"] == 1000
    checked = 0
    for label in ["quote", "claim", "overall"]:
        source = cli_intervals["overall"] if label == "overall" else cli_intervals["codes"][label]
        for measure in ("krippendorff_alpha", "unitizing_alpha"):
            cell = _interval_cell(dock.figures, label, measure)
            low, high = source[measure]["ci_low"], source[measure]["ci_high"]
            assert low is not None and low < high
            assert cell.data(ValueRole) == (low, high)  # the same numbers, not merely close
            assert cell.data() == f"[{low:.3f}, {high:.3f}]"
            assert cell.data() in table
            checked += 1
    assert checked == 6
    kappa = dock.figures.index(_row(dock.figures, "overall"), dock.figures.column_of("cohen_kappa"))
    k = cli_intervals["overall"]["cohen_kappa"]
    assert f"[{k['ci_low']:.3f}, {k['ci_high']:.3f}]" in kappa.data(Qt.ItemDataRole.ToolTipRole)
    note = dock.interval_note.text()
    assert "1,000 resamples" in note and f"seed {DEFAULT_SEED}" in note
    assert dock.method.text().endswith(f"(seed {DEFAULT_SEED}); a document drawn twice counts twice. q(alpha < m) is "
                                       "the share of resamples with alpha below m. Jackknife standard errors leave "
                                       "out one document at a time.")


def test_dock_uses_the_projects_seed_as_the_report_does(wide, show, qtbot):
    wide.project.set_setting(SEED_SETTING, "7")
    dock = show(AgreementDock(wide))
    _shown(dock, qtbot)
    run = run_reliability(wide.project, ["ana", "ben"])  # what the report and the CLI compute
    assert run.intervals.seed == 7 and "seed 7" in dock.interval_note.text()
    for label, code in (("quote", "quote"), ("overall", None)):
        want = run.intervals.overall if code is None else run.intervals.codes[code]
        cell = _interval_cell(dock.figures, label, "krippendorff_alpha")
        assert cell.data() == interval_text(want["krippendorff_alpha"])
        assert cell.data(ValueRole) == (want["krippendorff_alpha"].low, want["krippendorff_alpha"].high)


def test_figures_do_not_wait_for_the_intervals(wide, show, qtbot):
    dock = show(AgreementDock(wide))
    _shown(dock, qtbot)
    before = _interval_cell(dock.figures, "overall", "krippendorff_alpha").data()
    dock.unit.setCurrentIndex(dock.unit.findData("token"))  # recompute: words
    # the figures are there as soon as recompute returns; the intervals come from the worker later
    alpha = dock.figures.index(_row(dock.figures, "overall"), dock.figures.column_of("krippendorff_alpha"))
    assert alpha.data(ValueRole) is not None
    assert _interval_cell(dock.figures, "overall", "krippendorff_alpha").data() == COMPUTING
    assert dock.intervals_pending() and "computing" in dock.interval_note.text()
    _shown(dock, qtbot)
    after = _interval_cell(dock.figures, "overall", "krippendorff_alpha").data()
    words = run_reliability(wide.project, ["ana", "ben"], unit="token").intervals.overall["krippendorff_alpha"]
    assert after == interval_text(words) and after != before


def test_an_outdated_interval_is_never_shown(wide, show, qtbot):
    """Two recomputes in a row: only the second one's intervals reach the table."""
    dock = show(AgreementDock(wide))
    _shown(dock, qtbot)
    dock.unit.setCurrentIndex(dock.unit.findData("token"))
    dock.unit.setCurrentIndex(dock.unit.findData("char"))
    _shown(dock, qtbot)
    dock.intervals.wait()
    qtbot.wait(50)  # let any queued outcome of the first job arrive; it must be dropped
    chars = run_reliability(wide.project, ["ana", "ben"]).intervals.overall["krippendorff_alpha"]
    assert _interval_cell(dock.figures, "overall", "krippendorff_alpha").data() == interval_text(chars)


def test_breakdown_per_document_has_no_interval_columns(wide, show, qtbot):
    dock = show(AgreementDock(wide))
    _shown(dock, qtbot)
    headers = [dock.breakdown.headerData(c, Qt.Orientation.Horizontal)
               for c in range(dock.breakdown.columnCount())]
    assert not any("CI" in str(h) for h in headers)


def test_copy_table_while_computing_leaves_the_intervals_empty_and_says_so(wide, show, qtbot, monkeypatch):
    """No "computing…" pasted where a number belongs: empty CI cells and a note; once the
    intervals are there, a second copy has them and no note."""
    import threading

    from PySide6.QtWidgets import QApplication

    from annotator.ui.agreement import intervals as intervals_module
    from annotator.ui.agreement.models import PENDING_NOTE

    release = threading.Event()
    real = intervals_module.bootstrap_of

    def held(*args):
        release.wait(30)
        return real(*args)

    monkeypatch.setattr(intervals_module, "bootstrap_of", held)
    dock = show(AgreementDock(wide))
    qtbot.waitUntil(lambda: dock.result is not None)
    assert dock.intervals_pending()
    qtbot.mouseClick(dock.copy_button, Qt.MouseButton.LeftButton)
    lines = QApplication.clipboard().text().splitlines()
    header = lines[1].split("\t")
    ci = [c for c, title in enumerate(header) if "95% CI" in title]
    overall = next(line for line in lines if line.startswith("overall\t")).split("\t")
    assert ci and all(overall[c] == "" for c in ci)
    assert COMPUTING not in "\n".join(lines) and PENDING_NOTE in lines

    release.set()
    _shown(dock, qtbot)
    qtbot.mouseClick(dock.copy_button, Qt.MouseButton.LeftButton)
    lines = QApplication.clipboard().text().splitlines()
    overall = next(line for line in lines if line.startswith("overall\t")).split("\t")
    want = run_reliability(wide.project, ["ana", "ben"]).intervals.overall["krippendorff_alpha"]
    assert overall[ci[0]] == interval_text(want) and PENDING_NOTE not in lines
