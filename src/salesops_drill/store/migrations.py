"""The progress database's schema, as its history.

Each function takes the schema one version further; :class:`~salesops_drill.store.Store`
applies the pending ones in order, all in one transaction, and records how many have
run in ``PRAGMA user_version``. Never edit a migration that has shipped: add the
next one.

Times are ISO-8601 UTC text (but for review_log's ``before_*`` columns: see migration
6); JSON columns hold small dicts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = []

#: Written in the file header of every store (``PRAGMA application_id``): "sodr" in ASCII.
#: It tells drill's file from any other SQLite file before drill changes a byte of it.
APPLICATION_ID = 0x736F6472
migration = MIGRATIONS.append

# Statements go one at a time through execute(): executescript() would commit the
# transaction the store opened around the migration.


@migration
def m001_initial(conn: sqlite3.Connection) -> None:
    """Flashcard schedule, review history, settings."""
    conn.execute(
        """
        CREATE TABLE card_state (
            card_id TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due TEXT,
            last_review TEXT,
            first_seen TEXT
        )
        """
    )
    conn.execute("CREATE INDEX card_state_due ON card_state(due)")
    conn.execute(
        """
        CREATE TABLE review_log (
            -- AUTOINCREMENT: an undone review's id is never handed out again, so an id
            -- a session holds for undo cannot come to mean someone else's review.
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            card_id TEXT NOT NULL,
            rating INTEGER NOT NULL,
            reviewed_at TEXT NOT NULL,
            duration_ms INTEGER,
            source TEXT NOT NULL,   -- 'review' or 'interview'
            prev_state TEXT         -- JSON card_state row before; NULL for a new card
        )
        """
    )
    conn.execute("CREATE INDEX review_log_card_id ON review_log(card_id)")
    conn.execute("CREATE INDEX review_log_reviewed_at ON review_log(reviewed_at)")
    conn.execute("CREATE TABLE config (key TEXT PRIMARY KEY, value TEXT)")


@migration
def m002_interviews(conn: sqlite3.Connection) -> None:
    """Mock interview sessions and each answer given in them."""
    conn.execute(
        """
        CREATE TABLE interview_session (
            id INTEGER PRIMARY KEY,
            role TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            seed INTEGER,
            planned INTEGER,
            settings TEXT,          -- JSON
            score REAL
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE interview_answer (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES interview_session(id),
            position INTEGER NOT NULL,
            question_id TEXT NOT NULL,
            answer TEXT,
            answered_at TEXT,
            seconds_used REAL,
            time_limit_s INTEGER,
            over_time INTEGER,
            feedback TEXT,          -- JSON
            self_rating INTEGER,
            follow_up TEXT,
            follow_up_answer TEXT
        )
        """
    )
    conn.execute("CREATE INDEX interview_answer_session ON interview_answer(session_id)")
    conn.execute("CREATE INDEX interview_answer_question ON interview_answer(question_id)")


@migration
def m003_application_id(conn: sqlite3.Connection) -> None:
    """Mark the file as drill's, so another program's SQLite file is never taken for it."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


@migration
def m004_suspended_cards(conn: sqlite3.Connection) -> None:
    """Cards the user has suspended: kept out of review until unsuspended.

    A table of its own rather than a column of ``card_state``: a card never reviewed has
    no state row, and suspending it must not invent one (it would stop being new).
    """
    conn.execute(
        """
        CREATE TABLE card_suspended (
            card_id TEXT PRIMARY KEY,
            suspended_at TEXT NOT NULL
        )
        """
    )


@migration
def m005_history_indexes(conn: sqlite3.Connection) -> None:
    """Indexes for what a long history made slow: a role's interviews in order (history,
    interview planning), and the cards first seen in a day (counted at every card of a
    review session, for the new-card allowance)."""
    conn.execute("CREATE INDEX interview_session_role ON interview_session(role, started_at)")
    conn.execute("CREATE INDEX card_state_first_seen ON card_state(first_seen)")


@migration
def m006_compact_review_log(conn: sqlite3.Connection) -> None:
    """The review log at half its size: the card's state before each review in columns
    rather than as a JSON copy of its row (270 bytes a review, three quarters of the
    file); and the time index holding every column an export writes, so the export
    reads the index alone, in order, instead of looking each row up.

    The ``before_*`` columns have no type, so they keep exactly what the card_state row
    held. Times drill wrote (its fixed-width UTC form) go in as whole microseconds since
    1970, 8 bytes instead of 32; any other text stays as it was. An older row whose JSON
    is not a card_state row of that card (by hand, say) keeps its JSON in ``prev_state``
    instead, so nothing is lost. The file keeps its size until the store is compacted
    after the migration (see :meth:`~salesops_drill.store.Store.open`).
    """
    conn.execute(
        """
        CREATE TABLE review_log_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            card_id TEXT NOT NULL,
            rating INTEGER NOT NULL,
            reviewed_at TEXT NOT NULL,
            duration_ms INTEGER,
            source TEXT NOT NULL,   -- 'review' or 'interview'
            -- The card_state row before the review; before_state NULL: a new card.
            before_state,
            before_step,
            before_stability,
            before_difficulty,
            before_due,             -- times: microseconds since 1970 UTC, or text
            before_last_review,
            before_first_seen,
            prev_state TEXT         -- an older row's JSON that the columns cannot hold
        )
        """
    )
    from salesops_drill.store.rows import before_columns  # the one conversion

    old = conn.execute(
        "SELECT id, card_id, rating, reviewed_at, duration_ms, source, prev_state"
        " FROM review_log ORDER BY id"
    )
    insert = "INSERT INTO review_log_new VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    while batch := old.fetchmany(10_000):
        conn.executemany(insert, [_compacted(row, before_columns) for row in batch])
    sequence = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'review_log'").fetchone()
    conn.execute("DROP TABLE review_log")  # its indexes go with it
    conn.execute("ALTER TABLE review_log_new RENAME TO review_log")
    if sequence is not None:  # an undone review's id is never handed out again
        conn.execute(
            "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'review_log'",
            (sequence[0],),
        )
    conn.execute("CREATE INDEX review_log_card_id ON review_log(card_id)")
    conn.execute(
        "CREATE INDEX review_log_time"
        " ON review_log(reviewed_at, id, card_id, rating, duration_ms, source)"
    )


_TIMES = ("due", "last_review", "first_seen")


def _plain(value: object) -> bool:
    """A value SQLite holds as it is (JSON's true, lists, huge numbers and NaN it does
    not)."""
    kind = type(value)
    if kind is int:
        return -(2**63) <= value < 2**63  # type: ignore[operator]
    if kind is float:
        return value == value  # NaN would come back as NULL
    return value is None or kind is str


def _compacted(
    row: tuple[object, ...], before_columns: Callable[[dict[str, object]], tuple[object, ...]]
) -> tuple[object, ...]:
    """A review_log row of version 5 as version 6 holds it."""
    *kept, prev_state = row
    if prev_state is None:
        return (*kept, None, None, None, None, None, None, None, None)
    import json

    try:
        prev = json.loads(prev_state)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        prev = None
    # Exactly a card_state row of this card, as version 5 wrote them (json.dumps of it).
    if type(prev) is dict and len(prev) == 8 and prev.get("card_id") == kept[1]:
        try:
            values = before_columns(prev)
        except KeyError:
            values = ()
        if (
            values
            and type(values[0]) is str
            and all(_plain(value) for value in values[1:4])
            and all(type(prev[time]) in (str, type(None)) for time in _TIMES)
        ):
            return (*kept, *values, None)
    return (*kept, None, None, None, None, None, None, None, prev_state)
