"""The agreement dock through its real widgets, on the seeds coded by ana and ben."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import DocStatus
from annotator.store.adjudication import decisions
from annotator.store.agreement import project_agreement_for
from annotator.ui.agreement import AgreementDock
from annotator.ui.agreement.models import ValueRole
from annotator.ui.plain import shown_text


def _cell(model, label: str, key: str):
    row = next(r for r in range(model.rowCount()) if model.label(r) == label)
    return model.index(row, model.column_of(key))


def _select(view, row: int) -> None:
    view.selectRow(row)
    assert view.currentIndex().row() == row


def test_object_name_and_default_coders(coded, show):
    dock = show(AgreementDock(coded))
    assert dock.objectName() == "agreement"
    assert dock.chosen_coders() == ["ana", "ben"]
    assert not dock.message.isVisible()


@pytest.mark.parametrize("code", ["quote", "claim", "territorial change", "overall"])
@pytest.mark.parametrize("key", ["krippendorff_alpha", "cohen_kappa", "unitizing_alpha", "f1_exact", "f1_overlap",
                                 "percent_agreement"])
def test_table_shows_what_the_store_computes(coded, show, code, key):
    dock = show(AgreementDock(coded))
    expected = project_agreement_for(coded.project, ["ana", "ben"])
    figures = expected.overall if code == "overall" else expected.codes[code]
    want = getattr(figures, key)
    want = getattr(want, "f1", want)
    index = _cell(dock.figures, code, key)
    assert want.value is not None
    assert index.data(ValueRole) == pytest.approx(want.value, abs=0)
    shown = index.data()
    assert float(shown.rstrip("%")) / (100 if key == "percent_agreement" else 1) == pytest.approx(want.value, abs=6e-4)
    assert _cell(dock.figures, code, "units").data(ValueRole) == figures.units
    assert _cell(dock.figures, code, "documents").data() == "2"


def test_undefined_is_said_with_its_reason(coded, show, qtbot):
    project = coded.project
    text = project.document(1).text
    start = text.index("six weeks")
    for name in ("ana", "ben"):  # the same casualty figure in document 1 only
        project.add_span(1, project.code_by_path("casualty figure").id, project.coder_by_name(name).id,
                         start, start + len("six weeks"))
    dock = show(AgreementDock(coded))
    row = next(r for r in range(dock.figures.rowCount()) if dock.figures.label(r) == "casualty figure")
    _select(dock.figures_view, row)
    assert dock.breakdown.rowCount() == 2
    second = dock.breakdown.index(1, dock.breakdown.column_of("krippendorff_alpha"))
    assert dock.breakdown.label(1).startswith("Azerbaijani leader")
    assert second.data() == "undefined"
    assert second.data(ValueRole) is None
    assert shown_text(second.data(Qt.ItemDataRole.ToolTipRole)).startswith("Undefined: ")
    assert len(shown_text(second.data(Qt.ItemDataRole.ToolTipRole))) > len("Undefined: ") + 5
    f1 = dock.breakdown.index(1, dock.breakdown.column_of("f1_exact"))
    assert f1.data() == "undefined" and "marked a span" in shown_text(f1.data(Qt.ItemDataRole.ToolTipRole))
    first = dock.breakdown.index(0, dock.breakdown.column_of("f1_exact"))
    assert first.data() == "1.000"


def test_empty_states(coded, show, qtbot):
    dock = show(AgreementDock(coded))
    dock.set_coders(["ana"])
    assert dock.message.isVisible() and "two or more coders" in dock.message.text()
    assert dock.figures.rowCount() == 0 and dock.disagreements.rowCount() == 0
    dock.set_coders(["ana", "ben"])
    assert not dock.message.isVisible()
    project = coded.project
    for doc in (1, 2):
        project.set_status(doc, project.coder_by_name("ben").id, DocStatus.IN_PROGRESS)
    dock.recompute()
    assert "ben has marked no document done" in dock.message.text() and "Any" in dock.message.text()
    assert dock.figures.rowCount() == 0
    dock.documents.setCurrentIndex(dock.documents.findData("any"))
    total = project.document_count()  # every document but the two both coded is dropped, and said so
    assert dock.message.isVisible() and f"dropped {total - 2} of {total} documents" in dock.message.text()
    assert _cell(dock.figures, "overall", "documents").data() == "2"


def test_recomputes_after_an_edit(coded, show, qtbot):
    from annotator.store.operations import CreateSpan

    dock = show(AgreementDock(coded))
    before = dock.disagreements.rowCount()
    project = coded.project
    text = project.document(1).text
    start = text.index("Ilham Aliyev")
    coded.push(CreateSpan(1, project.code_by_path("claim").id, coded.coder.id, start, start + 12))
    qtbot.waitUntil(lambda: dock.disagreements.rowCount() == before + 1, timeout=3000)
    coded.undo_stack.undo()
    qtbot.waitUntil(lambda: dock.disagreements.rowCount() == before, timeout=3000)


def test_disagreements_sorted_by_size_and_double_click_opens(coded, show, qtbot):
    dock = show(AgreementDock(coded))
    dock.tabs.setCurrentIndex(1)
    sizes = [dock.disagreements.row(r).item.length for r in range(dock.disagreements.rowCount())]
    assert sizes == sorted(sizes, reverse=True) and len(sizes) == 4
    first = dock.disagreements.row(0)
    assert first.coded == "ana: territorial change · ben: claim"
    view = dock.disagreement_view
    index = dock.disagreements.index(0, 0)
    pos = view.visualRect(index).center()
    compared = []
    dock.compare_requested.connect(lambda *a: compared.append(a))
    with qtbot.waitSignal(coded.document_requested) as sig:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert sig.args == [first.item.document, -1]
    assert compared[-1] == (first.item.document, first.item.start, first.item.end, ["ana", "ben"])


def test_accept_through_the_panel_then_undo(coded, show, qtbot):
    dock = show(AgreementDock(coded))
    dock.tabs.setCurrentIndex(1)
    project = coded.project
    assert dock.panel.progress.text() == "0 of 4 resolved"
    row = next(r for r in range(dock.disagreements.rowCount()) if dock.disagreements.row(r).code == "quote")
    _select(dock.disagreement_view, row)
    d = dock.disagreements.row(row).item  # ana's second quote in document 1
    qtbot.mouseClick(dock.panel.accept_buttons["ana"], Qt.MouseButton.LeftButton)
    consensus = project.coder_by_name("consensus")
    spans = [(s.document_id, s.start, s.end) for s in project.spans_where("coder_id = ?", (consensus.id,))]
    assert spans == [(d.document, d.start, d.end)]
    assert dock.panel.progress.text() == "1 of 4 resolved"
    assert dock.chosen_coders() == ["ana", "ben"]  # the consensus coder is not compared by default
    assert dock.disagreement_view.currentIndex().row() != row  # moved on to the next open one
    coded.undo_stack.undo()
    assert project.spans_where("coder_id = ?", (consensus.id,)) == []
    qtbot.waitUntil(lambda: dock.panel.progress.text() == "0 of 4 resolved", timeout=3000)
    assert decisions(project, "consensus") == {}


def test_neither_is_recorded_and_undone(coded, show, qtbot):
    dock = show(AgreementDock(coded))
    _select(dock.disagreement_view, 0)
    qtbot.mouseClick(dock.panel.neither, Qt.MouseButton.LeftButton)
    assert dock.panel.progress.text() == "1 of 4 resolved"
    assert dock.disagreements.row(0).decision == "neither"
    coded.undo_stack.undo()
    qtbot.waitUntil(lambda: dock.panel.progress.text() == "0 of 4 resolved", timeout=3000)
    coded.undo_stack.redo()
    qtbot.waitUntil(lambda: dock.panel.progress.text() == "1 of 4 resolved", timeout=3000)


def test_propose_agreed_spans_is_one_undoable_step(coded, show, qtbot):
    dock = show(AgreementDock(coded))
    qtbot.mouseClick(dock.panel.propose, Qt.MouseButton.LeftButton)
    consensus = coded.project.coder_by_name("consensus")
    made = coded.project.spans_where("coder_id = ?", (consensus.id,))
    assert len(made) == 3  # two quotes and a territorial change, identical for ana and ben
    assert coded.undo_stack.undoText() == "Propose 3 agreed spans"
    coded.undo_stack.undo()
    assert coded.project.spans_where("coder_id = ?", (consensus.id,)) == []


def test_hidden_dock_waits_until_shown(coded, show, qtbot):
    dock = AgreementDock(coded)
    assert dock.figures.rowCount() == 0  # nothing computed before it is first shown
    show(dock)
    assert dock.figures.rowCount() == 4


def test_words_as_units(coded, show):
    dock = show(AgreementDock(coded))
    dock.unit.setCurrentIndex(dock.unit.findData("token"))
    expected = project_agreement_for(coded.project, ["ana", "ben"], unit="token")
    index = _cell(dock.figures, "claim", "krippendorff_alpha")
    assert index.data(ValueRole) == expected.codes["claim"].krippendorff_alpha.value
    assert _cell(dock.figures, "claim", "units").data(ValueRole) == expected.codes["claim"].units
    assert "each word is a unit" in dock.method.text()


def test_three_coders_show_fleiss_kappa_and_an_all_button(coded, show):
    project = coded.project
    zoe = project.ensure_coder("zoe").id
    text = project.document(1).text
    start = text.index("the latest territory")
    project.add_span(1, project.code_by_path("territorial change").id, zoe, start, start + 40)
    for doc in (1, 2):
        project.set_status(doc, zoe, DocStatus.DONE)
    dock = show(AgreementDock(coded))
    assert dock.chosen_coders() == ["ana", "ben", "zoe"]
    headers = [dock.figures.headerData(c, Qt.Orientation.Horizontal) for c in range(dock.figures.columnCount())]
    assert "Fleiss' κ" in headers and "Cohen's κ" not in headers
    expected = project_agreement_for(project, ["ana", "ben", "zoe"])
    assert _cell(dock.figures, "overall", "fleiss_kappa").data(ValueRole) == expected.overall.fleiss_kappa.value
    assert list(dock.panel.accept_buttons) == ["ana", "ben", "zoe"] and dock.panel.both.text() == "All"


def test_decision_keys_in_the_disagreement_list(coded, show, qtbot):
    dock = show(AgreementDock(coded))
    dock.tabs.setCurrentIndex(1)
    view = dock.disagreement_view
    _select(view, 0)  # ben's claim in document 2
    d = dock.disagreements.row(0).item
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_2)  # accept ben's
    consensus = coded.project.coder_by_name("consensus")
    spans = coded.project.spans_where("coder_id = ?", (consensus.id,))
    assert [(s.document_id, s.start, s.end) for s in spans] == [(d.document, d.start, d.end)]
    assert dock.panel.progress.text() == "1 of 4 resolved"
    qtbot.keyClick(view, Qt.Key.Key_0)  # neither, on the next open one
    assert dock.panel.progress.text() == "2 of 4 resolved"
    assert len(coded.project.spans_where("coder_id = ?", (consensus.id,))) == 1


def test_edit_records_and_switches_to_the_consensus_coder(coded, show, qtbot):
    dock = show(AgreementDock(coded))
    _select(dock.disagreement_view, 1)
    d = dock.disagreements.row(1).item
    with qtbot.waitSignal(coded.document_requested) as sig:
        qtbot.mouseClick(dock.panel.edit, Qt.MouseButton.LeftButton)
    assert sig.args == [d.document, -1]
    assert coded.coder.name == "consensus"
    assert dock.chosen_coders() == ["ana", "ben"]
    assert dock.panel.progress.text() == "1 of 4 resolved"
    assert coded.undo_stack.undoText() == "Edit the consensus coding"


def test_per_document_row_opens_its_article(coded, show, qtbot):
    dock = show(AgreementDock(coded))
    row = next(r for r in range(dock.figures.rowCount()) if dock.figures.label(r) == "overall")
    _select(dock.figures_view, row)
    assert dock.breakdown_label.text() == "overall per document (2)"
    view = dock.breakdown_view
    index = dock.breakdown.index(1, 0)
    pos = view.visualRect(index).center()
    with qtbot.waitSignal(coded.document_requested) as sig:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert sig.args == [2, -1]


def test_a_project_coded_by_one_coder_says_so(seeded, qapp, show):
    from annotator.ui.session import Session

    session = Session(seeded, "ana")
    try:
        seeded.add_span(1, seeded.code_by_path("quote").id, session.coder.id, 0, 10)
        dock = show(AgreementDock(session))
        assert dock.message.text().endswith("only one coder has coded anything yet.")
        assert dock.panel.progress.text() == "0 of 0 resolved"
        assert not dock.panel.neither.isEnabled()
    finally:
        session.close()


def test_decisions_refresh_without_recomputing_the_figures(coded, show, qtbot):
    from annotator.store.operations import DeleteSpans

    dock = show(AgreementDock(coded))
    result = dock.result
    _select(dock.disagreement_view, 0)
    qtbot.mouseClick(dock.panel.accept_buttons["ben"], Qt.MouseButton.LeftButton)
    qtbot.wait(700)  # past the coalescing timer the consensus span started
    assert dock.result is result  # the compared coders' codings did not change
    assert dock.panel.progress.text() == "1 of 4 resolved"
    ana_span = coded.project.spans_where("coder_id = ?", (coded.coder.id,))[0]
    coded.push(DeleteSpans([ana_span.id]))
    qtbot.waitUntil(lambda: dock.result is not result, timeout=3000)
    dock.recompute_button.click()
    assert dock.disagreements.rowCount() == len(dock.disputes.items)


def test_copy_table_for_a_spreadsheet(coded, show, qtbot):
    from PySide6.QtWidgets import QApplication

    project = coded.project
    for name in ("ana", "ben"):  # a code neither coder used in document 2 makes an undefined per-document figure
        project.add_span(1, project.code_by_path("casualty figure").id, project.coder_by_name(name).id, 0, 5)
    dock = show(AgreementDock(coded))
    qtbot.mouseClick(dock.copy_button, Qt.MouseButton.LeftButton)
    text = QApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[0] == "Agreement between ana, ben; unit: character; documents: 2"
    assert lines[1].split("\t")[:4] == ["Code", "Krippendorff's α", "α 95% CI", "Cohen's κ"]
    overall = next(line for line in lines if line.startswith("overall\t")).split("\t")
    assert overall[1] == dock.figures.index(dock.figures.rowCount() - 1, 1).data()
    assert lines[-1] == dock.method.text()
    from annotator.ui.agreement.models import as_tsv

    row = next(r for r in range(dock.figures.rowCount()) if dock.figures.label(r) == "casualty figure")
    _select(dock.figures_view, row)
    notes = [line for line in as_tsv(dock.breakdown).splitlines() if ": undefined, " in line]
    assert notes and notes[0].startswith("Azerbaijani leader promises")
