"""The open connection under every part of the store: opening, checking and migrating
the file, one committed transaction per write, read snapshots and backups.

Data is sacred here. Every write is its own ``BEGIN IMMEDIATE`` transaction, committed
before the method returns, so a crash loses nothing already acknowledged and two drill
processes on one file take turns instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from salesops_drill.errors import StoreError
from salesops_drill.store import schema as store_schema
from salesops_drill.store.file import BUSY_TIMEOUT_MS, check_not_newer, snapshot
from salesops_drill.store.migrations import MIGRATIONS
from salesops_drill.store.opening import (
    backup_path,
    check_header,
    check_location,
    has_schema,
    is_environmental,
    open_error,
    sqlite_error,
    switch_to_wal,
    unreadable,
)

if TYPE_CHECKING:
    import sqlite3

S = TypeVar("S", bound="StoreBase")


class StoreBase:
    """An open progress database: the connection the other parts of
    :class:`~salesops_drill.store.Store` query through."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        #: The copy taken before migrating this file, if :meth:`open` migrated it.
        self.last_backup: Path | None = None

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(
        cls: type[S],
        path: Path,
        now: datetime | None = None,
        on_upgrade: Callable[[int, int], None] | None = None,
    ) -> S:
        """Open (creating if needed) and migrate the database at ``path``.

        ``now`` only names a migration backup; it defaults to the current time.
        ``on_upgrade(old, new)`` is called before a file of an older schema version is
        copied and migrated (on a long history that takes some seconds).
        Raises :class:`StoreError` for anything the user has to fix.
        """
        import sqlite3  # imported here: start-up speed for commands that never open it

        path = Path(path)
        existed = check_location(path)
        if existed:
            check_header(path)
        try:
            conn = sqlite3.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise open_error(path, exc) from exc
        conn.row_factory = sqlite3.Row
        store = cls(conn, path)
        try:
            store._check()
            store._use_wal()
            store._migrate(now, on_upgrade=on_upgrade)
        except BaseException:
            conn.close()
            raise
        return store

    def _check(self) -> None:
        """Check the file is ours (and, when about to change it, sound) before any write.

        ``PRAGMA quick_check`` reads every page, which takes the better part of a second
        on a long history, so it runs only where a damaged file would be made worse: a
        file about to be migrated, or one drill has not had in WAL mode before (new to
        it, or put in place by hand). Damage met later is refused when SQLite meets it
        (see :func:`refuse_corrupt`).
        """
        import sqlite3

        conn = self._conn
        try:
            # Neither pragma writes; both matter before the first read.
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            # One read transaction, so the version and the schema read are one snapshot
            # even while another drill is creating or migrating the file.
            conn.execute("BEGIN")
            try:
                version = self.schema_version
                mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
                thorough = mode != "wal" or version < len(MIGRATIONS)
                problems = ["ok"]
                if thorough:
                    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
                not_ours = None
                if problems == ["ok"]:
                    not_ours = store_schema.foreign(conn)
                    if not_ours is None and version <= len(MIGRATIONS):
                        not_ours = store_schema.mismatch(conn, version)
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")  # it only read
        except sqlite3.OperationalError as exc:
            raise open_error(self.path, exc) from exc
        except sqlite3.DatabaseError as exc:
            raise unreadable(self.path) from exc
        if problems != ["ok"]:
            raise unreadable(self.path)
        if not_ours is not None:
            raise StoreError(
                f"{self.path} is not a drill progress database ({not_ours}); move it aside "
                "to start afresh, or set DRILL_HOME to keep drill's files somewhere else"
            )
        check_not_newer(self.path, version)

    def _use_wal(self) -> None:
        import sqlite3

        try:
            switch_to_wal(self._conn)
            self._conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.OperationalError as exc:
            raise open_error(self.path, exc) from exc

    def _migrate(
        self,
        now: datetime | None,
        keep_copy: bool = True,
        on_upgrade: Callable[[int, int], None] | None = None,
    ) -> None:
        """Apply pending migrations, backing up first, in one transaction.

        The version is re-read under the write lock, so when two processes open an old
        file at once the second finds the work done instead of repeating it. All steps
        commit together: another process never finds the file half-way between two
        versions (it would take a second backup of it, and could stop there).
        """
        with self._transaction() as conn:
            version = self.schema_version
            check_not_newer(self.path, version)
            if version == len(MIGRATIONS):
                return
            if version == 0 and not has_schema(conn):
                # A brand-new file: nothing in it is worth a copy.
                keep_copy = False
            if keep_copy:  # anything already in the file is worth a copy
                if on_upgrade is not None:
                    on_upgrade(version, len(MIGRATIONS))
                self.last_backup = self.backup(backup_path(self.path, now))
            for step in MIGRATIONS[version:]:
                step(conn)
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
        self._compact()

    def _compact(self) -> None:
        """Give back the space a migration freed, when it is a good part of the file.

        A migration that rebuilds a table (the review log, in version 6) leaves its old
        pages free inside the file, and every backup would copy them. ``VACUUM`` rewrites
        the file without them, in one transaction; if another drill is busy with the file
        it is left for the next migration (free pages are reused as the log grows).
        """
        import sqlite3

        conn = self._conn
        free = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        if free < 256 or free < pages // 4:  # under a megabyte, or a quarter of the file
            return
        try:
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError:
            pass

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def backup(self, dest: Path) -> Path:
        """Copy the database to ``dest`` with SQLite's backup API, as one self-contained
        file (rollback-journal mode); returns ``dest``.

        Safe while this store holds the write lock: the copy reads through its own
        connection, and a connection cannot back up while it is itself writing.
        """
        import sqlite3

        from salesops_drill.atomic import write_atomic
        from salesops_drill.errors import DrillError

        try:
            # A new file, never over one already there; copied page by page, as this
            # store may hold the write lock (the file is never quiet then).
            write_atomic(dest, lambda tmp: snapshot(self.path, tmp, quiet=False))
        except sqlite3.Error as exc:
            raise StoreError(f"could not back up {self.path} to {dest}: {exc}") from exc
        except DrillError as exc:
            raise StoreError(f"could not back up {self.path}: {exc.message}") from exc
        return dest

    def close(self) -> None:
        self._conn.close()

    def __enter__(self: S) -> S:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed write. ``BEGIN IMMEDIATE`` takes the write lock up front, so
        a second process waits (busy_timeout) rather than failing half-way through."""
        import sqlite3

        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            if not is_environmental(exc):
                raise  # a bug in our SQL keeps its traceback
            raise sqlite_error(self.path, exc, "write to") from exc

    def _tuples(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        """A query whose rows come back as plain tuples (quicker than sqlite3.Row)."""
        cursor = self._conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params)

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: every read inside sees the file as it was at its start,
        whatever other drill processes write meanwhile."""
        self._conn.execute("BEGIN")
        try:
            yield
        finally:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")  # it only read


def upgrade_copy(path: Path) -> None:
    """Migrate a private copy of a store, one no other process has open, in place.

    No safety copy (the caller still has the original) and no WAL (the copy stays one
    self-contained file). Raises StoreError, or sqlite3.Error if a migration fails.
    """
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        store = StoreBase(conn, path)
        store._check()
        store._migrate(None, keep_copy=False)
    finally:
        conn.close()
