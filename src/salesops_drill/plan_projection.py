"""A goal's plan run forward: the work of each day to the interview and the recall on
the day (:func:`project`), and what too few minutes a day leave out (:func:`shortfall`).

Pure core. The projection runs the same FSRS scheduler forward, one study day at a time,
for a typical learner: a forecast of keeping to the plan, not a promise. The rules it
follows (new cards per day, the late phase) are :mod:`salesops_drill.plan`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo

from salesops_drill.clock import DAY_START_HOUR, study_date, study_day_bounds
from salesops_drill.goals import Goal
from salesops_drill.plan import (
    DEFAULT_SECONDS_PER_CARD,
    LATE_DAYS,
    bring_forward,
    days_left,
    new_per_day,
    predicted_recall,
    review_only_days,
)
from salesops_drill.scheduler import LEARNING, RELEARNING, CardState, Scheduler

#: Future study sessions are projected at this local hour.
SESSION_HOUR = 9
#: The typical learner a projection assumes: first ratings Again/Hard/Good/Easy of a
#: card never seen, and Hard/Good/Easy of a card recalled (a card forgotten is Again;
#: whether it is recalled is drawn from its retrievability). These are the averages over
#: Anki users that the fsrs-rs simulator uses by default.
FIRST_RATINGS = (0.24, 0.094, 0.495, 0.171)
RECALLED_RATINGS = (0.224, 0.631, 0.145)
#: Projections draw their ratings from this seed, so the same state gives the same plan.
PROJECTION_SEED = 2024
#: A card failed again and again is left for the next day after this many showings.
MAX_SHOWN_A_DAY = 12


# -- projection ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DayPlan:
    day: date
    reviews: int  # presentations of cards seen before that day
    new: int  # cards introduced that day
    presentations: int  # every card shown, learning steps of new cards included
    minutes: float
    late: bool  # one of the last days, ordered by recall on the day

    def to_dict(self) -> dict:
        return {
            "date": self.day.isoformat(),
            "reviews": self.reviews,
            "new": self.new,
            "cards_shown": self.presentations,
            "minutes": round(self.minutes, 1),
            "late_phase": self.late,
        }


@dataclass(frozen=True)
class Projection:
    days: list[DayPlan]
    recall: float  # mean predicted recall on the day if the plan is kept to
    total: int
    introduced: int  # cards introduced before the date
    covered: int  # cards seen already or introduced by the introduction deadline
    after_deadline: int  # cards introduced after it, in the days kept for reviews
    deadline: date  # the last day new cards are planned on (more only to catch up)
    states: dict[str, CardState] = field(repr=False, default_factory=dict)

    @property
    def feasible(self) -> bool:
        return self.covered >= self.total

    @property
    def left_out(self) -> int:
        """Cards the minutes never fit in before the date (they count 0 in ``recall``)."""
        return self.total - self.covered - self.after_deadline


@dataclass(frozen=True)
class PlanInputs:
    """Everything a projection depends on besides the card states."""

    goal: Goal
    card_ids: tuple[str, ...]
    now: datetime
    scheduler: Scheduler  # unfuzzed, so a projection is the same every time
    seconds_per_card: float = DEFAULT_SECONDS_PER_CARD
    new_setting: int = 0  # the user's new_per_day: the least introduced a day
    done_today: int = 0  # cards already shown today (count against today's minutes)
    new_today: int = 0  # cards already introduced today (count toward today's new cards)
    tz: tzinfo | None = None


def project(inputs: PlanInputs, states: Mapping[str, CardState]) -> Projection:
    """Run the schedule forward to the interview, one study day at a time.

    Each day (at ``SESSION_HOUR``; today from now): the cards due by the day's end, then
    today's new cards, then in the last days the cards brought forward, within the
    minutes a day. Each is rated as a typical learner would (``FIRST_RATINGS``, recall
    drawn from retrievability, a seeded draw) and shown again for each learning step
    due that day. Returns the work per day and the mean predicted recall at the
    interview.
    """
    rng = random.Random(PROJECTION_SEED)
    goal, sched, tz = inputs.goal, inputs.scheduler, inputs.tz
    ids = list(dict.fromkeys(inputs.card_ids))
    sim = {c: states[c] for c in ids if c in states and not states[c].is_new}
    unseen = [c for c in ids if c not in sim]
    left = max(0, days_left(goal, inputs.now, tz))
    intro_end = left - review_only_days(left)  # day index: no new cards from here on
    when = goal.interview_at(tz)
    if goal.minutes_per_day is None:
        capacity = math.inf
    else:
        capacity = goal.minutes_per_day * 60 / inputs.seconds_per_card
    today = study_date(inputs.now, tz)
    days: list[DayPlan] = []
    introduced = after_deadline = 0
    covered = len(sim)  # cards seen already count as covered
    for i in range(left):
        day_start, day_end = study_day_bounds(today + timedelta(days=i), tz)
        at = inputs.now if i == 0 else day_start + timedelta(hours=SESSION_HOUR - DAY_START_HOUR)
        budget = capacity - (inputs.done_today if i == 0 else 0)
        shown = reviews = 0
        due = sorted((s.due, c) for c, s in sim.items() if s.due is not None and s.due < day_end)
        for _, cid in due:
            after, cost = _rate(sched, rng, sim[cid], max(at, sim[cid].due or at), day_end)
            if shown + cost > budget:
                break
            sim[cid] = after
            shown += cost
            reviews += cost
        before = inputs.new_today if i == 0 else 0
        want = new_per_day(len(unseen) + before, intro_end - i, inputs.new_setting) - before
        new = 0
        while new < want and unseen:
            after, cost = _rate(sched, rng, CardState.new(unseen[0]), at, day_end)
            if shown + cost > budget:
                break
            sim[after.card_id] = after
            unseen.pop(0)
            shown += cost
            new += 1
        introduced += new
        if i < intro_end:
            covered += new
        else:
            after_deadline += new
        late = left - i <= LATE_DAYS
        if late:
            for cid in bring_forward(list(sim), sim, sched, at, goal, tz):
                after, cost = _rate(sched, rng, sim[cid], at, day_end)
                if shown + cost > budget:
                    break
                sim[cid] = after
                shown += cost
                reviews += cost
        minutes = shown * inputs.seconds_per_card / 60
        days.append(DayPlan(today + timedelta(days=i), reviews, new, shown, minutes, late))
    deadline = today + timedelta(days=max(0, intro_end - 1))
    return Projection(
        days=days,
        recall=predicted_recall(ids, sim, sched, when),
        total=len(ids),
        introduced=introduced,
        covered=covered,
        after_deadline=after_deadline,
        deadline=deadline,
        states=sim,
    )


def _rate(
    sched: Scheduler, rng: random.Random, state: CardState, at: datetime, day_end: datetime
) -> tuple[CardState, int]:
    """Show a card at ``at``, and again at each learning step due before ``day_end``.
    Returns the state after and how many times the card was shown."""
    shown = 0
    while True:
        state = sched.review(state, typical_rating(sched, rng, state, at), at)
        shown += 1
        due = state.due
        if state.state not in (LEARNING, RELEARNING) or due is None or due >= day_end:
            return state, shown
        if shown >= MAX_SHOWN_A_DAY:
            return state, shown
        at = due


def typical_rating(sched: Scheduler, rng: random.Random, state: CardState, at: datetime) -> int:
    """The rating a typical learner gives ``state`` at ``at`` (see ``FIRST_RATINGS``)."""
    if state.is_new:
        return rng.choices((1, 2, 3, 4), FIRST_RATINGS)[0]
    if rng.random() >= sched.retrievability(state, at):
        return 1
    return rng.choices((2, 3, 4), RECALLED_RATINGS)[0]


# -- when the minutes are too few ---------------------------------------------------------


@dataclass(frozen=True)
class Shortfall:
    """What the minutes a day cover, and what would cover everything.

    The figures are those of the projection the plan shows: ``covered + after_deadline
    + left_out == total``, and those ``after_deadline`` are among the new cards of its
    days after ``deadline``."""

    covered: int  # cards seen already or introduced by the deadline
    after_deadline: int  # introduced after it, in the days kept for reviews
    left_out: int  # not introduced before the interview at all
    total: int
    deadline: date  # the last day before the days kept for reviews
    minutes_needed: int | None  # all by the deadline, same date; None: not even a whole day
    date_needed: date | None  # at the same minutes; None: not within the limit


def shortfall(
    inputs: PlanInputs, states: Mapping[str, CardState], first: Projection | None = None
) -> Shortfall | None:
    """None when the goal's minutes a day introduce every card by the deadline.

    ``first`` is ``project(inputs, states)`` when the caller has it already (the plan
    shown), so the shortfall describes that very projection."""
    from salesops_drill.goals import MAX_DAYS_AHEAD, MAX_MINUTES

    if first is None:
        first = project(inputs, states)
    if first.feasible:
        return None
    goal = inputs.goal

    def fits_minutes(m: int) -> bool:
        return project(replace(inputs, goal=goal._replace(minutes_per_day=m)), states).feasible

    def fits_days(n: int) -> bool:
        day = study_date(inputs.now, inputs.tz) + timedelta(days=n)
        return project(replace(inputs, goal=goal._replace(date=day)), states).feasible

    current = goal.minutes_per_day or MAX_MINUTES
    minutes = _least(fits_minutes, current + 1, MAX_MINUTES)
    left = max(1, days_left(goal, inputs.now, inputs.tz))
    days = _least(fits_days, left + 1, MAX_DAYS_AHEAD)
    day = None if days is None else study_date(inputs.now, inputs.tz) + timedelta(days=days)
    return Shortfall(
        covered=first.covered,
        after_deadline=first.after_deadline,
        left_out=first.left_out,
        total=first.total,
        deadline=first.deadline,
        minutes_needed=minutes,
        date_needed=day,
    )


def _least(ok, low: int, high: int) -> int | None:
    """The least n in [low, high] with ok(n), taking ok to be monotone; None if none."""
    if low > high or not ok(high):
        return None
    while low < high:
        mid = (low + high) // 2
        if ok(mid):
            high = mid
        else:
            low = mid + 1
    return low
