"""Offline feedback on a typed interview answer.

Everything here is a pure function of the question and the text: no network, no model,
no clock, standard library only. :func:`grade` checks one answer against the question's
key points (tolerant keyword matching), looks for the STAR parts, numbers, filler words
and length, and turns that into a 0-100 score and a few concrete tips.
:func:`summarize_session` rolls a session's feedback up into suggestions, and
:func:`review_rating` maps an answer onto the scheduler's 1-4 rating.

Keyword matching, in short (details at :func:`_stem`, :func:`_near` and
:meth:`_Answer.find`):

- case-insensitive; punctuation ignored; "buy-in" == "buy in" == "buyin";
- a light stemmer folds plurals and -ing/-ed/-ly/-er ("forecasts", "forecasting",
  "forecasted", "forecaster" all match "forecast"; "privately" matches "private");
- typo tolerance only for words whose stem has 6+ letters, same first letter, length
  within one: one typo (a missing, extra, swapped or wrong letter), two for 9+ letters
  when the first two letters agree. A substitution costs 1.5 so that two wrong letters
  ("attainment"/"attachment") never pass. Words known to be real words (a short list of
  sales-talk confusables plus every word of the question itself) are never typos;
- multi-word keywords match when their words appear in order with at most
  ``PHRASE_WINDOW`` extra words in between; "of", "the", "a", ... are optional when the
  phrase has at least two other words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from statistics import fmean

from .bank import STAR_CATEGORIES, STAR_PARTS, Question

# --------------------------------------------------------------------------------------
# Tunables: every weight, range and threshold of the grader lives in this block.
# --------------------------------------------------------------------------------------

#: Recommended length of a *typed* answer, in words, by category. Typed answers run
#: shorter than spoken ones (40-60 wpm at the keyboard against the 180 s default limit),
#: so these sit a little below the usual "two minutes spoken" advice.
WORD_RANGES: dict[str, tuple[int, int]] = {
    "behavioral": (120, 300),
    "situational": (120, 300),
    "technical": (80, 250),
    "problem-solving": (100, 300),
    "role-knowledge": (50, 180),
}
DEFAULT_WORD_RANGE: tuple[int, int] = (100, 250)

#: Points per component; each row sums to 100. Coverage of the key points dominates.
#: A component earns its weight times a 0-1 sub-score:
#:   coverage   share of key points covered
#:   star       STAR_PART_WEIGHTS of the parts present (STAR categories only)
#:   quantified 1 if the answer gives at least one number, else 0
#:   length     1 inside the word range, falling linearly below it (words / low) and
#:              above it (0 at twice the upper bound)
SCORE_WEIGHTS: dict[str, dict[str, float]] = {
    "star": {"coverage": 55, "star": 20, "quantified": 10, "length": 15},
    "other": {"coverage": 75, "star": 0, "quantified": 10, "length": 15},
}
#: Interviewers weigh what you did and what came of it most.
STAR_PART_WEIGHTS: dict[str, float] = {
    "situation": 0.15,
    "task": 0.15,
    "action": 0.35,
    "result": 0.35,
}
#: Then a small penalty: FILLER_PENALTY points per filler beyond the first FILLER_FREE,
#: at most FILLER_PENALTY_MAX.
FILLER_FREE = 2
FILLER_PENALTY = 1.0
FILLER_PENALTY_MAX = 10.0

#: Extra answer words allowed inside a multi-word keyword ("pilot ... first").
PHRASE_WINDOW = 3
#: Typo tolerance: stems shorter than FUZZY_MIN_LEN must match exactly; from
#: FUZZY_LONG_LEN on, two typos are allowed. Costs: insert/delete/swap 1, substitute 1.5.
FUZZY_MIN_LEN = 6
FUZZY_LONG_LEN = 9
FUZZY_BUDGET = 1.5
FUZZY_BUDGET_LONG = 2.5
SUBSTITUTION_COST = 1.5

#: review_rating thresholds on coverage.
AGAIN_BELOW = 0.34
HARD_BELOW = 0.6
EASY_FROM = 0.85

#: FSRS ratings, as the scheduler numbers them.
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4

MAX_TIPS = 3
MAX_SUGGESTIONS = 3

#: Anchors for the 1-5 self-rating asked after each answer.
SELF_RATING_SCALE: dict[int, str] = {
    1: "Couldn't answer, or left it blank.",
    2: "Started, but missed most of the main points.",
    3: "Covered the main points, but unstructured or with no evidence.",
    4: "Covered the main points in order, with an example or a number.",
    5: "Structured, complete and quantified: would impress a hiring manager.",
}

# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPointHit:
    """A covered key point: which keyword matched, and where in the answer."""

    label: str
    keyword: str
    text: str  # the answer's own words that matched, e.g. "forcasting accuracy"
    start: int  # character offsets of ``text`` in the answer
    end: int

    def to_dict(self) -> dict:
        return asdict(self)


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

    def to_dict(self) -> dict:
        d = asdict(self)
        d["word_range"] = list(self.word_range)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Feedback:
        """Inverse of :meth:`to_dict` (after a JSON round trip too)."""
        return cls(
            **{
                **d,
                "covered": [KeyPointHit(**h) for h in d["covered"]],
                "word_range": tuple(d["word_range"]),
            }
        )


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


# --------------------------------------------------------------------------------------
# Grading
# --------------------------------------------------------------------------------------


def grade(
    question: Question,
    answer: str,
    seconds_used: float | None = None,
    time_limit_s: int | None = None,
) -> Feedback:
    """Feedback on one typed answer. ``time_limit_s`` defaults to the question's limit."""
    limit = time_limit_s if time_limit_s is not None else question.time_limit
    over_time = seconds_used is not None and seconds_used > limit
    text = _clean(answer)
    words = count_words(text)
    word_range = WORD_RANGES.get(question.category, DEFAULT_WORD_RANGE)
    uses_star = question.category in STAR_CATEGORIES

    covered, missed = match_key_points(question, text)
    if not question.key_points:
        coverage = 1.0 if words else 0.0
    else:
        coverage = len(covered) / len(question.key_points)
    star = detect_star(text) if uses_star else None
    numbers = find_numbers(text)
    fillers = count_fillers(text)
    filler_count = sum(fillers.values())

    score = 0.0
    if words:
        score = _score(coverage, star, bool(numbers), words, word_range, filler_count)
    feedback = Feedback(
        question_id=question.id,
        category=question.category,
        covered=covered,
        missed=missed,
        coverage=round(coverage, 4),
        star=star,
        quantified=bool(numbers),
        numbers=numbers,
        fillers=fillers,
        filler_count=filler_count,
        words=words,
        word_range=word_range,
        length_verdict=_length_verdict(words, word_range),
        seconds_used=seconds_used,
        time_limit_s=limit,
        over_time=over_time,
        score=score,
        tips=[],
    )
    return replace(feedback, tips=_tips(feedback))


def _score(
    coverage: float,
    star: dict[str, bool] | None,
    quantified: bool,
    words: int,
    word_range: tuple[int, int],
    filler_count: int,
) -> float:
    weights = SCORE_WEIGHTS["star" if star is not None else "other"]
    star_share = sum(STAR_PART_WEIGHTS[p] for p, present in (star or {}).items() if present)
    total = (
        weights["coverage"] * coverage
        + weights["star"] * star_share
        + weights["quantified"] * quantified
        + weights["length"] * _length_share(words, word_range)
    )
    penalty = min(FILLER_PENALTY_MAX, FILLER_PENALTY * max(0, filler_count - FILLER_FREE))
    return round(min(100.0, max(0.0, total - penalty)), 1)


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


def _tips(fb: Feedback) -> list[str]:
    """The 1-3 most useful things to change, most important first."""
    if fb.words == 0:
        return ["Your answer is empty: write the main points, even as a short list."]
    tips: list[str] = []
    if fb.missed:
        shown = ", ".join(fb.missed[:3])
        more = f" (+{len(fb.missed) - 3} more)" if len(fb.missed) > 3 else ""
        tips.append(f"Cover: {shown}{more}.")
    star = fb.star or {}
    if star and not star["action"]:
        tips.append("Say what you did: the action part is missing (I built, I led, I ran...).")
    if star and not star["result"]:
        tips.append("End with the result, as a number: what changed, and by how much?")
    elif not fb.quantified:
        tips.append("Add the result as a number: what changed, by how much?")
    if star and not star["situation"]:
        tips.append("Open with one line of context: where you were and what was at stake.")
    if star and not star["task"]:
        tips.append("Say what your goal was, or what you were asked to do.")
    low, high = fb.word_range
    if fb.length_verdict == "short":
        tips.append(f"Too short ({fb.words} words): aim for {low}-{high} with one example.")
    if fb.over_time:
        tips.append(
            f"Over time ({fb.seconds_used:.0f} s of {fb.time_limit_s} s): lead with the point."
        )
    elif fb.length_verdict == "long":
        tips.append(f"Tighten it: {fb.words} words, aim for at most {high}.")
    if fb.filler_count > FILLER_FREE:
        top = ", ".join(f"{w} x{n}" for w, n in Counter(fb.fillers).most_common(3))
        tips.append(f"Cut filler words ({top}): pause instead.")
    if not tips:
        tips.append(f"Strong answer: now say it aloud in under {fb.time_limit_s} s without notes.")
    return tips[:MAX_TIPS]


# --------------------------------------------------------------------------------------
# Words and stems
# --------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
#: Words counted for length: "buy-in", "$2.4M" and "1,200" are one word each.
_WORD_RE = re.compile(r"[^\W_]+(?:['\-][^\W_]+|[.,]\d[^\W_]*)*")
_STOP_WORDS = frozenset(
    "a an the of to for and or in on at by with per from into our your my their its".split()
)
#: -er is folded ("forecaster" -> "forecast") except where it is part of the word.
_ER_KEEP = frozenset(
    "customer quarter founder partner computer container printer whether together "
    "however another register".split()
)
#: -ing is folded ("forecasting" -> "forecast") except where the base is another word.
_ING_KEEP = frozenset({"marketing", "accounting"})
#: Pairs of real words one typo apart, each side common in sales talk. A word typed
#: correctly is never taken for a typo of a keyword ("contact" is not "contract"); the
#: question's own words are added per question. Pairs the rules already keep apart
#: (quota/quote, alignment/assignment, conversion/conversation...) need no entry.
_REAL_WORDS = frozenset(
    """
    contact contract contrast product produce market marker marked revenue revenge
    expand expend intent intend invent prevent present adoption adaption automation
    automatic qualify quality persona personal retain regain
    """.split()
)


def _clean(text: str) -> str:
    return (text or "").replace("\u2019", "'").replace("\u2018", "'")


def count_words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def _norm(token: str) -> str:
    """Lower-case, possessive dropped, apostrophes removed: "Team's" -> "team"."""
    token = token.casefold()
    if "'" in token:
        token = token[:-2] if token.endswith("'s") else token
        token = token.replace("'", "")
    return token


def _undouble(w: str) -> str:
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiouylsfz":
        return w[:-1]
    return w


def _has_vowel(w: str) -> bool:
    return any(c in "aeiouy" for c in w)


@lru_cache(maxsize=32768)
def _stem(w: str) -> str:
    """A light, predictable stemmer: plurals, -ing/-ed, -ly, -er, final -e.

    Every form of a word reduces to the same stem ("price", "prices", "priced", "pricing"
    -> "pric"), which is all matching needs; stems need not be words.
    """
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "shes", "ches", "xes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w in _ING_KEEP:
        return w
    if w.endswith("ing") and len(w) >= 6 and _has_vowel(w[:-3]):
        w = _undouble(w[:-3])
    elif w.endswith("ied") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("ed") and not w.endswith("eed") and len(w) >= 5 and _has_vowel(w[:-2]):
        w = _undouble(w[:-2])
    elif w.endswith("ily") and len(w) >= 7:
        w = w[:-3] + "y"
    elif w.endswith("ly") and len(w) >= 7:
        w = w[:-2]
    if w.endswith("er") and len(w) >= 7 and w not in _ER_KEEP:
        w = _undouble(w[:-2])
    if w.endswith("e") and len(w) >= 4:
        w = w[:-1]
    return w


_REAL_STEMS = frozenset(_stem(w) for w in _REAL_WORDS)


@lru_cache(maxsize=65536)
def _near(keyword: str, word: str) -> bool:
    """Is ``word`` a typo of ``keyword`` (both stems)? Weighted, bounded edit distance.

    Insert, delete and swap of neighbours cost 1, a substitution 1.5. The budget is
    FUZZY_BUDGET, or FUZZY_BUDGET_LONG for long keywords whose first two letters agree.
    """
    if len(keyword) < FUZZY_MIN_LEN or keyword[0] != word[0]:
        return False
    if abs(len(keyword) - len(word)) > 1:
        return False
    long_ok = len(keyword) >= FUZZY_LONG_LEN and keyword[:2] == word[:2]
    budget = FUZZY_BUDGET_LONG if long_ok else FUZZY_BUDGET
    a, b = keyword, word
    before: list[float] = []
    prev = [float(j) for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        cur = [float(i)] + [0.0] * len(b)
        for j in range(1, len(b) + 1):
            sub = prev[j - 1] + (0.0 if a[i - 1] == b[j - 1] else SUBSTITUTION_COST)
            best = min(prev[j] + 1, cur[j - 1] + 1, sub)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, before[j - 2] + 1)
            cur[j] = best
        if min(cur) > budget:
            return False
        before, prev = prev, cur
    return prev[-1] <= budget


# --------------------------------------------------------------------------------------
# Keyword matching
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """One whitespace-separated piece of a keyword; "buy-in" is one unit of two parts."""

    parts: tuple[str, ...]
    optional: bool


@lru_cache(maxsize=4096)
def _parse_keyword(keyword: str) -> tuple[_Unit, ...]:
    pieces = [tuple(_norm(t) for t in _TOKEN_RE.findall(_clean(raw))) for raw in keyword.split()]
    pieces = [p for p in pieces if p]
    content = sum(1 for p in pieces if not (len(p) == 1 and p[0] in _STOP_WORDS))
    return tuple(
        _Unit(p, optional=content >= 2 and len(p) == 1 and p[0] in _STOP_WORDS) for p in pieces
    )


def _question_vocabulary(question: Question) -> frozenset[str]:
    """Stems of every word in the question: real words here, so never typos."""
    try:
        return _cached_vocabulary(question)
    except TypeError:  # a hand-built Question holding lists is not hashable
        return _vocabulary(question)


@lru_cache(maxsize=512)
def _cached_vocabulary(question: Question) -> frozenset[str]:
    return _vocabulary(question)


def _vocabulary(question: Question) -> frozenset[str]:
    ma = question.model_answer
    texts = [question.prompt, question.what_it_tests, ma.summary, *question.follow_ups]
    texts += [line for _, lines in ma.parts for line in lines]
    for kp in question.key_points:
        texts += [kp.label, *kp.keywords]
    return frozenset(_stem(_norm(t)) for text in texts for t in _TOKEN_RE.findall(_clean(text)))


#: Separators across which two tokens may be read as one word ("pipe-line", "buy in").
_JOINABLE = re.compile(r"\s?[-\u2010\u2011\u2013]\s?|\s")

Span = tuple[int, int]  # token positions, end exclusive


class _Answer:
    """An answer tokenised and indexed once, so each keyword costs a few dict lookups."""

    def __init__(self, text: str, known: frozenset[str] = frozenset()) -> None:
        self.text = text
        matches = list(_TOKEN_RE.finditer(text))
        self.offsets = [(m.start(), m.end()) for m in matches]
        norms = [_norm(m.group()) for m in matches]
        self.stems = [_stem(n) for n in norms]
        self.by_stem: dict[str, list[int]] = {}
        for i, s in enumerate(self.stems):
            self.by_stem.setdefault(s, []).append(i)
        self.norms = norms
        self.by_norm: dict[str, list[int]] = {}
        for i, n in enumerate(norms):
            self.by_norm.setdefault(n, []).append(i)
        # Typo candidates by first letter, as stem and as typed ("custmer" is stemmed to
        # "custm", so only the typed form is one letter from "customer"). Real words
        # never count as typos.
        forms: dict[str, set[int]] = {}
        for i, (n, s) in enumerate(zip(norms, self.stems, strict=True)):
            if n.isalpha() and s not in _REAL_STEMS and s not in known:
                for form in {n, s}:
                    if len(form) >= FUZZY_MIN_LEN - 1:
                        forms.setdefault(form, set()).add(i)
        self.fuzzy: dict[str, list[tuple[str, set[int]]]] = {}
        for form, where in forms.items():
            self.fuzzy.setdefault(form[0], []).append((form, where))
        self._cache: dict[str, list[int]] = {}

    def positions(self, word: str) -> list[int]:
        """Tokens matching one keyword word: same stem, or a typo of it."""
        stem = _stem(word)
        key = f"{word}|{stem}"
        if key not in self._cache:
            found = set(self.by_stem.get(stem, ()))
            if len(stem) >= FUZZY_MIN_LEN:  # short words must match exactly
                for form in {word, stem}:
                    for cand, where in self.fuzzy.get(form[0], ()):
                        if cand != form and _near(form, cand):
                            found |= where
            self._cache[key] = sorted(found)
        return self._cache[key]

    def joined(self, word: str) -> list[int]:
        """Where two neighbours read as ``word``: "pipe line", "pipe-line" -> "pipeline"."""
        stem, found = _stem(word), []
        for cut in range(2, len(word) - 1):
            for i in self.by_norm.get(word[:cut], ()):
                if i + 1 < len(self.norms) and _stem(word[:cut] + self.norms[i + 1]) == stem:
                    gap = self.text[self.offsets[i][1] : self.offsets[i + 1][0]]
                    if _JOINABLE.fullmatch(gap):
                        found.append(i)
        return found

    def unit_spans(self, unit: _Unit) -> list[Span]:
        parts = unit.parts
        if len(parts) == 1:
            spans = [(i, i + 1) for i in self.positions(parts[0])]
            spans += [(i, i + 2) for i in self.joined(parts[0])]
        else:
            spans = [(i, i + 1) for i in self.by_stem.get(_stem("".join(parts)), ())]
            later = [set(self.positions(p)) for p in parts[1:]]
            for i in self.positions(parts[0]):
                if all(i + k + 1 in pos for k, pos in enumerate(later)):
                    spans.append((i, i + len(parts)))
        return sorted(spans)

    def find(self, keyword: str) -> Span | None:
        """The earliest place the keyword matches, as a token span, or None.

        Required units must appear in order; the whole match may be at most
        PHRASE_WINDOW tokens longer than the keyword itself.
        """
        units = _parse_keyword(keyword)
        if not units:
            return None
        all_parts = [p for u in units for p in u.parts]
        whole = []
        if len(all_parts) > 1:  # "win rate" typed as "winrate"
            whole = [(i, i + 1) for i in self.by_stem.get(_stem("".join(all_parts)), ())]
        required = [self.unit_spans(u) for u in units if not u.optional]
        budget = len(all_parts) + PHRASE_WINDOW
        best = _chain(required, budget)
        candidates = [s for s in (best, whole[0] if whole else None) if s is not None]
        return min(candidates) if candidates else None

    def span_text(self, span: Span) -> tuple[str, int, int]:
        start, end = self.offsets[span[0]][0], self.offsets[span[1] - 1][1]
        return self.text[start:end], start, end


def _chain(spans_per_unit: list[list[Span]], budget: int) -> Span | None:
    """Earliest in-order chain of one span per unit, no longer than ``budget`` tokens."""
    if not spans_per_unit or not all(spans_per_unit):
        return None
    for first_start, first_end in spans_per_unit[0]:
        end = first_end
        for spans in spans_per_unit[1:]:
            ends = [e for s, e in spans if s >= end and e - first_start <= budget]
            if not ends:
                break
            end = min(ends)
        else:
            return (first_start, end)
    return None


def keyword_matches(keyword: str, text: str) -> bool:
    """Does ``keyword`` occur in ``text`` under the tolerant rules? (Handy in tests.)"""
    return _Answer(_clean(text)).find(keyword) is not None


def match_key_points(question: Question, text: str) -> tuple[list[KeyPointHit], list[str]]:
    """Covered key points (earliest matching keyword each) and the labels missed."""
    answer = _Answer(_clean(text), _question_vocabulary(question))
    covered: list[KeyPointHit] = []
    missed: list[str] = []
    for kp in question.key_points:
        found = [(span, kw) for kw in kp.keywords if (span := answer.find(kw)) is not None]
        if not found:
            missed.append(kp.label)
            continue
        span, kw = min(found, key=lambda f: f[0])
        matched, start, end = answer.span_text(span)
        covered.append(KeyPointHit(kp.label, kw, matched, start, end))
    return covered, missed


# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_RANGE = rf"{_NUM}(?:\s?(?:-|\u2013|to)\s?{_NUM})?"
_SMALL = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred"
).split()
_WORD_NUM_TAIL = r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine|hundred|thousand))*"
#: "one" is left out where it opens a story ("one day", "one of the reps").
_WORD_NUM = rf"(?:{'|'.join(_SMALL)}|a dozen|dozen){_WORD_NUM_TAIL}"
_WORD_NUM_ANY = rf"(?:one|{_WORD_NUM})"
_MAGNITUDE = r"(?:k|m|mm|bn|million|billion|thousand)"
_DURATION = (
    r"(?:business\s)?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?"
    r"|months?|quarters?|years?|yrs?|sprints?)\b"
    r"(?:\s(?:a|per|each|every)\s(?:day|week|month|quarter|year|rep))?"
)
_UNITS = (
    r"(?:reps?|aes?|sdrs?|bdrs?|csms?|sellers?|people|hires?|heads?|headcount|ftes?|leads?"
    r"|mqls?|sqls?|accounts?|logos?|deals?|opportunit(?:y|ies)|opps?|customers?|clients?"
    r"|users?|seats?|licen[cs]es?|territor(?:y|ies)|regions?|markets?|segments?|calls?"
    r"|meetings?|demos?|emails?|touches|touchpoints?|points?|basis points|bps|steps?"
    r"|stages?|fields?|reports?|dashboards?|tickets?|contracts?|renewals?|quotes?|orders?"
    r"|records?|duplicates?|tools?|systems?|workflows?|teams?|managers?|analysts?"
    r"|countries|products?|skus?|units?|members?|employees?|positions?|roles?)\b"
)
#: (kind, pattern, what a match starts with: a currency "symbol", a "digit" or a "word").
_NUMBER_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (kind, re.compile(p, re.IGNORECASE), start)
    for kind, start, p in (
        (
            "percent",
            "digit word",
            rf"(?:{_RANGE}|\b{_WORD_NUM_ANY})\s?(?:%|percent\b"
            r"|per\scent\b|percentage\spoints?\b|pp\b|pts\b)",
        ),
        ("currency", "symbol", rf"[$\u20ac\u00a3\u00a5]\s?{_NUM}(?:\s?{_MAGNITUDE}\b)?"),
        (
            "currency",
            "digit word",
            rf"\b(?:{_NUM}|{_WORD_NUM_ANY})(?:\s?{_MAGNITUDE})?\s"
            r"(?:dollars|euros|pounds|usd|eur|gbp|bucks)\b",
        ),
        ("magnitude", "digit", rf"\b{_NUM}(?:{_MAGNITUDE}\b|\s(?:million|billion|thousand)\b)"),
        ("multiplier", "digit word", rf"\b(?:{_NUM}\s?x|{_NUM}\stimes|{_WORD_NUM}\stimes)\b"),
        (
            "multiplier",
            "word",
            r"\b(?:doubled|tripled|quadrupled|halved|twice\sas|in\shalf"
            r"|by\shalf)\b",
        ),
        ("ratio", "digit", r"\b\d+(?:\.\d+)?:\d+(?:\.\d+)?\b(?!\s?(?:am|pm)\b)"),
        ("duration", "digit word", rf"\b(?:{_RANGE}|{_WORD_NUM})(?:\s?-\s?|\s){_DURATION}"),
        ("count", "digit word", rf"\b(?:{_RANGE}|{_WORD_NUM})\s+(?:[a-z][a-z-]*\s+)?{_UNITS}"),
        (
            "share",
            "word",
            rf"\b(?:half|a\sthird|a\squarter|two\sthirds|three\squarters)"
            rf"\sof\s(?:the\s|our\s|all\s|my\s)?(?:[a-z][a-z-]*\s+)?{_UNITS}",
        ),
        ("change", "word", rf"\bfrom\s[$\u20ac\u00a3]?{_NUM}%?\sto\s[$\u20ac\u00a3]?{_NUM}%?"),
    )
)
#: Where a quantity can start. The patterns are tried only there, and only those that
#: can start that way: scanning the whole text with each of them was most of the time.
_NUMBER_START = re.compile(
    r"(?P<symbol>[$\u20ac\u00a3\u00a5])|(?P<digit>(?<![\w.,-])\d)"
    r"|(?P<word>\b(?:one|a\sdozen|a\sthird|a\squarter|"
    + "|".join(_SMALL)
    + r"|dozen|half|doubled|tripled|quadrupled|halved|twice|in\shalf|by\shalf|from)\b)",
    re.IGNORECASE,
)
_PATTERNS_BY_START = {
    start: [(kind, p) for kind, p, starts in _NUMBER_PATTERNS if start in starts.split()]
    for start in ("symbol", "digit", "word")
}
#: A count, duration or change led by a bare 19xx/20xx is a year: "in 2019 our reps".
_YEAR_FIRST = re.compile(r"(?:from\s)?(?:19|20)\d\d\b(?![,.]\d)")
_YEARLESS_KINDS = frozenset({"duration", "count", "change"})


def find_numbers(text: str) -> list[str]:
    """Quantities in the text, in order: "15%", "$2.4M", "3 weeks", "3x", "40 reps".

    A year alone ("in 2019") or a list marker ("1.") is not a quantity; a bare 19xx/20xx
    counts only as a percentage or an amount of money.
    """
    text = _clean(text)
    found: list[tuple[int, int]] = []
    for anchor in _NUMBER_START.finditer(text):
        for kind, pattern in _PATTERNS_BY_START[anchor.lastgroup or "digit"]:
            m = pattern.match(text, anchor.start())
            if m and not (kind in _YEARLESS_KINDS and _YEAR_FIRST.match(m.group())):
                found.append((m.start(), m.end()))
    found.sort(key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int]] = []
    for start, end in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return [" ".join(text[s:e].split()) for s, e in kept]


# --------------------------------------------------------------------------------------
# STAR parts
# --------------------------------------------------------------------------------------

_PAST_ACTIONS = (
    "built led ran wrote set met made took brought sat spoke began sent found drew put got "
    "chose gave held kept laid spent told taught went dug rebuilt rewrote reran"
).split()
_NOT_ACTIONS = (
    "needed wanted used joined worked started realized realised noticed learned based"
).split()
#: Where a note-style sentence starts: "Interviewed eight reps. Cut the fields..."
_SENTENCE_START = r"(?:^|[.!?;:]\s+|\s[-*\u2022]\s+)"
_STAR_CUES: dict[str, re.Pattern[str]] = {
    part: re.compile("|".join(cues), re.IGNORECASE)
    for part, cues in {
        "situation": [
            r"\b(?:situation|context|background)\s?:",
            r"\bat my (?:last|previous|current|old|former|first) (?:company|job|role|employer"
            r"|firm|position|team)",
            r"\bin my (?:last|previous|current|former|first) (?:role|job|position|company)",
            r"\bat the time\b",
            r"\bwe were\b",
            r"\b(?:when|while) i was\b",
            r"\bi was working\b",
            r"\bi worked (?:at|as|for|on)\b",
            r"\bi joined\b",
            r"\bour (?:\w+ )?(?:team|company|org|organi[sz]ation|reps|pipeline|forecast"
            r"|sales|business|region) (?:was|were|had)\b",
            r"\b(?:was|were) facing\b",
            r"\bthe (?:situation|context|background)\b",
            r"\blast (?:year|quarter)\b",
            r"\b(?:a few |two |three )?(?:years|months) ago\b",
            r"\bback in\b",
            r"\bthere was a time\b",
            r"\b(?:was|were|had been) (?:stagnating|declining|missing|struggling|slipping"
            r"|losing|falling|stuck|flat)\b",
            r"\bthe (?:problem|issue|challenge) was\b",
            r"\b(?:in|given) (?:that|this|a) (?:situation|scenario|case)\b",
            r"\bif (?:i|we) (?:were|was|found|saw|noticed|joined|inherited)\b",
            r"\b(?:suppose|imagine|assuming)\b",
        ],
        "task": [
            r"\b(?:task|goal|objective)\s?:",
            rf"{_SENTENCE_START}(?:needed|had|asked|tasked|wanted) (?:to|with)\b",
            r"\b(?:my|our|the) (?:goal|job|role|task|responsibility|mandate|objective|aim"
            r"|brief|remit|target|priority|challenge|ask) (?:was|is|would be)\b",
            r"\bthe task\b",
            r"\bi was (?:responsible|accountable) for\b",
            r"\bi was (?:asked|tasked|charged|hired|brought in|told) (?:to|with)\b",
            r"\b(?:i|we) (?:needed|had|wanted) to\b",
            r"\bi(?: would|'d) need to\b",
            r"\bit was (?:up to me|my job|on me)\b",
            r"\bin charge of\b",
            r"\bi owned\b",
            r"\bi set out to\b",
        ],
        "action": [
            r"\b(?:actions?|approach|what i did)\s?:",
            rf"{_SENTENCE_START}(?!(?:{'|'.join(_NOT_ACTIONS)})\b)"
            rf"(?:[a-z]+ed|{'|'.join(_PAST_ACTIONS)}) (?!to\b)",
            rf"\bi (?:then |also |first |quickly |personally |immediately |next )?"
            rf"(?!(?:{'|'.join(_NOT_ACTIONS)})\b)(?:[a-z]+ed|{'|'.join(_PAST_ACTIONS)})\b",
            r"\bso i (?!think|believe|guess|feel|mean)\w+",
            r"\b(?:first|then|next|after that),? i\b",
            r"\bmy (?:first|next) (?:step|move|action)\b",
            r"\bi(?: would|'d| will|'ll) (?!say|think|guess|imagine)\w+",
            r"\bi'?m going to\b",
            r"\bi (?:start|begin) (?:by|with)\b",
        ],
        "result": [
            r"\b(?:results?|outcome|impact)\s?:",
            r"\bas a result\b",
            r"\b(?:which |this |that )?(?:led|leading) to\b",
            r"\bresult(?:ing|ed) in\b",
            r"\bthe (?:result|outcome|impact|upshot)\b",
            r"\bin the end\b",
            r"\bultimately\b",
            r"\bby the end of\b",
            r"\bended up\b",
            r"\b(?:we|i|it|this|that|they|which) (?:\w+ )?(?:increased|reduced|cut|grew"
            r"|improved|raised|lowered|saved|hit|exceeded|beat|doubled|tripled|halved"
            r"|recovered|boosted|shortened|lifted|dropped|rose|fell|went up|went down"
            r"|brought down|freed up)\b",
            r"\b(?:went|rose|fell|dropped|grew|climbed|improved|increased|decreased)"
            r" (?:from|by)\b",
            r"\b(?:increase|decrease|reduction|improvement|lift|drop|uplift|gain|growth"
            r"|jump) (?:of|in)\b",
            r"\bsaving (?:us|the team)\b",
            r"\b(?:this|that|which|it) (?:would|should) (?:reduce|increase|improve|cut"
            r"|mean|give|lift|raise|free)\b",
            r"\d\s?%|\bpercent\b",
        ],
    }.items()
}
#: "At Acme, ..." sets the scene; only a capitalised name counts, so "at first" does not.
_AT_NAME = re.compile(r"(?:^|[.!?\n]\s*)At (?!the\b|first\b|least\b|this\b|that\b)[A-Z]")


def detect_star(text: str) -> dict[str, bool]:
    """Which STAR parts the text shows, from wording cues."""
    text = _clean(text)
    flat = " ".join(text.split())
    found = {part: bool(_STAR_CUES[part].search(flat)) for part in STAR_PARTS}
    found["situation"] = found["situation"] or bool(_AT_NAME.search(text))
    return found


# --------------------------------------------------------------------------------------
# Fillers
# --------------------------------------------------------------------------------------

_FILLER_WORDS = frozenset("basically actually literally just really stuff".split())
_FILLER_SOUNDS = re.compile(r"(?P<um>u+m+)|(?P<uh>u+h+)|(?P<erm>er+m+)|(?P<hmm>hm+)")
#: "kind of" / "sort of" are fillers unless they name a kind: "what kind of data".
_KIND_OK = frozenset("what which this that the a any some every each one same".split())
#: "you know how we..." is a real question, not a filler.
_KNOW_OK = frozenset("how what when where why that if whether".split())


def count_fillers(text: str) -> dict[str, int]:
    """Filler words and phrases used, with counts (only those present).

    "like" counts only when comma-fenced ("it was, like, slow"), which is how a filler
    "like" is typed; "like Salesforce" is not one.
    """
    text = _clean(text)
    matches = list(_TOKEN_RE.finditer(text))
    words = [m.group().casefold() for m in matches]
    counts: Counter[str] = Counter()
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in _FILLER_WORDS:
            counts[w] += 1
        elif w == "like" and text[matches[i].end() : matches[i].end() + 1] == ",":
            counts["like"] += 1
        elif w == "you" and nxt == "know":
            after = words[i + 2] if i + 2 < len(words) else ""
            if after not in _KNOW_OK:
                counts["you know"] += 1
        elif w == "i" and nxt == "mean":
            counts["I mean"] += 1
        elif w in ("kind", "sort") and nxt == "of" and prev not in _KIND_OK:
            counts[f"{w} of"] += 1
        elif w == "or" and nxt == "something":
            counts["or something"] += 1
        elif w == "things" and words[i + 1 : i + 3] == ["like", "that"]:
            counts["things like that"] += 1
        elif w[0] in "ueh" and (sound := _FILLER_SOUNDS.fullmatch(w)):
            counts[sound.lastgroup or ""] += 1
    return dict(counts)


# --------------------------------------------------------------------------------------
# Sessions and review
# --------------------------------------------------------------------------------------

_PART_ADVICE = {
    "situation": "open with one line of context",
    "task": "say what you were asked to achieve",
    "action": "say what you did, step by step",
    "result": "end each story with the outcome",
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
        out.append(f"{_plural(n, 'answer')} left blank: write the main points, even as a list.")
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
        out.append("None of your answers gave a number: quantify your results.")
    elif unquantified >= 2:
        out.append(f"{unquantified} of {len(fbs)} answers gave no number: quantify results.")
    over = sum(1 for fb in fbs if fb.over_time)
    if over:
        out.append(f"{_plural(over, 'answer')} ran over time: aim for the limit.")
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
    return [f"{who} had no {part} part: {_PART_ADVICE[part]}."]


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


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
