"""``drill interview --answers FILE``: the answers file read, and answered from.

The typed counterpart of :mod:`salesops_drill.cli.interview_voice`'s recordings; the
command itself is :mod:`salesops_drill.cli.interview`.
"""

import sys
from pathlib import Path


def read_answers_file(path: Path) -> str:
    """The text of the answers file at ``path``; any problem reading it is one line."""
    from salesops_drill.answers_file import MAX_ANSWERS_FILE_BYTES
    from salesops_drill.errors import UsageError
    from salesops_drill.inputs import InputRefused, read_text

    if not path.exists():
        raise UsageError(f"answers file not found: {path}")
    try:
        return read_text(path, MAX_ANSWERS_FILE_BYTES, "an answers file")
    except InputRefused as exc:
        raise UsageError(f"{path}:{exc.line}: {exc}") from None


def answer_ids(scripted, path_text: str) -> list[str]:
    """The question id of every answer: an answers file names all its questions or none."""
    from salesops_drill.errors import UsageError

    for i, item in enumerate(scripted, 1):
        if item.question_id is None:
            raise UsageError(f"{path_text}: answer {i} has no question id (give all or none)")
    return [item.question_id for item in scripted]


def run_answers(session, scripted, time_limit: int | None, as_json: bool) -> None:
    from salesops_drill.interview import answer_dict, pick_follow_up, session_dict, time_limit_for
    from salesops_drill.ui.console import make_console, print_json

    results = []
    for position, (q, item) in enumerate(zip(session.plan.questions, scripted, strict=False), 1):
        limit = time_limit_for(q, time_limit)
        done = session.answer(q, item.text, None, limit)
        if item.follow_up is not None:
            session.follow_up(done, pick_follow_up(q, session.plan.seed, position), item.follow_up)
        session.rate(done, item.self_rating)
        results.append(done)
    summary = session.finish()
    if as_json:
        answers = [
            {**answer_dict(d), "self_rating": d.self_rating, "follow_up": _follow_up_json(d)}
            for d in results
        ]
        print_json(session_dict(session, summary, answers))
        return
    from rich.text import Text

    from salesops_drill.ui.render_interview import (
        ScoreRow,
        feedback_view,
        follow_up_view,
        question_header,
        scorecard,
    )

    console = make_console()
    if session.plan.note:
        console.print(Text(session.plan.note, style="yellow"))
    total = len(results)
    for i, done in enumerate(results, 1):
        console.print(question_header(done.question, i, total, done.feedback.time_limit_s or 0))
        if not done.feedback.words:
            console.print(Text("No answer given: scored 0.", style="yellow"))
        console.print(feedback_view(done.question, done.feedback))
        if done.follow_up is not None:
            console.print(
                follow_up_view(done.follow_up, done.follow_up_answer, done.follow_up_feedback)
            )
    rows = [ScoreRow.of(d) for d in results]
    console.print(scorecard(rows, summary))
    if session.saved:
        console.print(
            Text(
                f"Saved as session {session.session_id}: "
                f"see 'drill history show {session.session_id}'."
            )
        )
    else:
        console.print(Text("Not saved (--no-save): your progress and history are unchanged."))
    sys.stdout.flush()


def _follow_up_json(done) -> dict | None:
    """The follow-up asked, the answer and its feedback (None: no follow-up in the file)."""
    if done.follow_up is None:
        return None
    fb = done.follow_up_feedback
    return {
        "prompt": done.follow_up,
        "answer": done.follow_up_answer,
        "feedback": fb.to_dict() if fb else None,
    }
