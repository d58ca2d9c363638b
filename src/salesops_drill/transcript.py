"""A finished or interrupted interview as a transcript: data for JSON, and Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from salesops_drill.bank import STAR_PARTS, Question
from salesops_drill.grading import Feedback, SessionSummary, summarize_session

if TYPE_CHECKING:
    from salesops_drill.library import Library
    from salesops_drill.store import AnswerRow, SessionRow


@dataclass(frozen=True)
class Entry:
    row: AnswerRow
    question: Question | None  # None if the question has since left the banks
    feedback: Feedback | None


@dataclass(frozen=True)
class Transcript:
    session: SessionRow
    entries: list[Entry]

    @property
    def summary(self) -> SessionSummary | None:
        graded = [(e.question, e.feedback, e.row.self_rating) for e in self.entries]
        usable = [(q, f, r) for q, f, r in graded if q is not None and f is not None]
        return summarize_session(usable) if usable else None

    @property
    def score(self) -> float | None:
        """The stored score of a finished session, else the mean of its answers."""
        if self.session.score is not None:
            return self.session.score
        summary = self.summary
        return summary.overall_score if summary else None


def build(session: SessionRow, answers: Sequence[AnswerRow], lib: Library) -> Transcript:
    entries = []
    for row in answers:
        feedback = None
        if row.feedback:
            try:
                feedback = Feedback.from_dict(row.feedback)
            except (TypeError, KeyError):  # written by a version with another format
                feedback = None
        entries.append(Entry(row, lib.question(row.question_id), feedback))
    return Transcript(session, entries)


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def _quote(text: str) -> str:
    lines = text.strip().splitlines() or [""]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def to_markdown(t: Transcript, role_title: str) -> str:
    s = t.session
    status = "complete" if s.finished else "incomplete"
    out = [
        f"# Mock interview: {role_title}",
        "",
        f"- Date: {s.started_at.astimezone():%Y-%m-%d %H:%M}",
        f"- Session: {s.id} ({status})",
        f"- Questions answered: {len(t.entries)} of {s.planned or len(t.entries)}",
    ]
    if t.score is not None:
        out.append(f"- Score: {t.score:.0f}/100")
    if s.seed is not None:
        out.append(f"- Seed: {s.seed}")
    for i, e in enumerate(t.entries, 1):
        q, fb, row = e.question, e.feedback, e.row
        out += ["", f"## {i}. {q.prompt if q else row.question_id}", ""]
        if q:
            out.append(f"*{q.category} · difficulty {q.difficulty} · `{q.id}`*")
            out.append("")
        out += ["**Your answer**", "", _quote(row.answer or "(blank)"), ""]
        if fb:
            out.append(
                f"**Feedback**: score {fb.score:.0f}/100, key points "
                f"{len(fb.covered)}/{len(fb.covered) + len(fb.missed)}, "
                f"{fb.words} words, time {_clock(fb.seconds_used)} of {_clock(fb.time_limit_s)}"
                + (" (over time)" if fb.over_time else "")
            )
            out.append("")
            out += [f"- ✓ {h.label}" for h in fb.covered]
            out += [f"- ✗ {label}" for label in fb.missed]
            if fb.star is not None:
                parts = ", ".join(p for p in STAR_PARTS if fb.star.get(p)) or "none"
                out.append(f"- STAR parts present: {parts}")
            out.append(f"- Result quantified: {'yes' if fb.quantified else 'no'}")
            if fb.filler_count:
                out.append(f"- Filler words: {fb.filler_count}")
            out += [f"- Tip: {tip}" for tip in fb.tips]
        if row.self_rating:
            out += ["", f"**Self-rating**: {row.self_rating}/5"]
        if row.follow_up:
            out += ["", f"**Follow-up**: {row.follow_up}", ""]
            out.append(_quote(row.follow_up_answer) if row.follow_up_answer else "*(skipped)*")
        if q:
            out += ["", "**Model answer**", ""]
            if q.model_answer.summary:
                out += [q.model_answer.summary, ""]
            for heading, lines in q.model_answer.outline():
                if len(lines) == 1:
                    out.append(f"- **{heading}**: {lines[0]}")
                else:
                    out.append(f"- **{heading}**:")
                    out += [f"  {n}. {line}" for n, line in enumerate(lines, 1)]
    summary = t.summary
    if summary:
        out += ["", "## Summary", "", f"Overall score: {summary.overall_score:.0f}/100", ""]
        if summary.strongest_category:
            out += [
                f"- Strongest category: {summary.strongest_category}",
                f"- Weakest category: {summary.weakest_category}",
            ]
        out += [f"- {line}" for line in summary.suggestions]
    return "\n".join(out) + "\n"
