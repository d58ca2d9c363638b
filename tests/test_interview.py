"""Choosing interview questions and recording a session, with a real store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from salesops_drill.errors import UsageError
from salesops_drill.interview import (
    InterviewSession,
    choose_questions,
    parse_answers,
    plan,
)
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from salesops_drill.scheduler import Scheduler
from salesops_drill.store import Store

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def lib():
    return load_library(resolve_paths(), use_cache=False)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "p.db") as s:
        yield s


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
    with Store.open(tmp_path / "p.db") as other:
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
