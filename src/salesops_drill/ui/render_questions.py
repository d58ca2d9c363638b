"""Rich renderables for interview questions. Content strings go through ``lit``."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from salesops_drill.bank import DIFFICULTY_NAMES, Question
from salesops_drill.roles import RoleIndex
from salesops_drill.safe_text import visible
from salesops_drill.ui.console import lit
from salesops_drill.ui.layout import hanging
from salesops_drill.ui.render_roles import bullets

DIFFICULTY = DIFFICULTY_NAMES


class QuestionList:
    """A block a question: its id, then category, difficulty and roles; then the prompt.

    A one-row-per-question table leaves the prompt a sliver at 80 columns once the ids
    and roles are in; a block gives the prompt the whole width. Nothing is cut: the
    details and the prompt wrap, their continuation lines indented under the prompt.
    """

    def __init__(self, questions: Sequence[Question], all_roles: int) -> None:
        self.questions = questions
        self.all_roles = all_roles

    def _roles(self, q: Question) -> str:
        return "all roles" if len(q.roles) == self.all_roles else ", ".join(q.roles)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        id_width = max((len(q.id) for q in self.questions), default=0)
        details = [
            f"{q.category} · {DIFFICULTY[q.difficulty]} · {self._roles(q)}" for q in self.questions
        ]
        # The details beside the id where both fit on one line, else on a line of their own.
        beside = id_width + 2 + max((len(d) for d in details), default=0) <= width
        bold, dim = console.get_style("bold"), console.get_style("dim")
        for q, detail in zip(self.questions, details, strict=True):
            if beside:  # fits on one line: the segments themselves, nothing to wrap
                yield Segment(visible(q.id), bold)
                yield Segment(" " * (id_width - len(q.id) + 2))
                yield Segment(visible(detail), dim)
                yield Segment.line()
            else:
                yield from hanging(lit(q.id, "bold"), console, width, 0)
                yield from hanging(Text(detail, style="dim"), console, width)
            yield from hanging(lit(" ".join(q.prompt.split())), console, width)
        yield Text(f"{len(self.questions)} questions", style="italic")


def questions_table(questions: Sequence[Question], all_roles: int = 0) -> QuestionList:
    return QuestionList(questions, all_roles)


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
