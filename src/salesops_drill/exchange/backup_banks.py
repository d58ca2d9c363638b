"""The user's own banks inside a backup file.

A backup is one SQLite file: the progress store's tables plus, in backups only, one
table holding every YAML file of the banks folder (cards imported from CSV, edited
built-in cards, hand-written banks). Settings need nothing extra: they live in the
store's ``config`` table. The live store never has this table: :func:`take` reads and
drops it from the private copy a restore works on, before that copy becomes the store.

A backup may come from anywhere, so every row is checked before a byte is written: a
relative path of plain names ending in .yaml or .yml (no ``..``, no absolute path, no
hidden part), each file within the content size limit, a bounded number of files, no
path twice. A bank that is replaced is kept beside itself, renamed so it is no longer
loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from salesops_drill import inputs
from salesops_drill.errors import StoreError
from salesops_drill.paths import YAML_SUFFIXES, content_files

if TYPE_CHECKING:
    import sqlite3

TABLE = "backup_bank_file"
SQL = f"CREATE TABLE {TABLE} (path TEXT NOT NULL, content BLOB NOT NULL)"
#: The one schema object a backup may hold beyond the store's own, as sqlite_master lists it.
OBJECTS = {TABLE: ("table", TABLE, SQL)}
MAX_FILES = 10_000
_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_. -]*")


@dataclass
class BanksRestored:
    """What a restore did to the banks folder."""

    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    kept: list[Path] = field(default_factory=list)  # copies of banks it replaced


def add(copy: sqlite3.Connection, banks_dir: Path) -> int:
    """Put every bank file under ``banks_dir`` into the backup copy; returns how many."""
    from salesops_drill.inputs import InputRefused, read_input

    copy.execute(SQL)
    count = 0
    for path in content_files(banks_dir):
        relative = path.relative_to(banks_dir).as_posix()
        try:
            content = read_input(path, inputs.MAX_CONTENT_FILE_BYTES, "a bank")
        except (InputRefused, OSError) as exc:
            raise StoreError(f"cannot back up the bank {path}: {exc}") from exc
        copy.execute(f"INSERT INTO {TABLE} (path, content) VALUES (?, ?)", (relative, content))
        count += 1
    return count


def count(conn: sqlite3.Connection) -> int:
    """How many bank files the backup behind ``conn`` holds (0 for an older backup)."""
    if not _has_table(conn):
        return 0
    return int(conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0])


def _has_table(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,))
    return row.fetchone() is not None


def check_path(text: object) -> PurePosixPath:
    """The stored path as a safe relative path; raises ValueError saying why not."""
    if not isinstance(text, str) or not text:
        raise ValueError("a bank file without a name")
    path = PurePosixPath(text)
    if path.is_absolute() or "\\" in text or len(text) > 255:
        raise ValueError(f"the bank path '{text[:80]}' is not a plain relative path")
    if not all(_PART.fullmatch(part) and part not in (".", "..") for part in path.parts):
        raise ValueError(f"the bank path '{text[:80]}' is not a plain relative path")
    if path.suffix not in YAML_SUFFIXES:
        raise ValueError(f"the bank path '{text[:80]}' is not a .yaml or .yml file")
    return path


def take(conn: sqlite3.Connection, name: str) -> list[tuple[PurePosixPath, bytes]]:
    """Read and check the bank files in a backup copy, then drop their table.

    ``name`` names the backup in messages. Raises StoreError before anything is written
    if one row is not acceptable.
    """
    if not _has_table(conn):
        return []
    files: list[tuple[PurePosixPath, bytes]] = []
    seen: set[str] = set()
    limit = inputs.MAX_CONTENT_FILE_BYTES
    total = int(conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0])
    if total > MAX_FILES:
        raise StoreError(f"{name} holds {total} bank files; a backup may hold at most {MAX_FILES}")
    rows = conn.execute(f"SELECT path, length(content), content FROM {TABLE} ORDER BY rowid")
    for text, size, content in rows:
        try:
            path = check_path(text)
            if not isinstance(content, bytes):
                content = str(content).encode("utf-8")
            if (size or 0) > limit:
                raise ValueError(f"the bank '{path}' is larger than a content file may be")
            if path.as_posix().lower() in seen:
                raise ValueError(f"the bank '{path}' appears twice")
        except ValueError as exc:
            raise StoreError(f"{name} is not a usable backup: {exc}") from exc
        seen.add(path.as_posix().lower())
        files.append((path, content))
    conn.execute(f"DROP TABLE {TABLE}")
    return files


def put(banks_dir: Path, files: list[tuple[PurePosixPath, bytes]], now: datetime) -> BanksRestored:
    """Write the backup's banks into ``banks_dir``.

    A bank with the same content is left alone; one that differs is kept beside itself
    as ``NAME.before-restore-YYYYMMDD-HHMMSS`` (not loaded: it no longer ends in .yaml)
    and replaced. Banks the backup does not have are left as they are.
    """
    from salesops_drill.atomic import write_atomic

    done = BanksRestored()
    stamp = f"before-restore-{now.astimezone(timezone.utc):%Y%m%d-%H%M%S}"
    targets = [(_target(banks_dir, relative), content) for relative, content in files]
    for target, content in targets:
        if target.is_file():
            if target.read_bytes() == content:
                done.unchanged += 1
                continue
            kept = _free(target.with_name(f"{target.name}.{stamp}"))
            kept.write_bytes(target.read_bytes())
            done.kept.append(kept)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, content, force=True)
        done.written.append(target)
    return done


def _target(banks_dir: Path, relative: PurePosixPath) -> Path:
    """Where a bank goes, checked before anything is written: a regular file (or none)
    inside the banks folder, reached without following a link."""
    target = banks_dir.joinpath(*relative.parts)
    step = banks_dir
    for part in relative.parts:
        step = step / part
        if step.is_symlink() or (step.exists() and step != target and not step.is_dir()):
            raise StoreError(
                f"{step} is not a regular file or folder; nothing of the banks was restored"
            )
    if target.exists() and not target.is_file():
        raise StoreError(f"{target} is not a regular file; nothing of the banks was restored")
    return target


def _free(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate
