"""The study day (04:00 to 04:00 local) across daylight-saving changes, in the user's
real zone: a day beside a change is 23 or 25 hours, and each review counts on the day
the user's own clock put it in."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import pytest

from salesops_drill import clock
from salesops_drill.paths import resolve_paths
from salesops_drill.scheduler import CardState
from salesops_drill.store import Store
from tests.helpers import run

zoneinfo = pytest.importorskip("zoneinfo")


def _zone(name: str):
    try:
        return zoneinfo.ZoneInfo(name)
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("no tz database")


@pytest.fixture
def local_zone(monkeypatch) -> Iterator[None]:
    """Sets the machine's zone (``TZ``) for one test, and puts it back afterwards."""

    def use(name: str) -> None:
        _zone(name)
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield use
    monkeypatch.undo()
    time.tzset()


#: (zone, a moment after a change, the local dates around it, the change's date).
#: New York springs forward at 02:00 on 2026-03-08; Berlin falls back at 03:00 on
#: 2025-10-26.
CHANGES = [
    ("America/New_York", "2026-03-11T15:00:00+00:00", (6, 7, 8, 9, 10), date(2026, 3, 8)),
    ("Europe/Berlin", "2025-10-29T12:00:00+00:00", (24, 25, 26, 27, 28), date(2025, 10, 26)),
]


def _local(zone, day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(
        timezone.utc
    )


@pytest.mark.parametrize(("name", "now", "days", "change"), CHANGES)
def test_the_heatmap_counts_reviews_on_their_local_study_day_across_a_clock_change(
    local_zone, monkeypatch, name, now, days, change
):
    """A review at 03:30 local belongs to the day before, one at 04:30 to its own day,
    on the days either side of the change as on the change's own day (one offset for
    the whole window put the reviews of the days before the change an hour off)."""
    local_zone(name)
    zone = _zone(name)
    monkeypatch.setenv("DRILL_NOW", now)
    expected: dict[str, int] = {}
    with Store.open(resolve_paths().progress_db) as store:
        for d in days:
            local_day = change.replace(day=d)
            for hour, minute, study in ((3, 30, local_day - timedelta(days=1)), (4, 30, local_day)):
                at = _local(zone, local_day, hour, minute)
                store.record_review(CardState.new(f"c-{d}-{hour}"), 3, at, 1000)
                expected[study.isoformat()] = expected.get(study.isoformat(), 0) + 1
    result = run("stats", "--json")
    assert result.exit_code == 0, result.stderr
    heatmap = {cell["date"]: cell["reviews"] for cell in json.loads(result.stdout)["heatmap"]}
    first, last = min(expected), max(expected)
    shown = {day: n for day, n in heatmap.items() if first <= day <= last and n}
    assert shown == expected
    # Every one of those days has a review: the streak runs back over the change.
    assert json.loads(result.stdout)["streak_days"] >= len(days)


# -- the clock's functions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "change", "hours"),
    [
        ("America/New_York", date(2026, 3, 8), 23),  # spring forward at 02:00
        ("America/New_York", date(2025, 11, 2), 25),  # fall back at 02:00
        ("Europe/Berlin", date(2025, 3, 30), 23),
        ("Europe/Berlin", date(2025, 10, 26), 25),
    ],
)
@pytest.mark.parametrize("machine", [False, True], ids=["given zone", "machine's zone"])
def test_study_days_beside_a_clock_change(local_zone, name, change, hours, machine):
    """The study day holding the change (from 04:00 the day before) is 23 or 25 hours;
    each starts at 04:00 local, in a zone given or as the machine's own (``TZ``)."""
    zone = _zone(name)
    local_zone(name if machine else "UTC")
    tz = None if machine else zone
    before = change - timedelta(days=1)
    start, end = clock.study_day_bounds(before, tz)
    assert end - start == timedelta(hours=hours)
    assert clock.study_day_bounds(change, tz)[1] - end == timedelta(hours=24)
    for day in (before, change):
        assert clock.study_day_start(day, tz).astimezone(zone).timetuple()[:5] == (
            *day.timetuple()[:3],
            4,
            0,
        )
    assert [d.day for d in clock.study_days(before, change, tz)] == [before, change]
    assert clock.study_days(before, change, tz)[0][1:] == (start, end)
    for moment, day in [
        (_local(zone, change, 3, 30), before),
        (_local(zone, change, 3, 59), before),
        (_local(zone, change, 4, 0), change),
        (_local(zone, before, 4, 0), before),
        (_local(zone, before, 3, 59), before - timedelta(days=1)),
        (end - timedelta(microseconds=1), before),
        (end, change),
    ]:
        assert clock.study_date(moment, tz) == day, moment
        assert clock.study_day(moment, tz) == clock.study_day_start(day, tz)
        assert clock.study_day_range(moment, tz) == clock.study_day_bounds(day, tz)


def test_study_date_at_the_edge_of_the_calendar_is_the_first_or_last_date():
    early = datetime(1, 1, 1, 1, tzinfo=timezone.utc)
    late = datetime(9999, 12, 31, 23, tzinfo=timezone.utc)
    assert clock.study_date(early, timezone(timedelta(hours=-5))) == date.min
    assert clock.study_date(late, timezone(timedelta(hours=5))) == date.max


def test_utc_offsets_list_each_change_to_the_second():
    zone = _zone("Europe/Berlin")
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    changes = clock.utc_offsets(start, datetime(2026, 1, 1, tzinfo=timezone.utc), zone)
    assert changes == [
        (start, timedelta(hours=1)),
        (datetime(2025, 3, 30, 1, tzinfo=timezone.utc), timedelta(hours=2)),
        (datetime(2025, 10, 26, 1, tzinfo=timezone.utc), timedelta(hours=1)),
    ]
    assert clock.utc_offsets(start, start, timezone.utc) == [(start, timedelta(0))]


@pytest.mark.parametrize("machine", [False, True], ids=["given zone", "machine's zone"])
def test_spaced_reviews_take_the_offset_in_force_at_each_review(local_zone, tmp_path, machine):
    """03:30 local the morning after 04:30 local is the same study day, before and after
    New York's clocks change (one offset for the whole log made it two days on one side)."""
    zone = _zone("America/New_York")
    local_zone("America/New_York" if machine else "UTC")
    tz = None if machine else zone
    with Store.open(tmp_path / "p.db") as store:
        for card, day in (("winter", date(2026, 3, 5)), ("summer", date(2026, 3, 10))):
            first = _local(zone, day, 4, 30)
            store.record_review(CardState.new(card), 3, first, 1000)
            store.record_review(
                CardState.new(card), 3, _local(zone, day + timedelta(days=1), 3, 30), 1000
            )
        assert store.spaced_reviews(tz) == 0
        store.record_review(CardState.new("summer"), 3, _local(zone, date(2026, 3, 11), 4, 0), 1000)
        assert store.spaced_reviews(tz) == 1


def test_spaced_reviews_over_years_of_clock_changes_match_dating_each_review(tmp_path):
    """Six clock changes in the log's span: each review is dated by the offset of its own
    moment, as walking each card's reviews with :func:`clock.study_date` has it."""
    import random

    zone = _zone("America/New_York")
    rng = random.Random(3)
    start = datetime(2023, 1, 1, tzinfo=timezone.utc)
    log = [
        (rng.choice("abcde"), start + timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 3)))
        for _ in range(400)
    ]
    # Many near 04:00 local, where an hour's error changes the day.
    log += [
        (card, _local(zone, at.date(), 3, 45) + timedelta(hours=hours))
        for card, at in log[:200]
        for hours in (0, 1)
    ]
    with Store.open(tmp_path / "p.db") as store:
        store.record_reviews((CardState.new(c), 3, at, None, "review") for c, at in log)
        expected = 0
        for card in "abcde":
            days = sorted({clock.study_date(at, zone) for c, at in log if c == card})
            expected += len(days) - 1
        assert store.spaced_reviews(zone) == expected


@pytest.mark.parametrize("name", ["America/New_York", "Europe/Berlin"])
def test_the_forecast_puts_each_due_card_on_its_local_study_day_across_clock_changes(
    local_zone, name
):
    """Due times every 20 minutes for three weeks, over a spring and an autumn change:
    each counts on the study day its own date gives (overdue ones today)."""
    from salesops_drill import stats

    local_zone(name)
    for now in (
        datetime(2026, 3, 1, 15, tzinfo=timezone.utc),
        datetime(2025, 10, 19, 2, 30, tzinfo=timezone.utc),
    ):
        dues = [now + timedelta(minutes=20 * i - 600) for i in range(21 * 72)]
        states = {
            f"c{i}": CardState(f"c{i}", "review", stability=3, due=due, last_review=now)
            for i, due in enumerate(dues)
        }
        today = clock.study_date(now)
        expected = [0] * stats.FORECAST_DAYS
        for due in dues:
            offset = max(0, (clock.study_date(due) - today).days)
            if offset < stats.FORECAST_DAYS:
                expected[offset] += 1
        got = stats.forecast(list(states), stats.schedules(states.values()), now)
        assert [n for _, n in got] == expected
        assert got[0][0] == today.isoformat()


@pytest.mark.parametrize("name", ["America/New_York", "Europe/Berlin", "Asia/Kathmandu", "UTC"])
def test_answers_go_to_their_own_study_week_across_clock_changes(local_zone, name):
    """Interview answers every 50 minutes for weeks over both changes of the year, in
    time order and shuffled: each week is the one its own study date gives."""
    import random

    from salesops_drill import stats

    local_zone(name)
    moments = [
        start + timedelta(minutes=50 * i)
        for start in (
            datetime(2026, 3, 1, 15, tzinfo=timezone.utc),
            datetime(2025, 10, 19, 2, 30, tzinfo=timezone.utc),
        )
        for i in range(3 * 7 * 29)
    ]
    moments += [datetime(1, 1, 2, tzinfo=timezone.utc), datetime(9999, 12, 30, tzinfo=timezone.utc)]
    shuffled = random.Random(3).sample(moments, len(moments))
    for order in (moments, shuffled):
        week_of = stats._Weeks()
        expected = []
        for at in order:
            day = clock.study_date(at)
            expected.append(day - timedelta(days=day.weekday()))
        assert [week_of(at) for at in order] == expected
