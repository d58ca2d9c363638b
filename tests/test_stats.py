"""Progress statistics: pure figures and the SQL aggregates behind them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from salesops_drill import stats
from salesops_drill.scheduler import CardState, Scheduler
from salesops_drill.store import Store

NOW = datetime(2026, 3, 11, 15, 0, tzinfo=timezone.utc)


def test_streak_counts_back_from_today_or_yesterday():
    today = date(2026, 3, 11)
    days = {today - timedelta(days=i) for i in range(4)}
    assert stats.streak(days, today) == 4
    assert stats.streak(days - {today}, today) == 3  # today not done yet: streak still alive
    assert stats.streak(days - {today, today - timedelta(days=1)}, today) == 0
    assert stats.streak(set(), today) == 0


def test_heatmap_is_whole_weeks_ending_this_week():
    today = date(2026, 3, 11)  # a Wednesday
    cells = stats.heatmap({today: 5, today - timedelta(days=10): 2}, today, weeks=12)
    assert len(cells) == 84
    assert date.fromisoformat(cells[0][0]).weekday() == 0
    assert date.fromisoformat(cells[-1][0]).weekday() == 6
    assert dict(cells)[today.isoformat()] == 5


def test_forecast_puts_overdue_cards_today():
    states = {
        "a": CardState(
            "a",
            "review",
            stability=5,
            difficulty=5,
            due=NOW - timedelta(days=3),
            last_review=NOW - timedelta(days=8),
        ),
        "b": CardState(
            "b", "review", stability=5, difficulty=5, due=NOW + timedelta(days=2), last_review=NOW
        ),
        "c": CardState(
            "c", "review", stability=50, difficulty=5, due=NOW + timedelta(days=40), last_review=NOW
        ),
    }
    days = stats.forecast(["a", "b", "c", "new"], states, NOW)
    assert len(days) == 14
    counts = [n for _, n in days]
    assert counts[0] == 1 and sum(counts) == 2


def test_mastery_needs_three_weeks_of_stability():
    states = {
        "a": CardState("a", "review", stability=30, difficulty=5, due=NOW, last_review=NOW),
        "b": CardState("b", "review", stability=5, difficulty=5, due=NOW, last_review=NOW),
    }
    assert stats.mastery({"rep": ["a", "b", "c"]}, states) == {"rep": (1, 3)}


def test_daily_counts_and_retention_from_the_store(tmp_path):
    sched = Scheduler(enable_fuzzing=False)
    with Store.open(tmp_path / "p.db") as store:
        moment = NOW - timedelta(days=20)
        state = CardState.new("a")
        for rating in (3, 3, 3, 1, 3):  # learning, learning -> review, then lapses once
            state = sched.review(state, rating, moment)
            store.record_review(state, rating, moment, 1000)
            moment = max(moment + timedelta(minutes=1), state.due)
        daily = store.daily_review_counts(NOW - timedelta(days=30), timedelta(0))
        assert sum(daily.values()) == 5
        recalled, total = store.retention_counts(NOW - timedelta(days=30))
        assert total >= 1 and recalled < total  # the Again on a review card counts against


def test_build_and_to_dict():
    states = {
        "a": CardState(
            "a", "review", stability=30, difficulty=5, due=NOW + timedelta(days=1), last_review=NOW
        )
    }
    result = stats.build(
        ["a", "b"], {"rep": ["a", "b"]}, states, {stats.study_date(NOW): 4}, (9, 10), NOW
    )
    data = result.to_dict()
    assert data["by_state"] == {"new": 1, "learning": 0, "review": 1, "relearning": 0}
    assert data["reviews_today"] == 4 and data["streak_days"] == 1
    assert data["retention_30d"] == 0.9
    assert data["mastery"]["rep"] == {"mastered": 1, "cards": 2, "share": 0.5}
