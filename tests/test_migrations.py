from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from salesops_drill.store import Store
from salesops_drill.store.migrations import MIGRATIONS

NOW = datetime(2025, 3, 10, 12, 0, 5, tzinfo=timezone.utc)


def build_old(path: Path, version: int) -> None:
    """A database as an older salesops-drill left it: the first ``version`` migrations."""
    conn = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:version]:
        step(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(
        "INSERT INTO card_state (card_id, state, due, first_seen)"
        " VALUES ('kept', 'review', '2025-01-01T00:00:00.000000+00:00',"
        " '2024-12-01T00:00:00.000000+00:00')"
    )
    conn.close()


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def test_migrations_are_numbered_in_order():
    names = [m.__name__ for m in MIGRATIONS]
    assert names[0] == "m001_initial"
    for n, name in enumerate(names, start=1):
        assert re.fullmatch(rf"m{n:03d}_[a-z0-9_]+", name), name


def test_full_schema(tmp_path):
    with Store.open(tmp_path / "progress.db"):
        pass
    conn = sqlite3.connect(tmp_path / "progress.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert columns(conn, "card_state") == [
        "card_id",
        "state",
        "step",
        "stability",
        "difficulty",
        "due",
        "last_review",
        "first_seen",
    ]
    assert columns(conn, "review_log") == [
        "id",
        "card_id",
        "rating",
        "reviewed_at",
        "duration_ms",
        "source",
        "before_state",
        "before_step",
        "before_stability",
        "before_difficulty",
        "before_due",
        "before_last_review",
        "before_first_seen",
        "prev_state",
    ]
    assert columns(conn, "config") == ["key", "value"]
    assert columns(conn, "interview_session") == [
        "id",
        "role",
        "started_at",
        "finished_at",
        "seed",
        "planned",
        "settings",
        "score",
    ]
    assert "follow_up_answer" in columns(conn, "interview_answer")
    assert columns(conn, "card_suspended") == ["card_id", "suspended_at"]
    indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {
        "card_state_due",
        "review_log_card_id",
        "review_log_time",
        "interview_answer_session",
        "interview_answer_question",
        "interview_session_role",
        "card_state_first_seen",
    } <= indexes


def test_new_file_is_migrated_without_a_backup(tmp_path):
    with Store.open(tmp_path / "progress.db", now=NOW) as store:
        assert store.last_backup is None
        assert store.schema_version == len(MIGRATIONS)
    assert [p.name for p in tmp_path.glob("*backup*")] == []


def test_empty_file_counts_as_new(tmp_path):
    path = tmp_path / "progress.db"
    path.touch()
    with Store.open(path, now=NOW) as store:
        assert store.last_backup is None
        assert store.schema_version == len(MIGRATIONS)


@pytest.mark.parametrize("version", range(1, len(MIGRATIONS)))
def test_older_schema_is_backed_up_then_migrated(tmp_path, version):
    path = tmp_path / "progress.db"
    build_old(path, version)
    with Store.open(path, now=NOW) as store:
        backup = store.last_backup
        assert backup == tmp_path / "progress.db.backup-20250310-120005"
        assert store.schema_version == len(MIGRATIONS)
        assert store.get_state("kept") is not None
        store.start_session("manager", NOW, seed=1, planned=3, settings={})
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == version
    assert old.execute("SELECT card_id FROM card_state").fetchall() == [("kept",)]
    # One self-contained file, as `drill backup` writes them: no -wal to lose beside it.
    assert old.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_second_backup_in_the_same_second_gets_a_suffix(tmp_path):
    path = tmp_path / "progress.db"
    taken = tmp_path / "progress.db.backup-20250310-120005"
    taken.write_bytes(b"an earlier backup")
    build_old(path, 1)
    with Store.open(path, now=NOW) as store:
        assert store.last_backup == tmp_path / "progress.db.backup-20250310-120005-2"
    assert taken.read_bytes() == b"an earlier backup"


def test_current_schema_is_not_backed_up_again(tmp_path):
    path = tmp_path / "progress.db"
    build_old(path, 1)
    Store.open(path, now=NOW).close()
    with Store.open(path, now=NOW) as store:
        assert store.last_backup is None
    assert len(list(tmp_path.glob("*backup*"))) == 1


def test_suspended_cards_stay_migration_4_and_the_history_indexes_come_after(tmp_path):
    """Migration 4 (suspended cards) shipped before the history indexes: a file at
    version 4 keeps its suspended cards and gains the indexes as version 5."""
    names = [m.__name__ for m in MIGRATIONS]
    assert names[3:5] == ["m004_suspended_cards", "m005_history_indexes"]
    path = tmp_path / "progress.db"
    build_old(path, 4)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO card_suspended VALUES ('kept', '2025-02-01T00:00:00+00:00')")
    conn.close()
    with Store.open(path, now=NOW) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store.last_backup is not None
        assert list(store.suspended()) == ["kept"]
    conn = sqlite3.connect(path)
    indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"interview_session_role", "card_state_first_seen"} <= indexes


def test_migrated_file_keeps_every_row(tmp_path):
    path = tmp_path / "progress.db"
    build_old(path, 1)
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO review_log (card_id, rating, reviewed_at, source)"
            " VALUES (?, 3, ?, 'review')",
            [(f"c{i}", f"2025-01-01T00:00:{i:02d}.000000+00:00") for i in range(50)],
        )
        conn.execute("INSERT INTO config VALUES ('new_per_day', '7')")
    conn.close()
    with Store.open(path, now=NOW) as store:
        assert len(store.review_log()) == 50
        assert store.get_config("new_per_day") == "7"
