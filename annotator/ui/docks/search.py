"""The search dock: search every article, read the hits as a concordance, open one
in a pane, code them all (or the selected ones) in one undoable step, export CSV.

Enter in the query field searches; Enter or a double-click on a hit emits
``hit_activated(document_id, start, end)`` (the window opens it with the hit selected).
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDockWidget, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMessageBox, QPushButton, QSizePolicy, QStyledItemDelegate, QVBoxLayout, QWidget,
)

from annotator.core.search import SearchError, write_csv
from annotator.io.atomic import replaced_atomically
from annotator.store import Change
from annotator.store.search import CodeHits, SearchResult, hit_ranges, search, with_real_text
from annotator.ui.docks.common import table_view
from annotator.ui.models.search import SearchModel
from annotator.ui.models.swatch import swatch_icon

LIMIT = 1_000  # hits listed; the count above the list says how many there are in all
CODE_ALL_LIMIT = 50_000  # Code All Hits codes at most this many


class _ElideLeft(QStyledItemDelegate):
    """The left context loses its far end, not the words next to the hit."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class SearchDock(QDockWidget):
    hit_activated = Signal(int, int, int)  # document id, start, end (code points)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__("Search", parent)
        self.setObjectName("searchDock")
        self.session = session
        self.model = SearchModel(self)

        self.query = QLineEdit()
        self.query.setObjectName("searchQuery")
        self.query.setClearButtonEnabled(True)
        self.query.setPlaceholderText('Search all articles: words, "a phrase", prefix*')
        self.query.setToolTip('Words match in any case, with or without accents. "Quoted words" are a phrase; '
                              "a trailing * is a prefix. Every item must occur in an article. Enter searches.")
        self.regex = QCheckBox("Regex")
        self.regex.setToolTip("Search with a Python regular expression over the raw text "
                              "(case-sensitive; start with (?i) to ignore case)")
        self.search_button = QPushButton("Search")
        self.count_label = QLabel()
        self.count_label.setObjectName("searchCount")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setMinimumWidth(80)
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.view = table_view(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setItemDelegateForColumn(SearchModel.LEFT, _ElideLeft(self.view))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((SearchModel.LEFT, 330), (SearchModel.HIT, 120), (SearchModel.RIGHT, 330),
                           (SearchModel.ARTICLE, 220)):
            self.view.setColumnWidth(col, width)

        self.code_combo = QComboBox()
        self.code_combo.setObjectName("searchCode")
        self.code_combo.setToolTip("The code that Code hits applies, for the current coder")
        self.code_selected_button = QPushButton("Code Selected Hits")
        self.code_all_button = QPushButton("Code All Hits…")
        self.export_button = QPushButton("Export CSV…")
        for b in (self.code_selected_button, self.code_all_button, self.export_button):
            b.setEnabled(False)
        self.code_selected_button.setToolTip("Code the selected hits with the chosen code (undo: Ctrl+Z)")
        self.code_all_button.setToolTip("Code every hit of the search (listed or not) with the chosen code, "
                                        "skipping hits you already coded with it (undo: Ctrl+Z)")
        self.export_button.setToolTip("Save the listed hits, in the order shown, as a CSV file")

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.query, 1)
        top.addWidget(self.regex)
        top.addWidget(self.search_button)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.setSpacing(8)
        bottom.addWidget(QLabel("Code as"))
        bottom.addWidget(self.code_combo)
        bottom.addWidget(self.code_selected_button)
        bottom.addWidget(self.code_all_button)
        bottom.addSpacing(8)
        bottom.addWidget(self.count_label, 1)  # the count, a bad query's reason, what coding did
        bottom.addWidget(self.export_button)
        layout.addLayout(bottom)
        self.setWidget(body)

        self.query.returnPressed.connect(self.run_search)
        self.search_button.clicked.connect(self.run_search)
        self.regex.toggled.connect(lambda _on: self.query.text().strip() and self.run_search())
        self.view.activated.connect(self._activate)  # Enter and double-click
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.code_selected_button.clicked.connect(lambda: self.code_hits(selected_only=True))
        self.code_all_button.clicked.connect(lambda: self.code_hits(selected_only=False))
        self.export_button.clicked.connect(lambda: self.export_csv())
        session.changed.connect(self._on_changed)
        self._fill_codes()
        self._show_count("")

    # -- searching ---------------------------------------------------------------------
    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def run_search(self, query: str | None = None) -> SearchResult | None:
        """Search for *query* (default: the query field); a bad query is explained above the list."""
        if query is not None:
            self.query.setText(query)
        text = self.query.text().strip()
        if not text:
            self.model.set_result(None)
            self._show_count("")
            self._update_buttons()
            return None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        t0 = time.perf_counter()
        try:
            result = search(self.session.project, text, regex=self.regex.isChecked(), limit=LIMIT)
        except SearchError as exc:
            self.model.set_result(None)
            self._show_count(str(exc)[:1].upper() + str(exc)[1:] + ".", error=True)
            self._update_buttons()
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        elapsed = time.perf_counter() - t0
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.set_result(result)
        summary = result.summary() if result.hits else "No hits"
        self._show_count(f"{summary[:1].upper()}{summary[1:]} · {elapsed * 1000:.0f} ms")
        if result.hits:
            self.view.setCurrentIndex(self.model.index(0, SearchModel.HIT))
        self._update_buttons()
        return result

    def _show_count(self, text: str, *, error: bool = False) -> None:
        self.count_label.setText(text)
        self.count_label.setToolTip(text)
        self.count_label.setStyleSheet("color: #b00020;" if error else "color: #666;")

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            h = self.model.hit(index.row())
            self.hit_activated.emit(h.document_id, h.start, h.end)

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.view.selectionModel().selectedRows()})

    def _update_buttons(self, *_args) -> None:
        has_hits = self.model.rowCount() > 0
        has_code = self.code_combo.count() > 0
        self.code_all_button.setEnabled(has_hits and has_code)
        self.code_selected_button.setEnabled(has_hits and has_code and bool(self.selected_rows()))
        self.export_button.setEnabled(has_hits)

    # -- coding ------------------------------------------------------------------------
    def _fill_codes(self) -> None:
        current = self.code_combo.currentData()
        self.code_combo.blockSignals(True)
        self.code_combo.clear()
        project = self.session.project
        paths = project.code_paths()
        for code in project.codes():  # codebook order, as the codebook dock shows it
            self.code_combo.addItem(swatch_icon(code.color or "#999999"), paths[code.id], code.id)
        i = self.code_combo.findData(current)
        self.code_combo.setCurrentIndex(i if i >= 0 else 0)
        self.code_combo.blockSignals(False)
        self._update_buttons()

    def _on_changed(self, change: Change) -> None:
        if change.kind == "codes":
            self._fill_codes()

    def set_code(self, code_id: int) -> None:
        self.code_combo.setCurrentIndex(self.code_combo.findData(code_id))

    def code_hits(self, *, selected_only: bool, confirm: bool = True) -> CodeHits | None:
        """Code the selected hits, or every hit of the search (listed or not, up to
        :data:`CODE_ALL_LIMIT`), with the chosen code for the current coder, as one undoable
        command; hits the coder already coded with it are skipped. Coding every hit asks
        first (*confirm*); selected hits were chosen by hand and are not asked about."""
        code_id = self.code_combo.currentData()
        result = self.model.result
        if code_id is None or result is None:
            return None
        if selected_only:
            hits = [self.model.hit(r) for r in self.selected_rows()]
        else:
            hits = list(result.hits)
            if result.truncated:  # the list shows the first LIMIT: code them all, not just those
                QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                try:
                    hits = list(search(self.session.project, result.query, regex=result.regex,
                                       limit=CODE_ALL_LIMIT, context=0).hits)
                except SearchError:
                    pass
                finally:
                    QGuiApplication.restoreOverrideCursor()
        if not hits:
            return None
        code_name = self.code_combo.currentText()
        coder = self.session.coder
        if confirm and not selected_only and not self._confirm(hits, code_name, coder.name):
            return None
        op = CodeHits(code_id, coder.id, hit_ranges(hits))
        if not self.session.push(op):
            return None
        done = f"Coded {len(op.created):,} hit{'s' * (len(op.created) != 1)} as {code_name}"
        if op.skipped:
            done += f"; {op.skipped:,} already coded, skipped"
        self._show_count(done + ". Undo: Ctrl+Z")
        return op

    def _confirm(self, hits: list, code: str, coder: str) -> bool:
        n, docs = len(hits), len({h.document_id for h in hits})
        listed = self.model.rowCount()
        text = (f"Code all {n:,} hit{'s' * (n != 1)} in {docs:,} article{'s' * (docs != 1)} as “{code}” for {coder}?"
                + (f" (The list shows the first {listed:,}.)" if listed < n else "")
                + f"\n\nHits you already coded as {code} are skipped. One undo (Ctrl+Z) removes them all.")
        if n >= CODE_ALL_LIMIT:
            text += f"\n\nThere are more hits than {CODE_ALL_LIMIT:,}: only the first {CODE_ALL_LIMIT:,} are coded."
        answer = QMessageBox.question(self, "Code search hits", text,
                                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Ok)
        return answer == QMessageBox.StandardButton.Ok

    # -- export ------------------------------------------------------------------------
    def export_csv(self, path: str | Path | None = None) -> int:
        """Write the listed hits, in the order shown, to a CSV file (asked for when not given)."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export Search Hits", "search-hits.csv",
                                                  "CSV files (*.csv);;All files (*)")
            if not path:
                return 0
        try:
            with replaced_atomically(path) as out:
                n = write_csv(with_real_text(self.session.project, self.model.hits()), out)  # not the ⏎ glyph
        except OSError as exc:
            self._show_count(f"Could not write {path}: {exc.strerror or exc}", error=True)
            return 0
        self._show_count(f"Wrote {n:,} hits to {Path(path).name}")
        return n
