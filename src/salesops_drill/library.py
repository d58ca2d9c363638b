"""All usable content in one collection: the :class:`Library`, and loading it.

Built-in content plus the user's banks. Loading is nearly always a read of the content
cache (:mod:`content_cache`), which does not even import yaml; only when the sources
changed is every file parsed and checked again (:mod:`library_build`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from salesops_drill.errors import ContentError
from salesops_drill.paths import Paths
from salesops_drill.roles import RoleIndex

if TYPE_CHECKING:
    from salesops_drill.bank import Card, Question, Topic
    from salesops_drill.contentindex import ContentIndex


@dataclass
class Library:
    """All usable content, plus the problems met while loading it."""

    roles: RoleIndex
    questions: list[Question]
    cards: list[Card]
    problems: list[ContentError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # user files left out for problems
    #: The order new concept cards are introduced in (``topics:`` in the content files):
    #: the built-in order, then any tags the user's banks add.
    topics: list[Topic] = field(default_factory=list)
    #: The built-in cards the user's versions (see schema.EDITS_MARK) replace in
    #: :attr:`cards`: where each came from, for checking a bank against the built-in
    #: content without parsing it again (see content.validate_paths).
    replaced: list[Card] = field(default_factory=list)

    def question(self, qid: str) -> Question | None:
        return self._questions_by_id.get(qid)

    def card(self, cid: str) -> Card | None:
        return self._cards_by_id.get(cid)

    @property
    def topic_order(self) -> tuple[str, ...]:
        """The card tags of :attr:`topics`, foundations first."""
        return tuple(t.tag for t in self.topics)

    def __post_init__(self) -> None:
        self._questions_by_id = {q.id: q for q in self.questions}
        self._cards_by_id = {c.id: c for c in self.cards}

    def counts_by_role(self) -> dict[str, tuple[int, int]]:
        """Role id -> (interview questions, flashcards) available for it."""
        counts = {r.id: [0, 0] for r in self.roles}
        for q in self.questions:
            for r in q.roles:
                if r in counts:
                    counts[r][0] += 1
        for c in self.cards:
            for r in c.roles:
                if r in counts:
                    counts[r][1] += 1
        return {k: (v[0], v[1]) for k, v in counts.items()}


class Overview(NamedTuple):
    """What listing commands need: the roles and how much material each has."""

    roles: RoleIndex
    counts: dict[str, tuple[int, int]]
    problems: list[ContentError]
    skipped: list[str]


def load_library(paths: Paths, use_cache: bool = True) -> Library:
    """Built-in content plus the user's banks; a broken user file is skipped whole."""
    from salesops_drill.gcpause import paused

    with paused():  # tens of thousands of objects for a large bank: see gcpause
        if not use_cache:
            from salesops_drill.library_build import load_sources
            from salesops_drill.paths import builtin_files, user_files

            return load_sources(builtin_files(), user_files(paths))
        from salesops_drill.content_cache import cached

        return cached(paths)[1]()


def load_overview(paths: Paths) -> Overview:
    """Roles and counts only: skips building every question and card."""
    from salesops_drill.content_cache import cached

    return cached(paths)[0]


def load_index(paths: Paths) -> ContentIndex:
    """Each question's and card's id and roles (see contentindex): without decoding the
    cards, which a bank of 10,000 would make the larger part of ``drill stats``."""
    from salesops_drill.content_cache import cached
    from salesops_drill.gcpause import paused

    with paused():
        return cached(paths)[2]()
