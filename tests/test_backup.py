"""``drill backup``, ``drill restore`` and ``drill export progress``."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from salesops_drill.scheduler import CardState
from salesops_drill.store import Store
from salesops_drill.store.migrations import MIGRATIONS
from tests.e2e.terminal import Terminal
from tests.helpers import run

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)


def rate(db: Path, *card_ids: str, rating: int = 3) -> None:
    """Record a review of each card, as a review session would."""
    with Store.open(db) as store:
        for cid in card_ids:
            state = CardState(
                cid, "review", stability=3.0, difficulty=5.0, due=NOW, last_review=NOW
            )
            store.record_review(state, rating, NOW, 1500)


def log(db: Path) -> list[tuple[str, int]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT card_id, rating FROM review_log ORDER BY id").fetchall()
    finally:
        conn.close()


def check(db: Path) -> tuple[str, int, str]:
    """(integrity_check, user_version, journal_mode) of a database file."""
    conn = sqlite3.connect(db)
    try:
        return (
            conn.execute("PRAGMA integrity_check").fetchone()[0],
            conn.execute("PRAGMA user_version").fetchone()[0],
            conn.execute("PRAGMA journal_mode").fetchone()[0],
        )
    finally:
        conn.close()


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def db(drill_home: Path) -> Path:
    return drill_home / "progress.db"


# ---------------------------------------------------------------- backup


def test_backup_is_a_checked_standalone_copy(tmp_path, db):
    rate(db, "c-one", "c-two")
    out = tmp_path / "backup.db"
    result = run("backup", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert (
        f"Backed up 2 reviews, 2 scheduled cards, 0 interviews, your settings and 0 bank files "
        f"to {out}"
    ) in result.stdout
    assert check(out) == ("ok", len(MIGRATIONS), "delete")  # one file, no -wal needed
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "drill-home") == ["backup.db"]
    assert log(out) == [("c-one", 3), ("c-two", 3)]


def test_backup_refuses_to_overwrite_without_force(tmp_path, db):
    rate(db, "c-one")
    out = tmp_path / "backup.db"
    out.write_bytes(b"precious")
    refused = run("backup", "-o", str(out))
    assert refused.exit_code == 2
    assert refused.stderr == f"drill: error: {out} already exists; use --force to overwrite it\n"
    assert out.read_bytes() == b"precious"
    forced = run("backup", "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert log(out) == [("c-one", 3)]


def test_backup_error_paths(tmp_path, db):
    nothing = run("backup", "-o", str(tmp_path / "b.db"))
    assert nothing.exit_code == 1 and "there is no progress to back up yet" in nothing.stderr
    rate(db, "c-one")
    folder = run("backup", "-o", str(tmp_path))
    assert folder.exit_code == 2 and "is a directory" in folder.stderr
    missing = run("backup", "-o", str(tmp_path / "no" / "b.db"))
    assert missing.exit_code == 1 and "does not exist" in missing.stderr
    itself = run("backup", "-o", str(db), "--force")
    assert itself.exit_code == 2 and "is the progress store itself" in itself.stderr
    no_option = run("backup")
    assert no_option.exit_code == 2 and "Missing option" in no_option.stderr
    db.write_bytes(b"not a database at all")
    foreign = run("backup", "-o", str(tmp_path / "b.db"))
    assert foreign.exit_code == 1 and "is not a drill progress database" in foreign.stderr
    assert not (tmp_path / "b.db").exists()


# ---------------------------------------------------------------- restore


def test_restore_puts_the_backup_back_and_keeps_the_current_store(tmp_path, db, drill_home):
    rate(db, "c-one")
    out = tmp_path / "backup.db"
    assert run("backup", "-o", str(out)).exit_code == 0
    rate(db, "c-two", "c-three")
    result = run("restore", str(out))
    assert result.exit_code == 0, result.stderr
    assert (
        f"Restored 1 review, 1 scheduled card, 0 interviews and your settings from {out}"
    ) in result.stdout
    assert log(db) == [("c-one", 3)]
    (kept,) = drill_home.glob("progress.db.before-restore-*")
    assert re.fullmatch(r"progress\.db\.before-restore-\d{8}-\d{6}", kept.name)
    assert f"kept at {kept}" in result.stdout
    assert log(kept) == [("c-one", 3), ("c-two", 3), ("c-three", 3)]
    assert check(db)[0] == "ok" and check(kept)[0] == "ok"

    # the kept copy is itself a backup: restoring it undoes the restore
    back = run("restore", str(kept))
    assert back.exit_code == 0, back.stderr
    assert log(db) == [("c-one", 3), ("c-two", 3), ("c-three", 3)]
    assert len(list(drill_home.glob("progress.db.before-restore-*"))) == 2


def test_restore_into_a_store_another_process_has_open(tmp_path, db):
    """Copied in through SQLite, so an open connection sees the backup, not a stale file."""
    rate(db, "c-one")
    out = tmp_path / "backup.db"
    assert run("backup", "-o", str(out)).exit_code == 0
    with Store.open(db) as other:
        rate(db, "c-two")
        assert len(other.review_log()) == 2
        assert run("restore", str(out)).exit_code == 0
        assert [r.card_id for r in other.review_log()] == ["c-one"]
        other.record_review(CardState.new("c-four"), 3, NOW, None)  # it can go on writing
    assert log(db) == [("c-one", 3), ("c-four", 3)]
    assert check(db)[0] == "ok"


def write_sqlite(path: Path, version: int, tables: tuple[str, ...]) -> Path:
    conn = sqlite3.connect(path)
    for table in tables:
        conn.execute(f"CREATE TABLE {table} (x)")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        (lambda p: p.write_text("id,front\n"), 1, "{p} is not a drill backup or progress database"),
        (lambda p: p.write_bytes(b""), 1, "{p} is not a drill backup or progress database"),
        (
            lambda p: write_sqlite(p, 0, ("notes",)),
            1,
            "{p} is not a drill backup or progress database",
        ),
        (
            lambda p: write_sqlite(p, len(MIGRATIONS) + 1, ("card_state", "review_log", "config")),
            1,
            f"{{p}} was written by a newer version of salesops-drill (schema "
            f"{len(MIGRATIONS) + 1}, this version knows {len(MIGRATIONS)}); upgrade",
        ),
        (lambda p: p.mkdir(), 1, "{p} is not a drill backup or progress database"),
        (lambda p: None, 2, "no such file: {p}"),
    ],
)
def test_restore_refuses_what_is_not_a_drill_backup(tmp_path, db, drill_home, make, code, message):
    rate(db, "c-one")
    before = files(drill_home)
    bad = tmp_path / "suspect.db"
    make(bad)
    result = run("restore", str(bad))
    assert result.exit_code == code
    assert result.stderr.startswith("drill: error: " + message.format(p=bad))
    assert len(result.stderr.splitlines()) == 1
    assert files(drill_home) == before  # byte-identical, and no before-restore copy


def test_restore_refuses_a_damaged_backup(tmp_path, db, drill_home):
    rate(db, "c-one", "c-two")
    out = tmp_path / "backup.db"
    assert run("backup", "-o", str(out)).exit_code == 0
    data = bytearray(out.read_bytes())
    for page in range(4096, len(data), 4096):
        data[page : page + 8] = b"\xff" * 8  # no valid b-tree page header left
    out.write_bytes(bytes(data))
    before = files(drill_home)
    result = run("restore", str(out))
    assert result.exit_code == 1
    assert "damaged" in result.stderr or "not a drill backup" in result.stderr
    assert files(drill_home) == before


@pytest.mark.parametrize("reader", [False, True], ids=["quiet", "while-another-reads"])
def test_backup_holds_every_committed_review(tmp_path, db, reader, monkeypatch):
    """The file is copied whole when the store is quiet, page by page while another
    connection holds a read open (the log cannot be emptied then): the same either way."""
    from salesops_drill.exchange import backup as module
    from salesops_drill.store import file as store_file

    whole: list[bool] = []
    quiet = store_file._copy_quiet_file
    monkeypatch.setattr(
        store_file, "_copy_quiet_file", lambda *a: whole.append(quiet(*a)) or whole[-1]
    )
    rate(db, "c-one", "c-two")
    other = sqlite3.connect(db, isolation_level=None)
    try:
        if reader:
            other.execute("BEGIN")
            other.execute("SELECT count(*) FROM review_log").fetchone()  # holds a snapshot
        rate(db, "c-three")  # committed after that snapshot: still in the WAL
        out = tmp_path / "backup.db"
        summary = module.backup(db, out)
    finally:
        other.close()
    assert whole == [not reader]
    assert summary.reviews == 3
    assert log(out) == [("c-one", 3), ("c-two", 3), ("c-three", 3)]
    assert check(out) == ("ok", len(MIGRATIONS), "delete")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "drill-home") == ["backup.db"]


def test_backup_leaves_the_page_by_page_check_to_restore(tmp_path, db, drill_home):
    """Backing up does not read every page (seconds on a long history); a copy of a
    store with a damaged page the backup does not read is refused when restored."""
    rate(db, "c-one")
    conn = sqlite3.connect(db)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'config'").fetchone()
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * size : (root - 1) * size + 16] = b"\xff" * 16
    db.write_bytes(bytes(data))
    out = tmp_path / "backup.db"
    made = run("backup", "-o", str(out))
    assert made.exit_code == 0, made.stderr
    assert "Backed up 1 review, 1 scheduled card, 0 interviews" in made.stdout
    restored = run("restore", str(out))
    assert restored.exit_code == 1
    assert restored.stderr.startswith(f"drill: error: {out} is damaged")


def test_restore_an_older_schema_migrates_it(tmp_path, db, drill_home):
    from tests.test_migrations import build_old

    old = tmp_path / "old.db"
    build_old(old, 1)
    result = run("restore", str(old))
    assert result.exit_code == 0, result.stderr
    assert check(db)[1] == len(MIGRATIONS)
    assert "came from an older version and was upgraded" in result.stdout
    (pre_upgrade,) = drill_home.glob("progress.db.backup-*")
    assert check(pre_upgrade)[1] == 1
    assert "kept at" not in result.stdout  # there was no store before


def test_restore_over_an_unreadable_store_moves_it_aside(tmp_path, db, drill_home):
    rate(db, "c-one")
    out = tmp_path / "backup.db"
    assert run("backup", "-o", str(out)).exit_code == 0
    for path in drill_home.glob("progress.db*"):
        path.unlink()
    db.write_bytes(b"garbage that used to be a database")
    (drill_home / "progress.db-wal").write_bytes(b"stale wal")
    result = run("restore", str(out))
    assert result.exit_code == 0, result.stderr
    assert log(db) == [("c-one", 3)] and check(db)[0] == "ok"
    (kept,) = drill_home.glob("progress.db.before-restore-*[0-9]")
    assert kept.read_bytes() == b"garbage that used to be a database"
    assert kept.with_name(kept.name + "-wal").read_bytes() == b"stale wal"


def test_restore_the_store_onto_itself_is_refused(db):
    rate(db, "c-one")
    result = run("restore", str(db))
    assert result.exit_code == 2 and "is the progress store itself" in result.stderr


# ---------------------------------------------------------------- export progress


def test_export_progress_as_json(tmp_path, db):
    rate(db, "c-one", "c-two")
    result = run("export", "progress", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "salesops-drill-progress"
    assert data["schema_version"] == len(MIGRATIONS)
    assert data["reviews"] == [
        {
            "card_id": cid,
            "rating": 3,
            "reviewed_at": "2025-03-10T12:00:00+00:00",
            "duration_ms": 1500,
            "source": "review",
        }
        for cid in ("c-one", "c-two")
    ]
    assert [c["card_id"] for c in data["cards"]] == ["c-one", "c-two"]
    assert data["cards"][0]["state"] == "review"
    assert data["cards"][0]["due"] == "2025-03-10T12:00:00+00:00"

    out = tmp_path / "progress.json"
    written = run("export", "progress", "-o", str(out))
    assert written.exit_code == 0
    assert "Wrote 2 reviews and 2 cards" in written.stdout
    assert json.loads(out.read_text())["reviews"] == data["reviews"]

    summary = run("export", "progress")
    assert summary.stdout.startswith("2 reviews, 2 cards with a schedule.")

    bad = run("export", "progress", "-o", str(tmp_path / "no" / "p.json"))
    assert bad.exit_code == 1 and "does not exist" in bad.stderr


# ---------------------------------------------------------------- while a review runs

COUNTER = re.compile(r"New (\d+)\s+Learning (\d+)\s+Review (\d+)\s+done (\d+)")


def done(text: str) -> int:
    match = COUNTER.search(text)
    assert match, text
    return int(match.group(4))


@pytest.mark.slow
def test_backup_during_a_review_in_another_process(tmp_path, db, drill_home):
    term = Terminal(["review", "--new", "10"], drill_home)
    term.wait_for("Space")

    def rate_next(rating: str) -> None:
        before = done(term.text)
        term.press(" ")
        term.wait_for("Again")
        term.press(rating)
        term.wait_for(lambda t: done(t) == before + 1)

    for rating in "34":
        rate_next(rating)
    before_backup = log(db)
    assert len(before_backup) == 2
    out = tmp_path / "during.db"
    result = run("backup", "-o", str(out))  # the review is still open, mid-session
    assert result.exit_code == 0, result.stderr
    for rating in "213":
        rate_next(rating)
    term.press("q")
    assert term.finish() == 0
    assert len(log(db)) == 5

    assert check(out)[0] == "ok"
    assert log(out) == before_backup  # every rating made before the backup, nothing after

    restored = run("restore", str(out))
    assert restored.exit_code == 0, restored.stderr
    assert check(db)[0] == "ok"
    assert log(db) == before_backup


# ---------------------------------------------------------------- exact schema on restore


def tamper(path: Path, *statements: str) -> Path:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()
    return path


def recreate_review_log_as(path: Path, replacement: str) -> Path:
    """Drop the review log (and its indexes) and put ``replacement`` in its place."""
    return tamper(
        path,
        "DROP INDEX review_log_card_id",
        "DROP INDEX review_log_time",
        "DROP TABLE review_log",
        replacement,
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda p: tamper(
                p,
                "CREATE TRIGGER wipe AFTER INSERT ON review_log BEGIN DELETE FROM review_log; END",
            ),
            "it has a trigger 'wipe', which drill never creates",
        ),
        (
            lambda p: recreate_review_log_as(
                p, "CREATE VIEW review_log AS SELECT 'c-x' AS card_id, 3 AS rating"
            ),
            "'review_log' is a view, not a table as drill creates it",
        ),
        (
            lambda p: recreate_review_log_as(p, "CREATE TABLE review_log (id, card_id)"),
            "table 'review_log' does not have the columns drill gives it",
        ),
        (
            lambda p: tamper(p, "CREATE TABLE notes (x)"),
            "it has a table 'notes', which drill never creates",
        ),
        (
            lambda p: tamper(p, "CREATE INDEX extra ON config(value)"),
            "it has an index 'extra', which drill never creates",
        ),
        (
            lambda p: tamper(p, "DROP INDEX card_state_due"),
            "index 'card_state_due' is missing",
        ),
    ],
    ids=["trigger", "view", "wrong-columns", "extra-table", "extra-index", "missing-index"],
)
def test_restore_accepts_only_the_exact_schema(tmp_path, db, drill_home, change, reason):
    rate(db, "c-one")
    out = tmp_path / "backup.db"
    assert run("backup", "-o", str(out)).exit_code == 0
    change(out)
    before = files(drill_home)
    result = run("restore", str(out))
    assert result.exit_code == 1, result.stdout
    assert result.stderr == (
        f"drill: error: {out} is not a drill backup or progress database: {reason}\n"
    )
    assert files(drill_home) == before  # live store untouched, no before-restore copy
    # and every command still works on the live store
    assert run("export", "progress", "--json").exit_code == 0
    rate(db, "c-two")
    assert log(db) == [("c-one", 3), ("c-two", 3)]


# ---------------------------------------------------------------- migrate a copy, then swap


def test_a_backup_that_fails_to_migrate_leaves_the_live_store_alone(tmp_path, db, drill_home):
    """The backup is migrated as a private copy; the live store only ever sees the result."""
    from salesops_drill.store import schema as store_schema

    rate(db, "c-one")
    out = tmp_path / "backup.db"
    assert run("backup", "-o", str(out)).exit_code == 0
    rate(db, "c-two")
    before = files(drill_home)

    def m_broken(conn: sqlite3.Connection) -> None:  # a next version that cannot apply
        conn.execute("CREATE TABLE later (x)")
        conn.execute("CREATE TABLE config (key, value)")  # config already exists

    live = check(db)[1]
    MIGRATIONS.append(m_broken)  # the backup is now one version behind
    try:
        result = run("restore", str(out))
    finally:
        MIGRATIONS.pop()
        store_schema.expected.cache_clear()
    assert result.exit_code == 1, result.stdout
    assert result.stderr.startswith(f"drill: error: could not upgrade {out} to schema ")
    assert "nothing was restored" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert files(drill_home) == before  # no half-migrated store, no copies, no temp files
    assert check(db)[1] == live
    rate(db, "c-three")  # and the live store goes on working
    assert log(db) == [("c-one", 3), ("c-two", 3), ("c-three", 3)]


def test_an_old_backup_with_a_later_table_is_refused_before_anything_changes(
    tmp_path, db, drill_home
):
    from tests.test_migrations import build_old

    rate(db, "c-one")
    old = tmp_path / "old.db"
    build_old(old, 1)
    tamper(old, "CREATE TABLE interview_session (id INTEGER PRIMARY KEY)")
    before = files(drill_home)
    result = run("restore", str(old))
    assert result.exit_code == 1
    assert result.stderr == (
        f"drill: error: {old} is not a drill backup or progress database: it has a table "
        "'interview_session', which schema version 1 does not have\n"
    )
    assert files(drill_home) == before
    assert run("export", "progress", "--json").exit_code == 0


@pytest.mark.parametrize(("live_page", "backup_page"), [(4096, 8192), (8192, 4096), (1024, 65536)])
def test_restore_across_page_sizes(tmp_path, db, drill_home, live_page, backup_page):
    """SQLite cannot copy pages of one size into a WAL database of another ("readonly")."""

    def store_with_page_size(path: Path, size: int, *cards: str) -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute(f"PRAGMA page_size = {size}")
        conn.execute("VACUUM")
        conn.close()
        rate(path, *cards)

    store_with_page_size(db, live_page, "c-live")
    other = tmp_path / "other.db"
    store_with_page_size(other, backup_page, "c-one", "c-two")
    for path, size in ((db, live_page), (other, backup_page)):
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA page_size").fetchone()[0] == size
        conn.close()
    out = tmp_path / "backup.db"
    assert run("backup", "-o", str(out)).exit_code == 0  # a backup of the live store too
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    result = run("restore", str(other))
    assert result.exit_code == 0, result.stderr
    assert log(db) == [("c-one", 3), ("c-two", 3)]
    assert check(db)[0] == "ok"
    back = run("restore", str(out))
    assert back.exit_code == 0, back.stderr
    assert log(db) == [("c-live", 3)]
