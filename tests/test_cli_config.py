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
