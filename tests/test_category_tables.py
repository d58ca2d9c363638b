"""One table per home for what a question's category decides: the category's own rules
(bank.CATEGORY_RULES) and the grader's (grading.tunables.BY_CATEGORY), complete and in
agreement, and a category missing from them is no KeyError."""

from __future__ import annotations

import pytest

from salesops_drill import schema
from salesops_drill.bank import (
    CATEGORIES,
    CATEGORY_RULES,
    OTHER_CATEGORY,
    STAR_CATEGORIES,
    KeyPoint,
    ModelAnswer,
    Question,
)
from salesops_drill.grading import grade
from salesops_drill.grading import tunables as t


def question(category: str, time_limit_s: int | None = None) -> Question:
    return Question(
        id="q-test-category",
        prompt="How do you keep the forecast honest?",
        category=category,
        roles=("manager",),
        difficulty=1,
        what_it_tests="Categories.",
        key_points=(KeyPoint("inspect deals", ("inspect",)),),
        model_answer=ModelAnswer(parts=(("steps", ("Inspect every deal.",)),)),
        follow_ups=(),
        time_limit_s=time_limit_s,
    )


def test_the_grader_has_an_entry_for_every_category_and_no_other():
    assert set(t.BY_CATEGORY) == set(CATEGORIES) == set(CATEGORY_RULES)
    field = next(f for f in schema.QUESTION_FIELDS if f.name == "category")
    assert tuple(field.choices) == CATEGORIES


def test_the_tables_keep_the_values_they_had():
    assert CATEGORIES == (
        "technical",
        "behavioral",
        "situational",
        "problem-solving",
        "role-knowledge",
    )
    assert {c: question(c).time_limit for c in CATEGORIES} == {
        "technical": 180,
        "behavioral": 180,
        "situational": 180,
        "problem-solving": 240,
        "role-knowledge": 120,
    }
    assert STAR_CATEGORIES == {"behavioral", "situational"}
    assert t.WORD_RANGES == {
        "behavioral": (120, 300),
        "situational": (100, 300),
        "technical": (80, 250),
        "problem-solving": (100, 300),
        "role-knowledge": (50, 180),
    }
    assert t.SCORE_ROW_BY_CATEGORY == {
        "behavioral": "star",
        "situational": "star",
        "technical": "measured",
        "problem-solving": "measured",
        "role-knowledge": "plain",
    }


def test_star_scoring_is_exactly_the_star_categories():
    starred = {c for c in CATEGORIES if t.score_row(c) == "star"}
    assert starred == STAR_CATEGORIES == {c for c in CATEGORIES if question(c).uses_star}


@pytest.mark.parametrize("category", ["no-such-category", ""])
def test_a_category_missing_from_the_tables_is_no_key_error(category):
    q = question(category)
    assert q.time_limit == OTHER_CATEGORY.time_limit_s and not q.uses_star
    assert question(category, time_limit_s=75).time_limit == 75
    fb = grade(q, "I inspect every deal in the forecast call with the rep, weekly.", 30.0)
    assert fb.word_range == t.OTHER_CATEGORY.words and fb.time_limit_s == q.time_limit
    assert t.score_row(category) == "measured"
