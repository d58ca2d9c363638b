"""Offline feedback on interview answers.

Everything here is a pure function of the question and the text: no network, no model,
no clock. The answer is read sentence by sentence (:mod:`.sentences`), key points are
found with quoted evidence (:mod:`.matching`), numbers are read by value (:mod:`.numbers`)
and checked against expected figures (:mod:`.figures`), STAR parts are credited for
content (:mod:`.star`), and :mod:`.feedback` turns that into a score and tips;
:mod:`.summary` rolls a session up.
Every tunable lives in :mod:`.tunables`.
"""

from __future__ import annotations

from .feedback import Feedback, grade, grade_follow_up, tips_for
from .figures import FigureCheck
from .fillers import count_fillers
from .matching import KeyPointHit, keyword_matches
from .numbers import find_numbers, quantities
from .relevance import TopicModel
from .sentences import count_words
from .star import detect_parts, detect_star
from .summary import (
    AGAIN,
    EASY,
    GOOD,
    HARD,
    SELF_RATING_SCALE,
    SELF_RATING_SHORT,
    SessionSummary,
    review_rating,
    summarize_session,
)
from .tunables import (
    FEEDBACK_FORMAT,
    FILLER_PENALTY_MAX,
    SCORE_WEIGHTS,
    STAR_PART_WEIGHTS,
    WORD_RANGES,
)

__all__ = [
    "AGAIN",
    "EASY",
    "FEEDBACK_FORMAT",
    "FILLER_PENALTY_MAX",
    "GOOD",
    "HARD",
    "SCORE_WEIGHTS",
    "SELF_RATING_SCALE",
    "SELF_RATING_SHORT",
    "STAR_PART_WEIGHTS",
    "WORD_RANGES",
    "Feedback",
    "FigureCheck",
    "KeyPointHit",
    "SessionSummary",
    "TopicModel",
    "count_fillers",
    "count_words",
    "detect_parts",
    "detect_star",
    "find_numbers",
    "grade",
    "grade_follow_up",
    "keyword_matches",
    "quantities",
    "review_rating",
    "summarize_session",
    "tips_for",
]
