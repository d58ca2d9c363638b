"""Consoles that follow terminal manners, and literal text from content files.

Colour and styles only on a terminal: when output is piped, or ``NO_COLOR`` is set, or
``TERM=dumb``, no ANSI code is written at all (rich's own NO_COLOR handling drops colour
but keeps bold; ``color_system=None`` drops both). Width is decided apart from colour
(see :mod:`salesops_drill.ui.width`): a 120-column terminal gets 120 columns with or
without ``NO_COLOR``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import IO, Any

from rich.console import Console, ConsoleDimensions, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from salesops_drill.safe_text import visible
from salesops_drill.ui.width import follows_terminal, is_terminal, output_width

#: Blanks at the end of a line: rich pads every line of a table or panel to the width.
_TRAILING_BLANKS = re.compile(" +\n")


def plain_wanted(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR", "") != "":
        return True
    if os.environ.get("TERM") == "dumb":
        return True
    return not is_terminal(stream)


class SafeConsole(Console):
    """A console that never sends a control character it was given as text.

    :func:`lit` already shows them in content; this catches any text that reached a
    renderable another way (an answer quoted in feedback, a role title in a heading).
    Rich's own styling and cursor moves are control segments, left alone.
    """

    #: The terminal whose width is read at each draw (None: a fixed width was given).
    follow: IO[str] | None = None

    @property
    def size(self) -> ConsoleDimensions:
        # rich asks stdin first, which may be another terminal or none at all.
        found = super().size
        if self.follow is None:
            return found
        return ConsoleDimensions(output_width(self.follow), found.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        self.follow = None
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]

    def _render_buffer(self, buffer) -> str:
        """The text to write; plain, each finished line without the blanks rich pads it
        to the width with, which piped into a file or a narrower terminal are only
        noise (a line still being written, a prompt say, keeps its own)."""
        text = super()._render_buffer(buffer)
        if self._color_system is None and " \n" in text:
            text = _TRAILING_BLANKS.sub("\n", text)
        return text

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None):
        for segment in super().render(renderable, options):
            if segment.control is None:
                shown = visible(segment.text)
                if shown != segment.text:
                    segment = Segment(shown, segment.style)
            yield segment


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    # On a terminal the width is read at each print, so a resize mid-interview is
    # followed; otherwise it is fixed ($COLUMNS, or 80 when piped).
    follow = follows_terminal(stream)
    width = None if follow else output_width(stream)
    if plain_wanted(stream):
        console = SafeConsole(
            file=stream,
            color_system=None,
            force_terminal=False,
            width=width,
            highlight=False,
            emoji=False,
            soft_wrap=False,
        )
    else:
        console = SafeConsole(file=stream, width=width, highlight=False, emoji=False)
    console.follow = stream if follow else None
    return console


def lit(value: Any, style: str = "") -> Text:
    """Content text, shown as typed: never parsed as rich markup, and with any control
    character shown (``^[``) rather than obeyed by the terminal."""
    return Text(visible(str(value)), style=style)


#: JSON escapes C0 controls itself; DEL and C1 it leaves raw unless told ensure_ascii.
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


def print_json(data: Any) -> None:
    """Data output for scripts: stable keys, no colour, one trailing newline."""
    text = json.dumps(data, indent=2, ensure_ascii=False).translate(_JSON_ESCAPES)
    sys.stdout.write(text + "\n")
