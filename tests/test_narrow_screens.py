"""Every screen usable at 60 and 80 columns: nothing past the edge, nothing cut with
"…", no word split across lines (issue 15)."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers import run
from tests.screens import assert_fits, split_words, words


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


URL = "https://example.com/reports/pipeline/2024/q3/approval-flow/legal-review/summary.html"
LONG_ANSWER = (
    "At my last company the sales cycle had grown from 48 to 62 days. I was responsible for "
    "finding out why, within two quarters. I pulled a year of CRM data, mapped every stage "
    "and found legal review was the bottleneck, so I ran a pilot automating pre-approved "
    f"clauses and trained the reps; the dashboard is at {URL} for anyone who asks. "
    "As a result the cycle fell 18% and stayed there."
)


@pytest.fixture
def interview(tmp_path, monkeypatch) -> tuple[str, str]:
    """A scripted two-question interview, saved: its printed output at 200 columns and
    the path of its answers file."""
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        json.dumps(
            [
                {"answer": LONG_ANSWER, "self_rating": 4, "follow_up": "I would measure it."},
                {"answer": "um basically I dunno", "self_rating": 2},
            ]
        ),
        encoding="utf-8",
    )
    args = ("interview", "--role", "manager", "--answers", str(answers), "--seed", "12")
    return at(200, monkeypatch, *args), str(answers)


def outside_url(fragments: list[str]) -> list[str]:
    """A URL longer than the line may break; any other split word may not."""
    return [f for f in fragments if f not in URL]


@pytest.mark.parametrize("columns", [60, 80])
def test_interview_feedback_and_scorecard_fit(interview, monkeypatch, columns):
    wide, answers = interview
    args = ("interview", "--role", "manager", "--answers", answers, "--seed", "12")
    out = at(columns, monkeypatch, *args)
    assert all(len(line.rstrip()) <= columns for line in out.splitlines())
    assert outside_url(split_words(out, words(wide))) == []
    assert out.count("…") <= wide.count("…")
    assert "Question 2/2 · problem-solving · medium · 4:00 to answer" in flowed(out)
    scorecard = out[out.index("Scorecard") :]
    header = next(line for line in scorecard.splitlines() if "Category" in line)
    assert {"Points", "STAR", "Self", "F-up", "Score"} <= set(header.split())


@pytest.mark.parametrize("columns", [60, 80])
def test_history_list_and_transcript_fit(interview, monkeypatch, columns):
    wide_list = at(200, monkeypatch, "history")
    listed = at(columns, monkeypatch, "history")
    assert_fits(listed, columns, words(wide_list), wide_list)
    assert "complete" in listed and "manager" in listed and "2/2" in listed
    wide = at(200, monkeypatch, "history", "show", "1")
    out = at(columns, monkeypatch, "history", "show", "1")
    assert all(len(line.rstrip()) <= columns for line in out.splitlines())
    assert outside_url(split_words(out, words(wide))) == []
    assert out.count("…") <= wide.count("…")
    # the answer, URL and all, is there to read
    assert URL in "".join(re.sub(r"[│\s]", "", out).split())


def test_scorecard_stacks_where_no_table_fits(interview, monkeypatch):
    out = at(40, monkeypatch, "history", "show", "1")
    scorecard = lines_of(out[out.index("Scorecard") :])
    assert "…" not in "\n".join(scorecard)
    assert all(len(line) <= 40 for line in scorecard)
    assert any(line.startswith("1. ") and "score" in line for line in scorecard)
    assert any("Points" in line and "STAR" in line for line in scorecard)


@pytest.mark.parametrize("width", [30, 60, 80])
def test_an_echoed_answer_wraps_on_word_boundaries(width):
    from io import StringIO

    from rich.console import Console

    from salesops_drill.ui.render_interview import answer_view

    console = Console(file=StringIO(), width=width, color_system=None)
    console.print(answer_view(LONG_ANSWER + "\n\nA second paragraph, kept apart."))
    out = console.file.getvalue()
    assert all(len(line) <= width for line in out.splitlines())
    assert outside_url(split_words(out, words(LONG_ANSWER, "Your answer"))) == []
    assert "paragraph" in out and "│" + " " * (width - 2) + "│" in out  # the blank line kept
    for word in ("within", "automating", "responsible"):  # whole, as the issue saw them split
        assert word in out


HELP_PAGES = [[], ["interview"], ["review"], ["stats"], ["roles"], ["roles", "compare"]]
HELP_PAGES += [["bank", "validate"], ["import", "csv"], ["export", "anki"], ["history"]]


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize("page", HELP_PAGES, ids=" ".join)
def test_help_fits_and_wraps_paragraphs_to_the_width(monkeypatch, columns, page):
    out = at(columns, monkeypatch, *page, "--help")
    wide = at(300, monkeypatch, *page, "--help")
    assert_fits(out, columns, words(wide), wide)


def test_help_paragraphs_are_not_broken_where_the_source_was(monkeypatch):
    out = at(80, monkeypatch, "interview", "--help")
    # the docstring breaks after "STAR,"; at 80 columns the line has room to go on
    line = next(line for line in out.splitlines() if "graded offline" in line)
    assert line.rstrip().endswith("(key points,") or "STAR, numbers" in line
    out = at(80, monkeypatch, "--help")
    line = next(line for line in out.splitlines() if "mastery by role," in line)
    # the stats summary ran "mastery by role," / "and how": a source line break kept
    assert "mastery by role, interview" in line


@pytest.mark.parametrize("columns", [60, 80])
def test_config_and_paths_fit(monkeypatch, columns, drill_home):
    out = at(columns, monkeypatch, "config")
    assert_fits(out, columns, set())
    assert "desired_retention = " in out and "Higher means more reviews." in flowed(out)
    out = at(columns, monkeypatch, "paths")
    data = json.loads(run("paths", "--json").stdout)
    for path in data.values():  # each path whole on one line, to copy
        assert any(line.strip().endswith(path) for line in out.splitlines())
    if max(len(p) for p in data.values()) + 21 > columns:
        assert "Progress store:" in out


def test_paths_stack_when_a_path_leaves_no_room_beside_its_label(monkeypatch, tmp_path):
    home = tmp_path / ("deep-" * 8) / "drill"
    monkeypatch.setenv("DRILL_HOME", str(home))
    out = at(60, monkeypatch, "paths")
    lines = out.splitlines()
    assert lines[lines.index("Progress store:") + 1] == f"  {home / 'progress.db'}"


@pytest.mark.parametrize("columns", [60, 80])
def test_stats_with_calibration_fits(interview, monkeypatch, columns):
    _, answers = interview
    for day in ("2026-03-01", "2026-03-09", "2026-03-17"):
        monkeypatch.setenv("DRILL_NOW", f"{day}T10:00")
        at(80, monkeypatch, "interview", "--role", "analyst", "--answers", answers)
    monkeypatch.setenv("DRILL_NOW", "2026-03-20T10:00")
    out = at(columns, monkeypatch, "stats")
    wide = at(200, monkeypatch, "stats")
    assert_fits(out, columns, words(wide), wide)
    data = json.loads(run("stats", "--json").stdout)["calibration"]
    for row in data["by_category"]:
        assert row["category"] in out
        if row["trend"]:
            assert row["trend"] in out


EVERY_SCREEN = [
    ["roles", "list"],
    ["roles", "show", "rep"],
    ["roles", "show", "vp"],
    ["roles", "compare", "rep", "vp"],
    ["roles", "compare", "rep", "analyst", "senior-analyst", "manager", "director", "vp"],
    ["questions", "list"],
    ["questions", "show", "q-mgr-bottlenecks"],
    ["stats"],
    ["stats", "--role", "manager"],
    ["history"],
    ["history", "show", "1"],
    ["config"],
    ["paths"],
    ["cards", "list", "--tag", "kpi"],
    ["cards", "show", "c-kpis-close-rate-formula"],
    ["--help"],
]


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize("args", EVERY_SCREEN, ids=" ".join)
def test_every_screen_fits_without_cuts_or_split_words(interview, monkeypatch, columns, args):
    """The general check: no line past the width, no "…" the wide form lacks, and no
    word split across lines (a fragment would be no word of the wide form or of drill)."""
    wide = at(400, monkeypatch, *args)
    out = at(columns, monkeypatch, *args)
    long = [line for line in out.splitlines() if len(line.rstrip()) > columns]
    assert all(is_lone_path(line) for line in long), long  # a path is never broken
    assert out.count("…") <= wide.count("…")
    assert outside_url(split_words(out, words(wide))) == []


def is_lone_path(line: str) -> bool:
    """A line holding one path (longer than the width, so it is kept whole to copy)."""
    return len(line.split()) == 1 and "/" in line


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize("command", [("cards", "list"), ("questions", "list")])
def test_long_lists_end_no_line_with_blanks(monkeypatch, columns, command):
    out = at(columns, monkeypatch, *command)
    assert len(out.splitlines()) > 300
    assert [line for line in out.splitlines() if line != line.rstrip()] == []
    assert_fits(out, columns, words(at(200, monkeypatch, *command)), out)


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize("args", [a for a in EVERY_SCREEN if a != ["--help"]], ids=" ".join)
def test_no_screen_ends_a_line_with_blanks(interview, monkeypatch, columns, args):
    """Rich pads each line of a table or panel to the width; piped into a file, or
    shown in a narrower terminal, those blanks are noise (or wrap to empty lines).
    (--help is typer's own console, left as typer draws it.)"""
    out = at(columns, monkeypatch, *args)
    assert [line for line in out.splitlines() if line != line.rstrip()] == []
