"""The live ``drill interview``: a multi-line answer under a countdown, then feedback.

The countdown is prompt_toolkit's bottom toolbar, redrawn every second by
``refresh_interval``; past the limit it turns into visible overtime, or with ``strict``
a background task submits what was typed. Every answer is committed by
:class:`~salesops_drill.interview.InterviewSession` before its feedback is shown, so
Ctrl-C, a kill or a closed terminal keeps every answer already given.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

import questionary
from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.styles import Style
from rich.text import Text

from salesops_drill.grading import SELF_RATING_SCALE
from salesops_drill.interview import pick_follow_up
from salesops_drill.ui.console import lit, make_console
from salesops_drill.ui.render_interview import (
    ScoreRow,
    clock_text,
    corrected_line,
    feedback_view,
    follow_up_view,
    question_header,
    scorecard,
)

if TYPE_CHECKING:
    from salesops_drill.bank import Question
    from salesops_drill.grading import Feedback
    from salesops_drill.interview import Answered, InterviewSession
    from salesops_drill.ui.voice_screen import VoiceAnswers

STYLE = Style.from_dict(
    {
        "bottom-toolbar": "reverse",
        "bottom-toolbar.overtime": "bg:ansired fg:ansiwhite bold",
        "bottom-toolbar.low": "bg:ansiyellow fg:ansiblack",
    }
)

SUBMIT_HELP = "Ctrl-D or Esc then Enter: submit · Enter: new line · Ctrl-C: stop"


def _submit_bindings() -> KeyBindings:
    kb = KeyBindings()

    @kb.add("c-d")
    def _submit(event: KeyPressEvent) -> None:
        event.app.exit(result=event.app.current_buffer.text)

    return kb


def ask_answer(limit: int, strict: bool) -> tuple[str, float, bool]:
    """Read a multi-line answer under a countdown; (text, seconds used, cut off by time)."""
    start = time.monotonic()
    cut_off = False

    def toolbar() -> StyleAndTextTuples:
        elapsed = time.monotonic() - start
        left = limit - elapsed
        words = len(get_app().current_buffer.text.split())
        if left >= 0:
            style = "class:bottom-toolbar.low" if left <= min(30, limit / 4) else ""
            return [
                (style, f" {clock_text(left)} left "),
                ("", f" {words} words · {SUBMIT_HELP} "),
            ]
        return [
            ("class:bottom-toolbar.overtime", f" OVER TIME +{clock_text(-left)} "),
            ("", f" {words} words · {SUBMIT_HELP} "),
        ]

    async def deadline() -> None:
        nonlocal cut_off
        await asyncio.sleep(max(0.0, limit - (time.monotonic() - start)))
        app = get_app()
        if app.is_running and not app.is_done:
            cut_off = True
            app.exit(result=app.current_buffer.text)

    def pre_run() -> None:
        if strict:
            get_app().create_background_task(deadline())

    session: PromptSession[str] = PromptSession(
        multiline=True,
        bottom_toolbar=toolbar,
        refresh_interval=1.0,
        key_bindings=_submit_bindings(),
        style=STYLE,
        prompt_continuation="  ",
    )
    text = session.prompt("> ", pre_run=pre_run)
    return text, time.monotonic() - start, cut_off


def ask_follow_up(question: str) -> str | None:
    """The follow-up, untimed; an empty submission skips it."""
    session: PromptSession[str] = PromptSession(
        multiline=True,
        bottom_toolbar=" Ctrl-D: submit · submit it empty to skip · Ctrl-C: stop ",
        key_bindings=_submit_bindings(),
        style=STYLE,
        prompt_continuation="  ",
    )
    text = session.prompt("> ")
    return text if text.strip() else None


def ask_self_rating() -> int:
    choices = [
        questionary.Choice(line, value=n, shortcut_key=str(n))
        for n, line in SELF_RATING_SCALE.items()
    ]
    answer = questionary.select(
        "How did that answer go? (press 1-5, then Enter)",
        choices=choices,
        use_shortcuts=True,
        default=choices[2],
    ).unsafe_ask()
    return int(answer)


#: Asked after the feedback panel (questionary adds "(y/N)"; Enter keeps the marks).
CORRECT_QUESTION = "Did the grader get a key point wrong?"
#: The keys of the correction list, shown above it.
CORRECT_KEYS = "Space: tick or untick  ·  ↑↓: move  ·  Enter: save"


def ask_corrections(q: Question, fb: Feedback) -> dict[str, bool] | None:
    """Whether the grader got a key point wrong and, if so, every key point as a checkbox
    pre-ticked as the grader judged it. Returns label -> covered, or None: no change."""
    found = {h.label for h in fb.covered}
    labels = [kp.label for kp in q.key_points if kp.label in found or kp.label in fb.missed]
    if not labels:
        return None
    if not questionary.confirm(
        CORRECT_QUESTION,
        default=False,
    ).unsafe_ask():
        return None
    mine = fb.corrections
    choices = [
        questionary.Choice(label, value=label, checked=mine.get(label, label in found))
        for label in labels
    ]
    make_console().print(Text(CORRECT_KEYS, style="dim"))  # too long for the prompt line
    ticked = questionary.checkbox(
        "Tick each key point your answer covered:", choices=choices, instruction=""
    ).unsafe_ask()
    return {label: label in ticked for label in labels}


def confirm_blank() -> bool:
    return bool(
        questionary.confirm(
            "Nothing typed. Save a blank answer and move on?", default=False
        ).unsafe_ask()
    )


def run_interview(
    session: InterviewSession,
    time_limit: int | None,
    strict: bool,
    voice: VoiceAnswers | None = None,
) -> None:
    """The live interview; with ``voice``, each answer is spoken instead of typed."""
    console = make_console()
    plan = session.plan
    total = len(plan.questions)
    if plan.note:
        console.print(Text(plan.note, style="yellow"))
    intro = Text(f"Mock interview: {total} question" + ("s" if total != 1 else ""), style="bold")
    intro.append(f" for {plan.role} (seed {plan.seed}).\n", style="")
    how = voice.intro if voice else "Type each answer below the question. " + SUBMIT_HELP + "."
    intro.append(how + "\n", style="")
    intro.append(
        "Over the limit the clock keeps counting"
        + (" (--strict: your answer is submitted when time is up)." if strict else ".")
        + " Every answer is saved as soon as you submit it.",
        style="dim",
    )
    console.print(intro)
    pending: Answered | None = None
    try:
        for position, q in enumerate(plan.questions, 1):
            limit = q.time_limit_s or time_limit or q.time_limit
            console.print(question_header(q, position, total, limit))
            if voice is not None:
                text, seconds, cut_off = voice.ask(session, q, position, limit, strict)
            else:
                while True:
                    text, seconds, cut_off = ask_answer(limit, strict)
                    if text.strip() or cut_off or confirm_blank():
                        break
                    console.print(Text("Keep going: the clock is still running.", style="dim"))
            if cut_off and voice is None:
                console.print(Text("Time is up: what you typed was submitted.", style="yellow"))
            pending = session.answer(q, text, seconds, limit)
            delivery = voice.saved(session, pending) if voice else None
            console.print(feedback_view(q, pending.feedback))
            if delivery is not None:
                console.print(delivery)
            corrections = ask_corrections(q, pending.feedback)
            if corrections is not None:
                fb = session.correct(pending, corrections)
                console.print(corrected_line(fb))
            follow_up = pick_follow_up(q, plan.seed, position)
            console.print(Text.assemble(("Follow-up: ", "bold"), lit(follow_up)))
            reply = ask_follow_up(follow_up)
            follow_up_fb = session.follow_up(pending, follow_up, reply)
            if follow_up_fb is not None:
                console.print(follow_up_view(follow_up, reply, follow_up_fb, show_prompt=False))
            console.print(Text("Rate your answer:", style="bold"))
            session.rate(pending, ask_self_rating())
            pending = None
    except (KeyboardInterrupt, EOFError):
        if pending is not None:  # answered but not yet rated: still reschedule its card
            session.rate(pending, None)
        done = len(session.answered)
        console.print(
            Text(
                f"\nInterview stopped. {done} answer"
                + ("s" if done != 1 else "")
                + f" saved in session {session.session_id} (incomplete): "
                f"'drill history show {session.session_id}'.",
                style="yellow",
            )
        )
        return
    summary = session.finish()
    rows = [ScoreRow.of(a) for a in session.answered]
    console.print(scorecard(rows, summary))
    console.print(
        Text(
            f"Saved as session {session.session_id}: 'drill history show {session.session_id}'. "
            "Weak answers come back in 'drill review'.",
            style="dim",
        )
    )
