"""Store queries added for plans and fitting: config by prefix, timings, totals, scores."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from salesops_drill.scheduler import CardState
from salesops_drill.store import NewAnswer, Store

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def review(store: Store, card: str, at: datetime, ms: int | None, source: str = "review"):
    state = CardState(card, "review", None, 3.0, 5.0, at + timedelta(days=3), at)
    store.record_review(state, 3, at, ms, source=source)


def test_config_items_by_prefix_and_delete(store):
    store.set_config("goal:manager", "a")
    store.set_config("goal:analyst", "b")
    store.set_config("new_per_day", "10")
    assert store.config_items("goal:") == {"goal:analyst": "b", "goal:manager": "a"}
    assert store.delete_config("goal:manager") is True
    assert store.delete_config("goal:manager") is False
    assert store.config_items("goal:") == {"goal:analyst": "b"}
    assert store.get_config("new_per_day") == "10"


def test_review_durations_are_the_latest_timed_reviews_from_review(store):
    for i in range(5):
        review(store, f"c{i}", NOW + timedelta(minutes=i), 1000 * (i + 1))
    review(store, "untimed", NOW + timedelta(minutes=10), None)
    review(store, "asked", NOW + timedelta(minutes=11), 99_000, source="interview")
    assert store.review_durations(3) == [5000, 4000, 3000]
    assert store.review_durations(100) == [5000, 4000, 3000, 2000, 1000]


def test_spaced_reviews_count_reviews_on_a_later_day_than_the_cards_previous(store):
    assert store.spaced_reviews(timezone.utc) == 0
    review(store, "a", NOW, 1000)
    review(store, "a", NOW + timedelta(minutes=10), 1000)  # same day: not spaced
    review(store, "a", NOW + timedelta(days=2), 1000)  # spaced
    review(store, "b", NOW + timedelta(days=2), 1000)  # b's first
    # 02:00 UTC on the 5th belongs to the 4th's study day (days start at 04:00), b's last.
    review(store, "b", datetime(2026, 3, 5, 2, 0, tzinfo=timezone.utc), 1000)
    assert store.spaced_reviews(timezone.utc) == 1
    # Two hours east, 02:00 UTC is 04:00 local: the 5th's study day.
    assert store.spaced_reviews(timezone(timedelta(hours=2))) == 2
    review(store, "b", datetime(2026, 3, 5, 5, 0, tzinfo=timezone.utc), 1000)
    assert store.spaced_reviews(timezone.utc) == 2


def test_spaced_reviews_match_comparing_each_review_with_the_cards_one_before(store):
    """Counted as distinct (card, study day) pairs less one per card: the same number as
    walking each card's reviews in time order, whatever order they were written in."""
    import random

    from salesops_drill.clock import study_day

    rng = random.Random(7)
    log: list[tuple[str, datetime]] = []
    for _ in range(300):
        at = NOW + timedelta(minutes=rng.randrange(0, 60 * 24 * 20))
        log.append((rng.choice("abcdefg"), at))
    for card, at in log:  # written out of time order, as an import may
        review(store, card, at, 1000)
    for hours in (0, 2, -7, 13):
        zone = timezone(timedelta(hours=hours))
        expected = 0
        for card in set(c for c, _ in log):
            days = [study_day(at, zone) for c, at in sorted(log, key=lambda r: r[1]) if c == card]
            expected += sum(1 for before, day in zip(days, days[1:], strict=False) if day > before)
        assert store.spaced_reviews(zone) == expected


def test_answer_scores_are_the_graded_answers_of_the_roles_interviews(store):
    mine = store.start_session("manager", NOW, seed=1, planned=3, settings={})
    other = store.start_session("analyst", NOW, seed=2, planned=1, settings={})
    fields = dict(
        seconds_used=60.0,
        time_limit_s=180,
        over_time=False,
        self_rating=None,
        follow_up=None,
        follow_up_answer=None,
    )
    store.add_answer(NewAnswer(mine, 1, "q1", "x", NOW, feedback={"score": 40.0}, **fields))
    store.add_answer(
        NewAnswer(mine, 2, "q2", "x", NOW + timedelta(minutes=1), feedback={}, **fields)
    )
    store.add_answer(
        NewAnswer(mine, 3, "q3", "x", NOW + timedelta(minutes=2), feedback={"score": 75}, **fields)
    )
    store.add_answer(NewAnswer(other, 1, "q1", "x", NOW, feedback={"score": 99.0}, **fields))
    assert store.answer_scores("manager") == [
        (NOW, "q1", 40.0),
        (NOW + timedelta(minutes=2), "q3", 75.0),
    ]
