"""The workspace docks: codebook, documents, spans and the selected span's details.

Each is a ``QDockWidget`` built as ``XDock(session, parent=None)`` with a stable
``objectName`` so ``QMainWindow.saveState`` can remember where the user put it.
They refresh from ``session.changed`` / ``coder_changed`` and edit only through
``session.push(op)``, so every edit is undoable; they never call each other.

- :class:`CodebookDock` (``codebookDock``): ``code_activated(int)`` when a code is
  clicked or Enter is pressed on it ("apply to the current selection"; never for a
  category, which the status bar explains instead);
  ``select_code(id)``; editing methods (``add_code``, ``rename``, ``recolour``,
  ``set_shortcut``, ``edit_definition``, ``edit_fields``, ``toggle_category``, ``move``,
  ``merge``, ``delete``) that ask with a dialog unless given the answer.
- :class:`DocumentsDock` (``documentsDock``): Enter/double-click opens through
  ``session.open_document``; ``set_status``; ``select_document``; ``focus_filter``.
- :class:`SpansDock` (``spansDock``): a row jumps (``open_document`` +
  ``select_span``) and follows ``session.span_selected``; Delete removes the
  selected spans; ``focus_filter``.
- :class:`DetailDock` (``detailDock``): the selected span's code (recode), coder,
  text, attribute fields and memo; ``focus_first_field()`` for quick entry,
  ``entry_finished`` when it is over; ``commit_pending()`` stores typed text.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.ui.docks.codebook import CodebookDock
    from annotator.ui.docks.detail import DetailDock
    from annotator.ui.docks.documents import DocumentsDock
    from annotator.ui.docks.spans import SpansDock

__all__ = ["CodebookDock", "DetailDock", "DocumentsDock", "SpansDock"]

#: Each dock's module loads when the dock is first asked for: the window builds the
#: Documents dock after its first paint (issue 17), so importing this package must not load it.
_MODULES = {"CodebookDock": "codebook", "DetailDock": "detail", "DocumentsDock": "documents", "SpansDock": "spans"}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
