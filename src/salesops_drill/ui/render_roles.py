"""Rich renderables for role profiles. Every content string goes through ``lit``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from salesops_drill.roles import LIST_FIELDS, FieldComparison, Item, Pair, Role, StepUp, items
from salesops_drill.ui.console import lit
from salesops_drill.ui.layout import Responsive, TitledPanel

#: How an education item's need reads in front of its text.
NEED_LABELS = {
    "required": "Required",
    "usually-required": "Usually required",
    "preferred": "Preferred",
}

#: Side-by-side facts at the top of a comparison (titles head the step-up panels).
HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("experience", "Experience"),
    ("salary", "Salary"),
    ("reports_to", "Reports to"),
)

#: Fields a printed comparison pairs (the JSON carries interview focus too).
SHOWN_FIELDS = ("responsibilities", "skills", "kpis", "education", "certifications")

ONLY_LABEL = "one level only"

#: Narrower role columns than this, and a comparison stacks each topic by role instead.
MIN_COLUMN = 18


def item_text(item: Item | str) -> Text:
    """An item as shown: education items lead with how firmly employers ask for them."""
    if isinstance(item, str):
        return lit(item)
    text = Text()
    if item.need:
        text.append(f"{NEED_LABELS.get(item.need, item.need)}: ", style="italic")
    text.append(item.text)
    return text


def bullets(entries: Iterable[Item | str | Text], mark: str = "•") -> Table:
    """A bullet list whose wrapped lines hang under the text, not under the mark."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")  # a word wider than a narrow column folds, never "…"
    for entry in entries:
        grid.add_row(mark, entry if isinstance(entry, Text) else item_text(entry))
    return grid


def short_experience(text: str) -> str:
    """ "10+ years, mostly in leadership" -> "10+ years": the list has no room for more."""
    return text.split(" (", 1)[0].split(",", 1)[0]


def roles_table(roles: Sequence[Role], counts: dict[str, tuple[int, int]]) -> RenderableType:
    """A table of the ladder; where it would squeeze the titles, a block per role."""
    return Responsive(
        _roles_wide(roles, counts),
        lambda: _roles_stacked(roles, counts),
    )


def _roles_wide(roles: Sequence[Role], counts: dict[str, tuple[int, int]]) -> Table:
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


def _roles_stacked(roles: Sequence[Role], counts: dict[str, tuple[int, int]]) -> Group:
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for role in roles:
        questions, cards = counts.get(role.id, (0, 0))
        facts = lit(role.id, "bold")
        facts.append(f" · {short_experience(role.experience)}")
        facts.append(f" · {questions} questions · {cards} cards", style="dim")
        grid.add_row(str(role.level), Group(lit(role.title), facts))
    return Group(Text("The sales-ops ladder", style="italic"), Text(""), grid)


def role_profile(role: Role, counts: tuple[int, int]) -> RenderableType:
    """The whole profile in a panel titled with the role's title."""
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row("Id", lit(role.id))
    facts.add_row("Level", lit(role.level))
    facts.add_row("Experience", lit(role.experience))
    if role.scope:
        facts.add_row("Scope", lit(role.scope))
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
        entries = items(role, name)
        if entries:
            parts += [
                Text(""),
                Text(heading, style="bold underline"),
                Padding(bullets(entries), (0, 0, 0, 2)),
            ]
    return TitledPanel(Group(*parts), lit(role.title, "bold"))


class RoleComparison:
    """Roles side by side, up the ladder: facts, then each field paired by topic.

    Every part is a grid with the same fixed column widths, so the role columns line up
    from the first row to the last whatever the terminal width. Where the columns would
    be too narrow to read (three roles at 60 columns), each topic is stacked instead:
    one line per role under it, the role's id in front.
    """

    def __init__(self, roles: Sequence[Role], fields: Sequence[FieldComparison]) -> None:
        self.roles = list(roles)  # ladder order
        self.fields = [f for f in fields if f.name in SHOWN_FIELDS]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        n = len(self.roles)
        topics = [p.topic for f in self.fields for p in f.pairs]
        label = max(len(ONLY_LABEL), len("Responsibilities"), *(len(t) + 2 for t in topics))
        label = min(label, max(16, options.max_width // 5))  # a long user topic folds
        gap = 2
        col = (options.max_width - label - gap * n) // n
        if col < MIN_COLUMN:
            yield from self._stacked()
            return
        self._widths = (label, col, gap)

        yield self._header()
        for comp in self.fields:
            section = self._section(comp)
            if section:
                yield Text("")
                yield from section

    # -- stacked, for narrow terminals

    def _stacked(self) -> RenderResult:
        ids = max(len(r.id) for r in self.roles)
        head = Text("Comparing ", style="bold")
        for i, role in enumerate(self.roles):
            head.append(" → " if i else "")
            head.append(f"{role.id} (level {role.level})")
        yield head
        for name, heading in HEADER_FIELDS:
            values = [getattr(r, name) for r in self.roles]
            if any(values):
                yield Text(heading, style="bold")
                yield self._by_role([lit(v) if v else Text("—") for v in values], ids)
        for comp in self.fields:
            yield from self._stacked_section(comp, ids)

    def _by_role(self, cells: Sequence[RenderableType], ids: int, indent: int = 2) -> Padding:
        """One row per role: its id, then its cell."""
        grid = Table.grid(padding=(0, 2, 0, 0))
        grid.add_column(width=ids, no_wrap=True, style="dim")
        grid.add_column(overflow="fold")
        for role, cell in zip(self.roles, cells, strict=True):
            grid.add_row(role.id, cell)
        return Padding(grid, (0, 0, 0, indent))

    def _stacked_section(self, comp: FieldComparison, ids: int) -> list[RenderableType]:
        roles = self.roles
        unique = [comp.unique[r.id] for r in roles]
        if not (comp.pairs or any(unique)):
            return []
        parts: list[RenderableType] = [Text(""), Text(comp.heading, style="bold")]
        # The same text in several roles: once, with who has it.
        same = [p for p in comp.pairs if not p.topic]
        if same:
            lines = []
            for pair in same:
                holders = [r.id for r in roles if pair.items[r.id] is not None]
                who = ("both" if len(roles) == 2 else "all") if pair.shared else ", ".join(holders)
                text = item_text(next(i for i in pair.items.values() if i is not None))
                text.append(f"  ({who})", style="dim")
                lines.append(text)
            parts.append(Padding(bullets(lines), (0, 0, 0, 2)))
        for pair in comp.pairs:
            if pair.topic:
                parts.append(Padding(Text(pair.topic, style="dim"), (0, 0, 0, 2)))
                parts.append(self._by_role(self._pair_cells(pair), ids, indent=4))
        if any(unique):
            parts.append(Padding(Text(ONLY_LABEL, style="dim"), (0, 0, 0, 2)))
            cells = [bullets(u) if u else Text("—", style="dim") for u in unique]
            parts.append(self._by_role(cells, ids, indent=4))
        return parts

    # -- grids

    def _grid(self, span: bool = False) -> Table:
        """The label column, then one column per role (or one spanning them all)."""
        label, col, gap = self._widths
        n = len(self.roles)
        grid = Table.grid(padding=(0, gap, 0, 0))  # a grid pads no outer edge
        grid.add_column(width=label, overflow="fold")
        for width in [col * n + gap * (n - 1)] if span else [col] * n:
            grid.add_column(width=width, overflow="fold")
        return grid

    def _header(self) -> Table:
        grid = self._grid()
        grid.add_row("", *[Text(f"{r.id} · level {r.level}", style="bold") for r in self.roles])
        for name, heading in HEADER_FIELDS:
            values = [getattr(r, name) for r in self.roles]
            if any(values):
                grid.add_row(
                    Text(heading, style="bold"), *[lit(v) if v else Text("—") for v in values]
                )
        return grid

    def _section(self, comp: FieldComparison) -> list[RenderableType]:
        roles = self.roles
        # Identical plain items every role has read best as one line across the columns.
        common = [p for p in comp.pairs if p.shared and not p.topic]
        paired = [p for p in comp.pairs if p not in common]
        unique = [comp.unique[r.id] for r in roles]
        if not (comp.pairs or any(unique)):
            return []
        heading = self._grid()
        heading.add_row(Text(comp.heading, style="bold"), *[Text(r.id, style="dim") for r in roles])
        if len(comp.heading) > self._widths[0]:  # a long heading gets a line of its own
            heading = Text(comp.heading, style="bold")
        parts: list[RenderableType] = [heading]
        if common:
            line = self._grid(span=True)
            line.add_row(
                Text("  " + ("both" if len(roles) == 2 else "all"), style="dim"),
                Text("; ").join(lit(p.items[roles[0].id].text) for p in common),
            )
            parts.append(line)
        rows = self._grid()
        for pair in paired:
            rows.add_row(Text(f"  {pair.topic}", style="dim"), *self._pair_cells(pair))
        for i in range(max(len(u) for u in unique)):
            cells = [bullets([u[i]]) if i < len(u) else Text("") for u in unique]
            rows.add_row(Text(f"  {ONLY_LABEL}" if i == 0 else "", style="dim"), *cells)
        if rows.row_count:
            parts.append(rows)
        return parts

    def _pair_cells(self, pair: Pair) -> list[RenderableType]:
        cells: list[RenderableType] = []
        before: Item | None = None
        for role in self.roles:
            item = pair.items[role.id]
            if item is None:
                cells.append(Text("—", style="dim"))
            elif before is not None and (item.text, item.need) == (before.text, before.need):
                cells.append(Text("  same", style="dim"))
            else:
                cells.append(bullets([item]))
            before = item
        return cells


def comparison(roles: Sequence[Role], fields: Sequence[FieldComparison]) -> RoleComparison:
    return RoleComparison(roles, fields)


def step_up_panel(step: StepUp, titles: dict[str, str]) -> TitledPanel:
    """What stepping up adds: only what is new or larger."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    years = "+1 year" if step.years == 1 else f"+{step.years} years"
    grid.add_row("Experience", f"{years} on the ladder" if step.years else "no extra years")
    if step.scope:
        grid.add_row("Scope", lit(step.scope[1]))
    if step.team:
        grid.add_row("Team", lit(step.team[1]))
    if step.decisions:
        grid.add_row("Decides", bullets(step.decisions))
    if step.kpis:
        grid.add_row("Answers for", Text("; ").join(lit(k) for k in step.kpis))
    grid.add_row(
        "Education",
        bullets(step.education) if step.education else Text("nothing newly required", "dim"),
    )
    title = Text("Stepping up from ")
    title.append(titles[step.frm])
    title.append(" to ")
    title.append(titles[step.to])
    title.stylize("bold")
    return TitledPanel(grid, title)
