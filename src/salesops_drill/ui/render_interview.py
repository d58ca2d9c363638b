"""Rich renderables for interviews: the question, feedback on an answer, the scorecard.

Shared by the live interview, the scripted mode and ``drill history show``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from salesops_drill.bank import STAR_PARTS, Question
from salesops_drill.grading import Feedback, SessionSummary
from salesops_drill.ui.console import lit
from salesops_drill.ui.render_questions import DIFFICULTY, model_answer


def clock_text(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def question_header(q: Question, position: int, total: int, limit: int) -> RenderableType:
    head = Text()
    head.append(f"Question {position}/{total}", style="bold")
    head.append(
        f"  ·  {q.category}  ·  {DIFFICULTY[q.difficulty]}  ·  {clock_text(limit)} to answer"
    )
    return Panel(lit(q.prompt, "bold"), title=head, title_align="left", box=box.ROUNDED)


def star_text(star: dict[str, bool] | None) -> Text:
    if star is None:
        return Text("—")
    # Missing parts are a dot, so the gap shows without colour too: "S·AR".
    text = Text()
    for part in STAR_PARTS:
        if star.get(part):
            text.append(part[0].upper(), style="bold green")
        else:
            text.append("·", style="red")
    return text


def feedback_view(q: Question, fb: Feedback, show_model: bool = True) -> RenderableType:
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column()
    covered = Text()
    for i, hit in enumerate(fb.covered):
        if i:
            covered.append("\n")
        covered.append("✓ ", style="green")
        covered.append(hit.label)
        covered.append(f'  ("{hit.text}")', style="dim")
    missed = Text()
    for i, label in enumerate(fb.missed):
        if i:
            missed.append("\n")
        missed.append("✗ ", style="red")
        missed.append(label)
    total = len(fb.covered) + len(fb.missed)
    rows.add_row("Key points", Text(f"{len(fb.covered)} of {total} covered ({fb.coverage:.0%})"))
    if fb.covered:
        rows.add_row("", covered)
    if fb.missed:
        rows.add_row("", missed)
    if fb.star is not None:
        present = [p for p in STAR_PARTS if fb.star.get(p)]
        absent = [p for p in STAR_PARTS if not fb.star.get(p)]
        star = Text.assemble(star_text(fb.star), "  ")
        star.append(f"present: {', '.join(present) or 'none'}")
        if absent:
            star.append(f"; missing: {', '.join(absent)}")
        rows.add_row("STAR", star)
    rows.add_row(
        "Numbers",
        Text("yes: " + ", ".join(fb.numbers[:5]))
        if fb.quantified
        else Text("none: no result given as a number"),
    )
    low, high = fb.word_range
    rows.add_row("Length", f"{fb.words} words (aim for {low}-{high}: {fb.length_verdict})")
    if fb.filler_count:
        fillers = ", ".join(f"{w} ×{n}" for w, n in fb.fillers.items())
        rows.add_row("Fillers", f"{fb.filler_count} ({fillers})")
    else:
        rows.add_row("Fillers", "none")
    if fb.seconds_used is not None:
        over = "  over time" if fb.over_time else ""
        rows.add_row(
            "Time", f"{clock_text(fb.seconds_used)} of {clock_text(fb.time_limit_s)}{over}"
        )
    rows.add_row("Score", Text(f"{fb.score:.0f}/100", style="bold"))
    if fb.tips:
        tips = Text()
        for i, tip in enumerate(fb.tips):
            if i:
                tips.append("\n")
            tips.append("→ ")
            tips.append(tip)
        rows.add_row("Tips", tips)
    parts: list[RenderableType] = [rows]
    if show_model:
        parts += [
            Text(""),
            Text("What it tests", style="bold underline"),
            Padding(lit(q.what_it_tests), (0, 0, 0, 2)),
            Text("Model answer", style="bold underline"),
            Padding(model_answer(q), (0, 0, 0, 2)),
        ]
    return Panel(Group(*parts), title="Feedback", title_align="left", box=box.ROUNDED)


def scorecard(
    rows: Sequence[tuple[Question | None, str, Feedback | None, int | None]],
    summary: SessionSummary | None,
) -> RenderableType:
    """``rows``: (question, question id, feedback, self-rating) in the order asked."""
    table = Table(title="Scorecard", title_justify="left", box=box.SIMPLE_HEAVY, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("Category", no_wrap=True)
    table.add_column("Cover", justify="right")
    table.add_column("STAR")
    table.add_column("Num")
    table.add_column("Words", justify="right")
    table.add_column("Time", no_wrap=True)
    table.add_column("Self", justify="right")
    table.add_column("Score", justify="right")
    for i, (q, qid, fb, self_rating) in enumerate(rows, 1):
        category = q.category if q else qid
        if fb is None:
            table.add_row(str(i), lit(category), "—", "—", "—", "—", "—", "—", "—")
            continue
        time = f"{clock_text(fb.seconds_used)}/{clock_text(fb.time_limit_s)}"
        if fb.over_time:
            time += " over"
        if fb.seconds_used is None:
            time = "—"
        table.add_row(
            str(i),
            lit(category),
            f"{fb.coverage:.0%}",
            star_text(fb.star),
            "yes" if fb.quantified else "no",
            str(fb.words),
            time,
            str(self_rating) if self_rating else "—",
            f"{fb.score:.0f}",
        )
    if summary is None:
        return table
    lines = Text()
    lines.append(f"Overall score: {summary.overall_score:.0f}/100", style="bold")
    if summary.strongest_category:
        lines.append(
            f"\nStrongest: {summary.strongest_category}   Weakest: {summary.weakest_category}"
        )
    for suggestion in summary.suggestions:
        lines.append("\n→ ")
        lines.append(suggestion)
    return Group(table, lines)
