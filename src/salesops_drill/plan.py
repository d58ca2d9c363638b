"""Working toward an interview date: the maths behind ``drill plan``. Pure core.

A goal changes two things in ``drill review``:

* **New cards per day** come from the cards still unseen and the days left: every card
  is introduced by the *introduction deadline*, leaving the last days (up to
  ``REVIEW_DAYS``, half the time when it is short) for reviews only, so each card is seen
  several times before the date. Never fewer than the user's ``new_per_day`` setting, and
  never more than the minutes a day allow. When the minutes are too few for that, the
  cards not introduced by the deadline come after it, in the days kept for reviews, as
  the minutes allow (as ``drill review`` catches up when a user falls behind), and any
  that never fit are left out; the plan says how many of each (:class:`Shortfall`).
* **In the last days** (``LATE_TARGETS``), cards are ordered by their predicted recall
  at the interview (FSRS retrievability evaluated at that moment), lowest first, and
  cards not yet due whose predicted recall is under that day's bar are brought forward
  (a lower bar two days out than on the eve, so the extra reviews are spread).

The workload and the recall on the day are *projected* by running the same FSRS
scheduler forward, one study day at a time, for a typical learner: that is
:mod:`salesops_drill.plan_projection` (a forecast of keeping to the plan, not a promise).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from statistics import median
from typing import TYPE_CHECKING

from salesops_drill.clock import study_date, study_day
from salesops_drill.goals import Goal
from salesops_drill.scheduler import REVIEW, CardState, Scheduler

if TYPE_CHECKING:
    from salesops_drill.review_queue import Queue

#: Days at the end kept for reviews only (fewer when the whole plan is short).
REVIEW_DAYS = 7
#: In the last days, by days left (0: the interview day itself), a card not yet due is
#: brought forward if its predicted recall on the interview day is below this. Chosen
#: with benchmarks/plan_sim.py: higher bars raise recall on the day a little more, at
#: the cost of more reviews than the 1.2x of plain review the goal allows itself.
LATE_TARGETS: dict[int, float] = {2: 0.93, 1: 0.95, 0: 0.95}
#: The last days, in which cards are ordered by predicted recall on the interview day.
LATE_DAYS = max(LATE_TARGETS)
#: Seconds per card assumed until the user has timed reviews of their own.
DEFAULT_SECONDS_PER_CARD = 15.0
#: Timed reviews needed before the user's own median is used, and how many are read.
MIN_TIMED_REVIEWS = 20
TIMED_SAMPLE = 500
#: A card on screen longer than this was left, not studied: not counted in the median.
MAX_CARD_SECONDS = 300


def days_left(goal: Goal, now: datetime, tz: tzinfo | None = None) -> int:
    """Study days before the interview, today included (0 on the day, negative after)."""
    return (goal.date - study_date(now, tz)).days


def review_only_days(days: int) -> int:
    """How many of the last ``days`` days get no new cards."""
    return min(REVIEW_DAYS, days // 2)


def new_per_day(unseen: int, intro_days: int, setting: int) -> int:
    """New cards for one day: enough to introduce ``unseen`` over ``intro_days`` days
    (all at once when no introduction day is left), and at least the user's ``setting``."""
    if unseen <= 0:
        return 0
    needed = unseen if intro_days <= 0 else math.ceil(unseen / intro_days)
    return min(unseen, max(needed, setting))


def in_late_phase(goal: Goal, now: datetime, tz: tzinfo | None = None) -> bool:
    return late_target(days_left(goal, now, tz)) is not None


def seconds_per_card(durations_ms: Sequence[int]) -> tuple[float, bool]:
    """(seconds a card takes this user, measured?): the median of their timed reviews,
    or ``DEFAULT_SECONDS_PER_CARD`` until there are ``MIN_TIMED_REVIEWS`` of them."""
    timed = [ms / 1000 for ms in durations_ms if 0 < ms <= MAX_CARD_SECONDS * 1000]
    if len(timed) < MIN_TIMED_REVIEWS:
        return DEFAULT_SECONDS_PER_CARD, False
    return max(1.0, float(median(timed))), True


def predicted_recall(
    card_ids: Sequence[str],
    states: Mapping[str, CardState],
    scheduler: Scheduler,
    when: datetime,
) -> float:
    """Mean predicted recall of ``card_ids`` at ``when``; a card never seen counts 0."""
    if not card_ids:
        return 0.0
    total = sum(scheduler.retrievability(states[c], when) if c in states else 0.0 for c in card_ids)
    return total / len(card_ids)


# -- the late phase in a review session ---------------------------------------------------


@dataclass(frozen=True)
class GoalOrder:
    """How a goal rearranges a review session's queue in its last days."""

    goal: Goal
    scheduler: Scheduler
    tz: tzinfo | None = None

    def arrange(
        self,
        queue: Queue,
        card_ids: Sequence[str],
        states: Mapping[str, CardState],
        now: datetime,
        limit: int | None = None,
    ) -> Queue:
        """``queue`` unchanged before the last days; in them, the due cards and the cards
        worth bringing forward, lowest predicted recall on the day first, then new cards."""
        if not in_late_phase(self.goal, now, self.tz):
            return queue
        when = self.goal.interview_at(self.tz)
        ahead = bring_forward(card_ids, states, self.scheduler, now, self.goal, self.tz)
        pool = list(dict.fromkeys(queue.due + ahead))
        pool.sort(key=lambda c: self.scheduler.retrievability(states[c], when))
        new = list(queue.new)
        if limit is not None:
            pool = pool[: max(0, limit)]
            new = new[: max(0, limit - len(pool))]
        counts = dict(queue.counts)
        counts["review"] = counts.get("review", 0) + sum(1 for c in pool if c not in queue.due)
        counts["new"] = len(new)
        return replace(queue, due=pool, new=new, counts=counts)


def late_target(days: int) -> float | None:
    """The bar for bringing cards forward with ``days`` days left; None before the end."""
    return LATE_TARGETS.get(days)


def bring_forward(
    card_ids: Sequence[str],
    states: Mapping[str, CardState],
    scheduler: Scheduler,
    now: datetime,
    goal: Goal,
    tz: tzinfo | None = None,
) -> list[str]:
    """Cards in review, not yet due and not reviewed today, whose predicted recall at
    the interview is under today's ``LATE_TARGETS`` bar: lowest first.

    Learning cards are left to their steps, and a card reviewed today is not brought
    back again the same day (one rated Hard may still be under the bar).
    """
    target = late_target(days_left(goal, now, tz))
    if target is None:
        return []
    when = goal.interview_at(tz)
    today = study_day(now, tz)
    found = []
    for cid in dict.fromkeys(card_ids):
        s = states.get(cid)
        if s is None or s.state != REVIEW or s.due is None or s.due <= now:
            continue
        if s.last_review is not None and s.last_review >= today:
            continue
        recall = scheduler.retrievability(s, when)
        if recall < target:
            found.append((recall, cid))
    found.sort()
    return [cid for _, cid in found]
