"""A goal meets the store: what a plan needs, read from the progress store, and a
review session that works toward the goal.

:mod:`salesops_drill.plan` holds the maths over plain values; this module gathers
those values (card states, the user's seconds per card, today's work so far) and is
what ``drill review``, ``drill plan`` and ``benchmarks/plan_sim.py`` all call, so the
benchmark measures the code users run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from salesops_drill import goals
from salesops_drill.clock import study_date, study_day_range

if TYPE_CHECKING:
    from salesops_drill import plan, plan_projection
    from salesops_drill.contentindex import ContentIndex
    from salesops_drill.library import Library
    from salesops_drill.mocks import MockStatus
    from salesops_drill.review import Deck, ReviewCard, ReviewSession
    from salesops_drill.scheduler import CardState, Scheduler
    from salesops_drill.store import Store


def role_card_ids(store: Store, index: ContentIndex, role: str) -> list[str]:
    """The role's cards in the order new ones are introduced, less the suspended ones
    (review never shows them, so a plan neither counts nor schedules them)."""
    from salesops_drill.review import select_ids

    suspended = store.suspended()
    return [cid for cid in select_ids(index, role) if cid not in suspended]


class Gathered(NamedTuple):
    inputs: plan_projection.PlanInputs
    states: dict[str, CardState]
    measured: bool  # seconds per card from the user's own reviews (else the default)


def gather(
    store: Store,
    goal: goals.Goal,
    card_ids: Sequence[str],
    now: datetime,
    tz: tzinfo | None = None,
    scheduler: Scheduler | None = None,
) -> Gathered:
    """Everything :func:`plan_projection.project` needs for ``goal`` at ``now``."""
    from salesops_drill import fitted, plan, plan_projection, settings

    start, end = study_day_range(now, tz)
    seconds, measured = plan.seconds_per_card(store.review_durations(plan.TIMED_SAMPLE))
    inputs = plan_projection.PlanInputs(
        goal=goal,
        card_ids=tuple(card_ids),
        now=now,
        scheduler=scheduler or fitted.scheduler(store, enable_fuzzing=False),
        seconds_per_card=seconds,
        new_setting=int(settings.get(store, "new_per_day")),  # type: ignore[call-overload]
        done_today=len(store.review_log(since=start)),
        new_today=store.new_cards_seen_between(start, end),
        tz=tz,
    )
    return Gathered(inputs, store.states(card_ids), measured)


class GoalReview(NamedTuple):
    """What a goal sets for today's review: new cards allowed today, and the order."""

    goal: goals.Goal
    new_per_day: int
    order: plan.GoalOrder
    days_left: int
    mock_due: bool  # a mock interview for the role is suggested today

    @property
    def late(self) -> bool:
        from salesops_drill import plan

        return plan.late_target(self.days_left) is not None


def goal_review(
    store: Store,
    index: ContentIndex,
    role: str,
    now: datetime,
    scheduler: Scheduler,
    tz: tzinfo | None = None,
) -> GoalReview | None:
    """Today's review settings for ``role``'s goal; None without a goal still ahead."""
    goal = goals.active(goals.get(store, role), study_date(now, tz))
    if goal is None:
        return None  # without a goal, a review never imports the planner
    from salesops_drill import mocks, plan, plan_projection

    found = gather(store, goal, role_card_ids(store, index, role), now, tz)
    projection = plan_projection.project(found.inputs, found.states)
    today = projection.days[0].new if projection.days else 0
    finished = [s.finished_at for s in store.sessions(role) if s.finished_at is not None]
    last = study_date(max(finished), tz) if finished else None
    due = mocks.mock_days(study_date(now, tz), goal.date, last)
    return GoalReview(
        goal,
        found.inputs.new_today + today,
        plan.GoalOrder(goal, scheduler, tz),
        plan.days_left(goal, now, tz),
        bool(due) and due[0] == study_date(now, tz),
    )


def start_review(
    store: Store,
    index: ContentIndex,
    cards: Sequence[ReviewCard] | Deck,
    role: str | None,
    clock: Callable[[], datetime],
    extra_new: int = 0,
    limit: int | None = None,
    tz: tzinfo | None = None,
) -> tuple[ReviewSession, GoalReview | None]:
    """The review session ``drill review`` runs: with the role's goal, if it has one.

    The goal's new cards for today replace the ``new_per_day`` setting; ``extra_new``
    (the user's ``--new N``) allows N more on top, as it does without a goal.
    """
    from salesops_drill import fitted, settings
    from salesops_drill.review import ReviewSession

    scheduler = fitted.scheduler(store)
    toward = goal_review(store, index, role, clock(), scheduler, tz) if role else None
    if toward is not None:
        per_day = toward.new_per_day
    else:
        per_day = int(settings.get(store, "new_per_day"))  # type: ignore[call-overload]
    session = ReviewSession(
        store,
        scheduler,
        cards,
        clock,
        new_per_day=per_day,
        limit=limit,
        extra_new=extra_new,
        order=toward.order if toward else None,
    )
    return session, toward


def weakest_categories(store: Store, lib: Library, role: str) -> list[str]:
    """The role's question categories, weakest in its mock interviews first."""
    from salesops_drill import mocks

    questions = [q for q in lib.questions if role in q.roles]
    return mocks.weakest_categories(
        {q.category for q in questions},
        store.answer_scores(role),
        {q.id: q.category for q in questions},
    )


# -- what `drill plan` shows --------------------------------------------------------------


class Report(NamedTuple):
    goal: goals.Goal
    today: date
    days_left: int
    seen: int
    total: int
    recall_plan: float | None  # None once the day has come (nothing left to plan)
    recall_stop: float
    reviews_today: int  # cards already seen, still to show today (planned)
    new_today: int  # new cards still planned today
    minutes_today: float
    seconds_per_card: float
    measured: bool
    days: list[plan_projection.DayPlan]
    mocks: MockStatus
    shortfall: plan_projection.Shortfall | None

    @property
    def late(self) -> bool:
        from salesops_drill import plan

        return 0 <= self.days_left <= plan.LATE_DAYS

    def to_dict(self) -> dict:
        short = self.shortfall
        return {
            "role": self.goal.role,
            "date": self.goal.date.isoformat(),
            "minutes_per_day": self.goal.minutes_per_day,
            "today": self.today.isoformat(),
            "days_left": self.days_left,
            "cards_seen": self.seen,
            "cards_total": self.total,
            "predicted_recall": {"keep_to_plan": self.recall_plan, "stop_today": self.recall_stop},
            "today_work": {
                "reviews": self.reviews_today,
                "new": self.new_today,
                "minutes": round(self.minutes_today, 1),
                "seconds_per_card": round(self.seconds_per_card, 1),
                "seconds_measured": self.measured,
            },
            "late_phase": self.late,
            "mock_interviews": self.mocks.to_dict(),
            "days": [d.to_dict() for d in self.days],
            "shortfall": None
            if short is None
            else {
                "cards_covered": short.covered,
                "covered_by": short.deadline.isoformat(),
                "cards_introduced_later": short.after_deadline,
                "cards_left_out": short.left_out,
                "cards_total": short.total,
                "minutes_needed": short.minutes_needed,
                "date_needed": short.date_needed.isoformat() if short.date_needed else None,
            },
        }


def report(
    store: Store, lib: Library, goal: goals.Goal, now: datetime, tz: tzinfo | None = None
) -> Report:
    """Where ``goal`` stands at ``now``, and the work planned to the date."""
    from salesops_drill import mocks, plan, plan_projection
    from salesops_drill.contentindex import ContentIndex

    ids = role_card_ids(store, ContentIndex.of(lib), goal.role)
    found = gather(store, goal, ids, now, tz)
    inputs, states = found.inputs, found.states
    when = goal.interview_at(tz)
    left = plan.days_left(goal, now, tz)
    stop = plan.predicted_recall(ids, states, inputs.scheduler, when) if left >= 0 else 0.0
    # One projection for everything shown: today's work, the chart, the recall on the
    # day and what the minutes fall short of.
    projection = plan_projection.project(inputs, states) if left > 0 else None
    first = projection.days[0] if projection and projection.days else None
    short = plan_projection.shortfall(inputs, states, projection) if projection else None
    questions = [q for q in lib.questions if goal.role in q.roles]
    sessions = [
        (s.finished_at, s.score) for s in store.sessions(goal.role) if s.finished_at is not None
    ]
    mock = mocks.status(
        sessions,
        store.answer_scores(goal.role),
        {q.category for q in questions},
        {q.id: q.category for q in questions},
        now,
        goal.date,
        tz,
    )
    return Report(
        goal=goal,
        today=study_date(now, tz),
        days_left=left,
        seen=sum(1 for c in ids if c in states and not states[c].is_new),
        total=len(ids),
        recall_plan=projection.recall if projection else None,
        recall_stop=stop,
        reviews_today=first.reviews if first else 0,
        new_today=first.new if first else 0,
        minutes_today=first.minutes if first else 0.0,
        seconds_per_card=inputs.seconds_per_card,
        measured=found.measured,
        days=projection.days if projection else [],
        mocks=mock,
        shortfall=short,
    )
