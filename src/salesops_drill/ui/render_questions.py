"""Rich renderables for interview questions. Content strings go through ``lit``."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from salesops_drill.bank import Question
from salesops_drill.roles import RoleIndex
from salesops_drill.ui.console import lit
from salesops_drill.ui.render_roles import bullets

DIFFICULTY = {1: "easy", 2: "medium", 3: "hard"}


def questions_table(questions: Sequence[Question]) -> Table:
    table = Table(box=box.SIMPLE_HEAVY, expand=True, caption=f"{len(questions)} questions")
    table.add_column("Id", no_wrap=True, style="bold")
    table.add_column("Category", no_wrap=True)
    table.add_column("D", justify="right", no_wrap=True)
    table.add_column("Prompt", ratio=1, no_wrap=True, overflow="ellipsis")
    for q in questions:
        table.add_row(lit(q.id), lit(q.category), str(q.difficulty), lit(q.prompt))
    return table


def model_answer(q: Question) -> RenderableType:
    rows = Table.grid(padding=(0, 1))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column()
    for name, lines in q.model_answer.parts:
        label = name.capitalize()
        if len(lines) == 1:
            rows.add_row(label, lit(lines[0]))
        elif name == "steps":
            numbered = Text("\n").join(
                Text(f"{i}. ") + lit(line) for i, line in enumerate(lines, 1)
            )
            rows.add_row(label, numbered)
        else:
            rows.add_row(label, bullets(lines))
    if q.model_answer.summary:
        return Group(lit(q.model_answer.summary, "italic"), rows)
    return rows


def key_points(q: Question, show_keywords: bool = True) -> Text:
    text = Text()
    for i, kp in enumerate(q.key_points):
        if i:
            text.append("\n")
        text.append("• ")
        text.append(kp.label, style="bold")
        if show_keywords:
            text.append("  (")
            text.append(", ".join(kp.keywords), style="dim")
            text.append(")")
    return text


def question_panel(q: Question, roles: RoleIndex | None = None) -> Panel:
    meta = Text()
    meta.append(q.id, style="bold")
    meta.append(f"  ·  {q.category}  ·  {DIFFICULTY[q.difficulty]}  ·  {q.time_limit}s")
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
