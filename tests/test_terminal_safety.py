"""Control characters from banks, CSVs, answers and messages never reach the terminal raw.

ESC ]0;...BEL would retitle the window, ESC [2J clear the screen, OSC 8 plant a link;
drill shows each control character (``^[``) instead of sending it.
"""

from __future__ import annotations

import csv
import json

import pytest

from salesops_drill.safe_text import visible
from tests.helpers import GOOD_QUESTION, run, write

# In YAML, control characters can only be written as escapes in double quotes.
TITLE = r"\e]0;pwned\a"
CLEAR = r"\e[2J"
LINK = r"\e]8;;https://evil.example/\e\\click\e]8;;\e\\"
C1 = r"\x9b2J"
HOSTILE_YAML = f"{TITLE}{CLEAR}{LINK}{C1}"
RAW = ("\x1b", "\x07", "\x9b")


def assert_clean(text: str) -> None:
    for ch in RAW:
        assert ch not in text, repr(text)


def hostile_bank(path):
    return write(
        path,
        GOOD_QUESTION.replace(
            "prompt: How would you cut the sales cycle?",
            f'prompt: "How would you cut the sales cycle? {HOSTILE_YAML}"',
        ).replace("- label: Measure first", f'- label: "Measure first {CLEAR}"'),
    )


def test_visible_shows_every_control_but_newline_and_tab():
    assert visible("a\x1b]0;t\x07b") == "a^[]0;t^Gb"
    assert visible("\x9b2J") == "^[[2J"
    assert visible("\x7f\x00\r") == "^?^@^M"
    assert visible("line\n\tindented · Zürich 東京") == "line\n\tindented · Zürich 東京"
    every = "".join(map(chr, range(0x00, 0xA0)))
    shown = visible(every)
    assert [ch for ch in shown if ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0] == ["\t", "\n"]
    assert visible(shown) == shown


def test_questions_show_and_list(banks_dir):
    hostile_bank(banks_dir / "evil.yaml")
    shown = run("questions", "show", "q-test-one")
    assert shown.exit_code == 0, shown.stderr
    assert_clean(shown.stdout)
    assert "^[]0;pwned^G" in shown.stdout and "^[[2J" in shown.stdout
    listed = run("questions", "list", "--role", "manager")
    assert listed.exit_code == 0
    assert_clean(listed.stdout)
    as_json = run("questions", "show", "q-test-one", "--json")
    assert_clean(as_json.stdout)  # JSON escapes them: \u001b, \u009b
    assert json.loads(as_json.stdout)["prompt"].endswith("\x9b2J")


def test_interview_header_feedback_and_history_show(banks_dir, tmp_path):
    hostile_bank(banks_dir / "evil.yaml")
    answers = write(
        tmp_path / "answers.yaml",
        f'q-test-one: "We measure the baseline {TITLE} and pilot {CLEAR} a fix"\n',
    )
    result = run("interview", "--role", "manager", "--answers", str(answers))
    assert result.exit_code == 0, result.stderr
    assert_clean(result.stdout)
    assert "^[]0;pwned^G" in result.stdout  # the prompt in the header
    history = json.loads(run("history", "--json").stdout)
    replay = run("history", "show", str(history[0]["id"]))
    assert replay.exit_code == 0
    assert_clean(replay.stdout)
    assert "We measure the baseline ^[]0;pwned^G" in replay.stdout


def test_bank_validate_messages(tmp_path):
    bad = write(tmp_path / "bad.yaml", f'cards:\n  - id: c-x\n    "front{CLEAR}": x\n')
    result = run("bank", "validate", str(bad))
    assert result.exit_code == 1
    assert_clean(result.stdout + result.stderr)
    assert "unknown field 'front^[[2J'" in result.stdout


def test_csv_import_messages(tmp_path, banks_dir):
    path = tmp_path / "cards.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(
            [["front", "back", "roles"], ["What is ARR?", "Yearly revenue", "\x1b[2J\x07boss"]]
        )
    result = run("import", "csv", str(path))
    assert result.exit_code == 1
    assert_clean(result.stdout + result.stderr)
    assert "unknown role '^[[2J^Gboss'" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["roles", "show", "\x1b]0;pwned\x07"],
        ["questions", "show", "q-\x1b[2J"],
        ["questions", "list", "--category", "\x9b2J"],
    ],
)
def test_error_messages(args):
    result = run(*args)
    assert result.exit_code == 2
    assert_clean(result.stdout + result.stderr)
    assert "^[" in result.stderr


@pytest.mark.parametrize(
    "args", [["history", "show", "\x1b[2J"], ["roles", "\x1b]0;pwned\x07"], ["\x9b2J"]]
)
def test_click_errors_quote_what_was_typed(args):
    result = run(*args)
    assert result.exit_code == 2
    assert_clean(result.stdout + result.stderr)
