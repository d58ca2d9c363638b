"""Every screen usable at 60 and 80 columns: nothing past the edge, nothing cut with
"…", no word split across lines (issue 15)."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import run
from tests.screens import assert_fits, words


def at(columns: int, monkeypatch, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def flowed(out: str) -> str:
    """The output as one line of words, panel borders left out."""
    return " ".join(re.sub(r"[│╭╮╰╯─━]", " ", out).split())


def lines_of(out: str) -> list[str]:
    return [line.rstrip() for line in out.splitlines()]


@pytest.mark.parametrize("columns", [60, 80])
def test_roles_list_shows_whole_titles(monkeypatch, columns):
    out = at(columns, monkeypatch, "roles", "list")
    wide = at(200, monkeypatch, "roles", "list")
    assert_fits(out, columns, words(wide), wide)
    shown = words(out)
    for role in json.loads(run("roles", "list", "--json").stdout):
        assert words(role["title"]) <= shown and role["id"] in out
        if columns == 60:  # stacked: the title whole on its line, the counts under it
            assert f"{role['level']}  {role['title']}" in lines_of(out)
            assert f"{role['questions']} questions · {role['cards']} cards" in out


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize("names", [["analyst", "manager"], ["analyst", "manager", "director"]])
def test_roles_compare_never_splits_words(monkeypatch, columns, names):
    out = at(columns, monkeypatch, "roles", "compare", *names)
    wide = at(200, monkeypatch, "roles", "compare", *names)
    assert_fits(out, columns, words(wide), wide)
    data = json.loads(run("roles", "compare", *names, "--json").stdout)
    shown = words(out)
    for pair in data["fields"]["responsibilities"]["pairs"]:
        for item in pair["items"].values():
            assert item is None or words(item["text"]) <= shown
    # the step-up panel keeps its whole title, in the border or as its first line
    title = "Stepping up from Sales Operations Analyst to Sales Operations Manager"
    assert title in flowed(out)


def test_three_roles_at_60_columns_stack_each_topic_by_role(monkeypatch):
    lines = lines_of(at(60, monkeypatch, "roles", "compare", "analyst", "manager", "director"))
    start = lines.index("Responsibilities")
    topic = lines.index("  reporting", start)
    rows = [line.split()[0] for line in lines[topic + 1 : topic + 4]]
    assert rows == ["analyst", "manager", "director"]


@pytest.mark.parametrize("columns", [60, 80])
def test_questions_list_and_show_wrap_without_cutting(monkeypatch, columns):
    listed = at(columns, monkeypatch, "questions", "list", "--role", "manager")
    wide = at(400, monkeypatch, "questions", "list", "--role", "manager")
    assert_fits(listed, columns, words(wide), wide)
    shown = at(columns, monkeypatch, "questions", "show", "q-mgr-bottlenecks")
    wide = at(200, monkeypatch, "questions", "show", "q-mgr-bottlenecks")
    assert_fits(shown, columns, words(wide), wide)


def test_question_steps_and_key_points_hang_under_their_text(monkeypatch):
    lines = lines_of(at(60, monkeypatch, "questions", "show", "q-mgr-bottlenecks"))
    step = next(i for i, line in enumerate(lines) if "Steps 1. " in line)
    text_at = lines[step].index("1. ") + 3
    assert lines[step + 1][text_at - 1] == " " and lines[step + 1][text_at] != " "
    point = next(i for i, line in enumerate(lines) if "• Map the flow" in line)
    bullet_at = lines[point].index("•")
    assert lines[point + 1][bullet_at : bullet_at + 2] == "  "  # under the text, not the •
