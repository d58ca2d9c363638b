"""How wide to draw, decided apart from colour.

``NO_COLOR`` and ``TERM=dumb`` turn styles off; they never change the width. On a
terminal the width is the terminal's (``$COLUMNS`` first, as rich and most tools read
it); piped, it is ``$COLUMNS`` or a stable 80, narrower only to fit a narrower terminal
the user is watching it in (``drill history show 1 | less`` at 60 columns). Kept free of
rich so the plain-text messages of the CLI can wrap without loading it.
"""

from __future__ import annotations

import os
import sys
import textwrap
from typing import IO

#: Width used when output is not a terminal and ``$COLUMNS`` is not set.
PIPE_WIDTH = 80
#: Narrower than this, nothing lays out sensibly; a smaller $COLUMNS is taken as this.
MIN_WIDTH = 20


def _columns_env() -> int | None:
    value = os.environ.get("COLUMNS", "").strip()
    return max(MIN_WIDTH, int(value)) if value.isdigit() else None


def is_terminal(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def follows_terminal(stream: IO[str]) -> bool:
    """True when the width should be read from the terminal at each draw (it may be
    resized during an interview): ``stream`` is a terminal and ``$COLUMNS`` is unset."""
    return _columns_env() is None and is_terminal(stream)


def output_width(stream: IO[str]) -> int:
    """The width to draw ``stream``'s output at, right now."""
    columns = _columns_env()
    if columns is not None:
        return columns
    if is_terminal(stream):
        size = _terminal_columns(stream)
        if size > 0:
            return max(MIN_WIDTH, size)
        return PIPE_WIDTH
    # Piped: a pager or `head` shows it in the terminal stderr still writes to.
    watching = sys.stderr if stream is not sys.stderr else None
    size = _terminal_columns(watching) if watching is not None and is_terminal(watching) else 0
    return max(MIN_WIDTH, min(PIPE_WIDTH, size)) if size > 0 else PIPE_WIDTH


def _terminal_columns(stream: IO[str]) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 0


def wrap_words(text: str, width: int, indent: str = "  ") -> str:
    """``text`` wrapped at spaces to ``width``, continuation lines indented by ``indent``.

    Words are never split (a path or URL longer than the line stays whole, on a line
    of its own), so what a user copies from the output still works.
    """
    lines: list[str] = []
    for line in text.split("\n"):
        lead = line[: len(line) - len(line.lstrip(" "))]
        lines += textwrap.wrap(
            line,
            width=max(MIN_WIDTH, width),
            subsequent_indent=lead + indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]
    return "\n".join(lines)
