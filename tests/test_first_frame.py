"""The review screen's first frame, drawn before prompt_toolkit starts (ui/first_frame.py).

On a real pseudo-terminal pair: what is written, and that the terminal's modes are
back as they were afterwards, whether the live screen took over or not.
"""

from __future__ import annotations

import fcntl
import os
import struct
import termios
from datetime import datetime, timezone

import pyte
import pytest

from salesops_drill.review import ReviewCard, ReviewSession
from salesops_drill.scheduler import Scheduler
from salesops_drill.store import Store
from salesops_drill.ui.first_frame import LEAVE, first_frame, paint, sgr
from salesops_drill.ui.review_frame import ReviewFrame

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def frame(tmp_path):
    deck = [
        ReviewCard(
            f"c-{i}", "card", f"Front {i}: what is\tpipeline coverage?", "Back", ("rep",), ("kpi",)
        )
        for i in range(3)
    ]
    with Store.open(tmp_path / "progress.db") as store:
        session = ReviewSession(store, Scheduler(enable_fuzzing=False), deck, lambda: NOW)
        yield ReviewFrame(session, studying="rep")


@pytest.fixture
def pty_pair():
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 12, 60, 0, 0))
    stdin = os.fdopen(os.dup(slave), "r")
    stdout = os.fdopen(slave, "w")
    yield master, stdin, stdout
    stdin.close()
    stdout.close()
    os.close(master)


def read_all(master: int) -> str:
    import select

    out = b""
    while select.select([master], [], [], 0.2)[0]:
        chunk = os.read(master, 65536)
        if not chunk:
            break
        out += chunk
    return out.decode()


def test_styles_are_escape_codes_and_no_color_keeps_only_bold_and_reverse():
    assert sgr("class:new") == "\x1b[0;34;1m"
    assert sgr("class:key") == "\x1b[0;1;7m"
    assert sgr("class:new", color=False) == "\x1b[0;1m"
    assert sgr("class:kind", color=False) == "\x1b[0m"
    assert sgr("") == "\x1b[0m"


def test_the_frame_fills_the_screen_with_the_keys_at_the_bottom(frame):
    screen = pyte.Screen(60, 12)
    pyte.Stream(screen).feed(paint(frame.screen(60, 12)))
    lines = [line.rstrip() for line in screen.display]
    assert lines[0].startswith(" drill review    New 3")
    assert "Concept card · c-0 · kpi" in lines[2]
    assert lines[4] == "Front 0: what is        pipeline coverage?"  # a tab, expanded by wrap
    assert lines[-1] == " Space  show answer    u  undo    q  quit"
    assert screen.cursor.hidden


def test_modes_are_restored_and_the_alternate_screen_left_when_nothing_took_over(
    frame, pty_pair, monkeypatch
):
    monkeypatch.setenv("TERM", "xterm-256color")
    master, stdin, stdout = pty_pair
    before = termios.tcgetattr(stdin.fileno())
    with pytest.raises(RuntimeError), first_frame(frame, stdin, stdout) as painted:
        assert painted.shown
        during = termios.tcgetattr(stdin.fileno())
        assert not during[3] & termios.ECHO and not during[3] & termios.ICANON
        raise RuntimeError("prompt_toolkit failed to start")
    assert termios.tcgetattr(stdin.fileno()) == before
    written = read_all(master)
    assert "Front 0" in written and written.endswith(LEAVE)


def test_once_the_live_screen_took_over_it_leaves_the_screen_itself(frame, pty_pair, monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    master, stdin, stdout = pty_pair
    before = termios.tcgetattr(stdin.fileno())
    with pytest.raises(KeyboardInterrupt), first_frame(frame, stdin, stdout) as painted:
        painted.live = True
        raise KeyboardInterrupt
    assert termios.tcgetattr(stdin.fileno()) == before
    assert LEAVE not in read_all(master)


def test_nothing_is_drawn_on_a_dumb_terminal_or_off_a_terminal(
    frame, pty_pair, monkeypatch, tmp_path
):
    master, stdin, stdout = pty_pair
    monkeypatch.setenv("TERM", "dumb")
    with first_frame(frame, stdin, stdout) as painted:
        assert not painted.shown
    assert read_all(master) == ""
    monkeypatch.setenv("TERM", "xterm-256color")
    with open(tmp_path / "out.txt", "w") as piped, first_frame(frame, stdin, piped) as painted:
        assert not painted.shown
    assert (tmp_path / "out.txt").read_text() == ""


def test_nothing_is_drawn_when_the_keyboard_is_not_a_terminal(frame, pty_pair, monkeypatch):
    monkeypatch.setenv("TERM", "xterm-256color")
    master, _, stdout = pty_pair
    read_end, write_end = os.pipe()
    with os.fdopen(read_end) as piped_in, first_frame(frame, piped_in, stdout) as painted:
        assert not painted.shown
    os.close(write_end)
    assert read_all(master) == ""
