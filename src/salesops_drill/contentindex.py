"""Which questions and cards each role has, without the cards themselves.

``drill stats`` needs each item's id, roles and (for a question) category, and
``drill review`` each card's tags too, to choose and order a session's cards: not the
text of 10,000 cards. The content cache keeps this index on a line of its own, read
without decoding the cards (see :func:`salesops_drill.library.load_index`), and a card's
text is read when it is asked for (:attr:`ContentIndex.item`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from salesops_drill.bank import Card, Question
    from salesops_drill.errors import ContentError
    from salesops_drill.library import Library
    from salesops_drill.roles import RoleIndex

#: A question or card by its id; None for an id the content does not hold.
ItemLoader = Callable[[str], Union["Card", "Question", None]]


@dataclass
class ContentIndex:
    roles: RoleIndex
    #: (id, tags, roles) of each flashcard, in library order.
    cards: list[tuple[str, tuple[str, ...], tuple[str, ...]]]
    #: (id, category, roles) of each question, in library order.
    questions: list[tuple[str, str, tuple[str, ...]]]
    problems: list[ContentError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: The card tags in the order new cards are introduced (see Library.topic_order).
    topic_order: tuple[str, ...] = ()
    #: The whole question or card of an id, read only when asked for.
    item: ItemLoader = field(default=lambda _: None, repr=False, compare=False)

    @classmethod
    def of(cls, lib: Library) -> ContentIndex:
        return cls(
            lib.roles,
            [(c.id, c.tags, c.roles) for c in lib.cards],
            [(q.id, q.category, q.roles) for q in lib.questions],
            list(lib.problems),
            list(lib.skipped),
            lib.topic_order,
            lambda iid: lib.card(iid) or lib.question(iid),
        )

    def ids_by_role(self, roles: Sequence[str]) -> dict[str, list[str]]:
        """Per role in ``roles``: the ids of its flashcards, then of its questions (what
        ``review.select_cards`` gives for the role, not interleaved), in one pass."""
        out: dict[str, list[str]] = {role: [] for role in roles}
        for item in (*self.cards, *self.questions):
            for role in item[-1]:  # each role once: the library lists them so
                ids = out.get(role)
                if ids is not None:
                    ids.append(item[0])
        return out

    @property
    def categories(self) -> dict[str, str]:
        """Question id -> category."""
        return {qid: category for qid, category, _ in self.questions}

    # -- as JSON, in the content cache -------------------------------------------------

    def data(self) -> dict[str, Any]:
        """The cards and questions as plain data (the roles and problems are cached with
        the overview), by column: the ids, and each item's tags or roles as a number in
        one table of the distinct lists, which a large bank's cards share."""
        lists: dict[tuple[str, ...], int] = {}

        def ref(texts: tuple[str, ...]) -> int:
            return lists.setdefault(texts, len(lists))

        cards = [
            [cid for cid, _, _ in self.cards],
            [ref(tags) for _, tags, _ in self.cards],
            [ref(roles) for _, _, roles in self.cards],
        ]
        questions = [
            [qid for qid, _, _ in self.questions],
            [cat for _, cat, _ in self.questions],
            [ref(roles) for _, _, roles in self.questions],
        ]
        return {
            "lists": [list(texts) for texts in lists],
            "cards": cards,
            "questions": questions,
            "topic_order": list(self.topic_order),
        }

    @classmethod
    def from_data(
        cls,
        data: Any,
        roles: RoleIndex,
        problems: list[ContentError],
        skipped: list[str],
        item: ItemLoader,
    ) -> ContentIndex:
        """Raises ValueError or TypeError (or KeyError, IndexError) for data of another
        shape. Checked by column, without a Python step per item: a bank of 10,000 cards
        is read at every ``drill review`` and ``drill stats``."""
        lists = [_texts(texts) for texts in _list(data["lists"])]
        card_ids, tags, card_roles = _list(data["cards"])
        question_ids, categories, question_roles = _list(data["questions"])
        cards = list(
            zip(
                _all_text(card_ids),
                _pick(lists, tags),
                _pick(lists, card_roles),
                strict=True,
            )
        )
        questions = list(
            zip(
                _all_text(question_ids),
                _all_text(categories),
                _pick(lists, question_roles),
                strict=True,
            )
        )
        order = _texts(data["topic_order"])
        return cls(roles, cards, questions, problems, skipped, order, item)


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise TypeError("an index entry that is not a list")
    return value


def _all_text(values: Any) -> list[str]:
    if not set(map(type, _list(values))) <= {str}:
        raise TypeError("an index list that is not a list of text")
    return values


def _texts(values: Any) -> tuple[str, ...]:
    return tuple(_all_text(values))


def _pick(lists: list[tuple[str, ...]], refs: Any) -> list[tuple[str, ...]]:
    """The lists ``refs`` number (an IndexError or TypeError for a number not there)."""
    if not set(map(type, _list(refs))) <= {int} or (refs and min(refs) < 0):
        raise TypeError("an index reference that is not a list's number")
    return list(map(lists.__getitem__, refs))
