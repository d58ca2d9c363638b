"""Opening the store safely: the checks made before SQLite touches the file, the
one-line refusals SQLite's errors become, and the switch to WAL mode.

A file that is not ours, is damaged, or cannot be written is refused with a message
that says what to do; an error in our own SQL keeps its traceback.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from salesops_drill.errors import StoreError
from salesops_drill.store.file import BUSY_TIMEOUT_MS, has_sqlite_header, timestamped_sibling

if TYPE_CHECKING:
    import sqlite3

    from salesops_drill.store.base import StoreBase

T = TypeVar("T")


def refuse_corrupt(method: Callable[..., T]) -> Callable[..., T]:
    """A store method that meets a damaged page raises the store's one-line refusal.

    SQLite notices damage when it reads the page ("database disk image is malformed"),
    not before; the file is left as it is.
    """

    @functools.wraps(method)
    def guarded(self: StoreBase, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            if is_corrupt(exc):
                raise unreadable(self.path) from exc
            raise

    return guarded


def is_corrupt(exc: BaseException) -> bool:
    """True for SQLite's "malformed" and "not a database" errors."""
    import sqlite3

    if type(exc) is not sqlite3.DatabaseError:
        return False
    name = getattr(exc, "sqlite_errorname", None)  # Python 3.11+
    if name is not None:
        return str(name).startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


# -- opening checks --------------------------------------------------------------------


def check_location(path: Path) -> bool:
    """Make sure the directory exists and is writable; True if the file already has data."""
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StoreError(
            f"cannot create the data directory {parent} ({reason}); "
            "set DRILL_HOME to a writable directory"
        ) from exc
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StoreError(
            f"the data directory {parent} is not writable; "
            "fix its permissions or set DRILL_HOME to a writable directory"
        )
    if path.is_dir():
        raise unreadable(path)
    if not path.exists():
        return False
    if not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"{path} is not readable and writable; fix its permissions")
    return path.stat().st_size > 0


def check_header(path: Path) -> None:
    try:
        ours = has_sqlite_header(path)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not ours:
        raise unreadable(path)


def unreadable(path: Path) -> StoreError:
    return StoreError(
        f"{path} is not a readable drill progress database; move it aside to start afresh, "
        "or put a backup back with `drill restore`"
    )


def open_error(path: Path, exc: Exception) -> StoreError:
    return sqlite_error(path, exc, "open")


def sqlite_error(path: Path, exc: Exception, action: str) -> StoreError:
    if is_busy(exc):
        return StoreError(
            f"{path} is in use by another drill process; try again when it has finished"
        )
    return StoreError(
        f"could not {action} the progress database {path} ({exc}); "
        "check that it and its directory are writable"
    )


#: SQLite result codes that mean the machine, not our code, is at fault.
_ENVIRONMENT_CODES = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_FULL",
    "SQLITE_READONLY",
    "SQLITE_IOERR",
    "SQLITE_CANTOPEN",
    "SQLITE_PERM",
)


def is_environmental(exc: Exception) -> bool:
    name = getattr(exc, "sqlite_errorname", None)  # Python 3.11+
    if name is not None:
        return str(name).startswith(_ENVIRONMENT_CODES)  # also SQLITE_IOERR_WRITE etc.
    text = str(exc).lower()
    return any(word in text for word in ("locked", "busy", "disk", "readonly", "unable to open"))


def is_busy(exc: Exception) -> bool:
    name = getattr(exc, "sqlite_errorname", None)
    if name is not None:
        return str(name).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
    return "locked" in str(exc)


def switch_to_wal(conn: sqlite3.Connection) -> None:
    """``PRAGMA journal_mode = WAL``, waiting out other processes.

    Leaving rollback mode needs the file to itself, and SQLite reports "database is
    locked" at once rather than using busy_timeout while another process holds the
    write lock (as when several drills open an old file together), so wait here.
    """
    import sqlite3

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def has_schema(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None


def backup_path(path: Path, now: datetime | None) -> Path:
    """``progress.db.backup-YYYYMMDD-HHMMSS``: the copy taken before a migration."""
    return timestamped_sibling(path, "backup", now or datetime.now(timezone.utc))
