"""Build the :class:`~salesops_drill.library.Library` from the content files.

Only on a cache miss (see :mod:`content_cache`): every file is parsed and checked
(:mod:`content`), a broken user bank is left out whole, and the valid items become
roles, questions and cards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesops_drill.errors import ContentError
from salesops_drill.library import Library
from salesops_drill.roles import Role, RoleIndex

if TYPE_CHECKING:
    from salesops_drill.bank import Card, Question
    from salesops_drill.content_yaml import FileContent
    from salesops_drill.item_cache import ItemCache


def load_sources(
    builtin_list: Sequence[Path], user_list: Sequence[Path], reuse: ItemCache | None = None
) -> Library:
    """``reuse``: where items checked before are kept (see item_cache), if anywhere."""
    from salesops_drill.content import check_files, cross_check  # yaml only on a miss

    builtin = check_files(builtin_list, relative=False, reuse=reuse)
    user = check_files(user_list, relative=False, reuse=reuse)
    cross_check([*builtin, *user])
    problems = [p for fc in (*builtin, *user) for p in fc.problems]
    # A built-in file with problems would be a bug in a release: keep its valid items
    # rather than lose a whole role's questions. A broken user file is left out whole.
    usable = [*builtin, *(fc for fc in user if not fc.problems)]
    lib = build_library(usable, problems)
    lib.skipped = [fc.path for fc in user if fc.problems]
    return lib


def build_library(results: Sequence[FileContent], problems: list[ContentError]) -> Library:
    # Only when (re)building, not on a cache hit, where start-up time matters.
    from salesops_drill.bank import Topic

    roles = [_role(item, f"{fc.path}:{line}") for fc in results for item, line in fc.roles]
    index = RoleIndex(_unique(roles))
    expand = role_expander(tuple(index.ids))

    questions = _unique(
        _question(item, expand(item["roles"]), f"{fc.path}:{line}")
        for fc in results
        for item, line in fc.questions
    )
    # The user's version of a built-in card takes the built-in card's place.
    builtin_cards = {item["id"] for fc in results if fc.builtin for item, _ in fc.cards}
    edited = {
        item["id"]: (item, f"{fc.path}:{line}")
        for fc in results
        if fc.edits
        for item, line in fc.cards
        if item["id"] in builtin_cards
    }

    def card(item: dict[str, Any], origin: str) -> Card:
        return make_card(item, expand, origin)

    cards: list[Card] = []
    replaced: list[Card] = []
    for fc in results:
        for item, line in fc.cards:
            if fc.edits and item["id"] in edited:
                continue  # it goes where the built-in card was
            if fc.builtin and item["id"] in edited:
                cards.append(card(*edited[item["id"]]))
                replaced.append(card(item, f"{fc.path}:{line}"))
            else:
                cards.append(card(item, f"{fc.path}:{line}"))
    cards = _unique(cards)
    # Built-in files come first: a user's bank can only add tags after the built-in order.
    topics: list[Topic] = []
    seen: set[str] = set()
    for fc in results:
        for item, line in fc.topics:
            if item["tag"] not in seen:  # a tag listed twice is a problem cross_check reports
                seen.add(item["tag"])
                topics.append(Topic(item["tag"], f"{fc.path}:{line}"))
    return Library(index, questions, cards, problems, topics=topics, replaced=replaced)


def role_expander(all_ids: tuple[str, ...]) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """An item's ``roles`` as the library holds them: every role for ``all``, else the
    ones named, in the ladder's order (``all_ids``)."""
    from salesops_drill import schema

    def expand(refs: Sequence[str]) -> tuple[str, ...]:
        if schema.ALL_ROLES in refs:
            return all_ids
        return tuple(r for r in all_ids if r in refs)

    return expand


def make_card(
    item: dict[str, Any], expand: Callable[[Sequence[str]], tuple[str, ...]], origin: str
) -> Card:
    """A checked card item as the library's :class:`~salesops_drill.bank.Card`."""
    from salesops_drill.bank import Card

    return Card(
        id=item["id"],
        front=item["front"],
        back=item["back"],
        roles=expand(item["roles"]),
        tags=tuple(item["tags"]),
        origin=origin,
    )


def _unique(items):
    seen: set[str] = set()
    out = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            out.append(item)
    return out


def _role(item: dict[str, Any], origin: str) -> Role:
    # Maintainers' notes stay in the file: never loaded, so never shown.
    values = {k: (tuple(v) if isinstance(v, list) else v) for k, v in item.items() if k != "notes"}
    return Role(**values, origin=origin)


def _question(item: dict[str, Any], roles: tuple[str, ...], origin: str) -> Question:
    from salesops_drill.bank import Question

    return Question(
        id=item["id"],
        prompt=item["prompt"],
        category=item["category"],
        roles=roles,
        difficulty=item["difficulty"],
        what_it_tests=item["what_it_tests"],
        key_points=tuple(item["key_points"]),
        model_answer=item["model_answer"],
        follow_ups=tuple(prompt for prompt, _ in item["follow_ups"]),
        follow_up_points=tuple(points for _, points in item["follow_ups"]),
        figures=tuple(item.get("figures", ())),
        time_limit_s=item.get("time_limit_s"),
        source=item.get("source", ""),
        origin=origin,
    )
