"""The settings module against a real progress store: defaults, typed values, refusals
that name the allowed values, key spellings, and stored values it cannot use."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from salesops_drill import settings
from salesops_drill.errors import UsageError
from salesops_drill.store import Store

DEFAULTS = {
    "desired_retention": 0.9,
    "new_per_day": 20,
    "role": None,
    "voice_model": "",
}


@pytest.fixture
def store(drill_home: Path) -> Iterator[Store]:
    with Store.open(drill_home / "progress.db") as opened:
        yield opened


def test_the_settings_are_the_four_known_ones():
    assert list(settings.SETTINGS) == list(DEFAULTS)
    for key, setting in settings.SETTINGS.items():
        assert setting.key == key
        assert setting.help.strip()


@pytest.mark.parametrize(("key", "default"), DEFAULTS.items())
def test_each_setting_has_its_default_in_a_fresh_store(store, key, default):
    value = settings.get(store, key)
    assert value == default
    assert type(value) is type(default)
    assert store.get_config(key) is None


def test_the_new_cards_default_is_the_constant_review_uses(store):
    assert settings.get(store, "new_per_day") == settings.DEFAULT_NEW_PER_DAY


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("desired_retention", "0.85", 0.85),
        ("desired_retention", "0.7", 0.7),  # both ends of the range are allowed
        ("desired_retention", "0.99", 0.99),
        ("desired_retention", " 0.95 ", 0.95),
        ("new_per_day", "0", 0),
        ("new_per_day", "35", 35),
        ("new_per_day", "9999", 9999),
        ("new_per_day", " 7 ", 7),
        ("role", "manager", "manager"),
        ("role", " director ", "director"),
        ("voice_model", "/models/whisper-small", "/models/whisper-small"),
        ("voice_model", "  C:\\models\\whisper  ", "C:\\models\\whisper"),
        ("voice_model", "folder with spaces", "folder with spaces"),
    ],
)
def test_a_valid_value_is_stored_and_read_back_typed(store, key, text, expected):
    returned = settings.set_value(store, key, text)
    assert returned == expected
    assert type(returned) is type(expected)
    read = settings.get(store, key)
    assert read == expected
    assert type(read) is type(expected)
    assert settings.problems(store) == []


def test_a_value_survives_closing_and_reopening_the_store(drill_home):
    with Store.open(drill_home / "progress.db") as store:
        settings.set_value(store, "new_per_day", "12")
        settings.set_value(store, "desired_retention", "0.8")
    with Store.open(drill_home / "progress.db") as store:
        assert settings.get(store, "new_per_day") == 12
        assert settings.get(store, "desired_retention") == 0.8


def test_setting_one_value_leaves_the_others_at_their_defaults(store):
    settings.set_value(store, "new_per_day", "5")
    assert settings.all_values(store) == {**DEFAULTS, "new_per_day": 5}


def test_setting_a_value_again_replaces_it(store):
    settings.set_value(store, "new_per_day", "5")
    settings.set_value(store, "new_per_day", "6")
    assert settings.get(store, "new_per_day") == 6


def test_every_role_of_the_library_can_be_the_target_role(store):
    """What ``drill config set role`` does: the library names the role, settings keeps
    its id (the id, not the title or alias typed)."""
    from salesops_drill.library import load_library
    from salesops_drill.paths import resolve_paths
    from salesops_drill.target import target_id

    roles = load_library(resolve_paths()).roles
    assert len(roles) > 1
    for role in roles:
        for name in (role.id, role.title, *role.aliases):
            assert settings.set_value(store, "role", target_id(roles, name)) == role.id
            assert settings.get(store, "role") == role.id
            assert roles.find(str(settings.get(store, "role"))) is role


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        ("desired_retention", "0.5", "desired_retention must be between 0.70 and 0.99"),
        ("desired_retention", "0.995", "desired_retention must be between 0.70 and 0.99"),
        ("desired_retention", "1", "desired_retention must be between 0.70 and 0.99"),
        ("desired_retention", "-0.9", "desired_retention must be between 0.70 and 0.99"),
        ("desired_retention", "nan", "desired_retention must be between 0.70 and 0.99"),
        ("desired_retention", "inf", "desired_retention must be between 0.70 and 0.99"),
        ("desired_retention", "90%", "desired_retention: '90%' is not a valid value"),
        ("desired_retention", "", "desired_retention: '' is not a valid value"),
        ("new_per_day", "-1", "new_per_day must be 0 or more"),
        ("new_per_day", "10000", "new_per_day must be at most 9999"),
        ("new_per_day", "2.5", "new_per_day: '2.5' is not a valid value"),
        ("new_per_day", "ten", "new_per_day: 'ten' is not a valid value"),
        ("new_per_day", "", "new_per_day: '' is not a valid value"),
        ("role", "sales manager", "role must be a role id such as manager"),
        ("role", "man\tager", "role must be a role id such as manager"),
        ("role", "man\x1bager", "role must be a role id such as manager"),
        ("voice_model", "mod\0els", "voice_model must be a folder path"),
        ("voice_model", "x" * 4097, "voice_model must be a folder path"),
    ],
)
def test_an_invalid_value_is_refused_naming_what_is_allowed_and_nothing_is_stored(
    store, key, text, message
):
    with pytest.raises(UsageError) as refused:
        settings.set_value(store, key, text)
    assert refused.value.message == message
    assert refused.value.exit_code == 2
    assert store.get_config(key) is None
    assert settings.get(store, key) == DEFAULTS[key]


def test_a_refused_value_keeps_the_value_set_before(store):
    settings.set_value(store, "new_per_day", "8")
    with pytest.raises(UsageError):
        settings.set_value(store, "new_per_day", "-8")
    assert settings.get(store, "new_per_day") == 8
    assert store.get_config("new_per_day") == "8"


@pytest.mark.parametrize(
    ("key", "text"),
    [("new_per_day", "must"), ("desired_retention", "must"), ("new_per_day", "a must")],
)
def test_a_value_containing_must_is_reported_as_the_value_not_as_pythons_message(store, key, text):
    """Only the setting's own range messages are passed on; Python's parse errors
    ("invalid literal for int() ... 'must'") are not, whatever the typed text says."""
    with pytest.raises(UsageError) as refused:
        settings.set_value(store, key, text)
    assert refused.value.message == f"{key}: '{text}' is not a valid value"
    store.set_config(key, text)
    (problem,) = settings.problems(store)
    assert f"('{text}' is not a valid value)" in problem
    assert "invalid literal" not in problem and "could not convert" not in problem


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_role_clears_the_target_role_rather_than_storing_none(store, text):
    settings.set_value(store, "role", "manager")
    assert settings.set_value(store, "role", text) is None
    assert settings.get(store, "role") is None
    assert store.get_config("role") in (None, "")
    assert settings.problems(store) == []


def test_an_empty_voice_model_is_the_default(store):
    settings.set_value(store, "voice_model", "/models/x")
    assert settings.set_value(store, "voice_model", "  ") == ""
    assert settings.get(store, "voice_model") == ""


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("new_per_day", "new_per_day"),
        ("new-per-day", "new_per_day"),
        ("NEW_PER_DAY", "new_per_day"),
        ("  New-Per-Day ", "new_per_day"),
        ("desired-retention", "desired_retention"),
        ("Role", "role"),
        ("voice-model", "voice_model"),
    ],
)
def test_a_key_is_known_by_any_case_dashes_or_spaces(store, typed, key):
    assert settings.canonical(typed) == key
    settings.set_value(store, typed, settings.SETTINGS[key].default or "x")
    assert store.get_config(key) is not None
    assert store.get_config(typed) is None or typed == key
    assert settings.get(store, typed) == settings.get(store, key)
    settings.unset(store, typed)
    assert store.get_config(key) is None


@pytest.mark.parametrize(
    ("typed", "guess"),
    [
        ("retention", " Did you mean 'desired_retention'?"),
        ("new_per_week", " Did you mean 'new_per_day'?"),
        ("newperday", " Did you mean 'new_per_day'?"),
        ("roles", " Did you mean 'role'?"),
        ("", ""),
        ("colour", ""),
    ],
)
def test_an_unknown_key_is_refused_listing_the_settings(store, typed, guess):
    expected = (
        f"unknown setting '{typed}'. Settings: desired_retention, new_per_day, role, voice_model."
        + guess
    )
    for call in (
        lambda: settings.canonical(typed),
        lambda: settings.get(store, typed),
        lambda: settings.set_value(store, typed, "1"),
        lambda: settings.unset(store, typed),
    ):
        with pytest.raises(UsageError) as refused:
            call()
        assert refused.value.message == expected
    assert store.get_config(typed) is None


def test_a_config_entry_that_is_no_setting_is_not_a_setting(store):
    """The config table holds other things too (fitted parameters, goals); they are
    neither shown nor settable as settings."""
    store.set_config("fsrs_parameters", "[1, 2, 3]")
    assert "fsrs_parameters" not in settings.all_values(store)
    with pytest.raises(UsageError):
        settings.set_value(store, "fsrs_parameters", "x")
    assert store.get_config("fsrs_parameters") == "[1, 2, 3]"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("desired_retention", "0.8"),
        ("new_per_day", "0"),
        ("role", "manager"),
        ("voice_model", "/models/x"),
    ],
)
def test_unset_goes_back_to_the_default_and_returns_it(store, key, text):
    settings.set_value(store, key, text)
    assert settings.get(store, key) != DEFAULTS[key]
    assert settings.unset(store, key) == DEFAULTS[key]
    assert settings.get(store, key) == DEFAULTS[key]
    assert store.get_config(key) is None


def test_unset_of_a_setting_never_set_is_fine(store):
    assert settings.unset(store, "new_per_day") == 20
    assert settings.all_values(store) == DEFAULTS


@pytest.mark.parametrize(
    ("key", "stored", "reason"),
    [
        ("desired_retention", "1.5", "must be between 0.70 and 0.99"),
        ("desired_retention", "high", "'high' is not a valid value"),
        ("new_per_day", "-5", "must be 0 or more"),
        ("new_per_day", "100000", "must be at most 9999"),
        ("new_per_day", "twenty", "'twenty' is not a valid value"),
        ("new_per_day", "20.0", "'20.0' is not a valid value"),
        ("role", "two words", "must be a role id such as manager"),
        ("voice_model", "a\0b", "must be a folder path"),
    ],
)
def test_an_unusable_stored_value_is_a_problem_and_reads_as_the_default(store, key, stored, reason):
    """A value written by hand, an older or a hostile version: reported, never a crash."""
    store.set_config(key, stored)
    assert settings.get(store, key) == DEFAULTS[key]
    assert settings.all_values(store) == DEFAULTS
    (problem,) = settings.problems(store)
    assert problem.startswith(f"the stored setting {key} = '{stored}' is not valid ({reason}); ")
    assert "using the default" in problem
    assert problem.endswith(f"Fix it with: drill config set {key} VALUE")
    assert store.get_config(key) == stored  # reported, not silently rewritten


def test_the_problem_names_the_default_in_use(store):
    store.set_config("new_per_day", "-5")
    store.set_config("desired_retention", "2")
    problems = settings.problems(store)
    assert len(problems) == 2
    assert "using the default, 0.9." in problems[0]
    assert "using the default, 20." in problems[1]


def test_each_unusable_stored_value_is_its_own_problem_and_usable_ones_are_none(store):
    store.set_config("desired_retention", "0.8")  # usable: no problem
    store.set_config("new_per_day", "lots")
    store.set_config("role", "no such\trole")
    problems = settings.problems(store)
    assert [p.split(" = ")[0] for p in problems] == [
        "the stored setting new_per_day",
        "the stored setting role",
    ]
    assert settings.all_values(store) == {**DEFAULTS, "desired_retention": 0.8}


def test_an_empty_stored_value_is_the_default_and_no_problem(store):
    for key in DEFAULTS:
        store.set_config(key, "")
    assert settings.all_values(store) == DEFAULTS
    assert settings.problems(store) == []


def test_setting_a_valid_value_over_an_unusable_one_clears_the_problem(store):
    store.set_config("new_per_day", "-5")
    assert settings.problems(store)
    settings.set_value(store, "new_per_day", "15")
    assert settings.problems(store) == []
    assert settings.get(store, "new_per_day") == 15


def test_all_values_has_every_setting_in_order_typed(store):
    settings.set_value(store, "desired_retention", "0.93")
    settings.set_value(store, "new_per_day", "3")
    settings.set_value(store, "role", "manager")
    settings.set_value(store, "voice_model", "/m")
    values = settings.all_values(store)
    assert values == {
        "desired_retention": 0.93,
        "new_per_day": 3,
        "role": "manager",
        "voice_model": "/m",
    }
    assert list(values) == list(settings.SETTINGS)
    assert type(values["desired_retention"]) is float
    assert type(values["new_per_day"]) is int


def test_a_stored_number_reads_back_as_the_same_number(store):
    """The store keeps text; what was set is what is read, not a rounding of it."""
    for text in ("0.7", "0.71", "0.8999", "0.99"):
        settings.set_value(store, "desired_retention", text)
        assert settings.get(store, "desired_retention") == float(text)


def test_a_default_of_no_value_is_named_by_what_it_means(store):
    store.set_config("role", "two words")
    store.set_config("voice_model", "bad\0path")
    role, model = settings.problems(store)
    assert "using the default, (none: all roles). Fix it with" in role
    assert "using the default, (none: Whisper tiny.en). Fix it with" in model
