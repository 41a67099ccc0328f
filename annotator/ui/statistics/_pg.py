"""Load pyqtgraph on the PySide6 binding, once, when a plot is first needed."""

from __future__ import annotations

import os
from types import ModuleType

_pg: ModuleType | None = None


def pyqtgraph() -> ModuleType:
    global _pg
    if _pg is None:
        os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
        import PySide6.QtWidgets  # noqa: F401  (the binding pyqtgraph must pick)
        import pyqtgraph as pg
        import pyqtgraph.exporters  # noqa: F401

        pg.setConfigOptions(antialias=True)
        _pg = pg
    return _pg
