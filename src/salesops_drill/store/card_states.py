"""Card schedules in the store: each card's FSRS state, and the cards suspended from review."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from salesops_drill.gcpause import paused
from salesops_drill.scheduler import LEARNING, NEW, RELEARNING, CardState
from salesops_drill.store.base import StoreBase
from salesops_drill.store.opening import refuse_corrupt
from salesops_drill.store.rows import STATE_COLUMNS, card_state_from_row, iso_utc, parse_utc

if TYPE_CHECKING:
    from salesops_drill.stats import Schedule


def _normalised(due: str) -> str:
    return iso_utc(parse_utc(due))


class CardStates(StoreBase):
    """Reading card states (they are written with a review, see :class:`Reviews`) and
    suspending cards."""

    @refuse_corrupt
    def get_state(self, card_id: str) -> CardState | None:
        row = self._tuples(
            f"SELECT {STATE_COLUMNS} FROM card_state WHERE card_id = ?", (card_id,)
        ).fetchone()
        return card_state_from_row(row) if row else None

    @refuse_corrupt
    def states(self, card_ids: Iterable[str] | None = None) -> dict[str, CardState]:
        """Every stored state, or those of ``card_ids`` (ids never reviewed are absent)."""
        wanted = None if card_ids is None else set(card_ids)
        # Filtered here, not in SQL: a few thousand rows, and no host-parameter limit.
        with paused():
            rows = self._tuples(f"SELECT {STATE_COLUMNS} FROM card_state")
            return {
                row[0]: card_state_from_row(row)
                for row in rows
                if wanted is None or row[0] in wanted
            }

    @refuse_corrupt
    def schedules(self) -> dict[str, Schedule]:
        """Every stored state that is not new, as (state, stability, due) with the due
        time as fixed-width UTC text (:func:`iso_utc`), whose order is time order.

        For figures over every card at once (``drill stats``): plain tuples, with no
        CardState or datetime made for each of thousands of rows.
        """
        rows = self._tuples(
            "SELECT card_id, state, stability, due FROM card_state"
            " WHERE state != ? AND last_review IS NOT NULL",
            (NEW,),
        )
        scheduled: dict[str, Schedule] = {}
        with paused():
            for cid, state, stability, due in rows:
                # A time as iso_utc writes it (drill writes no other) is kept as it is;
                # checked inline, not by a call: thousands of rows.
                if due is not None and not (
                    len(due) == 32 and due[19] == "." and due.endswith("+00:00")
                ):
                    due = _normalised(due)
                scheduled[cid] = (state, stability, due)
        return scheduled

    @refuse_corrupt
    def states_due_before(self, moment: datetime) -> list[CardState]:
        """Every stored state due before ``moment``, through the index on ``due``."""
        with paused():
            rows = self._tuples(
                f"SELECT {STATE_COLUMNS} FROM card_state WHERE due < ?", (iso_utc(moment),)
            )
            return [card_state_from_row(row) for row in rows]

    @refuse_corrupt
    def known_card_ids(self) -> set[str]:
        """Ids of every card with a stored state that is not new (see CardState.is_new)."""
        where = " FROM card_state WHERE state != ? AND last_review IS NOT NULL"
        # One string of every id, split here: half the time of a row per id (10,000 ids
        # at the start of a review). NUL parts them; an id holding one would show as more
        # parts than rows, and then the ids are read a row at a time.
        joined, count = self._conn.execute(
            "SELECT group_concat(card_id, char(0)), count(*)" + where, (NEW,)
        ).fetchone()
        if not count:
            return set()
        if isinstance(joined, str):
            ids = joined.split("\0")
            if len(ids) == count:
                return set(ids)
        return {cid for (cid,) in self._conn.execute("SELECT card_id" + where, (NEW,))}

    @refuse_corrupt
    def upcoming(self, card_ids: Collection[str], now: datetime) -> tuple[datetime | None, int]:
        """Of ``card_ids``: the earliest due time after ``now``, and how many learning or
        relearning cards are due after ``now``."""
        rows = self._conn.execute(
            "SELECT card_id, state, due FROM card_state WHERE due > ? ORDER BY due",
            (iso_utc(now),),
        )
        first: datetime | None = None
        learning = 0
        for cid, state, due in rows:
            if cid not in card_ids:
                continue
            if first is None:
                first = parse_utc(due)
            learning += state in (LEARNING, RELEARNING)
        return first, learning

    @refuse_corrupt
    def new_cards_seen_between(self, start: datetime, end: datetime) -> int:
        """How many cards had their first review in ``[start, end)``."""
        row = self._conn.execute(
            "SELECT count(*) FROM card_state WHERE first_seen >= ? AND first_seen < ?",
            (iso_utc(start), iso_utc(end)),
        ).fetchone()
        return int(row[0])

    # -- suspended cards -------------------------------------------------------------

    @refuse_corrupt
    def suspended(self) -> dict[str, datetime]:
        """Suspended card ids, each with when it was suspended."""
        rows = self._conn.execute("SELECT card_id, suspended_at FROM card_suspended")
        return {card_id: parse_utc(at) for card_id, at in rows}

    @refuse_corrupt
    def suspend(self, card_id: str, now: datetime) -> bool:
        """Keep a card out of review; False if it already was. Its schedule is untouched."""
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO card_suspended (card_id, suspended_at) VALUES (?, ?)",
                (card_id, iso_utc(now)),
            )
            return cursor.rowcount == 1

    @refuse_corrupt
    def unsuspend(self, card_id: str) -> bool:
        """Let a suspended card come back to review; False if it was not suspended."""
        with self._transaction() as conn:
            cursor = conn.execute("DELETE FROM card_suspended WHERE card_id = ?", (card_id,))
            return cursor.rowcount == 1
