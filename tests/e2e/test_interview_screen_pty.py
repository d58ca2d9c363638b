"""The live interview's screens in a pseudo-terminal, read through a terminal emulator:
the ready screen, Ctrl-C while typing, over time at the limit, the countdown toolbar at
60 and 80 columns, and the input wrapping between words."""

from __future__ import annotations

import json
import re
import time

import pytest

from salesops_drill.paths import resolve_paths
from salesops_drill.store import Store
from tests.e2e.terminal import Terminal
from tests.e2e.test_interview_pty import (
    ANSWER_ONE,
    COUNTDOWN,
    FAST,
    keep_the_marks,
    seconds_left,
    seed_without_own_limit,
    start,
    type_lines,
)
from tests.helpers import run


def stored(drill_home):
    """(sessions, {session id: answers}, review log) in the store, read directly."""
    db = resolve_paths({"DRILL_HOME": str(drill_home)}).progress_db
    if not db.exists():
        return [], {}, []
    with Store.open(db) as store:
        sessions = store.sessions()
        return sessions, {s.id: store.answers(s.id) for s in sessions}, store.review_log()


# -- the ready screen --------------------------------------------------------------------


def test_the_clock_starts_when_enter_is_pressed_on_the_ready_screen(drill_home):
    seed = seed_without_own_limit("manager")
    term = Terminal(
        ["interview", "-r", "manager", "-n", "2", "-t", "90", "--seed", seed], drill_home
    )
    screen = term.wait_for("Press Enter to start the clock")
    assert "Sales Operations Manager" in screen
    assert re.search(r"Questions\s+2\b", screen)
    assert re.search(r"Time\s+.*per question", screen)
    assert "Ctrl-D, or Esc then Enter: submit" in screen and "Enter: new line" in screen
    assert "Ctrl-C: stop" in screen and "q, Esc or Ctrl-C: leave" in screen
    assert COUNTDOWN.search(screen) is None and "Question 1/2" not in screen
    time.sleep(2.5)  # reading the ready screen costs no time
    term.press("\x1b[Bx ")  # other keys (an arrow, a letter, a space) do nothing
    term.pump(0.8)
    assert "Question 1/2" not in term.text and "Press Enter to start" in term.text
    term.send("\r")
    screen = term.wait_for(COUNTDOWN.pattern)
    assert seconds_left(screen) >= 89 and "Press Enter" not in screen
    term.send("\x03")
    term.wait_for("nothing saved")
    assert term.finish() == 0


@pytest.mark.parametrize("key", ["q", "\x1b", "\x03"], ids=["q", "Esc", "Ctrl-C"])
def test_leaving_the_ready_screen_saves_nothing(drill_home, key):
    term = Terminal(["interview", "--role", "rep", "-n", "2"], drill_home)
    term.wait_for("Press Enter to start the clock")
    term.send(key)
    screen = term.wait_for("Interview not started: nothing saved.")
    assert "Question 1/" not in screen and "Traceback" not in screen
    assert term.finish() == 0
    assert stored(drill_home)[0] == []
    assert json.loads(run("history", "--json").stdout) == []


# -- Ctrl-C while typing -----------------------------------------------------------------


def test_ctrl_c_while_typing_keeps_the_text_and_shows_the_scorecard(drill_home):
    term = Terminal(["interview", "--role", "manager", "-n", "3", "--seed", "4"], drill_home)
    start(term)
    type_lines(term, ANSWER_ONE)
    term.send("\x04")
    keep_the_marks(term)
    term.send("\x04")  # skip the follow-up
    term.wait_for("How did that answer go")
    term.send("3")
    term.send("\r")
    term.wait_for(lambda t: "Question 2/3" in t and COUNTDOWN.search(t) is not None)
    type_lines(term, "First I would segment the pipeline by stage.")
    term.send("Then I would")
    term.wait_for("Then I would")
    term.send("\x03")  # Ctrl-C mid-sentence
    screen = term.wait_for("answers saved in session")
    assert "Interview stopped." in screen and "Scorecard" in screen
    assert "2 answers saved in session 1 (incomplete)" in screen
    card = screen[screen.index("Scorecard") :]
    assert re.search(r"^\s*1\s", card, re.M) and re.search(r"^\s*2\s.*\d+\*\s*$", card, re.M)
    assert "* stopped: cut short when the interview was stopped." in card
    assert term.finish() == 0

    (session,), answers, log = stored(drill_home)
    first, second = answers[session.id]
    assert session.finished_at is None and session.planned == 3
    assert second.answer == "First I would segment the pipeline by stage.\nThen I would"
    assert second.feedback["stopped"] is True and second.feedback["words"] == 11
    assert first.feedback.get("stopped", False) is False and first.self_rating == 3
    assert [r.card_id for r in log] == [first.question_id]  # the stopped one moved no card
    shown = run("history", "show", str(session.id)).stdout
    assert "Then I would" in shown and "stopped" in shown


def test_ctrl_c_on_an_empty_first_answer_saves_no_session(drill_home):
    term = Terminal(["interview", "--role", "rep", "-n", "2"], drill_home)
    start(term)
    term.send("   ")
    term.pump(0.3)
    term.send("\x03")
    screen = term.wait_for("No answer was given: nothing saved.")
    assert "Interview stopped." in screen and "Scorecard" not in screen
    assert term.finish() == 0
    assert stored(drill_home) == ([], {}, [])


# -- over time, the same everywhere ------------------------------------------------------


def test_strict_at_the_limit_is_on_time_everywhere(drill_home):
    seed = seed_without_own_limit("rep")
    term = Terminal(
        ["interview", "-r", "rep", "-n", "1", "--strict", "--time-limit", "20", "--seed", seed],
        drill_home,
        env=FAST,
        rows=160,
    )
    start(term)
    term.send("I would look at the pipeline report first")
    screen = keep_the_marks(term, timeout=30)
    assert "Time is up: what you typed was submitted." in screen
    assert re.search(r"│ Time\s+0:20 of 0:20\s+│", screen)
    assert "over time" not in screen.lower() and "Over time (" not in screen
    term.send("\x04")
    term.wait_for("How did that answer go")
    term.send("3")
    term.send("\r")
    screen = term.wait_for("Overall score")
    card = screen[screen.index("Scorecard") :]
    assert "0:20/0:20" in card and " over" not in card and "ran over time" not in card
    assert term.finish() == 0
    (session,), answers, _ = stored(drill_home)
    (row,) = answers[session.id]
    assert row.over_time is False and row.seconds_used == 20.0


def test_over_time_reads_the_same_on_the_clock_feedback_scorecard_and_summary(drill_home):
    seed = seed_without_own_limit("rep")
    term = Terminal(
        ["interview", "-r", "rep", "-n", "1", "--time-limit", "20", "--seed", seed],
        drill_home,
        env=FAST,
        rows=160,
    )
    start(term)
    term.send("I would look at the pipeline report first")
    term.wait_for(r"OVER TIME \+0:0[2-9]", timeout=30)
    term.send("\x04")
    screen = keep_the_marks(term)
    used = re.search(r"│ Time\s+0:(\d\d) of 0:20  over time", screen)
    assert used, screen
    seconds = int(used.group(1))
    assert seconds > 20
    assert f"Over time ({seconds} s, limit 20 s): lead with the point." in screen
    term.send("\x04")
    term.wait_for("How did that answer go")
    term.send("3")
    term.send("\r")
    screen = term.wait_for("Overall score")
    card = screen[screen.index("Scorecard") :]
    assert f"0:{seconds}/0:20 over" in card
    assert "1 answer ran over time: aim for the limit." in card
    assert term.finish() == 0


# -- the toolbar and word wrap at 60 and 80 columns --------------------------------------

LONG_ANSWER = (
    "At my last company the forecast was off by twenty percent every quarter, so I "
    "rebuilt the weighted pipeline model in the CRM, retrained the frontline managers "
    "on stage definitions and ran a six-week pilot with two teams; the forecast error "
    "fell to five percent and leadership adopted the model for the whole region."
)


def input_rows(screen: str) -> list[str]:
    """The rows of the answer being typed: from the prompt down to the toolbar."""
    lines = screen.splitlines()
    first = max(i for i, line in enumerate(lines) if line.startswith("> "))
    rows = []
    for line in lines[first:]:
        if COUNTDOWN.search(line) or "OVER TIME" in line:
            break
        rows.append(line)
    while rows and not rows[-1].strip():
        rows.pop()
    return rows


@pytest.mark.parametrize("cols", [60, 80])
def test_the_toolbar_fits_and_the_answer_wraps_between_words(drill_home, cols):
    term = Terminal(["interview", "-r", "manager", "-n", "1"], drill_home, rows=40, cols=cols)
    start(term)
    term.send(LONG_ANSWER)
    # the toolbar's count is redrawn after the text: under load it can lag a moment
    count = f"{len(LONG_ANSWER.split())} words"
    screen = term.wait_for(lambda t: "whole region." in t and count in t)

    # the toolbar: clock, word count and every key, nothing cut off
    toolbar = [line for line in screen.splitlines()[-3:] if line.strip()]
    assert COUNTDOWN.search(toolbar[0]) and f"{len(LONG_ANSWER.split())} words" in toolbar[0]
    keys = " ".join(toolbar)
    assert "Ctrl-D: submit" in keys and "Enter: new line" in keys and "Ctrl-C: stop" in keys
    assert all(len(line) <= cols for line in toolbar)

    # the answer: whole words on every row, and no row broken before it had to be
    rows = input_rows(screen)
    assert len(rows) >= 4
    texts = [row[2:] for row in rows]
    assert " ".join(t.strip() for t in texts) == LONG_ANSWER
    words = set(LONG_ANSWER.split())
    for text, after in zip(texts, texts[1:], strict=False):
        assert all(w in words for w in text.split()), text
        next_word = after.split()[0]
        assert len(text.rstrip()) + 1 + len(next_word) > cols - 2, (text, next_word)

    # the cursor follows the text: edit inside a word on the third row
    target = texts[2].split()[1]  # a word that does not start the row
    typed_from_end = len(LONG_ANSWER) - (LONG_ANSWER.index(" " + target + " ") + 2)
    term.send("\x1b[D" * typed_from_end)  # Left arrow, to just after the word's first letter
    term.send("X")
    screen = term.wait_for(lambda t: target[0] + "X" + target[1:] in t)
    row = next(i for i, line in enumerate(screen.splitlines()) if target[0] + "X" in line)
    line = screen.splitlines()[row]
    assert (term.screen.cursor.y, term.screen.cursor.x) == (row, line.index(target[0] + "X") + 2)
    term.send("\x04")
    keep_the_marks(term)
    term.send("\x03")
    assert term.finish() == 0
    (session,), answers, _ = stored(drill_home)
    assert answers[session.id][0].answer == LONG_ANSWER.replace(
        " " + target + " ", " " + target[0] + "X" + target[1:] + " ", 1
    )


@pytest.mark.parametrize("cols", [60, 80])
def test_the_overtime_toolbar_fits(drill_home, cols):
    seed = seed_without_own_limit("rep")
    term = Terminal(
        ["interview", "-r", "rep", "-n", "1", "-t", "10", "--seed", seed],
        drill_home,
        env=FAST,
        cols=cols,
    )
    start(term)
    term.send("A few words of an answer")
    screen = term.wait_for("OVER TIME", timeout=30)
    toolbar = " ".join(line for line in screen.splitlines()[-3:] if line.strip())
    assert re.search(r"OVER TIME \+0:\d\d\s+6 words", toolbar)
    assert "Ctrl-D: submit" in toolbar and "Ctrl-C: stop" in toolbar
    term.send("\x03")
    term.wait_for("answer saved")
    assert term.finish() == 0


def test_no_save_works_interactively(drill_home):
    term = Terminal(["interview", "-r", "rep", "-n", "1", "--no-save"], drill_home)
    screen = term.wait_for("Press Enter to start the clock")
    assert "Nothing is saved (--no-save)." in screen
    term.send("\r")
    term.wait_for(COUNTDOWN.pattern)
    type_lines(term, ANSWER_ONE)
    term.send("\x04")
    keep_the_marks(term)
    term.send("\x04")
    term.wait_for("How did that answer go")
    term.send("4")
    term.send("\r")
    screen = term.wait_for("Not saved")
    assert "Overall score" in screen
    assert "Not saved (--no-save): your progress and history are unchanged." in screen
    assert term.finish() == 0
    assert not list(drill_home.rglob("*.db"))


# -- the self-rating at 60 columns -------------------------------------------------------


def test_the_self_rating_shows_whole_choices_at_60_columns(drill_home):
    from salesops_drill.grading import SELF_RATING_SCALE, SELF_RATING_SHORT

    term = Terminal(["interview", "--role", "manager", "-n", "1"], drill_home, rows=60, cols=60)
    start(term)
    type_lines(term, ANSWER_ONE)
    term.send("\x04")
    keep_the_marks(term)
    term.send("\x04")  # skip the follow-up
    screen = term.wait_for(lambda t: "How did that answer go" in t and "5) " in t)
    lines = screen.splitlines()
    for n, short in SELF_RATING_SHORT.items():
        assert any(line.strip().endswith(f"{n}) {short}") for line in lines), short
    # the whole scale is above the list, wrapped between words
    scale = " ".join(line.strip() for line in lines if line.strip())
    for n, sentence in SELF_RATING_SCALE.items():
        assert f"{n} {sentence}" in " ".join(scale.split()), sentence
    # a wrapped anchor's next line hangs under its text, not under its number
    third = next(i for i, line in enumerate(lines) if line.startswith("3  Covered"))
    assert lines[third + 1].startswith("   ") and lines[third + 1].strip()
    assert all(len(line) <= 60 for line in lines)
    term.send("4")
    term.send("\r")
    term.wait_for("Scorecard")
    assert term.finish() == 0
