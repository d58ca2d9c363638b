"""Mock interviews: recording a session answer by answer.

Pure core: no terminal. :class:`InterviewSession` commits every answer to the store the
moment it is given; the terminal flow (:mod:`salesops_drill.ui.interview_screen`) and
the scripted ``--answers`` mode both drive it. Choosing the questions is
:mod:`salesops_drill.interview_questions`.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from salesops_drill.bank import Question
from salesops_drill.grading import (
    Feedback,
    SessionSummary,
    TopicModel,
    grade,
    grade_follow_up,
    review_rating,
    summarize_session,
)
from salesops_drill.interview_questions import (
    Plan,
)
from salesops_drill.timing import over_time, seconds_left

if TYPE_CHECKING:
    from salesops_drill.scheduler import Scheduler
    from salesops_drill.store import Store


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
    #: Every question of the bank: an answer that reads as one to another of them is
    #: credited only for what it says outright (see grading.relevance). Empty: no check.
    bank: Sequence[Question] = ()
    #: The bank's topic model: made by :meth:`warm_up` while the first question is read,
    #: else with the first answer.
    _topics: TopicModel | None = field(default=None, init=False, repr=False)
    _warming: threading.Thread | None = field(default=None, init=False, repr=False)
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

    def warm_up(self) -> None:
        """Make the grader's tables in the background (the word forms, the bank's topic
        model: about half a second), so the first feedback comes as fast as the rest."""
        if self.bank and self._topics is None and self._warming is None:
            self._warming = threading.Thread(target=self._make_topics, daemon=True)
            self._warming.start()

    def _make_topics(self) -> None:
        with contextlib.suppress(Exception):  # answer() makes it again, and says why not
            self._topics = TopicModel(self.bank)

    def _topic_model(self) -> TopicModel | None:
        if self._warming is not None:
            self._warming.join()
            self._warming = None
        if self._topics is None and self.bank:
            self._topics = TopicModel(self.bank)
        return self._topics

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
        feedback = grade(question, text, seconds_used, limit, self._topic_model())
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
