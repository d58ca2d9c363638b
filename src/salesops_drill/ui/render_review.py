"""End-of-session and nothing-due messages for ``drill review``."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.text import Text

from salesops_drill.review import Summary
from salesops_drill.scheduler import format_interval


def when(due: datetime | None, now: datetime, tz: tzinfo | None = None) -> str:
    """When a card is due, by the calendar of ``tz`` (default: the machine's zone):
    "in 3h (21:36)" today, "tomorrow 21:36", "Thu 3 Dec 21:36 (in 5d)" later, with the
    year when it is not this year's."""
    if due is None:
        return "no card is scheduled yet"
    local, today = due.astimezone(tz), now.astimezone(tz)
    clock_time = f"{local:%H:%M}"
    days = (local.date() - today.date()).days
    if days <= 0:
        return f"in {format_interval(due - now)} ({clock_time})"
    if days == 1:
        return f"tomorrow {clock_time}"
    year = f" {local.year}" if local.year != today.year else ""
    return f"{local:%a} {local.day} {local:%b}{year} {clock_time} (in {format_interval(due - now)})"


def duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


#: How many more new cards the end-of-session hint offers.
MORE_NEW = 5


def more_new(summary: Summary, again: str = "drill review") -> str:
    """ "20 new cards done today; 'drill review --new 5' for 5 more." ``again`` is the
    command that was run, with its filters, so the hint repeats the same selection."""
    done = summary.new_today
    n = min(MORE_NEW, summary.new_left)
    return (
        f"{done} new card{'s' if done != 1 else ''} done today; '{again} --new {n}' for {n} more."
    )


def nothing_due(
    summary: Summary, now: datetime, again: str = "drill review", tz: tzinfo | None = None
) -> Text:
    text = Text("Nothing due right now. ", style="bold")
    text.append(f"Next card due {when(summary.next_due, now, tz)}.", style="")
    if summary.new_used_up:
        text.append(
            f"\n{more_new(summary, again)} 'drill config set new_per_day N' changes the "
            "daily number.",
            style="dim",
        )
    elif summary.new_left == 0:
        text.append("\nNo new cards left in this selection.", style="dim")
    return text


def summary_text(
    summary: Summary, now: datetime, again: str = "drill review", tz: tzinfo | None = None
) -> Text:
    if not summary.reviewed:
        text = Text("No cards rated this session.")
    else:
        text = Text(f"Reviewed {summary.reviewed} card" + ("s" if summary.reviewed != 1 else ""))
        text.append(f" ({summary.new} new)" if summary.new else "")
        text.append(f", {summary.correct_share:.0%} correct, in {duration(summary.seconds)}.")
        text.append(f"\nNext card due {when(summary.next_due, now, tz)}.")
    if summary.new_used_up:
        text.append(f"\n{more_new(summary, again)}", style="dim")
    return text
