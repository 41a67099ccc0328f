"""The project file: one SQLite database through sqlite-utils. No Qt."""

from annotator.store.lean import import_sqlite_utils

import_sqlite_utils()  # before anything below imports it: no pandas, numpy or plugin scan


from annotator.store.errors import ProjectError  # noqa: E402
from annotator.store.events import Change  # noqa: E402
from annotator.store.project import Project  # noqa: E402

__all__ = ["Change", "Project", "ProjectError"]
