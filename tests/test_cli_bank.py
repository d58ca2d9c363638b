"""``drill bank validate``, ``drill paths``, ``--version`` and ``--help``."""

from __future__ import annotations

import json
import os
import sys

import pytest

from salesops_drill import __version__
from tests.helpers import GOOD_QUESTION, run, write


def test_validate_builtin_and_user_content_by_default():
    result = run("bank", "validate")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "no problems" in result.stderr


def test_validate_good_file_exits_0(tmp_path):
    result = run("bank", "validate", str(write(tmp_path / "ok.yaml", GOOD_QUESTION)))
    assert result.exit_code == 0 and "1 file checked, 1 items, no problems" in result.stderr


def test_validate_reports_every_problem_and_exits_1(tmp_path):
    bad = write(
        tmp_path / "bad.yaml",
        GOOD_QUESTION.replace("difficulty: 2", "difficulty: 9").replace(
            "roles: [manager]", "roles: [boss]"
        ),
    )
    broken = write(tmp_path / "broken.yaml", "cards: [\n")
    result = run("bank", "validate", str(bad), str(broken))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{bad}:6: 'difficulty' must be between 1 and 3, got 9" in lines
    assert any(line.startswith(f"{bad}:5: unknown role 'boss'") for line in lines)
    assert any(line.startswith(f"{broken}:2: YAML syntax error") for line in lines)
    assert "3 problem(s) in 2 of 2 files" in result.stderr


def test_validate_folder(tmp_path):
    write(tmp_path / "bank" / "a.yaml", GOOD_QUESTION)
    write(tmp_path / "bank" / "sub" / "b.yml", "cards: 5\n")
    result = run("bank", "validate", str(tmp_path / "bank"))
    assert result.exit_code == 1
    assert (
        result.stdout.strip()
        == f"{tmp_path / 'bank' / 'sub' / 'b.yml'}:1: 'cards' must be a list, got a number"
    )


def test_validate_missing_file(tmp_path):
    result = run("bank", "validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert "cannot read file" in result.stdout


def test_validate_user_bank_problem_also_warns_other_commands(banks_dir):
    write(banks_dir / "typo.yaml", GOOD_QUESTION.replace("prompt:", "promt:"))
    result = run("roles", "list")
    assert result.exit_code == 0
    assert "unknown field 'promt'" in result.stderr and "skipped" in result.stderr
    assert "Director of Sales" in result.stdout


def test_paths_follow_drill_home(drill_home):
    data = json.loads(run("paths", "--json").stdout)
    assert data["data_dir"] == str(drill_home)
    assert data["progress"] == str(drill_home / "progress.db")
    assert data["banks"] == str(drill_home / "banks")
    text = run("paths").stdout
    assert str(drill_home / "progress.db") in text


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"salesops-drill {__version__}"


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["roles"],
        ["roles", "list"],
        ["roles", "show"],
        ["roles", "compare"],
        ["bank", "validate"],
        ["paths"],
        ["questions", "list"],
        ["questions", "show"],
    ],
)
def test_every_command_has_help_with_an_example(args):
    result = run(*args, "--help")
    assert result.exit_code == 0
    assert "Example: drill" in result.stdout


BAD_NUMBER = GOOD_QUESTION.replace("q-test-one", "q-bad-number").replace(
    "difficulty: 2", "difficulty: !!int abc"
)


@pytest.mark.parametrize(
    "args",
    [
        ["roles", "list"],
        ["questions", "list"],
        ["questions", "show", "q-mgr-bottlenecks"],
        ["stats"],
        ["export", "csv", "-o", "{tmp}/out.csv"],
        ["interview", "--role", "manager", "--answers", "{tmp}/answers.yaml", "--json"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_bank_with_a_bad_number_is_skipped_and_the_rest_works(banks_dir, tmp_path, args):
    write(banks_dir / "bad.yaml", BAD_NUMBER)
    write(tmp_path / "answers.yaml", "- We measured the baseline.\n")
    result = run(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert result.exit_code == 0, result.stderr
    bad = banks_dir / "bad.yaml"
    assert f"{bad}:6: 'difficulty' must be a whole number, got 'abc'" in result.stderr
    assert f"drill: skipped {bad}" in result.stderr


def test_validate_a_good_file_beside_a_bank_with_a_bad_number(banks_dir, tmp_path):
    write(banks_dir / "bad.yaml", BAD_NUMBER)
    result = run("bank", "validate", str(write(tmp_path / "ok.yaml", GOOD_QUESTION)))
    assert result.exit_code == 0, result.stdout


def test_paths_and_config_are_listed_under_your_data_in_panel_order():
    result = run("--help")
    assert result.exit_code == 0
    text = result.stdout
    practice, content, data = (
        text.index(f"─ {title} ") for title in ("Practice", "Roles and questions", "Your data")
    )
    assert practice < content < data
    listed = {
        name: text.index(f"│ {name} ") for name in ("paths", "config", "roles", "backup", "review")
    }
    assert content < listed["roles"] < data
    assert data < listed["paths"] < listed["backup"] and data < listed["config"]
    assert listed["review"] < content


# ---------------------------------------------------------------- the built-in side, cached

_opened: list[str] | None = None  # while set, every file the process opens


def _record_opens(event: str, args: tuple) -> None:
    if event == "open" and _opened is not None and not isinstance(args[0], int):
        _opened.append(os.fsdecode(args[0]))


MY_BANK = """\
cards:
  - id: c-kpis-cac-formula
    front: Mine too
    back: A third version of an edited built-in card.
    roles: [manager]
    tags: [kpis]
topics:
  - tag: kpi
  - tag: mine
  - tag: nothere
"""


def test_validate_takes_the_built_in_side_from_a_warm_cache(banks_dir, tmp_path):
    """Only the user's files are parsed, and the problems are the ones a parse of every
    file gives: the built-in content comes from the content cache."""
    from salesops_drill.content import check_files, cross_check
    from salesops_drill.library import load_library
    from salesops_drill.paths import builtin_data_dir, builtin_files, resolve_paths, user_files
    from salesops_drill.schema import EDITS_MARK
    from tests.test_library import EDITED_CAC

    global _opened
    write(banks_dir / "edited-cards.yaml", EDITED_CAC.format(mark=EDITS_MARK))
    paths = resolve_paths()
    lib = load_library(paths)  # the cache, warm for these banks, as any command leaves it
    question = lib.questions[0]
    text = MY_BANK + GOOD_QUESTION.replace("id: q-test-one", f"id: {question.id}").replace(
        "roles: [manager]", "roles: [manager, managr]"
    )
    target = write(tmp_path / "mine.yaml", text)
    # What a parse of every file gives (how validate worked before the cache).
    context = check_files([*builtin_files(), *user_files(paths)])
    expected = check_files([target])
    cross_check([*context, *expected])
    want = [p.message for fc in expected for p in fc.problems]
    assert len(want) == 5, want  # an edited card's id, a built-in question's, a role, 2 topics

    sys.addaudithook(_record_opens)  # for good: a hook cannot be removed
    _opened = []
    try:
        result = run("bank", "validate", str(target))
        opened = _opened
    finally:
        _opened = None
    assert result.exit_code == 1
    assert result.stdout.splitlines() == want
    assert "5 problem(s) in 1 of 1 file" in result.stderr
    assert str(target) in opened  # the hook sees what is read
    data = str(builtin_data_dir())
    assert [p for p in opened if p.startswith(data) and p.endswith(".yaml")] == []


def test_strict_validation_notes_a_paraphrase_that_is_one_word_at_heart(tmp_path):
    # "first" and "them" are common words: "told them first" is matched by any "told"
    text = GOOD_QUESTION.replace(
        "        keywords: [baseline, measure]\n",
        "        keywords: [baseline, measure]\n"
        "        paraphrases: [told them first, set a baseline before changing anything]\n",
    )
    path = write(tmp_path / "one.yaml", text)
    result = run("bank", "validate", "--strict", str(path))
    assert result.exit_code == 1
    notes = [line for line in result.stdout.splitlines() if "is one word" in line]
    assert len(notes) == 1  # the paraphrase in more words passes
    assert notes[0].startswith(f"{path}:")
    assert "paraphrase 'told them first' is one word once its common words" in notes[0]
