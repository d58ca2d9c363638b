"""Typing an answer: a multi-line prompt under a live countdown, wrapped between words.

The countdown is prompt_toolkit's bottom toolbar. A watcher task reads the interview's
:class:`~salesops_drill.interview.Countdown` (on an injectable clock) several times a
second: it redraws the toolbar when the second shown changes and, with ``--strict``,
submits what was typed the moment the limit is reached. Ctrl-C ends the prompt with
what was typed so far, flagged as stopped, so the caller can save it.

Word wrap: prompt_toolkit breaks a long input line wherever the row is full, often
mid-word (its issue #1648; the word-wrap pull request #1887 is not merged).
:class:`WordWrap` is an input processor that gets word wrap from the public API:
where the next word would not fit on the row, it pads the row with spaces to the right
edge, so the character wrap that follows falls exactly between two words; a space that
would start a row is not drawn (it hangs past the edge, as in any editor). The padding
exists only on screen: the buffer, what is submitted and the word count never see it,
and the position mappings it returns keep the cursor (and mouse clicks) on the right
character.

:func:`soft_breaks` holds the rule as a pure function of one line's characters.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.layout.screen import Char
from prompt_toolkit.layout.utils import explode_text_fragments
from prompt_toolkit.styles import Style
from prompt_toolkit.utils import get_cwidth

from salesops_drill.interview import Countdown
from salesops_drill.timing import clock_text

STYLE = Style.from_dict(
    {
        "bottom-toolbar": "reverse",
        "bottom-toolbar.overtime": "bg:ansired fg:ansiwhite bold",
        "bottom-toolbar.low": "bg:ansiyellow fg:ansiblack",
    }
)

PROMPT = "> "
CONTINUATION = "  "
#: How often the watcher looks at the clock (seconds of real time).
POLL = 0.1

#: The keys while typing, longest wording first; the toolbar takes the first that fits.
KEYS = (
    "Ctrl-D: submit · Enter: new line · Ctrl-C: stop",
    "Ctrl-D submit · Enter newline · Ctrl-C stop",
    "^D submit · ^C stop",
)
#: The same keys, said in full on the ready screen (where there is room), one a line.
KEYS_IN_FULL = (
    "Enter: new line",
    "Ctrl-D, or Esc then Enter: submit",
    "Ctrl-C: stop (what you typed is kept)",
)


#: Where a line may break. Only the plain space: a tab is drawn as ``^I``.
BREAKABLE = " "


@lru_cache(maxsize=4096)
def char_width(c: str) -> int:
    """Columns prompt_toolkit draws ``c`` in (control characters as ``^X``)."""
    return Char(c, "").width


def soft_breaks(
    chars: Sequence[str], width: int, prefix: Callable[[int], int]
) -> tuple[dict[int, int], set[int]]:
    """Where one input line breaks into rows of ``width`` columns, on word boundaries.

    ``prefix(row)`` is the width of what prompt_toolkit draws before that row of the line
    (the prompt, or the continuation). Returns ({index: spaces to pad before that
    character}, {indices of spaces not drawn}). A word longer than a whole row is broken
    by characters, as it has to be.
    """
    pads: dict[int, int] = {}
    hidden: set[int] = set()
    if width <= 0:
        return pads, hidden
    row = 0
    x = prefix(0)
    i, n = 0, len(chars)
    while i < n:
        if chars[i] == BREAKABLE:
            if x + 1 > width:  # would open a new row: let it hang past the edge
                hidden.add(i)
            else:
                x += 1
            i += 1
            continue
        j = i
        while j < n and chars[j] != BREAKABLE:
            j += 1
        word = sum(char_width(c) for c in chars[i:j])
        if x + word > width and x > prefix(row) and prefix(row + 1) + word <= width:
            pads[i] = width - x
            row += 1
            x = prefix(row)
        for c in chars[i:j]:
            w = char_width(c)
            if x + w > width:
                row += 1
                x = prefix(row)
            x += w
        i = j
    return pads, hidden


class WordWrap(Processor):
    """Pads rows so the input wraps between words (see the module docstring).

    ``prefix_width(lineno, wrap_count)`` must give the width of the window's line prefix
    for that row, as ``get_line_prefix`` draws it.
    """

    def __init__(self, prefix_width: Callable[[int, int], int], style: str = "") -> None:
        self.prefix_width = prefix_width
        self.style = style

    def apply_transformation(self, ti: TransformationInput) -> Transformation:
        fragments = explode_text_fragments(ti.fragments)
        chars = [f[1] for f in fragments]
        pads, hidden = soft_breaks(chars, ti.width, lambda row: self.prefix_width(ti.lineno, row))
        if not pads and not hidden:
            return Transformation(fragments)
        out: list = []
        to_display: list[int] = []  # source index -> display index
        to_source: list[int] = []  # display index -> source index
        for k, fragment in enumerate(fragments):
            pad = pads.get(k, 0)
            if pad:
                out.append((self.style, " " * pad))
                to_source.extend([k] * pad)
            to_display.append(len(to_source))
            if k in hidden:
                continue
            out.append(fragment)
            to_source.append(k)
        end = len(to_source)
        n = len(fragments)

        def source_to_display(i: int) -> int:
            return to_display[i] if i < n else end + (i - n)

        def display_to_source(i: int) -> int:
            return to_source[i] if i < end else n + (i - end)

        return Transformation(out, source_to_display, display_to_source)


class Answer(NamedTuple):
    text: str
    seconds: float
    #: Submitted by the clock at the limit (``--strict``).
    cut_off: bool = False
    #: Ctrl-C while typing: ``text`` is what was typed so far.
    stopped: bool = False


def status_text(countdown: Countdown) -> tuple[str, str]:
    """(style, text) of the clock part of the toolbar."""
    left = countdown.left()
    if left < 0:
        return "class:bottom-toolbar.overtime", f" OVER TIME +{clock_text(-left)} "
    low = left <= min(30, countdown.limit / 4)
    return ("class:bottom-toolbar.low" if low else ""), f" {clock_text(left)} left "


def toolbar_fragments(status: tuple[str, str], words: int, width: int) -> StyleAndTextTuples:
    """The toolbar for a terminal ``width`` columns wide: the clock, the word count and
    the keys on one line when they fit, else the keys on a line of their own, in the
    longest wording that fits (nothing is cut off down to 32 columns)."""
    style, clock = status
    count = f" {words} word" + ("s" if words != 1 else "") + " "
    for keys in KEYS:
        if get_cwidth(clock + count + f"· {keys} ") <= width:
            return [(style, clock), ("", count), ("", f"· {keys} ")]
        if get_cwidth(f" {keys} ") <= width:
            return [(style, clock), ("", count), ("", "\n"), ("", f" {keys} ")]
    return [(style, clock), ("", count), ("", "\n"), ("", f" {KEYS[-1]}")]


def _prefix_width(lineno: int, wrap_count: int) -> int:
    return get_cwidth(PROMPT if lineno == 0 and wrap_count == 0 else CONTINUATION)


def answer_session(
    bottom_toolbar: Callable[[], StyleAndTextTuples] | str | None,
    key_bindings: KeyBindings,
) -> PromptSession[str]:
    """A multi-line prompt whose input wraps between words."""
    return PromptSession(
        multiline=True,
        bottom_toolbar=bottom_toolbar,
        key_bindings=key_bindings,
        style=STYLE,
        prompt_continuation=CONTINUATION,
        input_processors=[WordWrap(_prefix_width)],
    )


def ask_answer(limit: int, strict: bool, clock: Callable[[], float] = time.monotonic) -> Answer:
    """Read a multi-line answer under a countdown of ``limit`` seconds."""
    countdown = Countdown(limit, clock)
    cut_off = stopped = False
    kb = KeyBindings()

    @kb.add("c-d")
    def _submit(event: KeyPressEvent) -> None:
        event.app.exit(result=event.app.current_buffer.text)

    @kb.add("c-c")
    def _stop(event: KeyPressEvent) -> None:
        nonlocal stopped
        stopped = True
        event.app.exit(result=event.app.current_buffer.text)

    def toolbar() -> StyleAndTextTuples:
        app = get_app()
        words = len(app.current_buffer.text.split())
        return toolbar_fragments(status_text(countdown), words, app.output.get_size().columns)

    async def watch() -> None:
        nonlocal cut_off
        app = get_app()
        shown = countdown.left()
        while app.is_running and not app.is_done:
            if strict and countdown.expired():
                cut_off = True
                app.exit(result=app.current_buffer.text)
                return
            if countdown.left() != shown:
                shown = countdown.left()
                app.invalidate()
            await asyncio.sleep(POLL)

    session = answer_session(toolbar, kb)
    text = session.prompt(PROMPT, pre_run=lambda: get_app().create_background_task(watch()))
    return Answer(text, countdown.used(cut_off), cut_off, stopped)


def ask_follow_up() -> str | None:
    """The follow-up, untimed; an empty submission skips it. Ctrl-C stops the interview
    (KeyboardInterrupt)."""
    kb = KeyBindings()

    @kb.add("c-d")
    def _submit(event: KeyPressEvent) -> None:
        event.app.exit(result=event.app.current_buffer.text)

    def toolbar() -> StyleAndTextTuples:
        width = get_app().output.get_size().columns
        full = " Ctrl-D: submit · submit it empty to skip · Ctrl-C: stop "
        short = " ^D submit (empty: skip) · ^C stop "
        return [("", full if get_cwidth(full) <= width else short)]

    text = answer_session(toolbar, kb).prompt(PROMPT)
    return text if text.strip() else None
