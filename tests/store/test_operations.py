"""Every undoable edit: apply, revert, apply again reproduces the same rows."""

import pytest

from annotator.core.codebook import AttributeField
from annotator.core.model import DocStatus
from annotator.store.operations import (AddCode, CreateSpan, DeleteCode, DeleteSpans, MergeCodes, SetStatus,
                                        UpdateCode, UpdateSpan)


def snapshot(project):
    return (project.spans_where(), project.codes(), project.statuses(project.ensure_coder("ana").id))


@pytest.fixture
def ctx(project, make_doc):
    doc_id = make_doc("We will restore Kalbajar 😀, Aliyev said.")
    coder = project.ensure_coder("ana")
    quote = project.code_by_path("quote")
    base = project.add_span(doc_id, quote.id, coder.id, 0, 24, attributes={"speaker": "Aliyev"})
    return project, doc_id, coder, quote, base


def ops(ctx):
    project, doc_id, coder, quote, base = ctx
    claim = project.code_by_path("claim")
    return [
        CreateSpan(doc_id, claim.id, coder.id, 3, 26),
        DeleteSpans([base.id]),
        UpdateSpan(base.id, {"code_id": claim.id}, "Recode"),
        UpdateSpan(base.id, {"start": 3, "end": 26}, "Resize"),
        UpdateSpan(base.id, {"memo": "check source"}, "Edit memo"),
        UpdateSpan(base.id, {"attributes": {"speaker": "Ilham Aliyev"}}, "Edit attributes"),
        SetStatus(doc_id, coder.id, DocStatus.DONE),
        AddCode("frame", attributes=(AttributeField("kind"),)),
        UpdateCode(quote.id, {"name": "direct quote", "color": "#000000", "parent_id": claim.id}),
        DeleteCode(quote.id),
        MergeCodes(quote.id, claim.id),
    ]


@pytest.mark.parametrize("index", range(11))
def test_apply_revert_reapply(ctx, index):
    project = ctx[0]
    op = ops(ctx)[index]
    before = snapshot(project)
    op.apply(project)
    after = snapshot(project)
    assert after != before, f"{op.label} changed nothing"
    op.revert(project)
    assert snapshot(project) == before
    op.apply(project)
    assert snapshot(project) == after
