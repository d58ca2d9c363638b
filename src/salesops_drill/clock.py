"""The current time, injectable.

Core functions take ``now`` as a parameter; only the CLI edge asks this module. Setting
``DRILL_NOW`` to an ISO-8601 timestamp pins the clock, which is how tests (and curious
users) run several simulated days of practice in a few seconds.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone, tzinfo

ENV_NOW = "DRILL_NOW"

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
