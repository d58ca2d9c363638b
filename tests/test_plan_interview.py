"""A goal in ``drill interview``: the weakest categories are asked first."""

from __future__ import annotations

import json

from salesops_drill.interview_questions import choose_questions
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from tests.helpers import run, write

ANSWER = "I would pull the CRM data, find the slowest stage and pilot a fix, then measure."


def test_categories_listed_first_lead_in_their_order():
    lib = load_library(resolve_paths())
    pool = [q for q in lib.questions if "manager" in q.roles]
    cats = sorted({q.category for q in pool})
    wanted = [cats[-1], cats[0]]
    for seed in range(5):
        chosen = choose_questions(pool, 4, seed, first=wanted)
        assert [q.category for q in chosen[:2]] == wanted
        assert len({q.category for q in chosen}) == 4  # still spread over categories
    assert choose_questions(pool, 4, 1, first=["no-such"]) == choose_questions(pool, 4, 1)


def interview(tmp_path, n: int, *extra: str) -> list[str]:
    path = tmp_path / "answers.yaml"
    write(path, "".join(f'- "{ANSWER}"\n' for _ in range(n)))
    result = run("interview", "--role", "manager", "--answers", str(path), "--json", *extra)
    assert result.exit_code == 0, result.stderr
    return [a["category"] for a in json.loads(result.stdout)["answers"]]


def test_with_a_goal_the_weakest_categories_come_first(tmp_path, monkeypatch):
    monkeypatch.setenv("DRILL_NOW", "2026-03-02T14:00")
    run("plan", "--role", "manager", "--date", "2026-03-16")
    weakest = json.loads(run("plan", "--json").stdout)[0]["mock_interviews"]["weakest_categories"]
    first = interview(tmp_path, 3)
    assert first == weakest[:3]  # none answered yet: in name order
    # Those three now have scores; the categories never tried lead the next interview.
    again = interview(tmp_path, 2)
    never = [c for c in weakest if c not in first]
    assert len(never) == 2 and again == never
    shown = json.loads(run("plan", "--json").stdout)[0]["mock_interviews"]
    assert shown["done"] == 2 and len(shown["scores"]) == 2
    assert sorted(shown["weakest_categories"]) == sorted(weakest)


def test_a_seed_or_chosen_categories_leave_the_order_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("DRILL_NOW", "2026-03-02T14:00")
    run("plan", "--role", "manager", "--date", "2026-03-16")
    seeded = interview(tmp_path, 3, "--seed", "4")
    run("plan", "--clear")
    assert interview(tmp_path, 3, "--seed", "4") == seeded
