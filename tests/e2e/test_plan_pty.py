"""``drill review`` with a goal set, driven for real in a pseudo-terminal."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from salesops_drill.scheduler import CardState
from salesops_drill.store import Store
from tests.e2e.terminal import Terminal
from tests.helpers import run

pytestmark = pytest.mark.slow

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc)
ENV = {"DRILL_NOW": NOW.isoformat(), "TZ": "UTC"}
COUNTER = re.compile(r"New (\d+)\s+Learning (\d+)\s+Review (\d+)\s+done (\d+)")


def counter(text: str) -> tuple[int, ...]:
    match = COUNTER.search(text)
    assert match, text
    return tuple(int(g) for g in match.groups())


def front_id(text: str) -> str:
    match = re.search(r"(?:Concept card|Interview question) · (\S+)", text)
    assert match, text
    return match.group(1)


def set_goal(monkeypatch, date: str) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    result = run("plan", "--role", "manager", "--date", date)
    assert result.exit_code == 0, result.stderr


def test_a_goal_sets_todays_new_cards_and_says_so_at_the_end(drill_home, monkeypatch):
    set_goal(monkeypatch, "2026-03-16")  # 14 days: 202 cards over 7 days, 29 a day
    term = Terminal(["review", "--role", "manager"], drill_home, env=ENV)
    screen = term.wait_for("Space")
    assert counter(screen) == (29, 0, 0, 0)
    term.press(" ")
    term.wait_for("Again")
    term.press("3")
    term.wait_for(lambda t: counter(t)[3] == 1)
    term.press("q")
    assert term.finish() == 0
    text = " ".join(term.text.split())
    assert "Reviewed 1 card (1 new)" in text
    assert "Working toward your manager interview in 14 days (see 'drill plan')." in text
    assert "A mock interview is due today: drill interview --role manager" in text


def test_in_the_last_days_a_weak_card_not_yet_due_comes_first(drill_home, monkeypatch):
    ids = [c["id"] for c in _manager_cards()]
    strong, weak = ids[0], ids[1]
    with Store.open(drill_home / "progress.db") as store:
        day = timedelta(days=1)
        # Due now, but well remembered; and not due until after the interview, yet weak by
        # then: the plain order shows the due card first, the goal the weak one.
        store.record_review(
            CardState(strong, "review", None, 40.0, 5.0, NOW - day, NOW - 30 * day),
            3,
            NOW - 30 * day,
            9000,
        )
        store.record_review(
            CardState(weak, "review", None, 2.0, 5.0, NOW + 2 * day, NOW - 1.5 * day),
            3,
            NOW - 1.5 * day,
            9000,
        )
    # No new cards in the plain run ('--new 0' meant that once; now it means none extra).
    assert run("config", "set", "new_per_day", "0").exit_code == 0
    plain = Terminal(["review", "--role", "manager"], drill_home, env=ENV)
    assert front_id(plain.wait_for("Space")) == strong
    plain.press("q")
    assert plain.finish() == 0

    set_goal(monkeypatch, "2026-03-03")  # tomorrow
    term = Terminal(["review", "--role", "manager"], drill_home, env=ENV)
    screen = term.wait_for("Space")
    assert front_id(screen) == weak
    assert counter(screen)[2] == 2  # both counted as reviews
    term.press(" ")
    term.wait_for("Again")
    term.press("3")
    screen = term.wait_for(lambda t: counter(t)[3] == 1)
    assert front_id(screen) == strong
    term.press("q")
    assert term.finish() == 0
    text = " ".join(term.text.split())
    assert "Working toward your manager interview in 1 day" in text
    assert "Last days: the cards you are likeliest to forget on the day came first." in text


def _manager_cards() -> list[dict]:
    import json

    return json.loads(run("questions", "list", "--role", "manager", "--json").stdout)
