"""The live ``drill interview``: a ready screen, then each answer under a countdown
(:mod:`salesops_drill.ui.answer_screen`), its feedback, a follow-up and a self-rating.

The clock starts when the user presses Enter on the ready screen. Every answer is
committed by :class:`~salesops_drill.interview.InterviewSession` before its feedback is
shown, so Ctrl-C, a kill or a closed terminal keeps every answer already given; Ctrl-C
while typing keeps the text typed so far too, marked as stopped, and the scorecard of
what was answered is shown.

With ``--voice`` each answer is spoken instead (:mod:`salesops_drill.ui.voice_screen`);
the rest of the interview is the same, Ctrl-C during a recording included.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import questionary
from prompt_toolkit.application import Application
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from rich import box
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from salesops_drill.grading import SELF_RATING_SCALE, SELF_RATING_SHORT
from salesops_drill.interview import pick_follow_up, time_limit_for
from salesops_drill.timing import clock_text
from salesops_drill.ui.answer_screen import KEYS_IN_FULL, Answer, ask_answer, ask_follow_up
from salesops_drill.ui.console import lit, make_console
from salesops_drill.ui.render_interview import (
    ScoreRow,
    corrected_line,
    feedback_view,
    follow_up_view,
    question_header,
    scorecard,
)
from salesops_drill.wording import plural

if TYPE_CHECKING:
    from salesops_drill.bank import Question
    from salesops_drill.grading import Feedback
    from salesops_drill.interview import Answered, InterviewSession
    from salesops_drill.ui.voice_screen import VoiceAnswers


def ask_self_rating() -> int:
    """The 1-5 self-rating. Where a whole anchor sentence would not fit on its row (the
    list would cut it), the scale is printed above, wrapped, and the list shows each
    anchor in a few words."""
    import shutil

    # questionary draws " » 3) " before each choice, and needs the last column free.
    room = shutil.get_terminal_size().columns - 7
    scale = SELF_RATING_SCALE
    if max(len(line) for line in scale.values()) > room:
        # each anchor's wrapped lines hang under its text, not under its number
        anchors = Table.grid(padding=(0, 2))
        anchors.add_column(no_wrap=True)
        anchors.add_column()
        for n, line in scale.items():
            anchors.add_row(str(n), lit(line))
        make_console().print(anchors)
        scale = SELF_RATING_SHORT
    choices = [questionary.Choice(line, value=n, shortcut_key=str(n)) for n, line in scale.items()]
    answer = questionary.select(
        "How did that answer go?",
        choices=choices,
        instruction="(1-5 or arrows, then Enter)",
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


def ready_view(
    session: InterviewSession,
    role_title: str,
    limits: list[int],
    strict: bool,
    voice: VoiceAnswers | None = None,
) -> Panel:
    """What the interview will be, and the keys, before the clock starts (``voice``:
    how spoken answers go, and the recording's keys)."""
    total = len(limits)
    low, high = min(limits), max(limits)
    per = (
        f"{clock_text(low)} per question"
        if low == high
        else f"{clock_text(low)} to {clock_text(high)} per question (shown with each)"
    )
    at_limit = voice.at_limit if voice else "At the limit, what you typed is submitted (--strict)."
    rule = at_limit if strict else "Past the limit the clock keeps counting, as over time."
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("Role", lit(role_title))
    grid.add_row("Questions", str(total))
    grid.add_row("Time", f"{per}.\n{rule}")
    if voice is not None:
        grid.add_row("Answers", voice.how)
    grid.add_row("Keys", "\n".join(voice.keys if voice else KEYS_IN_FULL))
    saving = (
        "Each answer is saved when you submit it."
        if session.store is not None
        else "Nothing is saved (--no-save)."
    )
    grid.add_row("Saving", saving)
    return Panel(grid, title="Mock interview", title_align="left", box=box.ROUNDED)


#: Under the ready screen: how to start, and how to leave.
READY_KEYS = "Press Enter to start the clock  ·  q, Esc or Ctrl-C: leave"


def wait_for_start() -> bool:
    """Enter: True (start); q, Esc or Ctrl-C: False (leave). Other keys do nothing."""
    kb = KeyBindings()

    @kb.add("enter")
    def _start(event: KeyPressEvent) -> None:
        event.app.exit(result=True)

    @kb.add("q")
    @kb.add("escape")
    @kb.add("c-c")
    @kb.add("c-d")
    def _leave(event: KeyPressEvent) -> None:
        event.app.exit(result=False)

    @kb.add("<any>")
    def _ignore(event: KeyPressEvent) -> None:
        pass

    app: Application[bool] = Application(
        layout=Layout(Window(FormattedTextControl(READY_KEYS), height=1)),
        key_bindings=kb,
        erase_when_done=True,
    )
    return bool(app.run())


def run_interview(
    session: InterviewSession,
    time_limit: int | None,
    strict: bool,
    role_title: str | None = None,
    clock: Callable[[], float] = time.monotonic,
    voice: VoiceAnswers | None = None,
) -> None:
    """The whole live interview. ``clock`` times the answers (monotonic seconds); with
    ``voice``, each answer is spoken instead of typed."""
    console = make_console()
    plan = session.plan
    total = len(plan.questions)
    limits = [time_limit_for(q, time_limit) for q in plan.questions]
    if plan.note:
        console.print(Text(plan.note, style="yellow"))
    session.warm_up()  # while the user reads the ready screen and the first question
    console.print(ready_view(session, role_title or plan.role, limits, strict, voice))
    if not wait_for_start():
        console.print(Text("Interview not started: nothing saved.", style="yellow"))
        return
    session.begin()
    pending: Answered | None = None
    try:
        for position, (q, limit) in enumerate(zip(plan.questions, limits, strict=True), 1):
            console.print(question_header(q, position, total, limit))
            if voice is not None:
                given = voice.ask(q, position, limit, strict, clock)
            else:
                given = _typed(limit, strict, clock)
            if given.stopped:
                if given.text.strip():
                    done = session.answer(q, given.text, given.seconds, limit, stopped=True)
                    if voice is not None:
                        voice.saved(session, done)
                raise KeyboardInterrupt
            pending = session.answer(q, given.text, given.seconds, limit)
            delivery = voice.saved(session, pending) if voice is not None else None
            console.print(feedback_view(q, pending.feedback))
            if delivery is not None:
                console.print(delivery)
            corrections = ask_corrections(q, pending.feedback)
            if corrections is not None:
                fb = session.correct(pending, corrections)
                console.print(corrected_line(fb))
            follow_up = pick_follow_up(q, plan.seed, position)
            console.print(Text.assemble(("Follow-up: ", "bold"), lit(follow_up)))
            reply = ask_follow_up()
            follow_up_fb = session.follow_up(pending, follow_up, reply)
            if follow_up_fb is not None:
                console.print(follow_up_view(follow_up, reply, follow_up_fb, show_prompt=False))
            console.print(Text("Rate your answer:", style="bold"))
            session.rate(pending, ask_self_rating())
            pending = None
    except (KeyboardInterrupt, EOFError):
        if pending is not None:  # answered but not yet rated: still reschedule its card
            session.rate(pending, None)
        _stopped(session)
        return
    summary = session.finish()
    rows = [ScoreRow.of(a) for a in session.answered]
    console.print(scorecard(rows, summary))
    if session.saved:
        tail = (
            f"Saved as session {session.session_id}: "
            f"'drill history show {session.session_id}'. Weak answers come back in "
            "'drill review'."
        )
    else:
        tail = "Not saved (--no-save): your progress and history are unchanged."
    console.print(Text(tail, style="dim"))


def _typed(limit: int, strict: bool, clock: Callable[[], float]) -> Answer:
    """A typed answer; a blank one only once the user confirms it."""
    console = make_console()
    while True:
        typed = ask_answer(limit, strict, clock)
        if typed.stopped or typed.text.strip() or typed.cut_off or confirm_blank():
            break
        console.print(Text("Keep going: the clock is still running.", style="dim"))
    if typed.cut_off:
        console.print(Text("Time is up: what you typed was submitted.", style="yellow"))
    return typed


def _stopped(session: InterviewSession) -> None:
    """After Ctrl-C: the scorecard of what was answered, and where it is saved."""
    console = make_console()
    done = len(session.answered)
    console.print(Text("\nInterview stopped.", style="bold yellow"))
    if not done:
        console.print(Text("No answer was given: nothing saved.", style="yellow"))
        return
    rows = [ScoreRow.of(a) for a in session.answered]
    console.print(scorecard(rows, session.summary()))
    answers = plural(done, "answer")
    if session.saved:
        where = (
            f"{answers} saved in session {session.session_id} (incomplete): "
            f"'drill history show {session.session_id}'."
        )
    else:
        where = f"{answers} graded; nothing saved (--no-save)."
    console.print(Text(where, style="yellow"))
