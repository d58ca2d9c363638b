"""A spaced-repetition session: which card is up, rating it, undoing, and the summary.

Pure core: no terminal. The screen in :mod:`salesops_drill.ui.review_screen` drives a
:class:`ReviewSession`; every rating is committed to the store before the next card.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from salesops_drill.bank import Card, Question
from salesops_drill.clock import study_day_range
from salesops_drill.gcpause import paused
from salesops_drill.review_queue import Queue, SessionQueue, build_queue
from salesops_drill.scheduler import CardState, Scheduler, format_interval
from salesops_drill.settings import DEFAULT_NEW_PER_DAY

if TYPE_CHECKING:
    from salesops_drill.contentindex import ContentIndex
    from salesops_drill.library import Library
    from salesops_drill.plan import GoalOrder
    from salesops_drill.store import Store

#: Like Anki: when nothing else is left, a learning card due within this long is shown
#: now rather than ending the session a few minutes early.
LEARN_AHEAD = timedelta(minutes=20)


class ReviewCard(NamedTuple):
    """Anything that can be reviewed: a concept card, or an interview question."""

    id: str
    kind: str  # "card" or "question"
    front: str
    back: str
    roles: tuple[str, ...]
    tags: tuple[str, ...]  # topic tags; a question's category


def from_card(card: Card) -> ReviewCard:
    return ReviewCard(card.id, "card", card.front, card.back, card.roles, card.tags)


def from_question(q: Question) -> ReviewCard:
    """Front: the prompt. Back: key points, then the model answer outline."""
    lines = ["Key points:"]
    lines += [f"  • {kp.label}" for kp in q.key_points]
    lines.append("Model answer:")
    if q.model_answer.summary:
        lines.append(f"  {q.model_answer.summary}")
    for heading, parts in q.model_answer.outline():
        if len(parts) == 1:
            lines.append(f"  {heading}: {parts[0]}")
        else:
            lines.append(f"  {heading}:")
            lines += [f"    {i}. {p}" for i, p in enumerate(parts, 1)]
    return ReviewCard(q.id, "question", q.prompt, "\n".join(lines), q.roles, (q.category,))


def review_card(item: Card | Question) -> ReviewCard:
    return from_card(item) if isinstance(item, Card) else from_question(item)


def select_ids(
    index: ContentIndex,
    role: str | None = None,
    category: str | None = None,
    tag: str | None = None,
) -> list[str]:
    """The ids of the reviewable items matching the filters, concept cards and
    questions interleaved: the order new cards are introduced in.

    ``category`` keeps interview questions of that category only; ``tag`` matches a
    card's tags or a question's category. Two concept cards (foundations first: the
    content's ``topics``, see :attr:`ContentIndex.topic_order`) come to each question,
    so definitions come before the questions that use them.
    """
    kept = (
        []
        if category
        else [
            c
            for c in index.cards
            if (role is None or role in c[2]) and (tag is None or tag in c[1])
        ]
    )
    rank = _topic_rank(index.topic_order)
    cards = [c[0] for c in sorted(kept, key=lambda c: rank(c[1]))]
    questions = [
        qid
        for qid, cat, roles in index.questions
        if (not category or cat == category)
        and (role is None or role in roles)
        and (tag is None or tag == cat)
    ]
    mixed: list[str] = []
    ci = qi = 0
    while ci < len(cards) or qi < len(questions):
        mixed += cards[ci : ci + 2]
        ci += 2
        if qi < len(questions):
            mixed.append(questions[qi])
            qi += 1
    return mixed


def select_cards(
    lib: Library,
    role: str | None = None,
    category: str | None = None,
    tag: str | None = None,
) -> list[ReviewCard]:
    """The reviewable items matching the filters, in :func:`select_ids`' order."""
    from salesops_drill.contentindex import ContentIndex

    index = ContentIndex.of(lib)
    with paused():  # thousands of cards in a large bank: see gcpause
        return [deck_card(index, cid) for cid in select_ids(index, role, category, tag)]


def select_deck(
    index: ContentIndex,
    role: str | None = None,
    category: str | None = None,
    tag: str | None = None,
) -> Deck:
    """:func:`select_cards` from the index: each card's text is read when it is shown."""
    return Deck(select_ids(index, role, category, tag), lambda cid: deck_card(index, cid))


def deck_card(index: ContentIndex, card_id: str) -> ReviewCard:
    item = index.item(card_id)
    if item is None:  # gone from the content since the session chose it
        return ReviewCard(card_id, "card", f"({card_id} is no longer in the content)", "", (), ())
    return review_card(item)


def _topic_rank(order: Sequence[str]) -> Callable[[tuple[str, ...]], int]:
    """The place in ``order`` of a card with these tags: that of its earliest tag
    there; after all, if none."""
    ranks = {tag: rank for rank, tag in enumerate(order)}
    last = len(order)
    known: dict[tuple[str, ...], int] = {}  # cards share their tags: each set ranked once

    def rank(tags: tuple[str, ...]) -> int:
        found = known.get(tags)
        if found is None:
            found = known[tags] = min((ranks[t] for t in tags if t in ranks), default=last)
        return found

    return rank


@dataclass
class Deck:
    """A session's cards: their ids in order, each made into a :class:`ReviewCard` only
    when it is shown (a bank of 10,000 cards is not all read to show one)."""

    ids: list[str]
    load: Callable[[str], ReviewCard]

    def __post_init__(self) -> None:
        self._made: dict[str, ReviewCard] = {}

    @classmethod
    def of(cls, cards: Sequence[ReviewCard]) -> Deck:
        by_id = {c.id: c for c in cards}
        return cls(list(by_id), by_id.__getitem__)

    def card(self, card_id: str) -> ReviewCard:
        made = self._made.get(card_id)
        if made is None:
            made = self._made[card_id] = self.load(card_id)
        return made


class Rated(NamedTuple):
    card_id: str
    rating: int
    log_id: int
    was_new: bool
    reviewed_at: datetime | None = None  # as stored, so undo can tell it is still ours


@dataclass
class ReviewSession:
    """One sitting of ``drill review``. ``clock`` is injected so tests control time.

    ``new_per_day`` is the daily number of new cards, shared by every session of the
    study day; ``extra_new`` (``--new N``) allows that many more in this session, beyond
    the daily number or whatever was already done today, whichever is more.
    """

    store: Store
    scheduler: Scheduler
    #: The session's cards (a :class:`Deck` reads each only when shown).
    cards: Sequence[ReviewCard] | Deck
    clock: Callable[[], datetime]
    new_per_day: int = DEFAULT_NEW_PER_DAY
    limit: int | None = None
    extra_new: int = 0
    #: A goal's ordering (:class:`salesops_drill.plan.GoalOrder`), or None.
    order: GoalOrder | None = None
    started: datetime = field(init=False)
    rated: list[Rated] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()
        start, end = study_day_range(self.started)
        self._seen_at_start = self.store.new_cards_seen_between(start, end)
        self._deck = self.cards if isinstance(self.cards, Deck) else Deck.of(self.cards)
        suspended = self.store.suspended()  # never shown, whatever the filters chose
        ids = [c for c in self._deck.ids if c not in suspended]
        self._in_session = dict.fromkeys(ids)  # in order
        self._queue = SessionQueue(ids, self.scheduler)
        self._shown_at: datetime | None = None
        self._current: str | None = None
        self._pick()

    # -- state -------------------------------------------------------------------

    @property
    def new_limit(self) -> int:
        """New cards allowed today, as this session counts them."""
        if not self.extra_new:
            return self.new_per_day
        return max(self.new_per_day, self._seen_at_start) + self.extra_new

    def _seen_today(self, now: datetime) -> int:
        start, end = study_day_range(now)
        return self.store.new_cards_seen_between(start, end)

    def _load(self, now: datetime) -> None:
        """Read the states the study day needs: those due before it ends, and which
        cards are not new. Once per session (and again if it runs past the day's end)."""
        _, day_end = study_day_range(now)
        with paused():  # thousands of heap entries that last the session: see gcpause
            self._queue.load(
                self.store.states_due_before(day_end), self.store.known_card_ids(), now, day_end
            )

    def _goal_order_applies(self, now: datetime) -> bool:
        """True in a goal's last days, when its order replaces the usual one."""
        if self.order is None:
            return False
        from salesops_drill.plan import in_late_phase

        return in_late_phase(self.order.goal, now, self.order.tz)

    def _goal_queue(self, now: datetime, room: int | None) -> tuple[Queue, dict[str, CardState]]:
        """The queue in a goal's last days: cards not yet due may come first, so this
        reads the states of every card of the session (bounded by one role's cards)."""
        assert self.order is not None
        ids = list(self._in_session)
        states = self.store.states(self._in_session)
        queue = build_queue(
            ids,
            states,
            now,
            self.scheduler,
            new_limit=self.new_limit,
            new_seen_today=self._seen_today(now),
            limit=room,
        )
        return self.order.arrange(queue, ids, states, now, room), states

    def _pick_goal(self, now: datetime, room: int | None) -> None:
        """:meth:`_pick` in a goal's last days, from every state of the session's cards."""
        queue, states = self._goal_queue(now, room)
        self._counts = dict(queue.counts)
        nxt = queue.next
        if nxt is None and (self.limit is None or len(self.rated) < self.limit):
            soon = [c for c in queue.learning_soon if c in self._in_session]
            if soon and states[soon[0]].due and states[soon[0]].due - now <= LEARN_AHEAD:
                nxt = soon[0]
                self._counts["learning"] = self._counts.get("learning", 0) + 1
        self._learning_later = len(queue.learning_soon)
        self._current = nxt
        self._shown_at = now if nxt else None

    def _pick(self) -> None:
        """Choose the next card: due first, then new, then learning cards due soon."""
        now = self.clock()
        if self._queue.stale(now):
            self._load(now)
        start, end = study_day_range(now)
        room = None if self.limit is None else max(0, self.limit - len(self.rated))
        if self._goal_order_applies(now):
            self._pick_goal(now, room)
            return
        while True:
            seen_today = self.store.new_cards_seen_between(start, end)
            pick = self._queue.pick(now, max(0, self.new_limit - seen_today), room)
            counts = dict(pick.counts)
            nxt = pick.next
            if nxt is None and (self.limit is None or len(self.rated) < self.limit):
                soon = pick.soon
                if soon is not None and soon.due and soon.due - now <= LEARN_AHEAD:
                    nxt = soon.card_id
                    counts["learning"] = counts.get("learning", 0) + 1
            if nxt is None or self._as_held(nxt, now):
                break
        self._counts = counts
        self._learning_later = pick.soon_count
        self._current = nxt
        self._shown_at = now if nxt else None

    def _as_held(self, card_id: str, now: datetime) -> bool:
        """True if the file still holds the state the queue has for ``card_id``; else
        the queue takes the stored one (another drill rated the card meanwhile)."""
        stored = self.store.get_state(card_id)
        if stored is not None and stored.is_new:
            stored = None
        if stored == self._queue.held(card_id) and (stored is None) == self._queue.is_new(card_id):
            return True
        self._queue.update(card_id, stored, now)
        return False

    @property
    def current(self) -> ReviewCard | None:
        return self._deck.card(self._current) if self._current else None

    @property
    def counts(self) -> dict[str, int]:
        """Remaining now, by kind: new, learning, review (the card on screen included)."""
        return self._counts

    @property
    def current_state(self) -> CardState:
        assert self._current is not None
        return self.store.get_state(self._current) or CardState.new(self._current)

    def previews(self) -> dict[int, str]:
        """Rating -> the interval it would give, as Anki shows it ("<10m", "4d")."""
        now = self.clock()
        return {
            rating: format_interval(due - now)
            for rating, due in self.scheduler.preview(self.current_state, now).items()
        }

    # -- actions -----------------------------------------------------------------

    def rate(self, rating: int) -> None:
        """Rate the card on screen and commit it, then move to the next card."""
        if self._current is None:
            raise RuntimeError("no card to rate")
        now = self.clock()
        state = self.current_state
        after = self.scheduler.review(state, rating, now)
        shown = self._shown_at or now
        duration = max(0, int((now - shown).total_seconds() * 1000))
        log_id = self.store.record_review(after, rating, now, duration, source="review")
        self.rated.append(Rated(self._current, rating, log_id, state.is_new, now))
        self._queue.update(self._current, after, now)
        self._pick()

    def undo(self) -> bool:
        """Take back this session's last rating; that card comes back on screen."""
        if not self.rated:
            return False
        last = self.rated[-1]
        undone = self.store.undo_review(last.log_id, last.card_id, last.rating, last.reviewed_at)
        if undone is None:
            return False
        self.rated.pop()
        self._queue.update(last.card_id, self.store.get_state(last.card_id), self.clock())
        self._pick()
        if self._current != last.card_id:  # show the undone card again, whatever is due
            self._current = last.card_id
            self._shown_at = self.clock()
        return True

    # -- summary -----------------------------------------------------------------

    def summary(self) -> Summary:
        now = self.clock()
        upcoming, learning_later = self.store.upcoming(self._in_session, now)
        known = self.store.known_card_ids()
        correct = sum(1 for r in self.rated if r.rating > 1)
        seen_today = self._seen_today(now)
        return Summary(
            reviewed=len(self.rated),
            correct=correct,
            new=sum(1 for r in self.rated if r.was_new),
            seconds=(now - self.started).total_seconds(),
            next_due=upcoming,
            learning_later=learning_later,
            new_today=seen_today,
            new_room=max(0, self.new_limit - seen_today),
            new_left=sum(1 for c in self._in_session if c not in known),
        )


class Summary(NamedTuple):
    reviewed: int
    correct: int
    new: int
    seconds: float
    next_due: datetime | None
    learning_later: int
    #: New cards first seen this study day (every session), and how many more today's
    #: limit allows now.
    new_today: int = 0
    new_room: int = 0
    #: New cards in this session's selection not yet seen.
    new_left: int = 0

    @property
    def new_used_up(self) -> bool:
        """Today's new cards are all done while the selection still has new ones."""
        return self.new_room == 0 and self.new_left > 0

    @property
    def correct_share(self) -> float:
        return self.correct / self.reviewed if self.reviewed else 0.0
