"""Property tests: whatever a bank, a CSV or an answers file holds, drill ends with exit 0,
1 or 2 and a message: never a traceback, never a hang, and a refused file never changes
the progress store.

Inputs are drawn from real files bent out of shape (lines dropped, doubled or spliced
with YAML and CSV debris: tags, anchors, control characters, huge numbers) and from
arbitrary text and bytes.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesops_drill.scheduler import CardState
from salesops_drill.store import Store
from tests.helpers import GOOD_QUESTION, run

#: Seconds one command may take before the test calls it a hang.
HANG = 60

GOOD_CARD = """
cards:
  - id: c-test-one
    front: What is ARR?
    back: |
      Annual recurring revenue.
      MRR x 12.
    roles: [all]
    tags: [kpi]
"""

GOOD_ANSWERS = """
- id: q-mgr-bottlenecks
  answer: We measured every stage and piloted a fix; the cycle fell 18%.
  self_rating: 4
"""

DEBRIS = [
    "!!int abc",
    '!!int "1e999"',
    '!!int ""',
    "!!float nan",
    "!!python/object/apply:os.system [true]",
    "!!binary aGVsbG8=",
    "!!timestamp 2024-13-45",
    "&a",
    "*a",
    "*nowhere",
    "&a [*a]",
    "<<: *a",
    "- ",
    ": ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    "|",
    ">-",
    "---",
    "...",
    "%YAML 1.1",
    "\t",
    '"\\e]0;pwned\\a"',
    '"\\x9b2J"',
    "9" * 400,
    "0x1F",
    "1_000",
    "no",
    "~",
    "null",
    "@",
    "=cmd|' /C calc'!A0",
    "'",
    '"',
    "#",
    "roles: [nobody]",
    "difficulty: 99",
    "id: Bad Id",
    "category: nonsense",
]


@st.composite
def bent(draw, base: str) -> str:
    """``base`` with some lines dropped, doubled or spliced with debris."""
    lines = base.strip("\n").splitlines()
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        action = draw(st.sampled_from(["drop", "double", "splice", "replace", "insert", "revalue"]))
        piece = draw(st.sampled_from(DEBRIS) | st.text(max_size=12))
        if not lines:
            lines = [piece]
        elif action == "drop":
            del lines[at]
        elif action == "double":
            lines.insert(at, lines[at])
        elif action == "splice":
            line = lines[at]
            cut = draw(st.integers(0, len(line)))
            lines[at] = line[:cut] + piece + line[cut:]
        elif action == "revalue" and ":" in lines[at]:  # same key, a hostile value
            key = lines[at][: lines[at].index(":") + 1]
            lines[at] = f"{key} {piece}"
        elif action == "replace":
            indent = len(lines[at]) - len(lines[at].lstrip())
            lines[at] = " " * indent + piece
        else:
            lines.insert(at, piece)
    return "\n".join(lines) + "\n"


#: Values that look right to YAML and wrong to drill: tags that claim a type, anchors.
HOSTILE_VALUES = [
    "!!int abc",
    '!!int "1e999"',
    '!!int ""',
    "!!float nan",
    "!!bool maybe",
    "!!python/object/apply:os.system [true]",
    "!!binary aGVsbG8=",
    "!!timestamp 2024-13-45",
    "*nowhere",
    r'"\e]0;pwned\a"',
    "[]",
    "{}",
    "~",
    "9" * 5000,
]


@st.composite
def revalued(draw, base: str) -> str:
    """``base`` with some values (after ``key:``) swapped for hostile ones."""
    out = []
    for line in base.strip("\n").splitlines():
        if ":" in line and draw(st.integers(0, 3)) == 0:
            line = line[: line.index(":") + 1] + " " + draw(st.sampled_from(HOSTILE_VALUES))
        out.append(line)
    return "\n".join(out) + "\n"


def yaml_inputs(base: str):
    return st.one_of(revalued(base), bent(base), st.text(max_size=300), st.binary(max_size=300))


@st.composite
def csv_inputs(draw) -> str | bytes:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.binary(max_size=300))
    columns = ["id", "front", "back", "tags", "roles", "category"]
    header = draw(st.lists(st.sampled_from(columns) | st.text(max_size=6), min_size=1, max_size=6))
    cell = st.sampled_from(DEBRIS) | st.text(max_size=20)
    rows = draw(st.lists(st.lists(cell, max_size=7), max_size=6))
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([header, *rows])
    return buffer.getvalue()


# ---------------------------------------------------------------- the harness


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail, instead of hanging for ever, if the block takes longer than ``seconds``."""

    def timeout(signum, frame):
        raise TimeoutError(f"no answer in {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def home() -> Iterator[Path]:
    """One data dir for every example (a fresh one each would rebuild the content cache),
    with a store holding some progress."""
    folder = Path(tempfile.mkdtemp(prefix="drill-hostile-"))
    saved = {k: os.environ.get(k) for k in ("DRILL_HOME", "DRILL_NOW", "NO_COLOR", "COLUMNS")}
    os.environ.update({"DRILL_HOME": str(folder), "NO_COLOR": "1", "COLUMNS": "80"})
    os.environ.pop("DRILL_NOW", None)
    with Store.open(folder / "progress.db") as store:
        state = CardState("c-kpi-arr", "review", stability=3.0, difficulty=5.0)
        from datetime import datetime, timezone

        store.record_review(state, 3, datetime(2025, 3, 10, tzinfo=timezone.utc), 1500)
    try:
        yield folder
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def progress(home: Path) -> list[tuple]:
    """Every row of every table, read through SQLite (the -wal file included)."""
    conn = sqlite3.connect(f"{(home / 'progress.db').as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [(t, conn.execute(f"SELECT * FROM {t}").fetchall()) for t in sorted(tables)]
    finally:
        conn.close()


def put(home: Path, name: str, content: str | bytes) -> Path:
    path = home.parent / f"{home.name}-inputs" / name
    path.parent.mkdir(exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    path.write_bytes(content)
    return path


def check(home: Path, *args: str) -> int:
    """Run drill; it must end 0, 1 or 2 with something said, and change the store only
    when it succeeded."""
    os.environ["DRILL_HOME"] = str(home)  # over conftest's per-test home, for every example
    before = progress(home)
    with deadline(HANG):
        result = run(*args)  # a traceback propagates out of here and fails the test
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    if result.exit_code != 0:
        assert result.stderr.strip(), (args, result.stdout)
        assert "Traceback" not in result.stderr
        assert progress(home) == before
    return result.exit_code


def examples(n: int) -> settings:
    return settings(
        max_examples=n,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


# ---------------------------------------------------------------- the properties


@pytest.mark.slow  # a fuzz run: hundreds of whole commands
@examples(250)  # bank validate is quick, and a bad value must land in the right field
@given(content=yaml_inputs(GOOD_QUESTION + GOOD_CARD))
def test_any_bank_file(home, content):
    path = put(home, "bank.yaml", content)
    check(home, "bank", "validate", str(path))


@pytest.mark.slow  # a fuzz run: hundreds of whole commands
@examples(120)
@given(content=csv_inputs())
def test_any_csv_import(home, content):
    path = put(home, "cards.csv", content)
    banks = home / "banks"
    before = sorted(p.name for p in banks.iterdir()) if banks.is_dir() else []
    code = check(home, "import", "csv", str(path), "--bank", "hostile")
    after = sorted(p.name for p in banks.iterdir()) if banks.is_dir() else []
    if code != 0:
        assert after == before  # a refused import writes nothing
    (banks / "hostile.yaml").unlink(missing_ok=True)


@pytest.mark.slow  # a fuzz run: hundreds of whole commands
@examples(120)
@given(content=yaml_inputs(GOOD_ANSWERS))
def test_any_answers_file(home, content):
    path = put(home, "answers.yaml", content)
    check(home, "interview", "--role", "manager", "--answers", str(path), "--json")
