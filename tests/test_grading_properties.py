"""Property tests from issue 12: a list of key terms added to any answer buys (almost)
nothing, however it is dressed; the words of a strong answer shuffled lose most of its
coverage. On small hand-built questions and on real bank questions."""

from __future__ import annotations

import random
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesops_drill.bank import KeyPoint, ModelAnswer, Question
from salesops_drill.grading import grade
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths

#: How much a list of key terms may raise a score, in points.
LIST_GAIN_MAX = 3.0

ROLLOUT = Question(
    id="q-test-rollout",
    prompt="Tell me about a time you rolled out a process the reps resisted.",
    category="behavioral",
    roles=("manager",),
    difficulty=2,
    what_it_tests="Change management.",
    key_points=(
        KeyPoint("Stakeholder buy-in", ("buy-in", "stakeholder", "champion", "sponsor")),
        KeyPoint("Root cause of the resistance", ("root cause", "listened", "concerns")),
        KeyPoint("Pilot first", ("pilot", "test group", "phased rollout")),
        KeyPoint("Training and enablement", ("training", "enablement", "office hours")),
        KeyPoint("Measured result", ("adoption rate", "cycle time", "win rate")),
    ),
    model_answer=ModelAnswer(parts=(("steps", ("Piloted it.",)),)),
    follow_ups=(),
)

FORECASTING = Question(
    id="q-test-forecasting",
    prompt="How do you measure and improve forecast accuracy?",
    category="technical",
    roles=("analyst",),
    difficulty=2,
    what_it_tests="Forecast method.",
    key_points=(
        KeyPoint("Measure against actuals", ("forecast vs actual", "variance", "accuracy")),
        KeyPoint("Pipeline hygiene", ("pipeline hygiene", "close dates", "stale deals")),
        KeyPoint("Stage exit criteria", ("exit criteria", "stage definitions")),
        KeyPoint("Inspection cadence", ("forecast call", "deal review")),
        KeyPoint("Historical conversion", ("conversion rates", "weighted pipeline")),
    ),
    model_answer=ModelAnswer(parts=(("steps", ("Track forecast vs actual.",)),)),
    follow_ups=(),
)

ROLLOUT_STORY = (
    "At my last company, a 60-seat SaaS sales team, the reps pushed back hard on a new "
    "qualification step in Salesforce. I owned the rollout, and my goal was to get "
    "adoption above 80% within one quarter. First I sat down with eight reps to find the "
    "root cause of the resistance: the step added ten minutes per deal. So I cut the "
    "required fields from 14 to 6, and I piloted the new step with one team for three "
    "weeks. I recruited two senior reps as champions, which gave us real buy-in. Then I "
    "ran short training sessions and held weekly office hours for anyone who got stuck. "
    "As a result, adoption reached 91% in ten weeks, and the adoption rate has held since."
)

FORECAST_STORY = (
    "I measure forecast accuracy as forecast vs actual at the end of each quarter, and I "
    "track the weekly variance by team so we see drift early. To improve it, I start with "
    "pipeline hygiene: deals with past close dates get flagged before the forecast call. "
    "Then I agree stage exit criteria with sales leadership, so a stage-3 deal means the "
    "same thing in every region. Finally I weight the pipeline with historical conversion "
    "rates by stage and segment. At my last company this took our quarterly forecast "
    "error from 22% to 8% within three quarters."
)

#: Prose answers written for two real bank questions (their ids are permanent).
BANK_ANSWERS = {
    "q-mgr-process-change-opposition": (
        "When I was a sales ops manager, we replaced loose deal stages with a stage-gate "
        "process, and the senior reps pushed back because it looked like more admin. I "
        "listened to their concerns in small groups and found that the new fields doubled "
        "their data entry. I cut the required fields, recruited two respected reps as "
        "champions and ran a pilot with one region for four weeks. After the pilot I ran "
        "short training sessions with a one-page guide for every manager. Stage compliance "
        "rose from 45% to 92% within ten weeks, and forecast accuracy improved by 11 points."
    ),
    "q-an-role-scope": (
        "A sales ops analyst spends most of the week modelling and analysing sales data and "
        "building the sales reports that leaders read. The analyst builds the revenue "
        "forecast and projects demand and expenses for the plan. They assess rep "
        "performance with a scorecard that managers use in one-to-ones. They also follow "
        "market trends and turn them into actionable recommendations for product marketing. "
        "Unlike an entry-level rep, who mostly handles admin, the analyst is expected to "
        "interpret the numbers, usually with three years of experience."
    ),
}

OFF_TOPIC = (
    "Last spring I trained for my first marathon. I ran four mornings a week and cut my "
    "time from 4 hours 30 to 3 hours 55 by race day, which taught me a lot about habits."
)
VAGUE = (
    "Change is always hard for sales teams, so I think communication is the most "
    "important thing. You have to explain why the process matters and be patient."
)

#: Stock interview phrases a list of terms gets dressed in.
STOCK = (
    "At my last company, {}.",
    "My goal was {}.",
    "As a result, {}.",
    "I focused on {}.",
    "The situation was {}.",
    "My task was {}.",
    "In the end we had {}.",
    "The key action was {}.",
    "I worked on {} every week.",
)


@lru_cache(maxsize=1)
def _bank_questions() -> tuple[Question, ...]:
    lib = load_library(resolve_paths())
    found = tuple(q for qid in BANK_ANSWERS if (q := lib.question(qid)) is not None)
    assert len(found) == len(BANK_ANSWERS), "a bank question id went missing"
    return found


def _questions() -> list[tuple[Question, str]]:
    """(question, a strong prose answer to it)."""
    return [(ROLLOUT, ROLLOUT_STORY), (FORECASTING, FORECAST_STORY)] + [
        (q, BANK_ANSWERS[q.id]) for q in _bank_questions()
    ]


def _dress(terms: list[str], form: str, stock: list[int]) -> str:
    if form == "comma":
        return ", ".join(terms) + "."
    if form == "one-word sentences":
        return " ".join(t[:1].upper() + t[1:] + "." for t in terms)
    if form == "bullets":
        return "\n".join(f"- {t}" for t in terms)
    if form == "comma after a stock phrase":
        return f"At my last company, I focused on {', '.join(terms)}."
    # each term in a stock STAR phrase
    return " ".join(STOCK[k % len(STOCK)].format(t) for k, t in zip(stock, terms, strict=False))


@st.composite
def _answers(draw, strong: str) -> str:
    """Any answer: a real one, part of one, an off-topic or vague one, or any text."""
    kind = draw(st.sampled_from(["strong", "part", "off-topic", "vague", "empty", "text"]))
    if kind == "strong":
        return strong
    if kind == "part":
        sentences = strong.split(". ")
        keep = draw(st.lists(st.sampled_from(sentences), min_size=1, max_size=4, unique=True))
        return ". ".join(keep).rstrip(".") + "."
    if kind == "text":
        return draw(st.text(max_size=200))
    return {"off-topic": OFF_TOPIC, "vague": VAGUE, "empty": ""}[kind]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the same sample every run, so CI cannot flake
)
@given(data=st.data())
def test_a_list_of_key_terms_never_raises_a_score_by_more_than_a_few_points(data):
    q, strong = data.draw(st.sampled_from(_questions()), label="question")
    answer = data.draw(_answers(strong), label="answer")
    keywords = [kw for kp in q.key_points for kw in kp.keywords]
    terms = data.draw(
        st.one_of(
            st.just([kp.keywords[0] for kp in q.key_points]),  # the first term of each point
            st.just(keywords),  # every term
            st.lists(st.sampled_from(keywords), min_size=1, max_size=12),
        ),
        label="terms",
    )
    form = data.draw(
        st.sampled_from(
            ["comma", "one-word sentences", "bullets", "comma after a stock phrase", "stock"]
        ),
        label="form",
    )
    stock = data.draw(st.lists(st.integers(0, len(STOCK) - 1), min_size=len(terms)))
    listed = _dress(terms, form, stock)
    before = grade(q, answer).score
    after = grade(q, f"{answer}\n\n{listed}" if answer.strip() else listed).score
    assert after - before <= LIST_GAIN_MAX, (form, listed, before, after)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the same sample every run: CI never meets a lucky new shuffle
)
@given(data=st.data())
def test_shuffling_the_words_of_a_strong_answer_loses_most_of_its_coverage(data):
    q, strong = data.draw(st.sampled_from(_questions()), label="question")
    original = grade(q, strong).coverage
    # Uniform shuffles from a seed (hypothesis would shrink a permutation to the original
    # order, which is no shuffle at all). A shuffle can by chance leave a phrase whole,
    # so the property is about shuffles in general: on average most coverage is lost,
    # and no shuffle keeps all of it.
    seed = data.draw(st.integers(0, 2**32), label="seed")
    kept = []
    for k in range(SHUFFLES):
        words = strong.split()
        random.Random(seed + k).shuffle(words)
        kept.append(grade(q, " ".join(words)).coverage)
    assert sum(kept) / len(kept) <= original / 2, (kept, original)
    assert max(kept) < original, (kept, original)


SHUFFLES = 8


def test_the_strong_answers_are_strong():
    """The properties mean something only if the answers cover their points."""
    for q, strong in _questions()[:2]:
        assert grade(q, strong).coverage == 1.0, q.id
    for q, strong in _questions()[2:]:
        # bank content may be reworded; most of its points must still be found
        assert grade(q, strong).coverage >= 0.6, q.id
