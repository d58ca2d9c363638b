"""Which questions a mock interview asks: chosen by category and history, the ones
answered worst, or the ones an answers file (or recordings) name.

Pure core: no terminal. Every way of choosing returns a :class:`Plan`; the session that
asks them is :mod:`salesops_drill.interview`. Errors name what is wrong, never a
command-line flag: the CLI words them for its own options.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from salesops_drill.bank import Question
from salesops_drill.errors import UsageError
from salesops_drill.target import ALL as ALL_ROLES  # a session of every role's questions

if TYPE_CHECKING:
    from salesops_drill.store import Store

DEFAULT_QUESTIONS = 5
#: Questions asked in this many of the role's latest sessions count as "recent".
RECENT_SESSIONS = 3
#: A past coverage below this marks a question as weak, worth asking again.
WEAK_COVERAGE = 0.6


@dataclass(frozen=True)
class Plan:
    """The questions for one interview, and why there may be fewer than asked."""

    role: str
    questions: list[Question]
    seed: int
    requested: int
    note: str = ""


class NothingToRetry(UsageError):
    """:func:`plan_weakest` found no answered question to ask again."""


class UnknownQuestion(UsageError):
    """An id that names no question; ``hint`` is the known id it is nearest to, if any."""

    def __init__(self, question_id: str, hint: str | None) -> None:
        self.question_id, self.hint = question_id, hint
        extra = f"; did you mean '{hint}'?" if hint else ""
        super().__init__(f"unknown question id '{question_id}'{extra}")


class NotForRole(UsageError):
    """Questions named that are not asked for ``role``, in the order named."""

    def __init__(self, role: str, ids: Sequence[str]) -> None:
        self.role, self.ids = role, list(ids)
        listed = ", ".join(f"'{qid}'" for qid in ids)
        plural = "s are" if len(ids) > 1 else " is"
        super().__init__(f"question id{plural} not asked for {role}: {listed}")


def choose_questions(
    pool: Sequence[Question],
    n: int,
    seed: int,
    recent: set[str] = frozenset(),  # type: ignore[assignment]
    weak: set[str] = frozenset(),  # type: ignore[assignment]
    first: Sequence[str] = (),
) -> list[Question]:
    """Pick ``n`` questions from ``pool``, reproducibly for a given ``seed``.

    Categories are taken in turn (in an order the seed shuffles, after those in
    ``first``, which keep their order: a goal's weakest categories), so any ``n`` of at
    least 3 spans at least 3 categories when the pool has them. Within a category,
    questions not asked recently are preferred, and weak ones more so.
    """
    rng = random.Random(seed)
    by_category: dict[str, list[Question]] = {}
    for q in sorted(pool, key=lambda q: q.id):  # pool order must not change the result
        by_category.setdefault(q.category, []).append(q)
    categories = sorted(by_category)
    rng.shuffle(categories)
    leading = [c for c in dict.fromkeys(first) if c in by_category]
    categories = leading + [c for c in categories if c not in leading]
    chosen: list[Question] = []
    while len(chosen) < n and any(by_category.values()):
        for category in categories:
            if len(chosen) >= n:
                break
            options = by_category[category]
            if not options:
                continue
            weights = [_weight(q, recent, weak) for q in options]
            pick = rng.choices(range(len(options)), weights=weights, k=1)[0]
            chosen.append(options.pop(pick))
    return chosen


def _weight(q: Question, recent: set[str], weak: set[str]) -> float:
    weight = 1.0
    if q.id in recent:
        weight *= 0.15
    if q.id in weak:
        weight *= 3.0
    return weight


def pool_for(
    role: str | None,
    questions: Sequence[Question],
    categories: Sequence[str] = (),
    difficulty: int | None = None,
) -> list[Question]:
    """The questions of ``role`` (None: every role) that pass the filters."""
    pool = [
        q
        for q in questions
        if (role is None or role in q.roles)
        and (not categories or q.category in categories)
        and (difficulty is None or q.difficulty == difficulty)
    ]
    if not pool:
        raise UsageError(f"no questions for {_whom(role)} match those filters")
    return pool


def _whom(role: str | None) -> str:
    return "any role" if role is None else f"role '{role}'"


def _check_count(n: int) -> None:
    if n < 1:
        raise UsageError(f"an interview asks at least 1 question, not {n}")


def plan(
    role: str | None,
    questions: Sequence[Question],
    n: int,
    seed: int,
    store: Store | None = None,
    categories: Sequence[str] = (),
    difficulty: int | None = None,
    first: Sequence[str] = (),
) -> Plan:
    """The questions for ``role`` (None: every role, saved as role "all"), filtered,
    with history from ``store`` when given; categories in ``first`` are asked first, in
    that order."""
    _check_count(n)
    pool = pool_for(role, questions, categories, difficulty)
    name = role or ALL_ROLES
    recent, weak = history_sets(store, name, [q.id for q in pool]) if store else (set(), set())
    chosen = choose_questions(pool, min(n, len(pool)), seed, recent, weak, first)
    note = ""
    if len(pool) < n:
        note = f"Only {len(pool)} questions match for {role or 'all roles'}; asking all of them."
    return Plan(name, chosen, seed, n, note)


def plan_weakest(
    role: str | None,
    questions: Sequence[Question],
    n: int,
    seed: int,
    store: Store,
    categories: Sequence[str] = (),
    difficulty: int | None = None,
) -> Plan:
    """The ``n`` questions of ``role`` (None: every role) you answered worst lately,
    weakest first (see :func:`salesops_drill.stats.weakest`).

    Only questions answered at least once count; with none, :class:`NothingToRetry`.
    """
    from salesops_drill.stats import weakest

    _check_count(n)
    pool = {q.id: q for q in pool_for(role, questions, categories, difficulty)}
    rows = store.scored_answers(pool)
    weak = weakest(rows, n, {qid: q.category for qid, q in pool.items()})
    if not weak:
        filters = " that match those filters" if categories or difficulty else ""
        raise NothingToRetry(
            f"no answered questions yet for {role or 'any role'}{filters}, so none to retry"
        )
    note = ""
    if len(weak) < n:
        note = (
            f"Only {len(weak)} answered question{'s' if len(weak) != 1 else ''} for "
            f"{role or 'all roles'}; asking {'it' if len(weak) == 1 else 'all of them'}."
        )
    chosen = [pool[w.question_id] for w in weak]
    return Plan(role or ALL_ROLES, chosen, seed, n, note)


def plan_from_ids(
    role: str | None, questions: Sequence[Question], ids: Sequence[str], seed: int
) -> Plan:
    """The questions named by ``ids``, in that order, for ``role`` (None: every role).

    Raises :class:`UnknownQuestion` for the first id that names no question, and, with a
    ``role``, :class:`NotForRole` listing every id not asked for it.
    """
    by_id = {q.id: q for q in questions}
    for qid in ids:
        if qid not in by_id:
            from salesops_drill.wording import closest

            raise UnknownQuestion(qid, closest(qid, by_id))
    if role is not None:
        others = [qid for qid in dict.fromkeys(ids) if role not in by_id[qid].roles]
        if others:
            raise NotForRole(role, others)
    chosen = [by_id[qid] for qid in ids]
    return Plan(role or ALL_ROLES, chosen, seed, len(chosen))


def history_sets(store: Store, role: str, ids: Sequence[str]) -> tuple[set[str], set[str]]:
    """(asked in the role's latest sessions, answered weakly on average)."""
    recent = store.recent_questions(role, RECENT_SESSIONS)
    scores = store.question_scores()
    weak = set()
    for qid in ids:
        mine = scores.get(qid)
        if mine and sum(mine) / len(mine) < WEAK_COVERAGE:
            weak.add(qid)
    return recent, weak
