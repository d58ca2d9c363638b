"""Size limits on what users hand drill: by bytes, named in the message, and cheap to hit.

A huge bank, a dense one, one whose aliases expand a long string hundreds of times, a
huge CSV: each is refused at once with the limit in the message, and everything else
keeps working. The largest supported bank (20,000 cards) imports in seconds.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from salesops_drill.content_yaml import MAX_EXPANDED_BYTES, MAX_FILE_BYTES, MAX_NODES, parse_file
from salesops_drill.exchange.csvbank import MAX_CSV_BYTES, MAX_IMPORT_ROWS
from salesops_drill.inputs import size_text
from tests.helpers import run, write


def problems(path: Path) -> list[str]:
    _, fc = parse_file(path)
    return [p.message for p in fc.problems]


def test_a_bank_over_the_size_limit_is_refused_unread(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: no need to write it all
    assert problems(path) == [
        f"{path}:1: the file is {size_text(MAX_FILE_BYTES + 1)}; a content file may be at most "
        f"{size_text(MAX_FILE_BYTES)}"
    ]


def test_a_dense_bank_is_refused_before_its_values_are_built(tmp_path):
    path = tmp_path / "dense.yaml"
    path.write_text("cards: [" + "1," * (MAX_NODES + 10) + "1]\n")
    assert problems(path) == [
        f"{path}:1: the file has over {MAX_NODES:,} values (the limit); refusing it"
    ]


def test_a_long_string_aliased_hundreds_of_times_is_refused(banks_dir, tmp_path):
    """The issue's case: a 516 KB bank expanding to a 200 MB CSV export."""
    long = "x" * 500_000
    cards = [
        f"  - id: c-long\n    front: &big {long}\n    back: b\n    roles: [all]\n    tags: [t]\n"
    ]
    cards += [
        f"  - id: c-copy-{i}\n    front: *big\n    back: b\n    roles: [all]\n    tags: [t]\n"
        for i in range(400)
    ]
    bank = write(banks_dir / "bomb.yaml", "cards:\n" + "".join(cards))
    assert bank.stat().st_size < 1024 * 1024
    out = tmp_path / "all.csv"
    result = run("export", "csv", "-o", str(out))
    assert result.exit_code == 0
    assert (
        f"{bank}:1: the file holds over {size_text(MAX_EXPANDED_BYTES)} of text once its "
        "aliases are expanded (the limit); refusing it" in result.stderr
    )
    assert out.stat().st_size < 2 * 1024 * 1024  # the built-in content only


def test_a_recursive_anchor_is_refused(tmp_path):
    path = write(tmp_path / "loop.yaml", "cards: &loop [*loop]\n")
    assert problems(path) == [
        f"{path}:1: the file refers to itself through an alias (a recursive anchor)"
    ]


def test_validate_a_fifo_answers_at_once(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-m", "salesops_drill", "bank", "validate", str(fifo)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert f"{fifo}:1: a FIFO (named pipe), not a file; a content file must be a regular file" in (
        done.stdout
    )


# ---------------------------------------------------------------- CSV import


def cards_csv(path: Path, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["front", "back", "tags"])
        for i in range(rows):
            writer.writerow([f"What is metric {i}?", f"Metric {i} measures pipeline health.", "t"])
    return path


def test_a_csv_over_the_size_limit_is_refused_unread(tmp_path, banks_dir):
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:
        fh.truncate(MAX_CSV_BYTES + 1)
    result = run("import", "csv", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"drill: error: {path}:1: the file is {size_text(MAX_CSV_BYTES + 1)}; a CSV file to "
        f"import may be at most {size_text(MAX_CSV_BYTES)}\n"
    )
    assert not list(banks_dir.iterdir())


def test_a_csv_with_too_many_rows_is_refused_with_the_limit(tmp_path, banks_dir):
    path = cards_csv(tmp_path / "many.csv", MAX_IMPORT_ROWS + 1)
    result = run("import", "csv", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"drill: error: {path}:{MAX_IMPORT_ROWS + 2}: the file has over {MAX_IMPORT_ROWS:,} "
        "rows, the most one import takes; split it into smaller files\n"
    )
    assert not list(banks_dir.iterdir())


@pytest.mark.slow
def test_the_largest_supported_bank_imports_in_seconds(tmp_path, banks_dir):
    path = cards_csv(tmp_path / "largest.csv", MAX_IMPORT_ROWS)
    start = time.monotonic()
    result = run("import", "csv", str(path))
    took = time.monotonic() - start
    assert result.exit_code == 0, result.stderr
    assert f": {MAX_IMPORT_ROWS} added, 0 edited, 0 unchanged" in result.stdout
    assert took < 60, took  # seconds on a loaded 2-core machine; 152 s for 100k rows before
    listed = run("stats", "--json")
    assert listed.exit_code == 0 and listed.stderr == ""
