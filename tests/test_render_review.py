"""End-of-session and nothing-due text of ``drill review``."""

from __future__ import annotations

from datetime import datetime, timezone

from salesops_drill.review import Summary
from salesops_drill.ui.render_review import nothing_due, summary_text

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
