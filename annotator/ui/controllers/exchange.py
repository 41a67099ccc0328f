"""Exchange, the File menu: new, open and recent projects; importing articles, spans and
REFI-QDA projects; merging coders' projects; exporting spans, the code matrix and
REFI-QDA projects.

Opening another project is the application's job (:class:`~annotator.ui.app.Workspace`):
the window only asks for it with ``project_requested`` / ``new_project_requested``.
"""

from __future__ import annotations

import json
from pathlib import Path

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from annotator.paths import PROJECT_SUFFIX
from annotator.ui import plain
from annotator.ui.controllers.base import Controller
from annotator.ui.settings import settings

RECENT_LIMIT = 8
PROJECT_FILTER = f"Annotator projects (*{PROJECT_SUFFIX});;All files (*)"


# The dialogs module (its progress dialog, getpass) loads when a dialog is shown, not with the
# window (issue 17); these names stay here for callers and tests.
def run_with_progress(parent: QWidget | None, title: str, work: Callable[[Callable[..., Any]], Any]) -> Any:
    from annotator.ui import dialogs

    return dialogs.run_with_progress(parent, title, work)


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    from annotator.ui import dialogs

    dialogs.show_error(parent, title, message)


def show_summary(parent: QWidget | None, title: str, summary: str, ok: bool) -> None:
    from annotator.ui import dialogs

    dialogs.show_summary(parent, title, summary, ok)


def recent_projects() -> list[str]:
    raw = settings().value("recent", "[]")
    try:
        items = json.loads(raw) if isinstance(raw, str) else list(raw)
    except ValueError:
        items = []
    return [str(p) for p in items if isinstance(p, str)]


def remember_recent(path: Path) -> None:
    items = [p for p in recent_projects() if p != str(path)]
    settings().setValue("recent", json.dumps([str(path), *items][:RECENT_LIMIT]))


class ExchangeController(Controller):
    def __init__(self, window, session):
        super().__init__(window, session)
        remember_recent(session.project.path)
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.recent_menu.triggered.connect(self._recent_chosen)

    def handlers(self) -> dict[str, Callable]:
        return {
            "new_project": self.new_project, "open_project": self.open_project,
            "import_articles": self.import_articles, "import_articles_encoding": self.import_articles_with_encoding,
            "import_spans": self.import_spans,
            "export_csv": lambda: self.export_spans("csv"), "export_jsonl": lambda: self.export_spans("jsonl"),
            "export_matrix": self.export_matrix, "export_qdpx": self.export_qdpx, "import_qdpx": self.import_qdpx,
            "merge_projects": self.merge_projects,
        }

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = str(self.session.project.path)
        for path in recent_projects():
            action = self.recent_menu.addAction(plain.action_text(path))
            action.setData(path)
            action.setEnabled(path != current)
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent projects").setEnabled(False)

    def _recent_chosen(self, action: QAction) -> None:
        if isinstance(action.data(), str):
            self.window.project_requested.emit(Path(action.data()))

    def _start_dir(self) -> str:
        return str(settings().value("files/last_dir", str(Path.home())))

    def _remember_dir(self, path: str) -> None:
        settings().setValue("files/last_dir", str(Path(path).parent))

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, "New Project", self._start_dir(), PROJECT_FILTER)
        if path:
            if not path.endswith(PROJECT_SUFFIX):
                path += PROJECT_SUFFIX
            self._remember_dir(path)
            self.window.new_project_requested.emit(Path(path))

    def open_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open Project", self._start_dir(), PROJECT_FILTER)
        if path:
            self._remember_dir(path)
            self.window.project_requested.emit(Path(path))

    def import_articles(self, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(
                self.window, "Import Articles", self._start_dir(),
                "Articles (*.txt *.md *.html *.htm *.json *.jsonl *.csv *.docx *.odt *.rtf *.pdf);;All files (*)")
        if paths:
            self._remember_dir(paths[0])
            self._import(paths, None, "Importing articles")

    def import_articles_with_encoding(self, paths: list[str] | None = None, encoding: str | None = None) -> None:
        """Import Articles, the text files read with an encoding the user picks (detection
        guessed wrong: the accents came out garbled)."""
        from annotator.ui.import_encoding import ask_encoding

        encoding = encoding or ask_encoding(self.window)
        if not encoding:
            return
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(
                self.window, f"Import Articles ({encoding})", self._start_dir(),
                "Text articles (*.txt *.md *.html *.htm *.json *.jsonl *.csv);;All files (*)")
        if paths:
            self._remember_dir(paths[0])
            self._import(paths, None, f"Importing articles ({encoding})", encoding=encoding)

    def import_spans(self, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self.window, "Import Spans", self._start_dir(),
                                                    "Span files (*.jsonl);;All files (*)")
        if paths:
            self._remember_dir(paths[0])
            self._import(paths, "spans", "Importing spans")

    def _import(self, paths: list[str], as_: str | None, title: str, encoding: str | None = None):
        from annotator.io.importer import import_paths

        try:
            report = run_with_progress(self.window, title, lambda progress: import_paths(
                self.session.project, [Path(p) for p in paths], progress=progress, as_=as_, analyse=False,
                encoding=encoding))
        except Exception as exc:  # the importer reports bad files; anything else is still shown in words
            show_error(self.window, "Import failed", f"Nothing was imported.\n\n{exc}")
            return None
        self.analyse_pending()
        report.note_near_duplicates(self.session.project)
        show_summary(self.window, "Import finished", report.summary(), report.ok)
        return report

    def export_spans(self, fmt: str, path: str | None = None) -> int | None:
        from annotator.io.export import export_spans

        if path is None:
            suggested = str(Path(self._start_dir()) / f"{self.session.project.path.stem}-spans.{fmt}")
            path, _ = QFileDialog.getSaveFileName(self.window, f"Export Spans ({fmt.upper()})", suggested,
                                                  f"{fmt.upper()} files (*.{fmt});;All files (*)")
        if not path:
            return None
        self._remember_dir(path)
        try:
            count = export_spans(self.session.project, fmt, Path(path), bom=(fmt == "csv"))
        except Exception as exc:
            show_error(self.window, "Export failed", f"The spans were not exported.\n\n{exc}")
            return None
        self.status(f"Exported {count:,} spans to {path}", 8000)
        return count

    def _save_path(self, title: str, suffix: str, name: str, kind: str) -> str | None:
        suggested = str(Path(self._start_dir()) / f"{self.session.project.path.stem}{name}.{suffix}")
        path, _ = QFileDialog.getSaveFileName(self.window, title, suggested, f"{kind} (*.{suffix});;All files (*)")
        if path:
            self._remember_dir(path)
        return path or None

    def export_matrix(self, path: str | None = None) -> int | None:
        from annotator.io.matrix import write_matrix

        path = path or self._save_path("Export Code Matrix", "csv", "-matrix", "CSV files")
        if not path:
            return None
        from annotator.io.atomic import replaced_atomically

        try:
            with replaced_atomically(path) as out:
                rows = write_matrix(self.session.project, out, bom=True)
        except Exception as exc:
            show_error(self.window, "Export failed", f"The matrix was not exported.\n\n{exc}")
            return None
        self.status(f"Exported {rows:,} rows to {path}", 8000)
        return rows

    def export_qdpx(self, path: str | None = None) -> Path | None:
        from annotator.io.refi import export_qdpx

        path = path or self._save_path("Export REFI-QDA Project", "qdpx", "", "REFI-QDA projects")
        if not path:
            return None
        try:
            written = export_qdpx(self.session.project, Path(path))
        except Exception as exc:
            show_error(self.window, "Export failed", f"The project was not exported.\n\n{exc}")
            return None
        self.status(f"Exported the project to {written}", 8000)
        return written

    def import_qdpx(self, path: str | None = None):
        """Ask for a .qdpx, then show how its offsets will be read (with a preview) before importing."""
        from annotator.io.refi import RefiError
        from annotator.ui.refi_import import RefiImportDialog

        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Import REFI-QDA Project", self._start_dir(),
                                                  "REFI-QDA projects (*.qdpx);;All files (*)")
        if not path:
            return None
        self._remember_dir(path)
        try:
            dialog = RefiImportDialog(self.window, self.session.project, Path(path))
        except RefiError as exc:
            show_error(self.window, "Import failed", f"Nothing was imported; the project is unchanged.\n\n{exc}")
            return None
        accepted = dialog.exec() == RefiImportDialog.DialogCode.Accepted
        report = dialog.report
        dialog.deleteLater()
        if not accepted or report is None:
            return None
        self.analyse_pending()
        show_summary(self.window, "Import finished", report.summary(), not (report.problems or report.warnings))
        return report

    def analyse_pending(self) -> None:
        """Find page clutter and shared passages in the articles not yet through them
        (new imports; projects from before annotator found them), with a progress dialog."""
        from annotator.store.opening import analysis_pending

        if self.session.read_only or not analysis_pending(self.session.project):
            return
        from annotator.store.analysis import analyse_or_explain

        problem = run_with_progress(self.window, "Finding page clutter and shared passages",
                                    lambda progress: analyse_or_explain(self.session.project, progress=progress))
        if problem:
            show_error(self.window, "Shared passages not found", problem)

    def merge_projects(self, paths: list[str] | None = None):
        from annotator.io.errors import ImportProblem
        from annotator.io.merge import merge_projects

        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self.window, "Merge Coders' Projects", self._start_dir(),
                                                    PROJECT_FILTER)
        if not paths:
            return None
        self._remember_dir(paths[0])
        try:
            report = run_with_progress(self.window, "Merging projects", lambda progress: merge_projects(
                self.session.project, [Path(p) for p in paths], progress=progress))
        except ImportProblem as exc:
            show_error(self.window, "Merge failed", f"Nothing was merged; the project is unchanged.\n\n{exc}")
            return None
        self.analyse_pending()
        show_summary(self.window, "Merge finished", report.summary(), report.ok)
        return report
