from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import salesops_drill
from salesops_drill.errors import StoreError
from salesops_drill.scheduler import CardState, Scheduler
from salesops_drill.store import NewAnswer, Store
from salesops_drill.store.migrations import MIGRATIONS
from tests.conftest import read_only

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)
SCHED = Scheduler(enable_fuzzing=False)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "progress.db"


@pytest.fixture
def store(db: Path):
    with Store.open(db) as opened:
        yield opened


def reviewed(card_id: str, rating: int = 3, now: datetime = NOW) -> CardState:
    return SCHED.review(CardState.new(card_id), rating, now)


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file in ``directory`` with its bytes: proves a refused file was not touched."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def run_python(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a second Python process that can import salesops_drill."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        env=_child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _child_env() -> dict[str, str]:
    src = str(Path(salesops_drill.__file__).resolve().parents[1])
    path = os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


# -- opening ---------------------------------------------------------------------------


def test_open_creates_missing_directories_and_file(tmp_path):
    path = tmp_path / "a" / "b" / "progress.db"
    with Store.open(path) as store:
        assert store.path == path
        assert store.schema_version == len(MIGRATIONS)
    assert path.is_file()


def test_store_uses_wal_and_waits_for_locks(store, db):
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.isolation_level is None


def test_reopen_keeps_data(db):
    with Store.open(db) as store:
        store.set_config("k", "v")
    with Store.open(db) as store:
        assert store.get_config("k") == "v"


@pytest.mark.parametrize(
    "content",
    [
        b"new_per_day: 20\n",
        b"SQLite",  # shorter than the header
        b"SQLite format 2\x00" + b"\x00" * 200,
        bytes(range(256)) * 16,
    ],
)
def test_not_sqlite_file_is_refused_untouched(db, content):
    db.parent.mkdir()
    db.write_bytes(content)
    before = snapshot(db.parent)
    with pytest.raises(StoreError) as caught:
        Store.open(db)
    message = caught.value.message
    assert str(db) in message
    assert "not a readable drill progress database" in message
    assert "move it aside" in message and "drill restore" in message
    assert "\n" not in message
    assert snapshot(db.parent) == before


def _real_database(db: Path, wal: bool) -> None:
    """A progress database big enough to span many pages."""
    Store.open(db).close()
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "INSERT INTO config VALUES (?, ?)", [(f"key{i}", "x" * 100) for i in range(200)]
        )
    if not wal:
        conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


@pytest.mark.parametrize("wal", [True, False], ids=["wal", "rollback"])
@pytest.mark.parametrize("offset", [100, 4096], ids=["schema-page", "data-page"])
def test_corrupt_database_is_refused_untouched(db, offset, wal):
    _real_database(db, wal)
    data = bytearray(db.read_bytes())
    data[offset : offset + 64] = b"\xff" * 64  # a b-tree page header
    db.write_bytes(bytes(data))
    before = snapshot(db.parent)
    # A file in WAL mode that needs no migration is not read page by page on opening
    # (that took most of a second on a long history): damage in a data page is refused
    # when a read meets it, with the same message, and the file stays as it was.
    with pytest.raises(StoreError, match="not a readable drill progress database"):
        with Store.open(db) as store:
            read_everything(store)
    assert snapshot(db.parent) == before


def read_everything(store: Store) -> None:
    store.states()
    store.review_log()
    store.sessions()
    for i in range(200):
        store.get_config(f"key{i}")


def test_truncated_database_is_refused_untouched(db):
    _real_database(db, wal=False)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    before = snapshot(db.parent)
    with pytest.raises(StoreError, match="not a readable drill progress database"):
        Store.open(db)
    assert snapshot(db.parent) == before


def test_directory_in_place_of_the_file_is_refused(db):
    db.mkdir(parents=True)
    with pytest.raises(StoreError, match="not a readable drill progress database"):
        Store.open(db)


@pytest.mark.parametrize("wal", [True, False], ids=["wal", "rollback"])
def test_newer_schema_is_refused_untouched(db, wal):
    _real_database(db, wal)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 3}")
    conn.close()
    before = snapshot(db.parent)
    with pytest.raises(StoreError) as caught:
        Store.open(db)
    assert caught.value.message == (
        f"{db} was written by a newer version of salesops-drill "
        f"(schema {len(MIGRATIONS) + 3}, this version knows {len(MIGRATIONS)}); "
        "upgrade salesops-drill"
    )
    assert snapshot(db.parent) == before


def test_read_only_data_dir_is_refused(tmp_path):
    data = tmp_path / "ro"
    data.mkdir()
    with read_only(data):
        with pytest.raises(StoreError) as caught:
            Store.open(data / "progress.db")
        assert list(data.iterdir()) == []
    assert str(data) in caught.value.message
    assert "DRILL_HOME" in caught.value.message


def test_data_dir_that_cannot_be_created_is_refused(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError) as caught:
        Store.open(blocker / "drill" / "progress.db")
    message = caught.value.message
    assert message.startswith(f"cannot create the data directory {blocker / 'drill'}")
    assert "DRILL_HOME" in message and "\n" not in message
    assert blocker.read_text() == "not a directory"


# -- card states and reviews -------------------------------------------------------------


def test_unknown_card_has_no_state(store):
    assert store.get_state("nope") is None
    assert store.states() == {}


def test_record_review_round_trips_the_state_exactly(store):
    state = reviewed("c1", now=NOW + timedelta(microseconds=123456))
    store.record_review(state, 3, NOW, duration_ms=1500)
    assert store.get_state("c1") == state
    assert store.states() == {"c1": state}


def test_record_review_logs_it(store):
    log_id = store.record_review(reviewed("c1"), 3, NOW, duration_ms=1500)
    (row,) = store.review_log()
    assert row.id == log_id
    assert (row.card_id, row.rating, row.reviewed_at, row.duration_ms, row.source) == (
        "c1",
        3,
        NOW,
        1500,
        "review",
    )


def test_first_seen_is_kept_from_the_first_review(store):
    first = reviewed("c1")
    store.record_review(first, 3, NOW, None)
    later = NOW + timedelta(minutes=10)
    store.record_review(SCHED.review(first, 3, later), 3, later, None)
    assert store.new_cards_seen_between(NOW, NOW + timedelta(seconds=1)) == 1
    assert store.new_cards_seen_between(later, later + timedelta(days=1)) == 0


def test_new_cards_seen_between_is_half_open(store):
    for minute, card in enumerate(["a", "b", "c"]):
        at = NOW + timedelta(minutes=minute)
        store.record_review(reviewed(card, now=at), 3, at, None)
    assert store.new_cards_seen_between(NOW, NOW + timedelta(minutes=2)) == 2
    assert store.new_cards_seen_between(NOW + timedelta(minutes=1), NOW + timedelta(hours=1)) == 2
    assert store.new_cards_seen_between(NOW - timedelta(days=1), NOW) == 0


def test_states_can_be_limited_to_some_cards(store):
    for card in ["a", "b", "c"]:
        store.record_review(reviewed(card), 3, NOW, None)
    assert sorted(store.states(["a", "c", "never-seen"])) == ["a", "c"]
    assert sorted(store.states()) == ["a", "b", "c"]


def test_schedules_are_the_states_that_are_not_new_as_text_in_time_order(store, db):
    """What drill stats reads: every stored state but new ones, due times as fixed-width
    UTC text, a time stored in another form (by hand) put in that form too."""
    from salesops_drill import stats

    for minute, card in enumerate(["a", "b", "c"]):
        at = NOW + timedelta(minutes=minute)
        store.record_review(reviewed(card, now=at), 3, at, None)
    store.record_review(reviewed("d", rating=1), 1, NOW, None)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE card_state SET due = '2025-03-11T09:30:00+01:00' WHERE card_id = 'b'")
        conn.execute("UPDATE card_state SET state = 'new' WHERE card_id = 'c'")
    scheduled = store.schedules()
    assert scheduled == stats.schedules(store.states().values())
    assert sorted(scheduled) == ["a", "b", "d"]
    assert scheduled["b"][2] == "2025-03-11T08:30:00.000000+00:00"
    assert scheduled["a"][:2] == (store.get_state("a").state, store.get_state("a").stability)


def test_review_log_since(store):
    for day in range(3):
        at = NOW + timedelta(days=day)
        store.record_review(reviewed(f"c{day}", now=at), 3, at, None)
    assert [r.card_id for r in store.review_log(since=NOW + timedelta(days=1))] == ["c1", "c2"]
    assert [r.card_id for r in store.review_log()] == ["c0", "c1", "c2"]


def test_record_review_refuses_bad_source_and_rating(store):
    with pytest.raises(ValueError, match="source"):
        store.record_review(reviewed("c1"), 3, NOW, None, source="quiz")
    with pytest.raises(ValueError, match="1-4"):
        store.record_review(reviewed("c1"), 7, NOW, None)
    assert store.review_log() == []


def test_naive_times_are_refused(store):
    with pytest.raises(ValueError, match="aware"):
        store.record_review(reviewed("c1"), 3, NOW.replace(tzinfo=None), None)
    assert store.states() == {}


def test_undo_of_a_first_review_forgets_the_card(store):
    store.record_review(reviewed("c1"), 3, NOW, None)
    assert store.undo_last_review() == "c1"
    assert store.get_state("c1") is None
    assert store.review_log() == []
    assert store.new_cards_seen_between(NOW, NOW + timedelta(days=1)) == 0


def test_undo_restores_the_previous_state_exactly(store):
    first = reviewed("c1")
    store.record_review(first, 3, NOW, None)
    later = NOW + timedelta(minutes=10)
    store.record_review(SCHED.review(first, 1, later), 1, later, 800)
    assert store.undo_last_review() == "c1"
    assert store.get_state("c1") == first
    assert [r.rating for r in store.review_log()] == [3]
    assert store.new_cards_seen_between(NOW, NOW + timedelta(seconds=1)) == 1


def test_undo_walks_back_one_review_at_a_time(store):
    store.record_review(reviewed("a"), 3, NOW, None)
    store.record_review(reviewed("b"), 3, NOW, None)
    assert store.undo_last_review() == "b"
    assert store.undo_last_review() == "a"
    assert store.undo_last_review() is None
    assert store.states() == {}


def test_undo_only_touches_its_source(store):
    store.record_review(reviewed("a"), 3, NOW, None, source="review")
    store.record_review(reviewed("q1"), 3, NOW, None, source="interview")
    assert store.undo_last_review("review") == "a"
    assert store.undo_last_review("review") is None
    assert sorted(store.states()) == ["q1"]
    assert store.undo_last_review("interview") == "q1"


def test_undo_will_not_lose_a_later_review_from_the_other_source(store):
    first = reviewed("c1")
    store.record_review(first, 3, NOW, None, source="review")
    later = NOW + timedelta(minutes=10)
    second = SCHED.review(first, 3, later)
    store.record_review(second, 3, later, None, source="interview")
    assert store.undo_last_review("review") is None
    assert store.get_state("c1") == second
    assert len(store.review_log()) == 2


def test_undo_review_by_id(store):
    first = store.record_review(reviewed("a"), 3, NOW, None)
    second = store.record_review(reviewed("b"), 3, NOW, None)
    assert store.undo_review(first) == "a"
    assert store.undo_review(first) is None
    assert sorted(store.states()) == ["b"]
    assert [r.id for r in store.review_log()] == [second]


def test_undo_review_refuses_when_the_card_was_reviewed_since(store):
    first = reviewed("c1")
    log_id = store.record_review(first, 3, NOW, None)
    later = NOW + timedelta(minutes=10)
    store.record_review(SCHED.review(first, 3, later), 3, later, None)
    assert store.undo_review(log_id) is None
    assert len(store.review_log()) == 2


def test_an_undone_reviews_id_is_never_reused(store):
    log_id = store.record_review(reviewed("a"), 3, NOW, None)
    store.undo_review(log_id)
    assert store.record_review(reviewed("b"), 3, NOW, None) != log_id
    assert store.undo_review(log_id) is None
    assert sorted(store.states()) == ["b"]


@pytest.mark.parametrize(
    "claim",
    [("b", 3, NOW), ("a", 4, NOW), ("a", 3, NOW + timedelta(seconds=1))],
    ids=["card", "rating", "time"],
)
def test_undo_review_refuses_a_row_that_is_not_the_one_written(store, claim):
    log_id = store.record_review(reviewed("a"), 3, NOW, None)
    assert store.undo_review(log_id, *claim) is None
    assert [r.id for r in store.review_log()] == [log_id]
    assert store.undo_review(log_id, "a", 3, NOW) == "a"
    assert store.review_log() == []


# -- config ----------------------------------------------------------------------------


def test_suspend_and_unsuspend(store, db):
    assert store.suspended() == {}
    assert store.suspend("c-a", NOW) is True
    assert store.suspend("c-a", NOW + timedelta(hours=1)) is False  # already: time kept
    with Store.open(db) as other:  # committed at once
        assert other.suspended() == {"c-a": NOW}
    assert store.get_state("c-a") is None  # the schedule is not touched
    assert store.unsuspend("c-a") is True
    assert store.unsuspend("c-a") is False
    assert store.suspended() == {}


def test_card_reviews_are_one_cards_oldest_first(store):
    for minutes, card in [(2, "c-a"), (0, "c-b"), (1, "c-a")]:
        at = NOW + timedelta(minutes=minutes)
        store.record_review(reviewed(card, now=at), 3, at, 100)
    rows = store.card_reviews("c-a")
    assert [r.reviewed_at for r in rows] == [NOW + timedelta(minutes=1), NOW + timedelta(minutes=2)]
    assert store.card_reviews("c-z") == []


def test_config_default_set_and_overwrite(store):
    assert store.get_config("new_per_day") is None
    assert store.get_config("new_per_day", "20") == "20"
    store.set_config("new_per_day", "10")
    store.set_config("new_per_day", "15")
    assert store.get_config("new_per_day", "20") == "15"


# -- interviews ------------------------------------------------------------------------


def _answer(store: Store, session_id: int, position: int, question_id: str, **changes):
    fields = {
        "answer": "I would segment by ARR.",
        "answered_at": NOW + timedelta(minutes=position),
        "seconds_used": 95.5,
        "time_limit_s": 180,
        "over_time": False,
        "feedback": {"coverage": 0.5, "missed": ["CRM hygiene"]},
        "self_rating": None,
        "follow_up": None,
        "follow_up_answer": None,
    }
    fields.update(changes)
    return store.add_answer(NewAnswer(session_id, position, question_id, **fields))


def test_interview_session_round_trip(store):
    sid = store.start_session("manager", NOW, seed=42, planned=2, settings={"timed": True})
    a1 = _answer(store, sid, 1, "q-one", follow_up="Why?", follow_up_answer="Because.")
    _answer(store, sid, 2, "q-two", over_time=True, feedback={})
    store.set_self_rating(a1, 4)

    session = store.session(sid)
    assert session is not None and not session.finished
    assert (session.role, session.started_at, session.seed, session.planned) == (
        "manager",
        NOW,
        42,
        2,
    )
    assert session.settings == {"timed": True}
    assert session.answer_count == 2

    first, second = store.answers(sid)
    assert (first.id, first.position, first.question_id, first.self_rating) == (a1, 1, "q-one", 4)
    assert first.feedback == {"coverage": 0.5, "missed": ["CRM hygiene"]}
    assert (first.follow_up, first.follow_up_answer) == ("Why?", "Because.")
    assert first.answered_at == NOW + timedelta(minutes=1)
    assert first.seconds_used == 95.5 and first.time_limit_s == 180
    assert first.over_time is False and second.over_time is True

    store.finish_session(sid, NOW + timedelta(minutes=20), score=0.75)
    done = store.session(sid)
    assert done.finished and done.finished_at == NOW + timedelta(minutes=20)
    assert done.score == 0.75


def test_sessions_by_role(store):
    a = store.start_session("manager", NOW, seed=1, planned=5, settings={})
    b = store.start_session("analyst", NOW + timedelta(hours=1), seed=2, planned=5, settings={})
    assert [s.id for s in store.sessions()] == [a, b]
    assert [s.id for s in store.sessions("analyst")] == [b]
    assert store.sessions("director") == []
    assert store.session(999) is None
    assert store.answers(999) == []


def test_question_history(store):
    sid = store.start_session("manager", NOW, seed=1, planned=3, settings={})
    _answer(store, sid, 1, "q-one", feedback={"coverage": 0.25})
    _answer(store, sid, 2, "q-two")
    _answer(store, sid, 3, "q-one", feedback={"score": 3})
    _answer(store, sid, 4, "q-one", feedback={})
    assert store.question_history("q-one") == [
        (NOW + timedelta(minutes=1), 0.25),
        (NOW + timedelta(minutes=3), 3.0),
        (NOW + timedelta(minutes=4), None),
    ]
    assert store.question_history("never") == []


def test_follow_up_feedback_and_corrections_merge_into_the_feedback(store, db):
    sid = store.start_session("manager", NOW, seed=1, planned=1, settings={})
    a1 = _answer(store, sid, 1, "q-one")
    store.set_follow_up(a1, "Why?", "Because.", {"coverage": 1.0, "covered": []})
    saved = store.update_feedback(a1, {"corrections": {"CRM hygiene": True}})
    assert saved["follow_up"] == {"coverage": 1.0, "covered": []}
    with Store.open(db) as other:  # committed, and nothing already there was lost
        (row,) = other.answers(sid)
    assert row.feedback == {
        "coverage": 0.5,
        "missed": ["CRM hygiene"],
        "follow_up": {"coverage": 1.0, "covered": []},
        "corrections": {"CRM hygiene": True},
    }
    assert (row.follow_up, row.follow_up_answer) == ("Why?", "Because.")
    store.set_follow_up(a1, "Why?", None)  # skipped, no feedback: the old one stays
    assert store.answers(sid)[0].feedback["follow_up"] == {"coverage": 1.0, "covered": []}
    with pytest.raises(KeyError):
        store.update_feedback(999, {"corrections": {}})


def test_rated_answers_carry_the_graders_category_and_score(store):
    a = store.start_session("manager", NOW, seed=1, planned=3, settings={})
    b = store.start_session("analyst", NOW, seed=2, planned=1, settings={})
    graded = {"category": "behavioral", "score": 62.5}
    _answer(store, a, 1, "q-one", feedback=graded, self_rating=4)
    _answer(store, a, 2, "q-two", feedback=graded)  # not rated: left out
    _answer(store, a, 3, "q-three", feedback={}, self_rating=2)
    later = NOW + timedelta(hours=1)
    fb = {"category": "technical", "score": 10}
    _answer(store, b, 1, "q-four", feedback=fb, self_rating=5, answered_at=later)
    rows = store.rated_answers()
    assert [(r.question_id, r.self_rating, r.category, r.score) for r in rows] == [
        ("q-one", 4, "behavioral", 62.5),
        ("q-three", 2, None, None),
        ("q-four", 5, "technical", 10.0),
    ]
    assert [r.question_id for r in store.rated_answers("analyst")] == ["q-four"]
    assert rows[0].role == "manager" and rows[0].answered_at == NOW + timedelta(minutes=1)


def test_rated_and_scored_are_both_reads_at_once(store):
    a = store.start_session("manager", NOW, seed=1, planned=3, settings={})
    _answer(store, a, 1, "q-one", feedback={"category": "behavioral", "score": 40}, self_rating=2)
    _answer(store, a, 2, "q-two", feedback={"score": 80})
    _answer(store, a, 4, "q-four", feedback={"category": 7, "score": "high"}, self_rating=3)
    both = (store.rated_answers(), store.scored_answers())
    assert store.rated_and_scored() == both
    assert [r.question_id for r in both[1]] == ["q-one", "q-two", "q-four"]
    assert (both[1][2].category, both[1][2].score) == (None, None)
    only = ["q-two", "q-four"]
    assert store.rated_and_scored(only) == (
        store.rated_answers(question_ids=only),
        store.scored_answers(only),
    )


def test_answer_needs_a_real_session(store):
    with pytest.raises(sqlite3.IntegrityError):
        _answer(store, 12345, 1, "q-one")


# -- durability and concurrency ----------------------------------------------------------


def test_write_survives_kill_9_right_after_it_returns(db):
    result = run_python(
        """
        import os, signal, sys
        from datetime import datetime, timezone
        from pathlib import Path
        from salesops_drill.scheduler import CardState, Scheduler
        from salesops_drill.store import Store

        now = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)
        store = Store.open(Path(sys.argv[1]))
        state = Scheduler(enable_fuzzing=False).review(CardState.new("c1"), 3, now)
        store.record_review(state, 3, now, 1000)
        store.set_config("k", "v")
        os.kill(os.getpid(), signal.SIGKILL)
        """,
        str(db),
    )
    assert result.returncode == -9, result.stderr
    with Store.open(db) as store:
        assert store.get_state("c1") == reviewed("c1")
        assert store.get_config("k") == "v"
        assert len(store.review_log()) == 1


def test_two_stores_writing_alternately(db):
    with Store.open(db) as one, Store.open(db) as two:
        for i in range(25):
            at = NOW + timedelta(seconds=i)
            one.record_review(reviewed(f"one-{i}", now=at), 3, at, None)
            two.record_review(reviewed(f"two-{i}", now=at), 3, at, None)
            two.set_config(f"k{i}", str(i))
        assert len(one.states()) == 50
        assert len(two.review_log()) == 50
        assert one.get_config("k24") == "24"
        assert one.undo_last_review() == "two-24"
        assert two.get_state("two-24") is None


WRITER = """
    import sys
    from datetime import datetime, timedelta, timezone
    from pathlib import Path
    from salesops_drill.scheduler import CardState, Scheduler
    from salesops_drill.store import Store

    now = datetime(2025, 3, 10, 12, tzinfo=timezone.utc)
    sched = Scheduler(enable_fuzzing=False)
    with Store.open(Path(sys.argv[1])) as store:
        print("ready", flush=True)
        sys.stdin.readline()
        for i in range(int(sys.argv[2])):
            at = now + timedelta(seconds=i)
            store.record_review(sched.review(CardState.new(f"child-{i}"), 3, at), 3, at, None)
    print("done", flush=True)
"""


def test_second_process_writing_at_the_same_time(db):
    count = 150
    Store.open(db).close()
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(WRITER), str(db), str(count)],
        env=_child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        with Store.open(db) as store:
            child.stdin.write("go\n")
            child.stdin.flush()
            for i in range(count):
                at = NOW + timedelta(seconds=i)
                store.record_review(reviewed(f"parent-{i}", now=at), 3, at, None)
                store.set_config("last", str(i))
        out, err = child.communicate(timeout=120)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == 0, err
    assert out.strip() == "done"
    with Store.open(db) as store:
        assert len(store.states()) == 2 * count
        assert len(store.review_log()) == 2 * count
        assert store.get_config("last") == str(count - 1)


def test_write_waits_for_another_writer_instead_of_failing(store, db):
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO config VALUES ('other', '1')")
    release = threading.Timer(0.3, other.execute, ["COMMIT"])
    release.start()
    try:
        store.set_config("mine", "2")
    finally:
        release.join()
        other.close()
    assert (store.get_config("other"), store.get_config("mine")) == ("1", "2")


def test_open_waits_while_another_process_writes_an_old_file(db):
    # Leaving rollback mode for WAL is refused at once, not after busy_timeout, while
    # someone else holds the write lock; open must wait it out.
    db.parent.mkdir()
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    MIGRATIONS[0](other)
    other.execute("PRAGMA user_version = 1")
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, other.execute, ["COMMIT"])
    release.start()
    try:
        with Store.open(db) as store:
            assert store.schema_version == len(MIGRATIONS)
    finally:
        release.join()
        other.close()


OPENER = """
    import sys
    from pathlib import Path
    from salesops_drill.store import Store

    sys.stdin.readline()
    with Store.open(Path(sys.argv[1])) as store:
        print(store.schema_version, store.last_backup or "", flush=True)
"""


@pytest.mark.parametrize("old_version", [0, 1], ids=["new-file", "old-schema"])
def test_processes_migrating_at_once_apply_each_migration_once(db, old_version):
    db.parent.mkdir()
    if old_version:
        conn = sqlite3.connect(db, isolation_level=None)
        MIGRATIONS[0](conn)
        conn.execute("PRAGMA user_version = 1")
        conn.close()
    children = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(OPENER), str(db)],
            env=_child_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for child in children:  # all started and importing; now let them race
        child.stdin.write("go\n")
        child.stdin.flush()
    results = [child.communicate(timeout=120) for child in children]
    for child, (_, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err
    versions = [out.split()[0] for out, _ in results]
    assert versions == [str(len(MIGRATIONS))] * 4
    backups = [out.split()[1] for out, _ in results if len(out.split()) > 1]
    assert len(backups) == (1 if old_version else 0)
    assert len(list(db.parent.glob("*backup*"))) == len(backups)


# -- whose file is it ------------------------------------------------------------------


def _foreign_database(db: Path, version: int, wal: bool) -> None:
    """Another program's SQLite file, such as a browser's history."""
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, place_id INT)")
        conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.com/')")
    conn.execute(f"PRAGMA user_version = {version}")
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


@pytest.mark.parametrize("wal", [True, False], ids=["wal", "rollback"])
@pytest.mark.parametrize("version", [0, 1, 2])
def test_another_applications_database_is_refused_untouched(db, version, wal):
    _foreign_database(db, version, wal)
    before = snapshot(db.parent)
    with pytest.raises(StoreError) as caught:
        Store.open(db)
    message = caught.value.message
    assert message.startswith(f"{db} is not a drill progress database (it has a table ")
    assert "moz_" in message and "move it aside" in message and "\n" not in message
    assert snapshot(db.parent) == before  # byte-identical: not even switched to WAL
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == ("wal" if wal else "delete")
    conn.close()


def test_a_database_with_another_applications_id_is_refused_untouched(db):
    _real_database(db, wal=False)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA application_id = 1179863091")  # another program's id
    conn.close()
    before = snapshot(db.parent)
    with pytest.raises(StoreError) as caught:
        Store.open(db)
    assert caught.value.message.startswith(
        f"{db} is not a drill progress database (it belongs to another application: "
        "application_id 0x46534833)"
    )
    assert snapshot(db.parent) == before


def test_every_store_carries_drills_application_id(db, tmp_path):
    from salesops_drill.store.schema import APPLICATION_ID
    from tests.test_migrations import build_old

    Store.open(db).close()
    legacy = tmp_path / "legacy.db"
    build_old(legacy, 2)  # written before stores had an application id
    Store.open(legacy).close()
    for path in (db, legacy):
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        conn.close()


def test_cli_refuses_another_applications_database(drill_home):
    from tests.helpers import run

    db = drill_home / "progress.db"
    _foreign_database(db, 1, wal=True)
    before = {p.name: p.read_bytes() for p in drill_home.glob("progress.db*")}
    result = run("stats")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"drill: error: {db} is not a drill progress database")
    assert len(result.stderr.splitlines()) == 1
    assert {p.name: p.read_bytes() for p in drill_home.glob("progress.db*")} == before


def test_known_card_ids_are_every_reviewed_card_whatever_its_id_holds(store):
    assert store.known_card_ids() == set()
    odd = ["c1", "with\x00nul", "", "ü-card", "a,b"]
    for card_id in odd:
        store.record_review(reviewed(card_id), 3, NOW, None)
    store.record_review(CardState.new("still-new"), 3, NOW, None)
    assert store.known_card_ids() == set(odd)
