"""End-of-session and nothing-due text of ``drill review``."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from salesops_drill.review import Summary
from salesops_drill.ui.render_review import nothing_due, summary_text, when

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def summary(**kw) -> Summary:
    base = dict(
        reviewed=20,
        correct=18,
        new=20,
        seconds=300,
        next_due=None,
        learning_later=0,
        new_today=20,
        new_room=0,
        new_left=30,
    )
    base.update(kw)
    return Summary(**base)


def test_the_end_of_session_hint_offers_n_more_new_cards():
    text = summary_text(summary(), NOW).plain
    assert "20 new cards done today; 'drill review --new 5' for 5 more." in text


def test_the_hint_repeats_the_filters_and_offers_no_more_than_are_left():
    text = summary_text(summary(new_left=2), NOW, "drill review --role vp --tag kpi").plain
    assert "'drill review --role vp --tag kpi --new 2' for 2 more." in text


def test_no_hint_while_new_cards_are_still_allowed_or_none_are_left():
    assert "--new" not in summary_text(summary(new_room=3), NOW).plain
    assert "--new" not in summary_text(summary(new_left=0), NOW).plain
    assert "--new" not in nothing_due(summary(new_left=0), NOW).plain
    assert "No new cards left" in nothing_due(summary(new_left=0), NOW).plain


def test_nothing_due_says_how_to_get_more_new_cards():
    text = nothing_due(summary(reviewed=0, new_today=1), NOW).plain
    assert "1 new card done today; 'drill review --new 5' for 5 more." in text
    assert "drill config set new_per_day N" in text


# ---------------------------------------------------------------- when the next card is due

PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("due", "shown"),
    [
        (NOW + timedelta(minutes=10), "in 10m (10:10)"),
        (NOW + timedelta(hours=11, minutes=36), "in 12h (21:36)"),  # still today in Paris
        (NOW + timedelta(hours=14, minutes=59), "tomorrow 00:59"),  # past local midnight
        (NOW + timedelta(days=1, hours=11, minutes=36), "tomorrow 21:36"),
        (datetime(2026, 3, 5, 20, 36, tzinfo=timezone.utc), "Thu 5 Mar 21:36 (in 3d)"),
        (datetime(2026, 4, 3, 8, 0, tzinfo=timezone.utc), "Fri 3 Apr 10:00 (in 1.1mo)"),
        (datetime(2027, 1, 4, 8, 0, tzinfo=timezone.utc), "Mon 4 Jan 2027 09:00 (in 10.3mo)"),
    ],
)
def test_when_gives_the_day_unless_it_is_today(due, shown):
    assert when(due, NOW, PARIS) == shown


def test_when_follows_the_calendar_of_the_zone_not_24_hours():
    late = datetime(2026, 3, 2, 22, 0, tzinfo=timezone.utc)  # 23:00 in Paris
    due = late + timedelta(minutes=90)
    assert when(due, late, PARIS) == "tomorrow 00:30"
    assert when(due, late, timezone.utc) == "in 2h (23:30)"
    assert when(None, late, PARIS) == "no card is scheduled yet"


def test_summary_and_nothing_due_name_the_day():
    due = NOW + timedelta(days=1, hours=11, minutes=36)
    done = summary(next_due=due, new_room=5)
    assert "Next card due tomorrow 21:36." in summary_text(done, NOW, tz=PARIS).plain
    assert "Next card due tomorrow 21:36." in nothing_due(done, NOW, tz=PARIS).plain
