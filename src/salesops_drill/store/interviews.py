"""Mock interviews in the store: sessions, each answer given in them, and the figures
read from the answers' saved feedback."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, Any

from salesops_drill.store.base import StoreBase
from salesops_drill.store.opening import refuse_corrupt
from salesops_drill.store.rows import (
    AnswerRow,
    NewAnswer,
    RatedAnswerRow,
    ScoredAnswerRow,
    SessionRow,
    answer_from_row,
    feedback_score,
    inserted_id,
    iso_utc,
    parse_utc,
    session_from_row,
)

if TYPE_CHECKING:
    import sqlite3


class Interviews(StoreBase):
    """Writing and reading mock interviews."""

    @refuse_corrupt
    def start_session(
        self, role: str, now: datetime, seed: int, planned: int, settings: dict[str, Any]
    ) -> int:
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO interview_session (role, started_at, seed, planned, settings)"
                " VALUES (?, ?, ?, ?, ?)",
                (role, iso_utc(now), seed, planned, json.dumps(settings)),
            )
            return inserted_id(cursor)

    @refuse_corrupt
    def add_answer(self, new: NewAnswer) -> int:
        """Save one answer at once, so an interrupted interview keeps what was typed."""
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO interview_answer (session_id, position, question_id, answer,"
                " answered_at, seconds_used, time_limit_s, over_time, feedback, self_rating,"
                " follow_up, follow_up_answer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new.session_id,
                    new.position,
                    new.question_id,
                    new.answer,
                    iso_utc(new.answered_at),
                    new.seconds_used,
                    new.time_limit_s,
                    int(new.over_time),
                    json.dumps(new.feedback),
                    new.self_rating,
                    new.follow_up,
                    new.follow_up_answer,
                ),
            )
            return inserted_id(cursor)

    @refuse_corrupt
    def set_follow_up(
        self,
        answer_id: int,
        follow_up: str,
        answer: str | None,
        feedback: dict[str, Any] | None = None,
    ) -> None:
        """The follow-up question asked after an answer, and the reply (None: skipped).

        ``feedback`` on the reply, when given, is saved in the same transaction, in the
        answer's feedback JSON under ``"follow_up"``.
        """
        with self._transaction() as conn:
            conn.execute(
                "UPDATE interview_answer SET follow_up = ?, follow_up_answer = ? WHERE id = ?",
                (follow_up, answer, answer_id),
            )
            if feedback is not None:
                _merge_feedback(conn, answer_id, {"follow_up": feedback})

    @refuse_corrupt
    def update_feedback(self, answer_id: int, changes: dict[str, Any]) -> dict[str, Any]:
        """Merge ``changes`` into an answer's feedback JSON (read and written in one
        transaction, so nothing else in it is lost); returns the feedback as saved."""
        with self._transaction() as conn:
            return _merge_feedback(conn, answer_id, changes)

    @refuse_corrupt
    def set_self_rating(self, answer_id: int, rating: int) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE interview_answer SET self_rating = ? WHERE id = ?", (rating, answer_id)
            )

    @refuse_corrupt
    def finish_session(self, session_id: int, now: datetime, score: float | None) -> None:
        with self._transaction() as conn:
            conn.execute(
                "UPDATE interview_session SET finished_at = ?, score = ? WHERE id = ?",
                (iso_utc(now), score, session_id),
            )

    @refuse_corrupt
    def delete_session(self, session_id: int) -> bool:
        """Remove an interview and its answers, in one transaction; False if there was no
        such session. Review cards keep their schedule (their reviews stay in the log)."""
        with self._transaction() as conn:
            conn.execute("DELETE FROM interview_answer WHERE session_id = ?", (session_id,))
            cursor = conn.execute("DELETE FROM interview_session WHERE id = ?", (session_id,))
            return cursor.rowcount > 0

    _SESSIONS_SQL = (
        "SELECT s.*, (SELECT count(*) FROM interview_answer a WHERE a.session_id = s.id)"
        " AS answer_count FROM interview_session s"
    )

    @refuse_corrupt
    def sessions(self, role: str | None = None) -> list[SessionRow]:
        """Sessions oldest first, of one role when given."""
        sql = self._SESSIONS_SQL
        params: tuple[str, ...] = ()
        if role is not None:
            sql += " WHERE s.role = ?"
            params = (role,)
        rows = self._conn.execute(sql + " ORDER BY s.started_at, s.id", params)
        return [session_from_row(row) for row in rows]

    @refuse_corrupt
    def session(self, session_id: int) -> SessionRow | None:
        row = self._conn.execute(self._SESSIONS_SQL + " WHERE s.id = ?", (session_id,)).fetchone()
        return session_from_row(row) if row else None

    @refuse_corrupt
    def answers(self, session_id: int) -> list[AnswerRow]:
        rows = self._conn.execute(
            "SELECT * FROM interview_answer WHERE session_id = ? ORDER BY position, id",
            (session_id,),
        )
        return [answer_from_row(row) for row in rows]

    @refuse_corrupt
    def rated_answers(
        self, role: str | None = None, question_ids: Collection[str] | None = None
    ) -> list[RatedAnswerRow]:
        """Answers given a self-rating, oldest first, with the grader's category and
        score from the saved feedback (None where the feedback does not hold them).

        ``role``: in that role's sessions only; ``question_ids``: to those questions only.
        """
        return _rated(self._graded(question_ids, role))

    @refuse_corrupt
    def scored_answers(self, question_ids: Collection[str] | None = None) -> list[ScoredAnswerRow]:
        """Every interview answer with its grader's category and score, oldest first;
        to ``question_ids`` only, when given."""
        return _scored(self._graded(question_ids))

    @refuse_corrupt
    def rated_and_scored(
        self, question_ids: Collection[str] | None = None
    ) -> tuple[list[RatedAnswerRow], list[ScoredAnswerRow]]:
        """:meth:`rated_answers` and :meth:`scored_answers` together, from one read of
        the answers (``drill stats`` shows both; each feedback is parsed once)."""
        rows = self._graded(question_ids)
        return _rated(rows), _scored(rows)

    def _graded(
        self, question_ids: Collection[str] | None, role: str | None = None
    ) -> list[_GradedRow]:
        """Answered answers, oldest first: (time, the session's role or None, question,
        self-rating or None, the grader's category and score or None)."""
        sql = (
            "SELECT a.answered_at, s.role, a.question_id, a.self_rating,"
            " CASE WHEN json_valid(a.feedback) THEN json_extract(a.feedback, '$.category') END,"
            " CASE WHEN json_valid(a.feedback) THEN json_extract(a.feedback, '$.score') END"
            " FROM interview_answer a LEFT JOIN interview_session s ON s.id = a.session_id"
            " WHERE a.answered_at IS NOT NULL"
        )
        params: tuple[str, ...] = ()
        if role is not None:
            sql += " AND s.role = ?"
            params = (role,)
        wanted = None if question_ids is None else set(question_ids)
        return [
            (
                parse_utc(at),
                row_role,
                qid,
                rating,
                category if isinstance(category, str) else None,
                float(score)
                if isinstance(score, (int, float)) and not isinstance(score, bool)
                else None,
            )
            for at, row_role, qid, rating, category, score in self._conn.execute(
                sql + " ORDER BY a.answered_at, a.id", params
            )
            if wanted is None or qid in wanted
        ]

    @refuse_corrupt
    def recent_questions(self, role: str, sessions: int) -> set[str]:
        """Question ids asked in the role's latest ``sessions`` interviews."""
        rows = self._conn.execute(
            "SELECT DISTINCT question_id FROM interview_answer WHERE session_id IN"
            " (SELECT id FROM interview_session WHERE role = ?"
            " ORDER BY started_at DESC, id DESC LIMIT ?)",
            (role, max(0, sessions)),
        )
        return {qid for (qid,) in rows}

    @refuse_corrupt
    def question_scores(self) -> dict[str, list[float]]:
        """Each answered question's graded answers, oldest first: the coverage (else the
        score) of each, as :meth:`question_history` gives them; ungraded ones left out.
        One query over every answer, rather than one per question."""
        rows = self._conn.execute(
            "SELECT question_id, CASE WHEN json_valid(feedback) THEN CASE"
            " WHEN json_type(feedback, '$.coverage') IN ('integer', 'real')"
            " THEN json_extract(feedback, '$.coverage')"
            " WHEN json_type(feedback, '$.score') IN ('integer', 'real')"
            " THEN json_extract(feedback, '$.score') END END"
            " FROM interview_answer WHERE answered_at IS NOT NULL ORDER BY answered_at, id"
        )
        out: dict[str, list[float]] = {}
        for qid, score in rows:
            if score is not None:
                out.setdefault(qid, []).append(float(score))
        return out

    @refuse_corrupt
    def answer_scores(self, role: str) -> list[tuple[datetime, str, float]]:
        """(when, question id, grader's score 0-100) of each graded answer in the role's
        mock interviews, oldest first."""
        rows = self._conn.execute(
            "SELECT a.answered_at, a.question_id,"
            " CASE WHEN json_valid(a.feedback) THEN json_extract(a.feedback, '$.score') END"
            " FROM interview_answer a JOIN interview_session s ON s.id = a.session_id"
            " WHERE s.role = ? AND a.answered_at IS NOT NULL ORDER BY a.answered_at, a.id",
            (role,),
        )
        return [
            (parse_utc(at), qid, float(score))
            for at, qid, score in rows
            if isinstance(score, (int, float)) and not isinstance(score, bool)
        ]

    @refuse_corrupt
    def question_history(self, question_id: str) -> list[tuple[datetime, float | None]]:
        """Each past answer to a question: when, and its coverage (else score) if graded."""
        rows = self._conn.execute(
            "SELECT answered_at, feedback FROM interview_answer"
            " WHERE question_id = ? AND answered_at IS NOT NULL ORDER BY answered_at, id",
            (question_id,),
        )
        return [(parse_utc(at), feedback_score(feedback)) for at, feedback in rows]


def _merge_feedback(
    conn: sqlite3.Connection, answer_id: int, changes: dict[str, Any]
) -> dict[str, Any]:
    row = conn.execute(
        "SELECT feedback FROM interview_answer WHERE id = ?", (answer_id,)
    ).fetchone()
    if row is None:
        raise KeyError(f"no interview answer with id {answer_id}")
    feedback = json.loads(row[0] or "{}")
    if not isinstance(feedback, dict):
        feedback = {}
    feedback.update(changes)
    conn.execute(
        "UPDATE interview_answer SET feedback = ? WHERE id = ?", (json.dumps(feedback), answer_id)
    )
    return feedback


#: An answered answer as :meth:`Interviews._graded` reads it.
_GradedRow = tuple[datetime, str | None, str, int | None, str | None, float | None]


def _rated(rows: list[_GradedRow]) -> list[RatedAnswerRow]:
    """The answers the user rated, in a session that is still there."""
    return [
        RatedAnswerRow(at, role, qid, int(rating), category, score)
        for at, role, qid, rating, category, score in rows
        if rating is not None and role is not None
    ]


def _scored(rows: list[_GradedRow]) -> list[ScoredAnswerRow]:
    return [ScoredAnswerRow(at, qid, category, score) for at, _, qid, _, category, score in rows]
