"""An answer to another question earns little: the bank's topic model (grading.relevance)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from salesops_drill.bank import KeyPoint, ModelAnswer, Question
from salesops_drill.grading import Feedback, TopicModel, grade
from salesops_drill.interview import InterviewSession
from salesops_drill.interview_questions import Plan
from salesops_drill.library import load_library
from salesops_drill.paths import Paths
from salesops_drill.scheduler import Scheduler
from tests.helpers import run, write

OWN_WORDS = Path(__file__).resolve().parents[1] / "benchmarks" / "own_words.yaml"

MARATHON = (
    "Last spring I trained for my first half marathon. I started at 25 kilometres a week "
    "and built up slowly, with one long run every Sunday and two short ones in between. "
    "Around week eight my knee started hurting, so I saw a physio, swapped one run for "
    "cycling and added strength work twice a week. My sister paced me through the last "
    "long runs and we tried gels and breakfast timing before the race. On the day I held "
    "back for the first ten kilometres, finished in just under two hours, and I have kept "
    "running three times a week since then."
)


def _question(qid: str, prompt: str, points: tuple[KeyPoint, ...], summary: str) -> Question:
    return Question(
        id=qid,
        prompt=prompt,
        category="situational",
        roles=("analyst",),
        difficulty=2,
        what_it_tests=summary,
        key_points=points,
        model_answer=ModelAnswer(parts=(("steps", (summary,)),), summary=summary),
        follow_ups=(),
    )


SEGMENTS = _question(
    "q-segments",
    "Where is the best untapped growth, and which segments should we target next?",
    (
        KeyPoint(
            "Segments the market",
            ("segment", "market sizing"),
            ("split the accounts by industry",),
        ),
    ),
    "Sizing the market by industry and company size and ranking untapped segments.",
)
COMMISSIONS = _question(
    "q-commissions",
    "A rep says their commission statement is wrong. How do you handle the dispute?",
    (KeyPoint("Checks the plan", ("plan document", "crediting rules"), ("reread the plan",)),),
    "Resolving a commission dispute against the plan document and crediting rules.",
)
FORECAST = _question(
    "q-forecast",
    "How would you make the quarterly revenue forecast more accurate?",
    (KeyPoint("Measures accuracy", ("forecast accuracy",), ("compare forecast to actuals",)),),
    "Forecast accuracy: comparing the call with actual bookings and fixing bias.",
)
BANK = (SEGMENTS, COMMISSIONS, FORECAST)

#: An answer to the commission question that happens to say "segment" once.
COMMISSION_ANSWER = (
    "First I would reread the plan with the rep and pull the crediting rules for the deal. "
    "The statement had put the deal in the wrong segment, so the commission rate applied "
    "was the mid-market one instead of the enterprise one. I checked the split with the "
    "overlay rep, confirmed the booking date against the contract and recalculated the "
    "payout line by line. Then I corrected the crediting, paid the difference in the next "
    "payroll run and told the rep and their manager what had happened and why. Finally I "
    "asked finance to add a check on deal classification before statements go out, so "
    "the same dispute does not come back next quarter."
)


def test_an_answer_is_on_topic_for_its_own_question_and_off_for_another() -> None:
    model = TopicModel(BANK)
    assert model.fit("q-commissions", COMMISSION_ANSWER).on_topic
    off = model.fit("q-segments", COMMISSION_ANSWER)
    assert not off.on_topic
    assert off.similarity < off.best


def test_off_topic_a_shared_word_covers_nothing_but_a_paraphrase_still_does() -> None:
    model = TopicModel(BANK)
    # Without the bank, "segment" alone covers the point.
    assert [h.label for h in grade(SEGMENTS, COMMISSION_ANSWER).covered] == ["Segments the market"]
    fb = grade(SEGMENTS, COMMISSION_ANSWER, topics=model)
    assert fb.off_topic and fb.covered == [] and fb.missed == ["Segments the market"]
    assert fb.tips[0] == "Answer the question asked: little of this answer is about it."
    # Said outright, with a paraphrase, a point counts even in an answer mostly elsewhere.
    said = (
        COMMISSION_ANSWER
        + " The rep got the missing commission with the next payroll, and the statement"
        " template now shows the crediting rule behind each line, so reps can check it."
        " Next quarter I would also split the accounts by industry."
    )
    fb = grade(SEGMENTS, said, topics=model)
    assert fb.off_topic and [h.keyword for h in fb.covered] == ["split the accounts by industry"]


def test_an_answer_about_nothing_in_the_bank_is_off_topic() -> None:
    fit = TopicModel(BANK).fit("q-forecast", MARATHON)
    assert not fit.on_topic and fit.best < 0.15


def test_on_topic_answers_keep_all_their_evidence() -> None:
    model = TopicModel(BANK)
    fb = grade(COMMISSIONS, COMMISSION_ANSWER, topics=model)
    assert not fb.off_topic
    assert fb == replace(grade(COMMISSIONS, COMMISSION_ANSWER), off_topic=False)


@pytest.mark.parametrize(
    "qid, answer",
    [("q-gone", COMMISSION_ANSWER), ("q-segments", ""), ("q-segments", "the of and 42")],
)
def test_unknown_questions_and_answers_without_words_are_on_topic(qid: str, answer: str) -> None:
    assert TopicModel(BANK).fit(qid, answer).on_topic


def test_a_bank_of_one_question_still_knows_an_answer_to_it() -> None:
    model = TopicModel((COMMISSIONS,))
    assert model.fit("q-commissions", COMMISSION_ANSWER).on_topic
    assert not model.fit("q-commissions", MARATHON).on_topic


def test_british_and_american_spellings_and_inflections_weigh_alike() -> None:
    model = TopicModel(BANK)
    a = model.fit("q-forecast", "We analysed the forecasts and prioritised the biggest misses.")
    b = model.fit("q-forecast", "We analyzed the forecast and prioritize the biggest miss.")
    assert a.similarity == pytest.approx(b.similarity)


def test_feedback_from_before_the_check_reads_as_on_topic() -> None:
    d = grade(SEGMENTS, COMMISSION_ANSWER, topics=TopicModel(BANK)).to_dict()
    assert Feedback.from_dict(d).off_topic is True
    del d["off_topic"]
    assert Feedback.from_dict(d).off_topic is False


def test_own_words_answers_stay_on_topic_and_answers_to_other_questions_do_not() -> None:
    """Answers written without seeing the key points (benchmarks/own_words.yaml): nearly
    all on topic for their own question; three in four off topic for another question."""
    lib = load_library(Paths(Path("/nonexistent-drill-home")))
    questions = {q.id: q for q in lib.questions}
    model = TopicModel(lib.questions)
    answers = yaml.safe_load(OWN_WORDS.read_text(encoding="utf-8"))
    assert set(answers) <= set(questions) and len(answers) >= 150  # the set still fits
    ids = list(answers)
    own = [model.fit(qid, answers[qid][s]).on_topic for qid in ids for s in "ab"]
    other = [
        model.fit(ids[(k + 7) % len(ids)], answers[qid][s]).on_topic
        for k, qid in enumerate(ids)
        for s in "ab"
    ]
    # Stories may be far more like another question before they count as off topic (see
    # CategoryTuning.on_topic_share), so a few answers to the wrong story question pass.
    assert sum(own) / len(own) >= 0.99
    assert sum(other) / len(other) <= 0.25


def test_interview_grades_against_the_bank_and_saves_the_verdict(tmp_path: Path) -> None:
    from datetime import datetime, timezone

    from salesops_drill.store import Store

    when = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    with Store.open(tmp_path / "progress.db") as store:
        session = InterviewSession(
            store, Scheduler(), Plan("analyst", [SEGMENTS], 1, 1), lambda: when, bank=BANK
        )
        done = session.answer(SEGMENTS, COMMISSION_ANSWER, 60.0)
        assert done.feedback.off_topic and done.feedback.covered == []
        [row] = store.answers(session.session_id)
    assert Feedback.from_dict(row.feedback).off_topic is True
    # Without the bank (as before the check), the shared word still counts.
    session = InterviewSession(None, Scheduler(), Plan("analyst", [SEGMENTS], 1, 1), lambda: when)
    assert not session.answer(SEGMENTS, COMMISSION_ANSWER, 60.0).feedback.off_topic


def test_cli_answers_file_flags_an_answer_to_another_question(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DRILL_HOME", str(tmp_path / "home"))
    qid = "q-an-cac-ltv-calc"
    answers = write(tmp_path / "answers.yaml", f"{qid}: >-\n  {MARATHON}\n")
    result = run("interview", "--all", "--answers", str(answers), "--json", "--no-save")
    assert result.exit_code == 0, result.output
    feedback = json.loads(result.stdout)["answers"][0]["feedback"]
    assert feedback["off_topic"] is True
    assert feedback["tips"][0] == "Answer the question asked: little of this answer is about it."


def test_a_story_more_like_a_narrower_question_still_answers_the_broad_one() -> None:
    """Found with plainer answers written blind: a good story of working with finance on a
    bookings mismatch reads more like the question about that mismatch than like "a
    project where you worked with another department", and was judged off topic there."""
    lib = load_library(Paths(Path("/nonexistent-drill-home")))
    question = next(q for q in lib.questions if q.id == "q-an-cross-functional-project")
    story = yaml.safe_load(OWN_WORDS.read_text(encoding="utf-8"))[question.id]["s"]
    fit = TopicModel(lib.questions).fit(question.id, story)
    assert fit.on_topic and fit.similarity < 0.45 * fit.best


def test_an_answer_on_territory_reassignment_no_longer_scores_full_on_untapped_segments() -> None:
    """Found with the own-words set: this answer to another question scored 100, its
    points covered by "segment", "coverage", "prioritise" and scattered words."""
    lib = load_library(Paths(Path("/nonexistent-drill-home")))
    question = next(q for q in lib.questions if q.id == "q-sa-untapped-segments")
    answer = yaml.safe_load(OWN_WORDS.read_text(encoding="utf-8"))["q-sa-territory-reassignment"]
    assert grade(question, answer["a"]).score == 100  # the words alone
    fb = grade(question, answer["a"], topics=TopicModel(lib.questions))
    assert fb.off_topic and fb.covered == [] and fb.score < 10


def test_a_short_answer_is_too_short_to_judge_by_its_words() -> None:
    """An answer like "I would look at the pipeline report first" is too short for its
    words to tell its topic: the grader says it is too short, not that it is off topic."""
    model = TopicModel(BANK)
    fb = grade(FORECAST, "I would look at the pipeline report first.", topics=model)
    assert not fb.off_topic and fb.length_verdict == "short"
    short_story = "Marathons: I ran three this year, in under four hours."
    assert model.fit("q-forecast", short_story) == (0.0, 0.0, True)


def test_warming_up_gives_the_same_grading_as_making_the_model_at_the_first_answer() -> None:
    from datetime import datetime, timezone

    when = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    plan = Plan("analyst", [SEGMENTS], 1, 1)
    warm = InterviewSession(None, Scheduler(), plan, lambda: when, bank=BANK)
    warm.warm_up()
    warm.warm_up()  # a second call starts nothing more
    cold = InterviewSession(None, Scheduler(), plan, lambda: when, bank=BANK)
    a = warm.answer(SEGMENTS, COMMISSION_ANSWER, 30.0).feedback
    b = cold.answer(SEGMENTS, COMMISSION_ANSWER, 30.0).feedback
    assert a == b and a.off_topic
    # Without a bank there is nothing to warm up, and no topic check.
    bare = InterviewSession(None, Scheduler(), plan, lambda: when)
    bare.warm_up()
    assert not bare.answer(SEGMENTS, COMMISSION_ANSWER, 30.0).feedback.off_topic


def test_openings_of_own_words_answers_are_seldom_judged_off_topic() -> None:
    """A short answer shares few words with any question: the first three to five
    sentences of the own-words answers were judged off topic one time in eight before
    short answers went unjudged."""
    from salesops_drill.grading.sentences import read

    lib = load_library(Paths(Path("/nonexistent-drill-home")))
    model = TopicModel(lib.questions)
    answers = yaml.safe_load(OWN_WORDS.read_text(encoding="utf-8"))
    verdicts = []
    for qid, pair in answers.items():
        for text in pair.values():
            sentences = [s.text for s in read(text)]
            for n in (3, 4, 5):
                verdicts.append(model.fit(qid, " ".join(sentences[:n])).on_topic)
    assert sum(verdicts) / len(verdicts) >= 0.98


SHORT_PIPELINE_REPORT = (
    "To build a weekly pipeline report I'd create an opportunity report in the CRM filtered "
    "to open stages, grouped by owner and by stage, summing the amount, add a weighted "
    "column, schedule it every Monday morning and sanity check totals before sending it."
)


def test_a_short_answer_plainly_about_another_question_is_off_topic() -> None:
    """Found by a new user's probe: this 46-word answer about a pipeline report, given to
    the customer-complaint question, scored 43 on shared words, too short to be judged."""
    lib = load_library(Paths(Path("/nonexistent-drill-home")))
    questions = {q.id: q for q in lib.questions}
    model = TopicModel(lib.questions)
    fb = grade(questions["q-rep-customer-complaint"], SHORT_PIPELINE_REPORT, topics=model)
    assert fb.off_topic and fb.score < 10
    # The same words answer the question they are about.
    own = grade(questions["q-rep-weekly-pipeline-report"], SHORT_PIPELINE_REPORT, topics=model)
    assert not own.off_topic and own.covered


def test_short_openings_of_own_words_answers_are_almost_never_off_topic() -> None:
    """Short answers are judged only when plainly another question's: the first 30 words of
    every own-words answer, graded against its own question, are judged off topic about
    1% of the time, and against another question (seven on) over a third of the time."""
    lib = load_library(Paths(Path("/nonexistent-drill-home")))
    model = TopicModel(lib.questions)
    answers = yaml.safe_load(OWN_WORDS.read_text(encoding="utf-8"))
    ids = list(answers)
    own, other = [], []
    for k, qid in enumerate(ids):
        for text in answers[qid].values():
            opening = " ".join(text.split()[:30])
            own.append(not model.fit(qid, opening).on_topic)
            other.append(not model.fit(ids[(k + 7) % len(ids)], opening).on_topic)
    assert sum(own) / len(own) < 0.02
    assert sum(other) / len(other) > 0.33
