"""Feedback that fits (issue 12): tips by category, one next step per missed point,
quoted evidence, acronyms in capitals, phrases inside one sentence, lists flagged,
follow-ups graded, the user's corrections, and stored feedback of every format."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from salesops_drill.bank import KeyPoint, ModelAnswer, Question
from salesops_drill.grading import (
    FEEDBACK_FORMAT,
    Feedback,
    grade,
    grade_follow_up,
    review_rating,
    summarize_session,
)
from salesops_drill.grading.numbers import is_figure
from salesops_drill.grading.tunables import MAX_TIPS
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths

POINTS = (
    KeyPoint("Pipeline review", ("pipeline review", "deal review")),
    KeyPoint("Stage definitions", ("exit criteria", "stage definitions")),
    KeyPoint(
        "Weighted forecast",
        ("weighted pipeline", "conversion rates"),
        paraphrases=("weight each deal by how often deals at its stage close",),
    ),
)

ANSWER = (
    "Every Monday I run a pipeline review with each sales manager before the forecast "
    "call.\nI agreed the exit criteria for every stage with sales leadership, so a\n"
    "stage-3 deal means the same thing in every region. Then I weight each deal by how "
    "often deals at its stage have closed over the last four quarters."
)

NUMBER_TIPS = ("number", "quantif", "measure it", "how much")


def question(category: str, points: tuple[KeyPoint, ...] = POINTS, **extra) -> Question:
    return Question(
        id=f"q-test-feedback-{category}",
        prompt="How do you keep a sales forecast honest?",
        category=category,
        roles=("analyst",),
        difficulty=2,
        what_it_tests="Forecast discipline.",
        key_points=points,
        model_answer=ModelAnswer(parts=(("steps", ("Review the pipeline weekly.",)),)),
        follow_ups=("Which report would you show the board?",),
        **extra,
    )


# --- Tips by category ---------------------------------------------------------------


def test_no_quantify_tip_on_a_role_knowledge_definition():
    fb = grade(question("role-knowledge"), ANSWER)
    assert not fb.quantified and fb.coverage == 1.0
    assert not [t for t in fb.tips if any(w in t.lower() for w in NUMBER_TIPS)], fb.tips
    assert fb.score == 100.0  # a definition is not asked for a number


def test_no_quantify_tip_on_a_real_role_knowledge_question():
    q = load_library(resolve_paths()).question("q-an-role-scope")
    assert q is not None and q.category == "role-knowledge"
    for answer in ("I would look at the data every week.", ANSWER):
        tips = grade(q, answer).tips
        assert not [t for t in tips if any(w in t.lower() for w in NUMBER_TIPS)], tips


def test_a_close_rate_worked_out_on_the_question_s_numbers_shows_the_formula():
    """ "Rep A closed 12 of 80, which is 15 percent" applies closed over pitched: the
    method is in the working, not only in the words "divided by"."""
    q = load_library(resolve_paths()).question("q-an-close-rate-calc")
    assert q is not None
    answer = (
        "Rep A closed 12 of 80, which is a 15 percent close rate, and Rep B closed 7 of 30, "
        "about 23 percent. Before judging I would check deal sizes and lead sources."
    )
    fb = grade(q, answer)
    assert "Uses the right formula" in {h.label for h in fb.covered}, fb.missed


RESULT_TIPS = {
    "technical": "Say how you would measure it: the metric and the change you expect.",
    "problem-solving": "Put a number on it: what the problem costs, or what the fix changes.",
    "behavioral": (
        "End with the result, as a number: what changed, from what to what, or by how much."
    ),
    "situational": "Say what outcome you would expect, and how you would measure it.",
}


@pytest.mark.parametrize("category", sorted(RESULT_TIPS))
def test_the_result_tip_fits_the_category(category):
    fb = grade(question(category), ANSWER)
    assert not fb.quantified
    assert [t for t in fb.tips if t in RESULT_TIPS.values()] == [RESULT_TIPS[category]]


def test_a_measured_answer_gets_no_number_tip():
    measured = ANSWER + " That cut our forecast error from 22% to 8% within three quarters."
    for category in ("technical", "problem-solving"):
        fb = grade(question(category), measured)
        assert fb.quantified
        assert not [t for t in fb.tips if any(w in t.lower() for w in NUMBER_TIPS)], fb.tips


def test_a_list_of_terms_is_flagged_and_covers_nothing():
    # The 8-word list, which scored 76 with 100% coverage.
    q = question(
        "technical",
        points=(
            KeyPoint("Definition", ("definition",)),
            KeyPoint("Segment", ("segment",)),
            KeyPoint("Time in stage", ("time in stage",)),
            KeyPoint("Procurement", ("procurement",)),
            KeyPoint("Pilot", ("pilot",)),
            KeyPoint("Lag", ("lag",)),
        ),
    )
    fb = grade(q, "Definition. Segment. Time in stage. Procurement. Pilot. Lag.")
    assert fb.coverage == 0.0 and fb.score <= 5
    assert fb.list_like
    assert fb.tips[0] == "This reads like a list of terms: tell what you did, in sentences."
    assert not grade(question("technical"), ANSWER).list_like


def test_an_answer_of_business_filler_is_told_so_not_called_a_list():
    q = question(
        "technical",
        points=(KeyPoint("Routing rules", ("routing rules",)), KeyPoint("Pilot", ("pilot",))),
    )
    filler = (
        "It's about a holistic, data-driven, best-in-class approach to routing rules. "
        "We'd create alignment and a proactive, scalable culture across the whole team."
    )
    fb = grade(q, filler)
    assert fb.hollow and not fb.list_like and fb.coverage == 0.0
    assert fb.tips[0] == (
        "Swap buzzwords (holistic, best-in-class) for a step, a number or an example."
    )
    assert Feedback.from_dict(fb.to_dict()).hollow
    plain = grade(q, "I rewrote the routing rules and ran a pilot with two teams for a month.")
    assert not plain.hollow and plain.coverage == 1.0


def test_tips_are_few_and_an_empty_answer_gets_one():
    for category in ("behavioral", "situational", "technical", "role-knowledge"):
        assert 1 <= len(grade(question(category), "Pipeline. Forecast.").tips) <= MAX_TIPS
    assert grade(question("technical"), "  ").tips == [
        "Your answer is empty: write the main points, even as a short list."
    ]


# --- One next step per missed point -------------------------------------------------


def test_one_next_step_per_missed_point_taken_from_the_point():
    fb = grade(question("technical"), "Every Monday I run a pipeline review with each manager.")
    assert fb.missed == ["Stage definitions", "Weighted forecast"]
    assert fb.next_steps == [
        "Cover it in a sentence, e.g. with \u201cexit criteria\u201d.",
        # a paraphrase says it in a sentence's words, so it is the example when given
        "Cover it in a sentence, e.g. with \u201cweight each deal by how often deals "
        "at its stage close\u201d.",
    ]
    assert grade(question("technical"), ANSWER).next_steps == []


def test_a_next_step_example_is_one_any_answer_could_use():
    # The first paraphrases came from one story: "e.g. with 'reconnected the calendar'"
    # meant nothing to a candidate telling another.
    point = KeyPoint(
        "Fix and test the configuration",
        ("configuration", "retest"),
        paraphrases=(
            "reconnected the calendar",  # something done in one story
            "told her the sync was fixed",  # someone in it
            "two failed syncs a day",  # a number of its own
            "test the fix with one rep",
        ),
    )
    (step,) = grade(question("technical", points=(point,)), "I like data.").next_steps
    assert step == "Cover it in a sentence, e.g. with \u201ctest the fix with one rep\u201d."
    # None of that kind: a term of several words before a single one.
    story_only = point._replace(
        keywords=("retest", "sync settings"), paraphrases=point.paraphrases[:3]
    )
    (step,) = grade(question("technical", points=(story_only,)), "I like data.").next_steps
    assert step == "Cover it in a sentence, e.g. with \u201csync settings\u201d."


@pytest.mark.parametrize(
    "label", ["CRM hygiene", "Checks product usage first", "Uses several metrics"]
)
def test_a_next_step_reads_well_beside_a_label_of_any_form(label):
    """Shown under its label, the step says "it": a label folded into the sentence read
    "Add a sentence on checks product usage first"."""
    q = question("technical", points=(KeyPoint(label, ("crm hygiene",)),))
    (step,) = grade(q, "I look at the data every week with the managers.").next_steps
    assert step == "Cover it in a sentence, e.g. with \u201ccrm hygiene\u201d."


# --- Evidence: the quoted sentence --------------------------------------------------


def test_every_covered_point_quotes_its_sentence_with_offsets_into_the_answer():
    fb = grade(question("technical"), ANSWER)
    assert [h.label for h in fb.covered] == [kp.label for kp in POINTS]
    for hit in fb.covered:
        assert ANSWER[hit.sentence_start : hit.sentence_end] == hit.sentence
        assert hit.sentence_start <= hit.start < hit.end <= hit.sentence_end
        assert ANSWER[hit.start : hit.end] == hit.text
    hits = {h.label: h for h in fb.covered}
    assert hits["Pipeline review"].sentence.startswith("Every Monday I run a pipeline review")
    # a sentence wrapped over two lines is quoted whole
    assert hits["Stage definitions"].sentence.endswith("means the same thing in every region.")
    assert hits["Weighted forecast"].keyword == (
        "weight each deal by how often deals at its stage close"
    )


def test_the_evidence_is_in_the_stored_feedback():
    data = json.loads(json.dumps(grade(question("technical"), ANSWER).to_dict()))
    assert data["format"] == FEEDBACK_FORMAT
    hit = data["covered"][0]
    assert {"sentence", "sentence_start", "sentence_end", "start", "end"} <= set(hit)
    assert ANSWER[hit["sentence_start"] : hit["sentence_end"]] == hit["sentence"]


# --- Acronyms and phrases -----------------------------------------------------------


def test_acronyms_are_case_sensitive_it_is_not_it():
    q = question("technical", points=(KeyPoint("Work with IT", ("IT",)),))
    it = "It was a hard quarter, and it showed in the pipeline numbers."
    assert grade(q, it).covered == []
    (hit,) = grade(q, "I worked with IT to automate the lead routing rules.").covered
    assert hit.text == "IT"


def test_an_acronym_typed_in_lower_case_still_counts_unless_it_is_a_word():
    q = question("technical", points=(KeyPoint("Acquisition cost", ("CAC",)),))
    assert grade(q, "Our blended cac doubled over the year.").covered
    assert grade(q, "Our blended CACs doubled over the year.").covered


@pytest.mark.parametrize(
    "answer",
    [
        "I ran my first marathon. Last year I joined the sales team as an analyst.",
        "I ran my first marathon last year with friends from the sales team.",
    ],
)
def test_a_phrase_never_covers_across_a_sentence_or_a_gap(answer):
    q = question("behavioral", points=(KeyPoint("First year in the role", ("first year",)),))
    assert grade(q, answer).covered == []
    assert grade(q, "In my first year I rebuilt the territory plan for the team.").covered


def test_a_phrase_is_not_joined_across_a_full_stop():
    q = question("technical", points=(KeyPoint("Win rate", ("win rate",)),))
    assert grade(q, "We needed a win. Rate cards came later from the pricing team.").covered == []


# --- Follow-ups -----------------------------------------------------------------------


def test_a_follow_up_is_graded_against_its_own_points():
    board = (KeyPoint("Forecast vs actual", ("forecast vs actual", "accuracy")),)
    q = question("technical", follow_up_points=(board,))
    prompt = q.follow_ups[0]
    fb = grade_follow_up(q, prompt, "I would show forecast vs actual for the last four quarters.")
    assert fb is not None and fb.category == "follow-up"
    assert [h.label for h in fb.covered] == ["Forecast vs actual"]
    assert grade_follow_up(q, prompt, "I would show the team's pipeline by stage.").missed == [
        "Forecast vs actual"
    ]


def test_a_follow_up_without_points_in_the_content_is_not_graded():
    q = question("technical")
    assert grade_follow_up(q, q.follow_ups[0], "Anything at all.") is None


# --- The user's corrections ---------------------------------------------------------


def test_corrections_change_the_corrected_coverage_not_the_grader_s():
    fb = grade(question("technical"), "Every Monday I run a pipeline review with each manager.")
    assert fb.coverage == pytest.approx(1 / 3, abs=1e-3)
    said = replace(fb, corrections={"Stage definitions": True})
    assert said.coverage == fb.coverage
    assert said.corrected_coverage == pytest.approx(2 / 3, abs=1e-3)
    denied = replace(fb, corrections={"Pipeline review": False, "Stage definitions": True})
    assert denied.corrected_coverage == pytest.approx(1 / 3, abs=1e-3)
    assert Feedback.from_dict(json.loads(json.dumps(said.to_dict()))) == said


# --- Stored feedback of every format ------------------------------------------------

#: A feedback dict as the grader before issue 12 saved it (format 1): no format, no
#: evidence sentences, no next steps, figures, list flag or corrections.
FORMAT_1 = {
    "question_id": "q-manager-process-opposition",
    "category": "behavioral",
    "covered": [
        {"label": "Pilot first", "keyword": "pilot", "text": "piloted", "start": 120, "end": 127}
    ],
    "missed": ["Stakeholder buy-in", "Training and enablement"],
    "coverage": 0.3333,
    "star": {"situation": True, "task": False, "action": True, "result": True},
    "quantified": True,
    "numbers": ["15%"],
    "fillers": {"basically": 1},
    "filler_count": 1,
    "words": 64,
    "word_range": [120, 300],
    "length_verdict": "short",
    "seconds_used": 95.5,
    "time_limit_s": 180,
    "over_time": False,
    "score": 47.5,
    "tips": ["Cover: Stakeholder buy-in, Training and enablement."],
}


def test_an_old_format_1_feedback_still_loads():
    fb = Feedback.from_dict(json.loads(json.dumps(FORMAT_1)))
    assert fb.format == 1
    assert fb.score == 47.5 and fb.word_range == (120, 300)
    (hit,) = fb.covered
    assert (hit.label, hit.text, hit.start, hit.end) == ("Pilot first", "piloted", 120, 127)
    assert hit.sentence == ""  # no evidence was stored then
    assert fb.next_steps == [] and fb.figures == [] and fb.corrections == {}
    assert not fb.list_like
    assert fb.points_total == 3 and fb.corrected_coverage == fb.coverage
    # it still summarises and schedules like any other
    assert review_rating(fb, 3) in (1, 2)
    assert summarize_session([(question("behavioral"), fb, 3)]).answered == 1
    # and saves back as format 1, not as the current format
    assert fb.to_dict()["format"] == 1


def test_unknown_fields_from_a_newer_format_are_ignored():
    data = grade(question("technical"), ANSWER).to_dict() | {"from_the_future": [1, 2]}
    data["covered"][0]["confidence"] = 0.9
    fb = Feedback.from_dict(data)
    assert fb.coverage == 1.0 and fb.covered[0].label == "Pipeline review"


def test_current_feedback_round_trips_through_json():
    fb = grade(question("situational"), ANSWER, seconds_used=42.0)
    assert fb.format == FEEDBACK_FORMAT
    assert Feedback.from_dict(json.loads(json.dumps(fb.to_dict()))) == fb


def test_a_point_said_in_other_words_needs_two_of_its_ideas_not_a_quantity_word():
    context = KeyPoint(
        "Checks context before judging",
        ("lead source", "territory"),
        paraphrases=("A closed more deals in total",),
    )
    q = question("technical", (context,))
    # two of the point's own words, in a sentence of the answer's own
    told = grade(q, "I would dig into the context behind each deal before I judge either of them.")
    assert [h.keyword for h in told.covered] == ["(in other words)"]
    # "more" is the only other word shared with the point: no idea in common
    assert grade(q, "So Rep A is the better rep and I would give him more leads.").covered == []
    stages = KeyPoint(
        "Different stages of the buyer's journey",
        ("lead generation",),
        paraphrases=("ops on the later stages", "different parts of the buyer journey"),
    )
    same = "Sales ops and enablement are basically the same thing with different names."
    assert grade(question("role-knowledge", (stages,)), same).covered == []


def test_synonyms_are_one_idea_when_a_point_is_said_in_other_words():
    strategy = KeyPoint(
        "Tied to strategy",
        ("strategic goals",),
        paraphrases=("align pay with strategy", "reward multi-year deals"),
    )
    q = question("technical", (strategy,))
    # "pay" and "commission" are one word of the lexicon: a single idea, not two
    flat = "I would pay everyone a flat salary with no commission, as commission makes reps greedy."
    assert grade(q, flat).covered == []
    aligned = "I would tie every commission rate to the strategy the board signed off."
    assert [h.keyword for h in grade(q, aligned).covered] == ["(in other words)"]


def test_a_buyer_is_a_customer():
    # "Sellers ... customers" missed "Sales interacts with buyers".
    point = KeyPoint("Sales interacts with buyers", ("buyers",))
    said = "Sellers spend their day with customers and close the deals."
    fb = grade(question("role-knowledge", (point,)), said)
    assert [h.label for h in fb.covered] == ["Sales interacts with buyers"]


@pytest.mark.parametrize(
    ("point", "other_sense"),
    [
        # an opportunity's owner is a CRM field, not taking ownership
        (KeyPoint("Took ownership", ("ownership",)), "I grouped the open deals by owner."),
        # clean data is not the same as merged duplicates
        (KeyPoint("Merged duplicates", ("dedupe",)), "I keep the data clean every week."),
        # any dashboard is not a scorecard of each rep
        (KeyPoint("Rep scorecards", ("scorecard",)), "I built the sales dashboards in Tableau."),
        # pitching prospects is not recommending
        (KeyPoint("Made a recommendation", ("recommend",)), "Rep A pitched to 80 prospects."),
    ],
)
def test_a_word_of_another_sense_is_no_synonym(point, other_sense):
    # The lexicon held these as one word, and the probes' answers earned the points.
    assert grade(question("technical", (point,)), other_sense).covered == []


def test_particles_numbers_and_light_verbs_share_no_idea():
    tools = KeyPoint(
        "Keeps the tech stack current",
        ("tech stack",),
        paraphrases=("set up the tools", "took one licence back", "keep the stack running"),
    )
    q = question("technical", (tools,))
    # "set", "up", "took", "back", "one", "keep": nothing of the point's own
    idle = "We set up one weekly call and took the old agenda back to keep it short."
    assert grade(q, idle).covered == []
    # ...while two of its own ideas still say it in other words
    said = "I retire an unused licence whenever the stack gets a new piece."
    assert [h.keyword for h in grade(q, said).covered] == ["(in other words)"]


def test_a_paraphrase_short_of_a_word_still_names_two_of_its_ideas():
    # One word of a long paraphrase may be missing, but not so that only generic words
    # are left: "more... actually we just need" read as "how much pipeline we actually need".
    point = KeyPoint(
        "Size the gap from real conversion rates",
        ("required pipeline",),
        paraphrases=("how much pipeline we actually need",),
    )
    q = question("technical", (point,))
    vague = "We need more, so actually we just need to get the team to work harder on it."
    assert grade(q, vague).covered == []
    said = "First I'd work out how much pipeline we actually need at our win rate."
    assert [h.keyword for h in grade(q, said).covered] == ["how much pipeline we actually need"]


def test_a_short_measured_result_tells_even_in_the_points_own_words():
    # Found by a new user's answer: every word of "It saved around four hours a week."
    # but the figure was a key term, so the sentence said nothing: no point, no result.
    saving = KeyPoint(
        "Measured the saving", ("hours saved",), paraphrases=("saved hours every week",)
    )
    q = question("behavioral", (saving,))
    story = "I automated a weekly commission report that was done by hand in Excel."
    fb = grade(q, f"{story} It saved around four hours a week.")
    assert [h.label for h in fb.covered] == ["Measured the saving"]
    assert fb.star["result"] and fb.quantified
    # "one" is no figure: "a one-on-one", "one of the reps".
    assert is_figure("four") and is_figure("12") and not is_figure("one")


def test_a_point_said_twice_in_its_own_words_is_covered():
    # "wrote a guide" and "a colleague could run it" are both the point's paraphrases: each
    # took the other's words for bare key terms, and the sentence said nothing.
    handover = KeyPoint(
        "Documented and handed over",
        ("runbook",),
        paraphrases=("wrote a guide", "a colleague could run it"),
    )
    q = question("behavioral", (handover,))
    fb = grade(q, "I wrote a short guide so a colleague could run it.")
    assert [h.label for h in fb.covered] == ["Documented and handed over"]
    # Keywords stay bare terms: "the runbook" says no more for being in the sentence.
    assert grade(q, "A runbook, so a colleague could run it.").covered == []


@pytest.mark.parametrize(
    "sentence",
    [
        "First I make sure I understand what they're asking and why.",  # a process, told
        "First I'd understand what they're asking.",  # a plan
    ],
)
def test_a_paraphrase_in_a_short_sentence_of_someone_doing_it_is_enough(sentence):
    # "I understand" and "I'd understand" are someone doing it, as "I understood" was.
    point = KeyPoint(
        "Starts from the business question",
        ("business question",),
        paraphrases=("understand what they're asking",),
    )
    assert grade(question("technical", (point,)), sentence).covered


def test_a_paraphrase_that_is_a_whole_statement_of_someone_else_doing_it_is_enough():
    # Found splitting an ops team's work: "A CRM admin manages the tools." is the point
    # stated whole (a subject, its verb, their object), though no "I" or "we" does it.
    point = KeyPoint(
        "Someone owns the technology", ("tech stack",), paraphrases=("CRM admin owns the tools",)
    )
    q = question("technical", (point,))
    assert grade(q, "A CRM admin manages the tools.").covered
    # A term with a verb outside the phrase says no more than the term.
    skills = KeyPoint("Technical ability", ("SQL",), paraphrases=("technical skills",))
    assert not grade(question("technical", (skills,)), "Technical skills can be taught.").covered


def test_an_abstract_noun_alone_is_no_evidence_of_a_point():
    # Found in fluent, generic answers: "leadership" and "experience" earned points that
    # nothing else in the answer made.
    point = KeyPoint(
        "Leadership roles", ("leadership", "led a team"), paraphrases=("years leading teams",)
    )
    q = question("behavioral", (point,))
    fluent = "My leadership style brings energy and drive to every challenge I take on."
    assert not grade(q, fluent).covered
    assert grade(q, "I led a team of six analysts for four years at a software firm.").covered


def test_a_point_in_other_words_counts_the_words_between_its_own_as_the_answers():
    # Found typing notes in an interview: "Weight each by historical win rate per stage"
    # names the point's words "weight" and "stage" far apart. The words between them are
    # the answer's own, not the point's: the sentence says more than the point's words.
    point = KeyPoint(
        "Weighted pipeline by stage",
        ("weighted pipeline",),
        paraphrases=("weight each deal by its stage",),
    )
    q = question("technical", (point,))
    notes = "Weight each one by its historical win rate in that stage"
    assert [h.keyword for h in grade(q, notes).covered] == ["(in other words)"]


def _attainment():
    q = load_library(resolve_paths()).question("q-dir-attainment-spreadsheet")
    assert q is not None
    label = next(kp.label for kp in q.key_points if "bookings divided by quota" in kp.paraphrases)
    return q, label


def test_a_ratio_said_upside_down_is_wrong_maths():
    q, label = _attainment()
    fb = grade(q, "For attainment I would divide each rep's quota by their closed bookings.")
    assert [f.status for f in fb.figures if f.label == label] == ["wrong"]
    assert label in fb.missed


def test_a_ratio_said_the_right_way_round_after_the_other_term_is_not_turned_over():
    """The denominator named first ("a column with each rep's quota and divide...") is
    not the ratio turned over."""
    q, label = _attainment()
    for answer in (
        "Then I'd add a column with each rep's quota and divide bookings by quota.",
        "I'd look up the quota, then bookings divided by quota gives attainment.",
    ):
        fb = grade(q, answer)
        assert not [f for f in fb.figures if f.status == "wrong"], answer
        assert label in {h.label for h in fb.covered}, (answer, fb.missed)
