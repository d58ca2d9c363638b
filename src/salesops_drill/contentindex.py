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
        the overview)."""
        return {
            "cards": [[cid, list(tags), list(roles)] for cid, tags, roles in self.cards],
            "questions": [[qid, cat, list(roles)] for qid, cat, roles in self.questions],
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
        """Raises ValueError or TypeError (or KeyError) for data of another shape."""
        texts = _Texts()
        cards = [(_text(cid), texts(t), texts(r)) for cid, t, r in data["cards"]]
        questions = [(_text(qid), _text(cat), texts(r)) for qid, cat, r in data["questions"]]
        order = texts(data["topic_order"])
        return cls(roles, cards, questions, problems, skipped, order, item)


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("an index entry that is not text")
    return value


class _Texts:
    """Lists of text as tuples, each list of the same texts checked and made once: the
    cards of a large bank share a few lists of roles and of tags."""

    def __init__(self) -> None:
        self._made: dict[tuple[Any, ...], tuple[str, ...]] = {}

    def __call__(self, values: Any) -> tuple[str, ...]:
        if type(values) is not list:
            raise TypeError("an index list that is not a list")
        key = tuple(values)  # a list or dict inside: not hashable, a TypeError
        made = self._made.get(key)
        if made is None:
            if not all(type(v) is str for v in key):
                raise TypeError("an index list that is not a list of text")
            made = self._made[key] = key
        return made
