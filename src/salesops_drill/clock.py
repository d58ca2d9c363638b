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
from datetime import datetime, timedelta, timezone, tzinfo

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


def study_day(moment: datetime, tz: tzinfo | None = None) -> datetime:
    """Start (aware UTC) of the study day that contains ``moment``.

    ``tz`` is the user's zone (default: the machine's local zone).
    """
    local = moment.astimezone(tz)
    start = local.replace(hour=DAY_START_HOUR, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start.astimezone(timezone.utc)


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
