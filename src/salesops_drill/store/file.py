"""The progress database as a file: the rules the store and its backups share.

One home for what makes a file a drill database this version can use (the SQLite
header, a schema no newer than ours), for counting what it holds, and for taking a
consistent copy of it. :mod:`~salesops_drill.store` (migration backups) and
:mod:`~salesops_drill.exchange.backup` (``drill backup`` and ``drill restore``) both
use them, so the two never disagree.

Every copy is one consistent snapshot even while another drill is writing: SQLite's
online backup API, or the bytes of a WAL file only while its WAL is empty and the
write lock is held (a file copy taken mid-write, or one that misses the ``-wal``
file, can be torn or stale).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from salesops_drill.errors import StoreError
from salesops_drill.store.migrations import MIGRATIONS

if TYPE_CHECKING:
    import sqlite3

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
#: How long a copy waits for the store to be quiet before copying it page by page.
QUIET_WAIT_MS = 250


# -- what the file is --------------------------------------------------------------------


def has_sqlite_header(path: Path) -> bool:
    """True if ``path`` starts with SQLite's header; OSError if it cannot be read."""
    with path.open("rb") as fh:
        return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def is_sqlite(path: Path) -> bool:
    """True if ``path`` can be read and starts with SQLite's header."""
    try:
        return has_sqlite_header(path)
    except OSError:
        return False


def check_not_newer(name: str | Path, version: int) -> None:
    """Refuse a database whose schema ``version`` is newer than this version knows."""
    if version > len(MIGRATIONS):
        raise StoreError(
            f"{name} was written by a newer version of salesops-drill "
            f"(schema {version}, this version knows {len(MIGRATIONS)}); upgrade salesops-drill"
        )


def row_counts(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(reviews in the log, cards with a stored state, interviews) as a user counts them.

    A table an older schema does not have yet counts as empty.
    """
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}

    def count(table: str) -> int:
        if table not in tables:
            return 0
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    return count("review_log"), count("card_state"), count("interview_session")


# -- copies -------------------------------------------------------------------------------


def timestamped_sibling(path: Path, label: str, moment: datetime) -> Path:
    """A free name beside ``path``: ``<name>.<label>-YYYYMMDD-HHMMSS`` (UTC), ``-N`` if taken.

    Used for every copy drill keeps before changing the store (migration, restore).
    """
    stem = f"{path.name}.{label}-{moment.astimezone(timezone.utc):%Y%m%d-%H%M%S}"
    candidate = path.with_name(stem)
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{stem}-{n}")
    return candidate


def copy_to_new(src: Path, dest: Path) -> Path:
    """A snapshot of ``src`` written as the new file ``dest`` (an existing file there is
    never overwritten); returns ``dest``."""
    from salesops_drill.atomic import write_atomic

    write_atomic(dest, lambda tmp: snapshot(src, tmp))
    return dest


def snapshot(src: Path, dest: Path, quiet: bool = True) -> None:
    """A consistent snapshot of ``src`` into a new file ``dest``, in rollback-journal mode.

    ``quiet=False`` goes straight to the page-by-page copy: for a caller that itself
    holds the write lock, where the quicker whole-file copy could never be had and
    would only wait for it.
    """
    import sqlite3

    if not (quiet and _copy_quiet_file(src, dest)):
        source = sqlite3.connect(src)
        target = sqlite3.connect(dest)
        try:
            source.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            source.backup(target)
        finally:
            target.close()
            source.close()
    target = sqlite3.connect(dest)
    try:
        # The snapshot keeps the source's WAL flag; a copy should be one file.
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()


def _copy_quiet_file(src: Path, dest: Path) -> bool:
    """Copy the bytes of a WAL database while nothing can change them; False (nothing
    copied) if that could not be had, and the caller copies page by page instead.

    The WAL is checkpointed into the file and emptied, then the write lock is taken and
    held for the copy: with no frame in the WAL and no writer, the file alone is the
    whole database and stays as it is (readers carry on). Several times quicker than
    SQLite's backup API, which copies page by page through both page caches. It cannot
    be had while another drill holds a read open (the checkpoint cannot finish) or if
    a rating lands between the checkpoint and the lock.
    """
    import shutil
    import sqlite3

    source = sqlite3.connect(src, isolation_level=None)
    try:
        # Briefly: the page-by-page copy needs no lock, so waiting long here gains nothing.
        source.execute(f"PRAGMA busy_timeout = {QUIET_WAIT_MS}")
        if str(source.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            return False
        busy, _, _ = source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            return False
        source.execute("BEGIN IMMEDIATE")
        try:
            wal = src.with_name(src.name + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                return False
            shutil.copyfile(src, dest)
        finally:
            source.execute("ROLLBACK")
    except sqlite3.OperationalError:
        return False  # busy, locked: the page-by-page copy waits its turn instead
    finally:
        source.close()
    return True
