"""``drill stats`` as text: counts, a due forecast bar chart, a heatmap, mastery bars.

Charts are drawn with block characters, so they read the same with or without colour.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from salesops_drill.stats import HEATMAP_WEEKS, MASTERY_STABILITY_DAYS, RECENT_ANSWERS, Stats
from salesops_drill.ui.console import lit
from salesops_drill.ui.layout import Responsive
from salesops_drill.ui.plain_table import Column, PlainTable
from salesops_drill.wording import plural

if TYPE_CHECKING:
    from rich.table import Table

BAR_WIDTH = 40
SHADES = " ░▒▓█"


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    if value <= 0 or largest <= 0:
        return ""
    return "█" * max(1, round(width * value / largest))


def _heading(text: str) -> Text:
    return Text(f"\n{text}", style="bold underline")


def overview(stats: Stats) -> PlainTable:
    grid = PlainTable.grid([Column(style="bold"), Column()], padding=2)
    for state in ("new", "learning", "review", "relearning"):
        grid.add_row(state.capitalize(), str(stats.by_state.get(state, 0)))
    grid.add_row("Cards", str(stats.total_cards))
    grid.add_row("Reviews today", str(stats.reviews_today))
    grid.add_row("Streak", plural(stats.streak_days, "day"))
    if stats.retention_30d is None:
        retention = "no reviews of learned cards yet"
    else:
        retention = f"{stats.retention_30d:.0%} of {stats.retention_reviews} reviews"
    grid.add_row("Retention (30 days)", retention)
    return grid


def forecast_chart(stats: Stats) -> PlainTable:
    largest = max((n for _, n in stats.forecast), default=0)
    table = PlainTable.grid(
        [
            Column(justify="right", no_wrap=True),
            Column(no_wrap=True, style="green"),
            Column(justify="right"),
        ],
        padding=1,
    )
    for i, (day, n) in enumerate(stats.forecast):
        label = "today" if i == 0 else date.fromisoformat(day).strftime("%a %d %b")
        table.add_row(label, bar(n, largest), str(n))
    return table


def heatmap_chart(stats: Stats) -> Text:
    counts = [n for _, n in stats.heatmap]
    largest = max(counts, default=0)

    def shade(n: int) -> str:
        if n <= 0 or largest <= 0:
            return "·"
        return SHADES[min(len(SHADES) - 1, 1 + (n * (len(SHADES) - 2)) // largest)]

    text = Text()
    weeks = len(counts) // 7
    first = date.fromisoformat(stats.heatmap[0][0]) if stats.heatmap else None
    if first:
        text.append(f"{'':4}{first.strftime('%d %b')} → {weeks} weeks\n", style="dim")
    for weekday, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")):
        text.append(f"{name} ")
        cells = "".join(shade(counts[week * 7 + weekday]) * 2 + " " for week in range(weeks))
        text.append(cells, style="green")
        text.append("\n")
    text.append(f"    · none  {SHADES[1:]} fewer → more (max {largest} a day)", style="dim")
    return text


def mastery_chart(stats: Stats) -> PlainTable:
    table = PlainTable.grid(
        [Column(no_wrap=True), Column(no_wrap=True), Column(justify="right", no_wrap=True)],
        padding=1,
    )
    width = 30
    for role, (done, total) in stats.mastery.items():
        filled = round(width * done / total) if total else 0
        share = done / total if total else 0.0
        table.add_row(role, "█" * filled + "░" * (width - filled), f"{done}/{total} {share:.0%}")
    return table


_VERDICTS = {
    "higher": "higher",
    "lower": "lower",
    "close": "about right",
}


def _gap(value: float | None) -> str:
    return "—" if value is None else f"{value:+.0f}"


def calibration_view(stats: Stats) -> RenderableType:
    """Self-ratings against the grader: per category and overall, then week by week."""
    cal = stats.calibration
    if cal.overall is None:
        return Text(
            "No rated interview answers yet: rate your answers in 'drill interview'.",
            style="dim",
        )
    several = len(cal.by_category) > 1
    rows = [*cal.by_category, cal.overall] if several else cal.by_category
    weeks = Text("By week (gap): ", style="dim")
    for i, week in enumerate(cal.by_week):
        if i:
            weeks.append("  ·  ", style="dim")
        weeks.append(f"{date.fromisoformat(week.week):%d %b} {_gap(week.mean_gap)}")
        weeks.append(f" ({week.answers})", style="dim")
    note = Text(
        "You: your 1-5 self-ratings as 0-100 (1=0, 3=50, 5=100). Gap: you minus the "
        "grader. Trend: the gap over your older half of answers → the newer half.",
        style="dim",
    )
    table = Responsive(_calibration_table(rows, cal.overall), lambda: _calibration_stacked(rows))
    return Group(table, weeks, note)


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(scores: list[float | None]) -> str:
    """One block per week, its height the score on 0-100 (the same scale for every
    category, so rows compare); "·" for a week without answers."""
    top = len(SPARKS) - 1
    return "".join(
        "·" if x is None else SPARKS[min(top, int(x * len(SPARKS) / 100))] for x in scores
    )


def numbers(scores: list[float | None]) -> str:
    """The plain-text version of :func:`sparkline`: each week's score, "-" for none."""
    return " ".join("-" if x is None else f"{x:.0f}" for x in scores)


def scores_view(stats: Stats, spark: bool = True) -> RenderableType:
    """Mean interview score per category, week by week (sparklines, or numbers)."""
    trends = stats.scores
    if not trends.by_category:
        return Text("No graded interview answers in these weeks.", style="dim")
    table = PlainTable.simple_head(
        [
            Column("Category", no_wrap=True),
            Column("Weeks", no_wrap=spark),
            Column("Latest", justify="right"),
            Column("Change", justify="right"),
            Column("Answers", justify="right"),
        ]
    )
    for row in trends.by_category:
        weeks = sparkline(row.scores) if spark else numbers(row.scores)
        table.add_row(
            lit(row.category), weeks, f"{row.latest:.0f}", _gap(row.change), str(row.answers)
        )
    first = date.fromisoformat(trends.weeks[0])
    note = Text(
        f"Mean score (0-100) a week, {len(trends.weeks)} weeks from Mon {first.day} "
        f"{first:%b}. Change: the latest week against the first with answers.",
        style="dim",
    )
    return Group(Responsive(table, lambda: _scores_stacked(trends, spark)), note)


def _scores_stacked(trends, spark: bool) -> Table:
    """A block per category, for a width the table would squeeze."""
    from rich.table import Table  # here: where every table fits, rich's is never needed

    stacked = Table.grid(padding=(0, 2, 0, 0))
    stacked.add_column(no_wrap=True, style="bold")
    stacked.add_column(overflow="fold")
    for row in trends.by_category:
        weeks = sparkline(row.scores) if spark else numbers(row.scores)
        facts = Text(f"{weeks}\nlatest {row.latest:.0f} · change {_gap(row.change)} · ")
        facts.append(f"{row.answers} answers")
        stacked.add_row(lit(row.category), facts)
    return stacked


def weakest_view(stats: Stats) -> RenderableType:
    """The questions that stay weak: lowest recent scores first."""
    weak = stats.scores.weakest
    if not weak:
        return Text("No graded interview answers yet: run 'drill interview'.", style="dim")
    table = PlainTable.simple_head(
        [
            Column("Question", no_wrap=True),
            Column("Category", overflow="fold"),
            Column("Recent", justify="right"),
            Column("Asked", justify="right"),
        ]
    )
    for w in weak:
        table.add_row(lit(w.question_id), lit(w.category), f"{w.recent_score:.0f}", str(w.answers))
    again = "drill interview --retry-weakest" + (f" --role {stats.role}" if stats.role else "")
    note = Text(f"Recent: the mean of the last {RECENT_ANSWERS} scores.", style="dim")
    note.append(f"\nAsk them again: {again}", style="")
    return Group(Responsive(table, lambda: _weakest_stacked(weak)), note)


def _weakest_stacked(weak) -> Table:
    """A block per question, for a width the table would squeeze."""
    from rich.table import Table

    stacked = Table.grid(padding=(0, 2, 0, 0))
    stacked.add_column(overflow="fold")
    for w in weak:
        line = lit(w.question_id)
        line.append(f"\n  {w.category} · recent {w.recent_score:.0f} · asked {w.answers}")
        stacked.add_row(line)
    return stacked


def _trend(row) -> str:
    if row.trend is None:
        return "—"
    return f"{row.trend} ({_gap(row.early_gap)} → {_gap(row.recent_gap)})"


def _calibration_stacked(rows) -> Table:
    """A block per category, for a width the table would squeeze."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for row in rows:
        facts = Text(f"{row.answers} answers · you {row.mean_self:.0f} · ")
        facts.append(f"grader {row.mean_grader:.0f} · gap {_gap(row.mean_gap)}\n")
        facts.append(f"you rate {_VERDICTS.get(row.verdict, row.verdict)}")
        if row.trend is not None:
            facts.append(f" · trend {_trend(row)}")
        grid.add_row(lit(row.category), facts)
    return grid


def _calibration_table(rows, overall) -> PlainTable:
    table = PlainTable.simple_head(
        [
            Column("Category", no_wrap=True),
            Column("Answers", justify="right"),
            Column("You", justify="right"),
            Column("Grader", justify="right"),
            Column("Gap", justify="right"),
            Column("You rate", no_wrap=True),
            Column("Trend"),
        ]
    )
    for row in rows:
        table.add_row(
            lit(row.category),
            str(row.answers),
            f"{row.mean_self:.0f}",
            f"{row.mean_grader:.0f}",
            _gap(row.mean_gap),
            _VERDICTS.get(row.verdict, row.verdict),
            _trend(row),
            style="bold" if row is overall else "",
        )
    return table


def render(stats: Stats, spark: bool = True) -> RenderableType:
    return Group(
        Text(f"Progress: {stats.role}" if stats.role else "Progress", style="bold"),
        overview(stats),
        _heading("Due in the next 14 days"),
        forecast_chart(stats),
        _heading(f"Reviews, last {HEATMAP_WEEKS} weeks"),
        heatmap_chart(stats),
        _heading(f"Mastery (stability of {MASTERY_STABILITY_DAYS:.0f}+ days)"),
        mastery_chart(stats),
        _heading("Interview scores by category"),
        scores_view(stats, spark),
        _heading("Weakest questions"),
        weakest_view(stats),
        _heading("Self-rating vs grader (interview answers)"),
        calibration_view(stats),
    )
