"""Backups carry the user's banks and settings; restore puts them back safely."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from salesops_drill.exchange import backup_banks
from tests.helpers import GOOD_QUESTION, run, write


def bank_ids(home_args: tuple[str, ...] = ()) -> set[str]:
    result = run("questions", "list", "--json", *home_args)
    assert result.exit_code == 0, result.stderr
    return {q["id"] for q in json.loads(result.stdout)}


def tables(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


@pytest.fixture
def backed_up(tmp_path: Path, banks_dir: Path) -> Path:
    """A backup of a home with a setting and two banks (one in a sub-folder)."""
    write(banks_dir / "mine.yaml", GOOD_QUESTION)
    write(banks_dir / "team" / "extra.yml", GOOD_QUESTION.replace("q-test-one", "q-test-two"))
    assert run("config", "set", "new_per_day", "7").exit_code == 0
    out = tmp_path / "backup.db"
    result = run("backup", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "your settings and 2 bank files" in result.stdout
    return out


def test_a_restore_on_a_new_machine_brings_back_banks_and_settings(
    backed_up, tmp_path, monkeypatch
):
    fresh = tmp_path / "new-machine"
    fresh.mkdir()
    monkeypatch.setenv("DRILL_HOME", str(fresh))
    assert "q-test-one" not in bank_ids()
    result = run("restore", str(backed_up))
    assert result.exit_code == 0, result.stderr
    assert f"Restored 2 bank files into {fresh / 'banks'}" in result.stdout
    assert (fresh / "banks" / "mine.yaml").read_text() == GOOD_QUESTION.lstrip()
    assert (fresh / "banks" / "team" / "extra.yml").is_file()
    assert {"q-test-one", "q-test-two"} <= bank_ids()
    assert "new_per_day = 7" in run("config").stdout
    # the bank table lives only in backup files, never in the store
    assert backup_banks.TABLE in tables(backed_up)
    assert backup_banks.TABLE not in tables(fresh / "progress.db")


def test_a_restore_keeps_a_copy_of_each_bank_it_replaces(backed_up, banks_dir):
    changed = GOOD_QUESTION.replace("cut the sales cycle", "shorten the cycle")
    write(banks_dir / "mine.yaml", changed)
    write(banks_dir / "later.yaml", GOOD_QUESTION.replace("q-test-one", "q-test-later"))
    result = run("restore", str(backed_up))
    assert result.exit_code == 0, result.stderr
    assert "(1 already up to date)" in result.stdout
    (kept,) = banks_dir.glob("mine.yaml.before-restore-*")
    assert f"A bank it replaced is kept at {kept}" in result.stdout
    assert kept.read_text() == changed.lstrip()
    assert (banks_dir / "mine.yaml").read_text() == GOOD_QUESTION.lstrip()
    # a bank the backup does not hold is left alone; the kept copy is not loaded
    assert (banks_dir / "later.yaml").is_file()
    assert bank_ids() >= {"q-test-one", "q-test-two", "q-test-later"}
    assert run("bank", "validate").exit_code == 0


def test_restoring_the_same_backup_twice_changes_nothing_the_second_time(backed_up, banks_dir):
    assert run("restore", str(backed_up)).exit_code == 0
    again = run("restore", str(backed_up))
    assert again.exit_code == 0, again.stderr
    assert "Restored 0 bank files" in again.stdout and "(2 already up to date)" in again.stdout
    assert not list(banks_dir.rglob("*before-restore*"))


def set_rows(path: Path, *rows: tuple[object, object]) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(f"DELETE FROM {backup_banks.TABLE}")
        conn.executemany(f"INSERT INTO {backup_banks.TABLE} VALUES (?, ?)", rows)
    conn.close()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ((("../escape.yaml", b"x: 1"),), "is not a plain relative path"),
        ((("/etc/evil.yaml", b"x: 1"),), "is not a plain relative path"),
        ((("a/../../evil.yaml", b"x: 1"),), "is not a plain relative path"),
        ((("..\\evil.yaml", b"x: 1"),), "is not a plain relative path"),
        ((("~/.bashrc.yaml", b"x: 1"),), "is not a plain relative path"),
        ((("run.sh", b"x: 1"),), "is not a .yaml or .yml file"),
        ((("", b"x: 1"),), "without a name"),
        ((("a.yaml", b"1"), ("A.yaml", b"2")), "appears twice"),
    ],
)
def test_a_crafted_bank_path_refuses_the_whole_restore(
    backed_up, tmp_path, drill_home, banks_dir, rows, message
):
    before = (drill_home / "progress.db").read_bytes()
    set_rows(backed_up, *rows)
    listing = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = run("restore", str(backed_up))
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert (drill_home / "progress.db").read_bytes() == before
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == listing


def test_a_bank_file_over_the_size_limit_is_refused(backed_up, drill_home, monkeypatch):
    from salesops_drill import inputs

    monkeypatch.setattr(inputs, "MAX_CONTENT_FILE_BYTES", 100)
    set_rows(backed_up, ("big.yaml", b"#" * 101))
    result = run("restore", str(backed_up))
    assert result.exit_code == 1 and "larger than a content file may be" in result.stderr
    assert not (drill_home / "banks" / "big.yaml").exists()


def test_a_bank_table_of_another_shape_is_not_a_drill_backup(backed_up, drill_home):
    conn = sqlite3.connect(backed_up)
    with conn:
        conn.execute(f"ALTER TABLE {backup_banks.TABLE} ADD COLUMN mode INTEGER")
    conn.close()
    result = run("restore", str(backed_up))
    assert result.exit_code == 1
    assert f"it has a table '{backup_banks.TABLE}', which drill never creates" in result.stderr


def test_the_live_store_with_a_bank_table_is_not_accepted(tmp_path, backed_up, monkeypatch):
    """The table is allowed in backups only: a store holding it was tampered with."""
    home = tmp_path / "tampered"
    home.mkdir()
    (home / "progress.db").write_bytes(backed_up.read_bytes())
    monkeypatch.setenv("DRILL_HOME", str(home))
    result = run("stats")
    assert result.exit_code != 0 and backup_banks.TABLE in result.stderr


def test_a_symlinked_bank_is_not_written_through(backed_up, banks_dir, tmp_path):
    outside = write(tmp_path / "outside.yaml", "untouched")
    (banks_dir / "mine.yaml").unlink()
    (banks_dir / "mine.yaml").symlink_to(outside)
    result = run("restore", str(backed_up))
    assert result.exit_code == 1 and "is not a regular file" in result.stderr
    assert outside.read_text() == "untouched"


def test_banks_are_backed_up_before_any_progress_exists(
    tmp_path, banks_dir, drill_home, monkeypatch
):
    write(banks_dir / "mine.yaml", GOOD_QUESTION)
    assert not (drill_home / "progress.db").exists()
    out = tmp_path / "b.db"
    result = run("backup", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "0 reviews" in result.stdout and "1 bank file" in result.stdout
    empty = tmp_path / "empty-home"
    empty.mkdir()
    monkeypatch.setenv("DRILL_HOME", str(empty))
    nothing = run("backup", "-o", str(tmp_path / "c.db"))
    assert nothing.exit_code == 1 and "there is no progress to back up yet" in nothing.stderr
