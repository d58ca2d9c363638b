from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from salesops_drill.clock import study_day, study_day_range
from salesops_drill.review_queue import build_queue, next_due
from salesops_drill.scheduler import CardState, Scheduler
from salesops_drill.store import Store

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)
SCHED = Scheduler(enable_fuzzing=False)
PLUS2 = timezone(timedelta(hours=2))  # a fixed user zone, so results don't depend on the machine


def state(card_id: str, kind: str, due: datetime, stability: float = 5.0, last=None) -> CardState:
    return CardState(
        card_id=card_id,
        state=kind,
        step=None if kind == "review" else 0,
        stability=stability,
        difficulty=5.0,
        due=due,
        last_review=last or due - timedelta(days=stability),
    )


def queue(card_ids, states, now=NOW, new_limit=20, new_seen_today=0, limit=None):
    return build_queue(
        card_ids, states, now, SCHED, new_limit, new_seen_today, limit=limit, tz=PLUS2
    )


def test_empty():
    q = queue([], {})
    assert (q.due, q.new, q.learning_soon, q.next, len(q)) == ([], [], [], None, 0)
    assert q.counts == {"new": 0, "learning": 0, "review": 0}


def test_new_cards_keep_the_bank_order_and_come_after_due_ones():
    states = {"old": state("old", "review", NOW - timedelta(hours=1))}
    q = queue(["n3", "old", "n1", "n2"], states)
    assert q.due == ["old"]
    assert q.new == ["n3", "n1", "n2"]
    assert q.cards == ["old", "n3", "n1", "n2"]
    assert q.next == "old"
    assert q.counts == {"new": 3, "learning": 0, "review": 1}


def test_cards_not_yet_due_are_left_out():
    states = {"later": state("later", "review", NOW + timedelta(days=2))}
    assert queue(["later"], states).cards == []


def test_due_is_inclusive_of_now():
    states = {"c": state("c", "review", NOW)}
    assert queue(["c"], states).due == ["c"]


def test_due_cards_weakest_first():
    # Same due time; the one with less stability has forgotten more since its review.
    due = NOW - timedelta(days=1)
    states = {
        "strong": state("strong", "review", due, stability=30, last=due - timedelta(days=10)),
        "weak": state("weak", "review", due, stability=2, last=due - timedelta(days=10)),
    }
    q = queue(["strong", "weak"], states)
    assert q.due == ["weak", "strong"]
    assert SCHED.retrievability(states["weak"], NOW) < SCHED.retrievability(states["strong"], NOW)


def test_equal_retrievability_most_overdue_first():
    # Learning cards reviewed minutes ago all have retrievability 1 (whole days elapsed: 0).
    states = {
        "a": state("a", "learning", NOW - timedelta(minutes=1), last=NOW - timedelta(minutes=2)),
        "b": state("b", "learning", NOW - timedelta(minutes=5), last=NOW - timedelta(minutes=6)),
    }
    q = queue(["a", "b"], states)
    assert q.due == ["b", "a"]
    assert q.counts == {"new": 0, "learning": 2, "review": 0}


def test_relearning_counts_as_learning():
    states = {"r": state("r", "relearning", NOW - timedelta(minutes=1))}
    assert queue(["r"], states).counts == {"new": 0, "learning": 1, "review": 0}


def test_learning_soon_lists_cards_back_later_this_study_day():
    states = {
        "in10m": state("in10m", "learning", NOW + timedelta(minutes=10)),
        "in1m": state("in1m", "relearning", NOW + timedelta(minutes=1)),
        # 12:00 UTC is 14:00 at +2; the study day ends at 04:00 +2 = 02:00 UTC tomorrow.
        "tomorrow": state("tomorrow", "learning", NOW + timedelta(hours=14, minutes=1)),
        "review": state("review", "review", NOW + timedelta(hours=1)),
    }
    q = queue(list(states), states)
    assert q.learning_soon == ["in1m", "in10m"]
    assert q.cards == []


def test_new_card_allowance_is_per_day():
    cards = [f"n{i}" for i in range(10)]
    assert queue(cards, {}, new_limit=5).new == cards[:5]
    assert queue(cards, {}, new_limit=5, new_seen_today=3).new == cards[:2]
    assert queue(cards, {}, new_limit=5, new_seen_today=5).new == []
    assert queue(cards, {}, new_limit=5, new_seen_today=8).new == []
    assert queue(cards, {}, new_limit=0).new == []


def test_limit_caps_the_session_due_cards_first():
    states = {c: state(c, "review", NOW - timedelta(days=1)) for c in ["a", "b", "c"]}
    cards = ["a", "b", "c", "n1", "n2"]
    assert len(queue(cards, states, limit=2).due) == 2
    assert queue(cards, states, limit=2).new == []
    q = queue(cards, states, limit=4)
    assert (len(q.due), q.new) == (3, ["n1"])
    assert q.counts == {"new": 1, "learning": 0, "review": 3}


def test_removed_cards_are_hidden_but_kept():
    states = {
        "gone": state("gone", "review", NOW - timedelta(days=1)),
        "kept": state("kept", "review", NOW - timedelta(days=1)),
        "gone-learning": state("gone-learning", "learning", NOW + timedelta(minutes=5)),
    }
    q = queue(["kept"], states)
    assert q.cards == ["kept"]
    assert q.learning_soon == []
    assert "gone" in states  # untouched: history stays if the card comes back
    assert next_due(states, NOW, card_ids=["kept"]) is None


def test_duplicate_ids_count_once():
    assert queue(["a", "a", "b"], {}).new == ["a", "b"]


def test_next_due():
    states = {
        "past": state("past", "review", NOW - timedelta(hours=1)),
        "soon": state("soon", "learning", NOW + timedelta(minutes=10)),
        "later": state("later", "review", NOW + timedelta(days=3)),
    }
    assert next_due(states, NOW) == NOW + timedelta(minutes=10)
    assert next_due(states, NOW, card_ids=["past", "later"]) == NOW + timedelta(days=3)
    assert next_due({}, NOW) is None


def test_study_day_range_is_a_day_long_starting_at_4_local():
    start, end = study_day_range(NOW, PLUS2)
    assert start == datetime(2025, 3, 10, 2, tzinfo=timezone.utc)
    assert end == start + timedelta(days=1)


def test_study_day_range_across_a_daylight_saving_change():
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no tz database")
    # Clocks go forward at 02:00 on 2025-03-30: that study day is 23 hours long.
    start, end = study_day_range(datetime(2025, 3, 29, 12, tzinfo=timezone.utc), berlin)
    assert end - start == timedelta(hours=23)
    assert end.astimezone(berlin).hour == 4


# -- through the store -----------------------------------------------------------------


def new_seen_today(store: Store, now: datetime) -> int:
    return store.new_cards_seen_between(*study_day_range(now, PLUS2))


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "progress.db") as opened:
        yield opened


def review(store: Store, card_id: str, rating: int, now: datetime) -> None:
    current = store.get_state(card_id) or CardState.new(card_id)
    store.record_review(SCHED.review(current, rating, now), rating, now, None)


def test_new_card_limit_holds_across_sessions(store):
    cards = [f"c{i}" for i in range(6)]

    def session(now: datetime) -> list[str]:
        return queue(cards, store.states(), now, 3, new_seen_today(store, now)).new

    assert session(NOW) == ["c0", "c1", "c2"]
    review(store, "c0", 3, NOW)
    review(store, "c1", 3, NOW)
    later = NOW + timedelta(hours=2)  # a second session the same day
    assert session(later) == ["c2"]
    review(store, "c2", 3, later)
    assert session(later + timedelta(hours=1)) == []
    tomorrow = NOW + timedelta(days=1)
    assert session(tomorrow) == ["c3", "c4", "c5"]


def test_a_card_first_seen_at_0359_local_counts_for_the_previous_day(store):
    local_0359 = datetime(2025, 3, 11, 3, 59, tzinfo=PLUS2)
    review(store, "late", 3, local_0359)
    evening_before = datetime(2025, 3, 10, 22, 0, tzinfo=PLUS2)
    morning_after = datetime(2025, 3, 11, 4, 0, tzinfo=PLUS2)
    assert study_day(local_0359, PLUS2) == study_day(evening_before, PLUS2)
    assert new_seen_today(store, evening_before) == 1
    assert new_seen_today(store, morning_after) == 0
    same_night = local_0359 + timedelta(seconds=30)
    for now, expected in [(same_night, []), (morning_after, ["n1"])]:
        q = queue(["late", "n1"], store.states(), now, 1, new_seen_today(store, now))
        assert q.new == expected


def test_undoing_a_new_card_gives_its_allowance_back(store):
    review(store, "c0", 3, NOW)
    assert new_seen_today(store, NOW) == 1
    store.undo_last_review()
    assert new_seen_today(store, NOW) == 0
    assert queue(["c0"], store.states(), NOW, 1, 0).new == ["c0"]


def test_sixty_days_good_grows_intervals_and_again_shrinks_them(store):
    """Study whenever something is due; "good" always gets Good, "lapse" gets Good until
    its interval passes two weeks, then one Again."""
    cards = ["good", "lapse"]
    intervals: dict[str, list[timedelta]] = {"good": [], "lapse": []}
    lapsed_at: int | None = None
    now, end = NOW, NOW + timedelta(days=60)
    while now < end:
        states = store.states()
        q = queue(cards, states, now, 10, new_seen_today(store, now))
        card = q.next
        if card is None:
            upcoming = next_due(states, now, card_ids=cards)
            assert upcoming is not None, "every reviewed card is scheduled again"
            now = upcoming
            continue
        rating = 3
        grown = intervals["lapse"] and intervals["lapse"][-1] > timedelta(days=14)
        if card == "lapse" and lapsed_at is None and grown:
            rating, lapsed_at = 1, len(intervals["lapse"])
        review(store, card, rating, now)
        after = store.get_state(card)
        if after.state == "review":
            intervals[card].append(after.due - now)
        now += timedelta(seconds=30)  # time to answer

    good = intervals["good"]
    assert len(good) >= 4
    assert all(later > earlier for earlier, later in zip(good, good[1:], strict=False)), good
    assert good[-1] > timedelta(days=14)

    lapse = intervals["lapse"]
    assert lapsed_at is not None, lapse
    before, after = lapse[lapsed_at - 1], lapse[lapsed_at]
    assert after < before, lapse
    ratings = [r.rating for r in store.review_log() if r.card_id == "lapse"]
    assert ratings.count(1) == 1
