"""``drill questions list``: a block a question, drawn as finished lines.

Kept apart from :mod:`salesops_drill.ui.render_questions` so the listing does not load
rich's tables and panels (about 8 ms of start-up) for lines it writes itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.text import Text

from salesops_drill.bank import DIFFICULTY_NAMES, Question
from salesops_drill.safe_text import visible
from salesops_drill.ui.console import lit
from salesops_drill.ui.layout import hanging


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
            f"{q.category} · {DIFFICULTY_NAMES[q.difficulty]} · {self._roles(q)}"
            for q in self.questions
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
