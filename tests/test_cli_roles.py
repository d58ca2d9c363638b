"""``drill roles list | show | compare`` through the real CLI."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run, write

LADDER = ["rep", "analyst", "senior-analyst", "manager", "director", "vp"]


def test_list_shows_ladder_in_order():
    result = run("roles", "list")
    assert result.exit_code == 0
    positions = [result.stdout.index(f" {rid} ") for rid in LADDER]
    assert positions == sorted(positions)
    assert "Director of Sales" in result.stdout


def test_list_json_has_stable_keys_and_real_counts():
    result = run("roles", "list", "--json")
    data = json.loads(result.stdout)
    assert [r["id"] for r in data] == LADDER
    assert set(data[0]) == {"id", "title", "level", "experience", "min_years", "questions", "cards"}
    assert all(r["cards"] > 0 for r in data)
    assert "\x1b" not in result.stdout


def test_list_fits_80_columns():
    result = run("roles", "list")
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


@pytest.mark.parametrize(
    "name, expected",
    [
        ("manager", "manager"),
        ("MANAGER", "manager"),
        ("mgr", "manager"),
        ("VP of Sales Operations", "vp"),
        ("vice-president", "vp"),
        ("Senior Analyst", "senior-analyst"),
        ("sales operations representative", "rep"),
    ],
)
def test_show_resolves_names_and_aliases(name, expected):
    result = run("roles", "show", name, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == expected


def test_show_prints_whole_profile_at_80_columns():
    result = run("roles", "show", "manager")
    assert result.exit_code == 0
    for heading in ("Responsibilities", "Skills", "KPIs owned", "Certifications", "Education"):
        assert heading in result.stdout
    assert "Reports to" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_show_json_has_every_profile_field():
    data = json.loads(run("roles", "show", "director", "--json").stdout)
    for key in (
        "id",
        "title",
        "aliases",
        "level",
        "experience",
        "summary",
        "responsibilities",
        "skills",
        "education",
        "certifications",
        "kpis",
        "salary",
        "reports_to",
        "leads",
        "interview_focus",
        "questions",
        "cards",
    ):
        assert key in data
    assert "150,000" in data["salary"]


def test_unknown_role_exits_2_with_one_line_and_suggestion():
    result = run("roles", "show", "mangaer")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "did you mean 'manager'?" in lines[0].lower()
    assert "rep, analyst, senior-analyst, manager, director, vp" in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_role_without_close_match_lists_roles():
    result = run("roles", "show", "xyzzy")
    assert result.exit_code == 2
    assert "unknown role 'xyzzy'" in result.stderr and "did you mean" not in result.stderr.lower()


def test_compare_marks_shared_and_unique_and_steps_up():
    result = run("roles", "compare", "analyst", "manager")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "only analyst" in out and "only manager" in out and "Shared by both" in out
    assert "Stepping up from Sales Operations Analyst to Sales Operations Manager" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_compare_json_step_up_lists_what_the_higher_role_adds():
    data = json.loads(run("roles", "compare", "manager", "analyst", "--json").stdout)
    assert data["roles"] == ["manager", "analyst"]
    step = data["step_up"][0]
    assert (step["from"], step["to"]) == (
        "analyst",
        "manager",
    )  # ladder order, whatever the argument order
    manager = json.loads(run("roles", "show", "manager", "--json").stdout)
    analyst = json.loads(run("roles", "show", "analyst", "--json").stdout)
    assert step["years"] == manager["min_years"] - analyst["min_years"]
    assert set(step["certifications"]) == set(manager["certifications"]) - set(
        analyst["certifications"]
    )
    for field in ("skills", "responsibilities", "kpis"):
        assert set(step[field]) <= set(manager[field])
        assert not set(step[field]) & set(analyst[field])
    fields = data["fields"]["kpis"]
    for item in fields["shared"]:
        assert item in manager["kpis"] and item in analyst["kpis"]


def test_compare_three_roles_gives_two_steps():
    data = json.loads(run("roles", "compare", "rep", "vp", "manager", "--json").stdout)
    assert [(s["from"], s["to"]) for s in data["step_up"]] == [
        ("rep", "manager"),
        ("manager", "vp"),
    ]


def test_compare_needs_two_different_roles():
    result = run("roles", "compare", "manager", "mgr")
    assert result.exit_code == 2
    assert "at least two different roles" in result.stderr


def test_compare_unknown_role():
    result = run("roles", "compare", "analyst", "direktor")
    assert result.exit_code == 2
    assert "did you mean 'director'?" in result.stderr.lower()


MARKUP_ROLE = """
roles:
  - id: markup-role
    title: "[red]Chief [/] of [link=https://example.com]Ops[/link]"
    level: 7
    experience: "[bold]9+ years"
    min_years: 9
    summary: "Text with [/] and [red] that must print as typed."
    responsibilities: ["[/bold] closing tag alone", "[not a style] words"]
    skills: ["[[double]]"]
    education: ["[i]"]
    kpis: ["[/]"]
    reports_to: "[link=x]"
    interview_focus: ["[blink]focus"]
"""


def test_markup_in_content_prints_literally(banks_dir):
    write(banks_dir / "markup.yaml", MARKUP_ROLE)
    result = run("roles", "show", "markup-role")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "[red]Chief [/] of [link=https://example.com]Ops[/link]" in out
    assert "Text with [/] and [red] that must print as typed." in out
    for text in ("[/bold] closing tag alone", "[[double]]", "[blink]focus", "[link=x]"):
        assert text in out
    listing = run("roles", "list").stdout
    assert "[bold]9+ years" in listing
    compared = run("roles", "compare", "markup-role", "vp")
    assert compared.exit_code == 0 and "[/bold] closing tag alone" in compared.stdout
