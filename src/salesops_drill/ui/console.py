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

from rich.console import Console
from rich.text import Text

#: Width used when output is not a terminal, so piped output is stable and readable.
PIPE_WIDTH = 80


def plain_wanted(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR", "") != "":
        return True
    if os.environ.get("TERM") == "dumb":
        return True
    isatty = getattr(stream, "isatty", None)
    return not (isatty and isatty())


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    if plain_wanted(stream):
        return Console(
            file=stream,
            color_system=None,
            force_terminal=False,
            width=_width(),
            highlight=False,
            emoji=False,
            soft_wrap=False,
        )
    return Console(file=stream, highlight=False, emoji=False)


def _width() -> int:
    """$COLUMNS if set (a user piping to a wide pager), else 80."""
    try:
        return max(40, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return PIPE_WIDTH


def lit(value: Any, style: str = "") -> Text:
    """Content text, shown exactly as typed: never parsed as rich markup."""
    return Text(str(value), style=style)


def print_json(data: Any) -> None:
    """Data output for scripts: stable keys, no colour, one trailing newline."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
