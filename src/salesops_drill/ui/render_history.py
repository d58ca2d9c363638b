"""Rich renderables for ``drill history``."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from salesops_drill.transcript import Transcript
from salesops_drill.ui.console import lit
from salesops_drill.ui.layout import Responsive
from salesops_drill.ui.render_interview import (
    ScoreRow,
    feedback_view,
    key_points_view,
    scorecard,
)
from salesops_drill.ui.render_voice import delivery_view
from salesops_drill.voice.answers import saved_delivery


def sessions_table(found: Sequence[Transcript]) -> RenderableType:
    """A table of past interviews; where it would squeeze a column, a block each."""
    return Responsive(_sessions_wide(found), lambda: _sessions_stacked(found))


def _when(t: Transcript) -> str:
    return t.session.started_at.astimezone().strftime("%Y-%m-%d %H:%M")


def _status(t: Transcript) -> Text:
    return Text("complete") if t.session.finished else Text("incomplete", style="yellow")


def _sessions_wide(found: Sequence[Transcript]) -> Table:
    table = Table(
        box=box.SIMPLE_HEAVY, pad_edge=False, title="Mock interviews", title_justify="left"
    )
    table.add_column("Id", justify="right")
    table.add_column("Date", no_wrap=True)
    table.add_column("Role")
    table.add_column("Questions", justify="right")
    table.add_column("Score", justify="right")
    table.add_column("Status")
    for t in found:
        s = t.session
        table.add_row(
            str(s.id),
            _when(t),
            lit(s.role),
            f"{len(t.entries)}/{s.planned or len(t.entries)}",
            "—" if t.score is None else f"{t.score:.0f}",
            _status(t),
        )
    return table


def _sessions_stacked(found: Sequence[Transcript]) -> Group:
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(justify="right", no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for t in found:
        s = t.session
        head = Text(f"{_when(t)} · ") + lit(s.role, "bold")
        facts = Text(f"{len(t.entries)}/{s.planned or len(t.entries)} questions · score ")
        facts.append("—" if t.score is None else f"{t.score:.0f}")
        facts.append(" · ")
        facts.append_text(_status(t))
        grid.add_row(str(s.id), Group(head, facts))
    return Group(Text("Mock interviews (id, then details)", style="italic"), Text(""), grid)


def transcript_view(t: Transcript, role_title: str) -> RenderableType:
    s = t.session
    head = Text(f"Interview {s.id}: ", style="bold")
    head.append(role_title)
    head.append(
        f" · {s.started_at.astimezone():%Y-%m-%d %H:%M} · "
        + ("complete" if s.finished else "incomplete"),
        style="",
    )
    parts: list[RenderableType] = [head]
    for i, e in enumerate(t.entries, 1):
        prompt = lit(e.question.prompt if e.question else e.row.question_id, "bold")
        body: list[RenderableType] = [
            prompt,
            Text("\nYour answer", style="bold underline"),
            lit(e.row.answer or "(blank)"),
        ]
        if e.row.follow_up:
            body += [
                Text("\nFollow-up", style="bold underline"),
                lit(e.row.follow_up, "italic"),
                lit(e.row.follow_up_answer or "(skipped)"),
            ]
            if e.follow_up_feedback:
                body += [Text(""), key_points_view(e.follow_up_feedback, "Follow-up key points")]
        if e.row.self_rating:
            body.append(Text(f"\nSelf-rating: {e.row.self_rating}/5"))
        title = Text(f"Question {i}") + (
            Text(f" · {e.question.category}") if e.question else Text("")
        )
        parts.append(Panel(Group(*body), title=title, title_align="left", box=box.ROUNDED))
        if e.question and e.feedback:
            parts.append(feedback_view(e.question, e.feedback))
        elif e.unreadable:
            parts.append(
                Text("Feedback saved in a form this version of drill cannot read.", style="yellow")
            )
        spoken = saved_delivery(e.row.feedback)
        if spoken is not None:
            parts.append(delivery_view(spoken))
    rows = [
        ScoreRow(e.question, e.row.question_id, e.feedback, e.row.self_rating, e.follow_up_feedback)
        for e in t.entries
    ]
    parts.append(scorecard(rows, t.summary))
    return Group(*parts)
