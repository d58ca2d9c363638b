"""The interview's rules in the core: time limits, the clock and over time, when a session
is saved, stopped answers, --no-save, and answers files checked against the role."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from salesops_drill.answers_file import ScriptedAnswer, not_for_role
from salesops_drill.grading import Feedback, grade, summarize_session
from salesops_drill.interview import Countdown, InterviewSession, time_limit_for
from salesops_drill.interview_questions import plan
from salesops_drill.scheduler import Scheduler
from salesops_drill.timing import clock_text, over_time, seconds_left, whole_seconds
from salesops_drill.ui.console import make_console
from salesops_drill.ui.render_interview import ScoreRow, feedback_view, scorecard

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=timezone.utc)


class FakeClock:
    """A monotonic clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# -- the clock ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "over"),
    [(0.0, False), (19.99, False), (20.0, False), (20.9, False), (21.0, True), (95.0, True)],
)
def test_over_time_means_the_clock_shows_more_than_the_limit(seconds, over):
    assert over_time(seconds, 20) is over
    assert (whole_seconds(seconds) > 20) is over  # what the clock shows agrees
    assert not over_time(None, 20) and not over_time(30.0, None)


def test_clock_text_counts_whole_seconds():
    assert clock_text(20.9) == "0:20" and clock_text(21.0) == "0:21"
    assert clock_text(125) == "2:05" and clock_text(None) == "—"
    assert seconds_left(0.4, 20) == 20 and seconds_left(20.5, 20) == 0
    assert seconds_left(21.0, 20) == -1


def test_countdown_on_an_injected_clock():
    tick = FakeClock()
    c = Countdown(20, tick)
    assert c.left() == 20 and not c.expired() and not c.over()
    tick.advance(19.5)
    assert c.left() == 1
    tick.advance(0.5)
    assert c.left() == 0 and c.expired() and not c.over()
    assert c.used(cut_off=True) == 20.0  # a strict cut-off used exactly the limit
    tick.advance(0.9)
    assert c.left() == 0 and not c.over()
    tick.advance(0.1)
    assert c.left() == -1 and c.over() and c.used() == pytest.approx(21.0)


def test_time_limit_own_then_option_then_category(lib):
    own = next(q for q in lib.questions if q.time_limit_s)
    plain = next(q for q in lib.questions if not q.time_limit_s)
    assert time_limit_for(own, 60) == own.time_limit_s
    assert time_limit_for(plain, 60) == 60
    assert time_limit_for(plain) == plain.time_limit


def test_screen_feedback_scorecard_and_summary_agree_on_over_time(lib, monkeypatch):
    """The same answer at the limit is on time everywhere; a second more is over
    everywhere (the feedback panel, its tip, the scorecard row and the summary)."""
    monkeypatch.setenv("COLUMNS", "100")
    q = next(q for q in lib.questions if not q.time_limit_s)
    model = " ".join(line for _, lines in q.model_answer.parts for line in lines)
    views = {}
    for seconds in (20.0, 20.9, 21.0):
        fb = grade(q, model, seconds, 20)
        summary = summarize_session([(q, fb, None)])
        console = make_console()
        with console.capture() as cap:
            console.print(feedback_view(q, fb, show_model=False))
            console.print(scorecard([ScoreRow(q, q.id, fb, None)], summary))
        views[seconds] = (fb, cap.get(), summary.suggestions)
    for seconds in (20.0, 20.9):
        fb, text, suggestions = views[seconds]
        assert not fb.over_time
        assert "0:20 of 0:20" in text and not re.search(r"\bover\b", text.lower())
        assert not any("Over time" in tip for tip in fb.tips)
        assert not any("over time" in s for s in suggestions)
    fb, text, suggestions = views[21.0]
    assert fb.over_time and "0:21 of 0:20  over time" in text and "0:21/0:20 over" in text
    assert "Over time (21 s, limit 20 s): lead with the point." in fb.tips
    assert "1 answer ran over time: aim for the limit." in suggestions


def test_saved_feedback_is_judged_by_the_same_rule(lib):
    q = lib.questions[0]
    old = grade(q, "an answer", 20.4, 20).to_dict() | {"over_time": True}  # an older rule
    assert Feedback.from_dict(old).over_time is False
    assert Feedback.from_dict(old | {"seconds_used": 22.0}).over_time is True


# -- saving ------------------------------------------------------------------------------


def test_a_session_is_saved_with_its_first_answer_only(lib, store):
    p = plan("manager", lib.questions, 2, seed=3)
    empty = InterviewSession(store, Scheduler(), p, lambda: NOW)
    empty.finish()
    assert store.sessions() == [] and not empty.saved
    s = InterviewSession(store, Scheduler(), p, lambda: NOW)
    s.answer(p.questions[0], "an answer")
    (row,) = store.sessions()
    assert row.id == s.session_id and row.started_at == NOW and row.planned == 2


def test_a_stopped_answer_is_saved_graded_and_marked_but_moves_no_card(lib, store):
    p = plan("manager", lib.questions, 2, seed=3)
    s = InterviewSession(store, Scheduler(), p, lambda: NOW)
    q = p.questions[0]
    done = s.answer(q, "First I would segment the pipeline", 12.0, 180, stopped=True)
    assert done.stopped and done.feedback.words == 6
    assert s.rate(done, None) is None
    assert store.get_state(q.id) is None and store.review_log() == []
    (row,) = store.answers(s.session_id)
    assert row.answer == "First I would segment the pipeline"
    assert row.feedback["stopped"] is True and row.feedback["score"] == done.feedback.score
    assert s.summary().answered == 1


def test_no_store_saves_nothing_but_grades_the_same(lib, store):
    p = plan("manager", lib.questions, 1, seed=3)
    s = InterviewSession(None, Scheduler(), p, lambda: NOW)
    q = p.questions[0]
    done = s.answer(q, "I would segment the pipeline and run a pilot.", 30.0, 180)
    s.follow_up(done, "Why?", "Because it shows where deals stall.")
    assert done.feedback == grade(q, "I would segment the pipeline and run a pilot.", 30.0, 180)
    s.correct(done, {kp.label: True for kp in q.key_points[:1]})
    assert s.rate(done, 4) in (1, 2, 3, 4)
    summary = s.finish()
    assert summary.answered == 1 and done.answer_id is None and s.session_id is None
    assert store.sessions() == [] and store.get_state(q.id) is None


def test_delete_session_removes_it_and_its_answers(lib, store):
    p = plan("manager", lib.questions, 2, seed=3)
    keep, drop = (InterviewSession(store, Scheduler(), p, lambda: NOW) for _ in range(2))
    for s in (keep, drop):
        s.rate(s.answer(p.questions[0], "an answer"), 3)
    assert store.delete_session(drop.session_id) is True
    assert [x.id for x in store.sessions()] == [keep.session_id]
    assert store.answers(drop.session_id) == [] and len(store.answers(keep.session_id)) == 1
    assert store.get_state(p.questions[0].id) is not None  # the card keeps its schedule
    assert store.delete_session(drop.session_id) is False


# -- answers files -----------------------------------------------------------------------


def test_answers_for_other_roles_are_named(lib):
    mine = next(q for q in lib.questions if "manager" in q.roles)
    other = next(q for q in lib.questions if "manager" not in q.roles)
    answers = [
        ScriptedAnswer("a", other.id),
        ScriptedAnswer("b", mine.id),
        ScriptedAnswer("c", "q-no-such"),
        ScriptedAnswer("d", other.id),
        ScriptedAnswer("e"),
    ]
    assert not_for_role("manager", lib.questions, answers) == [other.id, "q-no-such"]
    assert not_for_role("manager", lib.questions, answers[1:2]) == []


def test_replace_keeps_stopped_in_the_saved_form(lib):
    fb = replace(grade(lib.questions[0], "an answer"), stopped=True)
    assert Feedback.from_dict(fb.to_dict()).stopped is True
    old = fb.to_dict()
    del old["stopped"]
    assert Feedback.from_dict(old).stopped is False


def test_the_answer_clock_can_be_sped_up_for_tests_and_demos(monkeypatch):
    import time

    from salesops_drill.clock import monotonic_clock
    from salesops_drill.errors import UsageError

    monkeypatch.delenv("DRILL_CLOCK_SPEED", raising=False)
    assert monotonic_clock() is time.monotonic
    monkeypatch.setenv("DRILL_CLOCK_SPEED", "50")
    fast = monotonic_clock()
    real, start = time.monotonic(), fast()
    time.sleep(0.2)
    assert fast() - start >= 50 * (time.monotonic() - real) * 0.9 >= 9
    for bad in ("0.5", "fast", "nan", "5000"):
        monkeypatch.setenv("DRILL_CLOCK_SPEED", bad)
        with pytest.raises(UsageError, match=f"DRILL_CLOCK_SPEED='{bad}' is not a speed"):
            monotonic_clock()
