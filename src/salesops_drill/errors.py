"""The one exception family for problems a user can fix.

The CLI catches :class:`DrillError` at its edge and prints the message on one line,
with no traceback; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class DrillError(Exception):
    """A user-fixable problem. ``exit_code`` is what the CLI exits with."""

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0])


class UsageError(DrillError):
    """Bad arguments: unknown role, unknown id, out-of-range number."""

    exit_code = 2


class FileExists(UsageError):
    """A file drill was asked to write exists already (the CLI says how to overwrite it)."""

    def __init__(self, dest: object) -> None:
        super().__init__(f"{dest} already exists")


class RolesConflict(UsageError):
    """Every role and one role were both asked for (the CLI names the two options)."""

    def __init__(self, role: str) -> None:
        self.role = role
        super().__init__(f"every role and only {role} ask for different things: give one")


class ContentError(DrillError):
    """A problem in a content file, located as ``PATH:LINE: message``."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.detail = message
        super().__init__(f"{path}:{line}: {message}")

    def __reduce__(self):  # picklable: rebuilt from its parts, not from the message
        return (ContentError, (self.path, self.line, self.detail))


class StoreError(DrillError):
    """The progress store cannot be opened or written safely."""
