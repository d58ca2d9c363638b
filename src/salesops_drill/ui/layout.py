"""Layouts that fit the width they are given: at 60 columns nothing a user needs is cut.

Rich squeezes a table that is too wide into "Oper…" and crops a panel title that is too
long. These pick, at draw time, a form that fits: a table or its rows stacked as
blocks, a title in the border or as the panel's first line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rich import box as boxes
from rich.box import Box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text

#: Corners, the rule before the title and the spaces around it: "╭─ Title ─╮".
_TITLE_FRAME = 6
_UNBOUNDED = 10_000


def fits(console: Console, options: ConsoleOptions, renderable: RenderableType) -> bool:
    """Whether ``renderable`` can be drawn in the width without cutting a word: every
    column at least as wide as its longest word (rich's minimum measure).

    Measured unconstrained: a table measured in a narrow width reports the widths it
    has already been squeezed to."""
    from salesops_drill.ui.plain_table import PlainTable

    if isinstance(renderable, PlainTable):
        widths = renderable.widths()
        if widths is not None and renderable.natural_width(widths) <= options.max_width:
            return True  # whole, at its natural width
        renderable = renderable.as_rich()
    from rich.table import Table  # here: a screen of plain tables never needs rich's

    free = options.update_width(_UNBOUNDED)
    if isinstance(renderable, Table):
        # rich measures a no_wrap column by its longest word, then draws it whole.
        widths = [
            (found.maximum if column.no_wrap else found.minimum)
            for column in renderable.columns
            for found in [renderable._measure_column(console, free, column)]
        ]
        return sum(widths) + renderable._extra_width <= options.max_width
    return Measurement.get(console, free, renderable).minimum <= options.max_width


def hanging(text: Text, console: Console, width: int, indent: int = 2) -> Iterator[Segment]:
    """``text`` wrapped to ``width`` less ``indent``, each line indented: what
    ``Padding(text, (0, 0, 0, indent))`` shows, but with no blanks after the words.

    For lists of hundreds of items (``drill cards list``): rich's Padding draws each
    item as a block of its own, padded to the width, and the lines given back as Text
    would be wrapped once more; these are the finished lines, as segments.
    """
    pad = Segment(" " * indent) if indent else None
    room = max(1, width - indent)
    plain = text.plain
    if not text.spans and _simple(plain, room):
        # One style, one cell per character, no word wider than the room: rich's
        # wrapping is then a greedy fill of words (fill_lines), at a tenth of the cost
        # (a list of hundreds of items spent most of its time in rich's wrap).
        style = console.get_style(text.style) if text.style else None
        for line in fill_lines(plain, room) or [""]:
            if pad and line:
                yield pad
            yield Segment(line, style)
            yield Segment.line()
        return
    fits = text.cell_len <= room and "\n" not in plain and "\t" not in plain
    for line in [text.copy()] if fits else text.wrap(console, room):
        line.rstrip()
        if pad and line.plain:
            yield pad
        if line.spans or not line.style:
            yield from line.render(console)
        else:  # render() gives a line without spans no style: its own is the style
            yield Segment(line.plain, console.get_style(line.style))
        yield Segment.line()


def fill_lines(plain: str, room: int) -> list[str]:
    """``plain`` (single spaces between its words, none longer than ``room``) in lines of
    at most ``room`` characters, as many words on each as fit: what
    ``textwrap.wrap(plain, room, break_on_hyphens=False)`` gives such text, at a third of
    its cost (it first splits and measures every run of blanks and every hyphen)."""
    lines: list[str] = []
    line: list[str] = []
    size = 0  # of the line so far, with the blanks between its words
    for word in plain.split():
        if line and size + 1 + len(word) > room:
            lines.append(" ".join(line))
            line, size = [], 0
        size += len(word) + (1 if line else 0)
        line.append(word)
    if line:
        lines.append(" ".join(line))
    return lines


def one_cell_text(plain: str) -> bool:
    """Is ``plain`` laid out by character count: printable, every character one cell
    wide ("’" and "—" are; CJK is not), single spaces and none around it? rich measures
    and trims other text its own way."""
    return (
        plain.isprintable()
        and (plain.isascii() or all(cell_len(ch) == 1 for ch in set(plain) if ord(ch) > 127))
        and "  " not in plain
        and plain == plain.strip()
    )


def _simple(plain: str, room: int) -> bool:
    """Can ``plain`` be wrapped by character count: :func:`one_cell_text`, with no word
    longer than ``room`` (rich folds those its own way)?"""
    return one_cell_text(plain) and all(len(word) <= room for word in plain.split(" "))


class Responsive:
    """``wide`` where it fits without cutting a word, else ``narrow`` (built on demand)."""

    def __init__(
        self, wide: RenderableType, narrow: Callable[[], RenderableType] | RenderableType
    ) -> None:
        self.wide = wide
        self.narrow = narrow

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if fits(console, options, self.wide):
            yield self.wide
        else:
            yield self.narrow() if callable(self.narrow) else self.narrow


class TitledPanel:
    """A rounded panel with its title in the top border, or, when the title is too long
    for the border, as the panel's first line (wrapped like any text)."""

    def __init__(self, body: RenderableType, title: Text | str, box: Box = boxes.ROUNDED) -> None:
        self.body = body
        self.title = Text(title) if isinstance(title, str) else title
        self.box = box

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if cell_len(self.title.plain) + _TITLE_FRAME <= options.max_width:
            yield Panel(self.body, title=self.title, title_align="left", box=self.box)
        else:
            heading = Text.assemble(self.title, style="bold")
            yield Panel(Group(heading, self.body), box=self.box)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, Panel(self.body, box=self.box))


class Trimmed:
    """``renderable`` without the spaces that end its lines: rich pads table and grid
    cells (and so whole lines) to their column's width, which leaves trailing blanks in
    a file or a pipe. Spaces that show a background colour are kept."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in console.render_lines(self.renderable, options, pad=False):
            yield from _without_trailing_blanks(line)
            yield Segment.line()


def _without_trailing_blanks(line: list[Segment]) -> list[Segment]:
    kept = list(line)
    for i in range(len(kept) - 1, -1, -1):
        segment = kept[i]
        if segment.control:
            continue
        if segment.style is not None and segment.style.bgcolor is not None:
            break
        text = segment.text.rstrip(" ")
        if text:
            kept[i] = Segment(text, segment.style)
            break
        del kept[i]
    return kept
