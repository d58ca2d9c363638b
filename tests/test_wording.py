"""The shared wording rules: counts with their noun, and "did you mean"."""

from __future__ import annotations

import pytest

from salesops_drill.wording import closest, did_you_mean, plural


@pytest.mark.parametrize(
    ("count", "noun", "many", "expected"),
    [
        (0, "card", None, "0 cards"),
        (1, "card", None, "1 card"),
        (2, "bank file", None, "2 bank files"),
        (1, "query", "queries", "1 query"),
        (3, "query", "queries", "3 queries"),
    ],
)
def test_plural(count, noun, many, expected):
    assert plural(count, noun, many) == expected


def test_closest_suggests_a_typo_and_nothing_for_a_stranger():
    known = ["manager", "analyst", "director"]
    assert closest("manger", known) == "manager"
    assert closest("anlyst", iter(known)) == "analyst"  # any iterable
    assert closest("zebra", known) is None
    assert closest("x", []) is None


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("clause", "; did you mean 'manager'?"),
        ("sentence", " Did you mean 'manager'?"),
        ("aside", " (did you mean 'manager'?)"),
    ],
)
def test_a_guess_joins_its_message_in_each_style(style, expected):
    assert did_you_mean("manager", "; known: a, b", style) == expected
    assert did_you_mean(None, "; known: a, b", style) == "; known: a, b"
    assert did_you_mean(None) == ""
