"""ui.layout's finished lines against what rich itself draws."""

from __future__ import annotations

import pytest
from rich.console import Console
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from salesops_drill.ui.layout import hanging

TEXTS = [
    "A short line.",
    "A line long enough to be wrapped at least once at the narrower widths tried here.",
    "Unbrokenwordlongerthananywidthtriedhere_unbrokenwordlongerthananywidth and after",
    "Wide ones: 売上オペレーションの面接準備 and an emoji 📈 in the middle of the words",
    "Two  spaces,\ta tab and\na new line inside",
    "",
]


def drawn(renderable, width: int) -> list[list[tuple[str, object]]]:
    """The lines ``renderable`` draws at ``width``, each as (text, style) pieces with
    the blanks after the last word left out."""
    console = Console(width=width, color_system="truecolor", force_terminal=True)
    lines = []
    for line in console.render_lines(renderable, console.options, pad=False):
        plain = Style.null()  # no style at all draws as the null style
        pieces = [(s.text, s.style or plain) for s in Segment.simplify(line) if s.text]
        while pieces and not pieces[-1][0].rstrip(" "):
            pieces.pop()
        if pieces:
            pieces[-1] = (pieces[-1][0].rstrip(" "), pieces[-1][1])
        lines.append(pieces)
    return lines


class Hanging:
    def __init__(self, text: Text, indent: int) -> None:
        self.text, self.indent = text, indent

    def __rich_console__(self, console, options):
        yield from hanging(self.text, console, options.max_width, self.indent)


@pytest.mark.parametrize("width", [12, 30, 60, 80])
@pytest.mark.parametrize("indent", [0, 2, 4])
@pytest.mark.parametrize("plain", TEXTS)
def test_hanging_draws_what_padding_draws_without_trailing_blanks(plain, indent, width):
    text = Text(plain, style="dim")
    if len(plain) > 8:
        text.stylize("bold red", 2, 8)
    ours = Hanging(text, indent)
    assert drawn(ours, width) == drawn(Padding(text, (0, 0, 0, indent)), width)
    console = Console(width=width, color_system=None, force_terminal=False)
    with console.capture() as out:
        console.print(ours)
    assert all(line == line.rstrip(" ") for line in out.get().splitlines())


ONE_STYLE = [
    *TEXTS,
    "The rep’s forecast — weekly, not monthly — fell short by £40k after the “big push”.",
    "e\u0301 combining accents are zero cells wide, so they are wrapped the way rich does",
    "word " * 40,
]


@pytest.mark.parametrize("width", [12, 17, 30, 60, 80])
@pytest.mark.parametrize("indent", [0, 2])
@pytest.mark.parametrize("plain", ONE_STYLE)
def test_hanging_text_of_one_style_draws_what_padding_draws(plain, indent, width):
    # one style and no spans: the quick path by character count, where it applies
    text = Text(" ".join(plain.split()) if "\n" not in plain else plain, style="dim")
    assert drawn(Hanging(text, indent), width) == drawn(Padding(text, (0, 0, 0, indent)), width)


def test_fill_lines_fills_lines_as_textwrap_does():
    import random
    import textwrap

    from salesops_drill.ui.layout import fill_lines

    rng = random.Random(11)
    letters = "abcdefghij-.,’"
    for _ in range(3000):
        room = rng.randint(1, 40)
        words = [
            "".join(rng.choice(letters) for _ in range(rng.randint(1, room)))
            for _ in range(rng.randint(0, 30))
        ]
        plain = " ".join(words)
        assert fill_lines(plain, room) == textwrap.wrap(plain, room, break_on_hyphens=False)


@pytest.mark.parametrize("seed", range(4))
def test_hanging_of_random_prose_draws_what_padding_draws(seed):
    import random

    rng = random.Random(seed)
    vocabulary = ["a", "rep", "pipeline", "forecast’s", "win-rate", "Q3", "—", "20%", "CRM."]
    for _ in range(60):
        width, indent = rng.randint(12, 90), rng.choice([0, 2, 4])
        words = (rng.choice(vocabulary) for _ in range(rng.randint(1, 60)))
        text = Text(" ".join(words), style="dim")
        ours = Hanging(text, indent)
        assert drawn(ours, width) == drawn(Padding(text, (0, 0, 0, indent)), width)
