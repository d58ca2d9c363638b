"""Progress statistics: pure figures and the SQL aggregates behind them."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from salesops_drill import stats
from salesops_drill.clock import study_date, study_days
from salesops_drill.paths import resolve_paths
from salesops_drill.scheduler import CardState, Scheduler
from salesops_drill.store import RatedAnswerRow, Store
from tests.helpers import run

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
    days = stats.forecast(["a", "b", "c", "new"], stats.schedules(states.values()), NOW)
    assert len(days) == 14
    counts = [n for _, n in days]
    assert counts[0] == 1 and sum(counts) == 2


def test_mastery_needs_three_weeks_of_stability():
    states = {
        "a": CardState("a", "review", stability=30, difficulty=5, due=NOW, last_review=NOW),
        "b": CardState("b", "review", stability=5, difficulty=5, due=NOW, last_review=NOW),
    }
    assert stats.mastery({"rep": ["a", "b", "c"]}, stats.schedules(states.values())) == {
        "rep": (1, 3)
    }


def test_daily_counts_and_retention_from_the_store(tmp_path):
    sched = Scheduler(enable_fuzzing=False)
    with Store.open(tmp_path / "p.db") as store:
        moment = NOW - timedelta(days=20)
        state = CardState.new("a")
        for rating in (3, 3, 3, 1, 3):  # learning, learning -> review, then lapses once
            state = sched.review(state, rating, moment)
            store.record_review(state, rating, moment, 1000)
            moment = max(moment + timedelta(minutes=1), state.due)
        today = study_date(NOW, timezone.utc)
        days = study_days(today - timedelta(days=30), today, timezone.utc)
        daily = store.daily_review_counts(days)
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
        ["a", "b"],
        {"rep": ["a", "b"]},
        stats.schedules(states.values()),
        {study_date(NOW): 4},
        (9, 10),
        NOW,
    )
    data = result.to_dict()
    assert data["by_state"] == {"new": 1, "learning": 0, "review": 1, "relearning": 0}
    assert data["reviews_today"] == 4 and data["streak_days"] == 1
    assert data["retention_30d"] == 0.9
    assert data["mastery"]["rep"] == {"mastered": 1, "cards": 2, "share": 0.5}


# -- calibration: self-ratings against the grader -----------------------------------------


def _rated(day: int, rating: int, score: float | None, category: str | None = "technical"):
    return RatedAnswerRow(NOW + timedelta(days=day), "manager", "q-x", rating, category, score)


def test_self_ratings_scale_onto_the_graders_0_to_100():
    assert [stats.self_rating_score(r) for r in (1, 2, 3, 4, 5)] == [0, 25, 50, 75, 100]


def test_calibration_gap_verdict_and_trend_per_category():
    rows = [
        _rated(0, 5, 20.0),  # technical: rated far above the grader...
        _rated(1, 5, 30.0),
        _rated(8, 4, 60.0),  # ...then closer
        _rated(9, 4, 70.0),
        _rated(2, 2, 70.0, "behavioral"),  # rates below the grader
        _rated(3, 3, 45.0, "role-knowledge"),  # close
        _rated(4, 3, None),  # no grader's score: left out
    ]
    rows.sort(key=lambda r: r.answered_at)
    cal = stats.calibration(rows)
    assert cal.answers == 6
    by = {row.category: row for row in cal.by_category}
    assert list(by) == ["behavioral", "role-knowledge", "technical"]
    tech = by["technical"]
    assert (tech.answers, tech.mean_self, tech.mean_grader) == (4, 87.5, 45.0)
    assert tech.mean_gap == 42.5 and tech.verdict == "higher"
    assert (tech.early_gap, tech.recent_gap, tech.trend) == (75.0, 10.0, "closer")
    assert by["behavioral"].verdict == "lower" and by["behavioral"].mean_gap == -45.0
    assert by["behavioral"].trend is None  # too few answers for a trend
    assert by["role-knowledge"].verdict == "close"
    assert cal.overall is not None and cal.overall.answers == 6
    # NOW is a Wednesday: days 0-3 fall in its week, days 8-9 in the next (Mondays named)
    assert [(w.week, w.answers) for w in cal.by_week] == [("2026-03-09", 4), ("2026-03-16", 2)]


def test_calibration_falls_back_to_the_library_category_and_is_empty_without_data():
    row = _rated(0, 4, 50.0, category=None)
    assert stats.calibration([row], {"q-x": "behavioral"}).by_category[0].category == "behavioral"
    assert stats.calibration([row]).by_category[0].category == "other"
    empty = stats.calibration([])
    assert empty.answers == 0 and empty.overall is None and list(empty.by_week) == []


STORY = (
    "At my last company the sales cycle had grown from 48 to 62 days. I was responsible for "
    "finding out why. I pulled a year of CRM data and found legal review was the bottleneck, "
    "so I ran a pilot with pre-approved clauses. As a result the cycle fell 18% in two quarters."
)


def _interview(role: str, qid: str, rating: int, tmp_path) -> None:
    path = tmp_path / f"{role}-{qid}.yaml"
    path.write_text(f'- id: {qid}\n  answer: "{STORY}"\n  self_rating: {rating}\n')
    result = run("interview", "--role", role, "--answers", str(path), "--json")
    assert result.exit_code == 0, result.stderr


def test_drill_stats_shows_calibration_per_category_and_role(tmp_path):
    assert json.loads(run("stats", "--json").stdout)["calibration"]["answers"] == 0
    assert "No rated interview answers yet" in run("stats").stdout
    _interview("manager", "q-mgr-bottlenecks", 5, tmp_path)
    _interview("manager", "q-mgr-bottlenecks", 4, tmp_path)
    _interview("analyst", "q-an-close-rate-calc", 1, tmp_path)  # an analyst-only question
    with Store.open(resolve_paths().progress_db) as store:
        graded = {r.question_id: r.score for r in store.rated_answers()}
    data = json.loads(run("stats", "--json").stdout)["calibration"]
    assert data["answers"] == 3 and "1-5 as 0-100" in data["scale"]
    cats = {row["category"]: row for row in data["by_category"]}
    assert cats["problem-solving"]["mean_self"] == 87.5
    assert cats["problem-solving"]["mean_grader"] == round(graded["q-mgr-bottlenecks"], 1)
    mine = json.loads(run("stats", "--role", "manager", "--json").stdout)["calibration"]
    assert mine["answers"] == 2 and [r["category"] for r in mine["by_category"]] == [
        "problem-solving"
    ]
    out = run("stats", "--role", "manager").stdout
    section = out[out.index("Self-rating vs grader") :]
    assert "problem-solving" in section and "Gap" in section and "By week" in section
    gap = 87.5 - graded["q-mgr-bottlenecks"]
    verdict = "higher" if gap > 10 else "lower" if gap < -10 else "about right"
    assert "You rate" in section and verdict in section
    assert all(len(line) <= 80 for line in out.splitlines())


def test_stats_role_counts_answers_to_the_roles_questions_whoever_asked_them(tmp_path):
    """An answer counts for every role whose question it answers, not only for the role
    of the interview it was given in: q-ops-core-kpis is a question of every role."""
    _interview("analyst", "q-ops-core-kpis", 3, tmp_path)
    _interview("rep", "q-rep-customer-complaint", 2, tmp_path)
    manager = json.loads(run("stats", "--role", "manager", "--json").stdout)["calibration"]
    rep = json.loads(run("stats", "--role", "rep", "--json").stdout)["calibration"]
    everything = json.loads(run("stats", "--json").stdout)["calibration"]
    assert (manager["answers"], rep["answers"], everything["answers"]) == (1, 2, 2)
