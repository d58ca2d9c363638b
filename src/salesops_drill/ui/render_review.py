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


def nothing_due(summary: Summary, now: datetime, again: str = "drill review") -> Text:
    text = Text("Nothing due right now. ", style="bold")
    text.append(f"Next card due {when(summary.next_due, now)}.", style="")
    if summary.new_used_up:
        text.append(
            f"\n{more_new(summary, again)} 'drill config set new_per_day N' changes the "
            "daily number.",
            style="dim",
        )
    elif summary.new_left == 0:
        text.append("\nNo new cards left in this selection.", style="dim")
    return text


def summary_text(summary: Summary, now: datetime, again: str = "drill review") -> Text:
    if not summary.reviewed:
        text = Text("No cards rated this session.")
    else:
        text = Text(f"Reviewed {summary.reviewed} card" + ("s" if summary.reviewed != 1 else ""))
        text.append(f" ({summary.new} new)" if summary.new else "")
        text.append(f", {summary.correct_share:.0%} correct, in {duration(summary.seconds)}.")
        text.append(f"\nNext card due {when(summary.next_due, now)}.")
    if summary.new_used_up:
        text.append(f"\n{more_new(summary, again)}", style="dim")
    return text


from datetime import timedelta  # noqa: E402

_day = timedelta(days=1)
