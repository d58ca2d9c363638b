"""Spaced repetition: a thin wrapper over the ``fsrs`` package (FSRS-6).

None of the memory model is written here. This module converts between our
:class:`CardState` (string ids, plain values, storable) and ``fsrs.Card``, and keeps
``fsrs`` out of the import path until a scheduler is actually built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import fsrs

NEW = "new"
LEARNING = "learning"
REVIEW = "review"
RELEARNING = "relearning"
STATES: tuple[str, ...] = (NEW, LEARNING, REVIEW, RELEARNING)

#: The rating scale, as FSRS numbers it: Anki's button order and labels. The one
#: definition; grading and the store read it from here.
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATINGS: dict[int, str] = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}


@dataclass(frozen=True)
class CardState:
    """Where one card stands in the schedule. A card never reviewed is ``"new"``."""

    card_id: str
    state: str
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None

    @classmethod
    def new(cls, card_id: str) -> CardState:
        return cls(card_id=card_id, state=NEW)

    @property
    def is_new(self) -> bool:
        return self.state == NEW or self.last_review is None


class Scheduler:
    """FSRS-6 with learning steps 1m, 10m (relearning 10m), and its default weights unless
    ``parameters`` (fitted to the user's log by ``drill optimize``) are given."""

    def __init__(
        self,
        desired_retention: float = 0.9,
        enable_fuzzing: bool = True,
        parameters: Sequence[float] | None = None,
    ) -> None:
        import fsrs  # imported here: only sessions that schedule cards pay for it

        self.desired_retention = desired_retention
        self.enable_fuzzing = enable_fuzzing
        self.parameters = tuple(parameters or fsrs.scheduler.DEFAULT_PARAMETERS)
        self._fsrs = fsrs.Scheduler(
            parameters=self.parameters,
            desired_retention=desired_retention,
            enable_fuzzing=enable_fuzzing,
        )
        # Previews show the unfuzzed interval: fuzz is a random spread around it,
        # drawn only when the card is actually rated.
        self._preview = fsrs.Scheduler(
            parameters=self.parameters, desired_retention=desired_retention, enable_fuzzing=False
        )
        # Unfuzzed ratings are a pure function of the card and the time since its last
        # review: remembered, a projection's thousands of like cards cost one fsrs call.
        self._memo: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def review(self, state: CardState, rating: int, now: datetime) -> CardState:
        """The state after rating the card 1 (Again) to 4 (Easy) at ``now``."""
        after = self._review(self._fsrs, state, rating, now)
        if rating == EASY:
            after = self._beyond_good(state, after, now)
        return after

    def preview(self, state: CardState, now: datetime) -> dict[int, datetime]:
        """The due time each rating would give, changing nothing."""
        previews: dict[int, datetime] = {}
        for rating in RATINGS:
            after = self._review(self._preview, state, rating, now)
            assert after.due is not None  # fsrs always schedules a rated card
            previews[rating] = after.due
        if previews[EASY] <= previews[GOOD]:
            previews[EASY] = previews[GOOD] + _DAY
        return previews

    def _beyond_good(self, state: CardState, easy: CardState, now: datetime) -> CardState:
        """Easy always waits longer than Good would, as in Anki.

        fsrs rounds intervals to whole days, floors them at one day and caps them at its
        maximum, so Easy can land on the same day as Good (a card with little stability,
        a second review the same day, a very stable card). Then Easy gets Good's unfuzzed
        interval plus a day; the stability fsrs computed is kept. Fuzz (a random spread
        of the real interval) never brings Easy back to Good's day either.
        """
        good = self._review(self._preview, state, GOOD, now).due
        assert easy.due is not None and good is not None
        if easy.due <= good:
            return replace(easy, due=good + _DAY)
        return easy

    def retrievability(self, state: CardState, now: datetime) -> float:
        """Predicted chance of recall at ``now``; 0 for a card never reviewed."""
        return self.recall_at(now)(state)

    def recall_at(self, now: datetime) -> Callable[[CardState], float]:
        """:meth:`retrievability` at ``now``, as a function of the card's state.

        For ranking thousands of cards (the due cards of a review session): one fsrs card
        serves them all, given each one's stability and last review in turn, since making
        an fsrs Card costs more than the sum itself.
        """
        import fsrs

        at = _utc(now)
        utc = timezone.utc
        # Recall depends only on the stability and the last review.
        card = fsrs.Card(0, fsrs.State.Review, None, None, None, None, None)
        recall = self._fsrs.get_card_retrievability

        def at_now(state: CardState) -> float:
            if state.is_new:
                return 0.0
            card.stability = state.stability
            last = state.last_review
            # Times read from the store are UTC already; _utc would copy each one.
            card.last_review = last if last is None or last.tzinfo is utc else _utc(last)
            return float(recall(card, at))

        return at_now

    def _review(
        self, scheduler: fsrs.Scheduler, state: CardState, rating: int, now: datetime
    ) -> CardState:
        import fsrs

        if rating not in RATINGS:
            raise ValueError(f"rating must be 1-4, got {rating!r}")
        now = _utc(now)
        fuzzed = scheduler.enable_fuzzing
        if not fuzzed:
            since = now - state.last_review if state.last_review and not state.is_new else None
            key = (
                scheduler is self._preview,
                state.state,
                state.step,
                state.stability,
                state.difficulty,
                since,
                state.is_new,
                rating,
            )
            known = self._memo.get(key)
            if known is not None:
                kind, step, stability, difficulty, wait = known
                return CardState(state.card_id, kind, step, stability, difficulty, now + wait, now)
        card, _log = scheduler.review_card(_to_fsrs(state, now), fsrs.Rating(rating), now)
        after = _from_fsrs(state.card_id, card)
        if not fuzzed:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            assert after.due is not None and after.last_review == now
            self._memo[key] = (
                after.state,
                after.step,
                after.stability,
                after.difficulty,
                after.due - now,
            )
        return after


_DAY = timedelta(days=1)
#: Unfuzzed ratings remembered at most (a few MB); past it the memo starts again.
MEMO_SIZE = 50_000

# fsrs.State values; a new card is fsrs's fresh Learning card with no last review.
_FSRS_STATE_NAMES = {1: LEARNING, 2: REVIEW, 3: RELEARNING}
_FSRS_STATE_VALUES = {name: value for value, name in _FSRS_STATE_NAMES.items()}


def _utc(moment: datetime) -> datetime:
    """fsrs insists on ``tzinfo is timezone.utc``, not merely an aware time."""
    if moment.tzinfo is None:
        raise ValueError(f"expected an aware datetime, got {moment!r}")
    return moment.astimezone(timezone.utc)


def _to_fsrs(state: CardState, now: datetime) -> fsrs.Card:
    import fsrs

    # fsrs ids are ints and unused by the maths; 0 also avoids its 1 ms sleep per new Card.
    if state.is_new:
        return fsrs.Card(card_id=0, state=fsrs.State.Learning, step=0, due=_utc(now))
    return fsrs.Card(
        card_id=0,
        state=fsrs.State(_FSRS_STATE_VALUES[state.state]),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=_utc(state.due or now),
        last_review=_utc(state.last_review) if state.last_review else None,
    )


def _from_fsrs(card_id: str, card: fsrs.Card) -> CardState:
    return CardState(
        card_id=card_id,
        state=_FSRS_STATE_NAMES[int(card.state)],
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def format_interval(delta: timedelta) -> str:
    """Anki-style short interval: ``<1m``, ``10m``, ``3h``, ``4d``, ``2mo``, ``1.3y``.

    Each unit is used until the rounded value reaches the next one, so 59.7 minutes
    reads "1h", not "60m". A month is 30 days and a year 365.
    """
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = _half_up(seconds / 60)
    if minutes < 60:
        return f"{minutes}m"
    hours = _half_up(seconds / 3600)
    if hours < 24:
        return f"{hours}h"
    days = _half_up(seconds / 86400)
    if days < 30:
        return f"{days}d"
    months = round(days / 30, 1)
    if months < 12:
        return f"{_trim(months)}mo"
    return f"{_trim(round(days / 365, 1))}y"


def _half_up(value: float) -> int:
    return int(value + 0.5)


def _trim(value: float) -> str:
    """1.0 -> "1", 1.5 -> "1.5"."""
    return f"{value:.1f}".removesuffix(".0")
