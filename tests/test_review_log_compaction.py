"""Migration 6: the review log keeps a card's state before each review in columns
instead of a JSON copy of its row. Every old row must come through exactly (undo puts
the same card_state row back), odd rows must keep what they held, and the file must
shrink."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from salesops_drill.scheduler import CardState, Scheduler
from salesops_drill.store import Store
from salesops_drill.store.migrations import MIGRATIONS
from salesops_drill.store.rows import before_columns, iso_utc, row_from_before
from tests.helpers import run

NOW = datetime(2025, 3, 10, 12, 0, 5, tzinfo=timezone.utc)
V5 = 5
STATE_KEYS = ("state", "step", "stability", "difficulty", "due", "last_review", "first_seen")


def old_store(path: Path) -> sqlite3.Connection:
    """An empty store as version 5 of drill left it."""
    conn = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:V5]:
        step(conn)
    conn.execute(f"PRAGMA user_version = {V5}")
    return conn


def card_row(card_id: str, n: int) -> dict[str, object]:
    """A card_state row as version 5 wrote it, with awkward floats and times."""
    at = NOW - timedelta(days=400 - n, microseconds=n * 7919)
    return {
        "card_id": card_id,
        "state": ("learning", "review", "relearning")[n % 3],
        "step": None if n % 3 == 1 else n % 2,
        "stability": 0.1 + n / 7,
        "difficulty": 10 / (n + 3),
        "due": iso_utc(at + timedelta(days=3)),
        "last_review": iso_utc(at),
        "first_seen": iso_utc(at - timedelta(days=30)),
    }


def log_rows(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    return conn.execute(
        "SELECT id, card_id, rating, reviewed_at, duration_ms, source FROM review_log ORDER BY id"
    ).fetchall()


def test_every_old_row_comes_through_exactly(tmp_path):
    path = tmp_path / "progress.db"
    conn = old_store(path)
    written = []
    for n in range(300):
        prev = None if n % 10 == 0 else card_row(f"c{n % 40}", n)
        conn.execute(
            "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, source,"
            " prev_state) VALUES (?, ?, ?, ?, ?, ?)",
            (
                f"c{n % 40}",
                1 + n % 4,
                iso_utc(NOW - timedelta(hours=n)),
                None if n % 7 == 0 else 1000 + n,
                ("review", "interview")[n % 2],
                None if prev is None else json.dumps(prev),
            ),
        )
        written.append(prev)
    before = log_rows(conn)
    conn.close()

    Store.open(path, now=NOW).close()

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert log_rows(conn) == before
    rows = conn.execute(
        "SELECT card_id, prev_state, before_state, before_step, before_stability,"
        " before_difficulty, before_due, before_last_review, before_first_seen"
        " FROM review_log ORDER BY id"
    ).fetchall()
    for prev, (card_id, kept, *values) in zip(written, rows, strict=True):
        assert kept is None  # every row fitted the columns
        if prev is None:
            assert values == [None] * 7
        else:
            assert row_from_before(card_id, values) == prev
            # Times drill wrote take 8 bytes, not 32.
            assert all(isinstance(v, int) for v in values[4:])


@pytest.mark.parametrize(
    ("prev_state", "undone"),
    [
        ("not json {", False),
        (json.dumps(["learning", 1]), False),
        (json.dumps({"card_id": "c1", "state": "review"}), False),  # keys missing
        (json.dumps(card_row("someone-else", 5)), False),  # another card's row
        (json.dumps({**card_row("c1", 5), "stability": [1, 2]}), False),
        (json.dumps({**card_row("c1", 5), "step": 2**70}), False),
        (json.dumps({**card_row("c1", 5), "state": None}), False),
        (json.dumps({**card_row("c1", 5), "stability": float("nan")}), True),  # NULL then
        # Odd, but a card_state row can take them, as version 5 put them back:
        (json.dumps({**card_row("c1", 5), "extra": 1}), True),
        (json.dumps({**card_row("c1", 5), "step": True}), True),
        (json.dumps({**card_row("c1", 5), "due": 1735689600}), True),
    ],
)
def test_a_row_the_columns_cannot_hold_keeps_its_json(tmp_path, prev_state, undone):
    path = tmp_path / "progress.db"
    conn = old_store(path)
    conn.execute(
        "INSERT INTO review_log (card_id, rating, reviewed_at, source, prev_state)"
        " VALUES ('c1', 3, ?, 'review', ?)",
        (iso_utc(NOW), prev_state),
    )
    conn.close()
    with Store.open(path, now=NOW) as store:
        assert store.counts()[0] == 1
        store.retention_counts(NOW - timedelta(days=1))  # an unreadable JSON raises nothing
        check = sqlite3.connect(path)
        row = check.execute("SELECT prev_state, before_state FROM review_log").fetchone()
        check.close()
        assert row == (prev_state, None)
        # Put back when a card_state row can hold it; else the review stays, unraised.
        assert store.undo_last_review() == ("c1" if undone else None)
        assert store.counts()[0] == (0 if undone else 1)


def test_a_time_not_in_drills_form_is_kept_as_text():
    row = {**card_row("c1", 4), "due": "2025-01-01T00:00:00+02:00", "last_review": None}
    values = before_columns(row)
    assert values[4] == "2025-01-01T00:00:00+02:00"
    assert values[5] is None
    assert row_from_before("c1", values) == row


def test_undo_after_the_migration_puts_the_old_row_back(tmp_path):
    path = tmp_path / "progress.db"
    conn = old_store(path)
    old = card_row("c1", 8)
    new = {**card_row("c1", 9), "first_seen": old["first_seen"]}
    conn.execute(
        "INSERT INTO card_state VALUES (:card_id, :state, :step, :stability, :difficulty,"
        " :due, :last_review, :first_seen)",
        new,
    )
    conn.execute(
        "INSERT INTO review_log (card_id, rating, reviewed_at, source, prev_state)"
        " VALUES ('c1', 3, ?, 'review', ?)",
        (iso_utc(NOW), json.dumps(old)),
    )
    conn.close()
    with Store.open(path, now=NOW) as store:
        assert store.undo_last_review() == "c1"
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    assert dict(conn.execute("SELECT * FROM card_state").fetchone()) == old


def test_old_rows_still_count_toward_retention(tmp_path):
    path = tmp_path / "progress.db"
    conn = old_store(path)
    for n, (state, rating) in enumerate([("review", 3), ("review", 1), ("learning", 3)]):
        conn.execute(
            "INSERT INTO review_log (card_id, rating, reviewed_at, source, prev_state)"
            " VALUES (?, ?, ?, 'review', ?)",
            (f"c{n}", rating, iso_utc(NOW), json.dumps({**card_row(f"c{n}", n), "state": state})),
        )
    conn.close()
    with Store.open(path, now=NOW) as store:
        assert store.retention_counts(NOW - timedelta(days=1)) == (1, 2)


def test_an_undone_reviews_id_is_still_never_handed_out_again(tmp_path):
    path = tmp_path / "progress.db"
    conn = old_store(path)
    for n in range(5):
        conn.execute(
            "INSERT INTO review_log (card_id, rating, reviewed_at, source)"
            " VALUES (?, 3, ?, 'review')",
            (f"c{n}", iso_utc(NOW)),
        )
    conn.execute("DELETE FROM review_log WHERE id >= 4")  # two reviews undone
    conn.close()
    with Store.open(path, now=NOW) as store:
        assert store.review_log()[-1].id == 3
        card = Scheduler().review(CardState.new("c9"), 3, NOW)
        assert store.record_review(card, 3, NOW, None) == 6


def test_the_file_shrinks_after_the_migration(tmp_path):
    path = tmp_path / "progress.db"
    conn = old_store(path)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO review_log (card_id, rating, reviewed_at, source, prev_state)"
        " VALUES (?, 3, ?, 'review', ?)",
        [
            (
                f"c{n % 50}",
                iso_utc(NOW - timedelta(minutes=n)),
                json.dumps(card_row(f"c{n % 50}", n)),
            )
            for n in range(20_000)
        ],
    )
    conn.execute("COMMIT")
    conn.close()
    size = path.stat().st_size
    with Store.open(path, now=NOW) as store:
        backup = store.last_backup
    assert backup is not None and backup.stat().st_size >= size  # the copy as it was
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert path.stat().st_size < size / 2


def test_the_cli_says_before_it_upgrades_and_after(drill_home):
    conn = old_store(drill_home / "progress.db")
    conn.execute(
        "INSERT INTO review_log (card_id, rating, reviewed_at, source, prev_state)"
        " VALUES ('c1', 3, ?, 'review', ?)",
        (iso_utc(NOW), json.dumps(card_row("c1", 1))),
    )
    conn.close()
    result = run("export", "progress", "--json")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        f"drill: upgrading the progress store from schema 5 to {len(MIGRATIONS)}"
    )
    assert lines[1].startswith("drill: upgraded the progress store; the old version is kept at")
    assert [r["card_id"] for r in json.loads(result.stdout)["reviews"]] == ["c1"]
    again = run("stats", "--json")
    assert again.stderr == ""


def test_any_time_in_drills_form_comes_back_as_the_same_text():
    import random

    rng = random.Random(6)
    first, last = (
        datetime(1, 1, 1, tzinfo=timezone.utc),
        datetime(9999, 12, 31, tzinfo=timezone.utc),
    )
    span = int((last - first).total_seconds())
    for _ in range(5000):
        moment = first + timedelta(seconds=rng.randrange(span), microseconds=rng.randrange(10**6))
        row = {**card_row("c1", 1), "due": iso_utc(moment)}
        values = before_columns(row)
        assert isinstance(values[4], int)
        assert row_from_before("c1", values) == row
    for odd in ("2023-02-30T00:00:00.000000+00:00", "2023-04-10 09:10:00.000000+00:00"):
        values = before_columns({**card_row("c1", 1), "due": odd})
        assert values[4] == odd
