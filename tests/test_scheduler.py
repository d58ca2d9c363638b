from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesops_drill.scheduler import CardState, Scheduler, format_interval

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def sched() -> Scheduler:
    return Scheduler(enable_fuzzing=False)


def test_new_card_is_new_with_nothing_scheduled():
    state = CardState.new("c1")
    assert state.state == "new"
    assert state.is_new
    assert (state.step, state.stability, state.difficulty, state.due, state.last_review) == (
        None,
        None,
        None,
        None,
        None,
    )


def test_fuzzing_is_on_by_default():
    assert Scheduler().enable_fuzzing is True
    assert Scheduler().desired_retention == 0.9


def test_good_on_a_new_card_starts_the_second_learning_step(sched):
    after = sched.review(CardState.new("c1"), 3, NOW)
    assert after.card_id == "c1"
    assert after.state == "learning"
    assert after.step == 1
    assert after.last_review == NOW
    assert after.due == NOW + timedelta(minutes=10)
    assert after.stability and after.difficulty


def test_again_on_a_new_card_comes_back_in_a_minute(sched):
    after = sched.review(CardState.new("c1"), 1, NOW)
    assert after.state == "learning"
    assert after.due == NOW + timedelta(minutes=1)


def test_easy_on_a_new_card_graduates_it(sched):
    after = sched.review(CardState.new("c1"), 4, NOW)
    assert after.state == "review"
    assert after.step is None
    assert after.due is not None and after.due - NOW >= timedelta(days=1)


def test_good_twice_graduates_to_review(sched):
    state = sched.review(CardState.new("c1"), 3, NOW)
    state = sched.review(state, 3, state.due)
    assert state.state == "review"
    assert state.due - state.last_review >= timedelta(days=1)


def test_again_on_a_review_card_relearns_it(sched):
    state = sched.review(CardState.new("c1"), 4, NOW)
    lapsed = sched.review(state, 1, state.due)
    assert lapsed.state == "relearning"
    assert lapsed.due == state.due + timedelta(minutes=10)


def test_review_returns_utc_for_any_aware_now(sched):
    plus2 = timezone(timedelta(hours=2))
    after = sched.review(CardState.new("c1"), 3, NOW.astimezone(plus2))
    assert after.last_review == NOW
    assert after.due.tzinfo == timezone.utc


def test_naive_now_is_refused(sched):
    with pytest.raises(ValueError, match="aware"):
        sched.review(CardState.new("c1"), 3, NOW.replace(tzinfo=None))


@pytest.mark.parametrize("rating", [0, 5, -1])
def test_rating_outside_1_to_4_is_refused(sched, rating):
    with pytest.raises(ValueError, match="1-4"):
        sched.review(CardState.new("c1"), rating, NOW)


def test_review_does_not_change_the_given_state(sched):
    state = sched.review(CardState.new("c1"), 3, NOW)
    copy = CardState(**vars(state))
    sched.review(state, 1, NOW + timedelta(minutes=10))
    assert state == copy


def test_preview_matches_what_each_rating_does(sched):
    state = sched.review(CardState.new("c1"), 3, NOW)
    later = NOW + timedelta(minutes=10)
    preview = sched.preview(state, later)
    assert sorted(preview) == [1, 2, 3, 4]
    for rating, due in preview.items():
        assert sched.review(state, rating, later).due == due


def test_preview_orders_again_before_easy(sched):
    preview = sched.preview(CardState.new("c1"), NOW)
    assert preview[1] < preview[2] < preview[3] < preview[4]


def test_preview_with_fuzzing_shows_the_unfuzzed_interval():
    fuzzed, plain = Scheduler(), Scheduler(enable_fuzzing=False)
    state = plain.review(plain.review(CardState.new("c1"), 3, NOW), 3, NOW + timedelta(minutes=10))
    when = state.due + timedelta(days=3)
    assert fuzzed.preview(state, when) == plain.preview(state, when)


def test_fuzzing_spreads_review_intervals():
    sched = Scheduler()
    state = Scheduler(enable_fuzzing=False).review(CardState.new("c1"), 4, NOW)
    when = state.due
    dues = {sched.review(state, 3, when).due for _ in range(40)}
    assert len(dues) > 1


def test_retrievability_is_zero_for_new_and_falls_with_time(sched):
    assert sched.retrievability(CardState.new("c1"), NOW) == 0.0
    state = sched.review(CardState.new("c1"), 4, NOW)
    soon = sched.retrievability(state, NOW + timedelta(days=1))
    late = sched.retrievability(state, NOW + timedelta(days=30))
    assert 0 < late < soon <= 1


def test_retrievability_near_the_target_when_due(sched):
    state = sched.review(sched.review(CardState.new("c1"), 3, NOW), 3, NOW + timedelta(minutes=10))
    state = sched.review(state, 3, state.due)  # a longer interval, so whole days matter less
    assert sched.retrievability(state, state.due) == pytest.approx(0.9, abs=0.03)


def test_recall_at_is_what_fsrs_gives_each_card_afresh():
    """One fsrs card reused for thousands gives each exactly what a card of its own
    would, in any order, whatever zone its times are in, fitted weights or not."""
    import random

    import fsrs

    fitted = [*fsrs.Scheduler().parameters]
    fitted[20] = 0.3  # another decay
    rng = random.Random(7)
    berlin = timezone(timedelta(hours=1))
    for weights in (None, fitted):
        sched = Scheduler(enable_fuzzing=False, parameters=weights)
        plain = fsrs.Scheduler(parameters=weights or fsrs.Scheduler().parameters)
        states = [CardState.new("never")]
        for i in range(300):
            state, at = CardState.new(f"c{i}"), NOW - timedelta(days=rng.randint(0, 400))
            for _ in range(rng.randint(1, 6)):
                state = sched.review(state, rng.randint(1, 4), at)
                at = max(at + timedelta(minutes=1), state.due)
            if i % 3 == 0:
                state = replace(state, last_review=state.last_review.astimezone(berlin))
            states.append(state)
        rng.shuffle(states)
        recall = sched.recall_at(NOW)
        for state in states:
            alone = fsrs.Card(
                card_id=0,
                state=fsrs.State.Review,
                stability=state.stability,
                last_review=state.last_review,
            )
            expected = 0.0 if state.is_new else plain.get_card_retrievability(alone, NOW)
            assert recall(state) == expected == sched.retrievability(state, NOW)


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=-5), "<1m"),
        (timedelta(0), "<1m"),
        (timedelta(seconds=59), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=5, seconds=30), "6m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=59, seconds=40), "1h"),
        (timedelta(hours=3), "3h"),
        (timedelta(hours=23, minutes=40), "1d"),
        (timedelta(days=1), "1d"),
        (timedelta(days=4), "4d"),
        (timedelta(days=12), "12d"),
        (timedelta(days=29), "29d"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=60), "2mo"),
        (timedelta(days=300), "10mo"),
        (timedelta(days=365), "1y"),
        (timedelta(days=475), "1.3y"),
        (timedelta(days=3650), "10y"),
    ],
)
def test_format_interval(delta, text):
    assert format_interval(delta) == text


# ---------------------------------------------------------------- Easy is always longer than Good

_STEPS = {"learning": (0, 1, 2), "relearning": (0, 1), "review": (None,)}


@st.composite
def card_states(draw) -> CardState:
    """Any state a card can be in: small to huge stability, reviewed seconds to years ago."""
    kind = draw(st.sampled_from(sorted(_STEPS)))
    elapsed = timedelta(seconds=draw(st.floats(1, 3e8)))
    return CardState(
        "c1",
        kind,
        draw(st.sampled_from(_STEPS[kind])),
        draw(st.floats(0.01, 40_000)),
        draw(st.floats(1, 10)),
        NOW - elapsed + timedelta(days=draw(st.floats(0, 400))),
        NOW - elapsed,
    )


RETENTIONS = {r: Scheduler(r, enable_fuzzing=False) for r in (0.7, 0.8, 0.9, 0.97, 0.99)}
FUZZED = Scheduler(0.9)


@settings(max_examples=400, deadline=None)
@given(card_states(), st.sampled_from(sorted(RETENTIONS)))
def test_easy_previews_strictly_longer_than_good_in_every_state(state, retention):
    previews = RETENTIONS[retention].preview(state, NOW)
    assert previews[4] > previews[3]
    if previews[3] - NOW >= timedelta(days=1):  # both in whole days: at least a day apart
        assert previews[4] - previews[3] >= timedelta(days=1)
    assert RETENTIONS[retention].review(state, 4, NOW).due == previews[4]  # as previewed


@settings(max_examples=200, deadline=None)
@given(card_states())
def test_easy_outcome_with_fuzz_is_still_longer_than_good(state):
    good = FUZZED.preview(state, NOW)[3]
    assert FUZZED.review(state, 4, NOW).due > good


@pytest.mark.parametrize(
    "state",
    [
        # a lapsed card with almost no stability: fsrs floors Good and Easy at one day
        CardState("c1", "relearning", 0, 0.05, 9.0, NOW, NOW - timedelta(minutes=10)),
        # a very stable card: fsrs caps both at its maximum interval
        CardState("c1", "review", None, 37_000.0, 2.0, NOW, NOW - timedelta(days=3)),
    ],
    ids=["floor", "cap"],
)
def test_easy_gets_a_day_more_where_fsrs_gives_both_the_same(sched, state):
    previews = sched.preview(state, NOW)
    assert previews[4] - previews[3] == timedelta(days=1)
    assert sched.review(state, 4, NOW).due == previews[4]


def test_a_lapsed_card_shows_good_1d_easy_2d(sched):
    state = CardState("c1", "relearning", 0, 0.05, 9.0, NOW, NOW - timedelta(minutes=10))
    shown = {r: format_interval(due - NOW) for r, due in sched.preview(state, NOW).items()}
    assert (shown[3], shown[4]) == ("1d", "2d")


def test_a_remembered_unfuzzed_rating_is_what_fsrs_gives_afresh():
    """Many cards walked through the same scheduler (its memo warm, some histories
    alike, some not) end exactly where a new scheduler for every rating puts them."""
    import random

    from salesops_drill import scheduler as scheduler_module

    rng = random.Random(7)
    warm = Scheduler(enable_fuzzing=False)
    start = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    for card in range(60):
        state, at = CardState.new(f"c{card}"), start
        for _ in range(12):
            rating = rng.choice((1, 2, 3, 3, 3, 4)) if card % 3 else 3
            fresh = Scheduler(enable_fuzzing=False).review(state, rating, at)
            assert warm.review(state, rating, at) == fresh
            assert warm.preview(state, at) == Scheduler(enable_fuzzing=False).preview(state, at)
            state = fresh
            step = (state.due - at) if card % 2 else timedelta(days=rng.randint(0, 40))
            at = at + step + timedelta(minutes=rng.choice((0, 0, 7, 90)))
    assert 0 < len(warm._memo) <= scheduler_module.MEMO_SIZE
