"""The recording screen of ``drill interview --voice``: elapsed time, the countdown and a
live level meter while the answer is spoken; Enter stops it (``--strict``: so does the
time limit). Then the recording is transcribed, with a progress line, and the
transcript shown before the feedback.

The screen is a small prompt_toolkit application redrawn ten times a second from the
source's level; the source is the microphone or, with ``--audio``, a recording played
back in real time (:mod:`salesops_drill.voice.sources`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import FormattedTextControl, Layout, Window
from prompt_toolkit.styles import Style
from rich.console import RenderableType
from rich.text import Text

from salesops_drill.ui.console import make_console
from salesops_drill.ui.render_interview import clock_text
from salesops_drill.ui.render_voice import delivery_view, transcript_view
from salesops_drill.voice.audio import RATE, meter

if TYPE_CHECKING:
    import numpy as np

    from salesops_drill.bank import Question
    from salesops_drill.cli.interview_voice import VoiceOptions
    from salesops_drill.interview import Answered, InterviewSession
    from salesops_drill.voice.answers import SpokenAnswer
    from salesops_drill.voice.sources import Source

STYLE = Style.from_dict(
    {
        "rec": "fg:ansired bold",
        "low": "bg:ansiyellow fg:ansiblack",
        "overtime": "bg:ansired fg:ansiwhite bold",
        "meter": "fg:ansigreen",
        "meter.loud": "fg:ansiyellow",
        "help": "",
    }
)
#: The meter's width in cells: the screen fits 60 columns.
METER_WIDTH = 30
STOP_HELP = "Enter: stop and submit · Ctrl-C: stop the interview"
INTRO = (
    "Answer each question out loud: recording starts under the question, and Enter stops "
    "it. Your answer is transcribed on this computer and graded like a typed one, with "
    "feedback on your delivery (pace, filler words, long pauses)."
)


@dataclass(frozen=True)
class Recorded:
    samples: np.ndarray
    seconds: float
    #: Stopped by the time limit (``--strict``), not by the user.
    cut_off: bool


def screen_lines(label: str, elapsed: float, limit: int, level_db: float) -> StyleAndTextTuples:
    """The recording screen's three lines, as styled text."""
    left = limit - elapsed
    out: StyleAndTextTuples = [
        ("class:rec", "● "),
        ("bold", label),
        ("", f"  {clock_text(elapsed)}  "),
    ]
    if left >= 0:
        style = "class:low" if left <= min(30, limit / 4) else ""
        out.append((style, f" {clock_text(left)} left "))
    else:
        out.append(("class:overtime", f" OVER TIME +{clock_text(-left)} "))
    filled = int(round(meter(level_db) * METER_WIDTH))
    loud = "class:meter.loud" if level_db > -3 else "class:meter"
    out += [
        ("", "\nLevel "),
        (loud, "█" * filled),
        ("", "·" * (METER_WIDTH - filled)),
        ("", f" {level_db:4.0f} dB"),
        ("class:help", f"\n{STOP_HELP}"),
    ]
    return out


def record(
    source: Source,
    limit: int,
    strict: bool,
    label: str = "Recording",
    clock: Callable[[], float] = time.monotonic,
) -> Recorded:
    """Run the recording screen until Enter, the source's end or (``strict``) the limit.

    Ctrl-C stops the source and raises KeyboardInterrupt.
    """
    start = clock()
    cut_off = False

    def text() -> StyleAndTextTuples:
        return screen_lines(label, clock() - start, limit, source.level())

    kb = KeyBindings()

    @kb.add("enter")
    @kb.add("c-d")
    def _stop(event: KeyPressEvent) -> None:
        event.app.exit()

    @kb.add("c-c")
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    async def watch() -> None:
        nonlocal cut_off
        while True:
            await asyncio.sleep(0.05)
            if source.finished:
                break
            if strict and clock() - start >= limit:
                cut_off = True
                break
        if app.is_running and not app.is_done:
            app.exit()

    app: Application[None] = Application(
        layout=Layout(Window(FormattedTextControl(text), height=3)),
        key_bindings=kb,
        style=STYLE,
        refresh_interval=0.1,
        erase_when_done=True,
    )
    source.start()
    try:
        app.run(pre_run=lambda: app.create_background_task(watch()))
    finally:
        samples = source.stop()
    # Stopped by the limit: the answer took the time allowed (the last redraw may be late).
    return Recorded(samples, float(limit) if cut_off else clock() - start, cut_off)


class VoiceAnswers:
    """Spoken answers for the live interview: record, transcribe, show the transcript;
    after the answer is saved, save its delivery and show it."""

    intro = INTRO

    def __init__(self, opts: VoiceOptions) -> None:
        self.opts = opts
        self.console = make_console()
        self.pending: SpokenAnswer | None = None

    def ask(
        self, session: InterviewSession, q: Question, position: int, limit: int, strict: bool
    ) -> tuple[str, float, bool]:
        """Record and transcribe the answer to ``q``; (transcript, seconds, cut off)."""
        from salesops_drill.voice.sources import Playback

        while True:
            if self.opts.files:
                path = self.opts.files[position - 1]
                source: Source = Playback(self.opts.recordings[position - 1])
                label = f"Playing {path.name}"
            else:
                from salesops_drill.voice.capture import Microphone

                source, label = Microphone(), "Recording"
            got = record(source, limit, strict, label)
            self.console.print(
                Text(f"Recorded {clock_text(got.seconds)}.", style="dim")
                if not got.cut_off
                else Text("Time is up: the recording was stopped and submitted.", style="yellow")
            )
            spoken = self._transcribe(got, session, position)
            if spoken.transcript or got.cut_off or self.opts.files or not self._again():
                break
        self.pending = spoken
        self.console.print(transcript_view(spoken.delivery))
        return spoken.transcript, got.seconds, got.cut_off

    def _transcribe(self, got: Recorded, session: InterviewSession, position: int) -> SpokenAnswer:
        from salesops_drill.voice.answers import hear

        total = len(got.samples) / RATE
        status = f"Transcribing {clock_text(total)} of audio on this computer..."
        with self.console.status(status) as shown:

            def progress(done: float) -> None:
                shown.update(f"{status} {clock_text(min(done, total))}")

            assert self.opts.transcriber is not None
            return hear(
                got.samples,
                self.opts.transcriber,
                keep=self.opts.keep_path(session, position),
                seconds=got.seconds,
                on_progress=progress,
            )

    def _again(self) -> bool:
        import questionary

        return bool(
            questionary.confirm(
                "No speech heard. Record this answer again?", default=True
            ).unsafe_ask()
        )

    def saved(self, session: InterviewSession, done: Answered) -> RenderableType:
        """Save the delivery beside the graded answer; the delivery panel to show."""
        from salesops_drill.voice.answers import FEEDBACK_KEY

        assert self.pending is not None
        delivery = self.pending.delivery
        session.store.update_feedback(done.answer_id, {FEEDBACK_KEY: delivery.to_dict()})
        self.pending = None
        return delivery_view(delivery, self.opts.data_dir)
