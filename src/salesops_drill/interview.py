"""Mock interviews: choosing the questions, and recording a session answer by answer.

Pure core: no terminal. :class:`InterviewSession` commits every answer to the store the
moment it is given; the terminal flow (:mod:`salesops_drill.ui.interview_screen`) and
the scripted ``--answers`` mode both drive it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

# Answers files have their own module; these names stay importable from here too.
from salesops_drill.answers_file import (  # noqa: F401
    ScriptedAnswer,
    not_for_role,
    parse_answers,
    read_answers,
)
from salesops_drill.bank import Question
from salesops_drill.errors import UsageError
from salesops_drill.grading import (
    Feedback,
    SessionSummary,
    grade,
    grade_follow_up,
    review_rating,
    summarize_session,
)
from salesops_drill.target import ALL as ALL_ROLES  # a session of every role's questions
from salesops_drill.timing import over_time, seconds_left

if TYPE_CHECKING:
    from salesops_drill.scheduler import Scheduler
    from salesops_drill.store import Store

DEFAULT_QUESTIONS = 5
#: Questions asked in this many of the role's latest sessions count as "recent".
RECENT_SESSIONS = 3
#: A past coverage below this marks a question as weak, worth asking again.
WEAK_COVERAGE = 0.6


@dataclass(frozen=True)
class Plan:
    """The questions for one interview, and why there may be fewer than asked."""

    role: str
    questions: list[Question]
    seed: int
    requested: int
    note: str = ""


def choose_questions(
    pool: Sequence[Question],
    n: int,
    seed: int,
    recent: set[str] = frozenset(),  # type: ignore[assignment]
    weak: set[str] = frozenset(),  # type: ignore[assignment]
    first: Sequence[str] = (),
) -> list[Question]:
    """Pick ``n`` questions from ``pool``, reproducibly for a given ``seed``.

    Categories are taken in turn (in an order the seed shuffles, after those in
    ``first``, which keep their order: a goal's weakest categories), so any ``n`` of at
    least 3 spans at least 3 categories when the pool has them. Within a category,
    questions not asked recently are preferred, and weak ones more so.
    """
    rng = random.Random(seed)
    by_category: dict[str, list[Question]] = {}
    for q in sorted(pool, key=lambda q: q.id):  # pool order must not change the result
        by_category.setdefault(q.category, []).append(q)
    categories = sorted(by_category)
    rng.shuffle(categories)
    leading = [c for c in dict.fromkeys(first) if c in by_category]
    categories = leading + [c for c in categories if c not in leading]
    chosen: list[Question] = []
    while len(chosen) < n and any(by_category.values()):
        for category in categories:
            if len(chosen) >= n:
                break
            options = by_category[category]
            if not options:
                continue
            weights = [_weight(q, recent, weak) for q in options]
            pick = rng.choices(range(len(options)), weights=weights, k=1)[0]
            chosen.append(options.pop(pick))
    return chosen


def _weight(q: Question, recent: set[str], weak: set[str]) -> float:
    weight = 1.0
    if q.id in recent:
        weight *= 0.15
    if q.id in weak:
        weight *= 3.0
    return weight


def pool_for(
    role: str | None,
    questions: Sequence[Question],
    categories: Sequence[str] = (),
    difficulty: int | None = None,
) -> list[Question]:
    """The questions of ``role`` (None: every role) that pass the filters."""
    pool = [
        q
        for q in questions
        if (role is None or role in q.roles)
        and (not categories or q.category in categories)
        and (difficulty is None or q.difficulty == difficulty)
    ]
    if not pool:
        raise UsageError(f"no questions for {_whom(role)} match those filters")
    return pool


def _whom(role: str | None) -> str:
    return "any role" if role is None else f"role '{role}'"


def plan(
    role: str | None,
    questions: Sequence[Question],
    n: int,
    seed: int,
    store: Store | None = None,
    categories: Sequence[str] = (),
    difficulty: int | None = None,
    first: Sequence[str] = (),
) -> Plan:
    """The questions for ``role`` (None: every role, saved as role "all"), filtered,
    with history from ``store`` when given; categories in ``first`` are asked first, in
    that order."""
    if n < 1:
        raise UsageError("--questions must be at least 1")
    pool = pool_for(role, questions, categories, difficulty)
    name = role or ALL_ROLES
    recent, weak = history_sets(store, name, [q.id for q in pool]) if store else (set(), set())
    chosen = choose_questions(pool, min(n, len(pool)), seed, recent, weak, first)
    note = ""
    if len(pool) < n:
        note = f"Only {len(pool)} questions match for {role or 'all roles'}; asking all of them."
    return Plan(name, chosen, seed, n, note)


def plan_weakest(
    role: str | None,
    questions: Sequence[Question],
    n: int,
    seed: int,
    store: Store,
    categories: Sequence[str] = (),
    difficulty: int | None = None,
) -> Plan:
    """``--retry-weakest``: the ``n`` questions of ``role`` (None: every role) you
    answered worst lately, weakest first (see :func:`salesops_drill.stats.weakest`).

    Only questions answered at least once count; with none, a UsageError says so.
    """
    from salesops_drill.stats import weakest

    if n < 1:
        raise UsageError("--questions must be at least 1")
    pool = {q.id: q for q in pool_for(role, questions, categories, difficulty)}
    rows = store.scored_answers(pool)
    weak = weakest(rows, n, {qid: q.category for qid, q in pool.items()})
    if not weak:
        filters = " that match those filters" if categories or difficulty else ""
        raise UsageError(
            f"no answered questions yet for {role or 'any role'}{filters}, so none to retry: "
            "run 'drill interview' first, then --retry-weakest asks the ones you answered worst"
        )
    note = ""
    if len(weak) < n:
        note = (
            f"Only {len(weak)} answered question{'s' if len(weak) != 1 else ''} for "
            f"{role or 'all roles'}; asking {'it' if len(weak) == 1 else 'all of them'}."
        )
    chosen = [pool[w.question_id] for w in weak]
    return Plan(role or ALL_ROLES, chosen, seed, n, note)


def history_sets(store: Store, role: str, ids: Sequence[str]) -> tuple[set[str], set[str]]:
    """(asked in the role's latest sessions, answered weakly on average)."""
    recent = store.recent_questions(role, RECENT_SESSIONS)
    scores = store.question_scores()
    weak = set()
    for qid in ids:
        mine = scores.get(qid)
        if mine and sum(mine) / len(mine) < WEAK_COVERAGE:
            weak.add(qid)
    return recent, weak


def time_limit_for(question: Question, time_limit: int | None = None) -> int:
    """Seconds allowed for an answer: the question's own limit, else ``--time-limit``,
    else the default for its category."""
    return question.time_limit_s or time_limit or question.time_limit


@dataclass
class Countdown:
    """The clock of one answer, on an injectable monotonic clock (seconds).

    What it shows and when it says "over" follow :mod:`salesops_drill.timing`, the one
    rule used by the feedback, the scorecard and the summary too.
    """

    limit: int
    clock: Callable[[], float] = time.monotonic
    start: float = field(init=False)

    def __post_init__(self) -> None:
        self.start = self.clock()

    def elapsed(self) -> float:
        return max(0.0, self.clock() - self.start)

    def left(self) -> int:
        """Whole seconds left; negative once over time."""
        return seconds_left(self.elapsed(), self.limit)

    def over(self) -> bool:
        return over_time(self.elapsed(), self.limit)

    def expired(self) -> bool:
        """The limit is reached: the moment ``--strict`` submits."""
        return self.elapsed() >= self.limit

    def used(self, cut_off: bool = False) -> float:
        """Seconds used by the answer; one cut off at the limit used exactly the limit."""
        return float(self.limit) if cut_off else self.elapsed()


def pick_follow_up(question: Question, seed: int, position: int) -> str:
    """The follow-up to ask after ``question`` at ``position`` in a session.

    One with key points of its own is preferred, so the reply can be graded; among the
    candidates the seed and position choose, so a seeded session asks the same ones.
    """
    graded = [
        prompt
        for prompt, points in zip(question.follow_ups, question.follow_up_points, strict=False)
        if points
    ]
    options = graded or list(question.follow_ups)
    return options[(seed + position) % len(options)]


def corrected_points(feedback: Feedback) -> list[str]:
    """The key points covered once the user's corrections are applied, in the order of
    the feedback (covered first, then missed points the user says they made)."""
    said = feedback.corrections
    covered = [h.label for h in feedback.covered if said.get(h.label, True)]
    return covered + [label for label in feedback.missed if said.get(label, False)]


def corrected_coverage(feedback: Feedback) -> float:
    """Coverage with the user's corrections: key points as the user judged them, expected
    figures as the grader checked them (the same formula as the grader's coverage)."""
    if not feedback.corrections:
        return feedback.coverage
    items = feedback.points_total + len(feedback.figures)
    if not items:
        return feedback.coverage
    right = sum(1 for f in feedback.figures if f.status == "right")
    return round((len(corrected_points(feedback)) + right) / items, 4)


@dataclass
class Answered:
    question: Question
    #: The answer's row in the store; None when the session is not saved (--no-save).
    answer_id: int | None
    feedback: Feedback
    self_rating: int | None = None
    follow_up: str | None = None
    follow_up_answer: str | None = None
    #: Feedback on the follow-up answer, when the follow-up has key points of its own.
    follow_up_feedback: Feedback | None = None

    @property
    def stopped(self) -> bool:
        """Cut short: the interview was stopped while this answer was being typed."""
        return self.feedback.stopped


@dataclass
class InterviewSession:
    """One interview in progress; every call that takes input commits it at once.

    The session is written to the store with its first answer, so an interview left
    before any answer (at the ready screen, or with Ctrl-C on an empty answer) leaves
    nothing behind. With ``store=None`` nothing is ever written (``--no-save``): answers
    are graded and summarised the same way, and no review card moves.
    """

    store: Store | None
    scheduler: Scheduler
    plan: Plan
    clock: Callable[[], datetime]
    settings: Mapping[str, Any] = field(default_factory=dict)
    #: The session's id in the store, once its first answer is saved.
    session_id: int | None = field(default=None, init=False)
    answered: list[Answered] = field(default_factory=list, init=False)
    started_at: datetime = field(init=False)

    def __post_init__(self) -> None:
        self.started_at = self.clock()

    @property
    def saved(self) -> bool:
        """Whether anything of this session is in the store."""
        return self.session_id is not None

    def begin(self) -> None:
        """The interview starts now (the first question's clock starts)."""
        self.started_at = self.clock()

    def _session_id(self, store: Store) -> int:
        if self.session_id is None:
            self.session_id = store.start_session(
                self.plan.role,
                self.started_at,
                self.plan.seed,
                len(self.plan.questions),
                dict(self.settings),
            )
        return self.session_id

    def answer(
        self,
        question: Question,
        text: str,
        seconds_used: float | None = None,
        time_limit_s: int | None = None,
        stopped: bool = False,
    ) -> Answered:
        """Grade and save an answer (committed before this returns).

        ``stopped``: the interview was stopped while it was typed; it is saved and graded
        as it stands, marked as stopped, and its review card is left as it was.
        """
        limit = time_limit_s or question.time_limit
        feedback = grade(question, text, seconds_used, limit)
        if stopped:
            feedback = replace(feedback, stopped=True)
        answer_id = None
        if self.store is not None:
            from salesops_drill.store import NewAnswer

            answer_id = self.store.add_answer(
                NewAnswer(
                    session_id=self._session_id(self.store),
                    position=len(self.answered) + 1,
                    question_id=question.id,
                    answer=text,
                    answered_at=self.clock(),
                    seconds_used=seconds_used if seconds_used is not None else 0.0,
                    time_limit_s=limit,
                    over_time=feedback.over_time,
                    feedback=feedback.to_dict(),
                )
            )
        done = Answered(question, answer_id, feedback)
        self.answered.append(done)
        return done

    def follow_up(self, done: Answered, follow_up: str, text: str | None) -> Feedback | None:
        """Save the follow-up asked and the answer to it (None or blank: skipped).

        The answer is graded against the follow-up's own key points when the content
        gives them, and that feedback is saved with it in the same transaction; returns
        it (None when skipped or when the follow-up has no key points).
        """
        if text is not None and not text.strip():
            text = None
        feedback = grade_follow_up(done.question, follow_up, text) if text else None
        if self.store is not None and done.answer_id is not None:
            self.store.set_follow_up(
                done.answer_id, follow_up, text, feedback.to_dict() if feedback else None
            )
        done.follow_up, done.follow_up_answer = follow_up, text
        done.follow_up_feedback = feedback
        return feedback

    def correct(self, done: Answered, corrections: Mapping[str, bool]) -> Feedback:
        """Record which key points the user says the answer covered.

        ``corrections`` maps key point labels to covered (True) or not (False), for any
        or all of the answer's key points. Only the points where the user differs from
        the grader are kept, so ticking what the grader found is no correction; the result
        replaces any earlier correction of this answer. Saved with the answer before this
        returns; the grader's own figures are kept beside it. Returns the new feedback.
        """
        fb = done.feedback
        found = {h.label for h in fb.covered}
        known = found | set(fb.missed)
        unknown = sorted(set(corrections) - known)
        if unknown:
            raise ValueError(f"not a key point of this answer: {', '.join(unknown)}")
        kept = {
            label: bool(said)
            for label, said in corrections.items()
            if bool(said) != (label in found)
        }
        if self.store is not None and done.answer_id is not None:
            self.store.update_feedback(done.answer_id, {"corrections": kept})
        done.feedback = replace(fb, corrections=kept)
        return done.feedback

    def rate(self, done: Answered, self_rating: int | None) -> int | None:
        """Save the self-rating and reschedule the question's review card through FSRS.

        Coverage counts as the user corrected it, if they did. Returns the FSRS rating
        given, so a weak answer comes back soon in ``drill review``. A stopped answer is
        no evidence either way: its card is left as it was (returns None).
        """
        if self_rating is not None:
            if self.store is not None and done.answer_id is not None:
                self.store.set_self_rating(done.answer_id, self_rating)
            done.self_rating = self_rating
        if done.stopped:
            return None
        from salesops_drill.scheduler import CardState

        judged = replace(done.feedback, coverage=corrected_coverage(done.feedback))
        rating = review_rating(judged, self_rating)
        if self.store is None:
            return rating
        now = self.clock()
        state = self.store.get_state(done.question.id) or CardState.new(done.question.id)
        after = self.scheduler.review(state, rating, now)
        seconds = done.feedback.seconds_used
        duration = int(seconds * 1000) if seconds is not None else None
        self.store.record_review(after, rating, now, duration, source="interview")
        return rating

    def summary(self) -> SessionSummary:
        return summarize_session([(a.question, a.feedback, a.self_rating) for a in self.answered])

    def finish(self) -> SessionSummary:
        """Mark the session complete (a session with no answer was never saved)."""
        summary = self.summary()
        if self.store is not None and self.session_id is not None:
            self.store.finish_session(self.session_id, self.clock(), summary.overall_score)
        return summary


def answer_dict(done: Answered) -> dict[str, Any]:
    """What ``--json`` gives of every answer; each way of answering adds its own fields."""
    return {
        "question_id": done.question.id,
        "prompt": done.question.prompt,
        "category": done.question.category,
        "feedback": done.feedback.to_dict(),
    }


def session_dict(
    session: InterviewSession, summary: SessionSummary, answers: list[dict[str, Any]]
) -> dict[str, Any]:
    """The ``--json`` document of a finished interview (typed or spoken)."""
    return {
        "session_id": session.session_id,
        "saved": session.saved,
        "role": session.plan.role,
        "seed": session.plan.seed,
        "answers": answers,
        "summary": summary.to_dict(),
    }
