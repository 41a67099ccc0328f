"""Small dialogs: errors in plain words, the coder's name, import progress and summary."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.ui import plain


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """A plain-words error; never a traceback."""
    plain.message(parent, title, message, warning=True)


def default_coder_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (e.g. a bare container)
        return "coder"


def ask_coder_name(parent: QWidget | None, existing: list[str], current: str = "") -> str | None:
    """The coder's name: pick an existing coder or type a new one. None if cancelled."""
    names = list(existing)
    default = current or default_coder_name()
    if default not in names:
        names.insert(0, default)
    name, ok = plain.get_item(
        parent, "Who is coding?",
        "Your name as a coder. Spans you create are yours; by default you see only your own spans.",
        names, names.index(default), True)
    name = name.strip()
    return name if ok and name else None


def run_with_progress(parent: QWidget | None, title: str, work: Callable[[Callable[..., Any]], Any]) -> Any:
    """Run *work(progress)* in the GUI thread with a cancellable progress dialog.

    ``progress(done, total, current)`` updates the dialog and returns False once the
    user pressed Cancel (the importers stop there and keep a consistent project)."""
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setLabel(plain.label(title))  # the label shows file names: plain text
    dialog.setWindowTitle(plain.window_title(title))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)

    def progress(done: int, total: int, current: Any = None) -> bool:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)
        if current is not None:
            dialog.setLabelText(f"{title}\n{Path(str(current)).name}  ({done} of {total})")
        QCoreApplication.processEvents()
        return not dialog.wasCanceled()

    try:
        return work(progress)
    finally:
        dialog.reset()
        dialog.deleteLater()


def show_summary(parent: QWidget | None, title: str, summary: str, ok: bool) -> None:
    first, _, rest = summary.partition("\n")
    details = rest if rest.strip() else ""
    plain.message(parent, title, first, warning=not ok, detailed=details,
                  informative="Details list every skipped file and warning." if details else "")
