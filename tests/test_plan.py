"""Plan maths with an injected clock: new cards per day, the late-phase order by predicted
recall on the interview day, the projection and the workload estimate."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from salesops_drill import plan, plan_projection
from salesops_drill.goals import Goal
from salesops_drill.review_queue import build_queue
from salesops_drill.scheduler import CardState, Scheduler

UTC = timezone.utc
PLUS2 = timezone(timedelta(hours=2))
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 10:00 at +2, study day Mon 2 March
SCHED = Scheduler(enable_fuzzing=False)
IDS = tuple(f"c{i:03}" for i in range(200))


def goal(days: int, minutes: int | None = None, role: str = "manager") -> Goal:
    return Goal(role, date(2026, 3, 2) + timedelta(days=days), minutes)


def inputs(days: int, minutes: int | None = None, **kw) -> plan_projection.PlanInputs:
    base = dict(
        goal=goal(days, minutes),
        card_ids=IDS,
        now=NOW,
        scheduler=SCHED,
        seconds_per_card=15.0,
        new_setting=20,
        tz=PLUS2,
    )
    base.update(kw)
    return plan_projection.PlanInputs(**base)


def review_state(cid: str, stability: float, last: datetime, due: datetime) -> CardState:
    return CardState(cid, "review", None, stability, 5.0, due, last)


# -- days and new cards -----------------------------------------------------------------


def test_days_left_counts_study_days_in_the_users_zone():
    g = goal(14)
    assert plan.days_left(g, NOW, PLUS2) == 14
    # 03:00 on Tuesday at +2 still belongs to Monday's study day (days start at 04:00).
    early_tuesday = datetime(2026, 3, 3, 1, 0, tzinfo=UTC)
    assert plan.days_left(g, early_tuesday, PLUS2) == 14
    assert plan.days_left(g, early_tuesday + timedelta(hours=2), PLUS2) == 13


@pytest.mark.parametrize(("days", "kept"), [(30, 7), (14, 7), (9, 4), (2, 1), (1, 0)])
def test_the_last_days_are_kept_for_reviews(days, kept):
    assert plan.review_only_days(days) == kept


@pytest.mark.parametrize(
    ("unseen", "intro_days", "setting", "expected"),
    [
        (200, 7, 20, 29),  # the days left set the pace...
        (200, 7, 40, 40),  # ...never slower than the user's own setting
        (60, 7, 20, 20),
        (15, 7, 20, 15),  # no more than there are
        (50, 0, 20, 50),  # past the introduction deadline: everything left at once
        (0, 5, 20, 0),
    ],
)
def test_new_cards_per_day(unseen, intro_days, setting, expected):
    assert plan.new_per_day(unseen, intro_days, setting) == expected


def test_projection_introduces_every_card_by_the_deadline_then_only_reviews():
    p = plan_projection.project(inputs(14), {})
    assert [d.day for d in p.days] == [date(2026, 3, 2) + timedelta(days=i) for i in range(14)]
    assert p.deadline == date(2026, 3, 8)  # 14 days: the last 7 for reviews
    # ceil(200 / 7) a day, recomputed each day from what is left: 29 x 4, then 28 x 3.
    assert [d.new for d in p.days[:7]] == [29] * 4 + [28] * 3
    assert all(d.new == 0 for d in p.days[7:])
    assert p.feasible and p.covered == p.introduced == p.total == 200
    assert [d.late for d in p.days] == [False] * 12 + [True, True]
    assert p.recall > 0.9


def test_cards_already_introduced_today_count_toward_todays_new_cards():
    later = NOW + timedelta(days=2)
    seen = {c: review_state(c, 2.3, NOW, later) for c in IDS[:20]}  # introduced today
    first = plan_projection.project(inputs(14, new_today=20), seen).days[0]
    assert first.new == 9  # 29 today in all, 20 of them already shown
    seen |= {c: review_state(c, 2.3, NOW, later) for c in IDS[20:29]}
    assert plan_projection.project(inputs(14, new_today=29), seen).days[0].new == 0


def test_seen_cards_come_back_as_reviews_not_new_cards():
    states = {
        c: review_state(c, 3.0, NOW - timedelta(days=3), NOW - timedelta(hours=1)) for c in IDS[:50]
    }
    p = plan_projection.project(inputs(14), states)
    assert p.days[0].reviews >= 50  # all due today
    assert sum(d.new for d in p.days) == p.introduced == 150
    assert p.covered == 200 and p.feasible  # the 50 seen already count as covered


def test_cards_seen_already_count_toward_what_the_minutes_cover():
    states = {
        c: review_state(c, 30.0, NOW - timedelta(days=1), NOW + timedelta(days=25))
        for c in IDS[:100]
    }
    tight = inputs(14, minutes=6)
    fresh = plan_projection.project(tight, {})
    halfway = plan_projection.project(tight, states)
    assert halfway.covered > 100 and halfway.covered > fresh.covered
    short, from_scratch = (
        plan_projection.shortfall(tight, states),
        plan_projection.shortfall(tight, {}),
    )
    assert short is not None and from_scratch is not None
    assert short.covered == halfway.covered
    assert short.minutes_needed is not None and from_scratch.minutes_needed is not None
    assert short.minutes_needed <= from_scratch.minutes_needed


def test_the_workload_is_cards_shown_times_the_users_seconds_per_card():
    p = plan_projection.project(inputs(14, seconds_per_card=12.0), {})
    for d in p.days:
        assert d.minutes == pytest.approx(d.presentations * 12.0 / 60)
        assert d.presentations >= d.reviews + d.new  # a new card is shown at least once
    slower = plan_projection.project(inputs(14, seconds_per_card=24.0), {})
    assert slower.days[0].minutes == pytest.approx(2 * p.days[0].minutes)


def test_the_minutes_a_day_cap_the_work_and_todays_reviews_use_them_up():
    capped = plan_projection.project(inputs(14, minutes=10), {})
    assert all(d.minutes <= 10 for d in capped.days)
    busy = plan_projection.project(inputs(14, minutes=10, done_today=40), {})
    assert busy.days[0].presentations == 0  # 40 cards x 15 s: today's 10 minutes are used


def test_projection_is_the_same_every_time():
    assert plan_projection.project(inputs(14), {}) == plan_projection.project(inputs(14), {})


def test_the_predicted_recall_counts_unseen_cards_as_zero():
    states = {"a": review_state("a", 50.0, NOW, NOW + timedelta(days=50))}
    recall = plan.predicted_recall(["a", "b"], states, SCHED, NOW + timedelta(days=1))
    assert 0.49 < recall < 0.5


# -- too few minutes ----------------------------------------------------------------------


def test_no_shortfall_without_a_minutes_cap_or_with_enough_minutes():
    assert plan_projection.shortfall(inputs(14), {}) is None
    assert plan_projection.shortfall(inputs(14, minutes=60), {}) is None


def test_shortfall_says_what_is_covered_and_the_minutes_or_date_that_cover_it_all():
    tight = inputs(14, minutes=10)
    short = plan_projection.shortfall(tight, {})
    assert short is not None
    assert short.total == 200 and 0 < short.covered < 200
    assert short.covered == plan_projection.project(tight, {}).covered
    m = short.minutes_needed
    assert m is not None and m > 10
    more = tight.goal._replace(minutes_per_day=m)
    assert plan_projection.project(replace(tight, goal=more), {}).feasible
    less = tight.goal._replace(minutes_per_day=m - 1)
    assert not plan_projection.project(replace(tight, goal=less), {}).feasible
    assert short.date_needed is not None and short.date_needed > tight.goal.date
    later = tight.goal._replace(date=short.date_needed)
    assert plan_projection.project(replace(tight, goal=later), {}).feasible


@pytest.mark.parametrize("minutes", [3, 10, 20, None])
def test_under_any_minutes_the_plan_its_recall_and_its_shortfall_are_one_computation(minutes):
    """What the days introduce is what the shortfall counts: by the deadline, after it (in
    the days kept for reviews), or never; and the recall on the day is over every card,
    those never introduced counting 0."""
    half = {
        c: review_state(c, 8.0, NOW - timedelta(days=2), NOW + timedelta(days=3)) for c in IDS[:30]
    }
    for states in ({}, half):
        tight = inputs(14, minutes=minutes)
        p = plan_projection.project(tight, states)
        seen = len(states)
        by_deadline = sum(d.new for d in p.days if d.day <= p.deadline)
        after = sum(d.new for d in p.days if d.day > p.deadline)
        assert p.covered == seen + by_deadline and p.after_deadline == after
        assert p.introduced == by_deadline + after
        assert p.covered + p.after_deadline + p.left_out == p.total == len(IDS)
        assert p.left_out >= 0
        assert after == 0 or p.covered < p.total  # late only what did not fit in time
        never = [c for c in IDS if c not in p.states]
        assert len(never) == p.left_out
        assert p.recall == pytest.approx(
            plan.predicted_recall(IDS, p.states, SCHED, tight.goal.interview_at(PLUS2))
        )
        assert p.recall <= (p.total - p.left_out) / p.total
        short = plan_projection.shortfall(tight, states, p)
        assert (short is None) == p.feasible
        if short is not None:
            assert short == plan_projection.shortfall(tight, states)  # the plan given is the plan
            assert (short.covered, short.after_deadline, short.left_out, short.total) == (
                p.covered,
                p.after_deadline,
                p.left_out,
                p.total,
            )
            assert short.deadline == p.deadline


def test_cards_that_miss_the_deadline_come_after_it_as_the_minutes_allow():
    """Minutes too few to introduce all in time, enough for all by the date: the rest
    come in the days kept for reviews; fewer still, some are never introduced."""
    some_late = plan_projection.project(inputs(14, minutes=18), {})
    assert some_late.after_deadline > 0 and some_late.left_out == 0
    assert sum(d.new for d in some_late.days) == 200
    too_few = plan_projection.project(inputs(14, minutes=3), {})
    assert too_few.left_out > 0
    assert sum(d.new for d in too_few.days) == 200 - too_few.left_out
    assert too_few.recall < some_late.recall


# -- seconds per card -------------------------------------------------------------------


def test_seconds_per_card_is_the_users_median_once_there_are_enough():
    assert plan.seconds_per_card([9000] * 19) == (plan.DEFAULT_SECONDS_PER_CARD, False)
    assert plan.seconds_per_card([8000] * 10 + [12000] * 11) == (12.0, True)
    # A card left on screen for an hour is not a card studied.
    walked_away = [10_000] * 20 + [3_600_000] * 15
    assert plan.seconds_per_card(walked_away) == (10.0, True)


# -- the late phase ---------------------------------------------------------------------


def late_states(now: datetime) -> dict[str, CardState]:
    day = timedelta(days=1)
    return {
        # due now, short memory: lowest recall on the day
        "due-weak": review_state("due-weak", 1.0, now - 3 * day, now - timedelta(hours=1)),
        # due now, but a long memory
        "due-strong": review_state("due-strong", 40.0, now - 30 * day, now - timedelta(hours=1)),
        # not due until after the interview, yet under the bar by then
        "ahead": review_state("ahead", 2.0, now - 1.5 * day, now + 2 * day),
        # not due, and will be well remembered
        "safe": review_state("safe", 100.0, now - day, now + 90 * day),
        # reviewed earlier today: not brought back the same day
        "today": review_state("today", 2.0, now - timedelta(hours=2), now + day),
        # learning: left to its steps
        "learning": CardState("learning", "learning", 1, 0.5, 5.0, now + timedelta(hours=3), now),
    }


def test_before_the_last_days_the_queue_is_left_alone():
    g = goal(10)
    states = late_states(NOW)
    q = build_queue(list(states) + ["new1"], states, NOW, SCHED, 20, 0, tz=PLUS2)
    order = plan.GoalOrder(g, SCHED, PLUS2)
    assert order.arrange(q, list(states) + ["new1"], states, NOW) == q
    assert plan.bring_forward(list(states), states, SCHED, NOW, g, PLUS2) == []


def test_in_the_last_days_lowest_recall_on_the_day_comes_first_even_if_not_due():
    g = goal(1)  # the interview is tomorrow
    when = g.interview_at(PLUS2)
    states = late_states(NOW)
    ids = list(states) + ["new1"]
    q = build_queue(ids, states, NOW, SCHED, 20, 0, tz=PLUS2)
    assert set(q.due) == {"due-weak", "due-strong"}
    arranged = plan.GoalOrder(g, SCHED, PLUS2).arrange(q, ids, states, NOW)
    recall = {c: SCHED.retrievability(states[c], when) for c in arranged.due}
    assert arranged.due == sorted(arranged.due, key=recall.get)
    assert set(arranged.due) == {"due-weak", "due-strong", "ahead"}
    assert recall["ahead"] < plan.LATE_TARGETS[1] <= SCHED.retrievability(states["safe"], when)
    assert arranged.new == ["new1"]
    assert arranged.counts["review"] == 3


def test_the_bar_is_lower_two_days_out_than_on_the_eve():
    assert plan.LATE_TARGETS[2] < plan.LATE_TARGETS[1]
    states = late_states(NOW)
    # "ahead" at 2 days out: its recall then sits between the two bars.
    g2 = goal(2)
    r2 = SCHED.retrievability(states["ahead"], g2.interview_at(PLUS2))
    brought = plan.bring_forward(list(states), states, SCHED, NOW, g2, PLUS2)
    assert ("ahead" in brought) == (r2 < plan.LATE_TARGETS[2])


def test_the_late_order_respects_the_session_limit():
    g = goal(1)
    states = late_states(NOW)
    ids = list(states) + ["new1"]
    q = build_queue(ids, states, NOW, SCHED, 20, 0, limit=2, tz=PLUS2)
    arranged = plan.GoalOrder(g, SCHED, PLUS2).arrange(q, ids, states, NOW, limit=2)
    assert len(arranged) == 2 and arranged.new == []
    assert arranged.due[0] == "due-weak"


def test_the_interview_moment_is_the_morning_of_the_day_in_the_users_zone():
    assert goal(3).interview_at(PLUS2) == datetime(2026, 3, 5, 7, 0, tzinfo=UTC)
    assert math.isclose(
        plan.predicted_recall([], {}, SCHED, NOW), 0.0
    )  # no cards: nothing to recall
