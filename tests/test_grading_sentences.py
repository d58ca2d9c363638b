"""Reading an answer as sentences: the split, clauses and fragments, negation, comma runs
of bare terms, and word salad (issue 12: evidence, sentence by sentence)."""

from __future__ import annotations

import random

import pytest

from salesops_drill.bank import KeyPoint, ModelAnswer, Question
from salesops_drill.grading import grade, keyword_matches
from salesops_drill.grading.sentences import read, split_sentences

STRONG = (
    "At my last company, a 60-seat SaaS team, the reps pushed back hard on a new\n"
    "qualification step in Salesforce. I owned the rollout, and my goal was to get\n"
    "adoption above 80% within one quarter. First I sat down with eight reps to find the\n"
    "root cause: the step added ten minutes per deal. So I cut the required fields from\n"
    "14 to 6 and piloted the new step with one team of nine reps for three weeks. Then I\n"
    "ran short training sessions and held weekly office hours. As a result, adoption\n"
    "reached 91% in ten weeks and forecast accuracy improved by 12 points."
)


def _texts(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


# --- The split ----------------------------------------------------------------------


def test_sentences_are_split_and_their_offsets_slice_the_answer():
    text = "I rebuilt the routing. Win rate rose 4 points!  Was it worth it? Yes."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "I rebuilt the routing.",
        "Win rate rose 4 points!",
        "Was it worth it?",
        "Yes.",
    ]
    for sentence in read(text):
        assert text[sentence.start : sentence.end] == sentence.text
        for tok in sentence.tokens:
            assert text[tok.start : tok.end] == tok.raw


def test_abbreviations_and_decimals_do_not_end_a_sentence():
    text = "Mr. Smith set the target at 2.5 times pipeline, e.g. for the U.S. team. It held."
    assert len(_texts(text)) == 2


def test_bullets_and_note_lines_are_sentences_of_their_own():
    text = "- Interviewed eight reps\n- Cut the fields from 14 to 6\n2) Piloted with one team"
    assert _texts(text) == [
        "Interviewed eight reps",
        "Cut the fields from 14 to 6",
        "Piloted with one team",
    ]


def test_a_sentence_whose_full_stop_was_left_out_still_ends():
    """Found trying drill as a new user: an answer typed with capitals but no full stops
    ("...18,000 dollars in total My job was to...") read as word salad and scored 0."""
    text = "I called the customer Then I checked the invoice. We fixed it My manager agreed."
    assert _texts(text) == [
        "I called the customer",
        "Then I checked the invoice.",
        "We fixed it",
        "My manager agreed.",
    ]
    # "I" stands inside sentences with its capital, and so do names
    assert _texts("The data I pulled came from the VP of Sales.") == [
        "The data I pulled came from the VP of Sales."
    ]
    told = "I emailed the rep Then I fixed the invoice in the CRM My manager agreed with it"
    assert all(s.readable for s in read(told))


def test_a_sentence_ending_in_a_word_like_an_abbreviation_ends_before_i():
    """sentencex read "rep." and "no." before "I" as abbreviations, so two sentences of
    an answer were one: "...fair to this rep. I would pull the accounts..." """
    assert _texts("It is fair to this rep. I would pull the data.") == [
        "It is fair to this rep.",
        "I would pull the data.",
    ]
    assert _texts("He said no. I asked why.") == ["He said no.", "I asked why."]
    # titles keep their names
    assert _texts("I met Dr. Smith and Mr. Jones. I agreed.") == [
        "I met Dr. Smith and Mr. Jones.",
        "I agreed.",
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Managers need data on their reps. Finance needs accurate bookings.",
            ["Managers need data on their reps.", "Finance needs accurate bookings."],
        ),
        (
            "The deal closed in May. Then we renewed.",
            ["The deal closed in May.", "Then we renewed."],
        ),
        ("We sold to Acme Inc. The deal was big.", ["We sold to Acme Inc.", "The deal was big."]),
        ("Rep No. 5 closed it.", ["Rep No. 5 closed it."]),  # a number follows, no capital
    ],
)
def test_a_word_like_an_abbreviation_ends_a_sentence_before_a_capital(text, sentences):
    """sentencex never ends a sentence after "reps.", "May." or "Inc.": a probe's
    stakeholder answer ran two sentences together, and neither was read."""
    assert _texts(text) == sentences


def test_contractions_typed_without_an_apostrophe_read_as_contractions():
    """ "Id look at..." had no verb for the grader and "we dont track" no negation."""
    (sentence,) = read("Id look at the pipeline first.")
    assert sentence.clause and sentence.tokens[0].lower == "i'd"
    (sentence,) = read("We dont track win rate anymore.")
    assert [t.raw for t in sentence.tokens if t.negated] == ["track", "win", "rate", "anymore"]
    # in lower case "ill" and "id" are words of their own
    assert [t.lower for t in read("I felt ill, and the id field was empty.")[0].tokens][2] == "ill"


def test_a_line_wrapped_mid_sentence_is_read_on_with_the_next():
    text = "I owned the rollout, and my goal\nwas to get adoption above 80% in\nSalesforce."
    assert _texts(text) == [text]
    for ending in ("since", "unless", "until", "whereas", "whether", "whose", "because"):
        wrapped = f"The ratio looks healthy, though I would check margin {ending}\nLTV moves."
        assert _texts(wrapped) == [wrapped]
    # ... but a paragraph break, a closed sentence or a note line starts a new one.
    assert len(_texts("We cut the fields\n\nwe ran a pilot")) == 2
    assert len(_texts("We cut the fields.\nWe ran a pilot.")) == 2
    assert len(_texts("Interviewed eight reps\nCut the fields")) == 2


def test_a_wrapped_strong_answer_keeps_its_sentences_whole():
    sentences = read(STRONG)
    assert len(sentences) == 6
    assert all(s.readable for s in sentences)


# --- Clause or fragment -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I rebuilt the lead routing.",
        "We never tracked win rate.",
        "Segment the accounts by size.",  # a command
        "Adoption reached 91% in ten weeks.",
        "The step was slow.",
        "B: 7 / 30 = 23%",  # a worked figure
        "The dashboard shows win rate by rep.",  # a noun subject, a verb in -s
        "The forecast then feeds into quota and hiring.",
        "In the first month, interview executives, sales leaders and finance.",  # an opener
        "Within a week, audit reports and forecasts to see the current state.",
        # a listed term, then a subordinate clause with its own subject and verb
        "Fourth, net revenue retention, because expansion and churn matter a lot.",
        "Churn, since customers leave when onboarding fails.",
        "The VP hires and develops the managers.",  # two verbs in -s, then their object
        "Sales leaders need forecasts and performance reports.",  # a plain verb and object
        "Marketing wants more leads.",
    ],
)
def test_clauses_are_readable(text):
    (sentence,) = read(text)
    assert sentence.clause and sentence.readable


@pytest.mark.parametrize(
    "text",
    [
        "Pipeline hygiene.",
        "Time in stage.",
        "Definition.",
        "Buy-in, pilot, training.",
        "The pipeline reviews and forecast calls.",  # plural nouns, not a verb
        "The pipeline reviews and forecasts, the win rates and the deal sizes.",
        "Customer needs, pain points, budget.",
        "In the west, pipeline coverage and win rate.",  # an opener, then terms
        "Pipeline, coverage, win rate, because deals.",  # no verb after "because"
        "Pipeline coverage, because of pricing and discounting.",  # "because of": none
    ],
)
def test_terms_without_a_verb_are_fragments(text):
    (sentence,) = read(text)
    assert not sentence.clause and not sentence.readable


# --- Negation -----------------------------------------------------------------------


def _negated(text: str) -> list[str]:
    return [tok.lower for s in read(text) for tok in s.tokens if tok.negated]


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("We never tracked win rate.", ["tracked", "win", "rate"]),
        ("The pipeline was not healthy.", ["the", "pipeline", "healthy"]),
        ("Win rate was not tracked.", ["win", "rate", "tracked"]),
        ("We didn't run a pilot.", ["run", "a", "pilot"]),
        ("We ran it without a pilot.", ["a", "pilot"]),
        ("I didn't call and ask him.", ["call", "and", "ask", "him"]),
        ("It tells you what to say no to in a busy quarter.", []),  # a refusal, named
        # Found by new users' answers: the denial stopped short of nothing.
        ("I'd look at who isn't using it and ask the reps why.", ["using", "it"]),
        ("If I can't fix it, if not I'd tell my manager.", ["fix", "it"]),
        (
            "I found the web form wasn't passing the field.",
            ["the", "web", "form", "passing", "the", "field"],
        ),
    ],
)
def test_negation_reaches_what_it_denies(text, negated):
    assert _negated(text) == negated


def test_negation_stops_at_a_comma_or_a_new_clause():
    assert _negated("We did not cut prices, but win rate rose.") == ["cut", "prices"]
    assert "win" not in _negated("We did not cut prices and win rate rose.")
    assert _negated("Not only win rate but cycle time improved.") == []


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("win rate", "We never tracked win rate in that team."),
        ("healthy", "The pipeline was not healthy for months."),
        ("win rate", "Win rate was not tracked by anyone there."),
        ("pilot", "We rolled it out to everyone without a pilot."),
    ],
)
def test_a_negated_mention_covers_nothing(keyword, text):
    assert not keyword_matches(keyword, text)
    said = text.replace("never ", "").replace("not ", "").replace("without", "after")
    assert keyword_matches(keyword, said)


def test_a_point_that_is_a_negation_is_said_with_one():
    limits = _question(
        KeyPoint("Does not set compensation", ("compensation", "commission")),
        KeyPoint("Fix causes, not just records", ("root cause",)),
    )
    said = grade(limits, "I wouldn't change anyone's commission on my own; the manager does.")
    assert [h.label for h in said.covered] == ["Does not set compensation"]
    # a negation inside the label is no licence: "never looked for the root cause" denies it
    denied = grade(limits, "We never looked for the root cause of the bad records.")
    assert denied.covered == []


def test_a_keyword_that_says_a_negation_matches_it():
    assert keyword_matches("no surprises", "I briefed the CFO first, so there were no surprises.")


# --- Comma runs of bare terms -------------------------------------------------------


def _masked(text: str) -> list[str]:
    return [tok.lower for s in read(text) for tok in s.tokens if tok.masked]


def test_a_comma_run_of_terms_is_masked_but_not_the_clause_that_carries_it():
    (sentence,) = read("I focused on reporting, CRM, CAC, pipeline and churn.")
    assert sentence.list_items == 5
    assert _masked(sentence.text) == ["crm", "cac", "pipeline", "churn"]
    # A run of longer terms is a list too, even with a verb in one ("met deadline").
    assert _masked("I tracked it: win rate, exit criteria, forecast call, met deadline.") == [
        "exit",
        "criteria",
        "forecast",
        "call",
        "met",
        "deadline",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "I interviewed the reps, cut the fields, piloted it with one team and trained "
        "the managers.",
        "We added exit criteria, ran weekly calls, weighted the pipeline and cut stale deals.",
        "Serve both new recruits, through structured onboarding, and established reps, "
        "through ongoing refreshers.",
        "Pipeline, forecast and quota are the three words every rep hears.",  # 3 items
    ],
)
def test_a_run_of_actions_or_a_short_series_is_read(text):
    assert _masked(text) == []


def test_asides_between_commas_are_no_list_of_terms():
    """ "I'd also communicate, to the CEO and finance, honestly, what happened" was masked
    as a run of terms, and its point was not read; so was "..., looking at trends"."""
    (sentence,) = read(
        "I'd also communicate, to the CEO and finance, honestly, what happened and the "
        "expected outcome."
    )
    assert not any(tok.masked for tok in sentence.tokens)
    (told,) = read("I analyse it, usually in Excel or Tableau, looking at trends and comparisons.")
    assert not any(tok.masked for tok in told.tokens)
    (terms,) = read("I looked at CRM, CAC, pipeline and churn.")
    assert [tok.lower for tok in terms.tokens if tok.masked] == ["cac", "pipeline", "churn"]


def test_terms_in_a_comma_run_cover_no_key_point():
    q = _question(
        KeyPoint("Pipeline", ("pipeline",)),
        KeyPoint("Churn", ("churn",)),
        KeyPoint("Acquisition cost", ("cac",)),
    )
    listed = grade(q, "In my last role I focused on reporting, CRM, CAC, pipeline and churn.")
    assert listed.covered == []
    told = grade(q, "I rebuilt the pipeline review and cut churn by a third in one year.")
    assert [h.label for h in told.covered] == ["Pipeline", "Churn"]


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        # a modal in a contraction, commands joined to it, "does not" before a verb
        (
            "Then I'd look at why the rules caught live contacts, fix them, and agree a "
            "sign-off step with the leaders, so this does not happen again.",
            5,
        ),
        ("We would not archive anything, and never merge the records twice.", 2),
        # a series of terms after a verb is one clause, however it is joined
        ("I'd review pipeline, forecast and quota every week.", 1),
        ("I looked at churn, forecast, pipeline and the quota.", 1),
        # a command with a particle ("set up a"), and one whose object is a gerund
        (
            "I'd present the findings to both leaders together, recommend cutting the weakest "
            "sources, and set up a monthly dashboard.",
            3,
        ),
        ("I'd review the pipeline, forecast accuracy and quota set up.", 1),
    ],
)
def test_clauses_are_counted_by_the_verbs_that_head_them(text, clauses):
    (sentence,) = read(text)
    assert sentence.clauses == clauses


def test_three_commands_in_one_sentence_can_cover_three_points():
    q = _question(
        KeyPoint("Find the cause", ("merge rules",)),
        KeyPoint("Fix the rules", ("fix",)),
        KeyPoint("Owners sign off", ("sign-off",)),
        KeyPoint("Keep cleaning", ("next clean-up",)),
    )
    told = grade(
        q,
        "Then I'd look at why the merge rules caught live contacts, fix them, and agree a "
        "sign-off step with sales leaders before the next clean-up.",
    )
    assert {"Find the cause", "Owners sign off", "Keep cleaning"} <= {h.label for h in told.covered}


# --- Word salad ---------------------------------------------------------------------


def test_sentences_ending_in_it_are_no_word_salad():
    """Found trying drill as a new user: three sentences ending "say it", "drive it" and
    "for it" made a good answer word salad as a whole, and it scored 0."""
    answer = (
        "Sales enablement is about helping reps sell, so they know what to say and how to "
        "say it. Ops asks whether the engine is built right, enablement asks whether the "
        "drivers can drive it. Ops can show enablement which stage reps lose deals at, and "
        "enablement builds the training for it. They should agree who owns what."
    )
    sentences = read(answer)
    assert all(s.readable for s in sentences)
    assert not any(s.garbled for s in sentences)
    # a subject left dangling at the end is still odd: "...and then we."
    (dangling,) = read("We pulled the data and then we.")
    assert dangling.odd_pairs == 1


def test_word_salad_is_not_read():
    (sentence,) = read("the of we the pipeline and a reps of the quota to we.")
    assert sentence.garbled and not sentence.readable


def test_a_shuffled_answer_is_word_salad_as_a_whole():
    words = STRONG.split()
    random.Random(7).shuffle(words)
    assert not any(s.readable for s in read(" ".join(words)))


@pytest.mark.parametrize(
    "text",
    [
        STRONG,
        "so at my last job the pipeline was flat. i talked to the VP of Sales and the "
        "Head of Revenue Operations. we rebuilt routing in Salesforce. then i trained the "
        "team on the new Lead Scoring Model. pipeline grew 20% in two quarters.",
        "I met the CRO before we started, and I was told to be ready for an in-person "
        "review. We had $400 a month per seat to spend, by about 10% more than before.",
    ],
)
def test_real_answers_are_not_word_salad(text):
    assert not any(s.garbled for s in read(text))


def _question(*points: KeyPoint) -> Question:
    return Question(
        id="q-test-sentences",
        prompt="How do you run the numbers for a sales team?",
        category="technical",
        roles=("analyst",),
        difficulty=1,
        what_it_tests="Reading sentences.",
        key_points=points,
        model_answer=ModelAnswer(parts=(("steps", ("Track the pipeline.",)),)),
        follow_ups=(),
    )


@pytest.mark.parametrize(
    ("line", "readable"),
    [
        # A note's term, then what it does in words of its own (found in typed notes)
        ("Protected ranges: nobody overwrites formulas", True),
        ("Conditional formatting: past close dates, no next step", True),
        # a label over terms or figures says nothing by itself
        ("Filters, sort, freeze panes: daily", False),
        ("Result: 78% and 86%", False),
    ],
)
def test_a_note_line_that_says_what_its_term_does_is_read(line, readable):
    assert read(line)[0].readable is readable


def test_shorthand_typed_in_notes_reads_as_the_words_it_stands_for():
    [with_reps] = read("Sat w/ the reps and piloted it w/o a control group")
    assert [tok.lower for tok in with_reps.tokens][1:2] == ["with"]
    assert "without" in [tok.lower for tok in with_reps.tokens]
    # the "/" of "w/" joins no list: as many items as the words written out
    assert with_reps.items == read("Sat with the reps and piloted it without a group")[0].items
    [notes] = read("Done in 10 wks w/ 3 mgrs, recs adopted by 2 depts")
    words = {t.lower for t in notes.tokens}
    assert {"weeks", "managers", "recommendations", "departments"} <= words
    from salesops_drill.grading.numbers import measures

    assert [(q.value, q.unit) for q in measures("over 2 qtrs, 10 wks")] == [
        (2.0, "quarters"),
        (10.0, "weeks"),
    ]


@pytest.mark.parametrize(
    ("keyword", "note"),
    [
        ("conversion rates", "- open pipe: stage conv. rates from 8 qtrs CRM hist"),
        ("first customer payment", "- pay on first cust payment"),
        ("forecast accuracy", "- publish wkly: fcst accuracy by mgr"),
        ("pipeline", "- open pipe by stage"),
        ("executives", "- monthly readout to execs"),
    ],
)
def test_more_shorthand_of_notes_reads_as_its_words(keyword, note):
    assert keyword_matches(keyword, note)


def test_a_shorthand_full_stop_ends_no_sentence():
    """ "conv." and "approx." are shorthand, not the end of a sentence, when the line goes
    on in lower case or with a figure; a full stop after a plain word still ends one."""
    assert len(read("Stage conv. rates from 8 qtrs of history")) == 1
    assert len(read("We cut the cycle by approx. 20% in a quarter.")) == 1
    assert len(read("I met the sales dir. He agreed to the pilot.")) == 2
    assert len(read("Pipeline was fine. margins were not.")) == 2


@pytest.mark.parametrize("typed", ["1:1s", "one-to-ones", "one on one", "One-on-One", "1-1"])
def test_a_one_on_one_is_one_word_however_it_is_typed(typed):
    assert keyword_matches("one-on-ones", f"I held weekly {typed} with each analyst")
    assert keyword_matches("one-to-one", f"I held weekly {typed} with each analyst")
