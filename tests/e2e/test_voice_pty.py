"""The recording screen of ``drill interview --voice``, driven by ``--audio`` recordings in
a pseudo-terminal: the ready screen first (the clock starts on Enter); elapsed time,
countdown and level meter move; Enter stops a recording; ``--strict`` stops one at the
limit; transcript, feedback and delivery follow; Ctrl-C during a recording keeps what was
said so far as a stopped answer and shows the scorecard."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.terminal import Terminal
from tests.helpers import run
from tests.screens import split_words, words
from tests.voice_support import FIXTURES, model_dir

PLAYING = re.compile(r"● Playing plain\.wav\s+(\d+):(\d\d)\s+(\d+):(\d\d) left")
METER = re.compile(r"Level (█*)(·*)\s+-?\d+ dB")


def elapsed_and_left(text: str) -> tuple[int, int] | None:
    match = PLAYING.search(text)
    if not match:
        return None
    m, s, lm, ls = (int(g) for g in match.groups())
    return m * 60 + s, lm * 60 + ls


def ready_then_start(term: Terminal, cols: int, strict: bool = True) -> str:
    """The ready screen, checked to fit ``cols``; Enter starts the clock."""
    ready = term.wait_for("Press Enter to start the clock", timeout=60)
    flowed = " ".join(re.sub(r"[│╭╮╰╯─]", " ", ready).split())
    assert "Out loud: recording starts under each question." in flowed
    assert "Enter: stop the recording and submit it" in flowed
    assert "Ctrl-C: stop (what you said is kept)" in flowed
    at_limit = "At the limit, the recording stops and is submitted (--strict)."
    assert (at_limit in flowed) is strict
    assert "Ctrl-D" not in ready  # the typing keys are not the ones here
    assert not split_words(ready, words("Sales Operations Manager"))  # wrapped, not cut
    assert "● Playing" not in ready  # nothing plays before Enter
    term.send("\r")
    return ready


def rate_and_move_on(term: Terminal) -> None:
    term.wait_for("Did the grader get a key point wrong", timeout=60)
    term.send("\r")
    term.wait_for("submit it empty to skip")  # the follow-up's prompt is up
    term.send("\x04")  # the follow-up is typed; an empty one is skipped
    term.wait_for(lambda t: "How did that answer go" in t and "empty to skip" not in t)
    term.send("3")
    term.send("\r")


@pytest.mark.parametrize("cols", [60, 80])
def test_spoken_answers_through_the_recording_screen(drill_home, cols):
    assert run("config", "set", "role", "manager").exit_code == 0  # no --role needed
    args = ["interview", "--seed", "3", "--voice", "--strict"]
    args += ["--time-limit", "10", "--model", str(model_dir())]
    args += ["--audio", str(FIXTURES / "plain.wav")]
    args += ["--audio", str(FIXTURES / "pause-and-fillers.wav")]
    term = Terminal(args, drill_home, env={"HF_HUB_OFFLINE": "1"}, cols=cols)

    ready = ready_then_start(term, cols)
    assert "Sales Operations Manager" in ready
    screen = term.wait_for(PLAYING.pattern, timeout=60)
    assert "Question 1/2" in screen
    # Each line of the recording screen whole on its row.
    assert "Enter: stop and submit · Ctrl-C: stop the interview" in term.lines
    assert any(METER.fullmatch(line) for line in term.lines)
    start = elapsed_and_left(screen)
    assert start is not None and start[0] + start[1] == 10  # elapsed + left = the limit
    # The clock runs and the meter shows the recording's level while it plays.
    loud = term.wait_for(
        lambda t: (m := METER.search(t)) is not None and len(m.group(1)) >= 10, timeout=10
    )
    assert elapsed_and_left(loud) is not None
    moved = term.wait_for(
        lambda t: (e := elapsed_and_left(t)) is not None and e[0] >= start[0] + 2, timeout=10
    )
    assert elapsed_and_left(moved)[1] < start[1]
    term.send("\r")  # Enter stops the recording before the file ends
    term.wait_for(r"Recorded 0:0\d\.", timeout=10)
    rate_and_move_on(term)
    shown = term.raw.decode("utf-8", "replace")
    assert "What you said" in shown and "baseline" in shown
    assert "Delivery" in shown and "Pace" in shown

    # The second recording (19 s) is stopped by --strict at the 10-second limit.
    term.wait_for("Playing pause-and-fillers.wav", timeout=30)
    term.wait_for("Time is up: the recording was stopped and submitted", timeout=20)
    rate_and_move_on(term)
    term.wait_for("Overall score", timeout=30)
    assert term.finish() == 0

    (session,) = json.loads(run("history", "--json").stdout)
    assert session["complete"] is True and session["questions"] == 2
    from salesops_drill.store import Store

    with Store.open(drill_home / "progress.db") as store:
        first, second = store.answers(session["id"])
    assert 1.4 <= first.seconds_used < 8  # stopped by Enter, not at the file's end (9 s)
    assert "baseline" in first.answer.lower()
    assert second.seconds_used == 10
    voice = second.feedback["voice"]
    assert voice["transcript"] == second.answer and "basically" in voice["fillers"]
    assert voice["duration"] <= 10.5


def test_ctrl_c_during_a_recording_keeps_what_was_said(drill_home):
    args = ["interview", "--role", "manager", "--seed", "3", "--voice"]
    args += ["--model", str(model_dir()), "--audio", str(FIXTURES / "plain.wav")]
    args += ["--audio", str(FIXTURES / "pause-and-fillers.wav")]
    term = Terminal(args, drill_home, env={"HF_HUB_OFFLINE": "1"}, cols=60)
    ready_then_start(term, 60, strict=False)
    term.wait_for(lambda t: (e := elapsed_and_left(t)) is not None and e[0] >= 5, timeout=20)
    term.send("\x03")  # Ctrl-C mid-answer
    screen = term.wait_for("answer saved in session", timeout=60)
    assert "Stopped after 0:0" in term.text
    assert "Interview stopped." in screen and "Scorecard" in screen
    assert "1 answer saved in session 1 (incomplete)" in screen
    assert "* stopped: cut short when the interview was stopped." in screen
    assert "Question 2/2" not in term.text and "Playing pause-and-fillers" not in term.text
    assert term.finish() == 0

    from salesops_drill.store import Store

    with Store.open(drill_home / "progress.db") as store:
        (session,) = store.sessions()
        (answer,) = store.answers(session.id)
        log = store.review_log()
    assert session.finished_at is None
    assert answer.feedback["stopped"] is True and 5 <= answer.seconds_used < 8.5
    assert "baseline" in answer.answer.lower()  # said in the first seconds of plain.wav
    assert answer.feedback["voice"]["transcript"] == answer.answer
    assert answer.feedback["voice"]["duration"] < 8.5  # the part played, not the whole file
    assert log == []  # a stopped answer moves no card
