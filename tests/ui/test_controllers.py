"""The window's controllers: every action has one registered callable, and every editing
action of the panes is one undo step with one change notice, stored in the database."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QWidget

from annotator.ui.actions import ACTIONS, build_actions
from tests.ui.conftest import select_text


def test_an_action_without_a_handler_or_a_handler_without_an_action_is_refused(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    handlers = {spec.name: (lambda: None) for spec in ACTIONS}
    del handlers["zoom_in"]
    with pytest.raises(ValueError, match="zoom_in"):
        build_actions(owner, handlers)
    handlers["zoom_in"] = lambda: None
    handlers["no_such_action"] = lambda: None
    with pytest.raises(ValueError, match="no_such_action"):
        build_actions(owner, handlers)


def test_the_window_registers_every_action_once(workspace):
    assert set(workspace.window.actions_by_name) == {spec.name for spec in ACTIONS}


class _Notices:
    def __init__(self, session):
        self.changes: list = []
        session.changed.connect(self.changes.append)


def _one_step(ws, trigger, notices_expected: int = 1) -> list:
    """Run *trigger*; assert it made exactly one undo step and one change notice; returns the notice."""
    stack = ws.session.undo_stack
    notices = _Notices(ws.session)
    before = stack.count()
    trigger()
    assert stack.count() == before + 1, stack.undoText()
    assert len(notices.changes) == notices_expected, notices.changes
    ws.session.changed.disconnect(notices.changes.append)
    return notices.changes


def test_each_editing_action_is_one_undo_step_with_one_change_notice(workspace):
    ws = workspace
    actions = ws.window.actions_by_name
    ws.window.actions_by_name["word_snapping"].setChecked(False)
    start, end = ws.select("We will restore Kalbajar")
    quote, claim = ws.code_id("quote"), ws.code_id("claim")

    _one_step(ws, lambda: ws.window.coding.apply_code(quote))  # a code's key: create
    span = ws.project.spans_where()[-1]
    assert (span.start, span.end, span.code_id) == (start, end, quote)
    assert ws.view.selected_span().id == span.id

    _one_step(ws, lambda: ws.window.coding.apply_code(claim))  # the same key on a selected span: recode
    assert ws.project.span(span.id).code_id == claim
    for name, expected in (("grow_end", (start, end + 1)), ("shrink_end", (start, end)),
                           ("grow_start", (start - 1, end)), ("shrink_start", (start, end))):
        _one_step(ws, actions[name].trigger)
        stored = ws.project.span(span.id)
        assert (stored.start, stored.end) == expected, name

    _one_step(ws, actions["mark_done"].trigger)
    _one_step(ws, actions["mark_done"].trigger)  # and not done again

    # noise also re-derives the shared passages, and the store says so in a second notice
    # ("passages"): one operation, one transaction, one undo step
    select_text(ws.view, start, end)
    assert [c.kind for c in _one_step(ws, actions["mark_noise"].trigger, 2)] == ["noise", "passages"]
    select_text(ws.view, start, end)
    assert [c.kind for c in _one_step(ws, actions["unmark_noise"].trigger, 2)] == ["noise", "passages"]

    ws.view.select_range(start, start)
    ws.session.select_span(span.id)
    _one_step(ws, actions["delete_span"].trigger)
    assert all(s.id != span.id for s in ws.project.spans_where())

    count = ws.session.undo_stack.count()
    for _ in range(count):
        assert ws.session.undo()
    assert all(s.id != span.id for s in ws.project.spans_where())  # back to before the first edit
