"""Figures over the whole review log, counted in SQL so a long history stays quick:
reviews per study day, retention, spaced reviews, answer times."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone

from salesops_drill.clock import DAY_START_HOUR
from salesops_drill.store.base import StoreBase
from salesops_drill.store.file import row_counts
from salesops_drill.store.opening import refuse_corrupt
from salesops_drill.store.rows import iso_utc, only_cards, parse_utc

#: Study days counted as index ranges, at most; days after those are grouped by date().
MAX_DAY_RANGES = 1000
DAY = timedelta(days=1)


class ReviewCounts(StoreBase):
    """Counts over the review log for ``drill stats`` and the optimize hint."""

    @refuse_corrupt
    def counts(self) -> tuple[int, int]:
        """(reviews in the log, cards with a stored state)."""
        reviews, cards, _ = row_counts(self._conn)
        return reviews, cards

    @refuse_corrupt
    def daily_review_counts(
        self, since: datetime, utc_offset: timedelta, card_ids: Iterable[str] | None = None
    ) -> dict[date, int]:
        """Reviews per study day from ``since`` on, counted in SQL (logs can be long);
        of ``card_ids`` only, when given.

        ``utc_offset`` is the user's offset from UTC; days start at 04:00 local time.
        Each day is a range of the ``reviewed_at`` index, counted without reading a row.
        """
        shift = utc_offset - timedelta(hours=DAY_START_HOUR)
        only, ids = only_cards(card_ids)
        last = self._conn.execute("SELECT max(reviewed_at) FROM review_log").fetchone()[0]
        if last is None or last < iso_utc(since):
            return {}
        try:
            first_day = (since.astimezone(timezone.utc) + shift).date()
            last_day = (parse_utc(last) + shift).date()
            end_day = min(last_day, first_day + timedelta(days=MAX_DAY_RANGES))
            ranges = []
            for i in range((end_day - first_day).days + 1):
                day = first_day + timedelta(days=i)
                start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc) - shift
                ranges.append((day.isoformat(), iso_utc(max(start, since)), iso_utc(start + DAY)))
        except (OverflowError, ValueError):
            return self._daily_counts_by_date(iso_utc(since), shift, only, ids)
        out: dict[date, int] = {}
        for chunk in range(0, len(ranges), 250):  # 3 parameters a day, under SQLite's limit
            part = ranges[chunk : chunk + 250]
            rows = self._conn.execute(
                "WITH d(day, lo, hi) AS (VALUES "
                + ",".join(["(?, ?, ?)"] * len(part))
                + ") SELECT day, (SELECT count(*) FROM review_log"
                f" WHERE reviewed_at >= lo AND reviewed_at < hi{only}) FROM d",
                [*(value for bounds in part for value in bounds), *ids],
            )
            out.update((date.fromisoformat(day), n) for day, n in rows if n)
        if last_day > end_day:  # a date far ahead (a DRILL_NOW of years on): by date()
            out.update(self._daily_counts_by_date(ranges[-1][2], shift, only, ids))
        return out

    def _daily_counts_by_date(
        self, since: str, shift: timedelta, only: str, ids: tuple[str, ...]
    ) -> dict[date, int]:
        """Reviews from ``since`` on per day by SQL's date(), which needs no range;
        ``only`` and ``ids`` as :func:`only_cards` gives them."""
        rows = self._conn.execute(
            "SELECT date(reviewed_at, ?) AS day, count(*) FROM review_log"
            f" WHERE reviewed_at >= ?{only} GROUP BY day",
            (f"{int(shift.total_seconds())} seconds", since, *ids),
        )
        out: dict[date, int] = {}
        for day, n in rows:
            try:
                out[date.fromisoformat(day)] = n
            except (TypeError, ValueError):
                continue  # a day off the calendar (year 0): not one anyone studied
        return out

    @refuse_corrupt
    def retention_counts(
        self, since: datetime, card_ids: Iterable[str] | None = None
    ) -> tuple[int, int]:
        """(recalled, total) over reviews of cards that were in the review state (of
        ``card_ids`` only, when given).

        "True retention", as Anki calls it: learning steps are left out, and any rating
        but Again counts as recalled.
        """
        only, ids = only_cards(card_ids)
        row = self._conn.execute(
            "SELECT count(*), coalesce(sum(rating > 1), 0) FROM review_log"
            " WHERE reviewed_at >= ? AND json_extract(prev_state, '$.state') = 'review'" + only,
            (iso_utc(since), *ids),
        ).fetchone()
        return int(row[1]), int(row[0])

    @refuse_corrupt
    def review_durations(self, limit: int) -> list[int]:
        """How long (ms) the latest ``limit`` timed reviews from ``drill review`` took."""
        rows = self._conn.execute(
            "SELECT duration_ms FROM review_log WHERE source = 'review'"
            " AND duration_ms IS NOT NULL ORDER BY reviewed_at DESC, id DESC LIMIT ?",
            (limit,),
        )
        return [int(ms) for (ms,) in rows]

    @refuse_corrupt
    def spaced_reviews(self, utc_offset: timedelta) -> int:
        """Reviews that came on a later study day than their card's previous review:
        what FSRS parameters are fitted on. Counted in SQL (logs can be long).

        A card's study days only go forward with its reviews, so each card has as many
        such reviews as study days it was reviewed on, less its first: counting distinct
        (card, day) pairs gives the same number as comparing each review with the one
        before, at about half the cost of that window query."""
        shift = f"{int((utc_offset - timedelta(hours=DAY_START_HOUR)).total_seconds())} seconds"
        row = self._conn.execute(
            "SELECT (SELECT count(*) FROM (SELECT DISTINCT card_id, date(reviewed_at, ?)"
            " FROM review_log)) - (SELECT count(DISTINCT card_id) FROM review_log)",
            (shift,),
        ).fetchone()
        return int(row[0])
