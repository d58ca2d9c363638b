"""Goals in the store, the date checks, and the mock-interview cadence."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from salesops_drill import goals, mocks
from salesops_drill.errors import UsageError

TODAY = date(2026, 3, 2)
UTC = timezone.utc


def test_a_goal_per_role_round_trips_through_the_store(store):
    goals.save(store, goals.Goal("manager", date(2026, 4, 1), 30))
    goals.save(store, goals.Goal("analyst", date(2026, 5, 1)))
    goals.save(store, goals.Goal("manager", date(2026, 4, 15), None))  # replaces
    found, problems = goals.load(store)
    assert problems == []
    assert found == {
        "manager": goals.Goal("manager", date(2026, 4, 15), None),
        "analyst": goals.Goal("analyst", date(2026, 5, 1), None),
    }
    assert goals.clear(store, "manager") is True
    assert goals.clear(store, "manager") is False
    assert goals.get(store, "manager") is None


def test_goals_do_not_show_as_settings(store):
    from salesops_drill import settings

    goals.save(store, goals.Goal("manager", date(2026, 4, 1)))
    assert set(settings.all_values(store)) == set(settings.SETTINGS)
    assert settings.problems(store) == []


@pytest.mark.parametrize(
    "text",
    ["not json", "[1, 2]", '{"date": "someday"}', '{"date": "2026-04-01", "minutes_per_day": 0}'],
)
def test_an_unreadable_stored_goal_is_reported_not_a_crash(store, text):
    store.set_config("goal:manager", text)
    found, problems = goals.load(store)
    assert found == {}
    assert len(problems) == 1 and "drill plan --clear --role manager" in problems[0]


def test_dates_in_the_past_today_and_too_far_are_refused():
    with pytest.raises(UsageError, match=r"2026-03-01 is in the past \(today is 2026-03-02\)"):
        goals.check_date(date(2026, 3, 1), TODAY)
    with pytest.raises(UsageError, match="give a date from 2026-03-03 on"):
        goals.check_date(date(2025, 1, 1), TODAY)
    with pytest.raises(UsageError, match="the interview is today"):
        goals.check_date(TODAY, TODAY)
    with pytest.raises(UsageError, match="more than 730 days away"):
        goals.check_date(TODAY + timedelta(days=731), TODAY)
    goals.check_date(TODAY + timedelta(days=1), TODAY)
    goals.check_date(TODAY + timedelta(days=730), TODAY)


@pytest.mark.parametrize("text", ["2026-13-01", "tomorrow", "03/04/2026", "", "+", "-3", "+2m"])
def test_a_date_that_is_not_yyyy_mm_dd_is_refused(text):
    with pytest.raises(UsageError, match=r"YYYY-MM-DD, or as days or weeks from today"):
        goals.parse_date(text, TODAY)


@pytest.mark.parametrize(
    ("text", "days"),
    [("+14", 14), ("+14d", 14), ("14d", 14), (" +3w ", 21), ("3W", 21), ("+1", 1)],
)
def test_a_date_can_be_given_as_days_or_weeks_from_today(text, days):
    assert goals.parse_date(text, TODAY) == TODAY + timedelta(days=days)
    assert goals.parse_date(TODAY.isoformat(), TODAY) == TODAY


def test_an_active_goal_is_one_still_ahead():
    g = goals.Goal("manager", TODAY)
    assert goals.active(g, TODAY) is g  # the interview day itself
    assert goals.active(g, TODAY + timedelta(days=1)) is None
    assert goals.active(None, TODAY) is None


# -- mock interviews --------------------------------------------------------------------


def d(n: int) -> date:
    return TODAY + timedelta(days=n)


def test_mocks_every_few_days_and_the_day_before():
    interview = d(14)
    assert mocks.mock_days(TODAY, interview, None) == [d(0), d(3), d(6), d(9), d(12), d(13)]
    # The last one yesterday: the next in three days' time from it.
    assert mocks.mock_days(TODAY, interview, d(-1))[:2] == [d(2), d(5)]
    # Long ago: one today.
    assert mocks.mock_days(TODAY, interview, d(-30))[0] == d(0)
    assert mocks.mock_days(TODAY, d(1), None) == [d(0)]  # tomorrow: today is the eve
    assert mocks.mock_days(TODAY, TODAY, None) == []


def test_weakest_categories_never_tried_first_then_by_latest_scores():
    at = datetime(2026, 3, 1, tzinfo=UTC)
    cats = {"q1": "behavioral", "q2": "metrics", "q3": "metrics", "q4": "forecasting"}
    answers = [
        (at, "q1", 92.0),
        (at, "q2", 20.0),  # an old weak answer in metrics...
        (at, "q3", 80.0),
        (at, "q2", 85.0),
        (at, "q3", 90.0),
        (at, "q2", 95.0),  # ...outweighed by the latest three
        (at, "q4", 40.0),
    ]
    order = mocks.weakest_categories(
        ["behavioral", "metrics", "forecasting", "tools"], answers, cats
    )
    assert order == ["tools", "forecasting", "metrics", "behavioral"]


def test_mock_status_counts_sessions_and_the_score_trend():
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    sessions = [(now - timedelta(days=4), 50.0), (now - timedelta(days=1), 64.0)]
    status = mocks.status(sessions, [], ["metrics"], {}, now, d(10), UTC)
    assert status.done == 2 and status.scores == [50.0, 64.0] and status.change == 14.0
    assert status.last == d(-1)
    assert not status.due_today and status.days[0] == d(2)
    fresh = mocks.status([], [], ["metrics"], {}, now, d(10), UTC)
    assert fresh.due_today and fresh.change is None
    assert fresh.to_dict()["due_today"] is True
