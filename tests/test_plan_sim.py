"""benchmarks/plan_sim.py runs at small size and reports both ways of studying.

The benchmark's targets are not asserted here: its figures are a report, measured at
full size (see the README), not a condition for the suite to pass.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sim(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    spec = importlib.util.spec_from_file_location("plan_sim", ROOT / "benchmarks" / "plan_sim.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "plan_sim", module)  # dataclasses look it up
    spec.loader.exec_module(module)
    yield module
    monkeypatch.undo()
    time.tzset()


def test_a_short_simulation_compares_plain_review_with_a_goal(sim):
    rows = sim.simulate("rep", [3], learners=1)
    assert [(r["days"], r["mode"]) for r in rows] == [(3, "plain"), (3, "with goal")]
    plain, goal = rows
    assert plain["ratio"] == 1.0 and plain["forecast"] is None
    # Three days for the rep's cards: plain review meets 60 of them, the goal all.
    assert 0 < plain["recall"] < goal["recall"] <= 1
    assert goal["reviews"] > plain["reviews"] > 0
    assert 0 < goal["forecast"] <= 1
    table = sim.table(rows)
    assert table.splitlines()[0].startswith("| days | studying | recall on the day |")
    assert "| 3 | with goal |" in table


def test_the_same_seed_gives_the_same_learner(sim):
    assert sim.simulate("rep", [2], learners=1) == sim.simulate("rep", [2], learners=1)


def test_fuzzed_intervals_do_not_change_a_learners_run(sim):
    """Over eight days FSRS fuzzes review intervals (from 2.5 days on) with the random
    module's generator; the run seeds it, so the README's table can be reproduced."""
    assert sim.simulate("rep", [8], learners=1) == sim.simulate("rep", [8], learners=1)
