"""REFI-QDA exchange (https://www.qdasoftware.org): ``.qdpx`` projects and ``.qdc``
codebooks, read and written without Qt. MAXQDA, ATLAS.ti, NVivo, QualCoder and
other QDA tools read and write these files.

- :func:`export_qdpx` / :func:`import_qdpx`: a whole project.
- :func:`export_qdc` / :func:`import_qdc`: the codebook alone.

Imports raise :class:`RefiError` (a ``ValueError``) naming the file, with the
project unchanged, and otherwise return an :class:`RefiReport`.

What travels, and where:

========================  ==========================================================
coders                    ``Users/User`` (GUID, name)
codes                     ``CodeBook`` tree: GUID, name, colour, definition as
                          ``Description``; shortcut and attribute fields in the
                          description's ``annotator-data`` line; categories as
                          ``isCodable="false"``
documents                 ``TextSource`` named by the title, its ``creatingUser`` the
                          coder of its first span; text in
                          ``sources/<guid>.txt``; outlet, URL, date, file name and
                          metadata as ``Variables``; metadata variables cannot hold
                          exactly, and coders' "done" marks, in the ``annotator-data``
                          line of its ``Description``
spans                     ``PlainTextSelection`` (code points, end exclusive; its text
                          as ``name``) with one ``Coding``; coder, created and modified
                          times (UTC, ``Z``); memo as ``Description``, attribute values
                          in its ``annotator-data`` line
========================  ==========================================================

Not carried: characters XML 1.0 cannot hold in titles, names and memos (written
as U+FFFD; document texts are files and keep every character); spans'
``modified`` times that are not ISO date-times. On import from other tools:
picture, PDF, audio and video sources, cases, sets, graphs and links are
skipped with a note; a memo kept as a note (``NoteRef``) becomes the span's memo.
How the file counts offsets is decided per source from evidence
(:mod:`annotator.io.refi.offsets`) and said in the report, or forced by the caller.
"""

from annotator.io.refi.codebook import export_qdc, import_qdc
from annotator.io.refi.common import RefiReport, Problem, RefiError
from annotator.io.refi.project_export import export_qdpx
from annotator.io.refi.project_import import import_qdpx

__all__ = ["RefiReport", "Problem", "RefiError", "export_qdc", "export_qdpx", "import_qdc", "import_qdpx"]
