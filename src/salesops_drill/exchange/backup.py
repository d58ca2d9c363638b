"""Back up and restore the progress store (progress as JSON: see ``progress``).

Every copy of a database is one consistent snapshot even while another drill is
writing (see :mod:`~salesops_drill.store.file`, which also holds the checks of what
makes a file a drill database).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesops_drill.errors import DrillError, StoreError, UsageError
from salesops_drill.store import schema as store_schema
from salesops_drill.store.file import (
    BUSY_TIMEOUT_MS,
    check_not_newer,
    copy_to_new,
    is_sqlite,
    row_counts,
    snapshot,
    timestamped_sibling,
)
from salesops_drill.store.migrations import MIGRATIONS

if TYPE_CHECKING:
    from salesops_drill.exchange.backup_banks import BanksRestored


@dataclass(frozen=True)
class StoreSummary:
    """What a progress database holds, as a user would count it."""

    path: Path
    schema_version: int
    reviews: int
    cards: int
    interviews: int
    banks: int = 0  # bank files held (a backup only)


@dataclass(frozen=True)
class RestoreResult:
    restored: StoreSummary
    kept: Path | None  # the store as it was before, if there was one
    migrated_backup: Path | None  # Store.open's copy, if the backup had an older schema
    banks: BanksRestored | None = None  # what happened to the banks folder


# ---------------------------------------------------------------- backup


def backup(
    db: Path, dest: Path, force: bool = False, banks_dir: Path | None = None
) -> StoreSummary:
    """Copy the store at ``db`` to ``dest`` and check the copy; returns what it holds.

    With ``banks_dir``, the user's bank files go into the copy too (see
    :mod:`~salesops_drill.exchange.backup_banks`). Safe while another drill process has
    the store open. The copy is a self-contained file (no ``-wal``), moved into place
    only once it has passed its checks (the exact schema, banks table included; the
    page-by-page integrity check waits for :func:`restore`).
    """
    import sqlite3  # imported here: start-up speed

    from salesops_drill.atomic import check_target, write_atomic

    if dest.is_dir():
        raise UsageError(f"{dest} is a directory; give a file name, e.g. -o {dest / 'drill.db'}")
    check_target(dest, force)
    if not db.exists() or db.stat().st_size == 0:
        raise DrillError(f"there is no progress to back up yet ({db} does not exist)")
    if db.resolve() == dest.resolve():
        raise UsageError(f"{dest} is the progress store itself; choose another file")
    if not is_sqlite(db):
        raise StoreError(f"{db} is not a drill progress database; there is nothing to back up")
    checked: list[StoreSummary] = []

    def checked_copy(tmp: Path) -> None:
        snapshot(db, tmp)
        if banks_dir is not None:
            _add_banks(tmp, banks_dir)
        # The copy holds the pages as they were, so its integrity is checked when it is
        # restored (that reads every page: seconds on a long history).
        checked.append(check_backup(tmp, what=str(db), thorough=False))

    try:
        write_atomic(dest, checked_copy, force)
    except sqlite3.Error as exc:
        raise StoreError(f"could not back up {db} to {dest}: {exc}") from exc
    summary = checked[0]
    return StoreSummary(
        dest,
        summary.schema_version,
        summary.reviews,
        summary.cards,
        summary.interviews,
        summary.banks,
    )


def _add_banks(copy: Path, banks_dir: Path) -> None:
    import sqlite3

    from salesops_drill.exchange import backup_banks

    conn = sqlite3.connect(copy)
    try:
        with conn:
            backup_banks.add(conn, banks_dir)
    finally:
        conn.close()


def check_backup(path: Path, what: str | None = None, thorough: bool = True) -> StoreSummary:
    """Check that ``path`` is a sound drill database this version can use, read-only.

    ``what`` names the file in messages (default: ``path``). ``thorough`` runs SQLite's
    integrity check over every page too; without it, damage is found only where the
    schema and the counts read it. Raises StoreError.
    """
    import sqlite3

    name = what or str(path)
    not_ours = StoreError(f"{name} is not a drill backup or progress database")
    if not path.is_file():
        raise UsageError(f"no such file: {name}") if not path.exists() else not_ours
    if not is_sqlite(path):
        raise not_ours
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {name}: {exc}") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        problems = ["ok"]
        if thorough:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise StoreError(f"{name} is damaged (integrity check: {problems[0]})")
        foreign = store_schema.foreign(conn)
        if foreign is not None:
            raise StoreError(f"{not_ours.message}: {foreign}")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        check_not_newer(name, version)
        if version < 1:
            raise not_ours
        # Exactly the schema drill gives that version: a trigger, a view or a table of
        # another shape would break, or quietly undo, every later command.
        from salesops_drill.exchange import backup_banks

        reason = store_schema.mismatch(conn, version, optional=backup_banks.OBJECTS)
        if reason is not None:
            raise StoreError(f"{not_ours.message}: {reason}")
        reviews, cards, interviews = row_counts(conn)
        return StoreSummary(path, version, reviews, cards, interviews, backup_banks.count(conn))
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{name} is damaged or not a drill backup ({exc})") from exc
    finally:
        conn.close()


# ---------------------------------------------------------------- restore


def before_restore_path(db: Path, now: datetime) -> Path:
    """``progress.db.before-restore-YYYYMMDD-HHMMSS`` (UTC), with ``-N`` if that is taken."""
    return timestamped_sibling(db, "before-restore", now)


def restore(db: Path, src: Path, now: datetime, banks_dir: Path | None = None) -> RestoreResult:
    """Put the backup ``src`` in place of the store at ``db``, keeping the current one.

    With ``banks_dir``, the bank files the backup holds are written there afterwards
    (any bank they replace is kept beside it); without, they are left out.

    Nothing is touched unless ``src`` is a sound drill database this version can use.
    The backup is copied to a private file beside the store, checked (exact schema,
    integrity), migrated there if it is from an older version, and checked again; only
    that finished copy reaches the store. A copy of the current store is kept beside it
    (:func:`before_restore_path`), and of an older backup as it was before upgrading.
    """
    import sqlite3

    from salesops_drill.atomic import temp_beside

    if db.exists() and src.exists() and db.resolve() == src.resolve():
        raise UsageError(f"{src} is the progress store itself; give a backup file")
    check_backup(src)
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        with temp_beside(db, "restore") as staged:
            snapshot(src, staged)
            banks = _take_banks(staged, src)
            migrated = _upgrade(staged, src, db, now)
            try:
                kept = _put_in_place(staged, db, now)
            except BaseException:
                if migrated is not None:
                    migrated.unlink(missing_ok=True)
                raise
    except sqlite3.Error as exc:
        raise StoreError(f"could not restore {src} into {db}: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"could not restore {src} into {db}: {exc.strerror or exc}") from exc
    restored = RestoreResult(check_backup(db), kept, migrated)
    if banks_dir is None or not banks:
        return restored
    from salesops_drill.exchange import backup_banks

    try:
        done = backup_banks.put(banks_dir, banks, now)
    except OSError as exc:
        raise StoreError(
            f"your progress was restored, but the banks could not be written to {banks_dir}: "
            f"{exc.strerror or exc}"
        ) from exc
    return RestoreResult(restored.restored, kept, migrated, done)


def _take_banks(staged: Path, src: Path) -> list[Any]:
    """The backup's bank files, checked, and their table dropped from the private copy."""
    import sqlite3

    from salesops_drill.exchange import backup_banks

    conn = sqlite3.connect(staged)
    try:
        with conn:
            files = backup_banks.take(conn, str(src))
    finally:
        conn.close()
    return files


def _upgrade(staged: Path, src: Path, db: Path, now: datetime) -> Path | None:
    """Check the staged copy and bring it to the latest schema; returns the pre-upgrade
    copy kept beside ``db``, if one was needed. On failure nothing is left behind."""
    import sqlite3

    from salesops_drill.store import upgrade_copy

    version = check_backup(staged, what=str(src)).schema_version
    if version == len(MIGRATIONS):
        return None
    before = copy_to_new(staged, timestamped_sibling(db, "backup", now))
    try:
        upgrade_copy(staged)
        check_backup(staged, what=str(src))
    except (sqlite3.Error, StoreError) as exc:
        before.unlink(missing_ok=True)
        detail = exc.message if isinstance(exc, StoreError) else str(exc)
        raise StoreError(
            f"could not upgrade {src} to schema {len(MIGRATIONS)} ({detail}); nothing was restored"
        ) from exc
    except BaseException:
        before.unlink(missing_ok=True)
        raise
    return before


def _put_in_place(staged: Path, db: Path, now: datetime) -> Path | None:
    """Make the checked copy the store; returns where the old store was kept, if any."""
    if _is_sound(db):
        # Copied *into* the live database with the backup API, not swapped in with
        # os.replace: a drill still running (a review in another terminal) holds the
        # old file and its -wal open, and a swapped file would leave it writing to a
        # deleted inode, or replaying the old -wal into the new file. Through the API
        # the restore is one write transaction that other connections see at once,
        # and a failure half-way rolls back.
        _match_page_size(staged, db)
        kept = copy_to_new(db, before_restore_path(db, now))
        try:
            _restore_into(staged, db)
        except BaseException:
            kept.unlink(missing_ok=True)
            raise
        return kept
    # Missing, empty or unreadable: nothing can usefully have it open. Its bytes (and
    # any -wal/-shm beside it, which must not meet the new file) move aside.
    kept = None
    if db.exists() and db.stat().st_size > 0:
        kept = before_restore_path(db, now)
    _move_aside(db, kept)
    os.replace(staged, db)
    return kept


def _is_sound(db: Path) -> bool:
    """True if ``db`` is an SQLite database that opens and passes a quick check."""
    import sqlite3

    if not db.is_file() or db.stat().st_size == 0 or not is_sqlite(db):
        return False
    conn = sqlite3.connect(db)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return [row[0] for row in conn.execute("PRAGMA quick_check")] == ["ok"]
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def _page_size(path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()


def _match_page_size(staged: Path, db: Path) -> None:
    """Rebuild the private copy with the store's page size.

    SQLite's backup API cannot change the page size of a database in WAL mode ("attempt
    to write a readonly database"), so a backup written with another page size (8192,
    say) could not be restored into the store. The copy is in rollback-journal mode,
    where VACUUM can change it.
    """
    import sqlite3

    size = _page_size(db)
    if _page_size(staged) == size:
        return
    conn = sqlite3.connect(staged, isolation_level=None)
    try:
        conn.execute(f"PRAGMA page_size = {size}")
        conn.execute("VACUUM")
    finally:
        conn.close()


def _restore_into(src: Path, db: Path) -> None:
    import sqlite3

    source = sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(db)
    try:
        target.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        source.backup(target)
    finally:
        target.close()
        source.close()


def _move_aside(db: Path, kept: Path | None) -> None:
    """Move ``db`` and its -wal/-shm to ``kept`` (+ suffix); without ``kept``, drop them."""
    for suffix in ("", "-wal", "-shm"):
        path = db.with_name(db.name + suffix)
        if not path.exists():
            continue
        if kept is None:
            path.unlink()
        else:
            os.replace(path, kept.with_name(kept.name + suffix))
