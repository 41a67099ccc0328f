"""User data is never interpreted as markup: hostile names, titles and memos show literally
in the status bar, the lists' tooltips, the docks, the plots' legends, message boxes and
input dialogs; and no code in annotator/ui hands Qt a user string another way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QTextCursor, QTextDocument
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QGraphicsTextItem, QInputDialog, QLabel,
                               QMessageBox, QProgressDialog, QWidget)

import annotator.ui
from annotator.core.codebook import AttributeField
from annotator.core.model import NewDocument
from annotator.store import Project
from annotator.ui import plain
from annotator.ui.plain import shown_text
from tests.ui.conftest import Workspace, utf16_pos

CODER = "<b>ana</b><img src=x>"
OTHER = "<i>ben</i> &amp; co"
TITLE = "<a href=x>t</a> &amp; title"
OUTLET = "<i>Wire</i>"
FILE = "<b>f</b>.txt"
CODE = "R&D <img src=x>"  # a code name has no "/" (it separates a path)
MEMO = "memo &amp; <b>m</b>\nsecond line"
FIELD = "<u>who</u>"
FIELD_TIP = "<s>struck</s> &amp;"
TEXT = "alpha beta gamma delta epsilon zeta"

# Any of these inside a string Qt renders as rich text means a value went in unescaped.
RAW = ("<b>ana</b>", "<img src=x>", "<i>ben</i>", "<a href=x>", "<i>Wire</i>", "<b>f</b>", "<b>m</b>",
       "<u>who</u>", "<s>struck</s>", "&amp; co", "&amp; title", "&amp; <b>m", "</s> &amp;")


def _rich_ok(text: str) -> bool:
    """True when Qt shows *text* without interpreting a user value in it."""
    return not (text and plain.QtGuiNamespace.mightBeRichText(text) and any(r in text for r in RAW))


@pytest.fixture
def hostile_path(tmp_path: Path, seeds_path: Path) -> Path:
    with Project(seeds_path) as p:
        doc = p.add_document(NewDocument(text=TEXT, title=TITLE, source=OUTLET, filename=FILE))
        code = p.add_code(CODE, description=MEMO, attributes=(AttributeField(FIELD, description=FIELD_TIP),))
        me, other = p.ensure_coder(CODER), p.ensure_coder(OTHER)
        p.add_span(doc, code.id, me.id, 0, 10, memo=MEMO, attributes={FIELD: "<b>m</b>"})
        p.add_span(doc, code.id, other.id, 0, 5, memo=MEMO)
        p.add_span(doc, p.code_by_path("claim").id, other.id, 11, 16)
    return seeds_path


@pytest.fixture
def ws(qtbot, hostile_path: Path):
    w = Workspace(qtbot, hostile_path, coder=CODER)
    w.doc_id = next(d.id for d in w.project.documents() if d.title == TITLE)
    w.code = w.project.code_by_path(CODE)
    w.span = next(s for s in w.project.spans_where() if s.coder_id == w.session.coder.id and s.memo == MEMO)
    w.pane.open_document(w.doc_id)
    w.session.select_span(w.span.id)
    yield w
    w.close()


def _count(method, parent) -> int:
    try:
        return method(parent)
    except TypeError:  # a list model's private columnCount/rowCount(parent)
        return 1 if method.__name__ == "columnCount" else 0


def _rows(model, parent=None):
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    for r in range(_count(model.rowCount, parent)):
        for c in range(_count(model.columnCount, parent)):
            index = model.index(r, c, parent)
            yield index
            if c == 0 and not parent.isValid() and _count(model.rowCount, index) > 0:
                yield from _rows(model, index)


def _violations(root: QWidget) -> list[str]:
    """Every label, tooltip, item tooltip, action text and plot text under *root* that shows markup."""
    bad = []
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel) and w.textFormat() != Qt.TextFormat.PlainText and not _rich_ok(w.text()):
            bad.append(f"label {w.objectName() or type(w.parent()).__name__}: {w.text()!r}")
        if not _rich_ok(w.toolTip()):
            bad.append(f"tooltip of {type(w).__name__}: {w.toolTip()!r}")
        if isinstance(w, QAbstractButton) and "R&D" in w.text().replace("R&&D", ""):
            bad.append(f"button text {w.text()!r}")
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            for index in _rows(w.model()):
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str) and not _rich_ok(tip):
                    bad.append(f"item tooltip in {type(w.model()).__name__}: {tip!r}")
        if hasattr(w, "scene") and callable(w.scene) and w.scene() is not None and hasattr(w.scene(), "items"):
            for item in w.scene().items():
                if isinstance(item, QGraphicsTextItem):
                    shown = item.toPlainText()
                    if ("R&D" in shown and CODE not in shown) or ("ben" in shown and OTHER not in shown):
                        bad.append(f"plot text {shown!r}")
    for a in root.findChildren(QAction):
        if "R&D" in a.text().replace("R&&D", "") or (CODER[:6] in a.text() and "&&" not in a.text()
                                                     and "&" in a.text()):
            bad.append(f"action text {a.text()!r}")
    return bad


def test_no_widget_of_the_window_shows_markup_from_user_data(ws, qtbot):
    ws.window.actions_by_name["show_others"].setChecked(True)
    ws.window.statistics.show()
    stats = ws.window.statistics_dock
    ws.window.agreement.show()
    agreement = ws.window.agreement_dock
    agreement.documents.setCurrentIndex(agreement.documents.findData("any"))
    agreement.set_coders([CODER, OTHER])
    assert agreement.figures.rowCount() > 0 and agreement.disagreements.rowCount() > 0
    ws.window.search_dock.run_search("alpha")
    qtbot.waitUntil(lambda: ws.window.search_dock.model.rowCount() > 0)
    for i in range(stats.tabs.count()):  # each plot draws its legend when shown
        stats.tabs.setCurrentIndex(i)
        assert _violations(stats) == []
    assert _violations(ws.window) == []


def test_status_bar_names_the_coder_literally(ws):
    label = ws.window.coder_label
    assert label.textFormat() == Qt.TextFormat.PlainText and label.text() == f"Coder: {CODER}"


def test_document_list_tooltip_shows_title_outlet_and_file_literally(ws):
    model = ws.window.documents_dock.model
    row = next(r for r in range(model.rowCount()) if model.index(r, model.TITLE).data() == TITLE)
    lines = shown_text(model.index(row, model.TITLE).data(Qt.ItemDataRole.ToolTipRole)).split("\n")
    assert lines[0] == TITLE and lines[1].startswith(f"{OUTLET} · ") and lines[2].startswith(f"{FILE} · ")


def test_span_list_tooltips_show_memo_and_title_literally(ws):
    model = ws.window.spans_dock.model
    row = model.row_of(ws.span.id)
    assert shown_text(model.index(row, model.MEMO).data(Qt.ItemDataRole.ToolTipRole)) == MEMO
    assert shown_text(model.index(row, model.DOCUMENT).data(Qt.ItemDataRole.ToolTipRole)).startswith(TITLE + " · ")


def test_codebook_tooltip_header_and_definition_show_names_literally(ws):
    dock = ws.window.codebook_dock
    model = dock.model
    index = model.index_of(ws.code.id, 0)
    tip = shown_text(index.data(Qt.ItemDataRole.ToolTipRole))
    assert tip.startswith(CODE) and MEMO in tip
    header = model.headerData(model.COUNT, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert shown_text(header) == f"Spans by {CODER}"
    dock.select_code(ws.code.id)
    definition = QTextDocument()
    definition.setHtml(dock.definition.text())
    shown = definition.toPlainText()
    assert CODE in shown and CODER in shown and MEMO in shown and FIELD in shown and FIELD_TIP in shown
    code_action = next(a for a in ws.window.coding.code_actions if a.data() == ws.code.id)
    assert code_action.iconText() == CODE  # "&" shown, not an accelerator


def test_span_panel_shows_coder_title_and_fields_literally(ws):
    detail = ws.window.detail_dock
    assert detail.span.id == ws.span.id
    assert detail.coder_label.textFormat() == Qt.TextFormat.PlainText and detail.coder_label.text() == CODER
    assert detail.document_label.textFormat() == Qt.TextFormat.PlainText
    assert detail.document_label.text().startswith(TITLE + "\n")
    field_label = detail.attr_form.labelForField(detail._fields[FIELD][1])
    assert field_label.textFormat() == Qt.TextFormat.PlainText and field_label.text() == f"{FIELD}:"
    assert shown_text(detail._fields[FIELD][1].toolTip()) == FIELD_TIP
    assert detail._fields[FIELD][1].text() == "<b>m</b>"
    assert detail.memo.toPlainText() == MEMO


def test_search_hits_show_title_and_outlet_literally(ws, qtbot):
    dock = ws.window.search_dock
    dock.run_search("alpha")
    qtbot.waitUntil(lambda: dock.model.rowCount() > 0)
    tip = dock.model.index(0, dock.model.ARTICLE).data(Qt.ItemDataRole.ToolTipRole)
    assert shown_text(tip) == f"{TITLE}\n{OUTLET}"
    assert _rich_ok(dock.count_label.toolTip())


def test_agreement_dock_shows_codes_and_coders_literally(ws):
    ws.window.agreement.show()
    dock = ws.window.agreement_dock
    dock.documents.setCurrentIndex(dock.documents.findData("any"))
    dock.set_coders([CODER, OTHER])
    dock.recompute(force=True)
    figures = dock.figures
    row = next(r for r in range(figures.rowCount()) if figures.label(r) == CODE)
    assert shown_text(figures.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)) == CODE
    for r in range(dock.disagreements.rowCount()):
        tip = shown_text(dock.disagreements.index(r, dock.disagreements.DOCUMENT).data(Qt.ItemDataRole.ToolTipRole))
        assert tip == TITLE
    accept = dock.panel.accept_buttons[OTHER]
    assert accept.text() == f"Accept {OTHER}'s".replace("&", "&&")
    assert OTHER in shown_text(accept.toolTip())


def test_overlay_tooltip_names_code_and_coder_literally(ws):
    view = ws.view
    cur = QTextCursor(view.document())
    cur.setPosition(utf16_pos(TEXT, 7))
    tip = view.tooltip_at(view.cursorRect(cur).center() + QPoint(2, 0))
    assert _rich_ok(tip)
    shown = shown_text(tip)
    assert CODE in shown and CODER in shown


def test_statistics_legends_show_code_and_coder_names_literally(ws):
    ws.window.statistics.show()
    dock = ws.window.statistics_dock
    seen = []
    for kind in ("frequencies", "coders", "positions"):
        dock.tabs.setCurrentWidget(dock.views[kind])
        seen += [i.toPlainText() for i in dock.views[kind].plot.scene().items() if isinstance(i, QGraphicsTextItem)]
    assert CODE in seen  # the frequency and position legends
    assert any(t.startswith(OTHER + " (") for t in seen)  # coders compared


def test_message_boxes_show_text_informative_and_details_literally():
    box = plain.message_box(None, QMessageBox.Icon.Warning, f"Import of {FILE}", CODER,
                            informative=MEMO, detailed=TITLE)
    labels = box.findChildren(QLabel)
    assert box.textFormat() == Qt.TextFormat.PlainText and box.text() == CODER
    assert box.informativeText() == MEMO and box.detailedText() == TITLE
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    box.deleteLater()


def test_codebook_dialogs_quote_the_code_name_literally(ws, monkeypatch):
    shown: list[QWidget] = []

    def box_exec(self):
        shown.append(self)
        return int(QMessageBox.StandardButton.No)

    def input_exec(self):
        shown.append(self)
        return 0

    def static(*_args, **_kwargs):
        raise AssertionError("a static dialog decides the text format itself")

    monkeypatch.setattr(QMessageBox, "exec", box_exec)
    monkeypatch.setattr(QInputDialog, "exec", input_exec)
    monkeypatch.setattr(QMessageBox, "question", static)
    monkeypatch.setattr(QInputDialog, "getText", static)
    dock = ws.window.codebook_dock
    dock.select_code(ws.code.id)
    assert not dock.delete()  # "Delete the code 'R&D <img src=x>' and its 2 spans?" answered No
    assert not dock.set_shortcut()
    box, dialog = shown
    assert CODE in box.text() and box.textFormat() == Qt.TextFormat.PlainText
    assert CODE in dialog.labelText()
    assert all(label.textFormat() == Qt.TextFormat.PlainText for w in shown for label in w.findChildren(QLabel))
    assert ws.project.code_by_path(CODE) is not None


def test_progress_dialog_names_the_file_literally(qtbot):
    from PySide6.QtWidgets import QApplication

    from annotator.ui.dialogs import run_with_progress

    labels = []
    name = "<img src=x> &amp;.txt"  # a file name holds no "/"

    def work(progress):
        progress(1, 2, Path("dir") / name)
        for dialog in QApplication.topLevelWidgets():
            if isinstance(dialog, QProgressDialog):
                labels.extend(label for label in dialog.findChildren(QLabel) if name in label.text())

    run_with_progress(None, "Import", work)
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)


def test_helpers_round_trip_hostile_values():
    for value in (CODER, TITLE, MEMO, "&amp;", "<a href=x>t</a>", "  two  spaces", ""):
        assert shown_text(plain.tooltip(value)) == value
    assert plain.action_text("R&D") == "R&&D"
    assert plain.window_title("a [*] b") == "a [*][*] b"


# -- nothing bypasses the helper --------------------------------------------------------------

UI = Path(annotator.ui.__file__).parent
STATIC_DIALOGS = {("QMessageBox", n) for n in ("question", "information", "warning", "critical", "about")} | {
    ("QInputDialog", n) for n in ("getText", "getItem", "getMultiLineText", "getInt", "getDouble")}


def _is_literal(node: ast.expr) -> bool:
    """A string the program wrote itself: a constant, or an f-string of numbers and constants only."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.BinOp):
        return _is_literal(node.left) and _is_literal(node.right)
    if isinstance(node, ast.IfExp):
        return _is_literal(node.body) and _is_literal(node.orelse)
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue) and v.format_spec is not None)
                   for v in node.values)
    return False


def _routed(node: ast.expr) -> bool:
    """A call of one of annotator.ui.plain's helpers (or a literal)."""
    if _is_literal(node):
        return True
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "plain")


def _unrouted_calls(root: Path = UI) -> list[str]:
    """Calls that hand Qt a string it may interpret, not made through annotator.ui.plain. (A tooltip
    built as rich text on purpose, e.g. the article's span tooltip, is passed on as ``tip``; its
    values are escaped where it is built, and tested above.)"""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "plain.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "QLabel"
                    and node.args and not _routed(node.args[0])):
                found.append(f"{path.relative_to(root.parent)}:{node.lineno} QLabel(text): use plain.label")
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            where = f"{path.relative_to(root.parent)}:{node.lineno}"
            func = node.func
            if isinstance(func.value, ast.Name) and (func.value.id, func.attr) in STATIC_DIALOGS:
                found.append(f"{where} {func.value.id}.{func.attr}: use plain.ask/message/get_text/get_item")
            elif func.attr == "setToolTip" and node.args and not _routed(node.args[-1]):
                found.append(f"{where} setToolTip: use plain.tooltip")
            elif func.attr == "setWindowTitle" and node.args and not _routed(node.args[0]):
                found.append(f"{where} setWindowTitle: use plain.window_title")
            elif func.attr in ("addRow", "setLabel") and len(node.args) == 2 and not _routed(node.args[0]):
                found.append(f"{where} addRow label: use plain.label")
            elif func.attr == "showText" and len(node.args) >= 2 and not _routed(node.args[1]) \
                    and not (isinstance(node.args[1], ast.Name) and node.args[1].id == "tip"):
                found.append(f"{where} QToolTip.showText: use plain.tooltip")
    return found


def test_no_tooltip_title_or_dialog_in_the_ui_bypasses_the_plain_text_helper():
    assert _unrouted_calls() == []


def test_the_walker_catches_an_unrouted_call(tmp_path):
    bad = tmp_path / "ui"
    bad.mkdir()
    (bad / "x.py").write_text("w.setToolTip(name)\nQMessageBox.question(self, 't', name)\nQLabel(name)\n"
                              "w.setToolTip(plain.tooltip(name))\nw.setToolTip(f'{n:,} spans')\nQLabel('Code')\n")
    assert [line.split()[1] for line in _unrouted_calls(bad)] == ["setToolTip:", "QMessageBox.question:",
                                                                  "QLabel(text):"]


def test_escape_is_html_escape_with_quotes():
    """plain.escape replaces what html.escape(quote=True) does, without loading the html package."""
    import html

    for text in ('<b>ana</b> & "ben" \'o\'', "&amp; already", "<img src=x onerror=alert(1)>", "plain", "",
                 "Ağdam 東京 😀 <>&\"'"):
        assert plain.escape(text) == html.escape(text, quote=True)
