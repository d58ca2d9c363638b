"""Feedback on one answer: key points with quoted evidence, expected figures, STAR,
measured results, length and fillers, a score that summarises them, and tips that fit the
question's category.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from salesops_drill.bank import KeyPoint, Question, category_rules
from salesops_drill.timing import over_time as is_over_time
from salesops_drill.timing import whole_seconds

from . import tunables as t
from .figures import (
    FigureCheck,
    check_figure,
    figure_points,
    found_elsewhere,
    worked_values,
)
from .fillers import count_fillers
from .matching import KeyPointHit, match_points, mentions, reversed_ratios
from .numbers import Quantity, measures, quantities
from .sentences import Sentence, count_words, read
from .star import detect_parts, measured_results, result_measures
from .words import TOKEN_RE, word_info

if TYPE_CHECKING:
    from .relevance import TopicModel


@dataclass(frozen=True)
class Feedback:
    question_id: str
    category: str
    covered: list[KeyPointHit]
    missed: list[str]
    coverage: float
    star: dict[str, bool] | None
    quantified: bool
    numbers: list[str]
    fillers: dict[str, int]
    filler_count: int
    words: int
    word_range: tuple[int, int]
    length_verdict: str  # "short" | "ok" | "long"
    seconds_used: float | None
    time_limit_s: int | None
    over_time: bool
    score: float
    tips: list[str]
    #: One concrete next step per missed point, taken from the point itself.
    next_steps: list[str] = field(default_factory=list)
    figures: list[FigureCheck] = field(default_factory=list)
    #: Most of the answer is terms without clauses: "tell what you did".
    list_like: bool = False
    #: Some sentences are business filler ("a holistic, best-in-class culture"): they
    #: show no key point (see sentences._hollow).
    hollow: bool = False
    #: The user's corrections: key point label -> covered (True) or not (False).
    corrections: dict[str, bool] = field(default_factory=dict)
    #: The interview was stopped while this answer was being typed: it is what was typed
    #: so far, graded as it stands.
    stopped: bool = False
    #: The answer reads as one to another question (see :mod:`.relevance`): only points
    #: said with a paraphrase or a term of several words count.
    off_topic: bool = False
    format: int = t.FEEDBACK_FORMAT

    @property
    def points_total(self) -> int:
        return len(self.covered) + len(self.missed)

    @property
    def corrected_coverage(self) -> float:
        """Coverage once the user's corrections are applied."""
        total = self.points_total
        if not total:
            return self.coverage
        covered = {h.label for h in self.covered}
        for label, said in self.corrections.items():
            if said:
                covered.add(label)
            else:
                covered.discard(label)
        return round(len(covered) / total, 4)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["word_range"] = list(self.word_range)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Feedback:
        """Inverse of :meth:`to_dict`, for this format and every older one."""
        d = dict(d)
        d.setdefault("format", 1)
        known = set(cls.__dataclass_fields__)
        d = {k: v for k, v in d.items() if k in known}
        d["covered"] = [KeyPointHit(**_known(KeyPointHit, h)) for h in d.get("covered", [])]
        d["figures"] = [FigureCheck(**f) for f in d.get("figures", [])]
        d["word_range"] = tuple(d.get("word_range") or t.DEFAULT_WORD_RANGE)
        if d.get("seconds_used") is not None and d.get("time_limit_s") is not None:
            # judged by today's rule, so an old answer reads the same as a new one
            d["over_time"] = is_over_time(d["seconds_used"], d["time_limit_s"])
        return cls(**d)


def _known(kind: type, values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k in kind.__dataclass_fields__}


def grade(
    question: Question,
    answer: str,
    seconds_used: float | None = None,
    time_limit_s: int | None = None,
    topics: TopicModel | None = None,
) -> Feedback:
    """Feedback on one typed answer. ``time_limit_s`` defaults to the question's limit.

    With ``topics`` (the bank's :class:`~.relevance.TopicModel`), an answer that reads as
    one to another question is credited only for the points it says outright.
    """
    limit = time_limit_s if time_limit_s is not None else question.time_limit
    on_topic = topics is None or topics.fit(question.id, answer or "").on_topic
    return grade_points(
        answer,
        on_topic=on_topic,
        exclude=question_words(question.prompt),
        question_id=question.id,
        category=question.category,
        key_points=question.key_points,
        figures=question.figures,
        stated=tuple(measures(question.prompt)),
        seconds_used=seconds_used,
        time_limit_s=limit,
    )


def question_words(prompt: str) -> frozenset[str]:
    """Lemmas of the question's own words: repeating the question shows no point."""
    from .words import STOP_WORDS, TOKEN_RE, word_info

    out: set[str] = set()
    for raw in TOKEN_RE.findall(prompt):
        if raw.lower() not in STOP_WORDS:
            out |= word_info(raw.lower()).lemmas
    return frozenset(out)


def grade_follow_up(question: Question, prompt: str, answer: str) -> Feedback | None:
    """Feedback on a follow-up answer, against the follow-up's own key points where the
    content gives them (else against the question's points it has not yet covered)."""
    points = question.follow_up_key_points(prompt)
    if not points:
        return None
    return grade_points(
        answer,
        exclude=question_words(prompt),
        question_id=question.id,
        category="follow-up",
        key_points=points,
        figures=(),
        stated=tuple(measures(prompt)),
        seconds_used=None,
        time_limit_s=None,
    )


def grade_points(
    answer: str,
    *,
    exclude: frozenset[str] = frozenset(),
    question_id: str,
    category: str,
    key_points: tuple[KeyPoint, ...],
    figures: tuple = (),
    stated: tuple[Quantity, ...] = (),
    seconds_used: float | None,
    time_limit_s: int | None,
    on_topic: bool = True,
) -> Feedback:
    text = (answer or "").replace("\u2019", "'").replace("\u2018", "'")
    sentences = read(text)
    words = count_words(text)
    # marks key terms
    covered, missed, _dense = match_points(key_points, sentences, text, exclude, on_topic)
    story = category == "behavioral"
    # A result of the work given as a measure; "I would expect the error to fall to 5%"
    # measures a plan, not a story. A number the question gives, said again ("break the
    # 60 days down"), measures nothing new.
    measured = [
        (s, q)
        for s in measured_results(sentences, not story)
        for q in result_measures(s)
        if not any(given.unit == q.unit and given.value == q.value for given in stated)
    ]
    if on_topic:  # any story has an outcome: off topic, it is not this question's
        covered, missed = _credit_measured_results(key_points, covered, missed, measured, text)
    # Length counts sentences that tell something: not lists, not stock phrases + a term.
    readable_words = sum(count_words(s.text) for s in sentences if s.tells)
    word_range = t.for_category(category).words
    star_category = category_rules(category).star

    figure_checks = _check_figures(figures, sentences, stated)
    # A ratio said upside down ("quota divided by bookings") is wrong maths, not coverage.
    for label, a, b, said in reversed_ratios(key_points, sentences):
        covered = [h for h in covered if h.label != label]
        if label not in missed:
            missed = [kp.label for kp in key_points if kp.label in missed or kp.label == label]
        figure_checks.append(
            FigureCheck(
                label,
                f"{a} divided by {b}",
                said,
                "wrong",
                f"{label}: it is {a} divided by {b}, not the other way round.",
            )
        )
    # A point that states a figure ("CAC is $2,000") is covered only where the answer
    # reaches that figure: its method alone, or a wrong result, does not make it true.
    unproven = figure_points(key_points, figures, figure_checks)
    if unproven:
        covered = [h for h in covered if h.label not in unproven]
        missed = [kp.label for kp in key_points if kp.label in missed or kp.label in unproven]
    # A figure the answer works out counts like a key point; one it leaves out is only a
    # tip (questions often accept one of several routes), one it gets wrong costs points.
    attempted = [f for f in figure_checks if f.status != "missing"]
    items = len(key_points) + len(attempted)
    got = len(covered) + sum(1 for f in attempted if f.status == "right")
    coverage = (got / items) if items else (1.0 if readable_words else 0.0)
    star = detect_parts(sentences, category == "situational") if star_category else None
    results = [q.text for _, q in measured]
    # A calculation's right answer is a result given as a number, whatever its sentence.
    results += [f.given for f in figure_checks if f.status == "right" and f.given not in results]
    fillers = count_fillers(text)
    filler_count = sum(fillers.values())
    hollow_words = sum(count_words(s.text) for s in sentences if s.hollow and not s.garbled)
    # unread for another reason than filler: terms without sentences
    unread = words - readable_words - hollow_words
    list_like = words > 0 and unread / words >= t.LIST_LIKE_SHARE
    hollow = hollow_words > 0
    wrong = sum(1 for f in figure_checks if f.status == "wrong")
    score = 0.0
    if words:
        score = _score(category, coverage, star, bool(results), readable_words, word_range)
        score -= min(t.FILLER_PENALTY_MAX, t.FILLER_PENALTY * max(0, filler_count - t.FILLER_FREE))
        score -= t.WRONG_FIGURE_PENALTY * wrong
        score = round(min(100.0, max(0.0, score)), 1)
    over_time = is_over_time(seconds_used, time_limit_s)
    feedback = Feedback(
        question_id=question_id,
        category=category,
        covered=covered,
        missed=missed,
        coverage=round(coverage, 4),
        star=star,
        quantified=bool(results),
        numbers=results,
        fillers=fillers,
        filler_count=filler_count,
        words=words,
        word_range=word_range,
        length_verdict=_length_verdict(readable_words, word_range),
        seconds_used=seconds_used,
        time_limit_s=time_limit_s,
        over_time=over_time,
        score=score,
        tips=[],
        next_steps=[_next_step(kp) for kp in key_points if kp.label in missed],
        figures=figure_checks,
        list_like=list_like,
        hollow=hollow,
        off_topic=not on_topic,
    )
    return replace(feedback, tips=tips_for(feedback))


def _credit_measured_results(
    key_points: tuple[KeyPoint, ...],
    covered: list[KeyPointHit],
    missed: list[str],
    measured: list[tuple[Sentence, Quantity]],
    text: str,
) -> tuple[list[KeyPointHit], list[str]]:
    """A ``measured_result`` point the words missed, covered by the first sentence that
    gives a result of the work as a measure ("disputes fell by 40 percent"): the outcome
    of the candidate's own story, which no list of words can foresee."""
    if not measured or not missed:
        return covered, missed
    sentence, quantity = measured[0]
    credited = {kp.label for kp in key_points if kp.measured_result and kp.label in missed}
    if not credited:
        return covered, missed
    start = sentence.start + quantity.start
    for kp in key_points:
        if kp.label in credited:
            covered.append(
                KeyPointHit(
                    kp.label,
                    "a measured result",
                    text[start : start + len(quantity.text)],
                    start,
                    start + len(quantity.text),
                    sentence.text,
                    sentence.start,
                    sentence.end,
                )
            )
    order = {kp.label: n for n, kp in enumerate(key_points)}
    covered.sort(key=lambda hit: order.get(hit.label, len(order)))
    return covered, [label for label in missed if label not in credited]


def _check_figures(
    figures: tuple, sentences: list[Sentence], stated: tuple[Quantity, ...]
) -> list[FigureCheck]:
    """Each expected figure judged where a real sentence names it: the numbers right after
    the name (up to the next figure's name) can be right or wrong; the numbers just before
    it ("$20,000 of lifetime value") can only be right. One named nowhere, or with a
    wrong number, is right where its value is said and can mean nothing else
    (``stated``: the question's numbers)."""
    if not figures:
        return []
    anywhere = [q for s in sentences if s.tells for q in worked_values(s.text)]
    # Said in a sentence naming no figure: "$20,000 of revenue per customer" (where
    # "The CAC is then $20,000" is a figure swapped, not the right one worked out).
    unnamed = [
        q
        for s in sentences
        if s.tells and not any(mentions(term, s) for f in figures for term in f.terms)
        for q in worked_values(s.text)
    ]
    checks = []
    for figure in figures:
        after: list = []
        before: list = []
        for s in (s for s in sentences if s.readable):
            named = sorted(
                {(i, f.label) for f in figures for term in f.terms for i in mentions(term, s)}
            )
            for k, (i, label) in enumerate(named):
                if label != figure.label:
                    continue
                here = s.tokens[i].start - s.start
                nxt = next((j for j, other in named[k + 1 :] if other != label), None)
                end = s.tokens[nxt].start - s.start if nxt is not None else len(s.text)
                prev = next((j for j, other in reversed(named[:k]) if other != label), None)
                begin = s.tokens[prev].end - s.start if prev is not None else 0
                part = s.text[here:end]
                found = worked_values(part)
                # "LTV = $400 x 12 = $4,800": the figure given is the working's result
                after.append(found[::-1] if "=" in part else found)
                before.append(worked_values(s.text[begin:here]))
        others = [f for f in figures if f.label != figure.label]
        check = check_figure(figure, after, before, others)
        if check.status != "right":
            # Also when a number by its name is wrong, if the right one is worked out in
            # a sentence of its own: "that's $20,000 of revenue per customer. On margin,
            # LTV would be $16,000."
            pool = anywhere if check.status == "missing" else unnamed
            said = found_elsewhere(figure, pool, others, list(stated))
            if said is not None:
                check = replace(
                    check, given=said.text, status="right", message=f"{figure.label} right."
                )
        checks.append(check)
    return checks


def _score(
    category: str,
    coverage: float,
    star: dict[str, bool] | None,
    quantified: bool,
    words: int,
    word_range: tuple[int, int],
) -> float:
    weights = t.SCORE_WEIGHTS[t.score_row(category)]
    star_share = sum(t.STAR_PART_WEIGHTS[p] for p, present in (star or {}).items() if present)
    relevance = min(1.0, coverage / t.RELEVANCE_FULL_AT) if t.RELEVANCE_FULL_AT else 1.0
    return weights["coverage"] * coverage + relevance * (
        weights["star"] * star_share
        + weights["quantified"] * quantified
        + weights["length"] * _length_share(words, word_range)
    )


def _length_share(words: int, word_range: tuple[int, int]) -> float:
    low, high = word_range
    if words < low:
        return words / low
    if words > high:
        return max(0.0, 1 - (words - high) / high)
    return 1.0


def _length_verdict(words: int, word_range: tuple[int, int]) -> str:
    low, high = word_range
    return "short" if words < low else "long" if words > high else "ok"


def _next_step(kp: KeyPoint) -> str:
    """What to add for a missed point. It is always shown beside the point's label, so it
    says "it" rather than repeat the label: most labels are verb phrases ("Checks the
    data first"), which read badly inside a sentence ("add a sentence on checks...")."""
    example = next((p for p in kp.paraphrases if _general(p)), None)
    if example is None:
        several = [k for k in kp.keywords if len(k.split()) > 1]
        example = next(iter((*several, *kp.keywords, *kp.paraphrases)), "")
    if not example:
        return "Cover it in a sentence."
    return f"Cover it in a sentence, e.g. with \u201c{example}\u201d."


#: Words that tie a phrasing to one story: someone in it ("protects his commission").
_STORY_PEOPLE = frozenset("he she him her his hers they them their".split())


def _general(paraphrase: str) -> bool:
    """Does a paraphrase read as advice for any answer? Many are the words of one story
    ("reconnected the calendar", "took over the pack in ten weeks"), which mean nothing
    to a candidate telling another: something done (a past form), someone in it, or a
    number of its own."""
    words = [w.lower() for w in TOKEN_RE.findall(paraphrase)]
    if _STORY_PEOPLE.intersection(words) or quantities(paraphrase):
        return False
    return not any(word_info(w).verb_form and not word_info(w).base_verb for w in words)


# ---------------------------------------------------------------- tips

#: What to say when a STAR part is missing, for stories and for plans.
_STAR_TIPS = {
    "situation": (
        "Open with the context: where you were and what was wrong, with a number.",
        "Start by reading the scenario: what you would check first and why.",
    ),
    "task": (
        "Say what you were asked to achieve, or what your goal was.",
        "Say what you would aim for: the goal and by when.",
    ),
    "action": (
        "Say what you did, step by step (I built..., I ran...).",
        "Give your plan as steps: what you would do first, then next.",
    ),
    "result": (
        "End with the result, as a number: what changed, from what to what, or by how much.",
        "Say what outcome you would expect, and how you would measure it.",
    ),
}


def tips_for(fb: Feedback) -> list[str]:
    """The 1-3 most useful things to change, most important first, fitting the category."""
    if fb.words == 0:
        return ["Your answer is empty: write the main points, even as a short list."]
    tips: list[str] = []
    if fb.off_topic:
        tips.append("Answer the question asked: little of this answer is about it.")
    if fb.list_like:
        tips.append("This reads like a list of terms: tell what you did, in sentences.")
    if fb.hollow:
        tips.append("Swap buzzwords (holistic, best-in-class) for a step, a number or an example.")
    for check in fb.figures:
        if check.status == "wrong":
            tips.append(check.message)
    if fb.missed:
        shown = ", ".join(fb.missed[:3])
        more = f" (+{len(fb.missed) - 3} more)" if len(fb.missed) > 3 else ""
        tips.append(f"Cover: {shown}{more}.")
    for check in fb.figures:
        if check.status == "missing":
            tips.append(f"Give the figure for {check.label}, with the working.")
    plan = fb.category == "situational"
    star = fb.star or {}
    for part in ("action", "result", "situation", "task"):
        if star and not star.get(part, True):
            tips.append(_STAR_TIPS[part][1 if plan else 0])
    row = t.score_row(fb.category)
    if not fb.quantified and row != "plain" and not (star and not star.get("result", True)):
        if fb.category == "problem-solving":
            tips.append("Put a number on it: what the problem costs, or what the fix changes.")
        elif fb.category == "technical":
            tips.append("Say how you would measure it: the metric and the change you expect.")
    low, high = fb.word_range
    if fb.length_verdict == "short":
        tips.append(f"Too short: aim for {low}-{high} words in full sentences, with an example.")
    if fb.over_time and fb.seconds_used is not None:
        used = whole_seconds(fb.seconds_used)
        tips.append(f"Over time ({used} s, limit {fb.time_limit_s} s): lead with the point.")
    elif fb.length_verdict == "long":
        tips.append(f"Tighten it: {fb.words} words, aim for at most {high}.")
    if fb.filler_count > t.FILLER_FREE:
        top = ", ".join(f"{w} x{n}" for w, n in Counter(fb.fillers).most_common(3))
        tips.append(f"Cut filler words ({top}): pause instead.")
    if not tips:
        limit = f" in under {fb.time_limit_s} s" if fb.time_limit_s else ""
        tips.append(f"Strong answer: now say it aloud{limit} without notes.")
    return tips[: t.MAX_TIPS]
