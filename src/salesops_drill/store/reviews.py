"""The review log in the store: writing a review with its card's new state, undoing
one, and reading the log back (as rows, or streamed as JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from salesops_drill.scheduler import RATINGS, CardState
from salesops_drill.store.base import StoreBase
from salesops_drill.store.opening import is_corrupt, refuse_corrupt, unreadable
from salesops_drill.store.rows import (
    BEFORE_COLUMNS,
    ReviewLogRow,
    before_columns,
    inserted_id,
    iso_utc,
    parse_utc,
    row_from_before,
    state_as_row,
)

if TYPE_CHECKING:
    import sqlite3

SOURCES: tuple[str, ...] = ("review", "interview")
_BEFORE = ", ".join(f"before_{name}" for name in BEFORE_COLUMNS)
_INSERT_REVIEW = (
    f"INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, source, {_BEFORE})"
    f" VALUES ({', '.join('?' * (5 + len(BEFORE_COLUMNS)))})"
)
_NOTHING_BEFORE = (None,) * len(BEFORE_COLUMNS)  # a new card


class Reviews(StoreBase):
    """Writing, undoing and reading reviews."""

    @refuse_corrupt
    def record_review(
        self,
        new_state: CardState,
        rating: int,
        now: datetime,
        duration_ms: int | None,
        source: str = "review",
    ) -> int:
        """Store a review and the card's new state together; returns the log id.

        The card's previous row is kept in the log (its ``before_*`` columns) so
        :meth:`undo_last_review` can put it back exactly.
        """
        with self._transaction() as conn:
            return _write_review(conn, new_state, rating, now, duration_ms, source)

    @refuse_corrupt
    def record_reviews(
        self, reviews: Iterable[tuple[CardState, int, datetime, int | None, str]]
    ) -> int:
        """Several reviews, each as :meth:`record_review` writes it, in one transaction.

        For bulk writes (a generated history in ``benchmarks/scale.py``); ``reviews`` are
        (new state, rating, when, duration in ms, source). Returns how many were written.
        """
        count = 0
        with self._transaction() as conn:
            for new_state, rating, now, duration_ms, source in reviews:
                _write_review(conn, new_state, rating, now, duration_ms, source)
                count += 1
        return count

    @refuse_corrupt
    def undo_last_review(self, source: str = "review") -> str | None:
        """Take back the latest review from ``source``; returns its card id.

        None when there is nothing to undo, or see :meth:`undo_review`.
        """
        with self._transaction() as conn:
            last = conn.execute(
                "SELECT id FROM review_log WHERE source = ? ORDER BY id DESC LIMIT 1", (source,)
            ).fetchone()
            return None if last is None else _undo(conn, last[0])

    @refuse_corrupt
    def undo_review(
        self,
        log_id: int,
        card_id: str | None = None,
        rating: int | None = None,
        reviewed_at: datetime | None = None,
    ) -> str | None:
        """Take back one review, putting its card's previous state back; returns the card id.

        ``card_id``, ``rating`` and ``reviewed_at``, when given, are what the caller wrote:
        the row must still say exactly that. A restore (from another terminal, say) puts
        back a log with its own ids, and "the review with id N" may then be another one.
        None when the review is gone or is not that one, or when its card has been
        reviewed again since (restoring the old state would silently lose that review).
        """
        expected = (card_id, rating, None if reviewed_at is None else iso_utc(reviewed_at))
        with self._transaction() as conn:
            return _undo(conn, log_id, expected)

    @refuse_corrupt
    def review_log(self, since: datetime | None = None) -> list[ReviewLogRow]:
        """Reviews, oldest first; from ``since`` on when given."""
        sql = "SELECT id, card_id, rating, reviewed_at, duration_ms, source FROM review_log"
        params: tuple[str, ...] = ()
        if since is not None:
            sql += " WHERE reviewed_at >= ?"
            params = (iso_utc(since),)
        rows = self._conn.execute(sql + " ORDER BY reviewed_at, id", params)
        return [
            ReviewLogRow(log_id, card_id, rating, parse_utc(at), duration, source)
            for log_id, card_id, rating, at, duration, source in rows
        ]

    def review_log_json(self, sep: str, chunk: int = 20_000) -> Iterator[tuple[str, int]]:
        """The review log oldest first (as :meth:`review_log`) as JSON objects with
        card_id, rating, reviewed_at, duration_ms and source, in chunks of up to
        ``chunk``: (the objects joined by ``sep``, how many).

        SQLite writes the JSON (``json_object``) and joins each chunk, so a million
        reviews stream out at a few hundred thousand a second in constant memory. Times
        read as ISO 8601 UTC, without a fraction when it is zero (as ``isoformat``
        gives them). A chunk with a time drill did not write (in another form) is made
        in Python instead, row by row. Read it inside
        :meth:`snapshot`, so reviews written meanwhile cannot shift the chunks.
        """
        # Keyset paging: each chunk starts after the last (reviewed_at, id) given; -inf
        # sorts before any value, so nothing is skipped.
        after: tuple[Any, int] = (float("-inf"), -1)
        try:
            while True:
                text, count, made = self._conn.execute(
                    "SELECT group_concat(line, ?), count(*), count(line) FROM ("
                    f"SELECT CASE WHEN {_CANONICAL_REVIEW} THEN {_REVIEW_JSON} END AS line"
                    " FROM review_log WHERE (reviewed_at, id) > (?, ?)"
                    " ORDER BY reviewed_at, id LIMIT ?)",
                    (sep, *after, chunk),
                ).fetchone()
                if not count:
                    return
                if made < count:
                    text = sep.join(self._review_rows_json(after, chunk))
                yield text, count
                after = self._conn.execute(
                    "SELECT reviewed_at, id FROM review_log WHERE (reviewed_at, id) > (?, ?)"
                    " ORDER BY reviewed_at, id LIMIT 1 OFFSET ?",
                    (*after, count - 1),
                ).fetchone()
        except Exception as exc:
            if is_corrupt(exc):
                raise unreadable(self.path) from exc
            raise

    def _review_rows_json(self, after: tuple[Any, int], chunk: int) -> list[str]:
        rows = self._conn.execute(
            "SELECT card_id, rating, reviewed_at, duration_ms, source FROM review_log"
            " WHERE (reviewed_at, id) > (?, ?) ORDER BY reviewed_at, id LIMIT ?",
            (*after, chunk),
        )
        return [
            json.dumps(
                {
                    "card_id": card_id,
                    "rating": rating,
                    "reviewed_at": parse_utc(at).isoformat(),
                    "duration_ms": duration,
                    "source": source,
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            for card_id, rating, at, duration, source in rows
        ]

    @refuse_corrupt
    def card_reviews(self, card_id: str) -> list[ReviewLogRow]:
        """One card's reviews, oldest first."""
        rows = self._conn.execute(
            "SELECT id, card_id, rating, reviewed_at, duration_ms, source FROM review_log"
            " WHERE card_id = ? ORDER BY reviewed_at, id",
            (card_id,),
        )
        return [
            ReviewLogRow(log_id, cid, rating, parse_utc(at), duration, source)
            for log_id, cid, rating, at, duration, source in rows
        ]


def _write_review(
    conn: sqlite3.Connection,
    new_state: CardState,
    rating: int,
    now: datetime,
    duration_ms: int | None,
    source: str,
) -> int:
    """One review and the card's new state, inside the caller's transaction."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
    if rating not in RATINGS:
        raise ValueError(f"rating must be 1-4, got {rating!r}")
    before = conn.execute(
        "SELECT * FROM card_state WHERE card_id = ?", (new_state.card_id,)
    ).fetchone()
    first_seen = before["first_seen"] if before else iso_utc(now)
    _put_state(conn, state_as_row(new_state, first_seen))
    cursor = conn.execute(
        _INSERT_REVIEW,
        (
            new_state.card_id,
            rating,
            iso_utc(now),
            duration_ms,
            source,
            *(before_columns(before) if before else _NOTHING_BEFORE),
        ),
    )
    return inserted_id(cursor)


def _undo(
    conn: sqlite3.Connection,
    log_id: int,
    expected: tuple[str | None, int | None, str | None] = (None, None, None),
) -> str | None:
    row = conn.execute(
        f"SELECT card_id, rating, reviewed_at, prev_state, {_BEFORE} FROM review_log WHERE id = ?",
        (log_id,),
    ).fetchone()
    if row is None:
        return None
    card_id, rating, reviewed_at, prev_state, *before = row
    before_state = before[0]
    found = (card_id, rating, reviewed_at)
    if any(want is not None and want != got for want, got in zip(expected, found, strict=True)):
        return None  # not the review the caller wrote: leave it be
    later = conn.execute(
        "SELECT 1 FROM review_log WHERE card_id = ? AND id > ?", (card_id, log_id)
    ).fetchone()
    if later:
        return None
    if prev_state is not None:  # a row kept as an older version wrote it
        prev = _old_row(prev_state, card_id)
        if prev is None:
            return None  # nothing to put back: leave the review in place
        import sqlite3

        try:
            _put_state(conn, prev)
        except (sqlite3.Error, OverflowError):
            return None  # not a row card_state can hold (the statement undid itself)
    elif before_state is not None:
        _put_state(conn, row_from_before(card_id, before))
    else:  # the review was the card's first
        conn.execute("DELETE FROM card_state WHERE card_id = ?", (card_id,))
    conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
    return str(card_id)


def _old_row(prev_state: str, card_id: str) -> dict[str, Any] | None:
    """The card_state row an older version kept as JSON, if it is one (else None)."""
    try:
        prev = json.loads(prev_state)
    except (TypeError, ValueError):
        return None
    if not isinstance(prev, dict) or prev.get("card_id") != card_id:
        return None
    if not set(BEFORE_COLUMNS) <= prev.keys():
        return None
    return prev


def _put_state(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO card_state"
        " (card_id, state, step, stability, difficulty, due, last_review, first_seen)"
        " VALUES (:card_id, :state, :step, :stability, :difficulty, :due, :last_review,"
        " :first_seen)",
        row,
    )


#: A review_log time as drill writes it (fixed-width UTC, see iso_utc), which SQLite can put
#: in the JSON as it is. (rating and duration_ms have INTEGER affinity, so they hold
#: whole numbers unless someone stored a fraction by hand, which SQLite would print to
#: 15 significant digits; checking each row for that took a third of the time.)
_CANONICAL_REVIEW = "reviewed_at LIKE '____-__-__T__:__:__.______+00:00'"
#: One review as JSON; a time's fraction of a second is left off when it is zero.
_REVIEW_JSON = (
    "json_object('card_id', card_id, 'rating', rating, 'reviewed_at',"
    " CASE WHEN substr(reviewed_at, 21, 6) = '000000'"
    " THEN substr(reviewed_at, 1, 19) || '+00:00' ELSE reviewed_at END,"
    " 'duration_ms', duration_ms, 'source', source)"
)
