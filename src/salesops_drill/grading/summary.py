"""A session's feedback rolled up, and an answer mapped onto the review schedule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from statistics import fmean

from salesops_drill.bank import Question
from salesops_drill.scheduler import AGAIN, EASY, GOOD, HARD
from salesops_drill.wording import plural

from .feedback import Feedback
from .tunables import AGAIN_BELOW, EASY_FROM, HARD_BELOW, MAX_SUGGESTIONS

#: Anchors for the 1-5 self-rating asked after each answer.
SELF_RATING_SCALE: dict[int, str] = {
    1: "Couldn't answer, or left it blank.",
    2: "Started, but missed most of the main points.",
    3: "Covered the main points, but unstructured or with no evidence.",
    4: "Covered the main points in order, with an example or a number.",
    5: "Structured, complete and quantified: would impress a hiring manager.",
}
#: The same anchors in a few words, for a screen too narrow for the whole sentences.
SELF_RATING_SHORT: dict[int, str] = {
    1: "Couldn't answer",
    2: "Missed most points",
    3: "Main points, loosely",
    4: "Main points, in order",
    5: "Would impress",
}


@dataclass(frozen=True)
class SessionSummary:
    answered: int
    overall_score: float
    category_scores: dict[str, float]
    strongest_category: str | None  # None unless at least two categories were answered
    weakest_category: str | None
    mean_self_rating: float | None
    suggestions: list[str]

    def to_dict(self) -> dict:
        return asdict(self)


#: What to do about a STAR part missing again and again: in stories, and in plans (the
#: answers to situational questions, where the parts are read as a plan's).
_PART_ADVICE = {
    "situation": "open with one line of context",
    "task": "say what you were asked to achieve",
    "action": "say what you did, step by step",
    "result": "end each story with the result, as a number",
}
_PLAN_ADVICE = {
    "situation": "start from what you would check first, and why",
    "task": "say what you would aim for, and by when",
    "action": "give your plan as steps",
    "result": "say what outcome you would expect, and how you would measure it",
}


def summarize_session(feedbacks: list[tuple[Question, Feedback, int | None]]) -> SessionSummary:
    """Mean score, strongest and weakest category, and up to three suggestions."""
    if not feedbacks:
        return SessionSummary(0, 0.0, {}, None, None, None, [])
    by_cat: dict[str, list[float]] = {}
    for q, fb, _ in feedbacks:
        by_cat.setdefault(q.category, []).append(fb.score)
    category_scores = {c: round(fmean(s), 1) for c, s in by_cat.items()}
    ranked = sorted(category_scores, key=lambda c: (category_scores[c], c))
    two = len(ranked) >= 2
    ratings = [r for _, _, r in feedbacks if r is not None]
    return SessionSummary(
        answered=len(feedbacks),
        overall_score=round(fmean(fb.score for _, fb, _ in feedbacks), 1),
        category_scores=category_scores,
        strongest_category=ranked[-1] if two else None,
        weakest_category=ranked[0] if two else None,
        mean_self_rating=round(fmean(ratings), 2) if ratings else None,
        suggestions=_suggestions(feedbacks)[:MAX_SUGGESTIONS],
    )


def _suggestions(feedbacks: list[tuple[Question, Feedback, int | None]]) -> list[str]:
    """Candidate suggestions, most useful first."""
    fbs = [fb for _, fb, _ in feedbacks if fb.words]
    out: list[str] = []
    if len(fbs) < len(feedbacks):
        n = len(feedbacks) - len(fbs)
        out.append(f"{plural(n, 'answer')} left blank: write the main points, even as a list.")
    if not fbs:
        return out
    missed = Counter(label for fb in fbs for label in fb.missed)
    repeated = [(label, n) for label, n in missed.most_common(2) if n >= 2]
    if repeated:
        first, *rest = [f"'{label}' in {n}" for label, n in repeated]
        out.append(f"Missed {first} answers" + "".join(f" and {r}" for r in rest) + ".")
    elif fmean(fb.coverage for fb in fbs) < HARD_BELOW:
        pct = round(100 * fmean(fb.coverage for fb in fbs))
        out.append(f"You covered {pct}% of the key points: read the model answers again.")
    out += _star_suggestion(feedbacks)
    unquantified = sum(1 for fb in fbs if not fb.quantified)
    if unquantified == len(fbs):
        out.append("None of your answers gave a result as a number: quantify your results.")
    elif unquantified >= 2:
        out.append(
            f"{unquantified} of {len(fbs)} answers gave no result as a number: quantify them."
        )
    over = sum(1 for fb in fbs if fb.over_time)
    if over:
        out.append(f"{plural(over, 'answer')} ran over time: aim for the limit.")
    generous = sum(
        1 for _, fb, r in feedbacks if r is not None and r >= 4 and fb.coverage < HARD_BELOW
    )
    if generous >= 2:
        out.append(
            f"You rated {generous} answers 4+ that missed key points: check the model answer "
            "before rating."
        )
    short = sum(1 for fb in fbs if fb.length_verdict == "short")
    if short >= 2:
        out.append(f"{short} answers were too short: add one concrete example to each.")
    fillers = sum(fb.filler_count for fb in fbs)
    if fillers >= 5:
        out.append(f"You used {fillers} filler words: pause instead.")
    return out


def _star_suggestion(feedbacks: Iterable[tuple[Question, Feedback, int | None]]) -> list[str]:
    """The STAR part most often missing in one category, if any is missing twice."""
    worst: tuple[int, int, str, str] | None = None  # (missing, total, category, part)
    by_cat: dict[str, list[dict[str, bool]]] = {}
    for q, fb, _ in feedbacks:
        if fb.star is not None and fb.words:
            by_cat.setdefault(q.category, []).append(fb.star)
    for cat, stars in sorted(by_cat.items()):
        for part in ("result", "action", "situation", "task"):
            missing = sum(1 for s in stars if not s[part])
            if missing and (worst is None or missing > worst[0]):
                worst = (missing, len(stars), cat, part)
    if worst is None or (worst[0] < 2 and worst[1] > 1):
        return []
    missing, total, cat, part = worst
    who = f"Your {cat} answer" if total == 1 else f"{missing} of {total} {cat} answers"
    advice = _PLAN_ADVICE if cat == "situational" else _PART_ADVICE
    return [f"{who} had no {part} part: {advice[part]}."]


def review_rating(feedback: Feedback, self_rating: int | None) -> int:
    """FSRS rating 1-4 (Again/Hard/Good/Easy) from coverage and the 1-5 self-rating.

    The weaker signal wins, so a weak answer comes back soon:
    - Again: blank, coverage < AGAIN_BELOW, or self-rating 1-2;
    - Hard: coverage < HARD_BELOW, or self-rating 3;
    - Easy: coverage >= EASY_FROM and self-rating 5;
    - Good otherwise (including no self-rating with good coverage).
    """
    if self_rating is not None and self_rating not in SELF_RATING_SCALE:
        raise ValueError(f"self-rating must be 1-5, got {self_rating!r}")
    if feedback.words == 0 or feedback.coverage < AGAIN_BELOW:
        return AGAIN
    if self_rating is not None and self_rating <= 2:
        return AGAIN
    if feedback.coverage < HARD_BELOW or self_rating == 3:
        return HARD
    if feedback.coverage >= EASY_FROM and self_rating == 5:
        return EASY
    return GOOD
