"""Mock interviews: choosing the questions, and recording a session answer by answer.

Pure core: no terminal. :class:`InterviewSession` commits every answer to the store the
moment it is given; the terminal flow (:mod:`salesops_drill.ui.interview_screen`) and
the scripted ``--answers`` mode both drive it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from salesops_drill.scheduler import Scheduler
    from salesops_drill.store import Store

DEFAULT_QUESTIONS = 5
#: Questions asked in this many of the role's latest sessions count as "recent".
RECENT_SESSIONS = 3
#: A past coverage below this marks a question as weak, worth asking again.
WEAK_COVERAGE = 0.6
#: The longest answer an answers file may give: far more than any interview answer,
#: and grading (and replaying) a longer one would take minutes.
MAX_ANSWER_WORDS = 5_000
MAX_ANSWER_CHARS = 50_000
#: The largest answers file read.
MAX_ANSWERS_FILE_BYTES = 2 * 1024 * 1024
#: Tags an answers file may carry: plain text, lists and mappings, as YAML resolves them
#: (``no`` resolves to bool; the value is still read as the text typed).
_PLAIN_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


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


def plan(
    role: str,
    questions: Sequence[Question],
    n: int,
    seed: int,
    store: Store | None = None,
    categories: Sequence[str] = (),
    difficulty: int | None = None,
    first: Sequence[str] = (),
) -> Plan:
    """The questions for ``role``, filtered, with history from ``store`` when given;
    categories in ``first`` are asked first, in that order."""
    if n < 1:
        raise UsageError("--questions must be at least 1")
    pool = [
        q
        for q in questions
        if role in q.roles
        and (not categories or q.category in categories)
        and (difficulty is None or q.difficulty == difficulty)
    ]
    if not pool:
        raise UsageError(f"no questions for role '{role}' match those filters")
    recent, weak = history_sets(store, role, [q.id for q in pool]) if store else (set(), set())
    chosen = choose_questions(pool, min(n, len(pool)), seed, recent, weak, first)
    note = ""
    if len(pool) < n:
        note = f"Only {len(pool)} questions match for {role}; asking all of them."
    return Plan(role, chosen, seed, n, note)


def history_sets(store: Store, role: str, ids: Sequence[str]) -> tuple[set[str], set[str]]:
    """(asked in the role's latest sessions, answered weakly on average)."""
    recent: set[str] = set()
    for session in store.sessions(role)[-RECENT_SESSIONS:]:  # oldest first
        recent |= {a.question_id for a in store.answers(session.id)}
    weak = set()
    for qid in ids:
        scores = [s for _, s in store.question_history(qid) if s is not None]
        if scores and sum(scores) / len(scores) < WEAK_COVERAGE:
            weak.add(qid)
    return recent, weak


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
    answer_id: int
    feedback: Feedback
    self_rating: int | None = None
    follow_up: str | None = None
    follow_up_answer: str | None = None
    #: Feedback on the follow-up answer, when the follow-up has key points of its own.
    follow_up_feedback: Feedback | None = None


@dataclass
class InterviewSession:
    """One interview in progress; every call that takes input commits it at once."""

    store: Store
    scheduler: Scheduler
    plan: Plan
    clock: Callable[[], datetime]
    settings: Mapping[str, Any] = field(default_factory=dict)
    session_id: int = field(init=False)
    answered: list[Answered] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.session_id = self.store.start_session(
            self.plan.role,
            self.clock(),
            self.plan.seed,
            len(self.plan.questions),
            dict(self.settings),
        )

    def answer(
        self,
        question: Question,
        text: str,
        seconds_used: float | None = None,
        time_limit_s: int | None = None,
    ) -> Answered:
        """Grade and save an answer (committed before this returns)."""
        limit = time_limit_s or question.time_limit
        feedback = grade(question, text, seconds_used, limit)
        answer_id = self.store.add_answer(
            self.session_id,
            len(self.answered) + 1,
            question.id,
            text,
            self.clock(),
            seconds_used if seconds_used is not None else 0.0,
            limit,
            feedback.over_time,
            feedback.to_dict(),
            None,
            None,
            None,
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
        self.store.update_feedback(done.answer_id, {"corrections": kept})
        done.feedback = replace(fb, corrections=kept)
        return done.feedback

    def rate(self, done: Answered, self_rating: int | None) -> int:
        """Save the self-rating and reschedule the question's review card through FSRS.

        Coverage counts as the user corrected it, if they did. Returns the FSRS rating
        given, so a weak answer comes back soon in ``drill review``.
        """
        if self_rating is not None:
            self.store.set_self_rating(done.answer_id, self_rating)
            done.self_rating = self_rating
        from salesops_drill.scheduler import CardState

        judged = replace(done.feedback, coverage=corrected_coverage(done.feedback))
        rating = review_rating(judged, self_rating)
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
        summary = self.summary()
        self.store.finish_session(self.session_id, self.clock(), summary.overall_score)
        return summary


# -- scripted answers -------------------------------------------------------------------


@dataclass(frozen=True)
class ScriptedAnswer:
    text: str
    question_id: str | None = None
    self_rating: int | None = None
    #: The answer to the follow-up question, if the file gives one.
    follow_up: str | None = None


ANSWER_FIELDS = ("id", "answer", "self_rating", "follow_up")


def parse_answers(path_text: str, data: Any) -> list[ScriptedAnswer]:
    """An answers file: ``{id: text}``, a list of texts, a list of
    ``{id, answer, self_rating, follow_up}`` mappings, or ``{id: {answer, ...}}``.
    Raises UsageError naming what is wrong."""
    if isinstance(data, Mapping):
        items = [
            {"id": k, **v} if isinstance(v, Mapping) else {"id": k, "answer": v}
            for k, v in data.items()
        ]
    elif isinstance(data, list):
        items = [x if isinstance(x, Mapping) else {"answer": x} for x in data]
    else:
        raise UsageError(
            f"{path_text}: expected a mapping of question id to answer, or a list of answers"
        )
    if not items:
        raise UsageError(f"{path_text}: no answers in the file")
    out = []
    for i, item in enumerate(items, 1):
        text = item.get("answer")
        if text is None:
            text = ""
        if not isinstance(text, (str, int, float)):
            raise UsageError(f"{path_text}: answer {i} must be text")
        unknown = set(map(str, item)) - set(ANSWER_FIELDS)
        if unknown:
            raise UsageError(
                f"{path_text}: answer {i} has unknown field(s): {', '.join(sorted(unknown))}"
            )
        text = str(text)
        _check_length(path_text, f"answer {i}", text)
        rating = item.get("self_rating")
        if isinstance(rating, str) and rating.strip() in ("1", "2", "3", "4", "5"):
            rating = int(rating)  # read as text, like everything in an answers file
        if rating is not None and (isinstance(rating, bool) or rating not in (1, 2, 3, 4, 5)):
            raise UsageError(f"{path_text}: answer {i}: self_rating must be 1 to 5")
        follow_up = item.get("follow_up")
        if follow_up is not None and not isinstance(follow_up, (str, int, float)):
            raise UsageError(f"{path_text}: answer {i}: follow_up must be text")
        if follow_up is not None:
            _check_length(path_text, f"answer {i}'s follow_up", str(follow_up))
        qid = item.get("id")
        out.append(
            ScriptedAnswer(
                text,
                str(qid) if qid is not None else None,
                rating,
                str(follow_up) if follow_up is not None else None,
            )
        )
    return out


def _check_length(path_text: str, what: str, text: str) -> None:
    words = len(text.split())
    if words > MAX_ANSWER_WORDS:
        raise UsageError(
            f"{path_text}: {what} has {words:,} words; "
            f"an answer may have at most {MAX_ANSWER_WORDS:,}"
        )
    if len(text) > MAX_ANSWER_CHARS:
        raise UsageError(
            f"{path_text}: {what} has {len(text):,} characters; "
            f"an answer may have at most {MAX_ANSWER_CHARS:,}"
        )


def read_answers(path_text: str, text: str) -> list[ScriptedAnswer]:
    """An answers file's YAML, read as text: every value is the string typed.

    YAML 1.1 would turn ``no`` into False, ``0x1F`` into 31 and ``1_000`` into 1000; an
    answer is what was typed, so values are never converted (an empty one is a blank
    answer). A duplicate key or a tag is an error with its line; anything else wrong is
    reported by :func:`parse_answers`.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise UsageError(f"{path_text}:{line}: YAML syntax error: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"{path_text}: not a YAML answers file ({exc})") from None
    finally:
        loader.dispose()
    return parse_answers(path_text, _as_text(root, path_text))


def _as_text(root: Any, path_text: str) -> Any:
    """Plain data from a YAML node tree, every scalar as its text; None for no document."""
    import yaml

    if root is None:
        return None
    seen: set[int] = set()

    def convert(node: Any) -> Any:
        line = node.start_mark.line + 1
        if id(node) in seen:  # an alias: answers have no use for them
            raise UsageError(f"{path_text}:{line}: aliases (*name) are not allowed here")
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise UsageError(
                f"{path_text}:{line}: tag '{node.tag}' is not allowed: answers are plain text"
            )
        if isinstance(node, yaml.ScalarNode):
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [convert(item) for item in node.value]
        out: dict[str, Any] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise UsageError(f"{path_text}:{key.start_mark.line + 1}: a key must be text")
            if key.value in out:
                raise UsageError(
                    f"{path_text}:{key.start_mark.line + 1}: duplicate key '{key.value}'"
                )
            out[key.value] = convert(value)
        return out

    return convert(root)
