"""Consoles that follow terminal manners, and literal text from content files.

Colour and styles only on a terminal: when output is piped, or ``NO_COLOR`` is set, or
``TERM=dumb``, no ANSI code is written at all (rich's own NO_COLOR handling drops colour
but keeps bold; ``color_system=None`` drops both).
"""

from __future__ import annotations

import json
import os
import sys
from typing import IO, Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from salesops_drill.safe_text import visible

#: Width used when output is not a terminal, so piped output is stable and readable.
PIPE_WIDTH = 80


def plain_wanted(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR", "") != "":
        return True
    if os.environ.get("TERM") == "dumb":
        return True
    isatty = getattr(stream, "isatty", None)
    return not (isatty and isatty())


class SafeConsole(Console):
    """A console that never sends a control character it was given as text.

    :func:`lit` already shows them in content; this catches any text that reached a
    renderable another way (an answer quoted in feedback, a role title in a heading).
    Rich's own styling and cursor moves are control segments, left alone.
    """

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None):
        for segment in super().render(renderable, options):
            if segment.control is None:
                shown = visible(segment.text)
                if shown != segment.text:
                    segment = Segment(shown, segment.style)
            yield segment


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    if plain_wanted(stream):
        return SafeConsole(
            file=stream,
            color_system=None,
            force_terminal=False,
            width=_width(),
            highlight=False,
            emoji=False,
            soft_wrap=False,
        )
    return SafeConsole(file=stream, highlight=False, emoji=False)


def _width() -> int:
    """$COLUMNS if set (a user piping to a wide pager), else 80."""
    try:
        return max(40, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return PIPE_WIDTH


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
