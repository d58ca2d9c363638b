"""``drill roles list | show | compare`` through the real CLI."""

from __future__ import annotations

import json
import re

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


NEED_PREFIXES = {"required": "Required: ", "usually-required": "Usually required: ",
                 "preferred": "Preferred: "}  # fmt: skip


def shown_texts(*profiles: dict) -> list[str]:
    """Every bullet text of these profiles (JSON), as printed."""
    texts = []
    for data in profiles:
        for name in ("responsibilities", "skills", "education", "kpis", "certifications",
                     "decisions", "interview_focus"):  # fmt: skip
            for item in data.get(name) or []:
                if isinstance(item, str):
                    texts.append(item)
                else:
                    texts.append(NEED_PREFIXES.get(item.get("need", ""), "") + item["text"])
    return texts


def check_hanging_indent(out: str, texts: list[str]) -> int:
    """Each wrapped bullet goes on under its text, never under its mark. Returns how
    many wrapped bullets were checked."""
    lines = out.splitlines()
    checked = 0
    for i, line in enumerate(lines[:-1]):
        for col, char in enumerate(line):
            if char != "•":
                continue
            first = re.split(r"\s{2,}|│", line[col + 2 :])[0].strip()
            whole = [t for t in texts if t.startswith(first) and len(t) > len(first)]
            if not first or not whole or first in texts:  # a whole item: nothing wrapped
                continue
            rest = whole[0][len(first) :].split()[0]
            below = lines[i + 1]
            assert below[col : col + 2] == "  ", (line, below)
            assert below[col + 2 :].startswith(rest), (line, below)
            checked += 1
    return checked


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
        "scope",
        "decisions",
        "questions",
        "cards",
    ):
        assert key in data
    assert "150,000" in data["salary"]
    assert "notes" not in data  # maintainers' notes are never shown, not even as data
    assert data["responsibilities"][0] == {
        "topic": "team",
        "text": data["responsibilities"][0]["text"],
    }
    assert {"topic": "masters", "text": "MBA, for senior ops roles", "need": "preferred"} in data[
        "education"
    ]


def test_salary_shows_its_context():
    out = run("roles", "show", "director").stdout
    salary = " ".join(out[out.index("Salary") :].split()[:14])
    assert all(word in salary for word in ("$150,000", "median", "2022", "guide"))


@pytest.mark.parametrize("role", LADDER)
def test_maintainer_notes_never_show(role):
    text = run("roles", "show", role).stdout + run("roles", "show", role, "--json").stdout
    for phrase in ("sources give none", "Seed 00", "seed 00", "notes"):
        assert phrase not in text


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


def test_compare_pairs_the_same_duty_at_two_levels():
    """Issue 13: analyst -> manager used to say "Shared by both: nothing"."""
    result = run("roles", "compare", "analyst", "manager")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Shared by both" not in out
    crm = next(line for line in out.splitlines() if line.startswith("  crm-data "))
    assert "Check CRM data" in crm and "Own CRM data" in crm  # one row, both levels
    assert "one level only" in out
    assert "Stepping up from Sales Operations Analyst to Sales Operations Manager" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_compare_step_up_lists_no_certification_and_no_degree_exception():
    """Issue 13: the step-up listed all four certifications and "promotion possible
    without a degree"; certifications are shown as helpful, never as a step."""
    out = run("roles", "compare", "analyst", "manager").stdout
    panel = out[out.index("Stepping up") :]
    assert "CSOP" not in panel and "without" not in panel
    assert "Certifications (helpful, none required)" in out[: out.index("Stepping up")]
    assert "Usually required: Bachelor's" in panel


def test_compare_json_step_up_lists_what_the_higher_role_adds():
    # Updated for issue 13: items carry topics, certifications left the step-up, and
    # a duty on a topic the lower role has is grown, not new.
    data = json.loads(run("roles", "compare", "manager", "analyst", "--json").stdout)
    assert data["roles"] == ["manager", "analyst"]
    assert data["ladder"] == ["analyst", "manager"]
    step = data["step_up"][0]
    assert (step["from"], step["to"]) == (
        "analyst",
        "manager",
    )  # ladder order, whatever the argument order
    manager = json.loads(run("roles", "show", "manager", "--json").stdout)
    analyst = json.loads(run("roles", "show", "analyst", "--json").stdout)
    assert step["years"] == manager["min_years"] - analyst["min_years"]
    assert "certifications" not in step
    for field in ("skills", "responsibilities"):
        low_topics = {i["topic"] for i in analyst[field]}
        assert step[field] and all(i in manager[field] for i in step[field])
        assert not {i["topic"] for i in step[field]} & low_topics
    assert set(step["kpis"]) == set(manager["kpis"]) - set(analyst["kpis"])
    assert set(step["decisions"]) == set(manager["decisions"]) - set(analyst["decisions"])
    assert step["scope"] == {"from": analyst["scope"], "to": manager["scope"]}
    assert step["team"] == {"from": "", "to": manager["leads"]}
    assert [e["need"] for e in step["education"]] == ["usually-required"]
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


ADJACENT = list(zip(LADDER, LADDER[1:], strict=False))


@pytest.mark.parametrize("low, high", ADJACENT)
def test_compare_adjacent_roles_reads_well_at_100_columns(monkeypatch, low, high):
    """Issue 13: pairing by topic, about 60 lines at 100 columns, hanging bullets, JSON."""
    monkeypatch.setenv("COLUMNS", "100")
    result = run("roles", "compare", high, low)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    lines = out.splitlines()
    assert len(lines) <= 60, len(lines)
    assert max(len(line) for line in lines) <= 100

    data = json.loads(run("roles", "compare", high, low, "--json").stdout)
    assert data["ladder"] == [low, high]
    profiles = [json.loads(run("roles", "show", r, "--json").stdout) for r in (low, high)]
    for name, heading in (("responsibilities", "Responsibilities"), ("skills", "Skills")):
        start = next(i for i, line in enumerate(lines) if line.startswith(heading + " "))
        section = lines[start : lines.index("", start)]
        pairs = data["fields"][name]["pairs"]
        assert len(pairs) >= 2, name
        for pair in pairs:
            left, right = pair["items"][low], pair["items"][high]
            assert left["topic"] == right["topic"] == pair["topic"]
            assert left in profiles[0][name] and right in profiles[1][name]
            # the printed row carries the topic and both levels' texts, left to right
            row = next(line for line in section if line.startswith(f"  {pair['topic']} "))
            cells = [cell.strip() for cell in row.split("•")[1:]]
            if left["text"] == right["text"]:
                assert left["text"].startswith(cells[0].removesuffix("same").strip()), row
                assert row.rstrip().endswith("same"), row
            else:
                assert len(cells) == 2, row
                assert left["text"].startswith(cells[0]) and cells[0], row
                assert right["text"].startswith(cells[1]) and cells[1], row
        for rid, profile in zip((low, high), profiles, strict=True):
            paired = {p["items"][rid]["topic"] for p in pairs}
            alone = {i["topic"] for i in data["fields"][name]["unique"][rid]}
            assert paired | alone == {i["topic"] for i in profile[name]}
    assert check_hanging_indent(out, shown_texts(*profiles)) >= 1
    step = data["step_up"][0]
    assert (step["from"], step["to"]) == (low, high)
    assert out.count("Stepping up from") == 1


@pytest.mark.parametrize("columns", ["80", "60"])
@pytest.mark.parametrize("role", LADDER)
def test_show_reads_well_at_80_and_60_columns(monkeypatch, role, columns):
    monkeypatch.setenv("COLUMNS", columns)
    result = run("roles", "show", role)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    profile = json.loads(run("roles", "show", role, "--json").stdout)
    for item in profile["responsibilities"]:
        assert item["text"].split()[0] in out
    checked = check_hanging_indent(out, shown_texts(profile))
    if columns == "60":
        assert checked >= 1  # something wraps at 60 columns, and wraps hanging
