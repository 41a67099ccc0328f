"""Qt item models over store queries; tested without views.

Each model's module loads when the model is first asked for: the documents list (and its
model) is built after the window's first paint (issue 17)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.ui.models.codebook import CodebookModel
    from annotator.ui.models.documents import DocumentsModel
    from annotator.ui.models.spans import SpansModel

__all__ = ["CodebookModel", "DocumentsModel", "SpansModel"]

_MODULES = {"CodebookModel": "codebook", "DocumentsModel": "documents", "SpansModel": "spans"}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
