"""The codebook dock: the code tree, the selected code's definition, and codebook editing.

A click (or Enter) on a code emits :attr:`CodebookDock.code_activated`, which
the main window reads as "apply this code to the current text selection". A
category (a code that groups codes and is never applied, REFI-QDA's
``isCodable="false"``) is drawn with a hollow swatch in bold italics, shows no key
or count, and a click or Enter on it says in the status bar why nothing happens.
Edit ▸ Category turns a code without spans into a category and back (one undo step).
Every edit is an undoable operation pushed on the session. Methods that ask the
user something take the answer as an optional argument, so they can be driven
without a dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QHeaderView,
                               QLabel, QMenu, QScrollArea, QSplitter, QToolBar, QToolButton, QTreeView,
                               QVBoxLayout, QWidget)

from annotator.core.codebook import AttributeField
from annotator.ui import looks, plain
from annotator.ui.models.codebook import CodebookModel, category_refusal


def _files():
    from annotator.ui.docks import codebook_files

    return codebook_files


class CodeTree(QTreeView):
    """A tree whose Enter/Return activates the current code once (a double-click does not re-apply)."""

    enter_pressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editing:
            self.enter_pressed.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class CodebookDock(QDockWidget):
    code_activated = Signal(int)  # code id: apply it to the current selection

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__("Codebook", parent)
        self.setObjectName("codebookDock")
        self.session = session
        self.model = CodebookModel(session, self)
        self._keep_current = -1

        self.view = CodeTree()
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # DragDrop rather than InternalMove: the model accepts only its own MIME type anyway, and
        # InternalMove ignores drops whose source is not this view (so no test could drive it).
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDropIndicatorShown(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setIndentation(16)
        self.view.setItemDelegate(looks.PaddedRows(3, 2, self.view))
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(CodebookModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CodebookModel.SHORTCUT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CodebookModel.COUNT, QHeaderView.ResizeMode.ResizeToContents)
        self.view.expandAll()
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved,
                       self.model.rowsMoved, self.model.layoutChanged):
            signal.connect(self._decorate_root)
        self._decorate_root()

        self.definition = QLabel()
        self.definition.setWordWrap(True)
        self.definition.setTextFormat(Qt.TextFormat.RichText)
        self.definition.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.definition.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.definition.setMargin(8)
        self.definition.linkActivated.connect(self._definition_link)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.definition)

        self._build_actions()
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.act_add, self.act_add_child, self.act_up, self.act_down):
            self.toolbar.addAction(action)
        more = QToolButton()
        more.setText("Edit ▾")
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more.setMenu(self._edit_menu(self))
        self.toolbar.addWidget(more)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 220])  # the definition gets room to be read, not a peephole
        splitter.setChildrenCollapsible(False)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter)
        self.setWidget(body)

        self.view.clicked.connect(self._activate)
        self.view.enter_pressed.connect(self._activate)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._show_definition())
        self.model.modelAboutToBeReset.connect(self._remember_current)
        self.model.modelReset.connect(self._after_reset)
        self.model.dataChanged.connect(lambda *_: self._show_definition())
        self._show_definition()

    # -- actions ------------------------------------------------------------------
    def _decorate_root(self, *_args) -> None:
        """Expand arrows only when some code has children: a flat codebook gives their room
        to the code names (four panes on 1600 px leave the dock at its minimum width)."""
        model = self.model
        nested = any(model.rowCount(model.index(row, 0)) for row in range(model.rowCount()))
        if self.view.rootIsDecorated() != nested:
            self.view.setRootIsDecorated(nested)

    def _build_actions(self) -> None:
        def action(text: str, slot, tip: str = "", shortcut: str = "") -> QAction:
            act = QAction(text, self)
            act.triggered.connect(lambda _checked=False: slot())
            if tip:
                act.setToolTip(plain.tooltip(tip))
                act.setStatusTip(tip)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return act

        self.act_add = action("Add", self.add_code, "Add a top-level code")
        self.act_add_child = action("Add child", lambda: self.add_code(parent_id=self.current_code_id()),
                                    "Add a code under the selected one")
        self.act_up = action("▲", lambda: self.move(-1), "Move the code up")
        self.act_down = action("▼", lambda: self.move(+1), "Move the code down")
        self.act_rename = action("Rename", self.rename, "Rename the code (F2)")
        self.act_colour = action("Colour…", self.recolour, "Pick the code's colour")
        self.act_shortcut = action("Shortcut…", self.set_shortcut, "The key that applies this code")
        self.act_definition = action("Definition…", self.edit_definition, "What to code and what not")
        self.act_fields = action("Attribute fields…", self.edit_fields, "Fields each span of this code carries")
        self.act_category = action("Category (groups codes, never applied)", self.toggle_category,
                                   "A category groups codes and is not applied to text; a code with spans "
                                   "cannot become one")
        self.act_category.setCheckable(True)
        self.act_merge = action("Merge into…", self.merge, "Move this code's spans to another code and remove it")
        self.act_delete = action("Delete…", self.delete, "Delete the code and its spans", "Del")
        self.view.addAction(self.act_delete)
        # the dialogs and the codebook files load when first used, not with the window (issue 17)
        self.act_export = action("Export codebook…", lambda: _files().export_codebook(self, self.session.project),
                                 "Save the codebook (.json, REFI-QDA .qdc) or the printable coding manual")
        self.act_import = action("Import codebook…",
                                 lambda: _files().import_codebook(self, self.session.project,
                                                                  push=self.session.push),
                                 "Merge a codebook file (.json or REFI-QDA .qdc) into this one")

    def _edit_menu(self, parent: QWidget) -> QMenu:
        menu = QMenu(parent)
        for act in (self.act_rename, self.act_colour, self.act_shortcut, self.act_definition, self.act_fields,
                    self.act_category):
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.act_merge)
        menu.addAction(self.act_delete)
        menu.addSeparator()
        menu.addAction(self.act_import)
        menu.addAction(self.act_export)
        return menu

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addAction(self.act_add)
        menu.addAction(self.act_add_child)
        menu.addSeparator()
        for act in self._edit_menu(menu).actions():
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.act_up)
        menu.addAction(self.act_down)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    # -- selection --------------------------------------------------------------
    def current_code_id(self) -> int | None:
        code = self.model.code(self.view.currentIndex())
        return code.id if code else None

    def select_code(self, code_id: int) -> None:
        index = self.model.index_of(code_id)
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(index)

    def _activate(self, index: QModelIndex) -> None:
        code = self.model.code(index)
        if code is None:
            return
        if not code.codable:  # never applied: say why instead of a silent nothing
            self.session.error.emit(category_refusal(code.name))
            return
        self.code_activated.emit(code.id)

    def _remember_current(self) -> None:
        self._keep_current = self.current_code_id() or -1

    def _after_reset(self) -> None:
        self.view.expandAll()
        if self._keep_current >= 0:
            self.select_code(self._keep_current)
        self._show_definition()

    def _show_definition(self) -> None:
        code = self.model.code_by_id(self.current_code_id() or -1)
        has = code is not None
        for act in (self.act_add_child, self.act_up, self.act_down, self.act_rename, self.act_colour,
                    self.act_shortcut, self.act_definition, self.act_fields, self.act_merge, self.act_delete,
                    self.act_category):
            act.setEnabled(has)
        self.act_category.setChecked(code is not None and not code.codable)
        if code is None:
            self.definition.setText("<span style='color:gray'>Select a code to see its definition. "
                                    "Click a code (or press its key) to apply it to the selected text. "
                                    "A category (hollow square, <b><i>bold italic</i></b>) groups codes "
                                    "and is not applied.</span>")
            return
        if code.codable:
            key = f" &nbsp;·&nbsp; key <b>{plain.escape(code.shortcut)}</b>" if code.shortcut else ""
            count = self.model.count(code.id)
            swatch = f"<span style='color:{plain.escape(code.color)}; font-size:large'>■</span>"
            parts = [f"<p style='margin:0 0 6px 0'>{swatch} "
                     f"<b>{plain.escape(code.name)}</b>{key} &nbsp;·&nbsp; {count} span{'s' if count != 1 else ''} "
                     f"by {plain.escape(self.session.coder.name)}</p>"]
        else:
            kids = len(self.model.siblings(code.id))
            swatch = f"<span style='color:{plain.escape(code.color)}; font-size:large'>□</span>"
            parts = [f"<p style='margin:0 0 6px 0'>{swatch} <b><i>{plain.escape(code.name)}</i></b> "
                     f"&nbsp;·&nbsp; category of {kids} code{'s' if kids != 1 else ''}</p>"
                     "<p style='margin:0 0 6px 0; color:gray'>A category groups codes and cannot be applied "
                     "to text: apply one of its codes.</p>"]
        parts.append(f"<p style='margin:0 0 6px 0; white-space:pre-wrap'>{plain.escape(code.description)}</p>"
                     if code.description else "<p style='color:gray'>No definition yet.</p>")
        if code.attributes:
            rows = "".join(
                f"<li><b>{plain.escape(f.name)}</b> <span style='color:gray'>({f.type}"
                f"{': ' + plain.escape(', '.join(f.choices)) if f.choices else ''})</span>"
                f"{' — ' + plain.escape(f.description) if f.description else ''}</li>"
                for f in code.attributes)
            parts.append(f"<p style='margin:0'>Fields:</p><ul style='margin-top:0'>{rows}</ul>")
        switch = "Make it a code" if not code.codable else "Make it a category"
        parts.append("<p style='margin-top:6px'><a href='definition'>Edit definition…</a> &nbsp; "
                     f"<a href='fields'>Attribute fields…</a> &nbsp; <a href='category'>{switch}</a></p>")
        self.definition.setText("".join(parts))

    def _definition_link(self, link: str) -> None:
        if link == "definition":
            self.edit_definition()
        elif link == "fields":
            self.edit_fields()
        elif link == "category":
            self.toggle_category()

    # -- editing ------------------------------------------------------------------
    def _unique_name(self, parent_id: int | None, base: str = "new code") -> str:
        taken = {self.model.code_by_id(c).name for c in self.model.siblings(parent_id)}
        name, n = base, 2
        while name in taken:
            name, n = f"{base} {n}", n + 1
        return name

    def add_code(self, name: str | None = None, parent_id: int | None = None) -> int | None:
        """Add a code (named *name*, or 'new code' opened for inline renaming). Returns its id."""
        from annotator.store.operations import AddCode

        op = AddCode(name or self._unique_name(parent_id), parent_id=parent_id,
                     label="Add child code" if parent_id else "Add code")
        if not self.session.push(op) or op.code is None:
            return None
        self.select_code(op.code.id)
        if name is None:
            self.view.edit(self.model.index_of(op.code.id))
        return op.code.id

    def rename(self, name: str | None = None) -> bool:
        cid = self.current_code_id()
        if cid is None:
            return False
        if name is None:
            self.view.edit(self.model.index_of(cid))
            return False
        return self.model.setData(self.model.index_of(cid), name)

    def recolour(self, color: str | None = None) -> bool:
        from PySide6.QtWidgets import QColorDialog

        from annotator.store.operations import UpdateCode

        code = self.model.code_by_id(self.current_code_id() or -1)
        if code is None:
            return False
        if color is None:
            picked = QColorDialog.getColor(QColor(code.color), self, f"Colour of '{code.name}'")
            if not picked.isValid():
                return False
            color = picked.name().upper()
        if color == code.color:
            return False
        return self.session.push(UpdateCode(code.id, {"color": color}, label=f"Recolour '{code.name}'"))

    def set_shortcut(self, key: str | None = None) -> bool:
        from annotator.store.operations import UpdateCode

        code = self.model.code_by_id(self.current_code_id() or -1)
        if code is None:
            return False
        if not code.codable:
            self.session.error.emit(f"'{code.name}' is a category: no key applies it. "
                                    "Make it a code first (Edit ▸ Category).")
            return False
        if key is None:
            key, ok = plain.get_text(self, "Shortcut", f"Key that applies '{code.name}' (empty for none):",
                                     code.shortcut)
            if not ok:
                return False
        key = key.strip()
        if key and QKeySequence(key).isEmpty():
            self.session.error.emit(f"'{key}' is not a key Qt understands (try e.g. 5, Q or Ctrl+5).")
            return False
        clash = next((c for c in self.session.project.codes() if c.shortcut == key and c.id != code.id), None) \
            if key else None
        if clash is not None:
            self.session.error.emit(f"Key {key} already applies '{clash.name}'; clear that one first.")
            return False
        if key == code.shortcut:
            return False
        return self.session.push(UpdateCode(code.id, {"shortcut": key}, label=f"Shortcut of '{code.name}'"))

    def edit_definition(self, text: str | None = None) -> bool:
        from PySide6.QtWidgets import QDialog

        from annotator.store.operations import UpdateCode

        code = self.model.code_by_id(self.current_code_id() or -1)
        if code is None:
            return False
        if text is None:
            from annotator.ui.docks.code_dialogs import DefinitionDialog

            dialog = DefinitionDialog(code.name, code.description, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            text = dialog.edit.toPlainText()
        text = text.strip()
        if text == code.description:
            return False
        return self.session.push(UpdateCode(code.id, {"description": text}, label=f"Definition of '{code.name}'"))

    def edit_fields(self, fields: list[AttributeField] | None = None,
                    renames: dict[str, str] | None = None) -> bool:
        """Declare the current code's attribute fields (asked with a dialog if *fields* is None).

        Spans keep the values of renamed fields (*renames*: old name -> new name) and lose
        those of removed fields, in the same undo step; otherwise a span holding a value for
        a field the code no longer declares could not be edited any more."""
        from PySide6.QtWidgets import QDialog, QMessageBox

        code = self.model.code_by_id(self.current_code_id() or -1)
        if code is None:
            return False
        from annotator.ui.docks.code_dialogs import FieldsDialog, fields_problem

        ask = fields is None
        if fields is None:
            dialog = FieldsDialog(code.name, code.attributes, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            fields, renames = dialog.fields(), dialog.renames()
        problem = fields_problem(fields)
        if problem:
            self.session.error.emit(problem)
            return False
        if tuple(fields) == code.attributes:
            return False
        # on use: its operation dataclasses are 1-2 ms of the window's start (issue 17)
        from annotator.store.codebook_edits import RedeclareFields, plan_fields

        plan = plan_fields(self.session.project, code.id, fields, renames)
        if plan.affected and ask:
            parts = []
            if plan.renames:
                parts.append("renamed fields keep their values")
            if plan.gone:
                parts.append(f"values of {', '.join(sorted(plan.gone))} are removed")
            if plan.misfits:
                parts.append(f"values that no longer fit {', '.join(sorted(plan.misfits))} are removed")
            n = plan.affected
            answer = plain.ask(
                self, "Attribute fields",
                f"{n} span{'s' if n != 1 else ''} of '{code.name}' hold values for these fields: "
                f"{'; '.join(parts)}.\n\nEdit ▸ Undo brings everything back.")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return self.session.push(RedeclareFields(plan))

    def toggle_category(self, make: bool | None = None) -> bool:
        """Turn the current code into a category (*make* True) or a category into a code (False);
        None flips it. One undo step. A code with spans (any coder's) cannot become a category:
        the store refuses, and the status bar says so before it is tried. Becoming a category
        frees the code's key (undo gives it back)."""
        from annotator.store.operations import UpdateCode

        try:
            code = self.model.code_by_id(self.current_code_id() or -1)
            if code is None:
                return False
            if make is None:
                make = code.codable
            if make != code.codable:
                return False  # already what was asked
            if not make:
                return self.session.push(UpdateCode(code.id, {"codable": True}, label=f"Make '{code.name}' a code"))
            n = self.session.project.span_counts_by_code().get(code.id, 0)
            if n:
                self.session.error.emit(
                    f"'{code.name}' has {n} span{'s' if n != 1 else ''} (all coders), so it cannot become a "
                    "category: a category is never applied to text. Merge or delete its spans first.")
                return False
            changes: dict[str, object] = {"codable": False}
            if code.shortcut:
                changes["shortcut"] = ""
            return self.session.push(UpdateCode(code.id, changes, label=f"Make '{code.name}' a category"))
        finally:
            self._show_definition()  # the check mark follows the store, also after a refusal

    def move(self, step: int) -> bool:
        """Move the current code up (-1) or down (+1) among its siblings."""
        code = self.model.code_by_id(self.current_code_id() or -1)
        if code is None:
            return False
        siblings = self.model.siblings(code.parent_id)
        row = siblings.index(code.id)
        if not 0 <= row + step < len(siblings):
            return False
        ok = self.model.move_code(code.id, code.parent_id, row + step + (1 if step > 0 else 0))
        self.select_code(code.id)
        return ok

    def merge(self, target_id: int | None = None) -> bool:
        """Move every span of the current code to *target_id* (asked for if None) and remove the code."""
        from PySide6.QtWidgets import QMessageBox

        from annotator.store.operations import MergeCodes

        code = self.model.code_by_id(self.current_code_id() or -1)
        if code is None:
            return False
        if self.model.siblings(code.id):
            self.session.error.emit(f"'{code.name}' has child codes; move or merge them first.")
            return False
        paths = self.session.project.code_paths()
        if target_id is None:
            choices = {paths[c.id]: c.id for c in self.session.project.codes() if c.id != code.id and c.codable}
            if not choices:
                return False
            picked, ok = plain.get_item(self, "Merge codes",
                                        f"Move every span of '{paths[code.id]}' to:", list(choices), 0, False)
            if not ok:
                return False
            target_id = choices[picked]
            n = self.session.project.span_counts_by_code().get(code.id, 0)
            answer = plain.ask(
                self, "Merge codes",
                f"Move {n} span{'s' if n != 1 else ''} (all coders) from '{paths[code.id]}' to "
                f"'{paths[target_id]}' and remove '{paths[code.id]}'?\n\nEdit ▸ Undo brings it back.")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        ok = self.session.push(MergeCodes(code.id, target_id,
                                          label=f"Merge '{code.name}' into '{paths.get(target_id, '?')}'"))
        if ok:
            self.select_code(target_id)
        return ok

    def delete(self) -> bool:
        """Delete the current code and its spans, after a confirmation that says how many spans go."""
        from PySide6.QtWidgets import QMessageBox

        from annotator.store.operations import DeleteCode

        code = self.model.code_by_id(self.current_code_id() or -1)
        if code is None:
            return False
        kids = self.model.siblings(code.id)
        if kids:
            plain.message(self, "Delete code",
                          f"'{code.name}' has {len(kids)} child code{'s' if len(kids) != 1 else ''}. "
                          "Move or delete them first.")
            return False
        n = self.session.project.span_counts_by_code().get(code.id, 0)
        mine = self.model.count(code.id)
        if n:
            spans = f"its {n} span{'s' if n != 1 else ''}"
            if n != mine:
                spans += f" ({mine} yours, {n - mine} by other coders)"
            text = f"Delete the code '{code.name}' and {spans}?\n\nEdit ▸ Undo brings them back."
        else:
            text = f"Delete the code '{code.name}'? No spans use it."
        answer = plain.ask(self, "Delete code", text)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.session.push(DeleteCode(code.id, label=f"Delete code '{code.name}'"))
