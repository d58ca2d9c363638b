"""The review screen's first frame, drawn before prompt_toolkit is loaded.

Importing prompt_toolkit and starting its application takes longer than everything
else ``drill review`` does before the first card is on screen (about 80 ms of 180 with
the built-in content). So the first frame, laid out by :mod:`review_frame` exactly as
the live screen lays it out, is written straight to the terminal, on the alternate
screen the live screen uses; the live screen then starts and draws the same frame over
it. A key pressed in between waits in the terminal until the live screen reads it:
echo and line buffering are off from the first frame on, so it neither shows on screen
nor waits for Enter.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from salesops_drill.ui.review_frame import STYLES, ReviewFrame, Row

ENTER = "\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l"  # alternate screen, cleared; cursor hidden
LEAVE = "\x1b[?25h\x1b[?1049l"

_SGR = {
    "bold": "1",
    "reverse": "7",
    "underline": "4",
    "italic": "3",
    "fg:ansiblack": "30",
    "fg:ansired": "31",
    "fg:ansigreen": "32",
    "fg:ansiyellow": "33",
    "fg:ansiblue": "34",
    "fg:ansimagenta": "35",
    "fg:ansicyan": "36",
    "fg:ansigray": "37",
    "fg:ansibrightblack": "90",
}
#: Kept without colour (NO_COLOR), as prompt_toolkit's one-bit colour depth keeps them.
_PLAIN = frozenset({"1", "7", "4", "3"})


def sgr(style: str, color: bool = True) -> str:
    """The escape code that sets ``style`` ("class:key", or words as in STYLES)."""
    words: list[str] = []
    for part in style.split():
        if part.startswith("class:"):
            words += STYLES.get(part[6:], "").split()
        else:
            words.append(part)
    codes = [_SGR[w] for w in words if w in _SGR and (color or _SGR[w] in _PLAIN)]
    return "\x1b[0;" + ";".join(codes) + "m" if codes else "\x1b[0m"


def paint(rows: list[Row], color: bool = True) -> str:
    """``rows`` as text for a cleared alternate screen: each row at its line."""
    out = [ENTER]
    for number, row in enumerate(rows, 1):
        if not row:
            continue
        out.append(f"\x1b[{number};1H")
        for style, text in row:
            # As prompt_toolkit shows a tab; other controls are already shown (visible()).
            out.append(sgr(style, color) + text.replace("\t", "^I"))
        out.append("\x1b[0m")
    return "".join(out)


class Painted:
    """Whether the first frame is on screen, and whether the live screen took over."""

    def __init__(self, shown: bool) -> None:
        self.shown = shown
        self.live = False


@contextmanager
def first_frame(
    frame: ReviewFrame, stdin: IO[str] | None = None, stdout: IO[str] | None = None
) -> Iterator[Painted]:
    """Draw ``frame`` now, before the live screen starts in the ``with`` block; set
    ``live`` on what this yields just before starting it.

    Nothing is drawn where the live screen would not use the alternate screen: output
    or input not a terminal, ``TERM=dumb``, or no termios. The terminal's modes are put
    back on the way out; if the live screen never started, the alternate screen is
    left too, so an error is printed where the user can read it.
    """
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        import termios
        import tty

        fd_in, fd_out = stdin.fileno(), stdout.fileno()
        size = os.get_terminal_size(fd_out)
        saved = termios.tcgetattr(fd_in)
        drawable = os.environ.get("TERM", "dumb") != "dumb" and size.columns > 0 < size.lines
        if drawable:
            tty.setcbreak(fd_in, termios.TCSANOW)  # no echo, no waiting for Enter; keeps input
    except Exception:  # no termios, not a terminal: the live screen alone, as ever
        drawable = False
    if not drawable:
        yield Painted(False)
        return
    painted = Painted(True)
    try:
        color = not os.environ.get("NO_COLOR")
        stdout.write(paint(frame.screen(size.columns, size.lines), color))
        stdout.flush()
        yield painted
    except BaseException:
        if not painted.live:
            stdout.write(LEAVE)
            stdout.flush()
        raise
    finally:
        termios.tcsetattr(fd_in, termios.TCSANOW, saved)
