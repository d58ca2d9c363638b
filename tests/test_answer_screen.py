"""The answer prompt without a terminal: word wrap, the toolbar at several widths, and
the prompt itself driven through prompt_toolkit's pipe input on an injected clock (so
the strict limit runs out without waiting)."""

from __future__ import annotations

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.utils import get_cwidth

from salesops_drill.interview import Countdown
from salesops_drill.ui.answer_screen import (
    KEYS,
    WordWrap,
    ask_answer,
    soft_breaks,
    status_text,
    toolbar_fragments,
)


def rows_of(text: str, width: int, prefix: int = 2) -> list[str]:
    """Lay out ``text`` the way prompt_toolkit will draw it after the padding: fill rows
    of ``width`` character by character (its own wrap), prefix included."""
    pads, hidden = soft_breaks(list(text), width, lambda row: prefix)
    drawn = ""
    for i, c in enumerate(text):
        drawn += " " * pads.get(i, 0)
        if i not in hidden:
            drawn += c
    room = width - prefix
    return [drawn[i : i + room] for i in range(0, len(drawn), room)]


@pytest.mark.parametrize("width", [20, 33, 60, 80])
def test_rows_break_between_words(width):
    text = "the quick brown fox jumps over the lazy dog and keeps running far away " * 3
    rows = rows_of(text.strip(), width)
    assert " ".join(r.strip() for r in rows) == text.strip()
    for row, after in zip(rows, rows[1:], strict=False):
        assert not row.startswith(" ") and all(w in text.split() for w in row.split())
        # the next word would not have fitted on this row
        assert len(row.rstrip()) + 1 + len(after.split()[0]) > width - 2


def test_a_word_longer_than_a_row_is_broken_and_a_space_at_the_edge_hangs():
    pads, hidden = soft_breaks(list("x" * 30), 12, lambda row: 2)
    assert pads == {} and hidden == set()
    # "abcd efgh" in rows of 4 after a prefix of 2: "abcd" fills the row exactly, so the
    # space that follows would open the next row: it is not drawn
    pads, hidden = soft_breaks(list("abcd efgh"), 6, lambda row: 2)
    assert hidden == {4} and pads == {5: 0}


def test_the_first_row_may_have_a_wider_prefix():
    pads, _ = soft_breaks(list("aa bb cc"), 10, lambda row: 6 if row == 0 else 2)
    assert pads == {3: 1}  # "aa " on the first row (6 + 3), "bb" would need 2 more


class _Input:
    """Just enough of prompt_toolkit's TransformationInput for the processor."""

    def __init__(self, text: str, width: int) -> None:
        self.fragments = [("", text)]
        self.width = width
        self.lineno = 0


@pytest.mark.parametrize(
    ("width", "drawn"),
    [(14, "alpha beta  gamma"), (12, "alpha betagamma")],  # padded; a space hanging
)
def test_the_processor_maps_the_cursor_past_the_padding(width, drawn):
    text = "alpha beta gamma"
    processor = WordWrap(lambda lineno, wrap: 2)
    t = processor.apply_transformation(_Input(text, width))  # type: ignore[arg-type]
    assert "".join(f[1] for f in t.fragments) == drawn
    for i, c in enumerate(text):
        if i != 10:  # the space before "gamma": padding, or not drawn
            assert drawn[t.source_to_display(i)] == c  # every character where it is drawn
            assert t.display_to_source(t.source_to_display(i)) == i
    assert t.source_to_display(11) == drawn.index("gamma")  # the cursor before "gamma"
    end = t.source_to_display(len(text))
    assert end == len(drawn) and t.display_to_source(end) == len(text)


@pytest.mark.parametrize("width", [32, 40, 60, 80, 120])
def test_the_toolbar_fits_every_width_and_keeps_every_key(width):
    for status in (("", " 12:59 left "), ("class:bottom-toolbar.overtime", " OVER TIME +10:05 ")):
        fragments = toolbar_fragments(status, 1234, width)
        lines = "".join(text for _, text in fragments).split("\n")
        assert all(get_cwidth(line) <= width for line in lines), lines
        assert status[1] in lines[0] and "1234 words" in lines[0]
        assert any(keys in "\n".join(lines) for keys in KEYS)
    one_line = "".join(t for _, t in toolbar_fragments(("", " 2:59 left "), 58, 80))
    assert one_line == " 2:59 left  58 words · Ctrl-D: submit · Enter: new line · Ctrl-C: stop "
    two = "".join(t for _, t in toolbar_fragments(("", " 2:59 left "), 58, 60)).split("\n")
    assert two == [" 2:59 left  58 words ", " Ctrl-D: submit · Enter: new line · Ctrl-C: stop "]


class Ticking:
    """A clock that moves ``step`` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_the_clock_status_follows_the_countdown():
    tick = Ticking(0.0)
    c = Countdown(90, tick)
    assert status_text(c) == ("", " 1:30 left ")
    tick.now = 70.5
    assert status_text(c) == ("class:bottom-toolbar.low", " 0:20 left ")
    tick.now = 95.2
    assert status_text(c) == ("class:bottom-toolbar.overtime", " OVER TIME +0:05 ")


def run_prompt(keys: str, limit: int, strict: bool, clock) -> object:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return ask_answer(limit, strict, clock)


def test_strict_submits_at_the_limit_on_an_injected_clock():
    answer = run_prompt("half an answer", 600, True, Ticking(60.0))  # ten minutes pass at once
    assert answer.text == "half an answer" and answer.cut_off and not answer.stopped
    assert answer.seconds == 600.0


def test_ctrl_c_returns_what_was_typed_as_stopped():
    answer = run_prompt("first line\rsecond li\x03", 120, False, Ticking(0.001))
    assert answer.text == "first line\nsecond li" and answer.stopped and not answer.cut_off


def test_ctrl_d_submits_with_the_time_used():
    answer = run_prompt("done\x04", 120, False, Ticking(2.0))
    assert answer.text == "done" and not answer.stopped and not answer.cut_off
    assert answer.seconds > 0
