"""Same answers from a long history: the review queue, stats, progress export and
interview planning on a fixed store, checked against the plain way of working them out.

Each reference below is the slow, obvious computation: every row read back from the
file with plain SQL, every timestamp parsed, every card sorted, as drill did before it
learned to select due cards through an index and keep the session's queue in memory.
The store is built once per test from a seeded history of real FSRS ratings, with
cards whose histories are identical (retrievability ties), learning cards coming back
within minutes, cards due exactly now, never-reviewed cards and states of cards no
longer in any bank.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from salesops_drill import interview_questions
from salesops_drill import stats as core_stats
from salesops_drill.clock import study_date, study_day_range, study_day_start, study_days
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from salesops_drill.review import LEARN_AHEAD, ReviewCard, ReviewSession, select_cards
from salesops_drill.scheduler import LEARNING, RELEARNING, REVIEW, CardState, Scheduler
from salesops_drill.store import NewAnswer, Store
from tests.helpers import run

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
SCHED = Scheduler(enable_fuzzing=False)


# ---------------------------------------------------------------- the fixed history


def history(card_ids: list[str], seed: int = 11, per_card: int = 14) -> list[tuple]:
    """Reviews as (state after, rating, when, duration ms, source), oldest first."""
    rng = random.Random(seed)
    events: list[tuple] = []
    previous: list[tuple] = []
    for i, cid in enumerate(card_ids):
        if i % 9 == 4:
            continue  # never reviewed: a new card
        if i % 7 == 3 and previous:  # the same history as the card before: ties
            twin = [(s.__class__(cid, *_fields(s)), r, w, d, src) for s, r, w, d, src in previous]
            events += twin
            continue
        state = CardState.new(cid)
        when = NOW - timedelta(days=rng.uniform(60, 200))
        mine = []
        for n in range(rng.randint(1, per_card)):
            rating = rng.choices((1, 2, 3, 4), weights=(15, 15, 60, 10))[0]
            state = SCHED.review(state, rating, when)
            mine.append((state, rating, when, rng.randint(1000, 20000), "review"))
            gap = (state.due - when) * rng.uniform(0.5, 1.6) if n % 3 else state.due - when
            when = when + max(gap, timedelta(minutes=1))
            if when >= NOW - timedelta(minutes=30):
                break
        if i % 11 == 5:  # a lapse minutes ago: relearning, back within the hour
            state = SCHED.review(state, 1, NOW - timedelta(minutes=4))
            mine.append((state, 1, NOW - timedelta(minutes=4), 3000, "review"))
        if i % 13 == 6:  # rated so that it is due exactly now, at a whole second
            state = CardState(cid, REVIEW, None, 4.0, 5.0, NOW, NOW - timedelta(days=3))
            mine.append((state, 3, NOW - timedelta(minutes=20), 3000, "interview"))
        events += mine
        previous = mine
    events.sort(key=lambda e: e[2])
    return events


def _fields(state: CardState) -> tuple:
    return (
        state.state,
        state.step,
        state.stability,
        state.difficulty,
        state.due,
        state.last_review,
    )


def build_store(db: Path, card_ids: list[str]) -> None:
    with Store.open(db) as store:
        store.record_reviews(history(card_ids))  # as record_review writes each
        for gone in ("c-removed-one", "c-removed-two"):  # cards since deleted from a bank
            state = SCHED.review(CardState.new(gone), 3, NOW - timedelta(days=9))
            store.record_review(state, 3, NOW - timedelta(days=9), 1000)


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def all_states(db: Path) -> dict[str, CardState]:
    def parse(text: str | None) -> datetime | None:
        return None if text is None else datetime.fromisoformat(text)

    return {
        cid: CardState(cid, state, step, stability, difficulty, parse(due), parse(last))
        for cid, state, step, stability, difficulty, due, last in rows(
            db,
            "SELECT card_id, state, step, stability, difficulty, due, last_review FROM card_state",
        )
    }


# ---------------------------------------------------------------- the review queue


def reference_pick(
    db: Path, deck: list[str], now: datetime, new_per_day: int, done: int, limit: int | None
) -> tuple[str | None, dict[str, int]]:
    """The next card and the counts, worked out from every state in the file."""
    from salesops_drill.clock import study_day_range

    states = {c: s for c, s in all_states(db).items() if c in deck}
    start, end = study_day_range(now)
    seen = rows(
        db,
        "SELECT count(*) FROM card_state WHERE first_seen >= ? AND first_seen < ?",
        (start.isoformat(timespec="microseconds"), end.isoformat(timespec="microseconds")),
    )[0][0]
    known = [states[c] for c in deck if c in states and not states[c].is_new]
    due = [s for s in known if s.due <= now]
    due.sort(key=lambda s: (SCHED.retrievability(s, now), s.due))
    new = [c for c in deck if c not in states or states[c].is_new][: max(0, new_per_day - seen)]
    ids = [s.card_id for s in due]
    if limit is not None:
        room = max(0, limit - done)
        ids, new = ids[:room], new[: max(0, room - len(ids[:room]))]
    kinds = {s.card_id: s.state for s in due}
    counts = {
        "new": len(new),
        "learning": sum(1 for c in ids if kinds[c] in (LEARNING, RELEARNING)),
        "review": sum(1 for c in ids if kinds[c] == REVIEW),
    }
    nxt = (ids + new)[0] if ids + new else None
    if nxt is None and (limit is None or done < limit):
        soon = sorted(
            (s for s in known if s.state in (LEARNING, RELEARNING) and now < s.due < end),
            key=lambda s: s.due,
        )
        if soon and soon[0].due - now <= LEARN_AHEAD:
            nxt = soon[0].card_id
            counts["learning"] += 1
    return nxt, counts


def deck_of(n: int) -> list[ReviewCard]:
    return [ReviewCard(f"c-{i:03d}", "card", f"f{i}", f"b{i}", ("rep",), ("t",)) for i in range(n)]


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.mark.parametrize(("limit", "new_per_day"), [(None, 20), (25, 5), (None, 0)])
def test_the_queue_shows_cards_in_the_same_order_as_the_full_recount(tmp_path, limit, new_per_day):
    deck = deck_of(160)
    ids = [c.id for c in deck]
    db = tmp_path / "progress.db"
    build_store(db, ids)
    clock = Clock()
    rng = random.Random(5)
    with Store.open(db) as store:
        session = ReviewSession(store, SCHED, deck, clock, new_per_day=new_per_day, limit=limit)
        shown = []
        for step in range(140):
            expected = reference_pick(db, ids, clock.now, new_per_day, len(session.rated), limit)
            got = session.current.id if session.current else None
            assert (got, session.counts) == expected, f"step {step}"
            if got is None:
                break
            shown.append(got)
            clock.now += timedelta(seconds=rng.choice((5, 20, 90, 400)))
            session.rate(rng.choices((1, 2, 3, 4), weights=(20, 10, 60, 10))[0])
            if step % 17 == 16:  # an undo shows the same card again, counts as recounted
                undone = session.rated[-1].card_id
                assert session.undo() is True
                assert session.current.id == undone
                nxt, counts = reference_pick(
                    db, ids, clock.now, new_per_day, len(session.rated), limit
                )
                assert session.counts == counts
                session.rate(3)
        assert len(set(shown)) >= 20  # the walk went through much of the deck


def test_suspended_cards_and_extra_new_cards_keep_the_recount_order(tmp_path):
    """Suspended cards (due ones and new ones) never come up; --new N widens today's
    new cards; the rest comes in the order the full recount gives."""
    deck = deck_of(160)
    ids = [c.id for c in deck]
    db = tmp_path / "progress.db"
    build_store(db, ids)
    clock = Clock()
    with Store.open(db) as store:
        due_now = [c for c, s in all_states(db).items() if c in ids and s.due <= NOW]
        never = [c for c in ids if c not in all_states(db)]
        suspended = {*due_now[:6], *never[:3]}
        for cid in suspended:
            store.suspend(cid, NOW)
        start_seen = store.new_cards_seen_between(*study_day_range(NOW))
        session = ReviewSession(store, SCHED, deck, clock, new_per_day=4, extra_new=3)
        kept = [c for c in ids if c not in suspended]
        allowed = max(4, start_seen) + 3
        for step in range(400):
            expected = reference_pick(db, kept, clock.now, allowed, len(session.rated), None)
            got = session.current.id if session.current else None
            assert (got, session.counts) == expected, f"step {step}"
            if got is None:
                break
            assert got not in suspended
            clock.now += timedelta(seconds=30)
            session.rate((3, 1, 4, 3, 3, 4)[step % 6])
        assert got is None  # the walk reached the end of what is due
        summary = session.summary()
    assert summary.new == 7 and summary.new_room == 0
    assert summary.new_left == sum(1 for c in kept if c not in all_states(db))


def test_a_card_rated_in_another_session_is_not_shown_again(tmp_path):
    deck = deck_of(60)
    ids = [c.id for c in deck]
    db = tmp_path / "progress.db"
    build_store(db, ids)
    clock = Clock()
    with Store.open(db) as store, Store.open(db) as other:
        mine = ReviewSession(store, SCHED, deck, clock)
        theirs = ReviewSession(other, SCHED, deck, clock)
        assert mine.current.id == theirs.current.id
        taken = []
        for _ in range(6):  # another terminal works through the next cards meanwhile
            taken.append(theirs.current.id)
            theirs.rate(4)
        for step in range(12):
            mine.rate(3)
            expected, _ = reference_pick(db, ids, clock.now, 20, len(mine.rated), None)
            assert mine.current.id == expected, step
            if step < 3:
                assert mine.current.id not in taken


def test_the_session_summary_matches_the_states_in_the_file(tmp_path):
    deck = deck_of(120)
    ids = [c.id for c in deck]
    db = tmp_path / "progress.db"
    build_store(db, ids)
    clock = Clock()
    with Store.open(db) as store:
        session = ReviewSession(store, SCHED, deck, clock)
        for rating in (3, 1, 4, 3, 1, 2):
            session.rate(rating)
        summary = session.summary()
    states = [s for c, s in all_states(db).items() if c in ids]
    later = [s.due for s in states if s.due is not None and s.due > clock.now]
    assert summary.next_due == min(later)
    assert summary.learning_later == sum(
        1
        for s in states
        if s.state in (LEARNING, RELEARNING) and s.due is not None and s.due > clock.now
    )


# ---------------------------------------------------------------- stats


def reference_stats(db: Path, role: str | None) -> dict:
    """``drill stats --json`` worked out the plain way: every card, every review row.

    With a role, every figure counts that role's cards and questions only (reviews and
    interview answers of them); without, everything in the log."""
    lib = load_library(resolve_paths())
    roles = [lib.roles.resolve(role)] if role else list(lib.roles)
    role_cards = {r.id: [c.id for c in select_cards(lib, r.id)] for r in roles}
    card_ids = list(dict.fromkeys(c for ids in role_cards.values() for c in ids))
    states = {c: s for c, s in all_states(db).items() if c in set(card_ids)}
    only = set(card_ids) if role else None
    today = study_date(NOW)
    first_day = today - timedelta(days=7 * core_stats.HEATMAP_WEEKS + 7)
    daily: dict[date, int] = {}
    recalled = total = 0
    log = rows(db, "SELECT card_id, reviewed_at, rating, before_state FROM review_log")
    for card_id, at, rating, prev in log:
        if only is not None and card_id not in only:
            continue
        moment = datetime.fromisoformat(at)
        day = study_date(moment)  # each review dated on its own, in the machine's zone
        if day >= first_day:
            daily[day] = daily.get(day, 0) + 1
        if moment >= NOW - timedelta(days=30) and prev == "review":
            total += 1
            recalled += rating > 1
    with Store.open(db) as store:
        rated = store.rated_answers(question_ids=only)
        scored = store.scored_answers(only)
    categories = {q.id: q.category for q in lib.questions}
    calibration = core_stats.calibration(rated, categories)
    trends = core_stats.score_trends(scored, NOW, categories)
    result = core_stats.build(
        card_ids,
        role_cards,
        core_stats.schedules(states.values()),
        daily,
        (recalled, total),
        NOW,
        calibration,
        trends,
    )
    result = result._replace(role=roles[0].id if role else None)
    assert result.reviews_today == daily.get(today, 0)
    return json.loads(json.dumps(result.to_dict()))


@pytest.fixture
def lived_in(drill_home, monkeypatch, tmp_path):
    """The built-in content with a long history behind it, and a few interviews."""
    monkeypatch.setenv("DRILL_NOW", NOW.isoformat())
    lib = load_library(resolve_paths())
    ids = [c.id for c in select_cards(lib)]
    db = drill_home / "progress.db"
    build_store(db, ids)
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "- id: q-mgr-bottlenecks\n  answer: We measured each stage and fixed the slowest one,"
        " cutting cycle time 20%.\n  self_rating: 4\n"
    )
    for _ in range(2):
        result = run("interview", "--role", "manager", "--answers", str(answers), "--json")
        assert result.exit_code == 0, result.stderr
    return db


@pytest.mark.parametrize("role", [None, "manager", "rep"])
def test_stats_are_the_same_as_counted_card_by_card(lived_in, role):
    args = ["stats", "--json"] + (["--role", role] if role else [])
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == reference_stats(lived_in, role)


# ---------------------------------------------------------------- export progress


def reference_export(db: Path) -> dict:
    def iso(text: str | None) -> str | None:
        if text is None:
            return None
        return datetime.fromisoformat(text).astimezone(timezone.utc).isoformat()

    return {
        "format": "salesops-drill-progress",
        "schema_version": rows(db, "PRAGMA user_version")[0][0],
        "exported_at": NOW.isoformat(),
        "reviews": [
            {
                "card_id": cid,
                "rating": rating,
                "reviewed_at": iso(at),
                "duration_ms": duration,
                "source": source,
            }
            for cid, rating, at, duration, source in rows(
                db,
                "SELECT card_id, rating, reviewed_at, duration_ms, source FROM review_log"
                " ORDER BY reviewed_at, id",
            )
        ],
        "cards": [
            {
                "card_id": cid,
                "state": state,
                "step": step,
                "stability": stability,
                "difficulty": difficulty,
                "due": iso(due),
                "last_review": iso(last),
            }
            for cid, state, step, stability, difficulty, due, last in rows(
                db,
                "SELECT card_id, state, step, stability, difficulty, due, last_review"
                " FROM card_state",
            )
        ],
    }


def sorted_cards(data: dict) -> dict:
    data["cards"].sort(key=lambda c: c["card_id"])
    return data


def test_export_progress_is_the_same_data(lived_in, tmp_path):
    # Reviews written out of time order (a restore, an interview rated later) and at
    # whole seconds, whose stored microseconds the export leaves off.
    with Store.open(lived_in) as store:
        for when in (NOW - timedelta(days=400), NOW - timedelta(seconds=30, microseconds=5)):
            state = SCHED.review(CardState.new("c-late-entry"), 3, when)
            store.record_review(state, 3, when, None, source="interview")
    made_by_sqlite = run("export", "progress", "--json")
    assert json.loads(made_by_sqlite.stdout) == sorted_cards(reference_export(lived_in))
    conn = sqlite3.connect(lived_in)  # rows another tool wrote: times in other forms
    with conn:
        conn.executemany(
            "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, source)"
            " VALUES (?, ?, ?, ?, 'review')",
            [
                ("c-raw-one", 2, "2026-02-01T10:00:00+02:00", None),
                ("c-raw-two", 3, "2026-02-01 08:00:00.500000+00:00", 5),
            ],
        )
    conn.close()
    expected = sorted_cards(reference_export(lived_in))
    result = run("export", "progress", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == expected
    assert len(expected["reviews"]) > 1000
    out = tmp_path / "progress.json"
    written = run("export", "progress", "-o", str(out))
    assert written.exit_code == 0, written.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == expected
    reviews, cards = len(expected["reviews"]), len(expected["cards"])
    assert f"Wrote {reviews} reviews and {cards} cards to {out}" in written.stdout
    assert run("export", "progress").stdout.startswith(
        f"{reviews} reviews, {cards} cards with a schedule."
    )


def test_export_progress_shows_control_characters_escaped(drill_home, monkeypatch):
    """An id with C1 controls (a restored file from anywhere) stays escaped JSON text."""
    monkeypatch.setenv("DRILL_NOW", NOW.isoformat())
    with Store.open(drill_home / "progress.db") as store:
        state = SCHED.review(CardState.new("c-\x85\x9b-odd\u2028"), 3, NOW)
        store.record_review(state, 3, NOW, 10)
    result = run("export", "progress", "--json")
    assert result.exit_code == 0
    assert "\x85" not in result.stdout and "\x9b" not in result.stdout
    assert "\\u0085\\u009b" in result.stdout
    data = json.loads(result.stdout)
    assert data["reviews"][0]["card_id"] == "c-\x85\x9b-odd\u2028"
    assert data["cards"][0]["card_id"] == "c-\x85\x9b-odd\u2028"


# ---------------------------------------------------------------- interview planning


def test_interview_history_sets_match_a_session_by_session_reading(lived_in, tmp_path):
    lib = load_library(resolve_paths())
    pool = [q.id for q in lib.questions if "manager" in q.roles]
    rng = random.Random(3)
    with Store.open(lived_in) as store:
        for n in range(6):  # more sessions, some of them answered weakly
            when = NOW - timedelta(days=6 - n)
            sid = store.start_session("manager", when, n, 3, {})
            for pos, qid in enumerate(rng.sample(pool, 3), 1):
                feedback = {"coverage": rng.random(), "score": rng.random() * 100}
                if pos == 3:
                    feedback = {"score": 30.0}  # no coverage: the score stands in
                store.add_answer(NewAnswer(sid, pos, qid, "text", when, 60.0, 240, False, feedback))
        recent: set[str] = set()
        for session in store.sessions("manager")[-interview_questions.RECENT_SESSIONS :]:
            recent |= {a.question_id for a in store.answers(session.id)}
        weak = set()
        for qid in pool:
            scores = [s for _, s in store.question_history(qid) if s is not None]
            if scores and sum(scores) / len(scores) < interview_questions.WEAK_COVERAGE:
                weak.add(qid)
        assert recent and weak
        assert interview_questions.history_sets(store, "manager", pool) == (recent, weak)


@pytest.mark.parametrize(
    "offset",
    [
        timedelta(0),
        timedelta(hours=5, minutes=30),
        timedelta(hours=-8),
        timedelta(hours=13, minutes=45),
    ],
)
def test_reviews_per_study_day_in_any_offset(tmp_path, offset):
    """Counted as index ranges, one per study day: the same as shifting each review.

    (SQLite's date(), which counted them before, rounds to whole milliseconds, so a
    review in the last half millisecond before 04:00 went to the next day.)"""
    zone = timezone(offset)
    rng = random.Random(9)
    first = study_date(NOW - timedelta(days=40), zone)
    moments = [NOW - timedelta(minutes=rng.randint(0, 60 * 24 * 60)) for _ in range(3000)]
    start = study_day_start(first, zone)
    moments += [start, start - timedelta(microseconds=1)]  # either side of the first day
    moments += [  # either side of a study-day boundary in this offset
        datetime(2026, 2, 20, tzinfo=timezone.utc) - offset + timedelta(hours=4, microseconds=d)
        for d in (-1, 0, 1)
    ]
    cards = ["c-x" if i % 3 else "c-y" for i in range(len(moments))]
    days = study_days(first, study_date(NOW, zone), zone)
    with Store.open(tmp_path / "p.db") as store:
        store.record_reviews(
            (CardState.new(c), 3, m, None, "review") for c, m in zip(cards, moments, strict=True)
        )
        expected: dict[date, int] = {}
        only_y: dict[date, int] = {}  # of one card (stats --role)
        for card, moment in zip(cards, moments, strict=True):
            day = (moment + offset - timedelta(hours=4)).date()
            if day >= first:
                expected[day] = expected.get(day, 0) + 1
                if card == "c-y":
                    only_y[day] = only_y.get(day, 0) + 1
        assert store.daily_review_counts(days) == expected
        assert store.daily_review_counts(days, ["c-y"]) == only_y
        far = datetime(2999, 1, 1, tzinfo=timezone.utc)  # from a DRILL_NOW far ahead
        for card in ("c-x", "c-y", "c-y"):
            store.record_review(CardState.new(card), 3, far, None)
        assert store.daily_review_counts(days) == expected  # not one of the days asked
        far_day = study_date(far, zone)
        assert store.daily_review_counts(study_days(far_day, far_day, zone)) == {far_day: 3}
        assert store.daily_review_counts(days, []) == {}
        assert store.daily_review_counts([]) == {}


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"])
def test_forecast_is_the_same_as_dating_every_card(monkeypatch, zone):
    """Only due times near the window get their local study day worked out; the rest
    are overdue or beyond it, in any zone (New York changes its clocks on March 8th)."""
    import time

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        rng = random.Random(4)
        states = {}
        for i in range(3000):
            due = NOW + timedelta(minutes=rng.randint(-6 * 24 * 60, 20 * 24 * 60))
            states[f"c-{i}"] = CardState(f"c-{i}", REVIEW, None, 5.0, 5.0, due, due)
        ids = [*states, "c-never"]
        today = study_date(NOW)
        buckets = [0] * core_stats.FORECAST_DAYS
        for state in states.values():
            offset = max(0, (study_date(state.due) - today).days)
            if offset < core_stats.FORECAST_DAYS:
                buckets[offset] += 1
        expected = [((today + timedelta(days=i)).isoformat(), n) for i, n in enumerate(buckets)]
        assert core_stats.forecast(ids, core_stats.schedules(states.values()), NOW) == expected
    finally:
        monkeypatch.undo()
        time.tzset()


def test_export_progress_of_an_empty_store(drill_home, monkeypatch):
    monkeypatch.setenv("DRILL_NOW", NOW.isoformat())
    result = run("export", "progress", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["reviews"], data["cards"]) == ([], [])
    assert data["exported_at"] == NOW.isoformat()


def test_export_progress_in_chunks_keeps_every_review_once(tmp_path):
    """Chunks follow on by (reviewed_at, id): reviews at the same moment, out of id order
    and across chunk edges, each come once, in order."""
    when = NOW - timedelta(days=1)
    reviews = [
        (CardState.new(f"c-{i % 7}"), 3, when + timedelta(seconds=i % 5), 1, "review")
        for i in range(53)
    ]
    with Store.open(tmp_path / "p.db") as store:
        store.record_reviews(reviews)
        with store.snapshot():
            chunks = list(store.review_log_json("\n", chunk=4))
        got = [json.loads(line) for text, _ in chunks for line in text.split("\n")]
        assert sum(n for _, n in chunks) == 53
        expected = [(r.card_id, r.reviewed_at.isoformat()) for r in store.review_log()]
        assert [(g["card_id"], g["reviewed_at"]) for g in got] == expected


def test_stats_draws_its_tables_without_rich_tables_where_they_fit(lived_in):
    """The tables of ``drill stats`` are PlainTables: at 80 columns, with every table
    filled, rich's table module (and fractions and decimal with it) is never imported."""
    probe = (
        "import sys\n"
        "sys.argv = ['drill', 'stats']\n"
        "from salesops_drill.launcher import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('rich.table' in sys.modules and 'IMPORTED' or 'NOT IMPORTED')\n"
    )
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "Self-rating vs grader" in done.stdout and "Weakest questions" in done.stdout
    assert "Latest" in done.stdout  # the scores table itself, not its stacked form
    assert done.stderr.endswith("NOT IMPORTED")
