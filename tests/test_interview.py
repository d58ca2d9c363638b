"""Choosing interview questions and recording a session, with a real store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from salesops_drill.answers_file import parse_answers
from salesops_drill.bank import KeyPoint, ModelAnswer, Question
from salesops_drill.errors import UsageError
from salesops_drill.interview import (
    InterviewSession,
    corrected_coverage,
    corrected_points,
    pick_follow_up,
)
from salesops_drill.interview_questions import Plan, choose_questions, plan
from salesops_drill.scheduler import Scheduler
from salesops_drill.store import Store

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=timezone.utc)


def manager_pool(lib):
    return [q for q in lib.questions if "manager" in q.roles]


def test_same_seed_same_questions_any_pool_order(lib):
    pool = manager_pool(lib)
    a = [q.id for q in choose_questions(pool, 5, seed=42)]
    b = [q.id for q in choose_questions(list(reversed(pool)), 5, seed=42)]
    assert a == b and len(set(a)) == 5
    assert a != [q.id for q in choose_questions(pool, 5, seed=43)]


@pytest.mark.parametrize("n", [4, 5, 7])
def test_four_or_more_questions_span_three_categories(lib, n):
    for seed in range(30):
        chosen = choose_questions(manager_pool(lib), n, seed)
        assert len({q.category for q in chosen}) >= 3


def test_recent_questions_are_avoided_and_weak_ones_preferred(lib):
    pool = sorted(manager_pool(lib), key=lambda q: (q.category, q.id))
    recent = {q.id for q in pool[::2]}  # every other question: half of each category
    picks = [q.id for seed in range(200) for q in choose_questions(pool, 5, seed, recent=recent)]
    share_recent = sum(p in recent for p in picks) / len(picks)
    assert share_recent < 0.25  # half the pool, but rarely chosen
    weak = {pool[0].id}
    hits = sum(
        pool[0].id in [q.id for q in choose_questions(pool, 5, s, weak=weak)] for s in range(200)
    )
    plain = sum(pool[0].id in [q.id for q in choose_questions(pool, 5, s)] for s in range(200))
    assert hits > plain * 1.5


def test_plan_with_too_few_questions_uses_all_and_says_so(lib):
    p = plan("manager", lib.questions, 50, seed=1, categories=["behavioral"])
    assert p.questions and all(q.category == "behavioral" for q in p.questions)
    assert p.note.startswith(f"Only {len(p.questions)} questions match for manager")


def test_plan_refuses_nonsense(lib):
    with pytest.raises(UsageError):
        plan("manager", lib.questions, 0, seed=1)
    with pytest.raises(UsageError):
        plan("manager", lib.questions, 3, seed=1, difficulty=3, categories=["no-such"])


def test_plan_uses_history_from_the_store(lib, store):
    first = plan("manager", lib.questions, 5, seed=5, store=store)
    s = InterviewSession(store, Scheduler(enable_fuzzing=False), first, lambda: NOW)
    for q in first.questions:
        s.rate(s.answer(q, "a decent answer with a pilot and a 10% result"), 4)
    s.finish()
    again = plan("manager", lib.questions, 5, seed=5, store=store)
    assert set(q.id for q in again.questions) != set(q.id for q in first.questions)


def test_each_answer_is_committed_and_weak_answers_come_back_soon(lib, store, tmp_path):
    p = plan("manager", lib.questions, 2, seed=3)
    session = InterviewSession(store, Scheduler(enable_fuzzing=False), p, lambda: NOW)
    weak_q, strong_q = p.questions
    weak = session.answer(weak_q, "um I would basically look at the data", 40.0, 180)
    with Store.open(tmp_path / "progress.db") as other:
        (row,) = other.answers(session.session_id)
        assert row.answer.startswith("um I would") and row.feedback["score"] == weak.feedback.score
    assert session.rate(weak, 2) == 1  # Again
    model = " ".join(line for _, lines in strong_q.model_answer.parts for line in lines)
    strong = session.answer(strong_q, model, 100.0, 240)
    assert session.rate(strong, 5) >= 3
    weak_due = store.get_state(weak_q.id).due
    strong_due = store.get_state(strong_q.id).due
    assert weak_due - NOW <= timedelta(minutes=10) < strong_due - NOW
    assert store.session(session.session_id).finished_at is None  # not finished yet
    summary = session.finish()
    assert store.session(session.session_id).score == summary.overall_score


def test_follow_up_is_saved(lib, store):
    p = plan("rep", lib.questions, 1, seed=3)
    s = InterviewSession(store, Scheduler(), p, lambda: NOW)
    done = s.answer(p.questions[0], "an answer")
    s.follow_up(done, "Why?", "Because.")
    (row,) = store.answers(s.session_id)
    assert (row.follow_up, row.follow_up_answer) == ("Why?", "Because.")


def test_parse_answers_forms_and_errors():
    assert [a.text for a in parse_answers("f", ["one", "two"])] == ["one", "two"]
    by_id = parse_answers("f", {"q-a": "text", "q-b": "more"})
    assert [(a.question_id, a.text) for a in by_id] == [("q-a", "text"), ("q-b", "more")]
    rated = parse_answers("f", [{"id": "q-a", "answer": "x", "self_rating": 4}])
    assert rated[0].self_rating == 4
    for bad, message in (
        ("just text", "expected a mapping"),
        ([], "no answers"),
        ([{"answer": "x", "rating": 3}], "unknown field"),
        ([{"answer": "x", "self_rating": 9}], "self_rating must be 1 to 5"),
        ([{"answer": ["a", "list"]}], "must be text"),
    ):
        with pytest.raises(UsageError, match=message):
            parse_answers("f", bad)


# -- follow-ups and corrections ---------------------------------------------------------


def _question(**changes) -> Question:
    """A small question of our own, so the follow-up key points are known."""
    fields = dict(
        id="q-own-cycle",
        prompt="How would you cut the sales cycle?",
        category="problem-solving",
        roles=("manager",),
        difficulty=2,
        what_it_tests="Cycle length.",
        key_points=(
            KeyPoint("Measure the baseline", ("baseline",)),
            KeyPoint("Find the slow stage", ("bottleneck",)),
            KeyPoint("Pilot a fix", ("pilot",)),
        ),
        model_answer=ModelAnswer((("steps", ("Measure", "Find", "Fix")),)),
        follow_ups=("Why?", "How would you know it worked?", "Who signs off?"),
        follow_up_points=(
            (),
            (
                KeyPoint("Compare with the baseline", ("baseline",)),
                KeyPoint("Watch win rate too", ("win rate",)),
            ),
            (),
        ),
    )
    fields.update(changes)
    return Question(**fields)


def _session(store, q: Question) -> InterviewSession:
    p = Plan("manager", [q], seed=1, requested=1)
    return InterviewSession(store, Scheduler(enable_fuzzing=False), p, lambda: NOW)


def test_a_follow_up_with_key_points_of_its_own_is_preferred():
    q = _question()
    assert {pick_follow_up(q, seed, pos) for seed in range(5) for pos in range(1, 4)} == {
        "How would you know it worked?"
    }
    plain = _question(follow_up_points=())
    asked = {pick_follow_up(plain, seed, 1) for seed in range(9)}
    assert asked == set(plain.follow_ups)  # none graded: any of them, by seed
    assert pick_follow_up(plain, 4, 2) == pick_follow_up(plain, 4, 2)


def test_a_follow_up_answer_is_graded_and_saved_with_the_answer(store):
    q = _question()
    s = _session(store, q)
    done = s.answer(q, "I would measure the baseline first.")
    prompt = "How would you know it worked?"
    reply = "I would compare the cycle with the baseline we measured before the pilot."
    fb = s.follow_up(done, prompt, reply)
    assert fb is not None and [h.label for h in fb.covered] == ["Compare with the baseline"]
    assert fb.missed == ["Watch win rate too"]
    assert fb.covered[0].sentence == reply  # the quoted evidence
    (row,) = store.answers(s.session_id)
    assert (row.follow_up, row.follow_up_answer) == (prompt, reply)
    assert row.feedback["follow_up"]["covered"][0]["label"] == "Compare with the baseline"
    assert row.feedback["score"] == done.feedback.score  # the answer's own feedback kept
    assert done.follow_up_feedback == fb


def test_an_ungraded_or_skipped_follow_up_saves_no_feedback(store):
    q = _question()
    s = _session(store, q)
    first = s.answer(q, "An answer.")
    assert s.follow_up(first, "Why?", "Because it is slow.") is None  # no key points of its own
    second = s.answer(q, "Another answer.")
    assert s.follow_up(second, "How would you know it worked?", "   ") is None  # blank: skipped
    rows = store.answers(s.session_id)
    assert [r.follow_up_answer for r in rows] == ["Because it is slow.", None]
    assert all("follow_up" not in r.feedback for r in rows)


def test_corrections_keep_only_where_the_user_differs_and_are_stored(store):
    q = _question()
    s = _session(store, q)
    done = s.answer(q, "I would measure the baseline and find the bottleneck in legal review.")
    assert done.feedback.missed == ["Pilot a fix"]
    everything = {"Measure the baseline": True, "Find the slow stage": False, "Pilot a fix": True}
    fb = s.correct(done, everything)
    assert fb.corrections == {"Find the slow stage": False, "Pilot a fix": True}
    assert corrected_points(fb) == ["Measure the baseline", "Pilot a fix"]
    (row,) = store.answers(s.session_id)
    assert row.feedback["corrections"] == fb.corrections
    assert row.feedback["coverage"] == done.feedback.coverage  # the grader's figure stays
    s.correct(done, {"Pilot a fix": False})  # agreeing with the grader: no correction left
    assert store.answers(s.session_id)[0].feedback["corrections"] == {}
    with pytest.raises(ValueError, match="not a key point"):
        s.correct(done, {"Something else": True})


def test_corrected_coverage_schedules_the_review(store):
    q = _question()
    s = _session(store, q)
    blank_story = "I would talk to people and see what they think about it all."
    graded = s.answer(q, blank_story)
    assert graded.feedback.coverage == 0
    assert s.rate(graded, 4) == 1  # Again: nothing covered
    q2 = _question(id="q-own-cycle-2")
    mine = s.answer(q2, blank_story)
    s.correct(mine, {kp.label: True for kp in q2.key_points})  # "I did say all of that"
    assert corrected_coverage(mine.feedback) == 1.0
    assert s.rate(mine, 4) == 3  # Good: the user's judgement counts for the schedule


def test_parse_answers_with_follow_ups():
    listed = parse_answers("f", [{"id": "q-a", "answer": "x", "follow_up": "because"}])
    assert listed[0].follow_up == "because"
    nested = parse_answers("f", {"q-a": {"answer": "x", "self_rating": 3, "follow_up": "y"}})
    assert [(a.question_id, a.text, a.self_rating, a.follow_up) for a in nested] == [
        ("q-a", "x", 3, "y")
    ]
    assert parse_answers("f", ["plain"])[0].follow_up is None
    with pytest.raises(UsageError, match="follow_up must be text"):
        parse_answers("f", [{"answer": "x", "follow_up": ["a", "list"]}])
    with pytest.raises(UsageError, match="unknown field"):
        parse_answers("f", {"q-a": {"answer": "x", "followup": "y"}})
