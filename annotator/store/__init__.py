"""The project file: one SQLite database through sqlite-utils. No Qt."""

from annotator.store.errors import ProjectError
from annotator.store.project import Change, Project

__all__ = ["Change", "Project", "ProjectError"]
