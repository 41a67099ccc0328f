"""The item models, without views: contents, refresh from session.changed, edits as undoable ops."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from annotator.core.model import DocStatus
from annotator.store.operations import AddCode, CreateSpan, DeleteSpans, SetStatus, UpdateSpan
from annotator.ui.models import CodebookModel, DocumentsModel, SpansModel
from annotator.ui.models.codebook import MIME_TYPE, CodeIdRole
from annotator.ui.models.documents import DocIdRole
from annotator.ui.models.spans import SpanIdRole
from annotator.ui.plain import shown_text

D = Qt.ItemDataRole.DisplayRole


def names(model, parent=QModelIndex()):
    return [model.data(model.index(r, 0, parent)) for r in range(model.rowCount(parent))]


def column(model, col):
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


# -- codebook -------------------------------------------------------------------
def test_codebook_model_passes_qt_model_tester(seeds, qtmodeltester):
    seeds.session.push(AddCode("army", parent_id=seeds.code_id("claim")))
    qtmodeltester.check(CodebookModel(seeds.session))


def test_codebook_rows_show_name_shortcut_and_current_coders_count(seeds):
    model = CodebookModel(seeds.session)
    assert names(model) == ["claim", "quote", "casualty figure", "territorial change"]
    assert column(model, CodebookModel.SHORTCUT) == ["1", "2", "3", "4"]
    # ana has one quote; ben's quote is not counted for her
    assert column(model, CodebookModel.COUNT) == [1, 1, 1, 0]
    assert model.data(model.index(1, 0), CodeIdRole) == seeds.code_id("quote")
    assert "quotation marks" in model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(1, 0), Qt.ItemDataRole.DecorationRole) is not None


def test_codebook_counts_follow_spans_and_coder(seeds, qtbot):
    model = CodebookModel(seeds.session)
    quote = seeds.code_id("quote")
    with qtbot.waitSignal(model.dataChanged):
        seeds.session.push(CreateSpan(3, quote, seeds.session.coder.id, 0, 10))
    assert model.data(model.index(1, CodebookModel.COUNT)) == 2
    seeds.session.set_coder("ben")
    assert column(model, CodebookModel.COUNT) == [0, 1, 0, 0]


def test_codebook_tree_nesting(seeds):
    claim = seeds.code_id("claim")
    seeds.session.push(AddCode("official", parent_id=claim))
    model = CodebookModel(seeds.session)
    top = model.index(0, 0)
    assert model.rowCount(top) == 1
    child = model.index(0, 0, top)
    assert child.data() == "official"
    assert model.parent(child) == top
    assert model.index_of(model.code(child).id) == child


def test_inline_rename_is_an_undoable_op(seeds):
    model = CodebookModel(seeds.session)
    assert model.setData(model.index(1, 0), "direct quote")
    assert seeds.project.code(seeds.code_id("direct quote")).shortcut == "2"
    assert names(model)[1] == "direct quote"
    seeds.session.undo_stack.undo()
    assert seeds.project.code_by_path("quote") is not None
    assert names(model)[1] == "quote"


def test_rename_to_sibling_name_is_refused(seeds, qtbot):
    model = CodebookModel(seeds.session)
    with qtbot.waitSignal(seeds.session.error):
        assert not model.setData(model.index(1, 0), "claim")
    assert names(model)[1] == "quote"


def drop(model, code_id, parent, row=-1):
    data = model.mimeData([model.index_of(code_id)])
    assert MIME_TYPE in data.formats()
    return model.dropMimeData(data, Qt.DropAction.MoveAction, row, 0, parent)


def test_drop_reparents_in_one_undo_step(seeds):
    model = CodebookModel(seeds.session)
    quote, claim = seeds.code_id("quote"), seeds.code_id("claim")
    drop(model, quote, model.index_of(claim))
    assert seeds.project.code(quote).parent_id == claim
    assert names(model) == ["claim", "casualty figure", "territorial change"]
    assert names(model, model.index_of(claim)) == ["quote"]
    assert seeds.session.undo_stack.count() == 1
    seeds.session.undo_stack.undo()
    assert seeds.project.code(quote).parent_id is None
    assert names(model) == ["claim", "quote", "casualty figure", "territorial change"]


def test_drop_reorders_among_siblings(seeds):
    model = CodebookModel(seeds.session)
    drop(model, seeds.code_id("territorial change"), QModelIndex(), 0)
    assert [c.name for c in seeds.project.codes()] == ["territorial change", "claim", "quote", "casualty figure"]
    drop(model, seeds.code_id("territorial change"), QModelIndex(), 4)  # back to the end (Qt row before move)
    assert names(model) == ["claim", "quote", "casualty figure", "territorial change"]


def test_cannot_drop_a_code_under_its_own_child(seeds):
    model = CodebookModel(seeds.session)
    claim = seeds.code_id("claim")
    seeds.session.push(AddCode("official", parent_id=claim))
    child = seeds.project.code_by_path("claim/official").id
    data = model.mimeData([model.index_of(claim)])
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, model.index_of(child))
    assert not model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, model.index_of(child))
    assert seeds.project.code(claim).parent_id is None


# -- documents ------------------------------------------------------------------
def test_documents_model_passes_qt_model_tester(seeds, qtmodeltester):
    qtmodeltester.check(DocumentsModel(seeds.session))


def test_documents_rows(seeds):
    model = DocumentsModel(seeds.session)
    assert model.rowCount() == 5
    assert column(model, DocumentsModel.OUTLET)[0] == "Associated Press"
    assert column(model, DocumentsModel.DATE)[0] == "2020-11-25"
    assert column(model, DocumentsModel.STATUS) == ["in progress", "in progress", "not started", "not started",
                                                     "not started"]
    assert column(model, DocumentsModel.SPANS) == [2, 1, 0, 0, 0]  # ana's only
    assert model.data(model.index(2, 0), DocIdRole) == 3


def test_documents_follow_status_spans_and_coder(seeds, qtbot):
    model = DocumentsModel(seeds.session)
    with qtbot.waitSignal(model.dataChanged):
        seeds.session.push(SetStatus(1, seeds.session.coder.id, DocStatus.DONE))
    assert model.data(model.index(0, DocumentsModel.STATUS)) == "done"
    seeds.session.push(CreateSpan(3, seeds.code_id("claim"), seeds.session.coder.id, 0, 5))
    assert model.data(model.index(2, DocumentsModel.SPANS)) == 0  # recounted a moment later, not in the key press
    with qtbot.waitSignal(model.dataChanged):
        pass
    assert model.data(model.index(2, DocumentsModel.SPANS)) == 1
    assert model.data(model.index(2, DocumentsModel.STATUS)) == "in progress"
    seeds.session.set_coder("ben")
    assert column(model, DocumentsModel.SPANS) == [0, 1, 0, 0, 0]
    assert column(model, DocumentsModel.STATUS)[0] == "not started"


# -- spans ----------------------------------------------------------------------
def test_spans_model_passes_qt_model_tester(seeds, qtmodeltester):
    qtmodeltester.check(SpansModel(seeds.session))


def test_spans_rows_are_the_visible_coders_in_text_order(seeds):
    model = SpansModel(seeds.session)
    ids = [model.data(model.index(r, 0), SpanIdRole) for r in range(model.rowCount())]
    assert ids == [seeds.claim.id, seeds.quote.id, seeds.casualty.id]  # claim starts first
    assert column(model, SpansModel.CODE) == ["claim", "quote", "casualty figure"]
    assert column(model, SpansModel.CODER) == ["ana"] * 3
    assert column(model, SpansModel.TEXT)[1] == "We will restore Kalbajar"
    assert column(model, SpansModel.MEMO)[0] == "check the attribution"
    assert column(model, SpansModel.DOCUMENT)[0].startswith("Aliyev vows")
    seeds.session.set_show_other_coders(True)
    assert model.rowCount() == 4
    assert "ben" in column(model, SpansModel.CODER)


def test_spans_model_applies_changes_row_by_row(seeds, qtbot):
    model = SpansModel(seeds.session)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.rowsInserted):
        seeds.session.push(CreateSpan(1, seeds.code_id("quote"), seeds.session.coder.id, 0, 8))
    assert model.rowCount() == 4 and model.row_of(seeds.session.undo_stack.command(0).op.span.id) == 0
    with qtbot.waitSignal(model.dataChanged):
        seeds.session.push(UpdateSpan(seeds.quote.id, {"memo": "exact words"}))
    assert model.data(model.index(model.row_of(seeds.quote.id), SpansModel.MEMO)) == "exact words"
    with qtbot.waitSignal(model.rowsRemoved):
        seeds.session.push(DeleteSpans([seeds.casualty.id]))
    assert model.row_of(seeds.casualty.id) == -1 and model.rowCount() == 3
    # another coder's span never shows up while coding blind
    seeds.project.add_span(3, seeds.code_id("claim"), seeds.project.ensure_coder("ben").id, 0, 4)
    assert model.rowCount() == 3
    assert resets == []


def test_spans_model_does_not_query_while_painting(seeds, monkeypatch):
    model = SpansModel(seeds.session)

    def boom(*a, **k):
        raise AssertionError("queried the store while painting")

    with monkeypatch.context() as m:
        m.setattr(seeds.project, "db", None)
        for name in ("span", "spans_where", "code", "codes", "coder", "document", "code_paths"):
            m.setattr(seeds.project, name, boom)
        for r in range(model.rowCount()):
            for c in range(model.columnCount()):
                for role in (D, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole):
                    model.data(model.index(r, c), role)


def test_spans_model_relabels_on_code_rename(seeds):
    model = SpansModel(seeds.session)
    codebook = CodebookModel(seeds.session)
    codebook.setData(codebook.index(1, 0), "direct quote")
    assert column(model, SpansModel.CODE)[1] == "direct quote"


def test_spans_model_sorts_and_keeps_order_on_edits(seeds, qtbot):
    model = SpansModel(seeds.session)
    model.sort(SpansModel.MEMO, Qt.SortOrder.DescendingOrder)
    kept = QPersistentModelIndex(model.index(model.row_of(seeds.quote.id), 0))
    assert column(model, SpansModel.MEMO) == ["check the attribution", "", ""]
    with qtbot.waitSignal(model.rowsMoved):  # a memo edit moves its row; the index moves with it
        seeds.session.push(UpdateSpan(seeds.quote.id, {"memo": "zzz exact words"}))
    assert column(model, SpansModel.MEMO)[:2] == ["zzz exact words", "check the attribution"]
    assert kept.row() == 0 and model.row_of(seeds.quote.id) == 0
    seeds.session.push(CreateSpan(3, seeds.code_id("claim"), seeds.session.coder.id, 0, 4, memo="mmm"))
    assert column(model, SpansModel.MEMO) == ["zzz exact words", "mmm", "check the attribution", ""]
    model.sort(-1)
    keys = [(s.document_id, s.start, s.end, s.id) for s in (model.listing(r) for r in range(model.rowCount()))]
    assert keys == sorted(keys)


def test_spans_model_filter_applies_to_new_rows(seeds):
    model = SpansModel(seeds.session)
    model.set_filter("QUOTE restore")
    assert [model.listing(r).id for r in range(model.rowCount())] == [seeds.quote.id]
    assert model.total() == 3
    quote, claim = seeds.code_id("quote"), seeds.code_id("claim")
    seeds.session.push(CreateSpan(3, claim, seeds.session.coder.id, 0, 4))
    assert model.rowCount() == 1  # a claim does not match
    seeds.session.push(UpdateSpan(seeds.claim.id, {"code_id": quote}))
    assert model.rowCount() == 2  # recoded: now it does
    seeds.session.push(UpdateSpan(seeds.claim.id, {"code_id": claim}))
    assert model.rowCount() == 1
    model.set_filter("")
    assert model.rowCount() == model.total() == 4
    keys = [(r.document_id, r.start, r.end, r.id) for r in (model.listing(i) for i in range(4))]
    assert keys == sorted(keys)  # the new span took its place in text order, not the end


def test_recounts_are_coalesced_per_document(seeds, qtbot, monkeypatch):
    codebook = CodebookModel(seeds.session)
    documents = DocumentsModel(seeds.session)
    calls = []
    for name in ("span_counts_by_document_and_code", "span_counts_by_document"):
        real = getattr(seeds.project, name)
        def spy(coder, docs=None, real=real, name=name):
            calls.append((name, docs))
            return real(coder, docs)

        monkeypatch.setattr(seeds.project, name, spy)
    quote = seeds.code_id("quote")
    for start in range(5):
        seeds.session.push(CreateSpan(3, quote, seeds.session.coder.id, start, start + 3))
    seeds.session.push(CreateSpan(4, quote, seeds.session.coder.id, 0, 3))
    assert calls == []  # nothing counted while the user works
    codebook.flush()
    documents.flush()
    assert sorted(calls) == [("span_counts_by_document", (3, 4)), ("span_counts_by_document_and_code", (3, 4))]
    assert codebook.count(quote) == 7
    assert documents.data(documents.index(2, DocumentsModel.SPANS)) == 5


def test_store_counts_and_listing(seeds):
    project, ana = seeds.project, seeds.session.coder.id
    assert project.span_counts_by_document(ana) == {1: 2, 2: 1}
    assert project.span_counts_by_document(None, [2, 3]) == {2: 2}
    assert project.span_counts_by_document(ana, []) == {}
    assert project.span_counts_by_document_and_code(ana, [1]) == {(1, seeds.code_id("quote")): 1,
                                                                  (1, seeds.code_id("claim")): 1}
    listing = {r.id: r for r in project.span_listing(ana)}
    assert set(listing) == {seeds.quote.id, seeds.claim.id, seeds.casualty.id}
    assert listing[seeds.quote.id].excerpt == "We will restore Kalbajar"
    assert listing[seeds.claim.id].memo == "check the attribution"
    assert len(project.span_listing()) == 4
    ordered = [(r.document_id, r.start, r.end, r.id) for r in project.span_listing(ordered=True)]
    assert ordered == sorted(ordered)


def test_other_coders_spans_look_different(seeds):
    seeds.session.set_show_other_coders(True)
    model = SpansModel(seeds.session)
    mine = model.index(model.row_of(seeds.quote.id), SpansModel.TEXT)
    theirs = model.index(model.row_of(seeds.other.id), SpansModel.TEXT)
    assert model.data(mine, Qt.ItemDataRole.FontRole) is None
    assert model.data(theirs, Qt.ItemDataRole.FontRole).italic()


def test_codebook_header_says_whose_spans_are_counted(seeds):
    model = CodebookModel(seeds.session)
    tip = Qt.ItemDataRole.ToolTipRole
    assert shown_text(model.headerData(CodebookModel.COUNT, Qt.Orientation.Horizontal, tip)) == "Spans by ana"
    seeds.session.set_coder("ben")
    assert shown_text(model.headerData(CodebookModel.COUNT, Qt.Orientation.Horizontal, tip)) == "Spans by ben"
