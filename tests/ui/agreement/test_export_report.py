"""Agreement dock ▸ Export Report: the report for the choices shown, written where the user says,
computed off the GUI thread and written only when complete."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog

from annotator.io.report import Options, build_report, write_report
from annotator.store.reliability import run_reliability
from annotator.store.sets import create_set
from annotator.ui import plain
from annotator.ui.agreement import AgreementDock
from annotator.ui.agreement import report_job


@pytest.fixture(autouse=True)
def no_message_box(monkeypatch):
    """A failed report tells the user in a message box: never a real one here (it would wait for a click)."""
    told: list[str] = []
    monkeypatch.setattr(plain, "message", lambda _parent, _title, text, **_k: told.append(text))
    return told


def _click_export(dock, qtbot, target: Path, monkeypatch) -> str:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(dock.report_done, timeout=60_000) as done:
        qtbot.mouseClick(dock.report_button, Qt.MouseButton.LeftButton)
    return done.args[0]


def _synchronous_report(dock, path: Path) -> str:
    """What the dock wrote before the worker (build_report on the GUI thread, as
    ``annotator report`` does) for the choices shown, its time stamp blanked."""
    options = Options(dock.chosen_coders(), None, dock.unit_choice(), dock.documents_choice(),
                      dock.include_noise.isChecked(), set_name=dock.document_set.set_name())
    write_report(build_report(dock.session.project, path, options), path)
    return _stamp_blanked(path)


def _stamp_blanked(path: Path) -> str:
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", "TIME", path.read_text(encoding="utf-8"))


def test_export_report_button_writes_the_report(coded, show, qtbot, tmp_path, monkeypatch):
    dock = show(AgreementDock(coded))
    target = tmp_path / "reliability.md"
    message = _click_export(dock, qtbot, target, monkeypatch)
    text = target.read_text(encoding="utf-8")
    run = run_reliability(coded.project, ["ana", "ben"], resamples=0)
    alpha = run.result.overall.krippendorff_alpha.value
    assert f"was {alpha:.2f}".replace("0.", ".", 1) in text and "two coders" in text
    assert "Cohen's κ" in text and "Re-run with" in text and "--coders ana,ben" in text
    assert message.startswith("Wrote the reliability report")
    assert dock.message.text() == message and dock.message.isVisible()
    assert dock.report_button.isEnabled() and dock.report_button.text() == "Export Report…"


def test_the_window_keeps_running_while_the_report_is_computed(coded, show, qtbot, tmp_path, monkeypatch):
    """The worker's job waits until the GUI thread's timer has ticked five times: were the report
    computed on the GUI thread, no tick could come and the job would give up waiting."""
    dock = show(AgreementDock(coded))
    ticks: list[int] = []
    enough = threading.Event()
    seen_while_busy: list[tuple[bool, str, bool]] = []
    target = tmp_path / "r.html"

    def tick() -> None:
        ticks.append(1)
        seen_while_busy.append((dock.report_button.isEnabled(), dock.report_button.text(), target.exists()))
        if len(ticks) >= 5:
            enough.set()

    real_parts = report_job.report_parts

    def slow_parts(run):
        enough.wait(30)
        return real_parts(run)

    monkeypatch.setattr(report_job, "report_parts", slow_parts)
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(tick)
    timer.start()
    message = _click_export(dock, qtbot, target, monkeypatch)
    timer.stop()
    assert enough.is_set() and len(ticks) >= 5
    assert message.startswith("Wrote") and target.exists()
    # while it was being computed: the button said so, could not be pressed twice, and no file existed
    assert seen_while_busy[0] == (False, "Writing report…", False)
    assert not list(tmp_path.glob(".*.partial"))


def test_the_report_reuses_the_docks_intervals_and_equals_the_commands(coded, show, qtbot, tmp_path, monkeypatch):
    dock = show(AgreementDock(coded))
    if dock.intervals_pending():
        with qtbot.waitSignal(dock.intervals.finished, timeout=60_000):
            pass
    shown = dock.figures.intervals
    assert shown is not None

    def no_second_bootstrap(*_args):
        raise ValueError("the dock's intervals were there: no second bootstrap")

    monkeypatch.setattr(report_job, "bootstrap_of", no_second_bootstrap)
    target = tmp_path / "r.html"
    before = _synchronous_report(dock, target)
    assert _click_export(dock, qtbot, target, monkeypatch).startswith("Wrote")
    assert _stamp_blanked(target) == before


def test_without_the_docks_intervals_the_worker_computes_the_commands(coded, show, qtbot, tmp_path, monkeypatch):
    dock = AgreementDock(coded)
    dock.resamples = 50  # the dock's own intervals differ from the report's 1,000 resamples: not reused
    show(dock)
    target = tmp_path / "r.md"
    before = _synchronous_report(dock, target)
    _click_export(dock, qtbot, target, monkeypatch)
    assert _stamp_blanked(target) == before and "1,000 resamples" in before


def test_export_report_uses_the_reliability_sample_and_says_so(coded, show, export, tmp_path):
    create_set(coded.project, "reliability-1", [1, 2, 3], purpose="reliability", seed=4,
               recipe={"size": "3", "population": 5})
    dock = show(AgreementDock(coded))
    message = export(dock, tmp_path / "r.html")
    assert "on the set 'reliability-1'" in message
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "random sample of n = 3 articles (60% of 5)" in html and "--set reliability-1" in html


def test_a_report_that_cannot_be_written_says_why(coded, show, qtbot, tmp_path, monkeypatch):
    told: list[tuple[str, str, bool]] = []
    monkeypatch.setattr(plain, "message", lambda _parent, title, text, warning=False, **_k:
                        told.append((title, text, warning)))
    dock = show(AgreementDock(coded))
    target = tmp_path / "no such folder" / "r.html"
    message = _click_export(dock, qtbot, target, monkeypatch)
    assert message.startswith("Report not written:") and "no such folder" in message
    assert told == [("Export Report", message, True)]
    assert not target.parent.exists() and dock.report_button.isEnabled()


def test_a_report_of_fewer_than_two_coders_says_why(coded, show, qtbot, tmp_path, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(plain, "message", lambda _parent, _title, text, **_k: told.append(text))
    dock = show(AgreementDock(coded))
    dock.set_coders(["ana"])
    message = _click_export(dock, qtbot, tmp_path / "r.html", monkeypatch)
    assert message.startswith("Report not written:") and told == [message]
    assert not (tmp_path / "r.html").exists() and dock.report_button.isEnabled()


def test_cancelled_export_writes_nothing(coded, show, tmp_path, monkeypatch):
    dock = show(AgreementDock(coded))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert dock.export_report() == "" and list(tmp_path.glob("*.html")) == []


def test_a_failure_in_the_worker_is_told_and_writes_nothing(coded, show, qtbot, tmp_path, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(plain, "message", lambda _parent, _title, text, **_k: told.append(text))

    def broken(_run):
        raise ValueError("no memory for the confusion table")

    monkeypatch.setattr(report_job, "report_parts", broken)
    dock = show(AgreementDock(coded))
    message = _click_export(dock, qtbot, tmp_path / "r.html", monkeypatch)
    assert message == "Report not written: the report could not be computed: no memory for the confusion table"
    assert told == [message] and not (tmp_path / "r.html").exists() and dock.report_button.isEnabled()
    assert not list(tmp_path.glob(".*.partial"))
