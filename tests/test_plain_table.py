"""PlainTable draws exactly what rich's Table draws from the same columns and rows."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from salesops_drill.ui.plain_table import Column, PlainTable

#: Characters one cell wide (ASCII, accents, the dashes, blocks and dots drill draws),
#: and some that are not or that rich treats apart (CJK, tab, newline, emoji).
ONE_CELL = "abcXYZ019 -+%/.,:()é—–·•█▓▒░▁▃▅▇→"
OTHERS = "漢字\t\n😀"

cells = st.text(alphabet=ONE_CELL, max_size=14)
odd_cells = st.text(alphabet=ONE_CELL + OTHERS, max_size=14)
styles = st.sampled_from(["", "bold", "green", "dim"])


def console(width: int) -> Console:
    # As drill's consoles (ui.console): no emoji codes, so ":a:" in a cell stays ":a:".
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=True,
        color_system="truecolor",
        emoji=False,
        highlight=False,
    )


def drawn(renderable, width: int) -> list[list[tuple[str, str | None]]]:
    out = console(width)
    return [
        [(s.text, str(s.style) if s.style else None) for s in line]
        for line in out.render_lines(renderable, out.options, pad=False)
    ]


@st.composite
def tables(draw, cell=cells) -> PlainTable:
    n = draw(st.integers(1, 5))
    columns = [
        Column(
            header=draw(cell),
            justify=draw(st.sampled_from(["left", "right"])),
            style=draw(styles),
            no_wrap=draw(st.booleans()),
        )
        for _ in range(n)
    ]
    if draw(st.booleans()):
        table = PlainTable.simple_head(columns)
    else:
        table = PlainTable.grid(columns, padding=draw(st.integers(0, 3)))
    for _ in range(draw(st.integers(0, 6))):
        row = [draw(cell) for _ in range(n)]
        if draw(st.booleans()):  # some cells as Text, as drill's lit() makes them
            row = [Text(c) for c in row]
        table.add_row(*row, style=draw(styles))
    return table


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(8, 120))
def test_plain_lines_are_the_lines_rich_draws(table, width):
    assert drawn(table, width) == drawn(table.as_rich(), width)


@settings(max_examples=200, deadline=None)
@given(tables(odd_cells), st.integers(8, 120))
def test_cells_rich_must_lay_out_are_left_to_rich(table, width):
    assert drawn(table, width) == drawn(table.as_rich(), width)


def test_a_table_too_wide_for_the_screen_is_rich_own():
    table = PlainTable.simple_head([Column("Name"), Column("Note")])
    table.add_row("a-rather-long-identifier", "some words that will have to wrap here")
    narrow = drawn(table, 30)
    assert narrow == drawn(table.as_rich(), 30)
    assert max(len("".join(t for t, _ in line)) for line in narrow) <= 30


def test_the_quick_path_is_taken_where_it_fits():
    """Not rich in disguise: where the table fits, its lines come from PlainTable."""
    table = PlainTable.grid([Column(style="bold"), Column(justify="right")], padding=2)
    table.add_row("New", "12")
    table.add_row("Reviews today", "3")
    out = console(80)
    segments = list(table.__rich_console__(out, out.options))
    assert all(not hasattr(s, "columns") for s in segments)  # no rich Table yielded
    assert [(s.text, str(s.style) if s.style else None) for s in segments[:3]] == [
        ("New          ", "bold"),
        ("  ", "bold"),
        ("12", None),
    ]


def test_an_emoji_code_in_a_cell_is_drawn_as_typed():
    """Found by the property test above: rich drew ":a:" as an emoji in a console that
    allowed emoji codes; drill's never do, and neither side may turn it into one."""
    table = PlainTable.simple_head([Column(), Column()])
    table.add_row("", ":a:")
    lines = ["".join(text for text, _ in line) for line in drawn(table, 8)]
    assert any(":a:" in line for line in lines)
    assert drawn(table, 8) == drawn(table.as_rich(), 8)
