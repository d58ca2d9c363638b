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


def now() -> datetime:
    """Aware UTC now, or the time pinned by ``$DRILL_NOW``."""
    pinned = os.environ.get(ENV_NOW, "").strip()
    if pinned:
        return parse_instant(pinned)
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
