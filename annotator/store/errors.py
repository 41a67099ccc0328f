"""Errors the store raises; each message names the file or field and the reason."""


class ProjectError(Exception):
    """A project file that cannot be opened or an edit that cannot be made."""


class NotFound(ProjectError):
    """A document, code, coder or span id that does not exist."""


class DuplicateDocument(ProjectError):
    """A document whose text (sha256) is already in the project."""

    def __init__(self, message: str, existing_id: int):
        super().__init__(message)
        self.existing_id = existing_id
