"""The target role: set once with ``drill config set role``, the default of review and
interview; ``--role`` overrides it and ``--all`` (or ``--role all``) studies everything."""

from __future__ import annotations

import json

import pytest

from salesops_drill import target
from salesops_drill.errors import UsageError
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from salesops_drill.store import Store
from tests.helpers import run, write


def config() -> dict:
    result = run("config", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_set_role_resolves_aliases_and_lists_it():
    assert config()["role"] is None
    assert "role = (none: all roles)" in run("config").stdout
    result = run("config", "set", "role", "mgr")
    assert result.exit_code == 0 and result.stdout.strip() == "role = manager"
    assert config()["role"] == "manager"
    assert "role = manager\n" in run("config").stdout


def test_unknown_role_is_refused_with_a_guess_and_nothing_changes():
    assert run("config", "set", "role", "vp").exit_code == 0
    result = run("config", "set", "role", "mangaer")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "drill: error: unknown role 'mangaer'. Valid roles: rep, analyst, senior-analyst, "
        "manager, director, vp. Did you mean 'manager'?"
    )
    assert config()["role"] == "vp"


@pytest.mark.parametrize(
    "args", [["set", "role", "all"], ["set", "role", "ALL"], ["unset", "role"]]
)
def test_set_role_all_or_unset_clears_it(args):
    assert run("config", "set", "role", "director").exit_code == 0
    result = run("config", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "role unset: drill review and drill interview study all roles"
    assert config()["role"] is None


def test_unset_puts_any_setting_back_to_its_default():
    assert run("config", "set", "new_per_day", "3").exit_code == 0
    result = run("config", "unset", "new-per-day")
    assert result.stdout.strip() == "new_per_day = 20 (the default)"
    assert config()["new_per_day"] == 20
    assert run("config", "unset", "colour").exit_code == 2


# ---------------------------------------------------------------- the core choice


@pytest.fixture
def roles():
    return load_library(resolve_paths()).roles


def test_choose_prefers_all_then_option_then_target(roles):
    assert target.choose(roles, None, False, "manager") == target.Studying("manager", "target")
    assert target.choose(roles, "vp", False, "manager") == target.Studying("vp", "option")
    assert target.choose(roles, None, True, "manager") == target.Studying(None, "all")
    assert target.choose(roles, "All", False, "manager") == target.Studying(None, "all")
    assert target.choose(roles, None, False, None) == target.Studying(None, "unset")
    with pytest.raises(UsageError, match="^every role and only vp ask for different"):
        target.choose(roles, "vp", True, None)  # the core names no option; the CLI does
    with pytest.raises(UsageError, match="Did you mean 'director'"):
        target.choose(roles, "directr", False, None)


def test_describe_names_the_role_and_where_it_came_from(roles):
    assert target.choose(roles, None, False, "manager").describe() == "manager (target role)"
    assert target.choose(roles, "mgr", False, None).describe() == "manager"
    assert target.choose(roles, None, True, "manager").describe() == "all roles"
    assert target.choose(roles, None, False, None).describe() == "all roles"


def test_a_target_role_that_is_gone_studies_everything_with_a_warning(roles):
    chosen = target.choose(roles, None, False, "account-exec")
    assert chosen.role is None
    assert "the target role 'account-exec' is not among the roles any more" in chosen.warning
    assert "drill config set role ROLE" in chosen.warning


def test_the_hint_is_given_once_and_only_without_a_target(roles, drill_home):
    with Store.open(drill_home / "progress.db") as store:
        assert target.hint_once(store, target.choose(roles, None, True, None)) is None
        assert target.hint_once(store, target.choose(roles, "vp", False, None)) is None
        assert target.hint_once(store, target.choose(roles, None, False, None)) == target.HINT
        assert target.hint_once(store, target.choose(roles, None, False, None)) is None


# ---------------------------------------------------------------- interview defaults


STRONG = "We measured the baseline, found the bottleneck stage and piloted a fix."


def interview(tmp_path, *args: str, n: int = 3):
    path = write(tmp_path / "answers.yaml", f'- "{STRONG}"\n' * n)
    return run("interview", *args, "--answers", str(path), "--json")


def question_roles() -> dict[str, list[str]]:
    data = json.loads(run("questions", "list", "--json").stdout)
    return {q["id"]: q["roles"] for q in data}


def test_interview_without_role_or_target_says_how_to_choose(tmp_path):
    result = interview(tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "drill: error: which role? Give --role ROLE (or --all for every role), or set your "
        "target role once: drill config set role ROLE"
    )


def test_interview_defaults_to_the_target_role_and_option_overrides(tmp_path):
    roles_of = question_roles()
    assert run("config", "set", "role", "rep").exit_code == 0
    data = json.loads(interview(tmp_path, "--seed", "4").stdout)
    assert data["role"] == "rep"
    assert all("rep" in roles_of[a["question_id"]] for a in data["answers"])
    other = json.loads(interview(tmp_path, "--role", "vp", "--seed", "4").stdout)
    assert other["role"] == "vp"
    assert all("vp" in roles_of[a["question_id"]] for a in other["answers"])


@pytest.mark.parametrize("flag", [["--all"], ["--role", "all"]])
def test_interview_all_draws_on_every_role(tmp_path, flag):
    roles_of = question_roles()
    assert run("config", "set", "role", "rep").exit_code == 0
    seen: set[str] = set()
    for seed in range(1, 8):
        data = json.loads(interview(tmp_path, *flag, "--seed", str(seed), n=5).stdout)
        assert data["role"] == "all"
        seen |= {r for a in data["answers"] for r in roles_of[a["question_id"]]}
    assert seen - {"rep"}  # questions no rep would be asked
    listing = json.loads(run("history", "--json").stdout)
    assert {row["role"] for row in listing} == {"all"}


def test_interview_with_a_vanished_target_warns_and_uses_every_role(tmp_path, drill_home):
    with Store.open(drill_home / "progress.db") as store:
        store.set_config("role", "account-exec")
    result = interview(tmp_path, "--seed", "2")
    assert result.exit_code == 0, result.stderr
    assert "drill: warning: the target role 'account-exec' is not among the roles" in (
        result.stderr
    )
    assert json.loads(result.stdout)["role"] == "all"


def test_the_cli_names_the_two_options_that_conflict(tmp_path):
    answers = write(tmp_path / "answers.yaml", "- An answer.\n")
    result = run("interview", "--all", "--role", "vp", "--answers", str(answers))
    assert result.exit_code == 2
    assert result.stderr == "drill: error: --all and --role vp ask for different things: give one\n"
