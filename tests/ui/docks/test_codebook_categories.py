"""Categories in the codebook dock (REFI-QDA ``isCodable="false"``): the row is marked,
a click, Enter or double-click never applies one and says why, and Edit ▸ Category turns a
code without spans into a category and back, stored at once and undone in one step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from annotator.ui.docks import CodebookDock
from annotator.ui.models.codebook import CategoryRole, CodebookModel


def _category(seeds, name: str = "Actors", **kw) -> int:
    return seeds.project.add_code(name, codable=False, color="#3366CC", **kw).id


def _errors(session) -> list[str]:
    said: list[str] = []
    session.error.connect(said.append)
    return said


def _centre_alpha(model, index) -> int:
    icon = model.data(index, Qt.ItemDataRole.DecorationRole)
    return icon.pixmap(14, 14).toImage().pixelColor(7, 7).alpha()


def test_a_category_row_is_marked(seeds, show):
    cat = _category(seeds, shortcut="9")
    seeds.project.add_code("Government", parent_id=cat)
    dock = show(CodebookDock(seeds.session))
    model = dock.model
    name, key, count = (model.index_of(cat, col) for col in (CodebookModel.NAME, CodebookModel.SHORTCUT,
                                                             CodebookModel.COUNT))
    code = model.index_of(seeds.code_id("quote"))
    assert model.data(name, CategoryRole) is True and model.data(code, CategoryRole) is False
    font = model.data(name, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold() and font.italic()
    assert model.data(code, Qt.ItemDataRole.FontRole) is None
    assert model.data(key, Qt.ItemDataRole.DisplayRole) == "" and model.data(count, Qt.ItemDataRole.DisplayRole) == ""
    assert "Category" in model.data(name, Qt.ItemDataRole.ToolTipRole)
    assert _centre_alpha(model, name) == 0 and _centre_alpha(model, code) == 255  # hollow swatch vs filled
    dock.select_code(cat)
    text = dock.definition.text()
    assert "category of 1 code" in text and "cannot be applied" in text and "Make it a code" in text
    assert dock.act_category.isChecked()
    dock.select_code(seeds.code_id("quote"))
    assert not dock.act_category.isChecked() and "Make it a category" in dock.definition.text()


def test_click_enter_and_double_click_on_a_category_apply_nothing_and_say_why(seeds, qtbot, show, click):
    cat = _category(seeds)
    dock = show(CodebookDock(seeds.session))
    said = _errors(seeds.session)
    before = seeds.project.span_count()
    index = dock.model.index_of(cat)
    with qtbot.assertNotEmitted(dock.code_activated):
        click(dock.view, index)
        qtbot.keyClick(dock.view, Qt.Key.Key_Return)
        click(dock.view, index, double=True)
    assert said and all("'Actors' is a category" in s and "cannot be applied" in s for s in said)
    assert len(said) >= 3  # click, Enter, the double-click's clicks: each one says it
    assert seeds.project.span_count() == before
    with qtbot.waitSignal(dock.code_activated):  # a code next to it still applies
        click(dock.view, dock.model.index_of(seeds.code_id("claim")))


def test_a_code_without_spans_becomes_a_category_and_back_with_undo(seeds, show):
    dock = show(CodebookDock(seeds.session))
    cid = seeds.project.add_code("Actors", shortcut="9").id
    dock.select_code(cid)
    dock.act_category.trigger()
    stored = seeds.project.code(cid)
    assert not stored.codable and stored.shortcut == ""  # the key is freed with it
    assert dock.model.data(dock.model.index_of(cid), CategoryRole) is True
    assert seeds.session.undo_stack.undoText() == "Make 'Actors' a category"
    seeds.session.undo()
    stored = seeds.project.code(cid)
    assert stored.codable and stored.shortcut == "9"
    assert dock.model.data(dock.model.index_of(cid), CategoryRole) is False
    seeds.session.redo()
    assert not seeds.project.code(cid).codable
    dock.select_code(cid)
    dock.act_category.trigger()  # and back to a code
    assert seeds.project.code(cid).codable
    seeds.session.undo()
    assert not seeds.project.code(cid).codable


def test_a_code_with_spans_cannot_become_a_category_and_the_dock_says_so(seeds, show):
    dock = show(CodebookDock(seeds.session))
    said = _errors(seeds.session)
    quote = seeds.code_id("quote")
    depth = seeds.session.undo_stack.count()
    dock.select_code(quote)
    dock.act_category.trigger()
    assert seeds.project.code(quote).codable
    assert said == ["'quote' has 2 spans (all coders), so it cannot become a category: "
                    "a category is never applied to text. Merge or delete its spans first."]
    assert seeds.session.undo_stack.count() == depth
    assert not dock.act_category.isChecked()  # the check mark follows the store, not the click


def test_a_category_takes_no_key_and_is_no_merge_target(seeds, show, monkeypatch):
    cat = _category(seeds)
    dock = show(CodebookDock(seeds.session))
    said = _errors(seeds.session)
    dock.select_code(cat)
    assert not dock.set_shortcut("8")
    assert seeds.project.code(cat).shortcut == "" and "no key applies it" in said[-1]
    offered = []

    def pick(parent, title, label, items, *args):
        offered.extend(items)
        return "", False

    from annotator.ui import plain

    monkeypatch.setattr(plain, "get_item", pick)
    dock.select_code(seeds.code_id("claim"))
    dock.merge()
    assert offered and "Actors" not in offered
