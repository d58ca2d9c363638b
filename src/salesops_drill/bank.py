"""Questions and concept cards: the domain objects and the queries over them.

Loading and validation live in :mod:`salesops_drill.content` and the modules it uses;
this module only holds the validated values and the ways the rest of the program
filters them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple


class CategoryRules(NamedTuple):
    """What a question's category decides, wherever the program asks."""

    #: Seconds allowed for an answer when a question sets no ``time_limit_s``.
    time_limit_s: int
    #: Model answers, and good typed answers, follow STAR.
    star: bool


#: Every question category, in the order they are listed, with all it decides. A new
#: category also needs its row in the grader's table, ``grading.tunables.BY_CATEGORY``
#: (tests/test_category_tables.py checks the two agree).
CATEGORY_RULES: dict[str, CategoryRules] = {
    "technical": CategoryRules(time_limit_s=180, star=False),
    "behavioral": CategoryRules(time_limit_s=180, star=True),
    "situational": CategoryRules(time_limit_s=180, star=True),
    "problem-solving": CategoryRules(time_limit_s=240, star=False),
    "role-knowledge": CategoryRules(time_limit_s=120, star=False),
}
#: For a category not in the table (validated content never has one): no KeyError.
OTHER_CATEGORY = CategoryRules(time_limit_s=180, star=False)

CATEGORIES: tuple[str, ...] = tuple(CATEGORY_RULES)
#: Categories whose model answers, and whose good typed answers, follow STAR.
STAR_CATEGORIES: frozenset[str] = frozenset(c for c, r in CATEGORY_RULES.items() if r.star)


def category_rules(category: str) -> CategoryRules:
    """What ``category`` decides; :data:`OTHER_CATEGORY` for one not in the table."""
    return CATEGORY_RULES.get(category, OTHER_CATEGORY)


#: Difficulty as it is said on screen and typed on the command line; stored as 1-3.
DIFFICULTY_NAMES: dict[int, str] = {1: "easy", 2: "medium", 3: "hard"}


def parse_difficulty(text: str | int) -> int:
    """A difficulty as typed: ``easy``, ``medium`` or ``hard`` (any case), or 1 to 3.

    Returns the stored number; raises ValueError saying what is accepted.
    """
    key = str(text).strip().lower()
    for number, name in DIFFICULTY_NAMES.items():
        if key in (name, str(number)):
            return number
    raise ValueError(f"'{text}' is not a difficulty: use easy, medium or hard (or 1 to 3)")


STAR_PARTS: tuple[str, ...] = ("situation", "task", "action", "result")


class KeyPoint(NamedTuple):
    """One thing a good answer covers, and the words that show it in typed text.

    ``keywords`` are the terms that name the point; ``paraphrases`` are the other ways a
    candidate says it in their own words (matched by content words, in order, within one
    sentence). A ``measured_result`` point (the outcome of the candidate's own story) is
    also covered by any sentence that gives a result of the work as a measure: "support
    tickets fell by a third" is a measurable outcome whatever its words.
    """

    label: str
    keywords: tuple[str, ...]
    paraphrases: tuple[str, ...] = ()
    measured_result: bool = False


#: Units a calculation's expected figure can have.
FIGURE_UNITS: tuple[str, ...] = (
    "currency",
    "percent",
    "ratio",
    "count",
    "days",
    "months",
    "number",
)


class Figure(NamedTuple):
    """A figure a correct answer to a calculation question reaches, e.g. LTV = $20,000."""

    label: str
    value: float
    unit: str
    terms: tuple[str, ...]


class ModelAnswer(NamedTuple):
    """A structured outline: STAR parts, or steps. Each part is a tuple of lines."""

    parts: tuple[tuple[str, tuple[str, ...]], ...]
    summary: str = ""

    def get(self, name: str) -> tuple[str, ...]:
        for key, lines in self.parts:
            if key == name:
                return lines
        return ()

    @property
    def is_star(self) -> bool:
        return all(self.get(p) for p in STAR_PARTS)

    def outline(self) -> list[tuple[str, list[str]]]:
        """(heading, lines) per part, one-line parts kept as one line: for text renderers."""
        return [(name.capitalize(), list(lines)) for name, lines in self.parts]


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    category: str
    roles: tuple[str, ...]
    difficulty: int
    what_it_tests: str
    key_points: tuple[KeyPoint, ...]
    model_answer: ModelAnswer
    follow_ups: tuple[str, ...]
    time_limit_s: int | None = None
    source: str = ""
    origin: str = field(default="", compare=False)  # "path:line" it was loaded from
    #: Expected results, for questions that ask for a calculation.
    figures: tuple[Figure, ...] = ()
    #: Key points of each follow-up, aligned with ``follow_ups`` (empty: none given).
    follow_up_points: tuple[tuple[KeyPoint, ...], ...] = ()

    def follow_up_key_points(self, prompt: str) -> tuple[KeyPoint, ...]:
        """The key points the content gives for one follow-up (by its prompt), if any."""
        for text, points in zip(self.follow_ups, self.follow_up_points, strict=False):
            if text == prompt:
                return points
        return ()

    @property
    def time_limit(self) -> int:
        """The question's own limit, else the default for its category."""
        return self.time_limit_s or category_rules(self.category).time_limit_s

    @property
    def uses_star(self) -> bool:
        return category_rules(self.category).star


@dataclass(frozen=True)
class Card:
    id: str
    front: str
    back: str
    roles: tuple[str, ...]
    tags: tuple[str, ...]
    origin: str = field(default="", compare=False)


@dataclass(frozen=True)
class Topic:
    """One entry of the order new concept cards are introduced in: a card tag, and
    where the entry is written."""

    tag: str
    origin: str = field(default="", compare=False)


def filter_questions(
    questions: Iterable[Question],
    role: str | None = None,
    category: str | None = None,
    difficulty: int | None = None,
) -> list[Question]:
    """Questions matching every filter given (``None`` means any)."""
    return [
        q
        for q in questions
        if (role is None or role in q.roles)
        and (category is None or q.category == category)
        and (difficulty is None or q.difficulty == difficulty)
    ]
