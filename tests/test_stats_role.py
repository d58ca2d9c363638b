"""``drill stats --role R``: every figure counts that role's cards and questions only."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from salesops_drill.paths import resolve_paths
from salesops_drill.scheduler import CardState, Scheduler
from salesops_drill.store import Store
from tests.helpers import run

NOW = datetime(2026, 3, 11, 15, 0, tzinfo=timezone.utc)
MANAGER_ONLY = "q-mgr-crm-integration"  # a question card of the manager alone
REP_ONLY = "q-rep-customer-complaint"  # ...and one of the rep alone


def _review(store: Store, sched: Scheduler, card: str, rating: int, when: datetime) -> None:
    state = store.get_state(card) or CardState.new(card)
    store.record_review(sched.review(state, rating, when), rating, when, 1000)


@pytest.fixture
def history(monkeypatch) -> None:
    """Manager card: Easy 10 days ago, Good yesterday, Good today (3 reviews, 2 of them
    recalled in the review state). Rep card: Easy 10 days ago, then today Again, Good,
    Good (4 reviews; of the 2 in the review state, 1 recalled)."""
    sched = Scheduler(enable_fuzzing=False)
    with Store.open(resolve_paths().progress_db) as store:
        ten_days = NOW - timedelta(days=10, hours=3)
        _review(store, sched, MANAGER_ONLY, 4, ten_days)
        _review(store, sched, REP_ONLY, 4, ten_days)
        _review(store, sched, MANAGER_ONLY, 3, NOW - timedelta(days=1, hours=3))
        _review(store, sched, MANAGER_ONLY, 3, NOW - timedelta(hours=3))
        for minutes, rating in ((170, 1), (150, 3), (120, 3)):
            _review(store, sched, REP_ONLY, rating, NOW - timedelta(minutes=minutes))
    monkeypatch.setenv("DRILL_NOW", NOW.isoformat())


def figures(*args: str) -> dict:
    result = run("stats", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_reviews_today_streak_retention_and_heatmap_follow_the_role(history):
    everything, manager, rep = figures(), figures("--role", "mgr"), figures("--role", "rep")
    assert (everything["role"], manager["role"], rep["role"]) == (None, "manager", "rep")
    assert (everything["reviews_today"], manager["reviews_today"], rep["reviews_today"]) == (
        4,
        1,
        3,
    )
    assert (everything["streak_days"], manager["streak_days"], rep["streak_days"]) == (2, 2, 1)
    assert (manager["retention_reviews"], manager["retention_30d"]) == (2, 1.0)
    assert (rep["retention_reviews"], rep["retention_30d"]) == (2, 0.5)
    assert (everything["retention_reviews"], everything["retention_30d"]) == (4, 0.75)

    def heat(data: dict) -> int:
        return sum(cell["reviews"] for cell in data["heatmap"])

    assert (heat(everything), heat(manager), heat(rep)) == (7, 3, 4)


def test_cards_states_forecast_and_mastery_follow_the_role(history):
    everything, manager, rep = figures(), figures("--role", "manager"), figures("--role", "rep")
    assert manager["total_cards"] < everything["total_cards"]
    assert rep["total_cards"] < everything["total_cards"]
    assert manager["by_state"]["review"] == 1 and rep["by_state"]["review"] == 1
    assert everything["by_state"]["review"] == 2
    for data in (manager, rep, everything):
        assert sum(data["by_state"].values()) == data["total_cards"]

    def due(data: dict) -> int:
        return sum(day["due"] for day in data["forecast"])

    assert due(everything) == due(manager) + due(rep) and due(rep) == 1
    assert set(manager["mastery"]) == {"manager"} and set(rep["mastery"]) == {"rep"}
    assert manager["mastery"]["manager"]["cards"] == manager["total_cards"]


def test_the_text_names_the_role(history):
    assert run("stats", "--role", "rep").stdout.startswith("Progress: rep\n")
    assert run("stats").stdout.startswith("Progress\n")
