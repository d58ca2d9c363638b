"""Shell completion: role names, question and card ids, through the protocol shells use.

bash and zsh run ``drill`` with ``_DRILL_COMPLETE`` set and the words typed so far in
the environment; drill prints the candidates. These tests run the installed console
script the same way, and one runs the real bash completion function.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from salesops_drill.cli.complete import complete_card_id, complete_question_id, complete_role
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from tests.helpers import write

BIN = Path(sys.executable).parent
DRILL = BIN / "drill"
ALL_ROLES = ["rep", "analyst", "senior-analyst", "manager", "director", "vp"]


def drill_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("_DRILL")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env


def complete(line: str, shell: str = "bash") -> list[str]:
    """Candidates for the last word of ``line`` (a trailing space: a new, empty word)."""
    assert DRILL.exists(), f"the drill console script is not installed next to {sys.executable}"
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    if shell == "bash":
        env = drill_env(_DRILL_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(cword))
    else:
        env = drill_env(_DRILL_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS=line)
    done = subprocess.run([str(DRILL)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # never anything in the user's prompt
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("drill roles show ma", ["manager"]),
        ("drill roles show ", ALL_ROLES),
        ("drill roles show x", []),
        ("drill roles compare analyst ", [r for r in ALL_ROLES if r != "analyst"]),
        ("drill roles compare analyst manager d", ["director"]),
        ("drill review --role s", ["senior-analyst"]),
        ("drill review -r ", ALL_ROLES),
        ("drill stats --role d", ["director"]),
        ("drill questions list --role v", ["vp"]),
        ("drill export anki -r vp -r ", [r for r in ALL_ROLES if r != "vp"]),
        ("drill export csv --role an", ["analyst"]),
        ("drill import csv cards.csv --role re", ["rep"]),
        ("drill config set role ma", ["manager"]),
        ("drill config set role ", [*ALL_ROLES, "all"]),
        ("drill config set new_per_day ", []),
    ],
)
def test_role_names_complete(line, expected):
    assert complete(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("drill questions list --difficulty h", ["hard"]),
        ("drill questions list -d ", ["easy", "medium", "hard"]),
        ("drill interview --role manager --difficulty m", ["medium"]),
        ("drill interview -d x", []),
    ],
)
def test_difficulty_words_complete(line, expected):
    assert complete(line) == expected


def test_question_ids_complete():
    lib = load_library(resolve_paths())
    manager = sorted(q.id for q in lib.questions if q.id.startswith("q-mgr-"))
    assert len(manager) > 3
    assert sorted(complete("drill questions show q-mgr-")) == manager
    assert complete(f"drill questions show {manager[0]}") == [manager[0]]
    assert complete("drill questions show zzz") == []


def test_card_ids_complete():
    assert complete("drill cards show c-kpis-cac-f") == ["c-kpis-cac-formula"]
    assert complete("drill cards edit q-mgr-bottlen") == ["q-mgr-bottlenecks"]
    assert "c-kpis-cac-formula" in complete("drill cards suspend c-kpis-ca")
    # suspend takes several ids: one already given is not offered again
    assert complete("drill cards suspend c-kpis-cac-formula c-kpis-cac-f") == []


def test_zsh_gets_descriptions():
    out = "\n".join(complete("drill roles show ma", shell="zsh"))
    assert '"manager":"Sales Operations Manager"' in out


def test_roles_from_user_banks_complete_and_broken_banks_stay_silent(banks_dir):
    write(
        banks_dir / "intern.yaml",
        """
        roles:
          - id: intern
            title: Sales Operations Intern
            level: 1
            experience: none
            min_years: 0
            summary: Learns the ropes.
            responsibilities: [Learn]
            skills: [Curiosity]
            education: [Any]
            kpis: [None yet]
            reports_to: Manager
            interview_focus: [Motivation]
        """,
    )
    write(banks_dir / "broken.yaml", "cards: [\n")  # reported by commands, not by Tab
    assert complete("drill roles show in") == ["intern"]


def test_callbacks_swallow_every_failure():
    assert complete_role(None, None) == []  # type: ignore[arg-type]
    assert complete_question_id(None) == []  # type: ignore[arg-type]
    assert complete_card_id(None, None) == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("shell", "markers"),
    [
        ("bash", ["_drill_completion()", "_DRILL_COMPLETE=complete_bash", "complete -o default"]),
        ("zsh", ["#compdef drill", "_DRILL_COMPLETE=complete_zsh", "compdef _drill_completion"]),
    ],
)
def test_show_completion_prints_a_script(shell, markers):
    # typer's switch that lets the shell be named instead of detected from the parent
    env = drill_env(_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    done = subprocess.run(
        [str(DRILL), "--show-completion", shell], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    for marker in markers:
        assert marker in done.stdout


@pytest.mark.parametrize(
    ("shell", "script", "rc"),
    [("bash", ".bash_completions/drill.sh", ".bashrc"), ("zsh", ".zfunc/_drill", ".zshrc")],
)
def test_install_completion_writes_into_home(tmp_path, shell, script, rc):
    home = tmp_path / "home"
    home.mkdir()
    env = drill_env(HOME=str(home), _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    done = subprocess.run(
        [str(DRILL), "--install-completion", shell], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"_DRILL_COMPLETE=complete_{shell}" in (home / script).read_text()
    assert (home / rc).exists()


def test_the_bash_script_completes_in_real_bash():
    env = drill_env(_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    script = (
        'source <(drill --show-completion bash); COMP_WORDS=(drill roles compare vp ""); '
        'COMP_CWORD=4; _drill_completion drill; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [r for r in ALL_ROLES if r != "vp"]
