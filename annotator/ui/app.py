"""Starting the window: the application object, the coder's name, the project.

``annotator`` (the CLI with no command) calls :func:`run`. Errors opening a
project are shown as a dialog in plain words, never as a traceback.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from annotator.ui.feature_scan import skip_source_scan

skip_source_scan()  # before the store and window modules: PySide reads no source file of theirs

from annotator.ui.settings import APPLICATION, ORGANIZATION, settings  # noqa: E402

if TYPE_CHECKING:
    from annotator.store import Project

# annotator.store (imported in run(), while the garbage collector is paused) does not import
# sqlite-utils: a project reads on its sqlite3 connection and loads sqlite-utils (lean:
# annotator.store.lean) for its first write (annotator.store.connection)


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    from annotator.ui import dialogs  # dialogs load on first use: start-up stays short

    dialogs.show_error(parent, title, message)


def ask_coder_name(parent: QWidget | None, existing: list[str], current: str = "") -> str | None:
    from annotator.ui import dialogs

    return dialogs.ask_coder_name(parent, existing, current)


def default_coder_name() -> str:
    from annotator.ui import dialogs

    return dialogs.default_coder_name()


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Annotator")
    return app  # type: ignore[return-value]


def coder_name(ask: bool, parent: QWidget | None = None) -> str | None:
    """The remembered coder; on first run asked for (default: the OS user name) unless *ask* is False."""
    s = settings()
    name = str(s.value("coder/name", "") or "").strip()
    if name:
        return name
    name = ask_coder_name(parent, [], default_coder_name()) if ask else default_coder_name()
    if name:
        s.setValue("coder/name", name)
        s.sync()
    return name


def _check_integrity(project: Project) -> None:
    """A damaged file is refused before the window reads (or writes) it, instead of
    failing half-way through a view; closes *project* when it is damaged."""
    from annotator.store import ProjectError
    from annotator.store.opening import check_integrity

    try:
        check_integrity(project.db, project.path)
    except ProjectError:
        project.close()
        raise


class Workspace:
    """Keeps the open project's window; File ▸ Open / New replace it."""

    def __init__(self, ask: bool = True):
        self.ask = ask
        self.window = None

    def open(self, path: Path, *, create: bool = False, parent: QWidget | None = None) -> bool:
        from annotator.store import Project, ProjectError
        from annotator.store.errors import ReadOnlyProject
        from annotator.ui.main_window import MainWindow
        from annotator.ui.session import Session

        if self.window is not None and self.window.session.committer.busy:
            self.window.statusBar().showMessage("An edit is still waiting for the project file; open the "
                                                "other project once it is stored.", 8000)
            return False
        try:
            if not create and not path.exists():
                raise ProjectError(f"there is no project file at {path}")
            try:
                project = Project(path, create=create)
            except ReadOnlyProject as exc:
                if create or not path.exists():
                    raise
                # a healthy project we cannot write: open it to read (the window says so)
                project = Project(path, read_only=True, read_only_reason=exc.reason)
            _check_integrity(project)
        except ProjectError as exc:
            show_error(parent, "Cannot open project", f"The project {path.name} could not be opened.\n\n{exc}")
            return False
        except OSError as exc:
            show_error(parent, "Cannot open project", f"The project {path.name} could not be opened.\n\n"
                       f"{exc.strerror or exc}")
            return False
        if create:
            from annotator.defaults import install_default_codebook

            install_default_codebook(project)
        name = coder_name(self.ask, parent)
        if not name:
            project.close()
            return False
        try:
            session = Session(project, name)
        except ProjectError as exc:
            project.close()
            show_error(parent, "Cannot open project", str(exc))
            return False
        old = self.window
        window = MainWindow(session)
        window.project_requested.connect(lambda p: self.open(p, parent=window))
        window.new_project_requested.connect(lambda p: self.open(p, create=True, parent=window))
        window.show()
        window.raise_()
        window.activateWindow()
        window.exchange.analyse_pending()  # a project from an earlier version: clutter and passages once
        self.window = window
        if old is not None:
            old.close()
            old.session.close()
            old.session.project.close()
            old.deleteLater()
        return True


def missing_project_message(path: Path) -> str:
    """What to run when ``annotator --project FILE`` names no file: said on the terminal,
    before any window, instead of a dialog that only says the file is not there."""
    import shlex  # only for this message: not with every start

    shown = shlex.quote(str(path))
    return (f"There is no project file at {path}.\n"
            f"  Create it and open it:         annotator --project {shown} --create\n"
            f"  Create it from articles:       annotator import {shown} ARTICLES...\n"
            "  Open the default project:      annotator")


def _collect_again() -> None:
    gc.freeze()
    gc.enable()


def _unfreeze(*_args) -> None:
    gc.unfreeze()


def run(project_path: Path | None = None, *, ask_coder: bool = True, exec_loop: bool = True,
        create: bool = False) -> int:
    """Open the window on *project_path* (None: the default project); returns the exit code.

    ``create=True`` creates *project_path* (with the default codebook) when it does not exist;
    without it a missing file is explained on standard error. Before the application object
    is made, an X display's missing xcb libraries are named on standard error (see
    :mod:`annotator.ui.xcb`) instead of letting Qt abort.
    ``ask_coder=False`` skips the first-run name question (the OS user name is used);
    ``exec_loop=False`` returns once the window is shown (tests, benchmarks)."""
    new = False
    if project_path is not None:
        project_path = Path(project_path)
        if project_path.is_dir():
            print(f"{project_path} is a folder; give a project file, e.g. {project_path / 'study.annotator'}",
                  file=sys.stderr)
            return 2
        if not project_path.exists():
            if not create:
                print(missing_project_message(project_path), file=sys.stderr)
                return 2
            new = True
    if QApplication.instance() is None:
        from annotator.ui.xcb import check

        problem = check()
        if problem:
            print(problem, file=sys.stderr)
            return 1
    app = application()
    workspace = Workspace(ask=ask_coder)
    # The start creates many objects (the window's modules, classes and widgets) and frees
    # few: the cyclic garbage collector's passes over them are 4-5 ms of it (issue 17). It
    # is paused until the window is shown, then back on the event loop's first turn with what
    # the start made frozen (gc.freeze: never scanned, as they live as long as the window;
    # unfrozen when the window is destroyed, so its cycles are collected after it).
    collecting = gc.isenabled()
    gc.disable()
    opened = False
    try:
        from annotator.store import ProjectError

        if project_path is None:
            from annotator.defaults import ensure_default_project

            try:
                project_path = ensure_default_project()
            except (ProjectError, OSError) as exc:
                show_error(None, "Cannot create the default project", str(exc))
                return 1
        opened = workspace.open(Path(project_path), create=new)
    finally:
        if collecting:
            if opened:
                workspace.window.destroyed.connect(_unfreeze)
                QTimer.singleShot(0, _collect_again)
            else:
                gc.enable()
    if not opened:
        return 1
    app._annotator_workspace = workspace  # type: ignore[attr-defined]  # keep it alive
    if not exec_loop:
        return 0
    code = app.exec()
    if workspace.window is not None:
        workspace.window.session.project.close()
    return code
