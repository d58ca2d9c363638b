"""Rich renderables for interview questions. Content strings go through ``lit``."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from salesops_drill.bank import DIFFICULTY_NAMES, Question
from salesops_drill.roles import RoleIndex
from salesops_drill.ui.console import lit
from salesops_drill.ui.render_roles import bullets

DIFFICULTY = DIFFICULTY_NAMES


class QuestionList:
    """Two lines a question: id, category, difficulty and roles; then the prompt cut to fit.

    A one-row-per-question table leaves the prompt a sliver at 80 columns once the ids
    and roles are in; two lines give the prompt the whole width.
    """

    def __init__(self, questions: Sequence[Question], all_roles: int) -> None:
        self.questions = questions
        self.all_roles = all_roles

    def _roles(self, q: Question) -> str:
        return "all roles" if len(q.roles) == self.all_roles else ", ".join(q.roles)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        id_width = min(max((len(q.id) for q in self.questions), default=0), width // 2)
        for q in self.questions:
            head = Text()
            head.append(q.id.ljust(id_width), style="bold")
            head.append(f"  {q.category} · {DIFFICULTY[q.difficulty]} · ", style="dim")
            head.append(self._roles(q), style="dim")
            head.truncate(width, overflow="ellipsis")
            prompt = Text("  ") + lit(" ".join(q.prompt.split()))
            prompt.truncate(width, overflow="ellipsis")
            yield head
            yield prompt
        yield Text(f"{len(self.questions)} questions", style="italic")


def questions_table(questions: Sequence[Question], all_roles: int = 0) -> QuestionList:
    return QuestionList(questions, all_roles)


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
