"""The progress store: one SQLite file holding schedules, reviews and interviews.

Data is sacred here. Every write is its own ``BEGIN IMMEDIATE`` transaction, committed
before the method returns, so a crash loses nothing already acknowledged and two drill
processes on one file take turns instead of failing. A file that is not ours, is
damaged, or comes from a newer version is refused without touching it; an older schema
is backed up beside the file before it is migrated.
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from . import store_schema
from .clock import DAY_START_HOUR
from .errors import StoreError
from .gcpause import paused
from .migrations import MIGRATIONS
from .scheduler import LEARNING, NEW, RATINGS, RELEARNING, CardState
from .store_file import (
    BUSY_TIMEOUT_MS,
    check_not_newer,
    has_sqlite_header,
    row_counts,
    snapshot,
    timestamped_sibling,
)

if TYPE_CHECKING:
    import sqlite3

SOURCES: tuple[str, ...] = ("review", "interview")
T = TypeVar("T")
#: Study days counted as index ranges, at most; days after those are grouped by date().
MAX_DAY_RANGES = 1000
DAY = timedelta(days=1)


@dataclass(frozen=True)
class ReviewLogRow:
    id: int
    card_id: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    source: str


@dataclass(frozen=True)
class SessionRow:
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


@dataclass(frozen=True)
class AnswerRow:
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


@dataclass(frozen=True)
class NewAnswer:
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


@dataclass(frozen=True)
class RatedAnswerRow:
    """An interview answer the user rated, beside what the grader made of it."""

    answered_at: datetime
    role: str
    question_id: str
    self_rating: int
    category: str | None
    score: float | None


@dataclass(frozen=True)
class ScoredAnswerRow:
    """An interview answer and the grader's 0-100 score of it (None: not graded)."""

    answered_at: datetime
    question_id: str
    category: str | None
    score: float | None


def _refuse_corrupt(method: Callable[..., T]) -> Callable[..., T]:
    """A store method that meets a damaged page raises the store's one-line refusal.

    SQLite notices damage when it reads the page ("database disk image is malformed"),
    not before; the file is left as it is.
    """

    @functools.wraps(method)
    def guarded(self: Store, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            if _is_corrupt(exc):
                raise _unreadable(self.path) from exc
            raise

    return guarded


def _is_corrupt(exc: BaseException) -> bool:
    """True for SQLite's "malformed" and "not a database" errors."""
    import sqlite3

    if type(exc) is not sqlite3.DatabaseError:
        return False
    name = getattr(exc, "sqlite_errorname", None)  # Python 3.11+
    if name is not None:
        return str(name).startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


class Store:
    """An open progress database. Use :meth:`open`; close it, or use it as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        #: The copy taken before migrating this file, if :meth:`open` migrated it.
        self.last_backup: Path | None = None

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, now: datetime | None = None) -> Store:
        """Open (creating if needed) and migrate the database at ``path``.

        ``now`` only names a migration backup; it defaults to the current time.
        Raises :class:`StoreError` for anything the user has to fix.
        """
        import sqlite3  # imported here: start-up speed for commands that never open it

        path = Path(path)
        existed = _check_location(path)
        if existed:
            _check_header(path)
        try:
            conn = sqlite3.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise _open_error(path, exc) from exc
        conn.row_factory = sqlite3.Row
        store = cls(conn, path)
        try:
            store._check()
            store._use_wal()
            store._migrate(now)
        except BaseException:
            conn.close()
            raise
        return store

    def _check(self) -> None:
        """Check the file is ours (and, when about to change it, sound) before any write.

        ``PRAGMA quick_check`` reads every page, which takes the better part of a second
        on a long history, so it runs only where a damaged file would be made worse: a
        file about to be migrated, or one drill has not had in WAL mode before (new to
        it, or put in place by hand). Damage met later is refused when SQLite meets it
        (see :func:`_refuse_corrupt`).
        """
        import sqlite3

        conn = self._conn
        try:
            # Neither pragma writes; both matter before the first read.
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            # One read transaction, so the version and the schema read are one snapshot
            # even while another drill is creating or migrating the file.
            conn.execute("BEGIN")
            try:
                version = self.schema_version
                mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
                thorough = mode != "wal" or version < len(MIGRATIONS)
                problems = ["ok"]
                if thorough:
                    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
                not_ours = None
                if problems == ["ok"]:
                    not_ours = store_schema.foreign(conn)
                    if not_ours is None and version <= len(MIGRATIONS):
                        not_ours = store_schema.mismatch(conn, version)
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")  # it only read
        except sqlite3.OperationalError as exc:
            raise _open_error(self.path, exc) from exc
        except sqlite3.DatabaseError as exc:
            raise _unreadable(self.path) from exc
        if problems != ["ok"]:
            raise _unreadable(self.path)
        if not_ours is not None:
            raise StoreError(
                f"{self.path} is not a drill progress database ({not_ours}); move it aside "
                "to start afresh, or set DRILL_HOME to keep drill's files somewhere else"
            )
        check_not_newer(self.path, version)

    def _use_wal(self) -> None:
        import sqlite3

        try:
            _switch_to_wal(self._conn)
            self._conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.OperationalError as exc:
            raise _open_error(self.path, exc) from exc

    def _migrate(self, now: datetime | None, keep_copy: bool = True) -> None:
        """Apply pending migrations, backing up first, in one transaction.

        The version is re-read under the write lock, so when two processes open an old
        file at once the second finds the work done instead of repeating it. All steps
        commit together: another process never finds the file half-way between two
        versions (it would take a second backup of it, and could stop there).
        """
        with self._transaction() as conn:
            version = self.schema_version
            check_not_newer(self.path, version)
            if version == len(MIGRATIONS):
                return
            if version == 0 and not _has_schema(conn):
                # A brand-new file: nothing in it is worth a copy.
                keep_copy = False
            if keep_copy:  # anything already in the file is worth a copy
                self.last_backup = self.backup(_backup_path(self.path, now))
            for step in MIGRATIONS[version:]:
                step(conn)
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def backup(self, dest: Path) -> Path:
        """Copy the database to ``dest`` with SQLite's backup API, as one self-contained
        file (rollback-journal mode); returns ``dest``.

        Safe while this store holds the write lock: the copy reads through its own
        connection, and a connection cannot back up while it is itself writing.
        """
        import sqlite3

        from .atomic import write_atomic
        from .errors import DrillError

        try:
            # A new file, never over one already there; copied page by page, as this
            # store may hold the write lock (the file is never quiet then).
            write_atomic(dest, lambda tmp: snapshot(self.path, tmp, quiet=False))
        except sqlite3.Error as exc:
            raise StoreError(f"could not back up {self.path} to {dest}: {exc}") from exc
        except DrillError as exc:
            raise StoreError(f"could not back up {self.path}: {exc.message}") from exc
        return dest

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed write. ``BEGIN IMMEDIATE`` takes the write lock up front, so
        a second process waits (busy_timeout) rather than failing half-way through."""
        import sqlite3

        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            if not _is_environmental(exc):
                raise  # a bug in our SQL keeps its traceback
            raise _sqlite_error(self.path, exc, "write to") from exc

    # -- card states and reviews ---------------------------------------------------

    @_refuse_corrupt
    def get_state(self, card_id: str) -> CardState | None:
        row = self._tuples(
            f"SELECT {_STATE_COLUMNS} FROM card_state WHERE card_id = ?", (card_id,)
        ).fetchone()
        return _card_state(row) if row else None

    @_refuse_corrupt
    def states(self, card_ids: Iterable[str] | None = None) -> dict[str, CardState]:
        """Every stored state, or those of ``card_ids`` (ids never reviewed are absent)."""
        wanted = None if card_ids is None else set(card_ids)
        # Filtered here, not in SQL: a few thousand rows, and no host-parameter limit.
        with paused():
            rows = self._tuples(f"SELECT {_STATE_COLUMNS} FROM card_state")
            return {row[0]: _card_state(row) for row in rows if wanted is None or row[0] in wanted}

    @_refuse_corrupt
    def states_due_before(self, moment: datetime) -> list[CardState]:
        """Every stored state due before ``moment``, through the index on ``due``."""
        with paused():
            rows = self._tuples(
                f"SELECT {_STATE_COLUMNS} FROM card_state WHERE due < ?", (_iso(moment),)
            )
            return [_card_state(row) for row in rows]

    def _tuples(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        """A query whose rows come back as plain tuples (quicker than sqlite3.Row)."""
        cursor = self._conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params)

    @_refuse_corrupt
    def known_card_ids(self) -> set[str]:
        """Ids of every card with a stored state that is not new (see CardState.is_new)."""
        rows = self._conn.execute(
            "SELECT card_id FROM card_state WHERE state != ? AND last_review IS NOT NULL", (NEW,)
        )
        return {cid for (cid,) in rows}

    @_refuse_corrupt
    def upcoming(self, card_ids: Collection[str], now: datetime) -> tuple[datetime | None, int]:
        """Of ``card_ids``: the earliest due time after ``now``, and how many learning or
        relearning cards are due after ``now``."""
        rows = self._conn.execute(
            "SELECT card_id, state, due FROM card_state WHERE due > ? ORDER BY due",
            (_iso(now),),
        )
        first: datetime | None = None
        learning = 0
        for cid, state, due in rows:
            if cid not in card_ids:
                continue
            if first is None:
                first = _parse(due)
            learning += state in (LEARNING, RELEARNING)
        return first, learning

    @_refuse_corrupt
    def record_review(
        self,
        new_state: CardState,
        rating: int,
        now: datetime,
        duration_ms: int | None,
        source: str = "review",
    ) -> int:
        """Store a review and the card's new state together; returns the log id.

        The previous row is kept in the log as JSON so :meth:`undo_last_review` can
        put it back exactly.
        """
        with self._transaction() as conn:
            return _write_review(conn, new_state, rating, now, duration_ms, source)

    @_refuse_corrupt
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

    @_refuse_corrupt
    def undo_last_review(self, source: str = "review") -> str | None:
        """Take back the latest review from ``source``; returns its card id.

        None when there is nothing to undo, or see :meth:`undo_review`.
        """
        with self._transaction() as conn:
            last = conn.execute(
                "SELECT id FROM review_log WHERE source = ? ORDER BY id DESC LIMIT 1", (source,)
            ).fetchone()
            return None if last is None else _undo(conn, last[0])

    @_refuse_corrupt
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
        expected = (card_id, rating, None if reviewed_at is None else _iso(reviewed_at))
        with self._transaction() as conn:
            return _undo(conn, log_id, expected)

    @_refuse_corrupt
    def new_cards_seen_between(self, start: datetime, end: datetime) -> int:
        """How many cards had their first review in ``[start, end)``."""
        row = self._conn.execute(
            "SELECT count(*) FROM card_state WHERE first_seen >= ? AND first_seen < ?",
            (_iso(start), _iso(end)),
        ).fetchone()
        return int(row[0])

    @_refuse_corrupt
    def review_log(self, since: datetime | None = None) -> list[ReviewLogRow]:
        """Reviews, oldest first; from ``since`` on when given."""
        sql = "SELECT id, card_id, rating, reviewed_at, duration_ms, source FROM review_log"
        params: tuple[str, ...] = ()
        if since is not None:
            sql += " WHERE reviewed_at >= ?"
            params = (_iso(since),)
        rows = self._conn.execute(sql + " ORDER BY reviewed_at, id", params)
        return [
            ReviewLogRow(log_id, card_id, rating, _parse(at), duration, source)
            for log_id, card_id, rating, at, duration, source in rows
        ]

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: every read inside sees the file as it was at its start,
        whatever other drill processes write meanwhile."""
        self._conn.execute("BEGIN")
        try:
            yield
        finally:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")  # it only read

    @_refuse_corrupt
    def counts(self) -> tuple[int, int]:
        """(reviews in the log, cards with a stored state)."""
        reviews, cards, _ = row_counts(self._conn)
        return reviews, cards

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
            if _is_corrupt(exc):
                raise _unreadable(self.path) from exc
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
                    "reviewed_at": _parse(at).isoformat(),
                    "duration_ms": duration,
                    "source": source,
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            for card_id, rating, at, duration, source in rows
        ]

    @_refuse_corrupt
    def daily_review_counts(
        self, since: datetime, utc_offset: timedelta, card_ids: Iterable[str] | None = None
    ) -> dict[date, int]:
        """Reviews per study day from ``since`` on, counted in SQL (logs can be long);
        of ``card_ids`` only, when given.

        ``utc_offset`` is the user's offset from UTC; days start at 04:00 local time.
        Each day is a range of the ``reviewed_at`` index, counted without reading a row.
        """
        shift = utc_offset - timedelta(hours=DAY_START_HOUR)
        only, ids = _only_cards(card_ids)
        last = self._conn.execute("SELECT max(reviewed_at) FROM review_log").fetchone()[0]
        if last is None or last < _iso(since):
            return {}
        try:
            first_day = (since.astimezone(timezone.utc) + shift).date()
            last_day = (_parse(last) + shift).date()
            end_day = min(last_day, first_day + timedelta(days=MAX_DAY_RANGES))
            ranges = []
            for i in range((end_day - first_day).days + 1):
                day = first_day + timedelta(days=i)
                start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc) - shift
                ranges.append((day.isoformat(), _iso(max(start, since)), _iso(start + DAY)))
        except (OverflowError, ValueError):
            return self._daily_counts_by_date(_iso(since), shift, only, ids)
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
        ``only`` and ``ids`` as :func:`_only_cards` gives them."""
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

    @_refuse_corrupt
    def retention_counts(
        self, since: datetime, card_ids: Iterable[str] | None = None
    ) -> tuple[int, int]:
        """(recalled, total) over reviews of cards that were in the review state (of
        ``card_ids`` only, when given).

        "True retention", as Anki calls it: learning steps are left out, and any rating
        but Again counts as recalled.
        """
        only, ids = _only_cards(card_ids)
        row = self._conn.execute(
            "SELECT count(*), coalesce(sum(rating > 1), 0) FROM review_log"
            " WHERE reviewed_at >= ? AND json_extract(prev_state, '$.state') = 'review'" + only,
            (_iso(since), *ids),
        ).fetchone()
        return int(row[1]), int(row[0])

    @_refuse_corrupt
    def card_reviews(self, card_id: str) -> list[ReviewLogRow]:
        """One card's reviews, oldest first."""
        rows = self._conn.execute(
            "SELECT id, card_id, rating, reviewed_at, duration_ms, source FROM review_log"
            " WHERE card_id = ? ORDER BY reviewed_at, id",
            (card_id,),
        )
        return [
            ReviewLogRow(log_id, cid, rating, _parse(at), duration, source)
            for log_id, cid, rating, at, duration, source in rows
        ]

    # -- suspended cards -------------------------------------------------------------

    @_refuse_corrupt
    def suspended(self) -> dict[str, datetime]:
        """Suspended card ids, each with when it was suspended."""
        rows = self._conn.execute("SELECT card_id, suspended_at FROM card_suspended")
        return {card_id: _parse(at) for card_id, at in rows}

    @_refuse_corrupt
    def suspend(self, card_id: str, now: datetime) -> bool:
        """Keep a card out of review; False if it already was. Its schedule is untouched."""
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO card_suspended (card_id, suspended_at) VALUES (?, ?)",
                (card_id, _iso(now)),
            )
            return cursor.rowcount == 1

    @_refuse_corrupt
    def unsuspend(self, card_id: str) -> bool:
        """Let a suspended card come back to review; False if it was not suspended."""
        with self._transaction() as conn:
            cursor = conn.execute("DELETE FROM card_suspended WHERE card_id = ?", (card_id,))
            return cursor.rowcount == 1

    # -- config --------------------------------------------------------------------

    @_refuse_corrupt
    def get_config(self, key: str, default: str | None = None) -> str | None:
        row = self._conn.execute("SELECT value FROM config WHERE key = ?", (key,)).fetchone()
        return default if row is None else row[0]

    @_refuse_corrupt
    def set_config(self, key: str, value: str) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO config (key, value) VALUES (?, ?)", (key, str(value))
            )

    @_refuse_corrupt
    def config_items(self, prefix: str) -> dict[str, str]:
        """Every config entry whose key starts with ``prefix``, by key."""
        rows = self._conn.execute("SELECT key, value FROM config ORDER BY key")
        return {key: value for key, value in rows if key.startswith(prefix)}

    @_refuse_corrupt
    def delete_config(self, key: str) -> bool:
        """Remove one config entry; False if there was none."""
        with self._transaction() as conn:
            return conn.execute("DELETE FROM config WHERE key = ?", (key,)).rowcount > 0

    @_refuse_corrupt
    def unset_config(self, key: str) -> None:
        """Forget a setting, so its default applies again."""
        self.delete_config(key)

    @_refuse_corrupt
    def review_durations(self, limit: int) -> list[int]:
        """How long (ms) the latest ``limit`` timed reviews from ``drill review`` took."""
        rows = self._conn.execute(
            "SELECT duration_ms FROM review_log WHERE source = 'review'"
            " AND duration_ms IS NOT NULL ORDER BY reviewed_at DESC, id DESC LIMIT ?",
            (limit,),
        )
        return [int(ms) for (ms,) in rows]

    @_refuse_corrupt
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

    # -- interviews ----------------------------------------------------------------

    @_refuse_corrupt
    def start_session(
        self, role: str, now: datetime, seed: int, planned: int, settings: dict[str, Any]
    ) -> int:
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO interview_session (role, started_at, seed, planned, settings)"
                " VALUES (?, ?, ?, ?, ?)",
                (role, _iso(now), seed, planned, json.dumps(settings)),
            )
            return _rowid(cursor)

    @_refuse_corrupt
    def add_answer(self, new: NewAnswer) -> int:
        """Save one answer at once, so an interrupted interview keeps what was typed."""
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO interview_answer (session_id, position, question_id, answer,"
                " answered_at, seconds_used, time_limit_s, over_time, feedback, self_rating,"
                " follow_up, follow_up_answer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new.session_id,
                    new.position,
                    new.question_id,
                    new.answer,
                    _iso(new.answered_at),
                    new.seconds_used,
                    new.time_limit_s,
                    int(new.over_time),
                    json.dumps(new.feedback),
                    new.self_rating,
                    new.follow_up,
                    new.follow_up_answer,
                ),
            )
            return _rowid(cursor)

    @_refuse_corrupt
    def set_follow_up(
        self,
        answer_id: int,
        follow_up: str,
        answer: str | None,
        feedback: dict[str, Any] | None = None,
    ) -> None:
        """The follow-up question asked after an answer, and the reply (None: skipped).

        ``feedback`` on the reply, when given, is saved in the same transaction, in the
        answer's feedback JSON under ``"follow_up"``.
        """
        with self._transaction() as conn:
            conn.execute(
                "UPDATE interview_answer SET follow_up = ?, follow_up_answer = ? WHERE id = ?",
                (follow_up, answer, answer_id),
            )
            if feedback is not None:
                _merge_feedback(conn, answer_id, {"follow_up": feedback})

    @_refuse_corrupt
    def update_feedback(self, answer_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        """Merge ``changes`` into an answer's feedback JSON (read and written in one
        transaction, so nothing else in it is lost); returns the feedback as saved."""
        with self._transaction() as conn:
            return _merge_feedback(conn, answer_id, changes)

    @_refuse_corrupt
    def set_self_rating(self, answer_id: int, rating: int) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE interview_answer SET self_rating = ? WHERE id = ?", (rating, answer_id)
            )

    @_refuse_corrupt
    def finish_session(self, session_id: int, now: datetime, score: float | None) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE interview_session SET finished_at = ?, score = ? WHERE id = ?",
                (_iso(now), score, session_id),
            )

    @_refuse_corrupt
    def delete_session(self, session_id: int) -> bool:
        """Remove an interview and its answers, in one transaction; False if there was no
        such session. Review cards keep their schedule (their reviews stay in the log)."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM interview_answer WHERE session_id = ?", (session_id,))
            cursor = conn.execute("DELETE FROM interview_session WHERE id = ?", (session_id,))
            return cursor.rowcount > 0

    _SESSIONS_SQL = (
        "SELECT s.*, (SELECT count(*) FROM interview_answer a WHERE a.session_id = s.id)"
        " AS answer_count FROM interview_session s"
    )

    @_refuse_corrupt
    def sessions(self, role: str | None = None) -> list[SessionRow]:
        """Sessions oldest first, of one role when given."""
        sql = self._SESSIONS_SQL
        params: tuple[str, ...] = ()
        if role is not None:
            sql += " WHERE s.role = ?"
            params = (role,)
        rows = self._conn.execute(sql + " ORDER BY s.started_at, s.id", params)
        return [_session_row(row) for row in rows]

    @_refuse_corrupt
    def session(self, session_id: int) -> SessionRow | None:
        row = self._conn.execute(self._SESSIONS_SQL + " WHERE s.id = ?", (session_id,)).fetchone()
        return _session_row(row) if row else None

    @_refuse_corrupt
    def answers(self, session_id: int) -> list[AnswerRow]:
        rows = self._conn.execute(
            "SELECT * FROM interview_answer WHERE session_id = ? ORDER BY position, id",
            (session_id,),
        )
        return [_answer_row(row) for row in rows]

    @_refuse_corrupt
    def rated_answers(
        self, role: str | None = None, question_ids: Collection[str] | None = None
    ) -> list[RatedAnswerRow]:
        """Answers given a self-rating, oldest first, with the grader's category and
        score from the saved feedback (None where the feedback does not hold them).

        ``role``: in that role's sessions only; ``question_ids``: to those questions only.
        """
        sql = (
            "SELECT a.answered_at, s.role, a.question_id, a.self_rating,"
            " CASE WHEN json_valid(a.feedback) THEN json_extract(a.feedback, '$.category') END,"
            " CASE WHEN json_valid(a.feedback) THEN json_extract(a.feedback, '$.score') END"
            " FROM interview_answer a JOIN interview_session s ON s.id = a.session_id"
            " WHERE a.self_rating IS NOT NULL AND a.answered_at IS NOT NULL"
        )
        params: tuple[str, ...] = ()
        if role is not None:
            sql += " AND s.role = ?"
            params = (role,)
        rows = self._conn.execute(sql + " ORDER BY a.answered_at, a.id", params)
        wanted = None if question_ids is None else set(question_ids)
        return [
            RatedAnswerRow(
                _parse(at),
                row_role,
                qid,
                int(rating),
                category if isinstance(category, str) else None,
                float(score) if isinstance(score, (int, float)) else None,
            )
            for at, row_role, qid, rating, category, score in rows
            if wanted is None or qid in wanted
        ]

    @_refuse_corrupt
    def scored_answers(self, question_ids: Collection[str] | None = None) -> list[ScoredAnswerRow]:
        """Every interview answer with its grader's category and score, oldest first;
        to ``question_ids`` only, when given."""
        rows = self._conn.execute(
            "SELECT answered_at, question_id,"
            " CASE WHEN json_valid(feedback) THEN json_extract(feedback, '$.category') END,"
            " CASE WHEN json_valid(feedback) THEN json_extract(feedback, '$.score') END"
            " FROM interview_answer WHERE answered_at IS NOT NULL ORDER BY answered_at, id"
        )
        wanted = None if question_ids is None else set(question_ids)
        return [
            ScoredAnswerRow(
                _parse(at),
                qid,
                category if isinstance(category, str) else None,
                float(score)
                if isinstance(score, (int, float)) and not isinstance(score, bool)
                else None,
            )
            for at, qid, category, score in rows
            if wanted is None or qid in wanted
        ]

    @_refuse_corrupt
    def recent_questions(self, role: str, sessions: int) -> set[str]:
        """Question ids asked in the role's latest ``sessions`` interviews."""
        rows = self._conn.execute(
            "SELECT DISTINCT question_id FROM interview_answer WHERE session_id IN"
            " (SELECT id FROM interview_session WHERE role = ?"
            " ORDER BY started_at DESC, id DESC LIMIT ?)",
            (role, max(0, sessions)),
        )
        return {qid for (qid,) in rows}

    @_refuse_corrupt
    def question_scores(self) -> dict[str, list[float]]:
        """Each answered question's graded answers, oldest first: the coverage (else the
        score) of each, as :meth:`question_history` gives them; ungraded ones left out.
        One query over every answer, rather than one per question."""
        rows = self._conn.execute(
            "SELECT question_id, CASE WHEN json_valid(feedback) THEN CASE"
            " WHEN json_type(feedback, '$.coverage') IN ('integer', 'real')"
            " THEN json_extract(feedback, '$.coverage')"
            " WHEN json_type(feedback, '$.score') IN ('integer', 'real')"
            " THEN json_extract(feedback, '$.score') END END"
            " FROM interview_answer WHERE answered_at IS NOT NULL ORDER BY answered_at, id"
        )
        out: dict[str, list[float]] = {}
        for qid, score in rows:
            if score is not None:
                out.setdefault(qid, []).append(float(score))
        return out

    @_refuse_corrupt
    def answer_scores(self, role: str) -> list[tuple[datetime, str, float]]:
        """(when, question id, grader's score 0-100) of each graded answer in the role's
        mock interviews, oldest first."""
        rows = self._conn.execute(
            "SELECT a.answered_at, a.question_id,"
            " CASE WHEN json_valid(a.feedback) THEN json_extract(a.feedback, '$.score') END"
            " FROM interview_answer a JOIN interview_session s ON s.id = a.session_id"
            " WHERE s.role = ? AND a.answered_at IS NOT NULL ORDER BY a.answered_at, a.id",
            (role,),
        )
        return [
            (_parse(at), qid, float(score))
            for at, qid, score in rows
            if isinstance(score, (int, float)) and not isinstance(score, bool)
        ]

    @_refuse_corrupt
    def question_history(self, question_id: str) -> list[tuple[datetime, float | None]]:
        """Each past answer to a question: when, and its coverage (else score) if graded."""
        rows = self._conn.execute(
            "SELECT answered_at, feedback FROM interview_answer"
            " WHERE question_id = ? AND answered_at IS NOT NULL ORDER BY answered_at, id",
            (question_id,),
        )
        return [(_parse(at), _feedback_score(feedback)) for at, feedback in rows]


def upgrade_copy(path: Path) -> None:
    """Migrate a private copy of a store, one no other process has open, in place.

    No safety copy (the caller still has the original) and no WAL (the copy stays one
    self-contained file). Raises StoreError, or sqlite3.Error if a migration fails.
    """
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        store = Store(conn, path)
        store._check()
        store._migrate(None, keep_copy=False)
    finally:
        conn.close()


# -- opening checks --------------------------------------------------------------------


def _check_location(path: Path) -> bool:
    """Make sure the directory exists and is writable; True if the file already has data."""
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StoreError(
            f"cannot create the data directory {parent} ({reason}); "
            "set DRILL_HOME to a writable directory"
        ) from exc
    if not os.access(parent, os.W_OK | os.X_OK):
        raise StoreError(
            f"the data directory {parent} is not writable; "
            "fix its permissions or set DRILL_HOME to a writable directory"
        )
    if path.is_dir():
        raise _unreadable(path)
    if not path.exists():
        return False
    if not os.access(path, os.R_OK | os.W_OK):
        raise StoreError(f"{path} is not readable and writable; fix its permissions")
    return path.stat().st_size > 0


def _check_header(path: Path) -> None:
    try:
        ours = has_sqlite_header(path)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not ours:
        raise _unreadable(path)


def _unreadable(path: Path) -> StoreError:
    return StoreError(
        f"{path} is not a readable drill progress database; move it aside to start afresh, "
        "or put a backup back with `drill restore`"
    )


def _open_error(path: Path, exc: Exception) -> StoreError:
    return _sqlite_error(path, exc, "open")


def _sqlite_error(path: Path, exc: Exception, action: str) -> StoreError:
    if _is_busy(exc):
        return StoreError(
            f"{path} is in use by another drill process; try again when it has finished"
        )
    return StoreError(
        f"could not {action} the progress database {path} ({exc}); "
        "check that it and its directory are writable"
    )


#: SQLite result codes that mean the machine, not our code, is at fault.
_ENVIRONMENT_CODES = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_FULL",
    "SQLITE_READONLY",
    "SQLITE_IOERR",
    "SQLITE_CANTOPEN",
    "SQLITE_PERM",
)


def _is_environmental(exc: Exception) -> bool:
    name = getattr(exc, "sqlite_errorname", None)  # Python 3.11+
    if name is not None:
        return str(name).startswith(_ENVIRONMENT_CODES)  # also SQLITE_IOERR_WRITE etc.
    text = str(exc).lower()
    return any(word in text for word in ("locked", "busy", "disk", "readonly", "unable to open"))


def _is_busy(exc: Exception) -> bool:
    name = getattr(exc, "sqlite_errorname", None)
    if name is not None:
        return str(name).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
    return "locked" in str(exc)


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """``PRAGMA journal_mode = WAL``, waiting out other processes.

    Leaving rollback mode needs the file to itself, and SQLite reports "database is
    locked" at once rather than using busy_timeout while another process holds the
    write lock (as when several drills open an old file together), so wait here.
    """
    import sqlite3

    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


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
    prev = dict(before) if before else None
    first_seen = prev["first_seen"] if prev else _iso(now)
    _put_state(conn, _state_row(new_state, first_seen))
    cursor = conn.execute(
        "INSERT INTO review_log"
        " (card_id, rating, reviewed_at, duration_ms, source, prev_state)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            new_state.card_id,
            rating,
            _iso(now),
            duration_ms,
            source,
            json.dumps(prev) if prev else None,
        ),
    )
    return _rowid(cursor)


def _undo(
    conn: sqlite3.Connection,
    log_id: int,
    expected: tuple[str | None, int | None, str | None] = (None, None, None),
) -> str | None:
    row = conn.execute(
        "SELECT card_id, rating, reviewed_at, prev_state FROM review_log WHERE id = ?",
        (log_id,),
    ).fetchone()
    if row is None:
        return None
    card_id, rating, reviewed_at, prev_state = row
    found = (card_id, rating, reviewed_at)
    if any(want is not None and want != got for want, got in zip(expected, found, strict=True)):
        return None  # not the review the caller wrote: leave it be
    later = conn.execute(
        "SELECT 1 FROM review_log WHERE card_id = ? AND id > ?", (card_id, log_id)
    ).fetchone()
    if later:
        return None
    if prev_state is None:
        conn.execute("DELETE FROM card_state WHERE card_id = ?", (card_id,))
    else:
        _put_state(conn, json.loads(prev_state))
    conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))
    return str(card_id)


def _merge_feedback(
    conn: sqlite3.Connection, answer_id: int, changes: dict[str, Any]
) -> dict[str, Any]:
    row = conn.execute(
        "SELECT feedback FROM interview_answer WHERE id = ?", (answer_id,)
    ).fetchone()
    if row is None:
        raise KeyError(f"no interview answer with id {answer_id}")
    feedback = json.loads(row[0] or "{}")
    if not isinstance(feedback, dict):
        feedback = {}
    feedback.update(changes)
    conn.execute(
        "UPDATE interview_answer SET feedback = ? WHERE id = ?", (json.dumps(feedback), answer_id)
    )
    return feedback


def _has_schema(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None


def _backup_path(path: Path, now: datetime | None) -> Path:
    """``progress.db.backup-YYYYMMDD-HHMMSS``: the copy taken before a migration."""
    return timestamped_sibling(path, "backup", now or datetime.now(timezone.utc))


# -- rows <-> values ---------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    """Fixed-width UTC text, so string order in SQL is time order."""
    if moment.tzinfo is None:
        raise ValueError(f"expected an aware datetime, got {moment!r}")
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _parse(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is timezone.utc else moment.astimezone(timezone.utc)


def _parse_opt(text: str | None) -> datetime | None:
    return None if text is None else _parse(text)


def _only_cards(card_ids: Iterable[str] | None) -> tuple[str, tuple[str, ...]]:
    """A ``card_id`` condition to add to a WHERE clause, and its parameter.

    The ids go in as one JSON array (``json_each``), so any number of them is one
    parameter, never past SQLite's limit on parameters.
    """
    if card_ids is None:
        return "", ()
    return " AND card_id IN (SELECT value FROM json_each(?))", (json.dumps(list(card_ids)),)


def _rowid(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None  # set by every INSERT
    return cursor.lastrowid


def _state_row(state: CardState, first_seen: str | None) -> dict[str, Any]:
    return {
        "card_id": state.card_id,
        "state": state.state,
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": _iso(state.due) if state.due else None,
        "last_review": _iso(state.last_review) if state.last_review else None,
        "first_seen": first_seen,
    }


def _put_state(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO card_state"
        " (card_id, state, step, stability, difficulty, due, last_review, first_seen)"
        " VALUES (:card_id, :state, :step, :stability, :difficulty, :due, :last_review,"
        " :first_seen)",
        row,
    )


#: A review_log time as drill writes it (fixed-width UTC, see _iso), which SQLite can put
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

#: The columns of a card_state row that make a CardState, in its field order.
_STATE_COLUMNS = "card_id, state, step, stability, difficulty, due, last_review"
_new_object = object.__new__


def _card_state(row: tuple[Any, ...]) -> CardState:
    """A CardState from a row of ``_STATE_COLUMNS``.

    Filled in directly (as unpickling would) rather than through the frozen dataclass's
    ``__init__``, which costs more than the rest together for the thousands of rows a
    review session or ``drill stats`` reads.
    """
    card_id, state, step, stability, difficulty, due, last_review = row
    made = _new_object(CardState)
    made.__dict__.update(
        card_id=card_id,
        state=state,
        step=step,
        stability=stability,
        difficulty=difficulty,
        due=None if due is None else _parse(due),
        last_review=None if last_review is None else _parse(last_review),
    )
    return made


def _session_row(row: sqlite3.Row) -> SessionRow:
    return SessionRow(
        id=row["id"],
        role=row["role"],
        started_at=_parse(row["started_at"]),
        finished_at=_parse_opt(row["finished_at"]),
        seed=row["seed"],
        planned=row["planned"],
        settings=json.loads(row["settings"] or "{}"),
        score=row["score"],
        answer_count=row["answer_count"],
    )


def _answer_row(row: sqlite3.Row) -> AnswerRow:
    return AnswerRow(
        id=row["id"],
        session_id=row["session_id"],
        position=row["position"],
        question_id=row["question_id"],
        answer=row["answer"],
        answered_at=_parse_opt(row["answered_at"]),
        seconds_used=row["seconds_used"],
        time_limit_s=row["time_limit_s"],
        over_time=bool(row["over_time"]),
        feedback=json.loads(row["feedback"] or "{}"),
        self_rating=row["self_rating"],
        follow_up=row["follow_up"],
        follow_up_answer=row["follow_up_answer"],
    )


def _feedback_score(feedback: str | None) -> float | None:
    """``coverage`` from the grading feedback, else ``score``; None if ungraded."""
    data = json.loads(feedback or "{}")
    for key in ("coverage", "score"):
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None
