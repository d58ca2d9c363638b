"""``drill questions list | show``."""

from __future__ import annotations

import json

import pytest

from tests.helpers import GOOD_QUESTION, run, write


def test_list_filters_by_role_and_category():
    result = run("questions", "list", "--role", "mgr", "--category", "Behavioral", "--json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert len(found) >= 3
    assert all("manager" in q["roles"] and q["category"] == "behavioral" for q in found)


def test_list_filters_by_difficulty():
    found = json.loads(run("questions", "list", "--difficulty", "3", "--json").stdout)
    assert found and all(q["difficulty"] == 3 for q in found)


@pytest.mark.parametrize("columns", [80, 60])
def test_list_fits_the_width_and_shows_whole_prompts(monkeypatch, columns):
    # Changed on purpose (issue 15): prompts used to be cut to one line with "…"; a
    # list must not cut what the user reads to pick a question, so they wrap instead.
    monkeypatch.setenv("COLUMNS", str(columns))
    args = ("questions", "list", "--role", "manager", "--category", "behavioral")
    result = run(*args)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert "…" not in result.stdout
    assert lines[-1].endswith(" questions")
    assert "manager" in lines[0] or "manager" in lines[1]
    flowed = " ".join(result.stdout.split())
    for q in json.loads(run(*args, "--json").stdout):
        assert " ".join(q["prompt"].split()) in flowed
        assert q["id"] in flowed


LONELY_ROLE = """
roles:
  - id: lonely
    title: Lonely Role
    level: 9
    experience: 1 year
    min_years: 1
    summary: Has only the questions written for every role.
    responsibilities: [r]
    skills: [s]
    education: [e]
    kpis: [k]
    reports_to: nobody
    interview_focus: [f]
"""


def test_list_with_no_match_says_so(banks_dir):
    # The new role has only the few "all roles" questions: fewer than the 15
    # category x difficulty combinations, so at least one combination is empty.
    write(banks_dir / "lonely.yaml", LONELY_ROLE)
    found = json.loads(run("questions", "list", "--role", "lonely", "--json").stdout)
    assert len(found) < 15
    taken = {(q["category"], q["difficulty"]) for q in found}
    categories = ["technical", "behavioral", "situational", "problem-solving", "role-knowledge"]
    empty = next((c, d) for c in categories for d in (1, 2, 3) if (c, d) not in taken)
    args = ["--role", "lonely", "--category", empty[0], "--difficulty", str(empty[1])]
    result = run("questions", "list", *args)
    assert result.exit_code == 0
    assert result.stdout.strip() == "No questions match those filters."
    assert json.loads(run("questions", "list", *args, "--json").stdout) == []


def test_list_unknown_category_suggests():
    result = run("questions", "list", "--category", "behavoiral")
    assert result.exit_code == 2
    assert "did you mean 'behavioral'?" in result.stderr.lower()


def test_difficulty_out_of_range_is_a_usage_error():
    result = run("questions", "list", "--difficulty", "5")
    assert result.exit_code == 2


def test_difficulty_is_the_word_shown_on_screen_or_its_number():
    by_number = {
        n: json.loads(run("questions", "list", "-d", str(n), "--json").stdout) for n in (1, 2, 3)
    }
    for n, word in ((1, "easy"), (2, "Medium"), (3, "HARD")):
        result = run("questions", "list", "--difficulty", word, "--json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout) == by_number[n] and by_number[n]
    bad = run("questions", "list", "--difficulty", "extreme")
    assert bad.exit_code == 2
    assert "'extreme' is not a difficulty: use easy, medium or hard (or 1 to 3)" in " ".join(
        bad.stderr.replace("│", " ").split()
    )
    for number, name in {1: "easy", 2: "medium", 3: "hard"}.items():
        shown = run("questions", "list", "-d", name).stdout  # the word the list shows
        assert f" {name} " in shown and all(
            f" {other} " not in shown for other in ("easy", "medium", "hard") if other != name
        ), number


def test_show_has_everything_and_fits_80_columns():
    qid = json.loads(run("questions", "list", "--role", "manager", "--json").stdout)[0]["id"]
    result = run("questions", "show", qid)
    assert result.exit_code == 0
    for heading in ("What it tests", "Key points", "Model answer", "Follow-ups"):
        assert heading in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_show_json_round_trips_a_user_question(banks_dir):
    write(
        banks_dir / "mine.yaml",
        GOOD_QUESTION.replace("prompt: How would", 'prompt: "[bold]How[/] would').replace(
            "cycle?", 'cycle?"'
        ),
    )
    data = json.loads(run("questions", "show", "q-test-one", "--json").stdout)
    assert data["prompt"] == "[bold]How[/] would you cut the sales cycle?"
    assert data["model_answer"] == {"steps": ["Measure", "Find", "Fix"]}
    assert data["time_limit_s"] == 240  # the problem-solving default
    text = run("questions", "show", "q-test-one").stdout
    assert "[bold]How[/] would you cut the sales cycle?" in text


def test_show_unknown_id_suggests():
    qid = json.loads(run("questions", "list", "--json").stdout)[0]["id"]
    result = run("questions", "show", qid + "x")
    assert result.exit_code == 2
    assert f"did you mean '{qid}'?" in result.stderr.lower()
