"""``drill interview`` driven for real in a pseudo-terminal, read through a terminal emulator."""

from __future__ import annotations

import json
import re
import time

from tests.e2e.terminal import Terminal
from tests.helpers import run

COUNTDOWN = re.compile(r"(\d+):(\d\d) left")

ANSWER_ONE = (
    "At my last company our forecast was off by 20%. I was responsible for fixing it, so I "
    "built a weighted pipeline model in the CRM and ran a pilot with two teams."
)


def seconds_left(text: str) -> int:
    match = COUNTDOWN.search(text)
    assert match, text
    return int(match.group(1)) * 60 + int(match.group(2))


def start(term: Terminal) -> str:
    """Press Enter on the ready screen, which comes first; returns the first question's
    screen, its clock running."""
    term.wait_for("Press Enter to start the clock")
    term.send("\r")
    return term.wait_for(COUNTDOWN.pattern)


def keep_the_marks(term: Terminal, timeout: float = 15.0) -> str:
    """Answer "no" to the question after the feedback: the grader's marks stand."""
    term.wait_for("Did the grader get a key point wrong", timeout=timeout)
    term.send("\r")
    # the follow-up's own toolbar: its prompt is running (keys sent before it starts
    # would reach a terminal not yet in raw mode, where Ctrl-C is a signal, not a key)
    return term.wait_for("submit it empty to skip")


def type_lines(term: Terminal, text: str) -> None:
    for line in text.split("\n"):
        term.send(line)
        term.send("\r")
        term.pump(0.05)


def test_two_question_interview_with_live_countdown(drill_home):
    term = Terminal(
        ["interview", "--role", "manager", "--questions", "2", "--time-limit", "45", "--seed", "2"],
        drill_home,
    )
    screen = start(term)
    assert "Question 1/2" in screen and "Ctrl-D" in screen  # how to submit is on screen
    first = seconds_left(screen)
    time.sleep(2.2)
    term.wait_for(lambda t: COUNTDOWN.search(t) is not None and seconds_left(t) < first)

    type_lines(term, ANSWER_ONE + "\nSecond line of the answer.")
    term.wait_for("words")
    term.send("\x04")  # Ctrl-D submits
    term.wait_for("Did the grader get a key point wrong")
    # feedback on key points, evidence first, above the question (scrolled past by now)
    assert "✗".encode() in term.raw or "✓".encode() in term.raw
    assert b"Key points: " in term.raw and b"Model answer" in term.raw
    keep_the_marks(term)
    term.send("\x04")  # an empty follow-up is skipped
    term.wait_for("How did that answer go")
    term.send("4")
    term.send("\r")

    term.wait_for(lambda t: "Question 2/2" in t and COUNTDOWN.search(t) is not None)
    type_lines(term, "I would set clear goals and check the data every week.")
    term.send("\x04")
    keep_the_marks(term)
    type_lines(term, "I would ask the reps first.")
    term.send("\x04")
    term.wait_for("How did that answer go")
    term.send("2")
    term.send("\r")
    screen = term.wait_for("Overall score")
    assert "Scorecard" in screen
    assert term.finish() == 0

    (session,) = json.loads(run("history", "--json").stdout)
    assert session["complete"] is True and session["questions"] == 2
    shown = run("history", "show", str(session["id"])).stdout
    assert "Second line of the answer." in shown and "I would ask the reps first." in shown
    assert "Self-rating: 4/5" in shown and "Self-rating: 2/5" in shown


def test_ctrl_c_after_the_first_answer_keeps_it(drill_home):
    term = Terminal(["interview", "--role", "analyst", "--questions", "3"], drill_home)
    start(term)
    type_lines(term, ANSWER_ONE)
    term.send("\x04")
    keep_the_marks(term)
    term.send("\x03")  # Ctrl-C
    screen = term.wait_for("answer saved")
    assert "Interview stopped" in screen and "1 answer saved" in screen
    assert "Scorecard" in screen and "Overall score" in screen  # what was answered
    assert term.finish() == 0
    (session,) = json.loads(run("history", "--json").stdout)
    assert session["complete"] is False and session["questions"] == 1
    shown = run("history", "show", str(session["id"])).stdout
    assert "weighted pipeline model" in shown and "incomplete" in shown
    # the answered question's review card was rescheduled even without a self-rating
    stats = json.loads(run("stats", "--json").stdout)
    assert stats["reviews_today"] == 1


def seed_without_own_limit(role: str) -> str:
    """A --seed whose first question has no time limit of its own, so --time-limit applies.

    (A question's own limit wins over --time-limit; a few questions set one.)
    """
    from salesops_drill.interview_questions import choose_questions
    from salesops_drill.library import load_library
    from salesops_drill.paths import resolve_paths

    pool = [q for q in load_library(resolve_paths()).questions if role in q.roles]
    for seed in range(1, 1000):
        if choose_questions(pool, 1, seed)[0].time_limit_s is None:
            return str(seed)
    raise AssertionError("every question sets its own limit")


#: The answer clock runs this many times as fast in the tests that wait for a limit.
FAST = {"DRILL_CLOCK_SPEED": "8"}


def test_strict_submits_when_time_is_up(drill_home):
    seed = seed_without_own_limit("rep")
    term = Terminal(
        ["interview", "--role", "rep", "-n", "1", "--time-limit", "12", "--strict", "--seed", seed],
        drill_home,
        env=FAST,
    )
    start(term)
    term.send("Half an answer about reports")
    keep_the_marks(term, timeout=30)  # submitted by the clock, not by a key
    assert b"Time is up: what you typed was submitted." in term.raw  # may have scrolled off
    term.send("\x03")
    assert term.finish() == 0
    (session,) = json.loads(run("history", "--json").stdout)
    shown = run("history", "show", str(session["id"])).stdout
    assert "Half an answer about reports" in shown


def test_overtime_is_shown_without_strict(drill_home):
    seed = seed_without_own_limit("rep")
    term = Terminal(
        ["interview", "--role", "rep", "-n", "1", "--time-limit", "10", "--seed", seed],
        drill_home,
        env=FAST,
    )
    start(term)
    screen = term.wait_for("OVER TIME", timeout=30)
    assert "OVER TIME +0:0" in screen
    term.send("Late answer\x04")
    screen = keep_the_marks(term)
    assert b"over time" in term.raw  # the feedback may have scrolled past
    term.send("\x03")
    assert term.finish() == 0


def test_weak_interview_answers_come_due_in_review(drill_home, tmp_path):
    qid = "q-mgr-bottlenecks"
    answers = tmp_path / "a.yaml"
    answers.write_text(f'{qid}: "I would look into it."\n')
    env_now = "2026-06-01T09:00:00+00:00"
    import os
    import subprocess
    import sys

    env = {**os.environ, "DRILL_HOME": str(drill_home), "DRILL_NOW": env_now}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "salesops_drill",
            "interview",
            "--role",
            "manager",
            "--answers",
            str(answers),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    later = Terminal(
        ["review", "--new", "0"], drill_home, env={"DRILL_NOW": "2026-06-01T09:30:00+00:00"}
    )
    screen = later.wait_for("Space")
    assert qid in screen  # the weak answer's card is due half an hour later
    later.press("q")
    assert later.finish() == 0


TINY_ROLE = """
roles:
  - id: tiny
    title: Tiny Role
    level: 9
    experience: 1 year
    min_years: 1
    summary: s
    responsibilities: [r]
    skills: [s]
    education: [e]
    kpis: [k]
    reports_to: r
    interview_focus: [f]
"""


def test_marking_a_missed_point_covered_is_stored(drill_home):
    from salesops_drill.paths import resolve_paths
    from salesops_drill.store import Store
    from tests.helpers import write
    from tests.test_cli_interview import CHURN, FOLLOW_UP, OWN_BANK

    write(drill_home / "banks" / "tiny.yaml", TINY_ROLE)
    # Shared questions are asked for every role: difficulty 3 leaves only our own.
    own = OWN_BANK.replace("roles: [manager]", "roles: [tiny]").replace(
        "difficulty: 2", "difficulty: 3"
    )
    write(drill_home / "banks" / "own.yaml", own)
    term = Terminal(["interview", "--role", "tiny", "-n", "1", "--difficulty", "3"], drill_home)
    start(term)
    type_lines(term, CHURN)
    term.send("\x04")
    screen = term.wait_for("Did the grader get a key point wrong")
    term.press("y")
    screen = term.wait_for("○ Check product usage")
    assert "Space: tick or untick" in screen and "Enter: save" in screen  # keys on screen
    ticks = {
        label: line.split(label)[0].strip()[-1]
        for line in screen.splitlines()
        for label in ("Segment the churned", "Talk to the customers", "Check product usage")
        if label in line
    }
    assert ticks["Segment the churned"] == ticks["Talk to the customers"] == "●"  # as graded
    assert ticks["Check product usage"] == "○"
    term.press("\x1b[B")  # down
    term.press("\x1b[B")
    term.press(" ")  # tick "Check product usage": "I did say that"
    screen = term.wait_for(lambda t: "● Check product usage" in t)
    term.send("\r")
    screen = term.wait_for("Follow-up:")
    assert b"Correction saved: 3 of 3 key points covered by your count (grader: 2 of 3)" in (
        term.raw
    )
    type_lines(term, FOLLOW_UP)
    term.send("\x04")
    term.wait_for("How did that answer go")
    assert b"Follow-up feedback" in term.raw and b"Key points: 1 of 2 covered" in term.raw
    term.send("4")
    term.send("\r")
    screen = term.wait_for("Overall score")
    assert "2/3→3" in screen and "1/2" in screen  # grader's count, the user's, the follow-up's
    assert term.finish() == 0

    with Store.open(resolve_paths({"DRILL_HOME": str(drill_home)}).progress_db) as store:
        (session,) = store.sessions()
        (row,) = store.answers(session.id)
    assert row.feedback["corrections"] == {"Check product usage": True}
    assert row.feedback["missed"] == ["Check product usage"]  # the grader's view is kept
    assert [h["label"] for h in row.feedback["follow_up"]["covered"]] == [
        "Compare with the baseline"
    ]
    assert row.self_rating == 4 and row.follow_up_answer.strip() == FOLLOW_UP
