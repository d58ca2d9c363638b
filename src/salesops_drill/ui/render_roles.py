"""Rich renderables for role profiles. Every content string goes through ``lit``."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from salesops_drill.roles import LIST_FIELDS, SCALAR_FIELDS, FieldComparison, Role, StepUp
from salesops_drill.ui.console import lit


def bullets(items: Sequence[str], mark: str = "•") -> Text:
    text = Text()
    for i, item in enumerate(items):
        if i:
            text.append("\n")
        text.append(f"{mark} ")
        text.append(item)
    return text


def short_experience(text: str) -> str:
    """ "7+ years (sources give none...)" -> "7+ years": the list has no room for notes."""
    return text.split(" (", 1)[0].split(",", 1)[0]


def roles_table(roles: Sequence[Role], counts: dict[str, tuple[int, int]]) -> Table:
    table = Table(
        title="The sales-ops ladder", box=box.SIMPLE_HEAVY, title_justify="left", pad_edge=False
    )
    table.add_column("Level", justify="right")
    table.add_column("Id", style="bold", no_wrap=True)
    table.add_column("Title")
    table.add_column("Experience", no_wrap=True)
    table.add_column("Questions", justify="right")
    table.add_column("Cards", justify="right")
    for role in roles:
        questions, cards = counts.get(role.id, (0, 0))
        table.add_row(
            str(role.level),
            lit(role.id),
            lit(role.title),
            lit(short_experience(role.experience)),
            str(questions),
            str(cards),
        )
    return table


def role_profile(role: Role, counts: tuple[int, int]) -> RenderableType:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    facts.add_row("Id", lit(role.id))
    facts.add_row("Level", lit(role.level))
    facts.add_row("Experience", lit(role.experience))
    if role.salary:
        facts.add_row("Salary", lit(role.salary))
    facts.add_row("Reports to", lit(role.reports_to))
    if role.leads:
        facts.add_row("Leads", lit(role.leads))
    if role.aliases:
        facts.add_row("Also called", lit(", ".join(role.aliases)))
    facts.add_row("Practice", f"{counts[0]} interview questions, {counts[1]} flashcards")

    parts: list[RenderableType] = [lit(role.summary), Text(""), facts]
    for name, heading in LIST_FIELDS:
        items = getattr(role, name)
        if items:
            parts += [
                Text(""),
                Text(heading, style="bold underline"),
                Padding(bullets(items), (0, 0, 0, 2)),
            ]
    return Panel(Group(*parts), title=lit(role.title, "bold"), title_align="left", box=box.ROUNDED)


def scalar_table(roles: Sequence[Role]) -> Table:
    table = Table(box=box.SIMPLE_HEAVY, show_header=True, expand=True)
    table.add_column("", style="bold", no_wrap=True)
    for role in roles:
        table.add_column(lit(role.id), ratio=1)
    for name, heading in SCALAR_FIELDS:
        values = [getattr(r, name) for r in roles]
        if not any(values):
            continue
        table.add_row(heading, *[lit(v) if v != "" else Text("—") for v in values])
    return table


def comparison_table(roles: Sequence[Role], comp: FieldComparison) -> Table | None:
    if not comp.shared and not any(comp.unique.values()):
        return None
    table = Table(
        title=Text(comp.heading, style="bold"),
        title_justify="left",
        box=box.SIMPLE,
        expand=True,
        caption=_shared_caption(comp.shared, len(roles)),
        caption_justify="left",
    )
    for role in roles:
        table.add_column(
            Text(f"only {role.id}" if len(roles) == 2 else f"{role.id} (not all)"), ratio=1
        )
    table.add_row(
        *[bullets(comp.unique[r.id], "+") if comp.unique[r.id] else Text("—") for r in roles]
    )
    return table


def _shared_caption(shared: Sequence[str], n: int) -> Text:
    who = "both" if n == 2 else "all"
    if not shared:
        return Text(f"Shared by {who}: nothing", style="italic")
    text = Text(f"Shared by {who}: ", style="italic")
    text.append("; ".join(shared))
    return text


def step_up_panel(step: StepUp, titles: dict[str, str]) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row(
        "Experience", f"+{step.years} years on the ladder" if step.years else "no extra years"
    )
    for label, items in (
        ("Responsibilities", step.responsibilities),
        ("Skills", step.skills),
        ("KPIs", step.kpis),
        ("Certifications", step.certifications),
        ("Education", step.education),
    ):
        grid.add_row(label, bullets(items) if items else Text("nothing new"))
    title = Text("Stepping up from ")
    title.append(titles[step.frm])
    title.append(" to ")
    title.append(titles[step.to])
    title.stylize("bold")
    return Panel(grid, title=title, title_align="left", box=box.ROUNDED)
