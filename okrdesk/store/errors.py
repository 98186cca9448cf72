"""Errors of the workspace store, each with a one-line message fit for a user.

Every error about a file names that file; the UI shows ``str(error)`` as is
and the CLI prints it with exit code 3 (file problems) or 2 (bad edits).
"""

from __future__ import annotations

from pathlib import Path


class WorkspaceError(Exception):
    """Base of every store error; ``str()`` is a one-line message for the user."""

    def __init__(self, message: str, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if isinstance(path, str) and "://" not in path else path

    def __str__(self) -> str:
        return self.message


class WorkspaceNotFound(WorkspaceError):
    """The file (or its folder) does not exist."""


class WorkspaceExists(WorkspaceError):
    """``Workspace.create`` was asked to write over an existing file."""


class NotAWorkspace(WorkspaceError):
    """Not an okrdesk workspace: empty, not SQLite, another program's database."""


class NewerFormat(WorkspaceError):
    """Written by a newer okrdesk than this one; opening it could damage it."""

    def __init__(self, message: str, path: str | Path | None, file_version: int, supported: int):
        super().__init__(message, path)
        self.file_version = file_version
        self.supported = supported


class WorkspaceInUse(WorkspaceError):
    """Another okrdesk instance has the workspace open for writing."""


class WorkspaceReadOnly(WorkspaceError):
    """The file or its folder cannot be written, or the workspace was opened read-only."""


class CorruptWorkspace(WorkspaceError):
    """An okrdesk workspace whose content is damaged (truncated, malformed pages)."""


class ValidationError(WorkspaceError):
    """An edit was refused because of bad input; nothing was changed."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(ValidationError):
    """An edit or read named a row that does not exist."""

    def __init__(self, kind: str, id: object) -> None:  # noqa: A002 - the row's id
        super().__init__(f"There is no {kind} with id {id!r}.", field=None)
        self.kind = kind
        self.id = id

