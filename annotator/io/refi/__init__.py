"""REFI-QDA exchange (https://www.qdasoftware.org): ``.qdpx`` projects and ``.qdc``
codebooks, read and written without Qt.

- :func:`export_qdpx` / :func:`import_qdpx`: a whole project (coders, codebook,
  documents with their metadata, spans with memos and attribute values).
- :func:`export_qdc` / :func:`import_qdc`: the codebook alone.

Imports raise :class:`RefiError` (a ``ValueError``) naming the file, with the
project unchanged, and otherwise return an :class:`ImportReport`.
"""

from annotator.io.refi.codebook import export_qdc, import_qdc
from annotator.io.refi.common import ImportReport, Problem, RefiError
from annotator.io.refi.project_export import export_qdpx
from annotator.io.refi.project_import import import_qdpx

__all__ = ["ImportReport", "Problem", "RefiError", "export_qdc", "export_qdpx", "import_qdc", "import_qdpx"]
