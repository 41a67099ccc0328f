"""The File menu: new, open and recent projects, importing articles and spans, exporting spans.

A mixin of :class:`~annotator.ui.main_window.MainWindow`. Opening another project
is the application's job (:class:`~annotator.ui.app.Workspace`): the window only
asks for it with ``project_requested`` / ``new_project_requested``.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from annotator.paths import PROJECT_SUFFIX
from annotator.ui.dialogs import run_with_progress, show_error, show_summary
from annotator.ui.settings import settings

RECENT_LIMIT = 8
PROJECT_FILTER = f"Annotator projects (*{PROJECT_SUFFIX});;All files (*)"


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


class FilesMixin:
    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = str(self.session.project.path)
        for path in recent_projects():
            action = self.recent_menu.addAction(path)
            action.setEnabled(path != current)
            action.triggered.connect(lambda _c=False, p=path: self.project_requested.emit(Path(p)))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent projects").setEnabled(False)

    def _start_dir(self) -> str:
        return str(settings().value("files/last_dir", str(Path.home())))

    def _remember_dir(self, path: str) -> None:
        settings().setValue("files/last_dir", str(Path(path).parent))

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New Project", self._start_dir(), PROJECT_FILTER)
        if path:
            if not path.endswith(PROJECT_SUFFIX):
                path += PROJECT_SUFFIX
            self._remember_dir(path)
            self.new_project_requested.emit(Path(path))

    def open_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open Project", self._start_dir(), PROJECT_FILTER)
        if path:
            self._remember_dir(path)
            self.project_requested.emit(Path(path))

    def import_articles(self, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(
                self, "Import Articles", self._start_dir(),
                "Articles (*.txt *.md *.html *.htm *.json *.jsonl *.csv);;All files (*)")
        if paths:
            self._remember_dir(paths[0])
            self._import(paths, None, "Importing articles")

    def import_spans(self, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self, "Import Spans", self._start_dir(),
                                                    "Span files (*.jsonl);;All files (*)")
        if paths:
            self._remember_dir(paths[0])
            self._import(paths, "spans", "Importing spans")

    def _import(self, paths: list[str], as_: str | None, title: str):
        from annotator.io.importer import import_paths

        try:
            report = run_with_progress(self, title, lambda progress: import_paths(
                self.session.project, [Path(p) for p in paths], progress=progress, as_=as_))
        except Exception as exc:  # the importer reports bad files; anything else is still shown in words
            show_error(self, "Import failed", f"Nothing was imported.\n\n{exc}")
            return None
        show_summary(self, "Import finished", report.summary(), report.ok)
        return report

    def export_csv(self) -> None:
        self._export("csv")

    def export_jsonl(self) -> None:
        self._export("jsonl")

    def _export(self, fmt: str, path: str | None = None) -> int | None:
        from annotator.io.export import export_spans

        if path is None:
            suggested = str(Path(self._start_dir()) / f"{self.session.project.path.stem}-spans.{fmt}")
            path, _ = QFileDialog.getSaveFileName(self, f"Export Spans ({fmt.upper()})", suggested,
                                                  f"{fmt.upper()} files (*.{fmt});;All files (*)")
        if not path:
            return None
        self._remember_dir(path)
        try:
            count = export_spans(self.session.project, fmt, Path(path), bom=(fmt == "csv"))
        except Exception as exc:
            show_error(self, "Export failed", f"The spans were not exported.\n\n{exc}")
            return None
        self.statusBar().showMessage(f"Exported {count:,} spans to {path}", 8000)
        return count
