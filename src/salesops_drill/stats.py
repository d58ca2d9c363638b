"""Progress statistics for ``drill stats``: pure functions over store data.

Heavy aggregation over the review log (daily counts, retention) happens in SQL in
:mod:`salesops_drill.store`; this module turns those small results into the figures.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, tzinfo
from math import fsum
from typing import TYPE_CHECKING, Any, NamedTuple

from salesops_drill.clock import StudyDay, study_date, study_day_start, study_days
from salesops_drill.scheduler import NEW, STATES, CardState

if TYPE_CHECKING:
    from salesops_drill.store import RatedAnswerRow, ScoredAnswerRow

#: A card that is not new, as the figures need it: (state, stability, due time as
#: fixed-width UTC text, see :func:`~salesops_drill.store.rows.iso_utc`).
Schedule = tuple[str, float | None, str | None]
#: A card counts as mastered once its memory stability reaches three weeks.
MASTERY_STABILITY_DAYS = 21.0
FORECAST_DAYS = 14
HEATMAP_WEEKS = 12
RETENTION_WINDOW_DAYS = 30
#: A mean gap within this many points (of 100) between self-rating and grader is "close".
CALIBRATION_CLOSE = 10.0
#: A category's gap needs this many answers before its early and recent halves compare.
CALIBRATION_TREND_FROM = 4
#: The recent half's gap must move by this much to count as closer or further.
CALIBRATION_TREND_STEP = 5.0
#: Weeks of calibration shown, the latest with answers.
CALIBRATION_WEEKS = 8
#: Weeks of interview scores per category, ending with this week.
TREND_WEEKS = 8
#: A question's recent score: the mean of its last this many answers.
RECENT_ANSWERS = 3
#: Weak questions listed by ``drill stats``.
WEAKEST_SHOWN = 5


class CalibrationRow(NamedTuple):
    """Self-ratings against the grader for one category (or all): means on 0-100."""

    category: str
    answers: int
    mean_self: float  # self-ratings 1-5 scaled to 0-100
    mean_grader: float
    mean_gap: float  # self minus grader: above 0, you rate yourself higher
    verdict: str  # "higher" | "lower" | "close"
    early_gap: float | None = None  # older half of the answers (None: too few)
    recent_gap: float | None = None  # newer half
    trend: str | None = None  # "closer" | "further" | "steady" (None: too few)


class CalibrationWeek(NamedTuple):
    week: str  # ISO date of the week's Monday
    answers: int
    mean_gap: float


class Calibration(NamedTuple):
    """How the user's self-ratings compare with the grader's scores, over time.

    Empty by default: the lists default to the empty tuple, shared and never changed.
    """

    answers: int = 0
    overall: CalibrationRow | None = None
    by_category: Sequence[CalibrationRow] = ()
    by_week: Sequence[CalibrationWeek] = ()  # oldest first


class CategoryScores(NamedTuple):
    """One category's mean interview score (0-100) in each week of the window."""

    category: str
    answers: int  # in the window
    scores: list[float | None]  # per week, oldest first; None: no answer that week
    latest: float  # the latest week with answers
    change: float | None  # latest minus the first week with answers (None: one week only)


class WeakQuestion(NamedTuple):
    """A question answered at least once, by its recent scores."""

    question_id: str
    category: str
    answers: int
    recent_score: float  # mean of the last RECENT_ANSWERS scores
    last_score: float
    last_answered: str  # ISO date (study day)


class ScoreTrends(NamedTuple):
    """Interview scores over time, per category, and the questions that stay weak
    (empty by default, as :class:`Calibration`)."""

    answers: int = 0
    weeks: Sequence[str] = ()  # ISO Mondays, oldest first
    by_category: Sequence[CategoryScores] = ()
    weakest: Sequence[WeakQuestion] = ()  # weakest first


class Stats(NamedTuple):
    total_cards: int
    by_state: dict[str, int]
    reviews_today: int
    streak_days: int
    retention_30d: float | None  # share of review-state cards recalled, None if no data
    retention_reviews: int
    forecast: list[tuple[str, int]]  # (ISO date, cards due that day); day 0 holds overdue
    heatmap: list[tuple[str, int]]  # (ISO date, reviews), oldest first, whole weeks
    mastery: dict[str, tuple[int, int]]  # role -> (mastered, total)
    calibration: Calibration = Calibration()
    role: str | None = None  # the figures are of this role's cards only (None: all)
    scores: ScoreTrends = ScoreTrends()

    def to_dict(self) -> dict:
        data = _plain(self)
        data["calibration"]["scale"] = "self-rating 1-5 as 0-100 (1=0, 3=50, 5=100)"
        data["forecast"] = [{"date": d, "due": n} for d, n in self.forecast]
        data["heatmap"] = [{"date": d, "reviews": n} for d, n in self.heatmap]
        data["mastery"] = {
            role: {"mastered": m, "cards": t, "share": (m / t if t else 0.0)}
            for role, (m, t) in self.mastery.items()
        }
        return data


def _plain(value: Any) -> Any:
    """``value`` with its named tuples as dicts and its other sequences as lists, for
    JSON."""
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {name: _plain(item) for name, item in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def schedules(states: Iterable[CardState]) -> dict[str, Schedule]:
    """The figures' view of card states (what :meth:`Store.schedules` reads): each
    card's (state, stability, due as fixed-width UTC text); new cards are left out."""
    from salesops_drill.store.rows import iso_utc

    return {
        s.card_id: (s.state, s.stability, iso_utc(s.due) if s.due else None)
        for s in states
        if not s.is_new
    }


def count_by_state(card_ids: Iterable[str], scheduled: Mapping[str, Schedule]) -> dict[str, int]:
    counts = dict.fromkeys(STATES, 0)
    for schedule in map(scheduled.get, card_ids):  # map: no Python call per card
        counts[schedule[0] if schedule is not None else NEW] += 1
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
    scheduled: Mapping[str, Schedule],
    now: datetime,
    days: int = FORECAST_DAYS,
) -> list[tuple[str, int]]:
    """Cards coming due on each of the next ``days`` study days; overdue ones count today."""
    from salesops_drill.store.rows import iso_utc

    today = study_date(now)
    # Where each study day of the window ends, as due times are written (fixed-width
    # UTC text sorts as time does): a due time's day is how many of these it is past.
    ends = [iso_utc(study_day_start(today + timedelta(days=i + 1))) for i in range(days)]
    buckets = [0] * (days + 1)  # the last: after the window
    for schedule in map(scheduled.get, card_ids):
        if schedule is None or schedule[2] is None:
            continue
        buckets[bisect_right(ends, schedule[2])] += 1
    return [((today + timedelta(days=i)).isoformat(), n) for i, n in enumerate(buckets[:days])]


def counted_days(
    now: datetime, tz: tzinfo | None = None, weeks: int = HEATMAP_WEEKS
) -> list[StudyDay]:
    """The study days whose reviews :func:`build` needs, each with its bounds in the
    user's zone: the heatmap's weeks to the end of this one, and a week before them
    (the streak reaches back over those)."""
    today = study_date(now, tz)
    end = today + timedelta(days=6 - today.weekday())
    return study_days(today - timedelta(days=7 * weeks + 7), end, tz)


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
    role_cards: Mapping[str, Sequence[str]], scheduled: Mapping[str, Schedule]
) -> dict[str, tuple[int, int]]:
    """Per role: cards with stability of at least three weeks, out of the role's cards."""
    mastered = {
        cid
        for cid, (_, stability, _) in scheduled.items()
        if (stability or 0.0) >= MASTERY_STABILITY_DAYS
    }
    return {
        role: (sum(map(mastered.__contains__, ids)), len(ids)) for role, ids in role_cards.items()
    }


def self_rating_score(rating: int) -> float:
    """A 1-5 self-rating on the grader's 0-100 scale: 1 -> 0, 3 -> 50, 5 -> 100."""
    return (rating - 1) * 25.0


def _row(category: str, pairs: Sequence[tuple[float, float]]) -> CalibrationRow:
    """``pairs``: (self, grader) on 0-100, oldest first."""
    gaps = [mine - grader for mine, grader in pairs]
    gap = _mean(gaps)
    verdict = "close" if abs(gap) <= CALIBRATION_CLOSE else "higher" if gap > 0 else "lower"
    early = recent = trend = None
    if len(gaps) >= CALIBRATION_TREND_FROM:
        half = len(gaps) // 2
        early, recent = round(_mean(gaps[:half]), 1), round(_mean(gaps[-half:]), 1)
        change = abs(recent) - abs(early)
        trend = (
            "closer"
            if change <= -CALIBRATION_TREND_STEP
            else "further"
            if change >= CALIBRATION_TREND_STEP
            else "steady"
        )
    return CalibrationRow(
        category,
        len(pairs),
        round(_mean([m for m, _ in pairs]), 1),
        round(_mean([g for _, g in pairs]), 1),
        round(gap, 1),
        verdict,
        early,
        recent,
        trend,
    )


def calibration(
    rated: Iterable[RatedAnswerRow],
    categories: Mapping[str, str] = {},  # noqa: B006 - read only
    weeks: int = CALIBRATION_WEEKS,
) -> Calibration:
    """Self-ratings against the grader's scores, overall, per category and per week.

    ``rated`` are rated answers oldest first; answers with no grader's score are left
    out. A row's category comes from its saved feedback, else from ``categories``
    (question id -> category), else "other".
    """
    pairs: list[tuple[str, date, float, float]] = []
    week_of = _Weeks()
    for row in rated:
        if row.score is None:
            continue
        category = row.category or categories.get(row.question_id) or "other"
        monday = week_of(row.answered_at)
        pairs.append((category, monday, self_rating_score(row.self_rating), row.score))
    if not pairs:
        return Calibration()
    by_cat: dict[str, list[tuple[float, float]]] = {}
    by_week: dict[date, list[float]] = {}
    for category, monday, mine, grader in pairs:
        by_cat.setdefault(category, []).append((mine, grader))
        by_week.setdefault(monday, []).append(mine - grader)
    return Calibration(
        answers=len(pairs),
        overall=_row("all", [(m, g) for _, _, m, g in pairs]),
        by_category=[_row(c, by_cat[c]) for c in sorted(by_cat)],
        by_week=[
            CalibrationWeek(monday.isoformat(), len(gaps), round(_mean(gaps), 1))
            for monday, gaps in sorted(by_week.items())[-weeks:]
        ],
    )


def _mean(values: Sequence[float]) -> float:
    """statistics.fmean, which is this sum over the count, without importing statistics
    (and decimal and fractions with it) on every ``drill stats``."""
    return fsum(values) / len(values)


def _monday(moment: datetime) -> date:
    day = study_date(moment)
    return day - timedelta(days=day.weekday())


class _Weeks:
    """The Monday of a moment's study week (:func:`_monday`), for thousands of answers:
    the local zone is consulted only for a moment outside the week of the last one, a
    week being the moments from its Monday's study-day start to the next Monday's."""

    def __init__(self) -> None:
        self._week: tuple[datetime, datetime, date] | None = None

    def __call__(self, moment: datetime) -> date:
        week = self._week
        if week is not None and week[0] <= moment < week[1]:
            return week[2]
        monday = _monday(moment)
        try:
            start, end = study_day_start(monday), study_day_start(monday + timedelta(days=7))
        except (OverflowError, OSError, ValueError):  # at the calendar's edge
            self._week = None
        else:
            self._week = (start, end, monday)
        return monday


def weakest(
    rows: Iterable[ScoredAnswerRow],
    n: int,
    categories: Mapping[str, str] = {},  # noqa: B006 - read only
) -> list[WeakQuestion]:
    """The ``n`` questions with the lowest recent score, weakest first.

    ``rows``: graded answers, oldest first (ungraded ones are left out). A question's
    recent score is the mean of its last :data:`RECENT_ANSWERS` scores, so one good
    answer after many bad ones lifts it, but not all the way. Ties go to the question
    answered longest ago, then by id, so the order is stable.
    """
    by_question: dict[str, list[ScoredAnswerRow]] = {}
    for row in rows:
        if row.score is not None:
            by_question.setdefault(row.question_id, []).append(row)
    found = []
    for qid, answers in by_question.items():
        recent = [a.score for a in answers[-RECENT_ANSWERS:] if a.score is not None]
        last = answers[-1]
        found.append(
            WeakQuestion(
                qid,
                last.category or categories.get(qid) or "other",
                len(answers),
                round(_mean(recent), 1),
                round(recent[-1], 1),
                study_date(last.answered_at).isoformat(),
            )
        )
    found.sort(key=lambda w: (w.recent_score, w.last_answered, w.question_id))
    return found[: max(0, n)]


def score_trends(
    rows: Sequence[ScoredAnswerRow],
    now: datetime,
    categories: Mapping[str, str] = {},  # noqa: B006 - read only
    weeks: int = TREND_WEEKS,
) -> ScoreTrends:
    """Mean grader's score per category and week (the ``weeks`` ending with this one),
    and the weakest questions over all time. ``rows`` are answers oldest first; a row's
    category comes from its feedback, else ``categories``, else "other"."""
    graded = [r for r in rows if r.score is not None]
    if not graded:
        return ScoreTrends()
    this_week = _monday(now)
    mondays = [this_week - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    cells: dict[str, dict[date, list[float]]] = {}
    week_of = _Weeks()
    for row in graded:
        monday = week_of(row.answered_at)
        if mondays[0] <= monday <= this_week:
            category = row.category or categories.get(row.question_id) or "other"
            cells.setdefault(category, {}).setdefault(monday, []).append(row.score or 0.0)
    trends = []
    for category in sorted(cells):
        scores = [round(_mean(v), 1) if (v := cells[category].get(m)) else None for m in mondays]
        seen = [x for x in scores if x is not None]
        trends.append(
            CategoryScores(
                category,
                sum(len(v) for v in cells[category].values()),
                scores,
                seen[-1],
                round(seen[-1] - seen[0], 1) if len(seen) > 1 else None,
            )
        )
    return ScoreTrends(
        answers=len(graded),
        weeks=[m.isoformat() for m in mondays],
        by_category=trends,
        weakest=weakest(graded, WEAKEST_SHOWN, categories),
    )


def build(
    card_ids: Sequence[str],
    role_cards: Mapping[str, Sequence[str]],
    scheduled: Mapping[str, Schedule],
    daily: Mapping[date, int],
    retention: tuple[int, int],
    now: datetime,
    rated: Calibration | None = None,
    scores: ScoreTrends | None = None,
) -> Stats:
    """All figures. ``scheduled`` holds the cards that are not new (see
    :func:`schedules`); ``daily`` maps study dates to review counts; ``retention`` is
    (recalled, total) for reviews of cards in the review state over the last 30 days;
    ``rated`` is the self-rating calibration (see :func:`calibration`)."""
    today = study_date(now)
    passed, total = retention
    return Stats(
        total_cards=len(card_ids),
        by_state=count_by_state(card_ids, scheduled),
        reviews_today=daily.get(today, 0),
        streak_days=streak((d for d, n in daily.items() if n), today),
        retention_30d=(passed / total) if total else None,
        retention_reviews=total,
        forecast=forecast(card_ids, scheduled, now),
        heatmap=heatmap(daily, today),
        mastery=mastery(role_cards, scheduled),
        calibration=rated or Calibration(),
        scores=scores or ScoreTrends(),
    )
