"""Tables of one-line cells, drawn as finished lines wherever each cell fits whole.

rich lays out every table through its general machinery: it measures each cell, wraps
it into lines, pads and joins them, which for the six small tables of ``drill stats``
cost about 25 ms, a third of the floor. When every cell is one line of text whose
characters are one cell wide each, and the table at its natural width fits the screen,
the lines it draws are plain to write out: each cell padded to its column's width,
joined as rich joins them. :class:`PlainTable` writes those lines itself and hands any
other case to rich's own table, built from the same columns and rows (``as_rich``);
tests/test_plain_table.py checks the two draw the same lines, styles included.

Two shapes, the two drill draws: a grid (no borders, ``padding`` spaces between
columns) and a simple table under a ruled header (rich's ``SIMPLE_HEAD`` box).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from salesops_drill.ui.layout import one_cell_text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement
    from rich.table import Table

Cell = str | Text


class Column(NamedTuple):
    header: str = ""
    justify: str = "left"  # "left" or "right"
    style: str = ""
    no_wrap: bool = False
    overflow: str = "ellipsis"  # rich's, for when rich draws the table


class PlainTable:
    """A grid (``headed=False``) or a table under a ruled header, of one-line cells."""

    def __init__(self, columns: list[Column], headed: bool, padding: int = 1) -> None:
        self.columns = columns
        self.headed = headed
        self.padding = padding
        self.rows: list[tuple[tuple[Cell, ...], str]] = []

    @classmethod
    def grid(cls, columns: list[Column], padding: int) -> PlainTable:
        """As ``Table.grid(padding=(0, padding))``."""
        return cls(columns, headed=False, padding=padding)

    @classmethod
    def simple_head(cls, columns: list[Column]) -> PlainTable:
        """As ``Table(box=SIMPLE_HEAD, pad_edge=False, padding=(0, 1),
        collapse_padding=True)``."""
        return cls(columns, headed=True, padding=1)

    def __repr__(self) -> str:
        shape = "simple_head" if self.headed else f"grid(padding={self.padding})"
        return f"PlainTable.{shape}({self.columns!r}, rows={self.rows!r})"

    def add_row(self, *cells: Cell, style: str = "") -> None:
        self.rows.append((cells, style))

    # -- rich's table ------------------------------------------------------------------

    def as_rich(self) -> Table:
        from rich import box
        from rich.table import Table

        if self.headed:
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1))
            table.collapse_padding = True
        else:
            table = Table.grid(padding=(0, self.padding))
        for column in self.columns:
            table.add_column(
                column.header,
                justify=column.justify,  # type: ignore[arg-type]
                style=column.style or None,
                no_wrap=column.no_wrap,
                overflow=column.overflow,  # type: ignore[arg-type]
            )
        for cells, style in self.rows:
            table.add_row(*cells, style=style or None)
        return table

    # -- the plain lines ---------------------------------------------------------------

    def widths(self) -> list[int] | None:
        """Each column's natural width; None if some cell is not plain one-line text
        (then only rich can draw the table)."""
        widths = [cell_len(c.header) if self.headed else 0 for c in self.columns]
        if self.headed and not all(one_cell_text(c.header) for c in self.columns):
            return None
        for cells, _ in self.rows:
            if len(cells) != len(self.columns):
                return None
            for i, cell in enumerate(cells):
                text = _text_of(cell)
                if text is None:
                    return None
                widths[i] = max(widths[i], len(text))
        # A column with nothing in it: rich gives it one cell, less the padding it has
        # on its right (the last column has none; between columns it is ``padding``).
        last = len(widths) - 1
        return [w or (1 if i == last or not self.padding else 0) for i, w in enumerate(widths)]

    def natural_width(self, widths: list[int]) -> int:
        gaps = (len(widths) - 1) * (self.padding + (1 if self.headed else 0))
        return sum(widths) + gaps + (2 if self.headed else 0)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self.widths()
        if widths is None or self.natural_width(widths) > options.max_width:
            yield self.as_rich()
            return
        yield from self._lines(console, widths)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        widths = self.widths()
        if widths is None:
            return Measurement.get(console, options, self.as_rich())
        width = self.natural_width(widths)
        return Measurement(width, width)

    def _lines(self, console: Console, widths: list[int]) -> Iterator[Segment]:
        style_of = console.get_style
        column_styles = [style_of(c.style) if c.style else None for c in self.columns]
        gap = " " * self.padding
        if self.headed:
            blank = Segment(" " * self.natural_width(widths))
            yield blank
            yield Segment.line()
            header = style_of("table.header")
            yield from self._row([c.header for c in self.columns], widths, [header] * len(widths))
            rule = "─" * (self.natural_width(widths) - 2)
            yield Segment(f" {rule} ")
            yield Segment.line()
        for cells, row_style in self.rows:
            if row_style:
                row = style_of(row_style)
                styles = [(s + row) if s else row for s in column_styles]
            else:
                styles = column_styles
            yield from self._row([_text_of(c) or "" for c in cells], widths, styles, gap)
        if self.headed:
            yield blank
            yield Segment.line()

    def _row(
        self,
        texts: list[str],
        widths: list[int],
        styles: list[Style | None],
        gap: str = " ",
    ) -> Iterator[Segment]:
        last = len(texts) - 1
        if self.headed:
            yield Segment(" ")
        for i, (text, width, style) in enumerate(zip(texts, widths, styles, strict=True)):
            if not width:  # an empty column between others: only its padding shows
                pass
            elif self.columns[i].justify == "right":
                yield Segment(text.rjust(width), style)
            else:
                yield Segment(text.ljust(width), style)
            if i < last:
                if gap:
                    yield Segment(gap, style)
                if self.headed:
                    yield Segment(" ")
        if self.headed:
            yield Segment(" ")
        yield Segment.line()


def _text_of(cell: Cell) -> str | None:
    """A cell's text if it is plain and unstyled (a str, or a Text with no style or
    spans); None otherwise."""
    if isinstance(cell, Text):
        if cell.spans or cell.style:
            return None
        cell = cell.plain
    return cell if one_cell_text(cell) else None
