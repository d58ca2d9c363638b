"""Choosing an interview's questions by id: the core's plan, and errors that name no flag."""

from __future__ import annotations

import pytest

from salesops_drill.errors import UsageError
from salesops_drill.interview_questions import (
    NotForRole,
    NothingToRetry,
    UnknownQuestion,
    plan,
    plan_from_ids,
    plan_weakest,
)
from salesops_drill.store import Store
from salesops_drill.target import ALL


def ids_of(lib, role, inside=True):
    return [q.id for q in lib.questions if (role in q.roles) == inside]


def test_a_plan_from_ids_asks_them_in_the_order_given(lib):
    mine = ids_of(lib, "manager")[:3][::-1]
    p = plan_from_ids("manager", lib.questions, mine, seed=7)
    assert [q.id for q in p.questions] == mine
    assert (p.role, p.seed, p.requested, p.note) == ("manager", 7, 3, "")
    anyone = ids_of(lib, "manager", inside=False)[:1] + mine[:1]
    assert plan_from_ids(None, lib.questions, anyone, seed=1).role == ALL


def test_an_unknown_id_is_named_with_the_nearest_known_one(lib):
    known = ids_of(lib, "manager")[0]
    with pytest.raises(UnknownQuestion) as caught:
        plan_from_ids("manager", lib.questions, [known, known + "x"], seed=1)
    assert caught.value.question_id == known + "x" and caught.value.hint == known
    assert caught.value.message == f"unknown question id '{known}x'; did you mean '{known}'?"
    with pytest.raises(UnknownQuestion) as far:
        plan_from_ids("manager", lib.questions, ["zzzzzzzz"], seed=1)
    assert far.value.hint is None and far.value.message == "unknown question id 'zzzzzzzz'"


def test_ids_not_asked_for_the_role_are_all_listed_once(lib):
    mine = ids_of(lib, "manager")[0]
    a, b = ids_of(lib, "manager", inside=False)[:2]
    with pytest.raises(NotForRole) as caught:
        plan_from_ids("manager", lib.questions, [a, mine, b, a], seed=1)
    assert caught.value.ids == [a, b] and caught.value.role == "manager"
    assert caught.value.message == f"question ids are not asked for manager: '{a}', '{b}'"


def test_core_errors_name_no_command_line_flag(lib, tmp_path):
    with pytest.raises(UsageError) as zero:
        plan("manager", lib.questions, 0, seed=1)
    with Store.open(tmp_path / "p.db") as store:
        with pytest.raises(NothingToRetry) as none_yet:
            plan_weakest("manager", lib.questions, 3, 1, store)
        with pytest.raises(UsageError) as zero_weakest:
            plan_weakest("manager", lib.questions, 0, 1, store)
    for caught in (zero, none_yet, zero_weakest):
        assert "--" not in caught.value.message
    assert none_yet.value.message == "no answered questions yet for manager, so none to retry"
