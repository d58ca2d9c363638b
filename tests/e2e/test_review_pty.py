"""``drill review`` driven for real in a pseudo-terminal, one key at a time."""

from __future__ import annotations

import re
import signal
import sqlite3
import time

import pyte
import pytest

from tests.e2e.terminal import FIRST_FRAME, Terminal

COUNTER = re.compile(r"New (\d+)\s+Learning (\d+)\s+Review (\d+)\s+done (\d+)")


def counter(text: str) -> tuple[int, int, int, int]:
    match = COUNTER.search(text)
    assert match, text
    return tuple(int(g) for g in match.groups())  # type: ignore[return-value]


def log_rows(home) -> list[tuple[str, int]]:
    conn = sqlite3.connect(home / "progress.db")
    try:
        return conn.execute("SELECT card_id, rating FROM review_log ORDER BY id").fetchall()
    finally:
        conn.close()


def front_id(text: str) -> str:
    match = re.search(r"(?:Concept card|Interview question) · (\S+)", text)
    assert match, text
    return match.group(1)


def test_reveal_rate_undo_quit_and_a_second_run(drill_home):
    from tests.helpers import run

    assert run("config", "set", "new_per_day", "5").exit_code == 0
    term = Terminal(["review", "--role", "manager"], drill_home)
    screen = term.wait_for("Space")
    assert counter(screen) == (5, 0, 0, 0)
    first = front_id(screen)
    assert "show answer" in screen

    term.press("3")  # rating before the answer is shown does nothing
    assert "Show the answer first" in term.text
    assert log_rows(drill_home) == []

    term.press(" ")
    screen = term.wait_for("Again")
    for label in ("1  Again", "2  Hard", "3  Good", "4  Easy"):
        assert label in screen
    assert re.search(r"Good \d+m", screen)  # the interval each rating would give

    term.press("3")
    screen = term.wait_for(lambda t: counter(t)[3] == 1)
    assert counter(screen)[0] == 4
    assert log_rows(drill_home) == [(first, 3)]  # committed before the next card shows
    second = front_id(screen)
    assert second != first

    term.press(" 1")
    term.wait_for(lambda t: counter(t)[3] == 2)
    assert log_rows(drill_home) == [(first, 3), (second, 1)]

    term.press("u")
    screen = term.wait_for("Undone")
    assert front_id(screen) == second
    assert log_rows(drill_home) == [(first, 3)]

    term.press("q")
    assert term.finish() == 0
    assert "Reviewed 1 card (1 new), 100% correct" in term.text
    assert "Next card due in" in term.text

    again = Terminal(["review", "--role", "manager"], drill_home)
    screen = again.wait_for("Space")
    assert counter(screen)[0] == 4  # one new card of today's five is used up
    assert front_id(screen) == second  # the undone card was never rated
    again.press("q")
    assert again.finish() == 0


def test_nothing_due_says_when_the_next_card_is(drill_home):
    from tests.helpers import run

    assert run("config", "set", "new_per_day", "1").exit_code == 0
    term = Terminal(["review"], drill_home)
    term.wait_for("Space")
    term.press(" 4")
    assert term.finish() == 0
    after = Terminal(["review"], drill_home)
    assert after.finish() == 0
    assert "Nothing due right now. Next card due " in after.text


def test_new_n_gives_n_more_after_the_daily_limit(drill_home):
    from tests.helpers import run

    assert run("config", "set", "new_per_day", "2").exit_code == 0
    term = Terminal(["review", "--role", "rep"], drill_home)
    assert counter(term.wait_for("Space"))[0] == 2
    for done in (1, 2):
        term.press(" ")
        term.wait_for("Again")
        term.press("4")
        if done == 1:
            term.wait_for(lambda t: counter(t)[3] == 1)
    assert term.finish() == 0
    assert "2 new cards done today; 'drill review --role rep --new 5' for 5 more." in (
        " ".join(term.text.split())
    )
    more = Terminal(["review", "--role", "rep", "--new", "5"], drill_home)
    assert counter(more.wait_for("Space"))[0] == 5
    more.press("q")
    assert more.finish() == 0
    assert len(log_rows(drill_home)) == 2


def test_kill_9_loses_no_rating(drill_home):
    term = Terminal(["review", "--new", "10"], drill_home)
    term.wait_for("Space")
    rated = []
    for rating in "3413":
        rated.append(front_id(term.text))
        done = len(rated)
        term.press(" ")
        term.wait_for("Again")
        term.press(rating)
        term.wait_for(lambda t, done=done: counter(t)[3] == done)
    term.kill(signal.SIGKILL)
    assert [card for card, _ in log_rows(drill_home)] == rated
    conn = sqlite3.connect(drill_home / "progress.db")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_ctrl_c_ends_the_session_keeping_ratings(drill_home):
    term = Terminal(["review", "--new", "3"], drill_home)
    term.wait_for("Space")
    term.press(" ")
    term.wait_for("Again")
    term.press("2")
    term.wait_for(lambda t: counter(t)[3] == 1)
    term.send("\x03")
    assert term.finish() == 0
    assert "Reviewed 1 card" in term.text
    assert len(log_rows(drill_home)) == 1


def test_closed_terminal_keeps_ratings(drill_home):
    term = Terminal(["review", "--new", "3"], drill_home)
    term.wait_for("Space")
    term.press(" 3")
    term.wait_for(lambda t: counter(t)[3] == 1)
    term.kill(signal.SIGHUP)
    assert len(log_rows(drill_home)) == 1


def test_two_reviews_at_once_lose_nothing(drill_home):
    a = Terminal(["review", "--role", "rep", "--new", "6"], drill_home)
    b = Terminal(["review", "--role", "vp", "--new", "6"], drill_home)
    a.wait_for("Space")
    b.wait_for("Space")
    for i in range(1, 4):
        for term in (a, b):
            term.press(" ")
            term.wait_for("Again")
            term.press("3")
        a.wait_for(lambda t, i=i: counter(t)[3] == i)
        b.wait_for(lambda t, i=i: counter(t)[3] == i)
    a.press("q")
    b.press("q")
    assert a.finish() == 0 and b.finish() == 0
    assert "error" not in (a.text + b.text).lower()
    assert len(log_rows(drill_home)) == 6


def test_long_answers_wrap_on_words_and_scroll_at_80x24(drill_home):
    term = Terminal(["review", "--category", "behavioral"], drill_home, rows=24, cols=80)
    term.wait_for("Space")
    term.press(" ")
    screen = term.wait_for("more below")
    assert all(len(line) <= 80 for line in term.lines)
    words = set(" ".join(term.lines).split())
    assert "Result:" not in words  # the end of the model answer is below the screen
    term.send("\x1b[B" * 40)  # Down arrow, well past the end
    screen = term.wait_for("more above")
    assert "Result:" in screen and "more below" not in screen
    term.send("\x1b[A" * 40)  # back up to the top
    screen = term.wait_for("more below")
    assert "Interview question" in screen
    term.press("3")  # rating still works after scrolling
    term.wait_for(lambda t: counter(t)[3] == 1)
    term.press("q")
    assert term.finish() == 0


def _interval_for(screen: str, label: str) -> str:
    match = re.search(rf"{label} (\S+)", screen)
    assert match, screen
    return match.group(1)


def _days(interval: str) -> float:
    units = {"m": 1 / 1440, "h": 1 / 24, "d": 1, "mo": 30, "y": 365}
    match = re.fullmatch(r"<?([\d.]+)(mo|m|h|d|y)", interval)
    assert match, interval
    return float(match.group(1)) * units[match.group(2)]


def _due(home, card: str):
    from datetime import datetime

    conn = sqlite3.connect(home / "progress.db")
    try:
        (due,) = conn.execute("SELECT due FROM card_state WHERE card_id = ?", (card,)).fetchone()
    finally:
        conn.close()
    return datetime.fromisoformat(due)


def test_simulated_days_good_grows_and_again_shrinks(drill_home):
    """With the clock pinned by DRILL_NOW, come back each time the card is due."""
    from datetime import datetime, timedelta, timezone

    now = datetime(2026, 4, 1, 9, 0, tzinfo=timezone.utc)
    good_intervals: list[float] = []

    def session(rating: str, new: str) -> str:
        term = Terminal(
            ["review", "--new", new, "--tag", "kpi"], drill_home, env={"DRILL_NOW": now.isoformat()}
        )
        term.wait_for("Space")
        card = front_id(term.text)
        term.press(" ")
        screen = term.wait_for("Again")
        good_intervals.append(_days(_interval_for(screen, "Good")))
        term.press(rating)
        term.press("q")
        term.finish()
        return card

    first = session("3", "1")
    while _due(drill_home, first) - now < timedelta(days=1):  # learning steps, same day
        now = _due(drill_home, first) + timedelta(minutes=1)
        assert session("3", "0") == first
    for _ in range(3):  # come back on the day it is due, three times
        now = _due(drill_home, first) + timedelta(hours=1)
        assert session("3", "0") == first
    review_intervals = good_intervals[-3:]
    assert (
        review_intervals == sorted(review_intervals) and review_intervals[-1] > review_intervals[0]
    )
    gap_before = _due(drill_home, first) - now
    now = _due(drill_home, first) + timedelta(hours=1)
    assert session("1", "0") == first  # Again: a lapse
    assert _due(drill_home, first) - now < min(gap_before, timedelta(hours=1))


def _studying(args: list[str], home) -> tuple[str, str]:
    """(the screen with the first card, what was left on the terminal after q)."""
    term = Terminal(["review", *args], home)
    screen = term.wait_for("Space")
    term.press("q")
    assert term.finish() == 0
    return screen, term.text


def test_the_header_names_the_roles_studied_and_a_hint_shows_once(drill_home):
    from salesops_drill.library import load_library
    from salesops_drill.paths import resolve_paths
    from tests.helpers import run

    screen, after = _studying([], drill_home)
    assert "Studying: all roles" in screen
    assert "drill config set role ROLE" in after  # no target role yet: the tip, once
    assert "drill config set role" not in _studying([], drill_home)[1]

    assert run("config", "set", "role", "mgr").exit_code == 0
    screen, _ = _studying([], drill_home)
    assert "Studying: manager (target role)" in screen
    roles = {c.id: c.roles for c in load_library(resolve_paths()).cards}
    roles.update({q.id: q.roles for q in load_library(resolve_paths()).questions})
    assert "manager" in roles[front_id(screen)]
    assert "Studying: vp\n" in _studying(["--role", "vp"], drill_home)[0] + "\n"
    assert "Studying: all roles" in _studying(["--all"], drill_home)[0]


def early_frame(raw: bytes) -> bytes:
    """What drill wrote from its first frame until prompt_toolkit began its own
    (which starts by setting the cursor's look and entering the alternate screen)."""
    start = raw.find(FIRST_FRAME)
    assert start >= 0, raw[:200]
    end = raw.find(b"\x1b[?1049h", start + 1)
    return raw[start:end].removesuffix(b"\x1b[?12l\x1b[?25h")


def _cells(screen) -> list[list[tuple[str, str, bool, bool]]]:
    return [
        [
            (c.data, c.fg, c.bold, c.reverse)
            for c in (screen.buffer[y][x] for x in range(screen.columns))
        ]
        for y in range(screen.lines)
    ]


@pytest.mark.parametrize(("rows", "cols", "env"), [(30, 100, {}), (16, 60, {"NO_COLOR": "1"})])
def test_the_first_frame_drawn_early_is_the_live_screen(drill_home, rows, cols, env):
    """The frame drawn before prompt_toolkit starts (ui/first_frame.py) shows what the
    live screen then draws, cell by cell: text, colour, bold and reverse."""
    term = Terminal(["review", "--role", "manager"], drill_home, env=env, rows=rows, cols=cols)
    term.wait_for("Space")
    early = early_frame(term.raw)
    assert early.endswith(b"quit\x1b[0m")  # nothing after the frame, before the live screen
    screen = pyte.Screen(cols, rows)
    pyte.ByteStream(screen).feed(early)
    assert [line.rstrip() for line in screen.display] == term.lines
    assert _cells(screen) == _cells(term.screen)
    term.press("q")
    assert term.finish() == 0


def test_a_key_pressed_before_the_live_screen_starts_is_not_lost_or_echoed(drill_home):
    term = Terminal(["review", "--role", "manager"], drill_home)
    deadline = time.monotonic() + 20
    while FIRST_FRAME not in term.raw and time.monotonic() < deadline:
        term.pump(0.01)
    term.send("3")  # at once: the live screen is most likely still loading
    screen = term.wait_for("Show the answer first")
    assert "drill review" in screen
    early = early_frame(term.raw)
    assert early.endswith(b"quit\x1b[0m"), early[-80:]  # the key was not echoed onto it
    term.press(" ")
    term.wait_for("Again")
    term.press("q")
    assert term.finish() == 0
    assert log_rows(drill_home) == []
