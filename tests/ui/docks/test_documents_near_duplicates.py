"""The documents dock marks near-duplicates (editions of one story) as they arrive."""

from __future__ import annotations

from annotator.io.importer import import_paths
from annotator.ui.docks import DocumentsDock
from annotator.ui.session import Session

STORY = ("The regional government promised an inquiry into the failure of the flood defences on Tuesday. "
         "Residents of three villages were moved to schools and sports halls overnight as the river rose. "
         "Engineers said the barrier had not been inspected since 2015, and the minister refused to comment. ")


def test_near_duplicates_marked_under_the_title(seeded, qapp, qtbot, tmp_path):
    session = Session(seeded, "ana")
    dock = DocumentsDock(session)
    qtbot.addWidget(dock)
    dock.show()
    qtbot.waitExposed(dock)
    assert not any(dock.near_duplicates_of(d.id) for d in seeded.documents())
    (tmp_path / "a.txt").write_text("Flood defences fail\n\n" + STORY * 2, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Flood defences fail (regional)\n\n" + STORY * 2 + "Late edition.",
                                    encoding="utf-8")
    report = import_paths(seeded, [tmp_path / "a.txt", tmp_path / "b.txt"], analyse=True)
    a, b = (doc_id for _, doc_id in report.documents_added)
    assert dock.near_duplicates_of(a) == [b] and dock.near_duplicates_of(b) == [a]
    row = dock.proxy.mapFromSource(dock.model.index(dock.model.row_of(b), 0))
    assert dock._subtitle(row).endswith(f"near-duplicate of #{a}")
    menu = dock.context_menu(b)
    (action,) = [x for x in menu.actions() if x.text().startswith("Open near-duplicate")]
    assert action.text() == f"Open near-duplicate #{a}: Flood defences fail"
    with qtbot.waitSignal(session.document_requested) as sig:
        action.trigger()
    assert sig.args[0] == a
    session.close()
