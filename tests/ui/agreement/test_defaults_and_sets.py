"""The agreement dock and the statistics dock's Agreement tab agree on one project: the same
default coders (with spans, not the consensus), the same document set (the newest reliability
set, as `annotator agreement`), and an empty state that names the coder at fault."""

from __future__ import annotations

import pytest

from annotator.store.reliability import ALL, run_reliability
from annotator.store.sets import create_set
from annotator.ui.agreement import AgreementDock


@pytest.fixture
def with_carl(coded):
    """ana and ben coded (tests/ui/agreement/conftest.py); carl exists but coded nothing."""
    coded.project.ensure_coder("carl")
    return coded


def _stats_tab(qtbot, session):
    from annotator.ui.statistics import StatisticsDock

    dock = StatisticsDock(session)
    qtbot.addWidget(dock)
    dock.resize(1000, 650)
    dock.show()
    qtbot.waitExposed(dock)
    view = dock.views["agreement"]
    dock.tabs.setCurrentWidget(view)
    return dock, view


def _overall_alpha(dock: AgreementDock) -> float:
    return dock.result.overall.krippendorff_alpha.value


def test_tab_and_dock_compare_the_same_coders_and_agree(with_carl, show, qtbot):
    dock = show(AgreementDock(with_carl))
    assert dock.chosen_coders() == ["ana", "ben"]  # carl has no spans: not ticked
    stats, view = _stats_tab(qtbot, with_carl)
    assert stats.coders_button.chosen() is None  # "Coders: all", carl included in the list
    assert not view.is_empty(), view.empty.text()
    assert view.note.text().startswith("ana, ben over 2 documents")
    cli = run_reliability(with_carl.project, None, resamples=0).result  # what `annotator agreement` prints
    for path, value in view.values.items():
        assert value == pytest.approx(dock.result.codes[path].krippendorff_alpha.value)
        assert value == pytest.approx(cli.codes[path].krippendorff_alpha.value)


def test_no_figures_names_the_coder_and_the_fix(with_carl, show, qtbot):
    dock = show(AgreementDock(with_carl))
    dock.set_coders(["ana", "ben", "carl"])
    text = dock.message.text()
    assert dock.result is None and "carl has marked no document done" in text
    assert "untick carl" in text and "Any with spans of every coder" in text
    stats, view = _stats_tab(qtbot, with_carl)
    ana = with_carl.project.coder_by_name("ana").id
    stats.coders_button._set({ana})  # ben and carl, chosen by hand
    assert view.is_empty() and "carl has marked no document done" in view.empty.text()


def test_the_newest_reliability_set_is_the_default_and_all_documents_a_choice(coded, show, qtbot):
    project = coded.project
    create_set(project, "old", [1, 2], purpose="reliability")
    create_set(project, "rel-2", [1, 3, 4], purpose="reliability")
    dock = show(AgreementDock(coded))
    assert dock.document_set.isVisible()
    assert dock.document_set.set_name() == "rel-2" and "newest reliability set" in dock.document_set.currentText()
    assert list(dock.result.documents) == [1]  # of the set, only article 1 is done by both
    cli = run_reliability(project, ["ana", "ben"], resamples=0)
    assert cli.document_set.name == "rel-2" and _overall_alpha(dock) == pytest.approx(
        cli.result.overall.krippendorff_alpha.value)
    assert "rel-2" in dock.method.text() and "rel-2" in dock.copy_table().splitlines()[0]
    dock.document_set.setCurrentIndex(dock.document_set.findData(ALL))
    assert sorted(dock.result.documents) == [1, 2]
    _stats, view = _stats_tab(qtbot, coded)
    assert "of the set 'rel-2'" in view.note.text()  # the tab takes the same default


def test_documents_any_warns_with_the_number_dropped(coded, show, qtbot):
    project = coded.project
    create_set(project, "rel", [1, 2, 3, 4], purpose="reliability")
    dock = show(AgreementDock(coded))
    dock.documents.setCurrentIndex(dock.documents.findData("any"))
    assert sorted(dock.result.documents) == [1, 2]
    assert dock.message.isVisible() and "dropped 2 of 4 documents" in dock.message.text()
    dock.documents.setCurrentIndex(dock.documents.findData("done"))
    assert not dock.message.isVisible()


def test_the_report_from_the_dock_uses_the_set_shown(coded, show, export, tmp_path):
    create_set(coded.project, "rel", [1], purpose="reliability")
    dock = show(AgreementDock(coded))
    assert "on the set 'rel'" in export(dock, tmp_path / "a.md")
    dock.document_set.choose(ALL)
    message = export(dock, tmp_path / "b.md")
    assert message.startswith("Wrote") and "on the set" not in message
    assert "--all-documents" in (tmp_path / "b.md").read_text(encoding="utf-8")
