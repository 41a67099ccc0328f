"""PySide's ``__feature__`` hook without its source scan (issue 17: a short cold start).

After PySide6 is imported, every module imported next is handed to
``shibokensupport.feature.feature_imported``, which reads the module's whole source file
(``inspect.getsource``) to see whether it names PySide6: a module that does gets the
feature selection 0 (no ``snake_case``/``true_property``), one that does not gets -1
("ignore it when switching features"). That is 12-15 ms of the window's start, about 120
modules read from disk. The two values differ only for a program that selects a feature
with ``from __feature__ import ...``; annotator never does, so every module imported after
:func:`skip_source_scan` gets 0 at once. A module that does import ``__feature__`` still
gets its selection: that import is handled by ``feature_import``, which this leaves alone.

This replaces a private PySide function, so it does so only when that function is the one
it was written against (as in PySide6 6.11: it looks up exactly ``hasattr``, ``__name__``,
``pyside_feature_dict`` and ``_mod_uses_pyside``). Any other version of it, or internals
that are not there, and nothing changes: PySide keeps its own scan, the start is only
slower.
"""

from __future__ import annotations

import sys
from types import ModuleType

#: The names PySide's own ``feature_imported`` uses (as in 6.11); only that function is replaced.
KNOWN_NAMES = ("hasattr", "__name__", "pyside_feature_dict", "_mod_uses_pyside")


def skip_source_scan() -> bool:
    """Replace the scan; whether it was replaced (False: no such hook in this PySide)."""
    feature = sys.modules.get("shibokensupport.feature")
    known = getattr(feature, "pyside_feature_dict", None)
    if feature is None or not isinstance(known, dict) or not callable(getattr(feature, "feature_imported", None)):
        return False
    if getattr(feature.feature_imported, "_annotator_no_scan", False):
        return True
    code = getattr(feature.feature_imported, "__code__", None)
    if code is None or tuple(code.co_names) != KNOWN_NAMES:
        return False  # not the function this was written against: leave PySide as it is

    def feature_imported(module: ModuleType) -> None:
        name = getattr(module, "__name__", None)
        if isinstance(name, str) and name not in known:
            known[name] = 0

    feature_imported._annotator_no_scan = True  # type: ignore[attr-defined]
    feature.feature_imported = feature_imported
    return True
