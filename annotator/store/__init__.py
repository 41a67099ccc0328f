"""The project file: one SQLite database through sqlite-utils. No Qt.

sqlite-utils is imported lean (:mod:`annotator.store.lean`) when a project first runs
something other than a read (:mod:`annotator.store.connection`), not with this package.
"""

from annotator.store.errors import ProjectError
from annotator.store.events import Change
from annotator.store.project import Project

__all__ = ["Change", "Project", "ProjectError"]
