"""``drill review`` edges, ``drill config`` and ``drill stats`` through the CLI."""

from __future__ import annotations

import json
import sqlite3

import pytest

from salesops_drill.store.migrations import MIGRATIONS
from tests.conftest import read_only
from tests.helpers import run


def test_review_without_a_terminal_exits_2_at_once():
    result = run("review")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "drill: error: drill review is interactive and needs a terminal (stdin is not a TTY)"
    )


def test_config_defaults_and_set(drill_home):
    data = json.loads(run("config", "--json").stdout)
    assert data == {"desired_retention": 0.9, "new_per_day": 20, "role": None, "voice_model": ""}
    assert run("config", "set", "desired-retention", "0.85").stdout.strip() == (
        "desired_retention = 0.85"
    )
    assert run("config", "set", "new_per_day", "7").exit_code == 0
    assert json.loads(run("config", "--json").stdout) == {
        "desired_retention": 0.85,
        "new_per_day": 7,
        "role": None,
        "voice_model": "",
    }


def test_config_rejects_bad_values_and_keys():
    bad = run("config", "set", "desired_retention", "1.5")
    assert bad.exit_code == 2 and "between 0.70 and 0.99" in bad.stderr
    word = run("config", "set", "new_per_day", "many")
    assert word.exit_code == 2 and "'many' is not a valid value" in word.stderr
    unknown = run("config", "set", "colour", "red")
    assert unknown.exit_code == 2 and "unknown setting 'colour'" in unknown.stderr


def test_stats_on_a_fresh_store():
    result = run("stats", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["by_state"]["new"] == data["total_cards"] > 0
    assert data["reviews_today"] == 0 and data["streak_days"] == 0
    assert data["retention_30d"] is None
    assert len(data["forecast"]) == 14 and len(data["heatmap"]) == 84
    assert set(data["mastery"]) == {"rep", "analyst", "senior-analyst", "manager", "director", "vp"}


def test_stats_text_fits_80_columns_and_filters_by_role():
    result = run("stats", "--role", "mgr")
    assert result.exit_code == 0
    assert "Mastery" in result.stdout and "manager" in result.stdout
    assert "vp " not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_corrupt_store_is_refused_and_left_untouched(drill_home):
    db = drill_home / "progress.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    before = db.read_bytes()
    result = run("stats")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(db) in lines[0] and "drill restore" in lines[0]
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before
    assert sorted(p.name for p in drill_home.iterdir() if p.name.startswith("progress")) == [
        "progress.db"
    ]


def test_damage_met_in_the_middle_of_a_command_is_one_line(drill_home):
    """A WAL store is not read page by page on opening; a damaged page a command reads
    is refused then, with the same message, and the file is left as it was."""
    from datetime import datetime, timezone

    from salesops_drill.scheduler import CardState
    from salesops_drill.store import Store

    db = drill_home / "progress.db"
    now = datetime(2025, 3, 10, tzinfo=timezone.utc)
    with Store.open(db) as store:
        store.record_reviews(
            (CardState(f"c-{i}", "review", None, 3.0, 5.0, now, now), 3, now, 10, "review")
            for i in range(50)
        )
    conn = sqlite3.connect(db)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'card_state'").fetchone()
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    data[(root[0] - 1) * page : (root[0] - 1) * page + 16] = b"\xff" * 16
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    result = run("stats")
    assert result.exit_code == 1
    assert result.stderr == (
        f"drill: error: {db} is not a readable drill progress database; move it aside to "
        "start afresh, or put a backup back with `drill restore`\n"
    )
    assert db.read_bytes() == before


def test_file_that_is_not_sqlite_is_refused(drill_home):
    db = drill_home / "progress.db"
    db.write_text("my shopping list\n")
    result = run("config")
    assert result.exit_code == 1
    assert "is not a readable drill progress database" in result.stderr
    assert db.read_text() == "my shopping list\n"


def test_older_schema_is_migrated_with_a_backup(drill_home):
    db = drill_home / "progress.db"
    conn = sqlite3.connect(db)
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO config (key, value) VALUES ('new_per_day', '9')")
    conn.commit()
    conn.close()
    result = run("config", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["new_per_day"] == 9
    backups = list(drill_home.glob("progress.db.backup-*"))
    assert len(backups) == 1
    assert f"kept at {backups[0]}" in result.stderr
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone() == (1,)
    old.close()


def test_newer_schema_is_refused(drill_home):
    db = drill_home / "progress.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    result = run("stats")
    assert result.exit_code == 1
    assert "newer version of salesops-drill" in result.stderr
    assert db.read_bytes() == before


def test_unwritable_data_dir_is_a_clear_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("DRILL_HOME", str(blocker / "home"))
    result = run("config")
    assert result.exit_code == 1
    assert result.stderr.startswith("drill: error: cannot create the data directory")
    assert "Traceback" not in result.stderr


def test_read_only_data_dir_is_a_clear_error_and_nothing_is_lost(drill_home):
    assert run("config", "set", "new_per_day", "12").exit_code == 0
    db = drill_home / "progress.db"
    before = db.read_bytes()
    with read_only(drill_home):
        result = run("config", "set", "new_per_day", "5")
        stats = run("stats")
    assert result.exit_code == 1 and stats.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert f"the data directory {drill_home} is not writable" in result.stderr
    assert "Traceback" not in result.stderr + stats.stderr
    assert db.read_bytes() == before
    assert run("config", "--json").stdout.count('"new_per_day": 12') == 1


# ---------------------------------------------------------------- bad stored settings, DRILL_NOW


def test_bad_stored_settings_fall_back_to_the_default_with_a_message(tmp_path, drill_home):
    """As a crafted backup would carry them: restored, then every command still works."""
    from salesops_drill.store import Store

    crafted = tmp_path / "crafted.db"
    with Store.open(crafted) as store:
        store.set_config("desired_retention", "banana")
        store.set_config("new_per_day", "-5")
    assert run("restore", str(crafted)).exit_code == 0
    shown = run("config", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout) == {
        "desired_retention": 0.9,
        "new_per_day": 20,
        "role": None,
        "voice_model": "",
    }
    assert (
        "drill: warning: the stored setting desired_retention = 'banana' is not valid "
        "('banana' is not a valid value); using the default, 0.9. Fix it with: drill config "
        "set desired_retention VALUE" in shown.stderr
    )
    assert "new_per_day = '-5' is not valid (must be 0 or more)" in (shown.stderr)
    answers = tmp_path / "a.yaml"
    answers.write_text("- We measured the pipeline first.\n")
    scripted = run("interview", "--role", "manager", "--answers", str(answers), "--json")
    assert scripted.exit_code == 0 and "desired_retention" in scripted.stderr
    assert run("config", "set", "desired_retention", "0.85").exit_code == 0
    assert "banana" not in run("config").stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("garbage", "DRILL_NOW='garbage' is not a date and time"),
        ("0001-01-01", "DRILL_NOW='0001-01-01' is out of range"),
        ("9999-12-31T23:00", "DRILL_NOW='9999-12-31T23:00' is out of range"),
        ("2025-13-01", "DRILL_NOW='2025-13-01' is not a date and time"),
    ],
)
def test_drill_now_garbage_or_out_of_range_is_a_message(
    tmp_path, drill_home, monkeypatch, value, message
):
    answers = tmp_path / "a.yaml"
    answers.write_text("- We measured the pipeline first.\n")
    monkeypatch.setenv("DRILL_NOW", value)
    for args in (
        ["interview", "--role", "manager", "--answers", str(answers)],
        ["stats"],
        ["export", "progress", "--json"],
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.stdout)
        assert result.stderr.startswith(f"drill: error: {message}")
        assert len(result.stderr.splitlines()) == 1
    assert not (drill_home / "progress.db").exists() or run("stats").exit_code == 2
    monkeypatch.delenv("DRILL_NOW")
    assert run("stats").exit_code == 0


def test_stats_survive_dates_at_the_edge_of_the_calendar(drill_home):
    """A store written under DRILL_NOW=0001-01-01 by an earlier version broke stats for good."""
    from datetime import datetime, timezone

    from salesops_drill.library import load_library
    from salesops_drill.paths import resolve_paths
    from salesops_drill.scheduler import CardState, Scheduler
    from salesops_drill.store import Store

    first, second = (c.id for c in load_library(resolve_paths()).cards[:2])
    edges = (
        (datetime(1, 1, 1, tzinfo=timezone.utc), first),
        (datetime(9999, 12, 31, 20, tzinfo=timezone.utc), second),
    )
    with Store.open(drill_home / "progress.db") as store:
        for when, card in edges:
            state = Scheduler().review(CardState.new(card), 3, when)
            store.record_review(state, 3, when, None)
    result = run("stats")
    assert result.exit_code == 0, result.stderr
    assert run("stats", "--json").exit_code == 0
