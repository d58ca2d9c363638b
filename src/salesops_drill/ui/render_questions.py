"""Rich renderables for interview questions. Content strings go through ``lit``."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from salesops_drill.bank import DIFFICULTY_NAMES, Question
from salesops_drill.roles import RoleIndex
from salesops_drill.ui.console import lit
from salesops_drill.ui.render_roles import bullets

DIFFICULTY = DIFFICULTY_NAMES


def model_answer(q: Question) -> RenderableType:
    rows = Table.grid(padding=(0, 1))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column(overflow="fold")
    for name, lines in q.model_answer.parts:
        label = name.capitalize()
        if len(lines) == 1:
            rows.add_row(label, lit(lines[0]))
        elif name == "steps":
            rows.add_row(label, numbered(lines))
        else:
            rows.add_row(label, bullets(lines))
    if q.model_answer.summary:
        return Group(lit(q.model_answer.summary, "italic"), rows)
    return rows


def numbered(lines: Sequence[str]) -> Table:
    """1. 2. 3. with wrapped lines hanging under the text, not under the number."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for i, line in enumerate(lines, 1):
        grid.add_row(f"{i}.", lit(line))
    return grid


def key_points(q: Question, show_keywords: bool = True) -> Table:
    entries = []
    for kp in q.key_points:
        text = lit(kp.label, "bold")
        if show_keywords:
            text.append("  (")
            text.append_text(lit(", ".join(kp.keywords), "dim"))
            text.append(")")
        entries.append(text)
    return bullets(entries)


def question_panel(q: Question, roles: RoleIndex | None = None) -> Panel:
    meta = Text()
    meta.append(q.id, style="bold")
    meta.append(f" · {q.category} · {DIFFICULTY[q.difficulty]} · {q.time_limit}s")
    meta.append("\nRoles: ")
    meta.append(", ".join(q.roles))
    sections: list[RenderableType] = [
        meta,
        Text(""),
        lit(q.prompt, "bold"),
        Text(""),
        Text("What it tests", style="bold underline"),
        Padding(lit(q.what_it_tests), (0, 0, 0, 2)),
        Text("Key points", style="bold underline"),
        Padding(key_points(q), (0, 0, 0, 2)),
        Text("Model answer", style="bold underline"),
        Padding(model_answer(q), (0, 0, 0, 2)),
        Text("Follow-ups", style="bold underline"),
        Padding(bullets(q.follow_ups), (0, 0, 0, 2)),
    ]
    return Panel(Group(*sections), box=box.ROUNDED, title="Interview question", title_align="left")
