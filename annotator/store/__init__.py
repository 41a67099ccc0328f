"""The project file: one SQLite database through sqlite-utils. No Qt."""

from annotator.store.errors import ProjectError
from annotator.store.events import Change
from annotator.store.project import Project

__all__ = ["Change", "Project", "ProjectError"]
