"""Rich renderables for interviews: the question, feedback on an answer, the scorecard.

Shared by the live interview, the scripted mode and ``drill history show``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from salesops_drill.bank import STAR_PARTS, Question
from salesops_drill.grading import Feedback, KeyPointHit, SessionSummary
from salesops_drill.timing import clock_text
from salesops_drill.transcript import (
    HOLLOW,
    LIST_LIKE,
    evidence,
    figure_line,
    key_point_counts,
    next_steps,
    points_phrase,
)
from salesops_drill.ui.console import lit
from salesops_drill.ui.layout import TitledPanel
from salesops_drill.ui.render_questions import DIFFICULTY, model_answer

if TYPE_CHECKING:
    from salesops_drill.interview import Answered


def question_header(q: Question, position: int, total: int, limit: int) -> RenderableType:
    head = Text()
    head.append(f"Question {position}/{total}", style="bold")
    head.append(f" · {q.category} · {DIFFICULTY[q.difficulty]} · {clock_text(limit)} to answer")
    return TitledPanel(lit(q.prompt, "bold"), head)


def answer_view(text: str, title: str = "Your answer") -> RenderableType:
    """A submitted answer shown back, wrapped at word boundaries to the width (the
    input box wraps by character, splitting words); its own line breaks are kept."""
    return TitledPanel(lit(text) if text.strip() else Text("(blank)", style="dim"), title)


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


def _quote(hit: KeyPointHit) -> RenderableType:
    """The evidence for a covered point: “the sentence”, dim, with the matched words in
    normal weight, wrapped so every line starts inside the opening quote mark."""
    quote, start, end = evidence(hit)
    text = Text("\u201c" + quote + "\u201d", style="dim")
    if end > start:
        text.stylize("not dim", start + 1, end + 1)
    grid = Table.grid()
    grid.add_column(width=2, no_wrap=True)
    grid.add_column(overflow="fold")  # a URL longer than the line folds, never "…"
    grid.add_row("", text)
    return grid


def _marked(mark: Text, body: RenderableType) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(mark, body)
    return grid


def key_points_view(fb: Feedback, title: str = "Key points") -> RenderableType:
    """“Key points: 3 of 5 covered”, each covered point with its quoted sentence and each
    missed one with its next step; the user's corrections beside the grader's marks."""
    parts: list[RenderableType] = [Text(f"{title}: {points_phrase(fb)}", style="bold")]
    for hit in fb.covered:
        label = lit(hit.label)
        if fb.corrections.get(hit.label) is False:
            label.append("  (you: not covered)", style="yellow")
        parts.append(_marked(Text("✓", style="green"), Group(label, _quote(hit))))
    steps = next_steps(fb)
    for name in fb.missed:
        label = lit(name)
        if fb.corrections.get(name):
            label.append("  (you: covered)", style="yellow")
        body: list[RenderableType] = [label]
        if name in steps:
            body.append(_marked(Text("→", style="cyan"), lit(steps[name])))
        parts.append(_marked(Text("✗", style="red"), Group(*body)))
    if fb.list_like:
        parts.append(_marked(Text("!", style="bold yellow"), Text(LIST_LIKE, style="yellow")))
    if fb.hollow:
        parts.append(_marked(Text("!", style="bold yellow"), Text(HOLLOW, style="yellow")))
    return Group(*parts)


def figures_view(fb: Feedback) -> RenderableType:
    right = sum(1 for f in fb.figures if f.status == "right")
    parts: list[RenderableType] = [
        Text(f"Figures: {right} of {len(fb.figures)} right", style="bold")
    ]
    marks = {"right": ("✓", "green"), "wrong": ("✗", "red"), "missing": ("?", "yellow")}
    for check in fb.figures:
        mark, style = marks.get(check.status, ("?", "yellow"))
        line = figure_line(check)[2:]  # the mark is drawn apart, in colour
        parts.append(_marked(Text(mark, style=style), lit(line)))
    return Group(*parts)


def feedback_view(q: Question, fb: Feedback, show_model: bool = True) -> RenderableType:
    """Evidence first (key points with quotes, figures), then STAR, numbers, length,
    fillers, time and tips; the 0-100 score last, as the summary it is."""
    sections: list[RenderableType] = [key_points_view(fb)]
    if fb.figures:
        sections += [Text(""), figures_view(fb)]
    rows = Table.grid(padding=(0, 2))
    rows.add_column(style="bold", no_wrap=True)
    rows.add_column(overflow="fold")
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
        lit("yes: " + ", ".join(fb.numbers[:5]))
        if fb.quantified
        else Text("none: no result given as a number"),
    )
    low, high = fb.word_range
    rows.add_row("Length", f"{fb.words} words (aim for {low}-{high}: {fb.length_verdict})")
    if fb.filler_count:
        fillers = ", ".join(f"{w} ×{n}" for w, n in fb.fillers.items())
        rows.add_row("Fillers", lit(f"{fb.filler_count} ({fillers})"))
    else:
        rows.add_row("Fillers", "none")
    if fb.stopped:
        rows.add_row("Stopped", Text(STOPPED_NOTE, style="yellow"))
    if fb.seconds_used is not None:
        over = "  over time" if fb.over_time else ""
        rows.add_row(
            "Time", f"{clock_text(fb.seconds_used)} of {clock_text(fb.time_limit_s)}{over}"
        )
    if fb.tips:
        tips = Text()
        for i, tip in enumerate(fb.tips):
            if i:
                tips.append("\n")
            tips.append("→ ")
            tips.append(tip)
        rows.add_row("Tips", tips)
    summary = Text(f"{fb.score:.0f}/100", style="bold")
    summary.append("  (key points, STAR, numbers and length together)", style="dim")
    rows.add_row("Summary", summary)
    sections += [Text(""), rows]
    if show_model:
        sections += [
            Text(""),
            Text("What it tests", style="bold underline"),
            Padding(lit(q.what_it_tests), (0, 0, 0, 2)),
            Text("Model answer", style="bold underline"),
            Padding(model_answer(q), (0, 0, 0, 2)),
        ]
    return Panel(Group(*sections), title="Feedback", title_align="left", box=box.ROUNDED)


#: What a stopped answer is, wherever it is shown.
STOPPED_NOTE = "the interview was stopped while this answer was typed; graded as it stands"


def follow_up_view(
    prompt: str, answer: str | None, fb: Feedback | None, show_prompt: bool = True
) -> RenderableType:
    """Feedback on a follow-up answer: its own key points, with evidence. The live
    interview leaves the prompt out: it is on the screen just above."""
    parts: list[RenderableType] = []
    if show_prompt:
        parts.append(Text.assemble(("Follow-up: ", "bold"), lit(prompt, "italic")))
    if answer is None:
        parts.append(Text("Skipped.", style="dim"))
    elif fb is None:
        parts.append(Text("Not graded: this follow-up has no key points of its own.", style="dim"))
    else:
        parts.append(key_points_view(fb))
    return Panel(Group(*parts), title="Follow-up feedback", title_align="left", box=box.ROUNDED)


def corrected_line(fb: Feedback) -> Text:
    """What a correction changed, said once it is saved."""
    got, total, mine = key_point_counts(fb)
    if not fb.corrections:
        return Text("No correction: the grader's marks stand.", style="dim")
    text = Text("Correction saved: ", style="bold")
    count = got if mine is None else mine
    text.append(f"{count} of {total} key points covered by your count (grader: {got} of {total}).")
    return text


class ScoreRow(NamedTuple):
    """One line of the scorecard."""

    question: Question | None
    question_id: str
    feedback: Feedback | None
    self_rating: int | None
    follow_up_feedback: Feedback | None = None

    @classmethod
    def of(cls, done: Answered) -> ScoreRow:
        return cls(
            done.question,
            done.question.id,
            done.feedback,
            done.self_rating,
            done.follow_up_feedback,
        )


def _points_cell(fb: Feedback) -> str:
    got, total, mine = key_point_counts(fb)
    return f"{got}/{total}" + (f"→{mine}" if mine is not None else "")


def _time_cell(fb: Feedback, with_limit: bool) -> str:
    if fb.seconds_used is None:
        return "—"
    time = clock_text(fb.seconds_used)
    if with_limit:
        time += f"/{clock_text(fb.time_limit_s)}"
    return time + (" over" if fb.over_time else "")


#: Columns left out, in turn, until the scorecard fits the width (all are in the
#: feedback panels too): "Time" alone drops the limit, then the whole column goes.
_NARROWER: tuple[frozenset[str], ...] = (
    frozenset(),
    frozenset({"Num"}),
    frozenset({"Num", "Words"}),
    frozenset({"Num", "Words", "limit"}),
    frozenset({"Num", "Words", "limit", "Time"}),
)


class Scorecard:
    """The session's table, the legend and the summary; at narrow widths the table
    leaves out the columns the feedback panels already give, rather than squeezing all."""

    def __init__(self, rows: Sequence[ScoreRow], summary: SessionSummary | None) -> None:
        self.rows = rows
        self.summary = summary

    def table(self, drop: frozenset[str] = frozenset()) -> Table:
        table = Table(
            title="Scorecard",
            title_justify="left",
            box=box.SIMPLE_HEAVY,
            pad_edge=False,
            padding=(0, 1),
            collapse_padding=True,
        )
        columns = [
            ("#", "right"),
            ("Category", "left"),
            ("Points", "right"),
            ("STAR", "left"),
            ("Num", "left"),
            ("Words", "right"),
            ("Time", "left"),
            ("Self", "right"),
            ("F-up", "right"),
            ("Score", "right"),
        ]
        shown = [(name, justify) for name, justify in columns if name not in drop]
        for name, justify in shown:
            table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
        for i, row in enumerate(self.rows, 1):
            q, fb, fup = row.question, row.feedback, row.follow_up_feedback
            cells: dict[str, RenderableType] = {
                "#": str(i),
                "Category": lit(q.category if q else row.question_id),
            }
            if fb is not None:
                cells |= {
                    "Points": _points_cell(fb),
                    "STAR": star_text(fb.star),
                    "Num": "yes" if fb.quantified else "no",
                    "Words": str(fb.words),
                    "Time": _time_cell(fb, "limit" not in drop),
                    "Self": str(row.self_rating) if row.self_rating else "—",
                    "F-up": f"{len(fup.covered)}/{fup.points_total}" if fup else "—",
                    "Score": f"{fb.score:.0f}" + ("*" if fb.stopped else ""),
                }
            table.add_row(*(cells.get(name, "—") for name, _ in shown))
        return table

    def legend(self) -> Text:
        corrected = any(
            r.feedback is not None and key_point_counts(r.feedback)[2] is not None
            for r in self.rows
        )
        if corrected:
            text = "Points = key points covered (→ after your corrections); F-up = the follow-up's."
        else:
            text = "Points = key points covered; F-up = the follow-up's; Score = summary 0-100."
        if any(r.feedback is not None and r.feedback.stopped for r in self.rows):
            text += "\n* stopped: cut short when the interview was stopped."
        return Text(text, style="dim")

    def stacked(self) -> RenderableType:
        """The rows as blocks, for a width where not even the narrowest table fits."""
        parts: list[RenderableType] = [Text("Scorecard", style="italic")]
        for i, row in enumerate(self.rows, 1):
            head = Text(f"{i}. ", style="bold")
            head.append_text(lit(row.question.category if row.question else row.question_id))
            fb, fup = row.feedback, row.follow_up_feedback
            if fb is None:
                parts.append(head)
                continue
            head.append(f" · score {fb.score:.0f}", style="bold")
            facts = Text(f"Points {_points_cell(fb)} · STAR ")
            facts.append_text(star_text(fb.star))
            facts.append(f" · Time {_time_cell(fb, True)}")
            facts.append(f" · Self {row.self_rating or '—'}")
            facts.append(f" · F-up {f'{len(fup.covered)}/{fup.points_total}' if fup else '—'}")
            parts += [head, Padding(facts, (0, 0, 0, 3))]
        return Group(*parts)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table: RenderableType = self.stacked()
        for drop in _NARROWER:
            wide = self.table(drop)
            if (
                Measurement.get(console, options.update_width(1000), wide).maximum
                <= options.max_width
            ):
                table = wide
                break
        yield table
        yield self.legend()
        summary = self.summary
        if summary is None:
            return
        lines = Text()
        lines.append(f"Overall score: {summary.overall_score:.0f}/100", style="bold")
        if summary.strongest_category:
            lines.append(
                f"\nStrongest: {summary.strongest_category}   Weakest: {summary.weakest_category}"
            )
        for suggestion in summary.suggestions:
            lines.append("\n→ ")
            lines.append(suggestion)
        yield lines


def scorecard(rows: Sequence[ScoreRow], summary: SessionSummary | None) -> Scorecard:
    """The scorecard for ``rows``, in the order asked."""
    return Scorecard(rows, summary)
