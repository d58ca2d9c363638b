"""Width is decided apart from colour: NO_COLOR never narrows the output."""

from __future__ import annotations

import fcntl
import os
import struct
import sys
import termios

import pytest

from salesops_drill.ui.console import make_console
from salesops_drill.ui.width import PIPE_WIDTH, output_width, wrap_words
from tests.helpers import run


@pytest.fixture
def terminal_stdout(monkeypatch):
    """A stream on a real pseudo-terminal 120 columns wide (a test makes it sys.stdout:
    pytest's capture puts its own back between the fixture and the test)."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    stream = open(follower, "w", encoding="utf-8", closefd=True)  # noqa: SIM115
    monkeypatch.delenv("COLUMNS", raising=False)
    yield stream
    stream.close()
    os.close(leader)


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {}])
def test_a_terminal_sets_the_width_with_or_without_colour(terminal_stdout, monkeypatch, env):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(sys, "stdout", terminal_stdout)
    console = make_console()
    assert console.width == 120
    assert output_width(terminal_stdout) == 120
    assert (console.color_system is None) == bool(env)


def test_columns_wins_over_the_terminal(terminal_stdout, monkeypatch):
    monkeypatch.setattr(sys, "stdout", terminal_stdout)
    monkeypatch.setenv("COLUMNS", "60")
    assert make_console().width == 60


def test_piped_output_is_80_wide_or_columns(monkeypatch):
    monkeypatch.delenv("COLUMNS")
    lines = run("roles", "compare", "rep", "vp").stdout.splitlines()
    assert max(len(line) for line in lines) == PIPE_WIDTH
    monkeypatch.setenv("COLUMNS", "120")
    lines = run("roles", "compare", "rep", "vp").stdout.splitlines()
    assert 100 < max(len(line) for line in lines) <= 120


def test_wrap_words_keeps_words_and_paths_whole():
    path = "/home/someone/.local/share/salesops-drill/backups/progress-2026-01-01.db"
    text = f"Backed up 12 reviews, 300 scheduled cards and 2 interviews to {path}"
    wrapped = wrap_words(text, 40).splitlines()
    assert wrapped[-1] == "  " + path  # a word longer than the line stays whole
    assert all(len(line) <= 40 for line in wrapped[:-1])
    assert " ".join(line.strip() for line in wrapped) == text


def test_plain_lines_lose_the_padding_but_an_open_line_keeps_its_blanks(monkeypatch):
    import io

    from rich.table import Table

    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setenv("COLUMNS", "40")
    console = make_console()
    table = Table("Name", "Count", expand=True)
    table.add_row("quota", "3")
    console.print(table)
    console.print("Score (1-5): ", end="")
    text = out.getvalue()
    lines = text.split("\n")
    assert [line for line in lines[:-1] if line != line.rstrip()] == []
    assert max(len(line) for line in lines) == 40  # the rule under the heading is whole
    assert lines[-1] == "Score (1-5): "


def test_a_coloured_terminal_gets_rich_output_as_it_is(terminal_stdout, monkeypatch):
    from rich.console import Console
    from rich.table import Table

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setattr(sys, "stdout", terminal_stdout)
    console = make_console()
    assert console.color_system is not None
    table = Table("Name", "Count", width=40)
    table.add_row("quota", "3")
    with console.capture() as ours:
        console.print(table)
    reference = Console(width=console.width, color_system=console.color_system, force_terminal=True)
    with reference.capture() as theirs:
        reference.print(table)
    assert ours.get() == theirs.get()
