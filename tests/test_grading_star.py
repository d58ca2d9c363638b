"""STAR parts credited for content, not for cue phrases (issue 12): an action acts on
something, a result is a change with a measure, and a situational answer is credited
for a plan and the outcome it expects."""

from __future__ import annotations

import pytest

from salesops_drill.bank import KeyPoint, ModelAnswer, Question
from salesops_drill.grading import detect_star, grade
from salesops_drill.grading.tunables import SCORE_WEIGHTS, STAR_PART_WEIGHTS

NONE = dict.fromkeys(("situation", "task", "action", "result"), False)
ALL = dict.fromkeys(("situation", "task", "action", "result"), True)

STORY = (
    "At my last company the sales cycle had stretched from 48 to 62 days and nobody knew "
    "why. I was asked to find the cause and fix it within a quarter. I pulled twelve "
    "months of opportunity history and interviewed eight reps about stalled deals. Then "
    "I built pre-approved contract clauses with legal. As a result, the cycle fell back "
    "to 50 days within two quarters."
)


def test_a_full_story_carries_every_part():
    assert detect_star(STORY) == ALL


# --- Cue phrases alone ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Situation: pipeline. Task: adoption. Action: training. Result: buy-in.",
        "The situation was hard. My task was big. The action was quick. The result was good.",
        "At my last company, things happened. My goal was success. As a result, it went well.",
        "In the end, everything worked out and everyone was happy.",
    ],
)
def test_a_cue_phrase_alone_earns_no_part(text):
    assert detect_star(text) == NONE


def test_the_same_labels_with_content_earn_every_part():
    labelled = (
        "Situation: our pipeline had been flat for two quarters at a 40-rep SaaS company. "
        "Task: I had to raise it by 20% within one quarter. Action: I rebuilt the lead "
        "routing and retrained the SDRs on qualification. Result: pipeline grew 25% in "
        "ten weeks."
    )
    assert detect_star(labelled) == ALL


# --- Action ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I acted.",
        "I worked hard on it.",
        "I helped.",
        "I think communication matters most.",  # not an act
        "I needed to fix the forecast before the board meeting.",  # the aim, not the act
    ],
)
def test_an_action_needs_a_verb_that_acts_on_something(text):
    assert not detect_star(text)["action"]


@pytest.mark.parametrize(
    "text",
    [
        "I rebuilt the lead routing rules for the SDR team.",
        "Then I interviewed eight reps about stalled deals.",
        "- Cut the required fields from 14 to 6",  # a note: the subject is understood
    ],
)
def test_an_action_with_an_object_is_credited(text):
    assert detect_star(text)["action"]


def test_we_did_it_is_not_what_you_did():
    assert not detect_star("We rebuilt the lead routing and we retrained the SDRs.")["action"]


# --- Result -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Pipeline grew.",  # a change, no measure
        "We had 12 reps and 3 managers.",  # a measure, no change
        "As a result, the team was much happier.",
        "There was no activity on 30 deals.",
    ],
)
def test_a_result_needs_a_change_and_a_measure(text):
    assert not detect_star(text)["result"]


@pytest.mark.parametrize(
    "text",
    [
        "Pipeline grew 20% in one quarter.",
        "Win rate went from 18% to 24%.",
        "We cut the sales cycle by nine days.",
        "Adoption reached 91% in ten weeks.",
        "The renewal closed with five extra seats.",
        "Now it takes ten minutes and nobody has found an error since.",  # the new state
        "Duplicate ownership has stayed under 2% of accounts since then.",
    ],
)
def test_a_measured_change_is_a_result(text):
    assert detect_star(text)["result"]


def test_a_missing_result_costs_its_weight_in_the_score():
    q = _question("behavioral")
    ending = STORY.rsplit(" As a result", 1)[0]
    with_result, without = grade(q, STORY), grade(q, ending)
    assert with_result.star["result"] and not without.star["result"]
    assert with_result.coverage == without.coverage == 1.0
    row = SCORE_WEIGHTS["star"]
    lost = row["star"] * STAR_PART_WEIGHTS["result"] + row["quantified"]
    assert with_result.score - without.score == pytest.approx(lost, abs=1.5)  # + length


# --- Situation and task ---------------------------------------------------------------


def test_the_scene_needs_context_not_just_a_company():
    assert detect_star("At Acme, quota attainment had slipped to 60% in two quarters.")["situation"]
    assert not detect_star("At first, I thought it was fine.")["situation"]


@pytest.mark.parametrize(
    "text",
    [
        "My goal was to get adoption above 80% within a quarter.",
        "I was asked to fix the forecast before the board meeting.",
        "My manager asked me to own the weekly pipeline reporting.",
        "My job as head of sales ops was to find the real cause of the slipping deals.",
        "The VP asked why the numbers moved, and it was on me to dig in and explain it.",
    ],
)
def test_a_task_states_an_objective(text):
    assert detect_star(text)["task"]


@pytest.mark.parametrize(
    "text",
    [
        "You have to explain why the process matters to people.",  # advice
        "Managers need to lead by example with their teams.",  # someone else's need
        "My goal was adoption.",  # the cue and a term
    ],
)
def test_advice_and_bare_cues_are_no_task(text):
    assert not detect_star(text)["task"]


# --- Situational: a plan and an expected outcome ------------------------------------

PLAN = (
    "If I joined and saw the team missing target three quarters in a row, my first step "
    "would be to find the root cause. I would pull win rates by stage and segment, then "
    "sit with the managers. My goal would be to separate a capacity problem from a "
    "conversion problem. I would expect win rate to rise a few points within two "
    "quarters once the fix is in."
)


@pytest.mark.parametrize(
    "aim",
    [
        "I'd want to come back with one agreed figure by end of day tomorrow.",
        "I'd aim to get pipeline coverage from 2x to 3x within two quarters.",
        "I'd report back with the metrics, say coverage going from 2x to 3x within two quarters.",
        "I'd need to keep both leaders behind one definition of a qualified lead.",
        "I'd set measurable targets, like duplicate ownership under 2% of accounts.",
    ],
)
def test_a_plan_states_its_aim_as_plans_do(aim):
    # Plans say "I'd want to..." or give a target and its date, not "my goal was".
    steps = "First I would check the CRM numbers against finance's report and ask both leaders."
    assert detect_star(f"{steps} {aim}", situational=True)["task"]
    assert not detect_star(f"{steps} I would look at the data.", situational=True)["task"]
    # "by a lot" is no date
    vague = f"{steps} That would cut the errors by a lot, and then we talk."
    assert not detect_star(vague, situational=True)["task"]


def test_a_situational_plan_is_credited_for_steps_and_expected_outcome():
    assert detect_star(PLAN, situational=True) == ALL


def test_a_plan_read_as_a_story_has_no_measured_result():
    assert not detect_star(PLAN)["result"]


def test_a_plan_with_no_outcome_misses_the_result_and_is_told_so():
    steps = PLAN.rsplit(" I would expect", 1)[0]
    assert detect_star(steps, situational=True)["result"] is False
    fb = grade(_question("situational"), steps)
    assert "Say what outcome you would expect, and how you would measure it." in fb.tips


def test_situational_and_behavioral_tips_differ():
    thin = "I would look at the data and talk to people about the forecast problem."
    plan_tips = grade(_question("situational"), thin).tips
    story_tips = grade(_question("behavioral"), thin).tips
    assert plan_tips != story_tips


def test_star_is_only_scored_for_story_categories():
    for category in ("technical", "problem-solving", "role-knowledge"):
        assert grade(_question(category), STORY).star is None
    for category in ("behavioral", "situational"):
        assert grade(_question(category), STORY).star is not None


def _question(category: str) -> Question:
    return Question(
        id=f"q-test-star-{category}",
        prompt="Tell me about a time you fixed a slow sales cycle.",
        category=category,
        roles=("analyst",),
        difficulty=2,
        what_it_tests="Diagnosis and a measured fix.",
        key_points=(
            KeyPoint("Data first", ("opportunity history", "data")),
            KeyPoint("Talk to reps", ("interviewed", "reps")),
            KeyPoint("Fix with legal", ("contract clauses", "legal")),
        ),
        model_answer=ModelAnswer(parts=(("steps", ("Pulled the data.",)),)),
        follow_ups=(),
    )


def test_a_story_opening_with_last_year_sets_the_scene():
    # "Last" read as a command ("Last year we moved...") made the opening an action, and
    # confusion was no problem: "Open with the context" on a story that did.
    story = (
        "Last year we moved the team to a new lead routing rule and the reps were confused "
        "about why leads were landing with other people. I drew the routing on a whiteboard "
        "and explained it."
    )
    assert detect_star(story)["situation"]


@pytest.mark.parametrize(
    "result",
    [
        "Result: gross renewal 78% -> 86% over two quarters",  # an arrow: what it became
        "Monthly reconciliation 3 days \u2192 half a day",
        "Result: meetings per rep +30%, pipeline +22% in a quarter",  # a signed rise
    ],
)
def test_a_result_typed_as_notes_is_measured(result):
    story = (
        "- Context: renewals flat at a mid-market SaaS firm\n"
        "- Piloted a renewal review with one team against a control team\n"
    )
    assert detect_star(story + "- " + result)["result"]
    assert not detect_star(story)["result"]
