"""The ownership rule on a project alone (no window): which operations the current coder may apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.store.adjudication import ProposeAgreed
from annotator.store.operations import CreateSpan, DeleteSpans, SetStatus, UpdateCode, UpdateSpan
from annotator.store.codebook_edits import RedeclareFields, plan_fields
from annotator.ui.ownership import owner_names, refusal


@pytest.fixture
def project(tmp_path: Path):
    with Project(tmp_path / "p.annotator") as p:
        p.add_document(NewDocument(text="x" * 2000, title="doc"))
        code = p.add_code("claim")
        p.ana, p.ben = p.ensure_coder("ana").id, p.ensure_coder("ben").id
        with p.transaction():  # more than one query's worth (500) of ids
            p.mine = [p.add_span(1, code.id, p.ana, i, i + 1).id for i in range(1200)]
        p.theirs = p.add_span(1, code.id, p.ben, 1500, 1510).id
        p.code_id = code.id
        yield p


def test_a_foreign_span_is_found_among_many_of_ones_own(project):
    assert owner_names(project, project.mine, project.ana) == []
    assert owner_names(project, [*project.mine, project.theirs], project.ana) == ["ben"]
    assert owner_names(project, [*project.mine, 99_999], project.ana) == []  # a span that is gone


def test_refusal_names_the_owner_and_the_way_to_switch(project):
    why = refusal(project, DeleteSpans([*project.mine, project.theirs]), project.ana)
    assert why is not None and "ben's" in why and "Coder ▸ Switch Coder" in why
    assert refusal(project, DeleteSpans(project.mine[:3]), project.ana) is None
    assert refusal(project, UpdateSpan(project.theirs, {"memo": "x"}), project.ana) is not None
    assert refusal(project, UpdateSpan(project.theirs, {"memo": "x"}), project.ben) is None


def test_writing_for_another_coder_is_refused(project):
    assert refusal(project, CreateSpan(1, project.code_id, project.ben, 0, 5), project.ana) is not None
    assert refusal(project, SetStatus(1, project.ben, "done"), project.ana) is not None
    assert refusal(project, CreateSpan(1, project.code_id, project.ana, 0, 5), project.ana) is None


def test_codebook_edits_and_field_migrations_belong_to_the_project(project):
    assert refusal(project, UpdateCode(project.code_id, {"name": "claim2"}), project.ana) is None
    # redeclaring a code's fields carries ben's values over too: a codebook edit
    plan = plan_fields(project, project.code_id, [])
    assert refusal(project, RedeclareFields(plan), project.ana) is None


def test_adjudication_into_a_compared_coder_is_refused(project):
    assert refusal(project, ProposeAgreed(["ana", "ben"], project.ana), project.ana) is not None
    consensus = project.ensure_coder("consensus").id
    assert refusal(project, ProposeAgreed(["ana", "ben"], consensus), project.ana) is None
