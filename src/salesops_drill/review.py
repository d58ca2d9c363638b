"""A spaced-repetition session: which card is up, rating it, undoing, and the summary.

Pure core: no terminal. The screen in :mod:`salesops_drill.ui.review_screen` drives a
:class:`ReviewSession`; every rating is committed to the store before the next card.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from salesops_drill.bank import Card, Question
from salesops_drill.queue import build_queue, next_due, study_day_range
from salesops_drill.scheduler import LEARNING, RELEARNING, CardState, Scheduler, format_interval
from salesops_drill.settings import DEFAULT_NEW_PER_DAY

if TYPE_CHECKING:
    from salesops_drill.library import Library
    from salesops_drill.store import Store

#: New concept cards are introduced foundations first: what the job is, the ladder and
#: the KPIs before worked numbers, certifications and best practices.
TOPIC_ORDER: tuple[str, ...] = (
    "comparison",
    "functions",
    "categories",
    "positions",
    "kpi",
    "formula",
    "responsibilities",
    "worked-example",
    "certifications",
    "education",
    "salary",
    "best-practices",
)

#: Like Anki: when nothing else is left, a learning card due within this long is shown
#: now rather than ending the session a few minutes early.
LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True)
class ReviewCard:
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


def select_cards(
    lib: Library,
    role: str | None = None,
    category: str | None = None,
    tag: str | None = None,
) -> list[ReviewCard]:
    """Reviewable items matching the filters, concept cards and questions interleaved.

    ``category`` keeps interview questions of that category only; ``tag`` matches a
    card's tags or a question's category. New cards are introduced in this order: two
    concept cards (foundations first, see ``TOPIC_ORDER``) to each question, so
    definitions come before the questions that use them.
    """
    cards = [] if category else [from_card(c) for c in sorted(lib.cards, key=_topic_rank)]
    questions = [from_question(q) for q in lib.questions if not category or q.category == category]

    def keep(item: ReviewCard) -> bool:
        return (role is None or role in item.roles) and (tag is None or tag in item.tags)

    cards = [c for c in cards if keep(c)]
    questions = [q for q in questions if keep(q)]
    mixed: list[ReviewCard] = []
    ci = qi = 0
    while ci < len(cards) or qi < len(questions):
        mixed += cards[ci : ci + 2]
        ci += 2
        if qi < len(questions):
            mixed.append(questions[qi])
            qi += 1
    return mixed


def _topic_rank(card: Card) -> int:
    ranks = [TOPIC_ORDER.index(t) for t in card.tags if t in TOPIC_ORDER]
    return min(ranks, default=len(TOPIC_ORDER))


@dataclass
class Rated:
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
    cards: Sequence[ReviewCard]
    clock: Callable[[], datetime]
    new_per_day: int = DEFAULT_NEW_PER_DAY
    limit: int | None = None
    extra_new: int = 0
    started: datetime = field(init=False)
    rated: list[Rated] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.started = self.clock()
        start, end = study_day_range(self.started)
        self._seen_at_start = self.store.new_cards_seen_between(start, end)
        suspended = self.store.suspended()  # never shown, whatever the filters chose
        if suspended:
            self.cards = [c for c in self.cards if c.id not in suspended]
        self._by_id = {c.id: c for c in self.cards}
        self._shown_at: datetime | None = None
        self._current: str | None = None
        self._pick()

    # -- state -------------------------------------------------------------------

    def _states(self) -> dict[str, CardState]:
        return self.store.states(self._by_id)

    @property
    def new_limit(self) -> int:
        """New cards allowed today, as this session counts them."""
        if not self.extra_new:
            return self.new_per_day
        return max(self.new_per_day, self._seen_at_start) + self.extra_new

    def _seen_today(self, now: datetime) -> int:
        start, end = study_day_range(now)
        return self.store.new_cards_seen_between(start, end)

    def _queue(self, now: datetime):
        room = None if self.limit is None else max(0, self.limit - len(self.rated))
        return build_queue(
            [c.id for c in self.cards],
            self._states(),
            now,
            self.scheduler,
            new_limit=self.new_limit,
            new_seen_today=self._seen_today(now),
            limit=room,
        )

    def _pick(self) -> None:
        """Choose the next card: due first, then new, then learning cards due soon."""
        now = self.clock()
        queue = self._queue(now)
        self._counts = dict(queue.counts)
        nxt = queue.next
        if nxt is None and (self.limit is None or len(self.rated) < self.limit):
            soon = [c for c in queue.learning_soon if c in self._by_id]
            states = self._states()
            if soon and states[soon[0]].due and states[soon[0]].due - now <= LEARN_AHEAD:
                nxt = soon[0]
                self._counts["learning"] = self._counts.get("learning", 0) + 1
        self._learning_later = len(queue.learning_soon)
        self._current = nxt
        self._shown_at = now if nxt else None

    @property
    def current(self) -> ReviewCard | None:
        return self._by_id[self._current] if self._current else None

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
        self._pick()
        if self._current != last.card_id:  # show the undone card again, whatever is due
            self._current = last.card_id
            self._shown_at = self.clock()
        return True

    # -- summary -----------------------------------------------------------------

    def summary(self) -> Summary:
        now = self.clock()
        states = self._states()
        correct = sum(1 for r in self.rated if r.rating > 1)
        seen_today = self._seen_today(now)
        return Summary(
            reviewed=len(self.rated),
            correct=correct,
            new=sum(1 for r in self.rated if r.was_new),
            seconds=(now - self.started).total_seconds(),
            next_due=next_due(states, now, self._by_id),
            learning_later=sum(
                1
                for s in states.values()
                if s.state in (LEARNING, RELEARNING) and s.due is not None and s.due > now
            ),
            new_today=seen_today,
            new_room=max(0, self.new_limit - seen_today),
            new_left=sum(1 for c in self._by_id if c not in states or states[c].is_new),
        )


@dataclass(frozen=True)
class Summary:
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
