"""End-of-session and nothing-due messages for ``drill review``."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from salesops_drill.review import Summary
from salesops_drill.scheduler import format_interval


def when(due: datetime | None, now: datetime) -> str:
    if due is None:
        return "no card is scheduled yet"
    local = due.astimezone()
    stamp = local.strftime("%H:%M") if due - now < _day else local.strftime("%a %d %b %H:%M")
    return f"in {format_interval(due - now)} ({stamp})"


def duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def nothing_due(summary: Summary, now: datetime) -> Text:
    text = Text("Nothing due right now. ", style="bold")
    text.append(f"Next card due {when(summary.next_due, now)}.", style="")
    text.append(
        "\nNew cards for today are used up; 'drill review --new N' allows more, "
        "'drill config set new_per_day N' changes the daily number.",
        style="dim",
    )
    return text


def summary_text(summary: Summary, now: datetime) -> Text:
    if not summary.reviewed:
        return Text("No cards rated this session.")
    text = Text(f"Reviewed {summary.reviewed} card" + ("s" if summary.reviewed != 1 else ""))
    text.append(f" ({summary.new} new)" if summary.new else "")
    text.append(f", {summary.correct_share:.0%} correct, in {duration(summary.seconds)}.")
    text.append(f"\nNext card due {when(summary.next_due, now)}.")
    return text


from datetime import timedelta  # noqa: E402

_day = timedelta(days=1)
