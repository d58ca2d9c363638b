"""What a drill progress database looks like, exactly, at each schema version.

The expected schema of version N is not written down twice: it is what the first N
migrations create, built in an in-memory database and read back from its
``sqlite_master``. A file is a drill database of version N only if its own
``sqlite_master`` holds exactly those tables and indexes, with the same SQL, and
nothing else: no trigger (one could delete history on every rating), no view, no
extra table or index; and only if its header's ``application_id`` is drill's (or, in a
file older than that mark, unset). :class:`~salesops_drill.store.Store` and
:mod:`salesops_drill.exchange.backup` both ask :func:`mismatch`.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from salesops_drill.store.migrations import APPLICATION_ID, MIGRATIONS

if TYPE_CHECKING:
    import sqlite3

#: (type, table it belongs to, SQL) by object name, as ``sqlite_master`` lists them.
Objects = dict[str, tuple[str, str, str | None]]

#: Statistics tables SQLite itself keeps after ``ANALYZE``: planner hints, not data.
_SQLITE_STATS = ("sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")


def objects(conn: sqlite3.Connection) -> Objects:
    """Every schema object in the database behind ``conn``."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    return {
        name: (kind, table, sql) for kind, name, table, sql in rows if name not in _SQLITE_STATS
    }


def application_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA application_id").fetchone()[0])


@cache
def _reference(version: int) -> tuple[Objects, int]:
    """(schema objects, application id) of version ``version``: what its migrations make."""
    import sqlite3

    if not 0 <= version <= len(MIGRATIONS):
        raise ValueError(f"no schema version {version}")
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for step in MIGRATIONS[:version]:
            step(conn)
        return objects(conn), application_id(conn)
    finally:
        conn.close()


def expected(version: int) -> Objects:
    """The schema objects of version ``version``: what its migrations create."""
    return _reference(version)[0]


expected.cache_clear = _reference.cache_clear  # type: ignore[attr-defined]


def foreign(conn: sqlite3.Connection) -> str | None:
    """Why the file is plainly another program's (its own application id); else None.

    Checked before anything else, even the schema version: another program's
    ``user_version`` means nothing to drill.
    """
    app = application_id(conn)
    if app not in (0, APPLICATION_ID):
        return f"it belongs to another application: application_id {app:#010x}"
    return None


def _article(kind: str) -> str:
    return "an" if kind[:1] in "aeiou" else "a"


def mismatch(conn: sqlite3.Connection, version: int, optional: Objects | None = None) -> str | None:
    """Why the database is not exactly drill's schema ``version``; None if it is.

    ``optional`` objects may also be there, exactly as given (a backup file's bank
    table). The reason is one line, worded to follow "... is not a drill database: ".
    """
    reason = foreign(conn)
    if reason is not None:
        return reason
    want, want_app = _reference(version)
    have = objects(conn)
    for name, spec in (optional or {}).items():
        if have.get(name) == spec:
            del have[name]
    for name in sorted(have.keys() - want.keys()):
        kind = have[name][0]
        known = any(name in expected(v) for v in range(len(MIGRATIONS) + 1))
        why = (
            f"which schema version {version} does not have"
            if known
            else "which drill never creates"
        )
        return f"it has {_article(kind)} {kind} '{name}', {why}"
    for name in sorted(want.keys() & have.keys()):
        kind, table, sql = want[name]
        got_kind, got_table, got_sql = have[name]
        if got_kind != kind:
            got, wanted = f"{_article(got_kind)} {got_kind}", f"{_article(kind)} {kind}"
            return f"'{name}' is {got}, not {wanted} as drill creates it"
        if got_table != table or got_sql != sql:
            if kind == "table":
                return f"table '{name}' does not have the columns drill gives it"
            return f"{kind} '{name}' is not the one drill creates"
    for name in sorted(want.keys() - have.keys()):
        return f"{want[name][0]} '{name}' is missing"
    if application_id(conn) != want_app:
        return f"its application_id does not match drill's schema version {version}"
    return None
