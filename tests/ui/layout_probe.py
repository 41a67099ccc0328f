"""Opens the window on an offscreen screen of a given size and prints, as JSON, what the
layout tests assert on: for 1 to 4 panes, the window's and docks' widths, the rows
the Spans dock shows and the room its text gets in the Codebook dock.

Run in a subprocess by tests/ui/test_layout.py (one Qt application has one screen
configuration): ``python tests/ui/layout_probe.py WIDTH HEIGHT FOLDER``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def span_rows(window) -> float:
    """How many rows of the Spans dock's list are visible."""
    table = window.spans_dock.view
    return table.viewport().height() / table.verticalHeader().defaultSectionSize()


def code_name_room(window) -> list[tuple[str, int, int]]:
    """Each top-level code: its name, the width its item needs to show it whole (swatch,
    padding, text) and the width the Codebook dock gives the item."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    view = window.codebook_dock.view
    model = view.model()
    out = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = view.visualRect(index)
        icon = view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view)
        option.decorationSize = view.iconSize() if view.iconSize().isValid() else QSize(icon, icon)
        needed = view.itemDelegate().sizeHint(option, index).width()
        out.append((index.data(), needed, view.visualRect(index).width()))
    return out


def main(width: int, height: int, folder: Path) -> None:
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "probe", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "qsettings"))
    from annotator.defaults import populate_default
    from annotator.store import Project
    from annotator.ui.main_window import MainWindow
    from annotator.ui.session import Session

    path = folder / "seeds.annotator"
    with Project(path) as project:
        populate_default(project)
    project = Project(path, create=False)
    session = Session(project, "ana")
    window = MainWindow(session)
    window.show()
    available = window.screen().availableGeometry()
    frame = window.frameGeometry().size() - window.size()
    window.move(available.topLeft())
    window.resize(available.size() - frame)  # as a researcher maximises it by hand
    rows = []
    for n in range(1, 5):
        if n > 1:
            window.pane_control.add_pane()
        app.processEvents()
        rows.append({"panes": n, "window": window.frameGeometry().width(), "available": available.width(),
                     "codebook": window.codebook_dock.width(), "detail": window.detail_dock.width(),
                     "pane_widths": [p.width() for p in window.panes],
                     "span_rows": span_rows(window), "code_names": code_name_room(window)})
    print(json.dumps(rows))
    window.close()
    session.close()
    project.close()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
