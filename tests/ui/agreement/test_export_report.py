"""Agreement dock ▸ Export Report: the report for the choices shown, written where the user says."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from annotator.store.reliability import run_reliability
from annotator.store.sets import create_set
from annotator.ui.agreement import AgreementDock


def test_export_report_button_writes_the_report(coded, show, qtbot, tmp_path, monkeypatch):
    dock = show(AgreementDock(coded))
    target = tmp_path / "reliability.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(dock.report_button, Qt.MouseButton.LeftButton)
    text = target.read_text(encoding="utf-8")
    run = run_reliability(coded.project, ["ana", "ben"], resamples=0)
    alpha = run.result.overall.krippendorff_alpha.value
    assert f"was {alpha:.2f}".replace("0.", ".", 1) in text and "two coders" in text
    assert "Cohen's κ" in text and "Re-run with" in text and "--coders ana,ben" in text
    assert "Wrote the reliability report" in dock.message.text() and dock.message.isVisible()


def test_export_report_uses_the_reliability_sample_and_says_so(coded, show, tmp_path):
    create_set(coded.project, "reliability-1", [1, 2, 3], purpose="reliability", seed=4,
               recipe={"size": "3", "population": 5})
    dock = show(AgreementDock(coded))
    message = dock.export_report(str(tmp_path / "r.html"))
    assert "on the set 'reliability-1'" in message
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "random sample of n = 3 articles (60% of 5)" in html and "--set reliability-1" in html


def test_cancelled_export_writes_nothing(coded, show, tmp_path, monkeypatch):
    dock = show(AgreementDock(coded))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert dock.export_report() == "" and list(tmp_path.glob("*.html")) == []
