"""The current time, injectable.

Core functions take ``now`` as a parameter; only the CLI edge asks this module. Setting
``DRILL_NOW`` to an ISO-8601 timestamp pins the clock, which is how tests (and curious
users) run several simulated days of practice in a few seconds. Likewise
``DRILL_CLOCK_SPEED=N`` makes the clock that times interview answers run N times as
fast, so a test (or a demo) sees a 20-second limit run out in two seconds.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import NamedTuple

ENV_NOW = "DRILL_NOW"
ENV_SPEED = "DRILL_CLOCK_SPEED"
#: How much faster DRILL_CLOCK_SPEED may make the answer clock.
MAX_SPEED = 1000.0

#: Like Anki, a study day starts at 04:00 local time, so a late-night session counts
#: toward the day the user thinks of as "today".
DAY_START_HOUR = 4


#: The range ``DRILL_NOW`` may pin: dates outside it would be stored and then break
#: date arithmetic (a due date a century on, a study day before year 1) for good.
EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(3000, 1, 1, tzinfo=timezone.utc)


def now() -> datetime:
    """Aware UTC now, or the time pinned by ``$DRILL_NOW``.

    Raises UsageError for a ``DRILL_NOW`` that is not a time, or is out of range.
    """
    pinned = os.environ.get(ENV_NOW, "").strip()
    if pinned:
        from salesops_drill.errors import UsageError

        try:
            moment = parse_instant(pinned)
        except (ValueError, OverflowError):
            raise UsageError(
                f"{ENV_NOW}='{pinned}' is not a date and time (ISO 8601, e.g. "
                f"2025-03-10T09:00); unset {ENV_NOW} to use the real time"
            ) from None
        if not EARLIEST <= moment < LATEST:
            raise UsageError(
                f"{ENV_NOW}='{pinned}' is out of range: it must be from "
                f"{EARLIEST:%Y-%m-%d} to {LATEST.year - 1}-12-31; unset {ENV_NOW} to use the "
                "real time"
            )
        return moment
    return datetime.now(timezone.utc)


def parse_instant(text: str) -> datetime:
    """Parse ISO-8601; a naive value is taken as UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


# -- the study day: the one definition ----------------------------------------------------
#
# A study day runs from 04:00 local time to 04:00 the next day, by the user's own clock:
# ``tz`` is the user's zone, None for the machine's local zone (its daylight-saving rules
# included). A day beside a clock change is 23 or 25 hours long, so no single UTC
# offset serves a span of days: each day's bounds are worked out from its own date.


def study_date(moment: datetime, tz: tzinfo | None = None) -> date:
    """The study day (its local date) that ``moment`` belongs to.

    A moment at the very edge of the calendar (stored by an older version under a
    ``DRILL_NOW`` of year 1 or 9999) gives the first or last date, not a crash.
    """
    try:
        wall = moment.astimezone(tz).replace(tzinfo=None)
        return (wall - timedelta(hours=DAY_START_HOUR)).date()
    except (OverflowError, OSError, ValueError):
        return date.min if moment.year < 2000 else date.max


def study_day_start(day: date, tz: tzinfo | None = None) -> datetime:
    """When (aware UTC) the study day ``day`` starts: 04:00 local time on that date."""
    wall = datetime(day.year, day.month, day.day, DAY_START_HOUR)
    # A naive time is taken as the machine's local time, by its own zone rules.
    local = wall if tz is None else wall.replace(tzinfo=tz)
    return local.astimezone(timezone.utc)


def study_day_bounds(day: date, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """``[start, end)`` (aware UTC) of the study day ``day``; 23 or 25 hours long on a
    day the clocks change."""
    return study_day_start(day, tz), study_day_start(day + timedelta(days=1), tz)


def study_day(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """Start (aware UTC) of the study day that contains ``moment``."""
    return study_day_start(study_date(moment, tz), tz)


def study_day_range(moment: datetime, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """``[start, end)`` (aware UTC) of the study day that contains ``moment``."""
    return study_day_bounds(study_date(moment, tz), tz)


class StudyDay(NamedTuple):
    """One study day: its date and its ``[start, end)`` in aware UTC."""

    day: date
    start: datetime
    end: datetime


def study_days(first: date, last: date, tz: tzinfo | None = None) -> list[StudyDay]:
    """Each study day from ``first`` to ``last`` (both included), with its bounds."""
    count = (last - first).days + 1
    starts = [study_day_start(first + timedelta(days=i), tz) for i in range(count + 1)]
    return [StudyDay(first + timedelta(days=i), starts[i], starts[i + 1]) for i in range(count)]


def utc_offsets(
    start: datetime, end: datetime, tz: tzinfo | None = None
) -> list[tuple[datetime, timedelta]]:
    """The zone's UTC offset over ``[start, end]``: (from when, offset) for the offset in
    force at ``start`` and at each change after it, oldest first.

    For counting study days in SQL over a long span, where one offset would put the
    days beside every clock change an hour off. Looked at once a day (no zone changes
    its clocks twice in a day) and each change narrowed to the second; a span past the
    range ``DRILL_NOW`` allows is cut to it.
    """
    lo = int(max(start, EARLIEST).timestamp())
    hi = int(min(max(end, start), LATEST).timestamp())

    def offset(seconds: int) -> timedelta:
        at = datetime.fromtimestamp(seconds, timezone.utc).astimezone(tz)
        return at.utcoffset() or timedelta(0)

    found = [(datetime.fromtimestamp(lo, timezone.utc), offset(lo))]
    at = lo
    while at < hi:
        step = min(at + 86_400, hi)
        if offset(step) != found[-1][1]:
            before, after = at, step  # the change is in (before, after]
            while after - before > 1:
                middle = (before + after) // 2
                if offset(middle) == found[-1][1]:
                    before = middle
                else:
                    after = middle
            found.append((datetime.fromtimestamp(after, timezone.utc), offset(after)))
            step = after
        at = step
    return found


def monotonic_clock() -> Callable[[], float]:
    """The clock that times answers: monotonic seconds, sped up by ``$DRILL_CLOCK_SPEED``.

    Raises UsageError for a speed that is not a number from 1 to 1000.
    """
    text = os.environ.get(ENV_SPEED, "").strip()
    if not text:
        return time.monotonic
    from salesops_drill.errors import UsageError

    try:
        speed = float(text)
    except ValueError:
        speed = 0.0
    if not 1.0 <= speed <= MAX_SPEED:
        raise UsageError(
            f"{ENV_SPEED}='{text}' is not a speed from 1 to {MAX_SPEED:.0f}; unset {ENV_SPEED} "
            "to time answers in real seconds"
        )
    start = time.monotonic()
    return lambda: start + (time.monotonic() - start) * speed
