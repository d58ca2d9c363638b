"""Progress statistics for ``drill stats``: pure functions over store data.

Heavy aggregation over the review log (daily counts, retention) happens in SQL in
:mod:`salesops_drill.store`; this module turns those small results into the figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from salesops_drill.clock import DAY_START_HOUR
from salesops_drill.scheduler import NEW, STATES, CardState

#: A card counts as mastered once its memory stability reaches three weeks.
MASTERY_STABILITY_DAYS = 21.0
FORECAST_DAYS = 14
HEATMAP_WEEKS = 12
RETENTION_WINDOW_DAYS = 30


@dataclass(frozen=True)
class Stats:
    total_cards: int
    by_state: dict[str, int]
    reviews_today: int
    streak_days: int
    retention_30d: float | None  # share of review-state cards recalled, None if no data
    retention_reviews: int
    forecast: list[tuple[str, int]]  # (ISO date, cards due that day); day 0 holds overdue
    heatmap: list[tuple[str, int]]  # (ISO date, reviews), oldest first, whole weeks
    mastery: dict[str, tuple[int, int]]  # role -> (mastered, total)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["forecast"] = [{"date": d, "due": n} for d, n in self.forecast]
        data["heatmap"] = [{"date": d, "reviews": n} for d, n in self.heatmap]
        data["mastery"] = {
            role: {"mastered": m, "cards": t, "share": (m / t if t else 0.0)}
            for role, (m, t) in self.mastery.items()
        }
        return data


def study_date(moment: datetime) -> date:
    """The local study day a moment belongs to (days start at 04:00 local).

    A moment at the very edge of the calendar (stored by an older version under a
    ``DRILL_NOW`` of year 1 or 9999) gives the first or last date, not a crash.
    """
    try:
        return (moment.astimezone() - timedelta(hours=DAY_START_HOUR)).date()
    except (OverflowError, OSError, ValueError):
        return date.min if moment.year < 2000 else date.max


def count_by_state(card_ids: Iterable[str], states: Mapping[str, CardState]) -> dict[str, int]:
    counts = dict.fromkeys(STATES, 0)
    for cid in card_ids:
        state = states.get(cid)
        counts[state.state if state and not state.is_new else NEW] += 1
    return counts


def streak(days_with_reviews: Iterable[date], today: date) -> int:
    """Consecutive study days with a review, ending today (or yesterday, if today has none yet)."""
    days = set(days_with_reviews)
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def forecast(
    card_ids: Iterable[str],
    states: Mapping[str, CardState],
    now: datetime,
    days: int = FORECAST_DAYS,
) -> list[tuple[str, int]]:
    """Cards coming due on each of the next ``days`` study days; overdue ones count today."""
    today = study_date(now)
    buckets = [0] * days
    for cid in card_ids:
        state = states.get(cid)
        if state is None or state.is_new or state.due is None:
            continue
        offset = max(0, (study_date(state.due) - today).days)
        if offset < days:
            buckets[offset] += 1
    return [((today + timedelta(days=i)).isoformat(), n) for i, n in enumerate(buckets)]


def heatmap(
    daily: Mapping[date, int], today: date, weeks: int = HEATMAP_WEEKS
) -> list[tuple[str, int]]:
    """Reviews per day for whole weeks (Monday first) ending with the week of ``today``."""
    end = today + timedelta(days=6 - today.weekday())
    start = end - timedelta(days=7 * weeks - 1)
    return [
        ((start + timedelta(days=i)).isoformat(), daily.get(start + timedelta(days=i), 0))
        for i in range(7 * weeks)
    ]


def mastery(
    role_cards: Mapping[str, Sequence[str]], states: Mapping[str, CardState]
) -> dict[str, tuple[int, int]]:
    """Per role: cards with stability of at least three weeks, out of the role's cards."""
    out = {}
    for role, ids in role_cards.items():
        done = sum(
            1
            for cid in ids
            if (s := states.get(cid)) is not None
            and not s.is_new
            and (s.stability or 0.0) >= MASTERY_STABILITY_DAYS
        )
        out[role] = (done, len(ids))
    return out


def build(
    card_ids: Sequence[str],
    role_cards: Mapping[str, Sequence[str]],
    states: Mapping[str, CardState],
    daily: Mapping[date, int],
    retention: tuple[int, int],
    now: datetime,
) -> Stats:
    """All figures. ``daily`` maps study dates to review counts; ``retention`` is
    (recalled, total) for reviews of cards in the review state over the last 30 days."""
    today = study_date(now)
    passed, total = retention
    return Stats(
        total_cards=len(card_ids),
        by_state=count_by_state(card_ids, states),
        reviews_today=daily.get(today, 0),
        streak_days=streak((d for d, n in daily.items() if n), today),
        retention_30d=(passed / total) if total else None,
        retention_reviews=total,
        forecast=forecast(card_ids, states, now),
        heatmap=heatmap(daily, today),
        mastery=mastery(role_cards, states),
    )
