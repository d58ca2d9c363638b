"""The content format as data: which fields each kind of item has, and their types.

``docs/content-format.md`` describes the same format for people; a test checks that the
two list the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from salesops_drill.bank import CATEGORIES, FIGURE_UNITS
from salesops_drill.roles import NEEDS

#: Kinds of field value, checked by :mod:`salesops_drill.content_fields`.
ID = "id"
TEXT = "text"
INT = "int"
TEXT_LIST = "text_list"
ROLE_LIST = "role_list"
KEY_POINTS = "key_points"
MODEL_ANSWER = "model_answer"
FIGURES = "figures"
FOLLOW_UPS = "follow_ups"
FLOAT = "float"
BOOL = "bool"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool = True
    min_items: int = 0
    bounds: tuple[int, int] | None = None
    choices: tuple[str, ...] | None = None


#: A role list whose items are plain strings or ``{topic: crm-data, text: ...}`` mappings;
#: the topic pairs the same duty across levels in ``drill roles compare``.
TOPIC_LIST = "topic_list"

TOPIC_ITEM_FIELDS: tuple[Field, ...] = (
    Field("topic", ID),
    Field("text", TEXT),
)

#: Education items may also say how firmly employers ask for them.
EDUCATION_ITEM_FIELDS: tuple[Field, ...] = (
    *TOPIC_ITEM_FIELDS,
    Field("need", TEXT, required=False, choices=NEEDS),
)

#: The item fields of each TOPIC_LIST field of a role.
TOPIC_ITEM_SPECS: dict[str, tuple[Field, ...]] = {
    "responsibilities": TOPIC_ITEM_FIELDS,
    "skills": TOPIC_ITEM_FIELDS,
    "education": EDUCATION_ITEM_FIELDS,
}

ROLE_FIELDS: tuple[Field, ...] = (
    Field("id", ID),
    Field("title", TEXT),
    Field("aliases", TEXT_LIST, required=False),
    Field("level", INT, bounds=(1, 10)),
    Field("experience", TEXT),
    Field("min_years", INT, bounds=(0, 60)),
    Field("summary", TEXT),
    Field("scope", TEXT, required=False),
    Field("responsibilities", TOPIC_LIST, min_items=1),
    Field("decisions", TEXT_LIST, required=False),
    Field("skills", TOPIC_LIST, min_items=1),
    Field("education", TOPIC_LIST, min_items=1),
    Field("certifications", TEXT_LIST, required=False),
    Field("kpis", TEXT_LIST, min_items=1),
    Field("salary", TEXT, required=False),
    Field("reports_to", TEXT),
    Field("leads", TEXT, required=False),
    Field("interview_focus", TEXT_LIST, min_items=1),
    Field("notes", TEXT_LIST, required=False),  # for maintainers; never loaded or shown
)

QUESTION_FIELDS: tuple[Field, ...] = (
    Field("id", ID),
    Field("prompt", TEXT),
    Field("category", TEXT, choices=CATEGORIES),
    Field("roles", ROLE_LIST, min_items=1),
    Field("difficulty", INT, bounds=(1, 3)),
    Field("what_it_tests", TEXT),
    Field("key_points", KEY_POINTS, min_items=3),
    Field("model_answer", MODEL_ANSWER),
    Field("follow_ups", FOLLOW_UPS, min_items=1),
    Field("time_limit_s", INT, required=False, bounds=(30, 1800)),
    Field("source", TEXT, required=False),
    Field("figures", FIGURES, required=False, min_items=1),
)

CARD_FIELDS: tuple[Field, ...] = (
    Field("id", ID),
    Field("front", TEXT),
    Field("back", TEXT),
    Field("roles", ROLE_LIST, min_items=1),
    Field("tags", TEXT_LIST, min_items=1),
)

KEY_POINT_FIELDS: tuple[Field, ...] = (
    Field("label", TEXT),
    Field("keywords", TEXT_LIST, min_items=1),
    Field("paraphrases", TEXT_LIST, required=False),
    Field("measured_result", BOOL, required=False),
)

#: A follow-up written as a mapping, with key points of its own.
FOLLOW_UP_FIELDS: tuple[Field, ...] = (
    Field("prompt", TEXT),
    Field("key_points", KEY_POINTS, min_items=2),
)

#: An expected figure of a calculation question.
FIGURE_FIELDS: tuple[Field, ...] = (
    Field("label", TEXT),
    Field("value", FLOAT),
    Field("unit", TEXT, choices=FIGURE_UNITS),
    Field("terms", TEXT_LIST, min_items=1),
)

#: Parts a model answer may have; STAR for stories, ``steps`` for the rest.
MODEL_ANSWER_PARTS: tuple[str, ...] = ("situation", "task", "action", "result", "steps")
MODEL_ANSWER_SUMMARY = "summary"

#: One entry of the order new concept cards are introduced in (``topics:``): a card tag.
#: A card ranks by the earliest of its tags in the order; one with none ranks last.
TOPIC_ORDER_FIELDS: tuple[Field, ...] = (Field("tag", TEXT),)

#: Top-level keys of a content file, each a list of items of one kind.
SECTIONS: dict[str, tuple[Field, ...]] = {
    "roles": ROLE_FIELDS,
    "questions": QUESTION_FIELDS,
    "cards": CARD_FIELDS,
    "topics": TOPIC_ORDER_FIELDS,
}

#: The role list value that means every role.
ALL_ROLES = "all"

ID_PATTERN = r"^[a-z][a-z0-9-]{1,63}$"

#: The first line of the user bank holding their versions of built-in cards (written by
#: ``drill cards edit`` and ``drill import csv``). Its cards may reuse built-in card ids:
#: each replaces the built-in card with that id, which keeps the card's progress.
EDITS_MARK = "# Your versions of built-in cards, written by drill."
