"""The workspace docks: codebook, documents, spans and the selected span's details.

Each is a ``QDockWidget`` built as ``XDock(session, parent=None)`` with a stable
``objectName`` so ``QMainWindow.saveState`` can remember where the user put it.
"""

from annotator.ui.docks.codebook import CodebookDock
from annotator.ui.docks.detail import DetailDock
from annotator.ui.docks.documents import DocumentsDock
from annotator.ui.docks.spans import SpansDock

__all__ = ["CodebookDock", "DetailDock", "DocumentsDock", "SpansDock"]
