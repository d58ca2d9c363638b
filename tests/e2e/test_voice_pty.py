"""The recording screen of ``drill interview --voice``, driven by ``--audio`` recordings in
a pseudo-terminal: elapsed time, countdown and level meter move; Enter stops a recording;
``--strict`` stops one at the limit; transcript, feedback and delivery follow."""

from __future__ import annotations

import json
import re

from tests.e2e.terminal import Terminal
from tests.helpers import run
from tests.voice_support import FIXTURES, model_dir

PLAYING = re.compile(r"● Playing plain\.wav\s+(\d+):(\d\d)\s+(\d+):(\d\d) left")
METER = re.compile(r"Level (█*)(·*)\s+-?\d+ dB")


def elapsed_and_left(text: str) -> tuple[int, int] | None:
    match = PLAYING.search(text)
    if not match:
        return None
    m, s, lm, ls = (int(g) for g in match.groups())
    return m * 60 + s, lm * 60 + ls


def rate_and_move_on(term: Terminal) -> None:
    term.wait_for("Did the grader get a key point wrong", timeout=60)
    term.send("\r")
    term.wait_for("submit it empty to skip")  # the follow-up's prompt is up
    term.send("\x04")  # the follow-up is typed; an empty one is skipped
    term.wait_for(lambda t: "How did that answer go" in t and "empty to skip" not in t)
    term.send("3")
    term.send("\r")


def test_spoken_answers_through_the_recording_screen(drill_home):
    args = ["interview", "--role", "manager", "--seed", "3", "--voice", "--strict"]
    args += ["--time-limit", "10", "--model", str(model_dir())]
    args += ["--audio", str(FIXTURES / "plain.wav")]
    args += ["--audio", str(FIXTURES / "pause-and-fillers.wav")]
    term = Terminal(args, drill_home, env={"HF_HUB_OFFLINE": "1"}, cols=60)

    screen = term.wait_for(PLAYING.pattern, timeout=60)
    assert "Question 1/2" in screen and "Answer each question out loud" in term.text
    assert "Enter: stop and submit" in screen
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
