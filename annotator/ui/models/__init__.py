"""Qt item models over store queries; tested without views."""

from annotator.ui.models.codebook import CodebookModel
from annotator.ui.models.documents import DocumentsModel
from annotator.ui.models.spans import SpansModel

__all__ = ["CodebookModel", "DocumentsModel", "SpansModel"]
