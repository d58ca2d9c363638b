"""The card browser's core: every reviewable card with where it stands in the schedule.

"Cards" here are what ``drill review`` shows: concept cards and interview questions (a
question is reviewed as its prompt, then its key points and model answer). Pure core:
states and suspensions come in as values read from the store; no terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from salesops_drill.errors import UsageError
from salesops_drill.review import ReviewCard, review_card
from salesops_drill.scheduler import NEW, RATINGS, CardState
from salesops_drill.wording import closest, did_you_mean

if TYPE_CHECKING:
    from salesops_drill.bank import Card, Question
    from salesops_drill.library import Library
    from salesops_drill.paths import Paths
    from salesops_drill.scheduler import Scheduler
    from salesops_drill.store import ReviewLogRow

#: Where a card comes from, as the browser says it.
BUILTIN, EDITED, YOURS = "built-in", "your version", "yours"


@dataclass(frozen=True)
class CardInfo:
    """One reviewable card and where it stands."""

    card: ReviewCard
    state: CardState  # CardState.new(...) for a card never reviewed
    suspended: datetime | None  # when it was suspended; None if it is not
    source: str  # BUILTIN, EDITED or YOURS
    origin: str  # "path:line" it was loaded from

    @property
    def id(self) -> str:
        return self.card.id

    @property
    def state_name(self) -> str:
        return NEW if self.state.is_new else self.state.state

    def is_due(self, now: datetime) -> bool:
        """Due for review now: reviewed before, not suspended, and its time has come."""
        return (
            self.suspended is None
            and not self.state.is_new
            and self.state.due is not None
            and self.state.due <= now
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form ``drill cards list --json`` prints (stable keys)."""
        return {
            "id": self.id,
            "kind": self.card.kind,
            "front": self.card.front,
            "roles": list(self.card.roles),
            "tags": list(self.card.tags),
            "state": self.state_name,
            "due": _iso(None if self.state.is_new else self.state.due),
            "suspended": self.suspended is not None,
            "source": self.source,
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def source_of(origin: str, paths: Paths) -> str:
    from salesops_drill.paths import is_builtin
    from salesops_drill.userbank import edits_path, origin_path

    if is_builtin(origin):
        return BUILTIN
    if origin_path(origin) == edits_path(paths):
        return EDITED
    return YOURS


def items(lib: Library) -> list[Card | Question]:
    """Every reviewable item: concept cards, then interview questions, as loaded."""
    return [*lib.cards, *lib.questions]


def card_infos(
    lib: Library,
    states: Mapping[str, CardState],
    suspended: Mapping[str, datetime],
    paths: Paths,
    role: str | None = None,
    tag: str | None = None,
) -> list[CardInfo]:
    """Cards serving ``role`` with ``tag`` (a card's tag, or a question's category)."""
    sources: dict[str, str] = {}  # by file: hundreds of cards share a few files

    def source(origin: str) -> str:
        where = origin.rsplit(":", 1)[0]
        found = sources.get(where)
        if found is None:
            found = sources[where] = source_of(origin, paths)
        return found

    found = [info(item, states, suspended, paths, source) for item in items(lib)]
    return [
        i
        for i in found
        if (role is None or role in i.card.roles) and (tag is None or tag in i.card.tags)
    ]


def info(
    item: Card | Question,
    states: Mapping[str, CardState],
    suspended: Mapping[str, datetime],
    paths: Paths,
    source: Callable[[str], str] | None = None,
) -> CardInfo:
    """Where one card or question stands; ``source`` gives an origin's source (default
    :func:`source_of`)."""
    return CardInfo(
        review_card(item),
        states.get(item.id) or CardState.new(item.id),
        suspended.get(item.id),
        source(item.origin) if source else source_of(item.origin, paths),
        item.origin,
    )


def check_tag(lib: Library, tag: str) -> str:
    """``tag`` if some card has it, else a UsageError naming the closest tag."""
    known = sorted({t for item in items(lib) for t in review_card(item).tags})
    if tag in known:
        return tag
    hint = closest(tag, known)
    extra = did_you_mean(hint, " See the tags in 'drill cards list'.", "sentence")
    raise UsageError(f"no card has the tag '{tag}'.{extra}")


def find(lib: Library, card_id: str) -> Card | Question:
    """The card or question with id ``card_id``, or a UsageError with the closest id."""
    wanted = card_id.strip()
    found = lib.card(wanted) or lib.question(wanted)
    if found is not None:
        return found
    ids = [item.id for item in items(lib)]
    hint = closest(wanted.lower(), ids)
    if not hint and len(wanted) >= 3:  # a part of an id: "cac-formula"
        hint = next((i for i in ids if wanted.lower() in i), None)
    extra = did_you_mean(hint, " See 'drill cards list'.", "sentence")
    raise UsageError(f"no card with id '{card_id}'.{extra}")


@dataclass(frozen=True)
class CardDetail:
    """Everything ``drill cards show`` tells about one card."""

    info: CardInfo
    retrievability: float | None  # predicted chance of recall now; None if never reviewed
    reviews: Sequence[ReviewLogRow]

    def to_dict(self) -> dict[str, Any]:
        state = self.info.state
        reviewed = not state.is_new
        return {
            **self.info.to_dict(),
            "back": self.info.card.back,
            "origin": self.info.origin,
            "suspended_at": _iso(self.info.suspended),
            "schedule": {
                "state": self.info.state_name,
                "due": _iso(state.due if reviewed else None),
                "last_review": _iso(state.last_review),
                "stability_days": state.stability if reviewed else None,
                "difficulty": state.difficulty if reviewed else None,
                "recall_now": self.retrievability,
            },
            "reviews": [
                {
                    "reviewed_at": _iso(r.reviewed_at),
                    "rating": r.rating,
                    "rating_name": RATINGS.get(r.rating, str(r.rating)),
                    "source": r.source,
                    "duration_ms": r.duration_ms,
                }
                for r in self.reviews
            ],
        }


def detail(
    info: CardInfo, reviews: Sequence[ReviewLogRow], scheduler: Scheduler, now: datetime
) -> CardDetail:
    recall = None if info.state.is_new else scheduler.retrievability(info.state, now)
    return CardDetail(info, recall, list(reviews))
