"""The review session core with a real store and an injected clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from salesops_drill.review import (
    Deck,
    ReviewCard,
    ReviewSession,
    from_card,
    from_question,
    select_cards,
    select_deck,
)
from salesops_drill.scheduler import Scheduler
from salesops_drill.store import Store

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


def cards(n: int) -> list[ReviewCard]:
    return [
        ReviewCard(f"c-{i}", "card", f"front {i}", f"back {i}", ("rep",), ("t",)) for i in range(n)
    ]


def session(store, deck, clock, **kw) -> ReviewSession:
    return ReviewSession(store, Scheduler(enable_fuzzing=False), deck, clock, **kw)


def test_each_rating_is_committed_before_the_next_card(store, tmp_path):
    clock = Clock()
    s = session(store, cards(3), clock)
    first = s.current.id
    clock.advance(seconds=7)
    s.rate(3)
    with Store.open(tmp_path / "progress.db") as other:  # another connection sees it
        assert other.get_state(first) is not None
        assert [(r.card_id, r.rating, r.duration_ms) for r in other.review_log()] == [
            (first, 3, 7000)
        ]
    assert s.current.id != first


def test_new_cards_per_day_counted_across_sessions(store):
    clock = Clock()
    s = session(store, cards(10), clock, new_per_day=3)
    assert s.counts["new"] == 3
    s.rate(4)
    s.rate(4)
    later = session(store, cards(10), clock, new_per_day=3)
    assert later.counts["new"] == 1
    clock.advance(days=1)
    tomorrow = session(store, cards(10), clock, new_per_day=3)
    assert tomorrow.counts["new"] == 3


def test_limit_caps_the_session(store):
    s = session(store, cards(10), Clock(), limit=2)
    s.rate(4)
    s.rate(4)
    assert s.current is None


def test_learning_card_comes_back_in_the_same_session(store):
    clock = Clock()
    s = session(store, cards(1), clock)
    s.rate(1)  # Again: due in a minute
    assert s.current is not None and s.current.id == "c-0"  # learn-ahead: nothing else left
    s.rate(3)
    s.rate(3)
    assert s.current is None  # graduated to days away


def test_undo_restores_state_and_shows_the_card_again(store):
    clock = Clock()
    s = session(store, cards(3), clock)
    first = s.current.id
    s.rate(3)
    assert s.undo() is True
    assert s.current.id == first
    assert store.get_state(first) is None and store.review_log() == []
    assert s.undo() is False


def test_undo_only_touches_this_sessions_ratings(store):
    clock = Clock()
    mine = session(store, cards(2), clock)
    other = session(store, [ReviewCard("x-1", "card", "f", "b", ("rep",), ())], clock)
    mine.rate(3)
    other.rate(3)
    assert mine.undo() is True
    assert store.get_state("x-1") is not None


def test_undo_after_a_restore_from_another_shell_leaves_the_restored_reviews(store, tmp_path):
    """A restore resets the log's ids, so "the review with id N" may now be another one."""
    from salesops_drill.exchange.backup import backup, restore
    from salesops_drill.scheduler import CardState

    elsewhere = tmp_path / "elsewhere.db"
    with Store.open(elsewhere) as other:
        for i in range(3):
            when = START - timedelta(days=1, minutes=i)
            other.record_review(CardState.new(f"b-{i}"), 4, when, None)
    saved = tmp_path / "backup.db"
    backup(elsewhere, saved)

    s = session(store, cards(3), Clock())
    s.rate(3)  # review log id 1 in the live store
    restore(store.path, saved, START)  # from another terminal, mid-session
    before = store.review_log()
    assert [r.id for r in before] == [3, 2, 1]  # id 1 is now a restored review of b-0
    assert s.undo() is False
    assert store.review_log() == before
    assert store.get_state("b-0") is not None


def test_summary(store):
    clock = Clock()
    s = session(store, cards(4), clock)
    s.rate(3)
    clock.advance(seconds=30)
    s.rate(1)
    summary = s.summary()
    assert (summary.reviewed, summary.correct, summary.new) == (2, 1, 2)
    assert summary.seconds == 30
    assert summary.next_due is not None and summary.next_due > clock.now


def test_intervals_grow_for_good_and_shrink_for_again_over_simulated_days(store):
    """Review every day for two months: a card always rated Good gets ever longer gaps;
    a card that lapses (rated Again once it had grown) comes back sooner."""
    clock = Clock()
    deck = cards(2)
    good, lapse = "c-0", "c-1"
    gaps: dict[str, list[float]] = {good: [], lapse: []}
    lapsed = False
    for _day in range(90):
        s = session(store, deck, clock)
        while s.current is not None:
            cid = s.current.id
            rating = 3
            before = store.get_state(cid)
            if (
                cid == lapse
                and before
                and before.stability
                and before.stability > 10
                and not lapsed
            ):
                rating, lapsed = 1, True
            s.rate(rating)
            after = store.get_state(cid)
            gaps[cid].append((after.due - clock.now).total_seconds() / 86400)
        clock.advance(days=1)
    long_good = [g for g in gaps[good] if g >= 1]
    assert long_good == sorted(long_good) and long_good[-1] > 30
    assert lapsed
    lapse_gaps = gaps[lapse]
    drop = next(i for i in range(1, len(lapse_gaps)) if lapse_gaps[i] < lapse_gaps[i - 1])
    assert lapse_gaps[drop] < 1  # back in minutes after Again
    assert max(lapse_gaps[:drop]) > 10


def test_a_deck_reads_only_the_cards_shown(store):
    """drill review's deck: 500 cards chosen by id, each read when it comes up."""
    made = {c.id: c for c in cards(500)}
    read: list[str] = []

    def load(card_id: str) -> ReviewCard:
        read.append(card_id)
        return made[card_id]

    clock = Clock()
    s = session(store, Deck(list(made), load), clock, new_per_day=5)
    shown = [s.current]
    for rating in (1, 3, 3):
        s.rate(rating)
        shown.append(s.current)  # as the screen shows each
    assert all(c == made[c.id] for c in shown)
    assert read == list(dict.fromkeys(c.id for c in shown))  # each shown card once
    assert s.summary().new_left == 500 - len({r.card_id for r in s.rated})


def test_a_deck_orders_cards_as_the_library_does():
    """The order worked out from the library itself, card by card: cards of the filter
    by their earliest topic, two to each question of the filter."""
    from salesops_drill.contentindex import ContentIndex

    lib = load_library(resolve_paths())
    index = ContentIndex.of(lib)
    topic = {tag: n for n, tag in enumerate(lib.topic_order)}
    for role, category, tag in [
        (None, None, None),
        ("manager", None, None),
        (None, None, "kpi"),
        ("analyst", "behavioral", None),
        ("vp", None, "technical"),
    ]:
        cards = [
            c
            for c in lib.cards
            if not category and (role is None or role in c.roles) and (tag is None or tag in c.tags)
        ]
        cards.sort(key=lambda c: min((topic[t] for t in c.tags if t in topic), default=len(topic)))
        questions = [
            q
            for q in lib.questions
            if (not category or q.category == category)
            and (role is None or role in q.roles)
            and (tag is None or q.category == tag)
        ]
        expected = []
        while cards or questions:
            expected += [from_card(c) for c in cards[:2]] + [
                from_question(q) for q in questions[:1]
            ]
            cards, questions = cards[2:], questions[1:]
        deck = select_deck(index, role, category, tag)
        assert expected and deck.ids == [c.id for c in expected]
        assert [deck.card(c.id) for c in expected[:40]] == expected[:40]
        assert select_cards(lib, role, category, tag) == expected


def test_a_card_gone_from_the_content_since_the_session_chose_it_says_so():
    """The content changed under a running session (a bank edited and the cache rebuilt
    by another drill): the card still shows, saying what happened, never a crash."""
    from salesops_drill.contentindex import ContentIndex

    lib = load_library(resolve_paths())
    index = ContentIndex.of(lib)
    gone = ContentIndex(
        index.roles, index.cards, index.questions, topic_order=index.topic_order
    )  # its items cannot be read: as if removed since
    deck = select_deck(gone, "manager")
    assert deck.ids == select_deck(index, "manager").ids
    card = deck.card(deck.ids[0])
    assert card.id == deck.ids[0] and "no longer in the content" in card.front


def test_select_cards_filters_and_interleaves():
    lib = load_library(resolve_paths())
    manager = select_cards(lib, role="manager")
    assert manager and all("manager" in c.roles for c in manager)
    assert {c.kind for c in manager[:6]} == {"card", "question"}
    behavioral = select_cards(lib, category="behavioral")
    assert behavioral and all(
        c.kind == "question" and c.tags == ("behavioral",) for c in behavioral
    )
    kpi = select_cards(lib, tag="kpi")
    assert kpi and all("kpi" in c.tags for c in kpi)


def test_question_card_back_has_key_points_and_model_answer():
    lib = load_library(resolve_paths())
    q = next(q for q in lib.questions if q.category == "behavioral")
    back = from_question(q).back
    assert back.startswith("Key points:")
    for kp in q.key_points:
        assert kp.label in back
    assert "Result:" in back or "Result" in back


def test_new_concept_cards_start_with_foundations():
    lib = load_library(resolve_paths())
    first_cards = [c for c in select_cards(lib) if c.kind == "card"][:5]
    assert all({"comparison", "functions"} & set(c.tags) for c in first_cards)


# ---------------------------------------------------------------- --new N: more than the limit


def test_extra_new_gives_that_many_more_after_the_daily_limit_is_used_up(store):
    clock = Clock()
    s = session(store, cards(40), clock, new_per_day=20)
    for _ in range(20):
        s.rate(4)
    assert s.current is None
    done = s.summary()
    assert (done.new_today, done.new_room, done.new_left) == (20, 0, 20)
    assert done.new_used_up
    assert session(store, cards(40), clock, new_per_day=20).current is None  # as before
    more = session(store, cards(40), clock, new_per_day=20, extra_new=5)
    assert more.counts["new"] == 5
    for _ in range(5):
        more.rate(4)
    assert more.current is None
    assert more.summary().new_today == 25
    again = session(store, cards(40), clock, new_per_day=20, extra_new=5)
    assert again.counts["new"] == 5  # five more again, not "25 allowed, 25 done"


def test_extra_new_adds_to_what_is_left_of_the_day(store):
    clock = Clock()
    first = session(store, cards(40), clock, new_per_day=10)
    for _ in range(4):
        first.rate(4)
    s = session(store, cards(40), clock, new_per_day=10, extra_new=3)
    assert s.counts["new"] == 6 + 3
    assert not s.summary().new_used_up


def test_extra_new_stops_at_the_cards_there_are(store):
    s = session(store, cards(4), Clock(), new_per_day=0, extra_new=10)
    assert s.counts["new"] == 4
    for _ in range(4):
        s.rate(4)
    assert s.current is None
    done = s.summary()
    assert done.new_left == 0 and not done.new_used_up


def test_new_per_day_zero_gives_no_new_cards_without_extra(store):
    s = session(store, cards(4), Clock(), new_per_day=0)
    assert s.current is None
    assert s.summary().new_used_up and s.summary().new_today == 0


def test_suspended_cards_never_appear_in_review(store):
    clock = Clock()
    first = session(store, cards(3), clock)
    first.rate(1)  # c-0 is now a learning card, due in a minute
    store.suspend("c-0", clock.now)
    store.suspend("c-2", clock.now)  # never reviewed: suspended while new
    clock.advance(days=3)  # c-0 long overdue
    s = session(store, cards(3), clock)
    shown = []
    while s.current is not None:
        shown.append(s.current.id)
        s.rate(4)
        clock.advance(days=30)
    assert set(shown) == {"c-1"}
    assert store.get_state("c-2") is None  # suspending left it new
    store.unsuspend("c-0")
    back = session(store, cards(3), clock)
    assert back.current is not None and back.current.id == "c-0"
