"""A review session working toward a goal, on a real store with an injected clock."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import pytest

from salesops_drill import goals, planning
from salesops_drill.contentindex import ContentIndex
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from salesops_drill.review import select_cards
from salesops_drill.scheduler import CardState
from salesops_drill.store import Store

UTC = timezone.utc
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    import os

    old = os.environ.get("DRILL_HOME")
    os.environ["DRILL_HOME"] = str(tmp_path_factory.mktemp("home"))
    try:
        yield load_library(resolve_paths())
    finally:
        if old is not None:
            os.environ["DRILL_HOME"] = old


def manager_cards(lib):
    return select_cards(lib, "manager")


def put(store: Store, cid: str, stability: float, last: datetime, due: datetime, ms=10_000):
    store.record_review(CardState(cid, "review", None, stability, 5.0, due, last), 3, last, ms)


def test_without_a_goal_review_is_as_before(store, lib):
    session, toward = planning.start_review(
        store, ContentIndex.of(lib), manager_cards(lib), "manager", Clock(), tz=UTC
    )
    assert toward is None and session.order is None and session.new_per_day == 20


def test_a_goal_sets_todays_new_cards_from_the_days_left(store, lib):
    cards = manager_cards(lib)
    goals.save(store, goals.Goal("manager", date(2026, 3, 16)))
    session, toward = planning.start_review(
        store, ContentIndex.of(lib), cards, "manager", Clock(), tz=UTC
    )
    assert toward is not None and toward.days_left == 14 and not toward.late
    assert session.new_per_day == math.ceil(len(cards) / 7) == 29
    assert toward.mock_due  # no mock interview yet
    # --new 5 brings five more on top of the goal's number, and a goal for another role
    # changes nothing here.
    session, _ = planning.start_review(
        store, ContentIndex.of(lib), cards, "manager", Clock(), extra_new=5, tz=UTC
    )
    assert session.new_per_day == 29 and session.new_limit == 34
    other, none = planning.start_review(
        store, ContentIndex.of(lib), cards, "analyst", Clock(), tz=UTC
    )
    assert none is None and other.new_per_day == 20


def test_new_cards_already_seen_today_count_toward_the_goals_number(store, lib):
    cards = manager_cards(lib)
    goals.save(store, goals.Goal("manager", date(2026, 3, 16)))
    clock = Clock()
    session, _ = planning.start_review(store, ContentIndex.of(lib), cards, "manager", clock, tz=UTC)
    for _ in range(10):
        clock.now += timedelta(seconds=10)
        session.rate(3)
    again, _ = planning.start_review(store, ContentIndex.of(lib), cards, "manager", clock, tz=UTC)
    assert again.new_per_day == 29  # the same total for the day, not 29 more


def test_in_the_last_days_the_weakest_on_the_day_come_first_even_if_not_due(store, lib):
    cards = manager_cards(lib)
    x, y, z = (c.id for c in cards[:3])
    day = timedelta(days=1)
    put(store, x, 30.0, NOW - 20 * day, NOW - timedelta(hours=1))  # due, strong
    put(store, y, 2.0, NOW - 1.5 * day, NOW + 2 * day)  # not due, weak by tomorrow
    put(store, z, 1.0, NOW - 3 * day, NOW - timedelta(hours=2))  # due, weakest
    clock = Clock()

    plain, _ = planning.start_review(store, ContentIndex.of(lib), cards, "manager", clock, tz=UTC)
    assert plain.current.id == z
    plain.rate(3)
    assert plain.current.id == x  # then new cards: y is not due
    store.undo_review(plain.rated[-1].log_id)

    goals.save(store, goals.Goal("manager", date(2026, 3, 3)))  # tomorrow
    session, toward = planning.start_review(
        store, ContentIndex.of(lib), cards, "manager", clock, tz=UTC
    )
    assert toward.late and toward.days_left == 1
    shown = []
    for _ in range(3):
        shown.append(session.current.id)
        clock.now += timedelta(seconds=20)
        session.rate(3)
    assert shown == [z, y, x]
    assert session.current.id not in (x, y, z)  # then the new cards


def test_suspended_cards_are_left_out_of_the_plan_and_its_order(store, lib):
    cards = manager_cards(lib)
    goals.save(store, goals.Goal("manager", date(2026, 3, 16)))
    for card in cards[:14]:
        store.suspend(card.id, NOW)
    _, toward = planning.start_review(
        store, ContentIndex.of(lib), cards, "manager", Clock(), tz=UTC
    )
    # 188 cards left to introduce over the 7 days before the last week.
    assert toward.new_per_day == math.ceil((len(cards) - 14) / 7) == 27
    report = planning.report(store, lib, toward.goal, NOW, UTC)
    assert report.total == len(cards) - 14 and report.new_today == 27

    # In the last days a weak suspended card is not brought forward, nor shown.
    x, y = cards[0].id, cards[20].id  # x suspended, y not
    day = timedelta(days=1)
    put(store, x, 1.0, NOW - 1.5 * day, NOW + 2 * day)
    put(store, y, 2.0, NOW - 1.5 * day, NOW + 2 * day)
    goals.save(store, goals.Goal("manager", date(2026, 3, 3)))  # tomorrow
    session, toward = planning.start_review(
        store, ContentIndex.of(lib), cards, "manager", Clock(), tz=UTC
    )
    assert toward.late and session.current.id == y
    assert session.summary().reviewed == 0 and session.counts["review"] == 1


def test_the_report_shows_where_the_goal_stands(store, lib):
    cards = manager_cards(lib)
    goal = goals.Goal("manager", date(2026, 3, 16), 30)
    goals.save(store, goal)
    empty = planning.report(store, lib, goal, NOW, UTC)
    assert (empty.seen, empty.total, empty.days_left) == (0, len(cards), 14)
    assert empty.recall_stop == 0 and empty.recall_plan > 0.8
    assert empty.new_today == 29 and not empty.measured
    assert empty.minutes_today == pytest.approx(
        empty.days[0].presentations * empty.seconds_per_card / 60
    )
    for i, card in enumerate(cards[:25]):
        put(store, card.id, 5.0, NOW - timedelta(days=1, minutes=i), NOW + timedelta(days=4), 8000)
    sid = store.start_session("manager", NOW - timedelta(days=1), 1, 5, {})
    store.finish_session(sid, NOW - timedelta(days=1), 62.0)
    later = planning.report(store, lib, goal, NOW, UTC)
    assert later.seen == 25 and later.recall_stop > 0
    assert later.measured and later.seconds_per_card == 8.0
    assert later.mocks.done == 1 and later.mocks.scores == [62.0]
    assert not later.mocks.due_today  # yesterday's; the next in three days
    assert later.mocks.days[0] == date(2026, 3, 4)
    assert later.to_dict()["cards_seen"] == 25


def test_a_goal_session_follows_the_goal_order_card_by_card_as_build_queue_gives_it(store, lib):
    """The session keeps its fast queue for ordinary days; in a goal's last days every
    pick must be what build_queue + GoalOrder.arrange give over all the role's states."""
    from salesops_drill.review_queue import build_queue

    cards = manager_cards(lib)
    day = timedelta(days=1)
    for i, card in enumerate(cards[:12]):  # a mix: due and not, weak and strong
        due = NOW + (i % 4 - 2) * day + timedelta(hours=i)
        put(store, card.id, 1.0 + i, NOW - (3 + i % 5) * day, due)
    goals.save(store, goals.Goal("manager", date(2026, 3, 4)))  # two days left
    clock = Clock()
    session, toward = planning.start_review(
        store, ContentIndex.of(lib), cards, "manager", clock, limit=9, tz=UTC
    )
    assert toward.late and session.order is not None
    ids = [c.id for c in session.cards]
    checked = 0
    while session.current is not None:
        room = 9 - len(session.rated)
        states = store.states(ids)
        expected = build_queue(
            ids,
            states,
            clock.now,
            session.scheduler,
            new_limit=session.new_limit,
            new_seen_today=store.new_cards_seen_between(*_day(clock.now)),
            limit=room,
        )
        expected = session.order.arrange(expected, ids, states, clock.now, room)
        assert session.current.id == expected.next
        assert session.counts == expected.counts
        clock.now += timedelta(seconds=30)
        session.rate(3 if checked % 3 else 1)
        checked += 1
    assert checked == 9


def _day(now):
    from salesops_drill.clock import study_day_range

    return study_day_range(now)


def introduced(store: Store, ids: list[str]) -> int:
    return sum(1 for s in store.states(ids).values() if not s.is_new)


@pytest.mark.parametrize("minutes", [8, 40])
def test_each_day_review_brings_the_new_cards_the_plan_shows_for_today(store, lib, minutes):
    """`drill review` with a goal, day after day (all cards rated Good): the new cards it
    introduces are the chart's for today, with minutes too few for every card in time
    (8: some never fit) and with minutes that fit the last ones only late (40)."""
    cards = manager_cards(lib)
    ids = [c.id for c in cards]
    goal = goals.Goal("manager", date(2026, 3, 6), minutes)  # 4 days: 2 of them new cards
    goals.save(store, goal)
    clock = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    first = planning.report(store, lib, goal, clock.now, UTC)
    short = first.shortfall
    assert short is not None and short.after_deadline > 0
    assert (short.left_out > 0) == (minutes == 8)
    for day in range(4):
        clock.now = datetime(2026, 3, 2 + day, 9, 0, tzinfo=UTC)
        plan_today = planning.report(store, lib, goal, clock.now, UTC)
        assert plan_today.new_today == plan_today.days[0].new
        before = introduced(store, ids)
        session, toward = planning.start_review(
            store, ContentIndex.of(lib), cards, "manager", clock, tz=UTC
        )
        assert toward is not None and toward.new_per_day == plan_today.new_today
        while session.current is not None:
            clock.now += timedelta(seconds=15)
            session.rate(3)
        assert introduced(store, ids) - before == plan_today.new_today
        # Later the same day the plan counts what was done: a second session brings what
        # it then shows (a few more when the cards took less time than forecast).
        again = planning.report(store, lib, goal, clock.now, UTC)
        before = introduced(store, ids)
        session, toward = planning.start_review(
            store, ContentIndex.of(lib), cards, "manager", clock, tz=UTC
        )
        assert toward.new_per_day == plan_today.new_today + again.new_today
        while session.current is not None:
            clock.now += timedelta(seconds=15)
            session.rate(3)
        assert introduced(store, ids) - before == again.new_today
