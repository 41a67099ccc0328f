"""A statistics table exported as CSV is safe to double-click: a code named like a formula
is written as text; counts stay numbers."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from annotator.store import Project
from annotator.ui.session import Session


@pytest.fixture
def session(seeded: Project):
    s = Session(seeded, "ana")
    yield s
    s.close()


def test_frequencies_csv_neutralises_a_formula_code_name(qtbot, session: Session, tmp_path: Path):
    from annotator.ui.statistics import StatisticsDock

    p = session.project
    doc = p.documents()[0].id
    evil = p.add_code("=HYPERLINK(\"evil\")")
    p.add_span(doc, evil.id, session.coder.id, 0, 40)
    dock = StatisticsDock(session)
    qtbot.addWidget(dock)
    dock.resize(1000, 650)
    dock.show()
    qtbot.waitExposed(dock)
    view = dock.views["frequencies"]
    dock.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: not view.is_empty() and view.value(doc, evil.id) == 1, timeout=5000)
    view.export_csv(tmp_path / "f.csv")
    with open(tmp_path / "f.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row = next(r for r in rows if "HYPERLINK" in r["code"])
    assert row["code"] == "'=HYPERLINK(\"evil\")"
    assert row["spans"] == "1" and row["characters_covered"] == "40"
