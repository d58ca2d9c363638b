"""Is an answer about the question it answers, or about another one?

Key points are found word by word, so an answer to a different question of the same
field shares many of their terms: an answer on territory reassignment names segments,
coverage and prioritising, which are also points of a question on untapped segments.
A hiring manager would give it little credit; the matcher alone gave it all.

So each answer is also compared with the whole question bank, as a search engine
compares a query with documents (TF-IDF, cosine similarity): each question is a document
of its prompt, what it tests, its key points and its model answer, and a word weighs
more the fewer questions use it. An answer is off topic when it is like no question of
the bank (a story about a marathon), or when it is far less like the question asked than
like another one (see :mod:`.tunables`). Questions close to each other (two on missed
targets) stay on topic for each other's answers, since the asked one is about as close
as the closest; a story may be far more like another question than the one asked before
it is judged off topic, since stories are specific and story questions general. A short
answer is judged only the surest way, when it is plainly about another question: its few
words often share little with any question, however apt they are, so being like no
question says little of it. A very short one is not judged at all.

An off-topic answer is still read, but only by its clearer evidence: a point must be
said with a paraphrase or a term of several words, not by one shared word or the words
of a point scattered over a sentence.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from . import tunables as t
from .words import STOP_WORDS, TOKEN_RE, canonical

if TYPE_CHECKING:
    from salesops_drill.bank import Question


class Fit(NamedTuple):
    """How an answer compares with the question asked and with the closest question."""

    similarity: float  # to the question asked, 0-1
    best: float  # to the question of the bank it is most like
    on_topic: bool


def _terms(text: str) -> Counter[str]:
    """Each content word once per use, as one form of its lemma ("reps" and "rep" alike)."""
    counts: Counter[str] = Counter()
    for raw in TOKEN_RE.findall(text):
        lower = raw.lower()
        if lower in STOP_WORDS or not lower[0].isalpha():
            continue
        counts[canonical(lower)] += 1
    return counts


def _question_text(question: Question) -> Iterable[str]:
    yield question.prompt
    yield question.what_it_tests
    for kp in question.key_points:
        yield kp.label
        yield from kp.keywords
        yield from kp.paraphrases
    yield question.model_answer.summary
    for _name, lines in question.model_answer.parts:
        yield from lines


class TopicModel:
    """The question bank as weighted word vectors, built once per bank."""

    def __init__(self, questions: Sequence[Question]) -> None:
        docs = {q.id: _terms(" ".join(_question_text(q))) for q in questions}
        used_by: Counter[str] = Counter()
        for counts in docs.values():
            used_by.update(counts.keys())
        n = len(docs)
        # Smoothed: a word every question uses still weighs a little, so even a bank of
        # one question tells an answer to it from a story about something else.
        self._idf = {w: math.log((1 + n) / (1 + k)) + 1 for w, k in used_by.items()}
        self._unseen = math.log(1 + n) + 1
        self._vectors = {qid: self._vector(counts) for qid, counts in docs.items()}
        self._share = {q.id: t.for_category(q.category).on_topic_share for q in questions}

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        weights = {w: (1 + math.log(k)) * self._idf.get(w, self._unseen) for w, k in counts.items()}
        norm = math.sqrt(sum(x * x for x in weights.values()))
        return {w: x / norm for w, x in weights.items()} if norm else {}

    def fit(self, question_id: str, answer: str) -> Fit:
        """How ``answer`` fits the question ``question_id``. A question the model does not
        hold, or an answer too short to judge by its words (the grader says it is too
        short), counts as on topic; a short one is off topic only when plainly another
        question's."""
        asked = self._vectors.get(question_id)
        terms = _terms(answer)
        count = sum(terms.values())
        if asked is None or count < t.ON_TOPIC_SHORT_MIN_WORDS:
            return Fit(0.0, 0.0, True)
        vector = self._vector(terms)
        sims = [_dot(vector, v) for v in self._vectors.values()]
        similarity, best = _dot(vector, asked), max(sims)
        if count < t.ON_TOPIC_MIN_WORDS:  # short: only when plainly another question's
            off_topic = (
                best >= t.ON_TOPIC_SOME_QUESTION and similarity < t.ON_TOPIC_SHORT_SHARE * best
            )
        else:
            off_topic = (
                best < t.ON_TOPIC_SOME_QUESTION or similarity < self._share[question_id] * best
            )
        return Fit(similarity, best, not off_topic)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())
