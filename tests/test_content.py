"""Loading and validating content files: every kind of bad input, located by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesops_drill import schema
from salesops_drill.content import check_files, validate_paths
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from tests.helpers import GOOD_QUESTION, write


def problems_for(path: Path) -> list[str]:
    results = validate_paths([path], resolve_paths())
    return [p.message for fc in results for p in fc.problems]


def one_problem(path: Path) -> tuple[int, str]:
    found = problems_for(path)
    assert len(found) == 1, found
    _, line, message = found[0].split(":", 2)
    return int(line), message.strip()


def test_good_file_has_no_problems(tmp_path):
    assert problems_for(write(tmp_path / "ok.yaml", GOOD_QUESTION)) == []


def test_yaml_syntax_error_reports_line(tmp_path):
    path = write(tmp_path / "bad.yaml", "questions:\n  - id: q-x\n    prompt: [unclosed\n")
    line, message = one_problem(path)
    assert line == 4 and message.startswith("YAML syntax error")


def test_tab_indentation_is_a_syntax_error(tmp_path):
    path = write(tmp_path / "tab.yaml", "cards:\n\t- id: c-x\n")
    line, message = one_problem(path)
    assert line == 2 and "YAML syntax error" in message


def test_invalid_utf8_reports_line_of_bad_byte(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("cards:\n  - id: c-x\n    front: caf\xe9\n".encode("latin-1"))
    line, message = one_problem(path)
    assert line == 3 and "not valid UTF-8" in message


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file(tmp_path, text):
    path = tmp_path / "empty.yaml"
    path.write_text(text)
    line, message = one_problem(path)
    assert line == 1 and "empty" in message


def test_python_tag_is_refused_and_never_run(tmp_path):
    marker = tmp_path / "pwned"
    path = write(
        tmp_path / "evil.yaml",
        f"""
        cards:
          - id: c-evil
            front: !!python/object/apply:os.system ["touch {marker}"]
            back: b
            roles: [all]
            tags: [x]
        """,
    )
    line, message = one_problem(path)
    assert line == 3 and "not allowed" in message
    load_library(resolve_paths())
    assert not marker.exists()


def test_wrong_type(tmp_path):
    path = write(tmp_path / "t.yaml", GOOD_QUESTION.replace("difficulty: 2", "difficulty: hard"))
    line, message = one_problem(path)
    assert line == 6 and message == "'difficulty' must be a whole number, got text"


def test_number_out_of_range(tmp_path):
    path = write(tmp_path / "t.yaml", GOOD_QUESTION.replace("difficulty: 2", "difficulty: 7"))
    assert one_problem(path) == (6, "'difficulty' must be between 1 and 3, got 7")


@pytest.mark.parametrize(
    ("value", "shown"),
    [("!!int abc", "abc"), ('!!int "1e999"', "1e999"), ('!!int ""', ""), ("!!int 9", None)],
    ids=["letters", "exponent", "empty", "fine"],
)
def test_a_number_that_does_not_convert_is_a_located_problem(tmp_path, value, shown):
    path = write(
        tmp_path / "t.yaml", GOOD_QUESTION.replace("difficulty: 2", f"difficulty: {value}")
    )
    if shown is None:
        assert one_problem(path) == (6, "'difficulty' must be between 1 and 3, got 9")
    else:
        assert one_problem(path) == (6, f"'difficulty' must be a whole number, got '{shown}'")


def test_a_huge_number_is_a_located_problem(tmp_path):
    digits = "9" * 5000  # past Python's int-from-text limit
    path = write(
        tmp_path / "t.yaml", GOOD_QUESTION.replace("difficulty: 2", f"difficulty: {digits}")
    )
    line, message = one_problem(path)
    assert line == 6 and message.startswith("'difficulty' must be a whole number, got '9999")
    assert len(message) < 120


def test_missing_required_field_points_at_the_item(tmp_path):
    path = write(
        tmp_path / "t.yaml",
        GOOD_QUESTION.replace("    what_it_tests: Structured thinking about cycle length.\n", ""),
    )
    assert one_problem(path) == (2, "question is missing required field 'what_it_tests'")


def test_unknown_field_suggests_the_right_name(tmp_path):
    path = write(
        tmp_path / "t.yaml",
        GOOD_QUESTION.replace("keywords: [pilot, test]", "keywrods: [pilot, test]"),
    )
    found = problems_for(path)
    assert any(
        m.endswith(":14: unknown field 'keywrods' in key point (did you mean 'keywords'?)")
        for m in found
    ), found


def test_unknown_top_level_section(tmp_path):
    path = write(tmp_path / "t.yaml", "flashcards: []\n")
    found = problems_for(path)
    assert any(":1: unknown field 'flashcards' in the file" in m for m in found), found


def test_too_few_key_points(tmp_path):
    text = GOOD_QUESTION.replace(
        "      - label: Pilot a fix\n        keywords: [pilot, test]\n", ""
    )
    line, message = one_problem(write(tmp_path / "t.yaml", text))
    assert line == 8 and message == "'key_points' needs at least 3 items, has 2"


def test_unknown_category_suggests(tmp_path):
    path = write(
        tmp_path / "t.yaml",
        GOOD_QUESTION.replace("category: problem-solving", "category: behavioural"),
    )
    line, message = one_problem(path)
    assert line == 4 and "did you mean 'behavioral'?" in message


def test_star_question_needs_all_four_parts(tmp_path):
    text = GOOD_QUESTION.replace("category: problem-solving", "category: behavioral")
    text = text.replace(
        "steps: [Measure, Find, Fix]", "situation: s\n      task: t\n      action: [a]"
    )
    line, message = one_problem(write(tmp_path / "t.yaml", text))
    assert line == 2 and "needs a STAR model answer; missing: result" in message


def test_duplicate_key_in_mapping(tmp_path):
    text = GOOD_QUESTION.replace("    difficulty: 2\n", "    difficulty: 2\n    difficulty: 3\n")
    assert one_problem(write(tmp_path / "t.yaml", text)) == (7, "duplicate key 'difficulty'")


def test_duplicate_ids_across_files(tmp_path):
    a = write(tmp_path / "a.yaml", GOOD_QUESTION)
    b = write(tmp_path / "b.yaml", GOOD_QUESTION)
    results = validate_paths([a, b], resolve_paths())
    messages = [p.message for fc in results for p in fc.problems]
    assert messages == [f"{b}:2: duplicate id 'q-test-one' (also at {a}:2)"]


def test_id_clashing_with_builtin_content(tmp_path):
    lib = load_library(resolve_paths())
    taken = lib.cards[0].id
    text = f"cards:\n  - id: {taken}\n    front: f\n    back: b\n    roles: [all]\n    tags: [t]\n"
    line, message = one_problem(write(tmp_path / "t.yaml", text))
    assert line == 2 and f"duplicate id '{taken}'" in message


def test_unknown_role_reference_suggests(tmp_path):
    path = write(tmp_path / "t.yaml", GOOD_QUESTION.replace("roles: [manager]", "roles: [managr]"))
    line, message = one_problem(path)
    assert (
        line == 5
        and message.startswith("unknown role 'managr'")
        and "did you mean 'manager'?" in message
    )


def test_bad_id_format(tmp_path):
    path = write(tmp_path / "t.yaml", GOOD_QUESTION.replace("id: q-test-one", "id: Q Test"))
    line, message = one_problem(path)
    assert line == 2 and "id 'Q Test'" in message


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    path = write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n")
    assert any("too many nodes" in m for m in problems_for(path))


def test_user_bank_adds_content_and_broken_file_is_skipped(banks_dir):
    write(banks_dir / "mine.yaml", GOOD_QUESTION)
    write(banks_dir / "broken.yaml", "cards: [")
    lib = load_library(resolve_paths())
    assert lib.question("q-test-one") is not None
    assert lib.question("q-test-one").roles == ("manager",)
    assert len(lib.problems) == 1 and lib.skipped == [str(banks_dir / "broken.yaml")]
    assert len(lib.roles) == 6  # the built-in content is intact


def test_user_bank_can_add_a_role(banks_dir):
    role = """
    roles:
      - id: revops-lead
        title: Revenue Operations Lead
        aliases: [revops]
        level: 5
        experience: 6+ years
        min_years: 6
        summary: Runs revenue operations.
        responsibilities: [Own the funnel]
        skills: [Analytics]
        education: [Bachelor's degree]
        kpis: [Net revenue retention]
        reports_to: CRO
        interview_focus: [Cross-team alignment]
    """
    write(banks_dir / "role.yaml", role)
    write(banks_dir / "q.yaml", GOOD_QUESTION.replace("roles: [manager]", "roles: [revops-lead]"))
    lib = load_library(resolve_paths())
    assert lib.roles.resolve("RevOps").id == "revops-lead"
    assert lib.question("q-test-one").roles == ("revops-lead",)
    # the new role also gets every item written for "all" roles
    shared = sum(1 for q in lib.questions if len(q.roles) == len(lib.roles))
    assert lib.counts_by_role()["revops-lead"][0] == shared + 1


TOPIC_ROLE = """
roles:
  - id: revops-lead
    title: Revenue Operations Lead
    level: 5
    experience: 6+ years
    min_years: 6
    summary: Runs revenue operations.
    scope: Sales, marketing and success operations
    responsibilities:
      - topic: crm-data
        text: Own CRM data across teams
      - Run the revenue review
    decisions: [The revenue review's agenda]
    skills:
      - topic: leadership
        text: Leading leaders
    education:
      - topic: masters
        text: MBA
        need: preferred
      - Bachelor's degree
    kpis: [Net revenue retention]
    reports_to: CRO
    interview_focus: [Cross-team alignment]
    notes: [Only maintainers read this.]
"""


def test_role_items_take_topics_and_plain_strings_stay_valid(banks_dir):
    write(banks_dir / "role.yaml", TOPIC_ROLE)
    lib = load_library(resolve_paths())
    assert lib.problems == []
    role = lib.roles.resolve("revops-lead")
    assert [(i.topic, i.text) for i in role.responsibilities] == [
        ("crm-data", "Own CRM data across teams"),
        ("", "Run the revenue review"),
    ]
    assert [(i.topic, i.need) for i in role.education] == [("masters", "preferred"), ("", "")]
    assert role.scope == "Sales, marketing and success operations"
    assert role.decisions == ("The revenue review's agenda",)
    assert not hasattr(role, "notes")  # never loaded, so never shown


def test_a_topic_may_recur_in_another_list_of_the_same_role(tmp_path):
    text = TOPIC_ROLE.replace("topic: leadership", "topic: crm-data")
    assert problems_for(write(tmp_path / "role.yaml", text)) == []


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("topic: crm-data", "topic: CRM Data", (10, "topic 'CRM Data' must be 2-64 characters")),
        (
            "      - Run the revenue review\n",
            "      - topic: crm-data\n        text: Again\n",
            (12, "duplicate topic 'crm-data' in 'responsibilities' (also at line 10)"),
        ),
        (
            "        text: Leading leaders\n",
            "",
            (15, "skills item is missing required field 'text'"),
        ),
        (
            "        text: Leading leaders\n",
            "        text: Leading leaders\n        need: required\n",
            (17, "unknown field 'need' in skills item"),
        ),
        ("need: preferred", "need: nice", (20, "'need' must be one of required, usually-required")),
        (
            "      - Run the revenue review",
            "      - [Run, review]",
            (12, "'responsibilities' items must be text or a mapping with 'topic' and 'text'"),
        ),
        (
            "responsibilities:\n      - topic: crm-data\n        text: Own CRM data across teams\n"
            "      - Run the revenue review\n",
            "responsibilities: []\n",
            (9, "'responsibilities' needs at least 1 item, has 0"),
        ),
        ("notes: [Only maintainers read this.]", "notes: Only", (25, "'notes' must be a list")),
    ],
)
def test_role_item_problems_are_located(tmp_path, old, new, expected):
    assert old in TOPIC_ROLE
    path = write(tmp_path / "role.yaml", TOPIC_ROLE.replace(old, new, 1))
    line, message = one_problem(path)
    assert line == expected[0] and message.startswith(expected[1]), (line, message)


def test_all_roles_expands(banks_dir):
    write(banks_dir / "q.yaml", GOOD_QUESTION.replace("roles: [manager]", "roles: [all]"))
    lib = load_library(resolve_paths())
    assert set(lib.question("q-test-one").roles) == set(lib.roles.ids)


def test_format_doc_lists_every_schema_field():
    doc = (Path(__file__).parents[1] / "docs" / "content-format.md").read_text()
    for fields in schema.SECTIONS.values():
        for f in fields:
            assert f"| {f.name} |" in doc, f.name


PARAPHRASED = """\
questions:
  - id: q-para
    prompt: How do you find the slow stage?
    category: technical
    roles: [analyst]
    difficulty: 2
    what_it_tests: Whether they can find a bottleneck.
    key_points:
      - label: Time in stage
        keywords: [time in stage]
        paraphrases: [how long deals sit, days spent per stage]
      - label: Conversion by stage
        keywords: [conversion]
      - label: Fix it
        keywords: [fix]
    model_answer:
      steps: [Measure time in stage., Compare conversion., Fix the slowest.]
    follow_ups:
      - Why?
      - prompt: How would you prove it worked?
        key_points:
          - label: Before and after
            keywords: [baseline]
          - label: A sales outcome
            keywords: [cycle length]
            paraphrases: [deals close faster]
    figures:
      - label: Close rate
        value: 12.5
        unit: percent
        terms: [close rate, win rate]
"""


def test_paraphrases_figures_and_follow_up_points_load(tmp_path):
    from salesops_drill.library_build import build_library

    path = tmp_path / "b.yaml"
    path.write_text(PARAPHRASED)
    results = check_files([path])
    assert results[0].problems == []
    lib = build_library(results, [])
    q = next(q for q in lib.questions if q.id == "q-para")
    assert q.key_points[0].paraphrases == ("how long deals sit", "days spent per stage")
    assert q.key_points[1].paraphrases == ()
    assert q.follow_ups == ("Why?", "How would you prove it worked?")
    assert q.follow_up_key_points("Why?") == ()
    points = q.follow_up_key_points("How would you prove it worked?")
    assert [p.label for p in points] == ["Before and after", "A sales outcome"]
    assert q.figures[0].value == 12.5 and q.figures[0].unit == "percent"
    assert q.figures[0].terms == ("close rate", "win rate")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("value: 12.5", "value: lots", "'value' must be a number"),
        ("value: 12.5", "value: .inf", "'value' must be a finite number"),
        ("unit: percent", "unit: parsecs", "'unit' must be one of"),
        ("paraphrases: [deals close faster]", "paraphrases: deals", "'paraphrases' must be a list"),
        (
            "keywords: [fix]\n",
            "keywords: [fix]\n        measured_result: maybe\n",
            "'measured_result' must be true or false",
        ),
        (
            "          - label: Before and after\n            keywords: [baseline]\n",
            "",
            "'key_points' needs at least 2 items",
        ),
    ],
)
def test_bad_new_fields_are_path_line_errors(tmp_path, old, new, message):
    path = tmp_path / "b.yaml"
    assert old in PARAPHRASED
    path.write_text(PARAPHRASED.replace(old, new))
    problems = check_files([path])[0].problems
    assert problems and message in str(problems[0]), problems
    assert str(problems[0]).startswith(f"{path}:")


def test_a_key_point_can_say_a_measured_result_covers_it(tmp_path):
    """``measured_result: true`` (YAML's ``yes`` too) reaches the key point; unset is false."""
    path = tmp_path / "m.yaml"
    path.write_text(
        PARAPHRASED.replace(
            "keywords: [fix]\n", "keywords: [fix]\n        measured_result: true\n"
        ).replace(
            "keywords: [conversion]\n", "keywords: [conversion]\n        measured_result: yes\n"
        )
    )
    (fc,) = check_files([path])
    assert fc.problems == []
    points = fc.questions[0][0]["key_points"]
    assert [p.measured_result for p in points] == [False, True, True]
