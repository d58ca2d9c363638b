"""Which card comes next: pure functions over states already loaded from the store."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from .clock import study_day
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
    """The cards to study at ``now``.

    Due cards come weakest first (lowest retrievability, then most overdue); new cards
    keep the order of ``card_ids``, up to what is left of today's ``new_limit``. ``limit``
    caps the whole session, due cards first. Stored states whose card is no longer in
    ``card_ids`` (removed from the banks) are skipped but not forgotten. ``tz`` is the
    user's zone for where the study day ends (default: the machine's).
    """
    card_ids = list(dict.fromkeys(card_ids))  # a card listed twice is still one card
    known = [states[c] for c in card_ids if c in states and not states[c].is_new]
    due_states = [s for s in known if s.due is not None and s.due <= now]
    due_states.sort(key=lambda s: (scheduler.retrievability(s, now), s.due))
    due = [s.card_id for s in due_states]

    room = max(0, new_limit - new_seen_today)
    new = [c for c in card_ids if (c not in states or states[c].is_new)][:room]

    if limit is not None:
        due = due[: max(0, limit)]
        new = new[: max(0, limit - len(due))]

    _, day_end = study_day_range(now, tz)
    soon = [
        s
        for s in known
        if s.state in (LEARNING, RELEARNING) and s.due is not None and now < s.due < day_end
    ]
    soon.sort(key=lambda s: s.due or now)

    kinds = {s.card_id: s.state for s in due_states}
    counts = {
        "new": len(new),
        "learning": sum(1 for c in due if kinds[c] in (LEARNING, RELEARNING)),
        "review": sum(1 for c in due if kinds[c] == REVIEW),
    }
    return Queue(due=due, new=new, learning_soon=[s.card_id for s in soon], counts=counts)


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


def study_day_range(now: datetime, tz: tzinfo | None = None) -> tuple[datetime, datetime]:
    """Start and end (aware UTC) of the study day containing ``now``.

    The end is found as the start of the day containing a moment 30 hours on, not as
    start + 24h, so days that gain or lose an hour to daylight saving come out right.
    """
    start = study_day(now, tz)
    return start, study_day(start + timedelta(hours=30), tz)
