"""The agreement view: figures per code, disagreements, adjudication.

:class:`AgreementDock` (``objectName`` ``"agreement"``), built as
``AgreementDock(session, parent)``. For the main window:

- add it like the other docks (e.g. bottom area, tabified with the statistics dock)
  and put ``dock.toggleViewAction()`` in the View menu ("Agreement");
- ``compare_requested(doc_id, start, end, coders)`` (coders: names) asks for that
  document side by side, one pane per coder, the range marked; the dock has already
  called ``session.open_document(doc_id)`` for the current pane;
- ``set_coders(names)`` chooses the coders compared (e.g. from a menu).

It recomputes on its button and, coalesced, after ``session.changed`` or an
undo/redo while it is shown. Adjudication edits go through ``session.push`` (see
:mod:`annotator.store.adjudication` for the rules).
"""

from annotator.ui.agreement.dock import AgreementDock
from annotator.ui.agreement.panel import AdjudicationPanel

__all__ = ["AdjudicationPanel", "AgreementDock"]
