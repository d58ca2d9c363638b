"""The recording screen of ``drill interview --voice``: elapsed time, the countdown and a
live level meter while the answer is spoken; Enter stops it (``--strict``: so does the
time limit). Then the recording is transcribed, with a progress line, and the
transcript shown before the feedback. Ctrl-C stops the recording and the interview:
what was said so far is transcribed and kept as a stopped answer, as typed text is.

The clock is the interview's :class:`~salesops_drill.interview.Countdown`, so the
recording screen reads time by the same rule as the typed answer's toolbar.

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

from prompt_toolkit.application import Application, get_app
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import FormattedTextControl, Layout, Window
from prompt_toolkit.styles import Style
from prompt_toolkit.utils import get_cwidth
from rich.console import RenderableType
from rich.text import Text

from salesops_drill.interview import Countdown
from salesops_drill.timing import clock_text, seconds_left
from salesops_drill.ui.answer_screen import Answer
from salesops_drill.ui.console import make_console
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
#: The keys while recording, longest wording first; the screen takes the first that fits.
STOP_KEYS = (
    "Enter: stop and submit · Ctrl-C: stop the interview",
    "Enter stop · Ctrl-C end",
)
STOP_HELP = STOP_KEYS[0]
#: The same keys, said in full on the ready screen, one a line.
KEYS_IN_FULL = (
    "Enter: stop the recording and submit it",
    "Ctrl-C: stop (what you said is kept)",
)
#: How answers are given, on the ready screen.
HOW = (
    "Out loud: recording starts under each question. Your answer is transcribed on "
    "this computer and graded like a typed one, with feedback on your delivery (pace, "
    "filler words, long pauses)."
)
#: What ``--strict`` does at the limit, on the ready screen.
AT_LIMIT = "At the limit, the recording stops and is submitted (--strict)."


@dataclass(frozen=True)
class Recorded:
    samples: np.ndarray
    seconds: float
    #: Stopped by the time limit (``--strict``), not by the user.
    cut_off: bool
    #: Ctrl-C: the interview is to stop; ``samples`` is what was recorded until then.
    stopped: bool = False


def screen_lines(
    label: str, elapsed: float, limit: int, level_db: float, width: int = 80
) -> StyleAndTextTuples:
    """The recording screen (three lines, four when the label and clocks do not fit on
    one), as styled text for a terminal ``width`` columns wide."""
    left = seconds_left(elapsed, limit)
    if left >= 0:
        style = "class:low" if left <= min(30, limit / 4) else ""
        status = (style, f" {clock_text(left)} left ")
    else:
        status = ("class:overtime", f" OVER TIME +{clock_text(-left)} ")
    clocks = f"  {clock_text(elapsed)}  "
    out: StyleAndTextTuples = [("class:rec", "● "), ("bold", label)]
    if get_cwidth("● " + label + clocks + status[1]) >= width:  # the last column free
        out.append(("", "\n"))
        clocks = clocks.lstrip()
    out += [("", clocks), status]
    filled = int(round(meter(level_db) * METER_WIDTH))
    loud = "class:meter.loud" if level_db > -3 else "class:meter"
    keys = next((k for k in STOP_KEYS if get_cwidth(k) < width), STOP_KEYS[-1])
    out += [
        ("", "\nLevel "),
        (loud, "█" * filled),
        ("", "·" * (METER_WIDTH - filled)),
        ("", f" {level_db:4.0f} dB"),
        ("class:help", f"\n{keys}"),
    ]
    return out


def record(
    source: Source,
    limit: int,
    strict: bool,
    label: str = "Recording",
    clock: Callable[[], float] = time.monotonic,
) -> Recorded:
    """Run the recording screen until Enter, the source's end, (``strict``) the limit,
    or Ctrl-C (``stopped``: the recording so far is returned all the same)."""
    countdown = Countdown(limit, clock)
    cut_off = stopped = False

    def text() -> StyleAndTextTuples:
        width = get_app().output.get_size().columns
        return screen_lines(label, countdown.elapsed(), limit, source.level(), width)

    kb = KeyBindings()

    @kb.add("enter")
    @kb.add("c-d")
    def _stop(event: KeyPressEvent) -> None:
        event.app.exit()

    @kb.add("c-c")
    def _interrupt(event: KeyPressEvent) -> None:
        nonlocal stopped
        stopped = True
        event.app.exit()

    async def watch() -> None:
        nonlocal cut_off
        while True:
            await asyncio.sleep(0.05)
            if source.finished:
                break
            if strict and countdown.expired():
                cut_off = True
                break
        if app.is_running and not app.is_done:
            app.exit()

    app: Application[None] = Application(
        layout=Layout(Window(FormattedTextControl(text), wrap_lines=True)),
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
    return Recorded(samples, countdown.used(cut_off), cut_off, stopped)


class VoiceAnswers:
    """Spoken answers for the live interview: record, transcribe, show the transcript;
    after the answer is saved, save its delivery and show it."""

    how = HOW
    keys = KEYS_IN_FULL
    at_limit = AT_LIMIT

    def __init__(self, opts: VoiceOptions) -> None:
        self.opts = opts
        self.console = make_console()
        self.pending: SpokenAnswer | None = None

    def ask(
        self,
        q: Question,
        position: int,
        limit: int,
        strict: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> Answer:
        """Record and transcribe the answer to ``q``. Ctrl-C during the recording gives
        what was said so far, ``stopped``."""
        from salesops_drill.voice.sources import Playback

        while True:
            if self.opts.files:
                path = self.opts.files[position - 1]
                source: Source = Playback(self.opts.recordings[position - 1])
                label = f"Playing {path.name}"
            else:
                from salesops_drill.voice.capture import Microphone

                source, label = Microphone(), "Recording"
            got = record(source, limit, strict, label, clock)
            if got.stopped:
                self.console.print(
                    Text(f"Stopped after {clock_text(got.seconds)}.", style="yellow")
                )
            elif got.cut_off:
                self.console.print(
                    Text("Time is up: the recording was stopped and submitted.", style="yellow")
                )
            else:
                self.console.print(Text(f"Recorded {clock_text(got.seconds)}.", style="dim"))
            spoken = self._transcribe(got)
            if got.stopped:
                break
            if spoken.transcript or got.cut_off or self.opts.files or not self._again():
                break
        self.pending = spoken
        if spoken.transcript or not got.stopped:
            self.console.print(transcript_view(spoken.delivery))
        return Answer(spoken.transcript, got.seconds, got.cut_off, got.stopped)

    def _transcribe(self, got: Recorded) -> SpokenAnswer:
        from salesops_drill.voice.answers import hear

        total = len(got.samples) / RATE
        status = f"Transcribing {clock_text(total)} of audio on this computer..."
        with self.console.status(status) as shown:

            def progress(done: float) -> None:
                shown.update(f"{status} {clock_text(min(done, total))}")

            assert self.opts.transcriber is not None
            return hear(
                got.samples, self.opts.transcriber, seconds=got.seconds, on_progress=progress
            )

    def _again(self) -> bool:
        import questionary

        return bool(
            questionary.confirm(
                "No speech heard. Record this answer again?", default=True
            ).unsafe_ask()
        )

    def saved(self, session: InterviewSession, done: Answered) -> RenderableType:
        """After the answer is saved: keep the recording (``--keep-audio``) and save the
        delivery beside the graded answer; the delivery panel to show."""
        from salesops_drill.voice.answers import save_delivery

        assert self.pending is not None
        delivery = save_delivery(session, done, self.pending, self.opts.keep_in)
        self.pending = None
        return delivery_view(delivery, self.opts.data_dir)
