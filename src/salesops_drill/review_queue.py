"""Which card comes next: pure functions over states already loaded from the store."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any, NamedTuple

from .clock import study_day_range
from .scheduler import LEARNING, RELEARNING, REVIEW, CardState, Scheduler


@dataclass
class Queue:
    """One session's cards, in the order to show them: everything due, then new cards."""

    due: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    #: Learning cards coming back later this study day; shown as information only.
    learning_soon: list[str] = field(default_factory=list)
    #: Due cards per kind for the progress counter: "new", "learning", "review".
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def cards(self) -> list[str]:
        return self.due + self.new

    @property
    def next(self) -> str | None:
        cards = self.cards
        return cards[0] if cards else None

    def __len__(self) -> int:
        return len(self.due) + len(self.new)


def build_queue(
    card_ids: Sequence[str],
    states: Mapping[str, CardState],
    now: datetime,
    scheduler: Scheduler,
    new_limit: int,
    new_seen_today: int,
    limit: int | None = None,
    tz: tzinfo | None = None,
) -> Queue:
    """The cards to study at ``now``, as whole lists.

    Due cards come weakest first (lowest retrievability, then most overdue); new cards
    keep the order of ``card_ids``, up to what is left of today's ``new_limit``. ``limit``
    caps the whole session, due cards first. Stored states whose card is no longer in
    ``card_ids`` (removed from the banks) are skipped but not forgotten. ``tz`` is the
    user's zone for where the study day ends (default: the machine's).
    """
    _, day_end = study_day_range(now, tz)
    live = SessionQueue(card_ids, scheduler)
    known = [c for c, s in states.items() if not s.is_new]
    live.load(states.values(), known, now, day_end)
    return live.snapshot(now, max(0, new_limit - new_seen_today), limit)


class Pick(NamedTuple):
    """What a review session needs at one moment: the next card and the counts."""

    next: str | None
    #: Cards left by kind, as :attr:`Queue.counts`.
    counts: dict[str, int]
    #: The first learning card back later this study day, and how many there are.
    soon: CardState | None
    soon_count: int


class SessionQueue:
    """One review session's cards, held in memory and kept up to date per rating.

    It orders cards exactly as :func:`build_queue` does over every stored state, but is
    loaded once from the states due before the study day ends (selected in SQL through
    the ``due`` index) and then told of each change, so a key press costs a few heap
    operations, not a read and sort of every card. Due cards sit in a heap ordered by
    (retrievability now, due, deck order); cards coming due later today in heaps
    ordered by due time. Retrievability counts whole days since the last review, so a
    due card's place changes only when such a day boundary passes: those moments are a
    third heap, and only the cards they reach are placed again. Entries are dropped
    lazily (each carries its card's version). After the study day ends, load it again.
    """

    def __init__(self, card_ids: Sequence[str], scheduler: Scheduler) -> None:
        self.ids = list(dict.fromkeys(card_ids))  # a card listed twice is still one card
        self._pos = {cid: i for i, cid in enumerate(self.ids)}
        self._scheduler = scheduler
        self.horizon: datetime | None = None
        self._reset()

    def _reset(self) -> None:
        self._known: set[str] = set()  # deck cards with a stored, non-new state
        # Cards due now or later this study day: their state, and whether it is due.
        self._held: dict[str, tuple[CardState, bool]] = {}
        self._version: dict[str, int] = {}
        self._due: list[tuple[float, datetime, int, str, int]] = []
        self._boundaries: list[tuple[datetime, str, int]] = []
        self._later: list[tuple[datetime, int, str, int]] = []
        self._soon: list[tuple[datetime, int, str, int]] = []  # learning, later today
        self._count = {LEARNING: 0, RELEARNING: 0, REVIEW: 0}
        self._soon_count = 0
        self._first_new = 0  # no card before this index of ``ids`` is new

    # -- loading and changes ---------------------------------------------------------

    def load(
        self,
        states: Iterable[CardState],
        known: Iterable[str],
        now: datetime,
        horizon: datetime,
    ) -> None:
        """Start afresh at ``now``: ``states`` must include every stored state due
        before ``horizon`` (the end of the study day; others are ignored), ``known`` the
        ids of every card with a stored state that is not new."""
        self._reset()
        self.horizon = horizon
        self._known = known_ids = {c for c in known if c in self._pos}
        recall = self._scheduler.recall_at(now)
        # What _hold does for a card due now, written out: a large deck can have
        # thousands due, and the first card waits for all of them.
        held, versions, pos, count = self._held, self._version, self._pos, self._count
        due_now, boundaries = self._due.append, self._boundaries.append
        days_after: dict[int, timedelta] = {}  # made once per whole number of days
        for state in states:
            cid, due = state.card_id, state.due
            if cid not in known_ids or cid in held or due is None or due >= horizon:
                continue
            if due > now:
                self._hold(state, now, push=list.append, recall=recall)
                continue
            versions[cid] = 1  # the queue was just reset: each card's first entry
            held[cid] = (state, True)
            due_now((recall(state), due, pos[cid], cid, 1))
            last = state.last_review
            if last is not None:
                days = (now - last).days + 1
                step = days_after.get(days)
                if step is None:
                    step = days_after[days] = timedelta(days=days)
                boundaries((last + step, cid, 1))
            kind = state.state
            count[kind] = count.get(kind, 0) + 1
        for heap in (self._due, self._boundaries, self._later, self._soon):
            heapq.heapify(heap)

    def stale(self, now: datetime) -> bool:
        """True once the study day the queue was loaded for has ended."""
        return self.horizon is None or now >= self.horizon

    def held(self, card_id: str) -> CardState | None:
        """The state held for a card: None for a new card, or one not due today."""
        entry = self._held.get(card_id)
        return entry[0] if entry else None

    def is_new(self, card_id: str) -> bool:
        return card_id in self._pos and card_id not in self._known

    def update(self, card_id: str, state: CardState | None, now: datetime) -> None:
        """A card's stored state is now ``state`` (None: no state, a new card again)."""
        if card_id not in self._pos:
            return
        self._release(card_id)
        if state is None or state.is_new:
            self._known.discard(card_id)
            self._first_new = min(self._first_new, self._pos[card_id])
            return
        self._known.add(card_id)
        self._hold(state, now)

    def _hold(
        self,
        state: CardState,
        now: datetime,
        push=heapq.heappush,
        recall: Callable[[CardState], float] | None = None,
    ) -> None:
        cid, due = state.card_id, state.due
        assert self.horizon is not None
        if due is None or due >= self.horizon:
            return  # not due this study day
        version = self._version.get(cid, 0) + 1
        self._version[cid] = version
        pos = self._pos[cid]
        if due <= now:
            self._held[cid] = (state, True)
            r = recall(state) if recall else self._scheduler.retrievability(state, now)
            push(self._due, (r, due, pos, cid, version))
            if state.last_review is not None:
                days = (now - state.last_review).days
                push(self._boundaries, (state.last_review + timedelta(days=days + 1), cid, version))
            self._count[state.state] = self._count.get(state.state, 0) + 1
            return
        self._held[cid] = (state, False)
        if state.state in (LEARNING, RELEARNING):
            push(self._soon, (due, pos, cid, version))
            self._soon_count += 1
        else:
            push(self._later, (due, pos, cid, version))

    def _release(self, card_id: str) -> None:
        entry = self._held.pop(card_id, None)
        if entry is None:
            return
        state, due = entry
        self._version[card_id] += 1  # its heap entries are stale from now on
        if due:
            self._count[state.state] -= 1
        elif state.state in (LEARNING, RELEARNING):
            self._soon_count -= 1

    def _advance(self, now: datetime) -> None:
        """Bring the heaps to ``now``: cards that have come due join the due heap, and
        due cards whose whole days since their last review went up are placed again."""
        for heap in (self._later, self._soon):
            while heap and heap[0][0] <= now:
                _, _, cid, version = heapq.heappop(heap)
                if self._version.get(cid) == version:
                    self._replace(cid, now)
        while self._boundaries and self._boundaries[0][0] <= now:
            _, cid, version = heapq.heappop(self._boundaries)
            if self._version.get(cid) == version:
                self._replace(cid, now)

    def _replace(self, card_id: str, now: datetime) -> None:
        state = self._held[card_id][0]
        self._release(card_id)
        self._hold(state, now)

    def _top(self, heap: list) -> Any:
        """The first live entry of ``heap`` (stale ones are dropped); None if empty."""
        while heap:
            entry = heap[0]
            if self._version.get(entry[-2]) == entry[-1]:
                return entry
            heapq.heappop(heap)
        return None

    def _live(self, heap: list) -> list:
        """The live entries of ``heap``, in order (the heap itself is compacted)."""
        heap[:] = [e for e in heap if self._version.get(e[-2]) == e[-1]]
        heapq.heapify(heap)
        return sorted(heap)

    def _new_cards(self, count: int) -> list[str]:
        """The first ``count`` new cards, in deck order."""
        out: list[str] = []
        i = self._first_new
        while i < len(self.ids) and self.ids[i] in self._known:
            i += 1
        self._first_new = i
        while i < len(self.ids) and len(out) < count:
            if self.ids[i] not in self._known:
                out.append(self.ids[i])
            i += 1
        return out

    # -- reading -------------------------------------------------------------------------

    def pick(self, now: datetime, new_room: int, limit: int | None = None) -> Pick:
        """The next card at ``now`` and the counts; ``new_room`` is how many new cards
        today's allowance has left, ``limit`` how many cards the session has left."""
        self._advance(now)
        top = self._top(self._due)
        due_count = sum(self._count.values())
        if limit is None:
            learning = self._count[LEARNING] + self._count[RELEARNING]
            counts = {"new": 0, "learning": learning, "review": self._count[REVIEW]}
            new_count = min(new_room, len(self.ids) - len(self._known))
        else:
            room = max(0, limit)
            first = None
            if room < due_count:  # only the first ``room`` due cards count
                live = [e for e in self._due if self._version.get(e[3]) == e[4]]
                first = heapq.nsmallest(room, live)
            kinds = [self._held[e[3]][0].state for e in first] if first is not None else None
            if kinds is None:
                learning = self._count[LEARNING] + self._count[RELEARNING]
                review, taken = self._count[REVIEW], due_count
            else:
                learning = sum(1 for k in kinds if k in (LEARNING, RELEARNING))
                review, taken = sum(1 for k in kinds if k == REVIEW), len(kinds)
            counts = {"new": 0, "learning": learning, "review": review}
            new_count = min(new_room, len(self.ids) - len(self._known), room - taken)
            if room == 0:
                top = None
        new_count = max(0, new_count)
        counts["new"] = new_count
        nxt = top[3] if top is not None else None
        if nxt is None and new_count:
            nxt = self._new_cards(1)[0]
        soon = self._top(self._soon)
        return Pick(nxt, counts, self._held[soon[2]][0] if soon else None, self._soon_count)

    def snapshot(self, now: datetime, new_room: int, limit: int | None = None) -> Queue:
        """Everything at ``now`` as whole lists: see :func:`build_queue`."""
        self._advance(now)
        due_entries = self._live(self._due)
        due = [e[3] for e in due_entries]
        new = self._new_cards(max(0, new_room))
        if limit is not None:
            due = due[: max(0, limit)]
            new = new[: max(0, limit - len(due))]
        kinds = {e[3]: self._held[e[3]][0].state for e in due_entries}
        counts = {
            "new": len(new),
            "learning": sum(1 for c in due if kinds[c] in (LEARNING, RELEARNING)),
            "review": sum(1 for c in due if kinds[c] == REVIEW),
        }
        soon = [e[2] for e in self._live(self._soon)]
        return Queue(due=due, new=new, learning_soon=soon, counts=counts)


def next_due(
    states: Mapping[str, CardState],
    now: datetime,
    card_ids: Collection[str] | None = None,
) -> datetime | None:
    """The earliest due time after ``now`` (of ``card_ids`` only, when given)."""
    times = [
        s.due
        for s in states.values()
        if s.due is not None and s.due > now and (card_ids is None or s.card_id in card_ids)
    ]
    return min(times, default=None)
