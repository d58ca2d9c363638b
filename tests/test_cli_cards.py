"""``drill cards list | show | suspend | unsuspend``: browsing the cards you review."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from salesops_drill.paths import resolve_paths
from salesops_drill.scheduler import CardState, Scheduler
from salesops_drill.store import Store
from tests.helpers import run, write

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
CAC = "c-kpis-cac-formula"
QUESTION = "q-mgr-bottlenecks"


def review(card_id: str, ratings=(3, 3, 3), at: datetime = START) -> CardState:
    """Review a card as ``drill review`` would, each rating when the last one fell due."""
    scheduler = Scheduler(enable_fuzzing=False)
    state = CardState.new(card_id)
    with Store.open(resolve_paths().progress_db) as store:
        for rating in ratings:
            state = scheduler.review(state, rating, at)
            store.record_review(state, rating, at, 4000)
            at = state.due
    return state


@pytest.fixture
def later(monkeypatch):
    """The clock three weeks on: every card reviewed at START is due."""
    monkeypatch.setenv("DRILL_NOW", (START + timedelta(days=21)).isoformat())


def listed(*args: str) -> list[dict]:
    result = run("cards", "list", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_list_shows_every_reviewable_card_with_its_state(later):
    review(CAC)
    found = {c["id"]: c for c in listed()}
    assert found[CAC]["state"] == "review" and found[CAC]["kind"] == "card"
    assert found[CAC]["due"].startswith("2026-03-")
    assert found[QUESTION] == {
        "id": QUESTION,
        "kind": "question",
        "front": found[QUESTION]["front"],
        "roles": ["manager"],
        "tags": ["problem-solving"],
        "state": "new",
        "due": None,
        "suspended": False,
        "source": "built-in",
    }


def test_list_filters(later):
    review(CAC)
    review(QUESTION)
    assert {c["id"] for c in listed("--due")} == {CAC, QUESTION}
    assert {c["id"] for c in listed("--due", "--tag", "kpi")} == {CAC}
    assert {c["id"] for c in listed("--due", "--role", "analyst")} == {CAC}  # q is manager's
    managers = listed("--role", "mgr")
    assert managers and all("manager" in c["roles"] for c in managers)
    assert all("kpi" in c["tags"] for c in listed("--tag", "kpi"))
    assert listed("--suspended") == []
    assert run("cards", "suspend", CAC).exit_code == 0
    assert [c["id"] for c in listed("--suspended")] == [CAC]
    assert {c["id"] for c in listed("--due")} == {QUESTION}  # a suspended card is never due


def test_list_unknown_tag_or_role_is_one_line_with_a_hint():
    tag = run("cards", "list", "--tag", "kpii")
    assert tag.exit_code == 2
    assert tag.stderr == "drill: error: no card has the tag 'kpii'. Did you mean 'kpi'?\n"
    role = run("cards", "list", "--role", "bos")
    assert role.exit_code == 2 and "unknown role 'bos'" in role.stderr


@pytest.mark.parametrize("columns", [60, 80])
def test_list_is_plain_and_fits_the_width(later, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    review(CAC)
    run("cards", "suspend", "c-kpis-why-track")
    result = run("cards", "list", "--role", "manager")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "\x1b" not in result.stdout  # piped: no colour codes
    assert max(len(line) for line in lines) <= columns
    head = next(line for line in lines if line.startswith(CAC))
    assert "review · due now" in head
    # the tags and roles follow on the head line, or on their own when they do not fit
    after = lines[lines.index(head) + 1 : lines.index(head) + 3]
    assert "  How is customer acquisition cost calculated?" in after
    assert any(line.startswith("c-kpis-why-track") and "suspended" in line for line in lines)
    assert re.fullmatch(r"\d+ cards · 1 due now · \d+ new · 1 suspended", lines[-1])


def test_show_gives_text_schedule_recall_and_history(later):
    state = review(CAC, ratings=(3, 3, 3, 1, 3))
    assert state.state == "review"  # relearnt after the lapse
    result = run("cards", "show", CAC)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for expected in (
        "How is customer acquisition cost calculated?",
        "CAC = (marketing spend + sales spend in the period)",
        "State       review",
        f"Stability   {state.stability:.1f} days",
        f"Difficulty  {state.difficulty:.1f} of 10",
        "% predicted",
        "Good",
        "Again",
        "built-in",
    ):
        assert expected in out, expected
    data = json.loads(run("cards", "show", CAC, "--json").stdout)
    assert [r["rating_name"] for r in data["reviews"]] == ["Good", "Good", "Good", "Again", "Good"]
    schedule = data["schedule"]
    assert schedule["stability_days"] == pytest.approx(state.stability)
    assert 0 < schedule["recall_now"] < 1
    assert schedule["due"] == state.due.isoformat()
    assert data["back"].startswith("CAC = ")


def test_show_a_new_card_and_a_question(later):
    data = json.loads(run("cards", "show", QUESTION, "--json").stdout)
    assert data["kind"] == "question" and data["state"] == "new"
    assert data["schedule"]["recall_now"] is None and data["reviews"] == []
    assert data["back"].startswith("Key points:")
    shown = run("cards", "show", QUESTION)
    assert "Interview question" in shown.stdout and "none yet" in shown.stdout


@pytest.mark.parametrize(
    ("typed", "hint"),
    [("c-kpis-cac-formul", "c-kpis-cac-formula"), ("cac-formula", "c-kpis-cac-formula")],
)
def test_unknown_id_is_one_line_with_did_you_mean(typed, hint):
    for command in ("show", "suspend", "unsuspend", "edit"):
        result = run("cards", command, typed)
        assert result.exit_code == 2
        assert result.stderr == f"drill: error: no card with id '{typed}'. Did you mean '{hint}'?\n"


def test_suspend_and_unsuspend(later):
    review(CAC)
    result = run("cards", "suspend", CAC, QUESTION)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Suspended {CAC}: it stays out of review until 'drill cards unsuspend {CAC}'",
        f"Suspended {QUESTION}: it stays out of review until 'drill cards unsuspend {QUESTION}'",
    ]
    assert run("cards", "suspend", CAC).stdout == f"{CAC} was already suspended\n"
    with Store.open(resolve_paths().progress_db) as store:
        assert set(store.suspended()) == {CAC, QUESTION}
        assert store.get_state(QUESTION) is None  # still new
    assert run("cards", "unsuspend", CAC).stdout == f"{CAC} is back in review\n"
    assert run("cards", "unsuspend", CAC).stdout == f"{CAC} was not suspended\n"
    bad = run("cards", "suspend", QUESTION, "c-nope")
    assert bad.exit_code == 2
    with Store.open(resolve_paths().progress_db) as store:
        assert set(store.suspended()) == {QUESTION}  # an unknown id: nothing changed


def test_user_cards_are_listed_as_yours(banks_dir):
    write(
        banks_dir / "mine.yaml",
        """
        cards:
          - id: c-mine
            front: Mine?
            back: Yes.
            roles: [all]
            tags: [mine]
        """,
    )
    (card,) = listed("--tag", "mine")
    assert card["source"] == "yours"


@pytest.mark.parametrize(
    "args",
    [
        ["cards"],
        ["cards", "list"],
        ["cards", "show"],
        ["cards", "suspend"],
        ["cards", "unsuspend"],
        ["cards", "edit"],
    ],
)
def test_every_cards_command_has_help_with_an_example(args):
    result = run(*args, "--help")
    assert result.exit_code == 0
    assert "drill cards" in result.stdout and "Example" in result.stdout


def test_cards_is_listed_in_the_main_help():
    assert "cards" in run("--help").stdout
