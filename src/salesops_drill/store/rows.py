"""The store's rows as values: the records its reads return, and the conversions
between Python values and what the columns hold (times as fixed-width UTC text, JSON
dicts, card states).

Rows are named tuples rather than frozen dataclasses: every command that opens the
store imports this module, and on Python 3.11 making a frozen dataclass compiles six
methods (about 0.8 ms a class), a named tuple one (about 0.1 ms).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, NamedTuple

from salesops_drill.scheduler import CardState

if TYPE_CHECKING:
    import sqlite3


class ReviewLogRow(NamedTuple):
    id: int
    card_id: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    source: str


class SessionRow(NamedTuple):
    id: int
    role: str
    started_at: datetime
    finished_at: datetime | None
    seed: int | None
    planned: int | None
    settings: dict[str, Any]
    score: float | None
    answer_count: int

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class AnswerRow(NamedTuple):
    id: int
    session_id: int
    position: int
    question_id: str
    answer: str | None
    answered_at: datetime | None
    seconds_used: float | None
    time_limit_s: int | None
    over_time: bool
    feedback: dict[str, Any]
    self_rating: int | None
    follow_up: str | None
    follow_up_answer: str | None


class NewAnswer(NamedTuple):
    """An interview answer to save (:meth:`Store.add_answer`); the store gives it its id."""

    session_id: int
    position: int
    question_id: str
    answer: str
    answered_at: datetime
    seconds_used: float
    time_limit_s: int
    over_time: bool
    feedback: dict[str, Any]
    self_rating: int | None = None
    follow_up: str | None = None
    follow_up_answer: str | None = None


class RatedAnswerRow(NamedTuple):
    """An interview answer the user rated, beside what the grader made of it."""

    answered_at: datetime
    role: str
    question_id: str
    self_rating: int
    category: str | None
    score: float | None


class ScoredAnswerRow(NamedTuple):
    """An interview answer and the grader's 0-100 score of it (None: not graded)."""

    answered_at: datetime
    question_id: str
    category: str | None
    score: float | None


# -- rows <-> values ---------------------------------------------------------------------


def iso_utc(moment: datetime) -> str:
    """Fixed-width UTC text, so string order in SQL is time order."""
    if moment.tzinfo is None:
        raise ValueError(f"expected an aware datetime, got {moment!r}")
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def parse_utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is timezone.utc else moment.astimezone(timezone.utc)


def parse_utc_opt(text: str | None) -> datetime | None:
    return None if text is None else parse_utc(text)


def only_cards(card_ids: Iterable[str] | None) -> tuple[str, tuple[str, ...]]:
    """A ``card_id`` condition to add to a WHERE clause, and its parameter.

    The ids go in as one JSON array (``json_each``), so any number of them is one
    parameter, never past SQLite's limit on parameters.
    """
    if card_ids is None:
        return "", ()
    return " AND card_id IN (SELECT value FROM json_each(?))", (json.dumps(list(card_ids)),)


def inserted_id(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None  # set by every INSERT
    return cursor.lastrowid


def state_as_row(state: CardState, first_seen: str | None) -> dict[str, Any]:
    return {
        "card_id": state.card_id,
        "state": state.state,
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": iso_utc(state.due) if state.due else None,
        "last_review": iso_utc(state.last_review) if state.last_review else None,
        "first_seen": first_seen,
    }


#: The columns of a card_state row that make a CardState, in its field order.
STATE_COLUMNS = "card_id, state, step, stability, difficulty, due, last_review"
_new_object = object.__new__
#: parse_utc, written out in card_state_from_row (thousands of rows at a time).
_from_iso = datetime.fromisoformat
_UTC = timezone.utc


def card_state_from_row(row: tuple[Any, ...]) -> CardState:
    """A CardState from a row of ``STATE_COLUMNS``.

    Filled in directly (as unpickling would) rather than through the frozen dataclass's
    ``__init__``, which costs more than the rest together for the thousands of rows a
    review session or ``drill stats`` reads.
    """
    card_id, state, step, stability, difficulty, due, last_review = row
    if due is not None:
        due = _from_iso(due)
        if due.tzinfo is not _UTC:
            due = due.astimezone(_UTC)
    if last_review is not None:
        last_review = _from_iso(last_review)
        if last_review.tzinfo is not _UTC:
            last_review = last_review.astimezone(_UTC)
    made = _new_object(CardState)
    made.__dict__.update(
        card_id=card_id,
        state=state,
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=due,
        last_review=last_review,
    )
    return made


def session_from_row(row: sqlite3.Row) -> SessionRow:
    return SessionRow(
        id=row["id"],
        role=row["role"],
        started_at=parse_utc(row["started_at"]),
        finished_at=parse_utc_opt(row["finished_at"]),
        seed=row["seed"],
        planned=row["planned"],
        settings=json.loads(row["settings"] or "{}"),
        score=row["score"],
        answer_count=row["answer_count"],
    )


def answer_from_row(row: sqlite3.Row) -> AnswerRow:
    return AnswerRow(
        id=row["id"],
        session_id=row["session_id"],
        position=row["position"],
        question_id=row["question_id"],
        answer=row["answer"],
        answered_at=parse_utc_opt(row["answered_at"]),
        seconds_used=row["seconds_used"],
        time_limit_s=row["time_limit_s"],
        over_time=bool(row["over_time"]),
        feedback=json.loads(row["feedback"] or "{}"),
        self_rating=row["self_rating"],
        follow_up=row["follow_up"],
        follow_up_answer=row["follow_up_answer"],
    )


def feedback_score(feedback: str | None) -> float | None:
    """``coverage`` from the grading feedback, else ``score``; None if ungraded."""
    data = json.loads(feedback or "{}")
    for key in ("coverage", "score"):
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None


# -- a card's state before a review (review_log's before_* columns) -----------------------

#: The card_state columns a review keeps as they were before it, in the order of the
#: log's ``before_*`` columns.
BEFORE_COLUMNS = ("state", "step", "stability", "difficulty", "due", "last_review", "first_seen")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)
#: iso_utc's form. Any text of it that is a real date and time is exactly iso_utc's
#: output for that moment, so it can go in as a number and come back as the same text.
_ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", re.ASCII)


def _time_as_column(value: Any) -> Any:
    """A card_state time as review_log keeps it: whole microseconds since 1970 for the
    fixed-width UTC text drill writes, anything else as it is."""
    if type(value) is str and _ISO_UTC.fullmatch(value):
        try:
            since = datetime.fromisoformat(value) - _EPOCH
        except ValueError:  # not a real date (February 30th)
            return value
        return (since.days * 86_400 + since.seconds) * 1_000_000 + since.microseconds
    return value


def _time_from_column(value: Any) -> Any:
    if type(value) is int:
        return iso_utc(_EPOCH + value * _MICROSECOND)
    return value


def before_columns(row: Any) -> tuple[Any, ...]:
    """The ``before_*`` values of a card_state row (a mapping by column name); raises
    KeyError for a mapping without one of them."""
    return (
        row["state"],
        row["step"],
        row["stability"],
        row["difficulty"],
        _time_as_column(row["due"]),
        _time_as_column(row["last_review"]),
        _time_as_column(row["first_seen"]),
    )


def row_from_before(card_id: str, values: Iterable[Any]) -> dict[str, Any]:
    """The card_state row that ``before_columns`` gave ``values`` for."""
    state, step, stability, difficulty, due, last_review, first_seen = values
    return {
        "card_id": card_id,
        "state": state,
        "step": step,
        "stability": stability,
        "difficulty": difficulty,
        "due": _time_from_column(due),
        "last_review": _time_from_column(last_review),
        "first_seen": _time_from_column(first_seen),
    }
