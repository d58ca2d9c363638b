"""``drill plan`` as text: where the goal stands, today's work, and a chart to the date.

Charts are drawn with block characters, so they read the same with or without colour.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from salesops_drill.planning import GoalReview, Report
from salesops_drill.ui.layout import Responsive, Trimmed
from salesops_drill.ui.render_stats import bar
from salesops_drill.wording import plural

CHART_WIDTH = 20
#: Bars tried in turn where the full chart does not fit (60 columns).
NARROW_CHART_WIDTHS = (12, 8, 4)
#: Plans longer than this are charted a week a row.
DAILY_ROWS = 31


def _pct(value: float) -> str:
    return f"{value:.0%}"


def headline(r: Report) -> Text:
    goal = r.goal
    text = Text()
    text.append(f"{goal.role}", style="bold")
    text.append(f": interview on {goal.date:%a %Y-%m-%d}")
    if r.days_left > 0:
        text.append(f", {plural(r.days_left, 'day')} left")
    if goal.minutes_per_day:
        text.append(f" ({goal.minutes_per_day} min a day)")
    return text


def summary(r: Report) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("Cards seen", f"{r.seen} of {r.total}")
    if r.recall_plan is not None:
        grid.add_row("Recall on the day", _recall(r, r.recall_plan))
    else:
        grid.add_row("Recall now", f"{_pct(r.recall_stop)} (predicted)")
    if r.days_left > 0:
        per_card = f"{r.seconds_per_card:.0f} s a card" + (
            ", your median" if r.measured else ", until you have timed reviews"
        )
        work = (
            f"{plural(r.reviews_today, 'review')}, {plural(r.new_today, 'new card')}, "
            f"about {r.minutes_today:.0f} min ({per_card})"
        )
        if r.reviews_today + r.new_today == 0:
            work = "nothing left for today"
        grid.add_row("Today", work)
    grid.add_row("Mock interviews", _mocks(r))
    return grid


def _recall(r: Report, keep: float) -> str:
    """The predicted recall on the day, over all the role's cards (one the plan never
    introduces counts as forgotten). Stopping now is left out before any card is seen:
    nothing would be recalled, and "0%" there reads as a fault."""
    text = f"{_pct(keep)} of the {r.total} cards if you keep to the plan"
    if r.seen:
        text += f", {_pct(r.recall_stop)} if you stop studying now"
    return text + " (predicted)"


def _mocks(r: Report) -> str:
    m = r.mocks
    parts = [f"{m.done} done"]
    if m.scores:
        shown = " → ".join(f"{s:.0f}" for s in m.scores[-5:])
        parts.append(f"scores {shown}")
        if m.change is not None:
            parts[-1] += f" ({m.change:+.0f} since the first)"
    if m.due_today:
        parts.append(f"one due today: drill interview --role {r.goal.role}")
    elif m.days:
        parts.append(f"next on {m.days[0]:%a %m-%d}")
    if m.weakest:
        parts.append("weakest first: " + ", ".join(m.weakest[:3]))
    return "; ".join(parts)


def chart(r: Report) -> RenderableType:
    """The chart at the widest bar that fits the width (the numbers are never dropped;
    narrower, the notes wrap under themselves)."""
    narrower = [_chart(r, width, wrap_notes=True) for width in NARROW_CHART_WIDTHS]

    def fallback(i: int) -> RenderableType:
        if i == len(narrower) - 1:
            return narrower[i]
        return Responsive(narrower[i], lambda: fallback(i + 1))

    return Responsive(_chart(r, CHART_WIDTH), lambda: fallback(0))


def _chart(r: Report, bar_width: int, wrap_notes: bool = False) -> Table:
    """Cards shown (a bar and the number), new cards, minutes and mocks: a row a day to
    the date, or a row a week when the date is more than ``DAILY_ROWS`` days away."""
    mock_days = set(r.mocks.days)
    weekly = len(r.days) > DAILY_ROWS
    step = 7 if weekly else 1
    rows = []
    for i in range(0, len(r.days), step):
        chunk = r.days[i : i + step]
        first, last = chunk[0].day, chunk[-1].day
        if weekly:
            label = f"{first:%m-%d}..{last:%m-%d}"
        else:
            label = "today" if i == 0 else f"{first:%a %m-%d}"
        mocks = sum(1 for d in chunk if d.day in mock_days)
        notes = []
        if mocks:
            notes.append("mock" if mocks == 1 or not weekly else f"{mocks} mocks")
        if any(d.late for d in chunk):
            notes.append("weakest first")
        shown = sum(d.presentations for d in chunk)
        new = sum(d.new for d in chunk)
        minutes = sum(d.minutes for d in chunk)
        rows.append((label, shown, new, minutes, ", ".join(notes)))
    largest = max((row[1] for row in rows), default=0)
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    table.add_column("Week" if weekly else "Day", no_wrap=True)
    table.add_column("", no_wrap=True, style="green")
    table.add_column("Cards", justify="right")
    table.add_column("New", justify="right")
    table.add_column("Min", justify="right")
    table.add_column("", no_wrap=not wrap_notes)
    for label, shown, new, minutes, notes in rows:
        table.add_row(
            label, bar(shown, largest, bar_width), str(shown), str(new), f"{minutes:.0f}", notes
        )
    return table


def shortfall_line(r: Report) -> str | None:
    """What the minutes a day fall short of, in the figures of the plan shown: how many
    cards are seen by the last day of new cards, how many only after it (in the days kept
    for reviews) or not at all, and the minutes or the date that would fit them all."""
    s = r.shortfall
    if s is None:
        return None
    by = "today" if s.deadline == r.today else f"{s.deadline:%a %m-%d}"
    line = (
        f"at {r.goal.minutes_per_day} min a day you will have seen {s.covered} of the "
        f"{s.total} {r.goal.role} cards by {by}"
    )
    after = "only after it, in the days kept for reviews"
    never = f"the last {s.left_out} not at all: they count as forgotten in the recall on the day"
    if s.after_deadline and s.left_out:
        line += f", {s.after_deadline} more {after}, and {never}"
    elif s.after_deadline:
        other = "the last one" if s.after_deadline == 1 else f"the other {s.after_deadline}"
        line += f" and {other} {after}"
    elif s.left_out:
        line += f" and {never}"
    fixes = []
    if s.minutes_needed is not None:
        fixes.append(f"{s.minutes_needed} min a day")
    if s.date_needed is not None:
        fixes.append(f"an interview date from {s.date_needed.isoformat()} on")
    if fixes:
        line += f". All of them by {by} need " + ", or ".join(fixes)
    return line + "."


def render(r: Report) -> RenderableType:
    parts: list[RenderableType] = [headline(r)]
    if r.days_left < 0:
        parts.append(
            Text(
                f"The interview date has passed. Set a new one with 'drill plan --role "
                f"{r.goal.role} --date YYYY-MM-DD', or remove it with 'drill plan --clear "
                f"--role {r.goal.role}'."
            )
        )
        return Trimmed(Group(*parts))
    parts.append(summary(r))
    short = shortfall_line(r)
    if short:
        parts.append(Text(f"Not enough time: {short}", style="yellow"))
    if r.days_left == 0:
        parts.append(Text("The interview is today: 'drill review' shows the weakest cards first."))
    if r.days:
        weekly = len(r.days) > DAILY_ROWS
        heading = "Planned work, by week" if weekly else "Planned work"
        parts.append(Text(f"\n{heading}", style="bold underline"))
        parts.append(chart(r))
    return Trimmed(Group(*parts))


def goal_note(toward: GoalReview) -> Text:
    """After ``drill review``: the goal it worked toward, and a mock interview if due."""
    goal = toward.goal
    when = "today" if toward.days_left == 0 else f"in {plural(toward.days_left, 'day')}"
    text = Text(f"Working toward your {goal.role} interview {when}", style="dim")
    text.append(" (see 'drill plan')." if toward.days_left else ".", style="dim")
    if toward.late:
        text.append(
            "\nLast days: the cards you are likeliest to forget on the day came first.",
            style="dim",
        )
    if toward.mock_due:
        text.append(f"\nA mock interview is due today: drill interview --role {goal.role}")
    return text
