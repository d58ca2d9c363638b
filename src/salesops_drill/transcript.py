"""A finished or interrupted interview as a transcript: data for JSON, and Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from salesops_drill.bank import DIFFICULTY_NAMES, STAR_PARTS, Question
from salesops_drill.grading import (
    Feedback,
    FigureCheck,
    KeyPointHit,
    SessionSummary,
    summarize_session,
)
from salesops_drill.interview import corrected_points
from salesops_drill.timing import clock_text

if TYPE_CHECKING:
    from salesops_drill.library import Library
    from salesops_drill.store import AnswerRow, SessionRow

#: Evidence longer than this is cut around the words that matched.
QUOTE_LIMIT = 240


@dataclass(frozen=True)
class Entry:
    row: AnswerRow
    question: Question | None  # None if the question has since left the banks
    feedback: Feedback | None
    #: Feedback on the follow-up answer, when it was graded.
    follow_up_feedback: Feedback | None = None
    #: Feedback was saved, but in a form this version cannot read.
    unreadable: bool = False


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
        feedback = read_feedback(row.feedback)
        nested = row.feedback.get("follow_up") if isinstance(row.feedback, dict) else None
        entries.append(
            Entry(
                row,
                lib.question(row.question_id),
                feedback,
                read_feedback(nested),
                unreadable=bool(row.feedback) and feedback is None,
            )
        )
    return Transcript(session, entries)


def read_feedback(data: object) -> Feedback | None:
    """Saved feedback, of this format or an older one; None if absent or unreadable."""
    if not isinstance(data, dict) or not data:
        return None
    try:
        return Feedback.from_dict(data)
    except (TypeError, KeyError, ValueError, AttributeError):  # a format we cannot read
        return None


def evidence(hit: KeyPointHit, limit: int = QUOTE_LIMIT) -> tuple[str, int, int]:
    """The sentence quoted for a covered point, and where the matched words sit in it.

    Feedback saved before sentences were quoted has only the matched words: they are the
    evidence then. A sentence longer than ``limit`` is cut around the match, with "…".
    Returns (quote, start, end); start == end when the match is not in the quote.
    """
    words = " ".join(hit.text.split())
    sentence = " ".join(hit.sentence.split())
    if not sentence:
        return words, 0, len(words)
    start = sentence.find(words) if words else -1
    if start < 0:
        return _cut(sentence, 0, 0, limit)
    return _cut(sentence, start, start + len(words), limit)


def _cut(sentence: str, start: int, end: int, limit: int) -> tuple[str, int, int]:
    """``sentence`` cut to about ``limit`` characters around [start, end)."""
    if len(sentence) <= limit:
        return sentence, start, end
    room = max(0, limit - (end - start))
    begin = max(0, min(start - room // 2, len(sentence) - limit))
    stop = min(len(sentence), max(begin + limit, end))
    quote = sentence[begin:stop]
    if begin > 0:
        quote, begin = "…" + quote, begin - 1
    if stop < len(sentence):
        quote += "…"
    if end <= start:
        return quote, 0, 0
    return quote, start - begin, end - begin


def key_point_counts(fb: Feedback) -> tuple[int, int, int | None]:
    """(covered by the grader, key points, covered with the user's corrections if that
    count differs, else None)."""
    mine = len(corrected_points(fb))
    return len(fb.covered), fb.points_total, (mine if mine != len(fb.covered) else None)


def _quote(text: str) -> str:
    """``text`` as a Markdown block quote that keeps its lines and paragraphs.

    Markdown joins the lines of a paragraph into one, so each line followed by another
    ends in a hard line break (a backslash; two spaces after a line that already ends in
    one), and a blank line stays a paragraph break.
    """
    lines = [line.rstrip() for line in text.strip().splitlines()] or [""]
    out = []
    for i, line in enumerate(lines):
        if not line.strip():
            if out and out[-1] != ">":
                out.append(">")
            continue
        follows = i + 1 < len(lines) and bool(lines[i + 1].strip())
        brk = ("  " if line.endswith("\\") else "\\") if follows else ""
        out.append(f"> {line}{brk}")
    return "\n".join(out) or ">"


def points_phrase(fb: Feedback) -> str:
    """ "3 of 5 covered", and the user's own count when their corrections change it."""
    got, total, mine = key_point_counts(fb)
    phrase = f"{got} of {total} covered"
    return phrase + (f" ({mine} of {total} with your corrections)" if mine is not None else "")


def _key_point_lines(fb: Feedback, title: str) -> list[str]:
    out = [f"**{title}**: key points {points_phrase(fb)}", ""]
    for hit in fb.covered:
        quote, _, _ = evidence(hit)
        note = " (you: not covered)" if fb.corrections.get(hit.label) is False else ""
        out.append(f"- ✓ {hit.label}{note} — “{quote}”")
    steps = next_steps(fb)
    for label in fb.missed:
        note = " (you: covered)" if fb.corrections.get(label) else ""
        step = f" — next: {steps[label]}" if label in steps else ""
        out.append(f"- ✗ {label}{note}{step}")
    if fb.list_like:
        out.append(f"- {LIST_LIKE}")
    if fb.hollow:
        out.append(f"- {HOLLOW}")
    return out


def _feedback_lines(fb: Feedback) -> list[str]:
    out = _key_point_lines(fb, "Feedback")
    for check in fb.figures:
        out.append(f"- Figure: {figure_line(check)}")
    if fb.star is not None:
        parts = ", ".join(p for p in STAR_PARTS if fb.star.get(p)) or "none"
        out.append(f"- STAR parts present: {parts}")
    out.append(f"- Result quantified: {'yes' if fb.quantified else 'no'}")
    out.append(
        f"- {fb.words} words, time {clock_text(fb.seconds_used)} of {clock_text(fb.time_limit_s)}"
        + (" (over time)" if fb.over_time else "")
    )
    if fb.filler_count:
        out.append(f"- Filler words: {fb.filler_count}")
    out += [f"- Tip: {tip}" for tip in fb.tips]
    out.append(f"- Summary score: {fb.score:.0f}/100")
    return out


def _delivery_lines(saved: object) -> list[str]:
    """How a spoken answer was delivered (nothing for a typed one)."""
    from salesops_drill.voice.answers import saved_delivery
    from salesops_drill.voice.delivery import summary_lines

    delivery = saved_delivery(saved)
    if delivery is None:
        return []
    return ["", "**Delivery** (spoken answer; the text above is its transcript)", ""] + [
        f"- {line}" for line in summary_lines(delivery)
    ]


#: What the "reads like a list" flag means, wherever it is shown.
LIST_LIKE = "This reads like a list of terms: terms without sentences earn no key points."
#: What the "business filler" flag means, wherever it is shown.
HOLLOW = "Sentences made of buzzwords (holistic, best-in-class, alignment) earn no key points."


def figure_line(check: FigureCheck) -> str:
    """One expected figure as checked: right, wrong (with what was given) or missing."""
    if check.status == "right":
        return f"✓ {check.label}: {check.given or check.expected}"
    if check.status == "wrong":
        return f"✗ {check.message}"
    return f"? {check.message}"


def next_steps(fb: Feedback) -> dict[str, str]:
    """Missed point -> its next step (the grader gives one per missed point, in order;
    older feedback has none)."""
    if len(fb.next_steps) != len(fb.missed):
        return {}
    return dict(zip(fb.missed, fb.next_steps, strict=True))


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
            level = DIFFICULTY_NAMES.get(q.difficulty, str(q.difficulty))
            out.append(f"*{q.category} · {level} · `{q.id}`*")
            out.append("")
        out += ["**Your answer**", ""]
        if fb and fb.stopped:
            out += ["*(stopped: the interview was stopped while this answer was typed)*", ""]
        out += [_quote(row.answer or "(blank)"), ""]
        if fb:
            out += _feedback_lines(fb)
        elif e.unreadable:
            out.append("**Feedback**: saved in a form this version of drill cannot read.")
        out += _delivery_lines(row.feedback)
        if row.self_rating:
            out += ["", f"**Self-rating**: {row.self_rating}/5"]
        if row.follow_up:
            out += ["", f"**Follow-up**: {row.follow_up}", ""]
            out.append(_quote(row.follow_up_answer) if row.follow_up_answer else "*(skipped)*")
            if e.follow_up_feedback:
                out += ["", *_key_point_lines(e.follow_up_feedback, "Follow-up feedback")]
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
