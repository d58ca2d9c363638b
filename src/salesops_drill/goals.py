"""Interview goals (``drill plan``): a role, a date, and optionally minutes a day.

Kept in the progress store's config table, one entry per role (``goal:<role>``, a small
JSON object), so a backup carries them and there is no schema change to migrate. A
stored goal that cannot be read (a hand-edited file) is reported, never a crash.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from salesops_drill.errors import UsageError

if TYPE_CHECKING:
    from salesops_drill.store import Store

PREFIX = "goal:"
#: The interview is taken to be at this local hour of its day: recall is predicted then.
INTERVIEW_HOUR = 9
MAX_MINUTES = 24 * 60
#: Goals further out than this are refused: a plan that long is not one anyone keeps to.
MAX_DAYS_AHEAD = 2 * 365


class Goal(NamedTuple):
    role: str
    date: date
    minutes_per_day: int | None = None

    def to_json(self) -> str:
        return json.dumps({"date": self.date.isoformat(), "minutes_per_day": self.minutes_per_day})

    @classmethod
    def from_json(cls, role: str, text: str) -> Goal:
        """Raises ValueError when the stored text is not a goal."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        minutes = data.get("minutes_per_day")
        if minutes is not None and (
            not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes
        ):
            raise ValueError("minutes_per_day is not a whole number of minutes")
        return cls(role, date.fromisoformat(str(data.get("date"))), minutes)

    def interview_at(self, tz: tzinfo | None = None) -> datetime:
        """The moment recall is predicted for: ``INTERVIEW_HOUR`` local on the day (UTC)."""
        zone = tz or datetime.now().astimezone().tzinfo
        local = datetime.combine(self.date, time(INTERVIEW_HOUR), tzinfo=zone)
        return local.astimezone(timezone.utc)


#: "+14", "+14d", "+3w": days or weeks from today.
_RELATIVE = re.compile(r"\+?(\d{1,4})\s*([dw]?)", re.IGNORECASE)


def parse_date(text: str, today: date) -> date:
    """A date as YYYY-MM-DD, or counted from ``today``: "+14" or "+14d" (days), "+3w"
    (weeks), so an example stays true whatever the day."""
    stripped = text.strip()
    relative = _RELATIVE.fullmatch(stripped)
    if relative and (stripped.startswith("+") or relative.group(2)):
        count, unit = int(relative.group(1)), relative.group(2).lower()
        return today + timedelta(days=count * (7 if unit == "w" else 1))
    try:
        return date.fromisoformat(stripped)
    except ValueError:
        raise UsageError(
            f"'{text}' is not a date: give it as YYYY-MM-DD, or as days or weeks from "
            "today (+14, +3w)"
        ) from None


def check_date(when: date, today: date) -> None:
    """A goal needs at least one study day before the interview."""
    if when < today:
        raise UsageError(
            f"the interview date {when.isoformat()} is in the past (today is "
            f"{today.isoformat()}); give a date from {(today + timedelta(days=1)).isoformat()} on"
        )
    if when == today:
        raise UsageError(
            f"the interview is today ({when.isoformat()}): there is no day left to plan. "
            "Warm up with 'drill review' and a mock 'drill interview' instead"
        )
    if (when - today).days > MAX_DAYS_AHEAD:
        raise UsageError(
            f"the interview date {when.isoformat()} is more than {MAX_DAYS_AHEAD} days away; "
            "set a goal nearer the time"
        )


def load(store: Store) -> tuple[dict[str, Goal], list[str]]:
    """(goals by role, one line for each stored goal that cannot be read)."""
    goals: dict[str, Goal] = {}
    problems: list[str] = []
    for key, text in store.config_items(PREFIX).items():
        role = key[len(PREFIX) :]
        try:
            goals[role] = Goal.from_json(role, text)
        except (ValueError, TypeError):
            problems.append(
                f"the stored goal for {role} cannot be read; set it again with "
                f"'drill plan --role {role} --date YYYY-MM-DD' or remove it with "
                f"'drill plan --clear --role {role}'"
            )
    return goals, problems


def get(store: Store, role: str) -> Goal | None:
    return load(store)[0].get(role)


def save(store: Store, goal: Goal) -> None:
    store.set_config(PREFIX + goal.role, goal.to_json())


def clear(store: Store, role: str) -> bool:
    return store.delete_config(PREFIX + role)


def active(goal: Goal | None, today: date) -> Goal | None:
    """The goal if its interview is still ahead (today included), else None."""
    return goal if goal is not None and goal.date >= today else None
