"""The search dock: search every article, read the hits as a concordance, open one
in a pane, code them all (or the selected ones) in one undoable step, export CSV.

Enter in the query field searches; Enter or a double-click on a hit emits
``hit_activated(document_id, start, end)`` (the window opens it with the hit selected).

A regex search runs in a worker thread (the matching releases the GIL), with a time
limit: the window stays responsive, the Search button turns into Cancel while it runs,
and a pattern that takes too long is stopped with a message saying so.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDockWidget, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMessageBox, QPushButton, QSizePolicy, QStyledItemDelegate, QVBoxLayout, QWidget,
)

from annotator.core.search import SearchCancelled, SearchError, compile_regex, write_csv
from annotator.io.atomic import replaced_atomically
from annotator.store import Change
from annotator.store.passages import noise_ranges
from annotator.store.search import (
    CodeHits, SearchResult, hit_ranges, regex_rows, search, search_regex_rows, with_real_text,
)
from annotator.ui import plain
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


class _RegexSignals(QObject):
    finished = Signal(int, object, float)  # run number, SearchResult or SearchError, seconds


class SearchDock(QDockWidget):
    hit_activated = Signal(int, int, int)  # document id, start, end (code points)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__("Search", parent)
        self.setObjectName("searchDock")
        self.session = session
        self.model = SearchModel(self)
        self._signals = _RegexSignals(self)
        self._signals.finished.connect(self._regex_finished)
        self._run = 0  # the regex run whose result is awaited; results of older runs are dropped
        self._cancel: threading.Event | None = None
        self._thread: threading.Thread | None = None
        self._all_hits: tuple = ()  # a regex run's hits up to CODE_ALL_LIMIT, for Code All Hits

        self.query = QLineEdit()
        self.query.setObjectName("searchQuery")
        self.query.setClearButtonEnabled(True)
        self.query.setPlaceholderText('Search all articles: words, "a phrase", prefix*')
        self.query.setToolTip('Words match in any case, with or without accents. "Quoted words" are a phrase; '
                              "a trailing * is a prefix. Every item must occur in an article. Enter searches.")
        self.regex = QCheckBox("Regex")
        self.regex.setToolTip("Search with a Python regular expression over the raw text "
                              "(case-sensitive; start with (?i) to ignore case)")
        self.include_noise = QCheckBox("Include noise")
        self.include_noise.setObjectName("searchIncludeNoise")
        self.include_noise.setToolTip("Also list hits in page clutter (the grey lines: bylines, captions, "
                                      "share buttons ...), which are left out by default")
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
        top.addWidget(self.include_noise)
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
        self.search_button.clicked.connect(self._search_or_cancel)
        self.regex.toggled.connect(lambda _on: self.query.text().strip() and self.run_search())
        self.include_noise.toggled.connect(lambda _on: self.query.text().strip() and self.run_search())
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
        """Search for *query* (default: the query field); a bad query is explained above the list.
        A word search returns its result; a regex search starts in a worker thread and returns
        None (its result is shown when it arrives: :meth:`searching`, :meth:`wait_for_regex`)."""
        if query is not None:
            self.query.setText(query)
        self.cancel_search(quiet=True)
        text = self.query.text().strip()
        if not text:
            self.model.set_result(None)
            self._show_count("")
            self._update_buttons()
            return None
        if self.regex.isChecked():
            self._start_regex(text)
            return None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        t0 = time.perf_counter()
        try:
            result = search(self.session.project, text, regex=False, limit=LIMIT,
                            include_noise=self.include_noise.isChecked())
        except SearchError as exc:
            self._show_error(exc)
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._all_hits = ()
        self._show_result(result, time.perf_counter() - t0)
        return result

    def _show_error(self, exc: SearchError) -> None:
        self.model.set_result(None)
        self._show_count(str(exc)[:1].upper() + str(exc)[1:] + ".", error=True)
        self._update_buttons()

    def _show_result(self, result: SearchResult, elapsed: float) -> None:
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.set_result(result)
        summary = result.summary() if result.hits else "No hits"
        self._show_count(f"{summary[:1].upper()}{summary[1:]} · {elapsed * 1000:.0f} ms")
        if result.hits:
            self.view.setCurrentIndex(self.model.index(0, SearchModel.HIT))
        self._update_buttons()

    # -- regex searches, in a worker thread ----------------------------------------------
    def searching(self) -> bool:
        """A regex search is running (its result not shown yet)."""
        return self._cancel is not None

    def _start_regex(self, text: str) -> None:
        try:
            compile_regex(text)  # a bad pattern is explained at once
        except SearchError as exc:
            self._show_error(exc)
            return
        # read here: the worker touches no database
        rows = regex_rows(self.session.project)
        noise = None if self.include_noise.isChecked() else noise_ranges(self.session.project)
        self._run += 1
        run, cancel, signals = self._run, threading.Event(), self._signals
        self._cancel = cancel

        def work() -> None:
            t0 = time.perf_counter()
            try:
                outcome: object = search_regex_rows(text, rows, limit=CODE_ALL_LIMIT, cancelled=cancel.is_set,
                                                    noise=noise)
            except SearchError as exc:
                outcome = exc
            except Exception as exc:  # never a traceback in a thread nobody watches
                outcome = SearchError(f"the search failed ({type(exc).__name__}: {exc})")
            try:
                signals.finished.emit(run, outcome, time.perf_counter() - t0)
            except RuntimeError:  # the dock was closed meanwhile
                pass

        self._thread = threading.Thread(target=work, name="regex-search", daemon=True)
        self.model.set_result(None)
        self._show_count("Searching… (Cancel stops it)")
        self.search_button.setText("Cancel")
        self.search_button.setToolTip("Stop this search")
        self._update_buttons()
        self._thread.start()

    def _search_or_cancel(self) -> None:
        if self.searching():
            self.cancel_search()
        else:
            self.run_search()

    def cancel_search(self, *, quiet: bool = False) -> None:
        """Stop the running regex search: its result, when the worker gets there, is dropped."""
        if self._cancel is None:
            return
        self._cancel.set()
        self._cancel = None
        self._run += 1
        self._search_finished_ui()
        if not quiet:
            self.model.set_result(None)
            self._show_count("Search cancelled")
            self._update_buttons()

    def _search_finished_ui(self) -> None:
        self.search_button.setText("Search")
        self.search_button.setToolTip("")

    def _regex_finished(self, run: int, outcome: object, elapsed: float) -> None:
        if run != self._run:
            return  # cancelled, or a newer search started
        self._cancel = None
        self._search_finished_ui()
        if isinstance(outcome, SearchCancelled):
            self._show_count("Search cancelled")
            return
        if isinstance(outcome, SearchError):
            self._show_error(outcome)
            return
        assert isinstance(outcome, SearchResult)
        self._all_hits = outcome.hits
        listed = outcome.hits[:LIMIT]
        shown = replace(outcome, hits=listed, truncated=outcome.truncated or len(outcome.hits) > len(listed))
        self._show_result(shown, elapsed)

    def wait_for_regex(self, timeout: float | None = None) -> bool:
        """Block until the worker thread has ended (tests, closing the window); True if it has."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def closeEvent(self, event) -> None:  # noqa: N802
        self.cancel_search(quiet=True)
        super().closeEvent(event)

    def _show_count(self, text: str, *, error: bool = False) -> None:
        self.count_label.setText(text)
        self.count_label.setToolTip(plain.tooltip(text))
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
            if result.truncated and result.regex:  # the worker kept up to CODE_ALL_LIMIT hits
                hits = list(self._all_hits) or hits
            elif result.truncated:  # the list shows the first LIMIT: code them all, not just those
                QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                try:
                    hits = list(search(self.session.project, result.query, regex=result.regex,
                                       limit=CODE_ALL_LIMIT, context=0, include_noise=result.include_noise).hits)
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
        answer = plain.ask(self, "Code search hits", text,
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
