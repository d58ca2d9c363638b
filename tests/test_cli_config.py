"""``drill config``: showing, setting and clearing settings."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new_per_day", "-3"], "drill: error: new_per_day must be 0 or more"),
        (["new_per_day", "--", "-3"], "drill: error: new_per_day must be 0 or more"),
        (["new_per_day", "10000"], "drill: error: new_per_day must be at most 9999"),
        (
            ["desired_retention", "-0.9"],
            "drill: error: desired_retention must be between 0.70 and 0.99",
        ),
        (["new_per_day", "-x"], "drill: error: new_per_day: '-x' is not a valid value"),
    ],
)
def test_negative_looking_values_are_values_and_refused_with_the_range(args, message):
    result = run("config", "set", *args)
    assert result.exit_code == 2
    assert result.stderr.strip() == message
    assert "No such option" not in result.stderr
    assert json.loads(run("config", "--json").stdout)["new_per_day"] == 20


def test_zero_is_a_valid_new_per_day():
    assert run("config", "set", "new_per_day", "0").stdout.strip() == "new_per_day = 0"
    assert json.loads(run("config", "--json").stdout)["new_per_day"] == 0


def test_list_shows_the_settings_and_get_prints_one_value_alone():
    assert run("config", "list").stdout == run("config").stdout
    assert json.loads(run("config", "list", "--json").stdout) == json.loads(
        run("config", "--json").stdout
    )
    assert run("config", "get", "new_per_day").stdout == "20\n"
    assert run("config", "set", "role", "mgr").exit_code == 0
    assert run("config", "get", "role").stdout == "manager\n"
    # no value: nothing on stdout, a note on stderr, exit 1 (as git config --get)
    run("config", "unset", "role")
    unset = run("config", "get", "role")
    assert (unset.exit_code, unset.stdout) == (1, "")
    assert "role is not set" in unset.stderr
    typo = run("config", "get", "rol")
    assert typo.exit_code == 2 and "Did you mean 'role'?" in typo.stderr
