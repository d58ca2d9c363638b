"""Rich renderables for ``drill cards``. Content strings go through ``lit``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from salesops_drill.cards import CardDetail, CardInfo
from salesops_drill.scheduler import RATINGS, format_interval
from salesops_drill.ui.console import lit
from salesops_drill.ui.layout import hanging

KINDS = {"card": "Concept card", "question": "Interview question"}
_MINUTE = timedelta(minutes=1)


def when(moment: datetime, now: datetime) -> str:
    """A due time as a person reads it: "now", "today 14:30", "2026-03-09" (local time)."""
    if moment <= now:
        return "now"
    local, today = moment.astimezone(), now.astimezone()
    if local.date() == today.date():
        return f"today {local:%H:%M}"
    return f"{local:%Y-%m-%d}"


def status(info: CardInfo, now: datetime) -> str:
    """State and due date in a few words: "review · due 2026-03-09", "new", "suspended"."""
    name = info.state_name
    if info.suspended is not None:
        return f"suspended ({name})"
    if info.state.is_new or info.state.due is None:
        return name
    return f"{name} · due {when(info.state.due, now)}"


def roles_text(roles: Sequence[str], all_roles: int) -> str:
    return "all roles" if len(roles) == all_roles else ", ".join(roles)


class CardList:
    """Two lines a card: id, state and due date, tags, roles; then the front cut to fit.

    A one-row-per-card table leaves the front a sliver at 60 columns once the id and
    the schedule are in; two lines give the front the whole width.
    """

    def __init__(self, infos: Sequence[CardInfo], now: datetime, all_roles: int) -> None:
        self.infos = infos
        self.now = now
        self.all_roles = all_roles

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        id_width = min(max((len(i.id) for i in self.infos), default=0), width // 2)
        for info in self.infos:
            head = Text()
            head.append(info.id.ljust(id_width), style="bold")
            head.append("  ")
            head.append(status(info, self.now), style="yellow" if info.suspended else "")
            extra = [", ".join(info.card.tags), roles_text(info.card.roles, self.all_roles)]
            meta = " · ".join(lit(x).plain for x in extra if x)
            if head.cell_len + 3 + len(meta) <= width:
                head.append(" · " + meta, style="dim")
                yield from hanging(head, console, width, 0)
            else:  # the tags and roles wrap on a line of their own, never cut
                yield from hanging(head, console, width, 0)
                yield from hanging(Text(meta, style="dim"), console, width)
            yield from hanging(lit(" ".join(info.card.front.split())), console, width)
        yield Text(summary(self.infos, self.now), style="italic")


def summary(infos: Sequence[CardInfo], now: datetime) -> str:
    due = sum(1 for i in infos if i.is_due(now))
    new = sum(1 for i in infos if i.state.is_new and i.suspended is None)
    suspended = sum(1 for i in infos if i.suspended is not None)
    noun = "card" if len(infos) == 1 else "cards"
    parts = [f"{len(infos)} {noun}", f"{due} due now", f"{new} new"]
    if suspended:
        parts.append(f"{suspended} suspended")
    return " · ".join(parts)


def card_panel(d: CardDetail, now: datetime, all_roles: int) -> Panel:
    info, card = d.info, d.info.card
    meta = Text()
    meta.append(info.id, style="bold")
    meta.append(f"  ·  {info.source}")
    meta.append("\nRoles: ")
    meta.append(roles_text(card.roles, all_roles))
    meta.append("\nTags: ")
    meta.append_text(lit(", ".join(card.tags)))
    sections: list[RenderableType] = [
        meta,
        Text(""),
        lit(card.front, "bold"),
        Text(""),
        Text("Answer", style="bold underline"),
        Padding(lit(card.back), (0, 0, 0, 2)),
        Text("Schedule", style="bold underline"),
        Padding(schedule(d, now), (0, 0, 0, 2)),
        Text("Reviews", style="bold underline"),
        Padding(history(d), (0, 0, 0, 2)),
    ]
    return Panel(Group(*sections), box=box.ROUNDED, title=KINDS[card.kind], title_align="left")


def schedule(d: CardDetail, now: datetime) -> Table:
    info, state = d.info, d.info.state
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column()
    if info.suspended is not None:
        rows.add_row("Suspended", f"since {info.suspended.astimezone():%Y-%m-%d %H:%M}")
    rows.add_row("State", info.state_name)
    if state.is_new:
        rows.add_row("Due", "when it is first shown (a new card)")
        return rows
    if state.due is not None:
        local = state.due.astimezone()
        rows.add_row("Due", f"{local:%Y-%m-%d %H:%M} ({_relative(state.due, now)})")
    if state.stability is not None:
        rows.add_row("Stability", f"{state.stability:.1f} days")
    if state.difficulty is not None:
        rows.add_row("Difficulty", f"{state.difficulty:.1f} of 10")
    if d.retrievability is not None:
        rows.add_row("Recall now", f"{d.retrievability:.0%} predicted")
    return rows


def _relative(moment: datetime, now: datetime) -> str:
    if moment <= now:
        return f"{format_interval(now - moment)} overdue" if now - moment >= _MINUTE else "now"
    return f"in {format_interval(moment - now)}"


def history(d: CardDetail) -> RenderableType:
    if not d.reviews:
        return Text("none yet")
    table = Table(box=box.SIMPLE, pad_edge=False, show_edge=False)
    table.add_column("When", no_wrap=True)
    table.add_column("Rating")
    table.add_column("From")
    table.add_column("Time", justify="right")
    for r in d.reviews:
        seconds = "—" if r.duration_ms is None else f"{r.duration_ms / 1000:.0f}s"
        table.add_row(
            f"{r.reviewed_at.astimezone():%Y-%m-%d %H:%M}",
            RATINGS.get(r.rating, str(r.rating)),
            r.source,
            seconds,
        )
    return table
