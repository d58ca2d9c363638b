"""Mock interviews in a plan: when to do one, the score trend, the weakest categories.

Pure functions over what the store holds (finished sessions, graded answers); the
``drill plan`` screen shows them and ``drill interview`` asks the weakest categories
first while a goal is set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from statistics import fmean

from salesops_drill.clock import study_date

#: A mock interview is suggested this many days after the last one, and the day before
#: the interview whatever the cadence.
EVERY_DAYS = 3
#: A category's score is the mean of its latest answers, this many of them.
LATEST_ANSWERS = 3
#: Scores shown in the trend, the latest.
TREND_SHOWN = 5


def mock_days(today: date, interview: date, last: date | None) -> list[date]:
    """The days from ``today`` up to the interview on which a mock interview is due.

    Every ``EVERY_DAYS`` days counted from the last one (today, if there has been none
    or it is that long ago), and always the day before the interview.
    """
    if interview <= today:
        return []
    day = today if last is None else max(today, last + timedelta(days=EVERY_DAYS))
    days = []
    while day < interview:
        days.append(day)
        day += timedelta(days=EVERY_DAYS)
    eve = interview - timedelta(days=1)
    if eve not in days:
        days.append(eve)
    return sorted(days)


def weakest_categories(
    categories: Iterable[str],
    answers: Sequence[tuple[datetime, str, float]],
    category_of: Mapping[str, str],
) -> list[str]:
    """``categories`` weakest first: those never answered in a mock interview (in name
    order), then by the mean score of each one's latest ``LATEST_ANSWERS`` answers."""
    by_category: dict[str, list[float]] = {}
    for _, qid, score in answers:  # oldest first
        cat = category_of.get(qid)
        if cat is not None:
            by_category.setdefault(cat, []).append(score)

    def key(cat: str) -> tuple[int, float, str]:
        scores = by_category.get(cat)
        if not scores:
            return (0, 0.0, cat)
        return (1, fmean(scores[-LATEST_ANSWERS:]), cat)

    return sorted(set(categories), key=key)


@dataclass(frozen=True)
class MockStatus:
    done: int  # finished mock interviews for the role
    scores: list[float] = field(default_factory=list)  # their overall scores, oldest first
    last: date | None = None
    days: list[date] = field(default_factory=list)  # mock interviews planned
    weakest: list[str] = field(default_factory=list)
    today: date | None = None

    @property
    def due_today(self) -> bool:
        return bool(self.days) and self.days[0] == self.today

    @property
    def change(self) -> float | None:
        """Points gained (or lost) from the first score to the latest."""
        return self.scores[-1] - self.scores[0] if len(self.scores) >= 2 else None

    def to_dict(self) -> dict:
        return {
            "done": self.done,
            "scores": self.scores[-TREND_SHOWN:],
            "change": self.change,
            "last": self.last.isoformat() if self.last else None,
            "due_today": self.due_today,
            "planned": [d.isoformat() for d in self.days],
            "weakest_categories": self.weakest,
        }


def status(
    sessions: Iterable[tuple[datetime, float | None]],
    answers: Sequence[tuple[datetime, str, float]],
    categories: Iterable[str],
    category_of: Mapping[str, str],
    now: datetime,
    interview: date,
    tz: tzinfo | None = None,
) -> MockStatus:
    """``sessions``: (finished at, score) of the role's finished mock interviews."""
    done = sorted((at, score) for at, score in sessions)
    today = study_date(now, tz)
    last = study_date(done[-1][0], tz) if done else None
    return MockStatus(
        done=len(done),
        scores=[float(s) for _, s in done if s is not None],
        last=last,
        days=mock_days(today, interview, last),
        weakest=weakest_categories(categories, answers, category_of),
        today=today,
    )
