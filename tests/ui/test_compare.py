"""Agreement dock in the window, and comparing coders side by side (one pane per coder)."""



def _code_two(project):
    ana, ben = project.ensure_coder("ana"), project.ensure_coder("ben")
    quote = project.code_by_path("quote").id
    a = project.add_span(1, quote, ana.id, 0, 30)
    b = project.add_span(1, quote, ben.id, 10, 50)
    for c in (ana, ben):
        project.set_status(1, c.id, "done")
    return a, b


def test_agreement_dock_opens_from_the_view_menu(workspace):
    _code_two(workspace.project)
    window = workspace.window
    assert window.agreement_dock is None
    window.actions_by_name["agreement"].trigger()
    dock = window.agreement_dock
    assert dock is not None and dock.isVisible()
    assert dock.toggleViewAction() in window.menus["View"].actions()


def test_compare_request_opens_one_pane_per_coder(workspace, qtbot):
    a, b = _code_two(workspace.project)
    window = workspace.window
    dock = window.agreement.show()
    dock.compare_requested.emit(1, 10, 30, ["ana", "ben"])
    assert len(window.panes) == 2
    ana, ben = workspace.project.coder_by_name("ana").id, workspace.project.coder_by_name("ben").id
    assert [p.view.shown_coder_id for p in window.panes] == [ana, ben]
    assert [set(p.view.spans) for p in window.panes] == [{a.id}, {b.id}]
    assert all(p.document_id == 1 for p in window.panes)
    text = workspace.project.document(1).text
    assert [p.view.textCursor().selectedText() for p in window.panes] == [text[10:30]] * 2
    assert window.actions_by_name["sync_scroll"].isChecked()
    assert "comparing: ben's spans" in window.panes[1].meta.text().replace("\u00a0", " ")  # no-break spaces within a part

    window.agreement.stop_comparing()
    assert [p.view.shown_coder_id for p in window.panes] == [None, None]
    assert set(window.panes[1].view.spans) == {a.id}  # ana codes blind: her own spans only
    assert "comparing" not in window.panes[1].meta.text()
