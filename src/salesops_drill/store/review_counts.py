"""Figures over the whole review log, counted in SQL so a long history stays quick:
reviews per study day, retention, spaced reviews, answer times."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

from salesops_drill.clock import DAY_START_HOUR, StudyDay, utc_offsets
from salesops_drill.store.base import StoreBase
from salesops_drill.store.file import row_counts
from salesops_drill.store.opening import refuse_corrupt
from salesops_drill.store.rows import iso_utc, only_cards, parse_utc


class ReviewCounts(StoreBase):
    """Counts over the review log for ``drill stats`` and the optimize hint."""

    @refuse_corrupt
    def counts(self) -> tuple[int, int]:
        """(reviews in the log, cards with a stored state)."""
        reviews, cards, _ = row_counts(self._conn)
        return reviews, cards

    @refuse_corrupt
    def daily_review_counts(
        self, days: Iterable[StudyDay], card_ids: Iterable[str] | None = None
    ) -> dict[date, int]:
        """Reviews on each of ``days`` (of ``card_ids`` only, when given); days without
        one are left out.

        ``days`` are study days with their bounds, as :func:`~salesops_drill.clock.study_days`
        works them out in the user's zone (a day beside a clock change is 23 or 25 hours).
        Each is a range of the ``reviewed_at`` index, counted without reading a row, so a
        long log costs no more than a short one.
        """
        only, ids = only_cards(card_ids)
        ranges = [(day.isoformat(), iso_utc(start), iso_utc(end)) for day, start, end in days]
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
            " WHERE reviewed_at >= ? AND (before_state = 'review' OR CASE WHEN"
            " json_valid(prev_state) THEN json_extract(prev_state, '$.state') END = 'review')"
            + only,
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
    def spaced_reviews(self, tz: tzinfo | None = None) -> int:
        """Reviews that came on a later study day than their card's previous review:
        what FSRS parameters are fitted on. Counted in SQL (logs can be long).

        A card's study days only go forward with its reviews, so each card has as many
        such reviews as study days it was reviewed on, less its first: counting distinct
        (card, day) pairs gives the same number as comparing each review with the one
        before, at about half the cost of that window query.

        A review's study day is its local wall time less ``DAY_START_HOUR`` hours, as
        :func:`~salesops_drill.clock.study_date` has it; ``tz`` is the user's zone (None:
        the machine's). The wall time takes the UTC offset in force at the review (see
        :func:`_day_shift`), so the days beside a clock change come out right.
        """
        first, last = self._conn.execute(
            "SELECT min(reviewed_at), max(reviewed_at) FROM review_log"
        ).fetchone()
        if first is None:
            return 0
        changes = utc_offsets(parse_utc(first), parse_utc(last), tz)
        row = self._conn.execute(
            "SELECT (SELECT count(*) FROM (SELECT DISTINCT card_id,"
            f" date(reviewed_at, {_day_shift(changes)}) FROM review_log))"
            " - (SELECT count(DISTINCT card_id) FROM review_log)"
        ).fetchone()
        return int(row[0])


def _day_shift(changes: list[tuple[datetime, timedelta]]) -> str:
    """A date() modifier in SQL taking ``reviewed_at`` to local time less the day's start
    hour, by the offset in force at each review (``changes`` as
    :func:`~salesops_drill.clock.utc_offsets` gives them).

    A ``CASE`` that halves the changes at each step, so a review costs a comparison or
    two more than with one fixed offset, even over years of clock changes. Written
    inline: the times are our own fixed-width UTC text and the shifts whole numbers,
    and a long span's changes could pass SQLite's limit on parameters.
    """
    if len(changes) == 1:
        seconds = int((changes[0][1] - timedelta(hours=DAY_START_HOUR)).total_seconds())
        return f"'{seconds} seconds'"
    middle = len(changes) // 2
    return (
        f"CASE WHEN reviewed_at < '{iso_utc(changes[middle][0])}'"
        f" THEN {_day_shift(changes[:middle])} ELSE {_day_shift(changes[middle:])} END"
    )
