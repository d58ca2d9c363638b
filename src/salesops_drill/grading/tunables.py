"""Every weight, range and threshold of the grader, in one place.

Change a number here and the whole grader follows; no other module of the package holds a
threshold of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from salesops_drill.bank import category_rules

#: Version of the feedback JSON saved with each answer. 1: keyword hits without evidence
#: (before the grader read sentences); 2: quoted evidence, figures, corrections.
FEEDBACK_FORMAT = 2


@dataclass(frozen=True)
class CategoryTuning:
    """What the grader sets by question category (STAR is the category's own rule:
    :func:`salesops_drill.bank.category_rules`)."""

    #: Recommended length of a *typed* answer, in words. Typed answers run shorter than
    #: spoken ones (40-60 wpm at the keyboard against the 180 s default limit).
    words: tuple[int, int]
    #: A good answer gives a measured result (scored on SCORE_WEIGHTS' "quantified").
    measured: bool
    #: An answer is off topic below this share of its similarity to the question it is
    #: most like (see ON_TOPIC_SOME_QUESTION). Lower for stories: a question asks for "a
    #: time you worked with another team", and a good story of one can be more like a
    #: question about that very situation (a bookings mismatch with finance).
    on_topic_share: float = 0.45


#: The grader's table by category: one entry for each of ``bank.CATEGORIES`` (a test
#: checks), so a category's length and score row are set together.
BY_CATEGORY: dict[str, CategoryTuning] = {
    "behavioral": CategoryTuning(words=(120, 300), measured=True, on_topic_share=0.3),
    "situational": CategoryTuning(words=(100, 300), measured=True),
    "technical": CategoryTuning(words=(80, 250), measured=True),
    "problem-solving": CategoryTuning(words=(100, 300), measured=True),
    # A definition question is not asked for a measured result.
    "role-knowledge": CategoryTuning(words=(50, 180), measured=False),
}
#: For a category not in the table: no KeyError.
OTHER_CATEGORY = CategoryTuning(words=(100, 250), measured=True)
WORD_RANGES: dict[str, tuple[int, int]] = {c: x.words for c, x in BY_CATEGORY.items()}
DEFAULT_WORD_RANGE: tuple[int, int] = OTHER_CATEGORY.words


def for_category(category: str) -> CategoryTuning:
    """The grader's settings for ``category``; :data:`OTHER_CATEGORY` for one not listed."""
    return BY_CATEGORY.get(category, OTHER_CATEGORY)


def score_row(category: str) -> str:
    """The row of SCORE_WEIGHTS an answer in ``category`` is scored on."""
    if category_rules(category).star:
        return "star"
    return "measured" if for_category(category).measured else "plain"


#: Points per component; each row sums to 100. Coverage of the key points dominates.
#:   coverage   share of key points (and expected figures) covered by real sentences
#:   star       STAR_PART_WEIGHTS of the parts carried by content (STAR categories only)
#:   quantified 1 if a result is given with a measure (a change, or an outcome's size)
#:   length     1 inside the word range (counting only words in real sentences)
SCORE_WEIGHTS: dict[str, dict[str, float]] = {
    "star": {"coverage": 60, "star": 20, "quantified": 10, "length": 10},
    "measured": {"coverage": 75, "star": 0, "quantified": 15, "length": 10},
    "plain": {"coverage": 90, "star": 0, "quantified": 0, "length": 10},
}
#: Which row each category uses (see :func:`score_row`).
SCORE_ROW_BY_CATEGORY: dict[str, str] = {c: score_row(c) for c in BY_CATEGORY}
#: Interviewers weigh what you did and what came of it most.
STAR_PART_WEIGHTS: dict[str, float] = {
    "situation": 0.15,
    "task": 0.15,
    "action": 0.35,
    "result": 0.35,
}
#: Structure, numbers and length earn their points only in proportion to relevance: an
#: answer covering RELEVANCE_FULL_AT of the points earns them in full, one covering
#: nothing earns none (a well-told marathon story is not an answer about pipelines).
RELEVANCE_FULL_AT = 0.5

#: Penalties, in points.
FILLER_FREE = 2
FILLER_PENALTY = 1.0
FILLER_PENALTY_MAX = 10.0
WRONG_FIGURE_PENALTY = 12.0

# ---------------------------------------------------------------- reading sentences

#: A sentence is evidence only when it is a real clause with this many content words
#: besides key terms (of any point) and stock phrases ("my goal was", "as a result").
MIN_OTHER_CONTENT_WORDS = 2
#: A sentence with this many words of business filler (words.BUZZWORDS, BUZZ_PHRASES),
#: making this share of its content words or more, is hollow: no evidence of anything.
#: In the round-5 probes, 24% of the buzzword answers' sentences were at 0.15 or more,
#: and under 1% of any other kind's.
HOLLOW_MIN_BUZZWORDS = 2
HOLLOW_BUZZ_SHARE = 0.15
#: ... and when no more than this share of its content words are key terms.
MAX_KEY_TERM_DENSITY = 0.5
#: One clause covers at most this many key points (a real clause makes one or two): "I
#: met the reps, then I piloted it and ran training" has three clauses.
MAX_POINTS_PER_CLAUSE = 2
#: A sentence stringing this many comma/"and" items together covers one point per verb.
RUN_ON_ITEMS = 5
#: A comma run: this many items or more, each at most LIST_ITEM_MAX_WORDS words with no
#: subject or auxiliary. Its items (after the first, which carries the clause) count for
#: nothing.
LIST_MIN_ITEMS = 4
LIST_ITEM_MAX_WORDS = 3
#: ...when its items average at most this many words (bare terms, not described items),
#: or at most this share of them are actions ("added exit criteria": a list of what was
#: done is read), or whatever they are when it has LIST_ALWAYS_ITEMS items or more.
LIST_TERSE_MEAN_WORDS = 1.6
LIST_MAX_ACTION_SHARE = 0.5
LIST_ALWAYS_ITEMS = 6
#: Word-salad check: a sentence with at least this many impossible neighbours ("the of",
#: "we the", a capitalised "At" mid-sentence) and this share of its tokens is not read...
GARBLED_MIN_VIOLATIONS = 2
GARBLED_SHARE = 0.06
#: ...nor is any of an answer with this many in all, at this share of its tokens (words
#: shuffled: no real answer in the bank has a single one).
GARBLED_ANSWER_MIN = 3
GARBLED_ANSWER_SHARE = 0.02
#: ...nor of one with this many sentences opening in lower case and as many common words
#: capitalised inside sentences (sentence openers shuffled into the middle).
GARBLED_CASE_MIN = 3
#: "Reads like a list": this share of the answer's words sit outside real sentences.
LIST_LIKE_SHARE = 0.5
#: Negation reaches this many tokens after "not", "never", "no"... within its clause.
NEGATION_SCOPE = 6

# ---------------------------------------------------------------- STAR parts

#: Content words (besides stop words and stock phrases) a sentence needs to carry a part:
#: a scene with a problem or a setting; an opening line of a story without one; a task;
#: the expected outcome of a plan; a plain aim ("Find the cause and fix it by May").
SCENE_MIN_CONTENT = 4
STORY_OPENING_MIN_CONTENT = 5
TASK_MIN_CONTENT = 2
#: "My job as head of sales ops was to...": words between the task's noun and its verb.
TASK_NOUN_REACH = 6
PLAN_OUTCOME_MIN_CONTENT = 3
AIM_MIN_CONTENT = 3
#: An action acts on something: this many content words after the verb.
ACTION_MIN_OBJECT = 2

# ---------------------------------------------------------------- matching

#: Words of a multi-word keyword may be this many tokens apart; paraphrase words this many.
KEYWORD_GAP = 1
PARAPHRASE_GAP = 3
#: A paraphrase of this many content words or more matches with one of them missing.
PARAPHRASE_ONE_MISSING_FROM = 4
#: An answer is on topic (see :mod:`.relevance`) when its similarity to some question of
#: the bank reaches ON_TOPIC_SOME_QUESTION (a story about a marathon does not), and its
#: similarity to the question asked is at least its category's ``on_topic_share`` of the
#: highest (else it answers another question). Off topic, one shared word or a point's
#: words scattered over a sentence cover nothing. An answer of fewer than
#: ON_TOPIC_MIN_WORDS content words (about 90 words in all) is judged only as below: so
#: few words often share little with any question, and the grader says it is too short. Set on
#: answers written blind for this project (benchmarks/own_words.py, and 96 plainer ones):
#: of 432 answers to their own question 2 were judged off topic (0.5%), and fewer than
#: one in fifty of their openings (first three to five sentences); of the 336 own-words
#: answers graded against another question, about three in four were.
ON_TOPIC_SOME_QUESTION = 0.11
ON_TOPIC_MIN_WORDS = 40
#: A shorter answer, of ON_TOPIC_SHORT_MIN_WORDS content words or more, is judged only
#: the surest way: off topic when clearly like another question (ON_TOPIC_SOME_QUESTION)
#: and under ON_TOPIC_SHORT_SHARE of that as like the one asked. On the openings of the
#: own-words answers (their first 30 words), about 1% of those to their own question
#: were judged off topic, and about 40% of those graded against another question.
ON_TOPIC_SHORT_MIN_WORDS = 10
ON_TOPIC_SHORT_SHARE = 0.2
#: A sentence naming this many distinct words of a point (its label, keywords and
#: paraphrases, less generic words and the question's own) covers it in other words.
BAG_MIN_WORDS = 2
#: `bank validate`: an alternative matching this many bland probe answers is too generic.
GENERIC_PROBE_HITS = 2
#: Typo tolerance: only for keyword words of this length or more, one edit; the typed
#: word (never a known word) may be a letter shorter ("sprnt" for "sprint").
TYPO_MIN_LEN = 6
#: ...two edits for words this long whose first two letters agree.
TYPO_LONG_LEN = 9
#: A figure counts as given right within this relative error (rounding in the answer).
FIGURE_TOLERANCE = 0.02

# ---------------------------------------------------------------- review and tips

#: Coverage bands mapping an answer onto the scheduler's rating.
AGAIN_BELOW = 0.34
HARD_BELOW = 0.6
EASY_FROM = 0.85
MAX_TIPS = 3
MAX_SUGGESTIONS = 3
