"""The interview clock's one rule: whole seconds, and over time means more than the limit.

Every place that shows or judges time (the live countdown, the feedback panel and its tip,
the scorecard, the session summary, the transcript) asks this module, so what a person
reads on the clock always agrees with the verdict: "0:20 of 0:20" is on time, and
"over time" appears only once the clock shows more than the limit.

A leaf module (no imports of our own), so grading can use it as well as the interview.
"""

from __future__ import annotations

import math


def whole_seconds(seconds: float) -> int:
    """Seconds as the clock shows them: whole seconds completed (20.9 s shows 0:20)."""
    return max(0, math.floor(seconds))


def over_time(seconds_used: float | None, limit: int | None) -> bool:
    """Whether an answer ran over: its whole seconds are more than the limit.

    An answer with no time (typed in a file) or no limit is never over.
    """
    if seconds_used is None or limit is None:
        return False
    return whole_seconds(seconds_used) > limit


def clock_text(seconds: float | None) -> str:
    """``m:ss`` in whole seconds, as the clock shows them; "—" for no time."""
    if seconds is None:
        return "—"
    whole = whole_seconds(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def seconds_left(elapsed: float, limit: int) -> int:
    """Whole seconds left on the countdown after ``elapsed``; negative once over time.

    ``limit - whole_seconds(elapsed)``: the countdown reads 0:00 for the whole last
    second, and turns to overtime (+0:01) exactly when :func:`over_time` turns true.
    """
    return limit - whole_seconds(elapsed)
