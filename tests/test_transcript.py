"""transcript.py: an interview as data and as Markdown, read back as a Markdown reader
(markdown-it, CommonMark) would show it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from markdown_it import MarkdownIt

from salesops_drill import transcript
from salesops_drill.grading import KeyPointHit
from salesops_drill.interview import InterviewSession
from salesops_drill.interview_questions import Plan
from salesops_drill.scheduler import Scheduler

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=timezone.utc)

TWO_PARAGRAPHS = (
    "First I would segment the churned accounts.\n"
    "Then I would call the customers who left.\n"
    "\n"
    "\n"
    "In the end churn fell by 3 points."
)


def by_difficulty(lib, level: int):
    return next(q for q in lib.questions if q.difficulty == level and not q.time_limit_s)


def markdown_of(store, lib, session: InterviewSession) -> str:
    row = store.session(session.session_id)
    return transcript.to_markdown(transcript.build(row, store.answers(row.id), lib), "Manager")


def html(markdown: str) -> str:
    return MarkdownIt("commonmark").render(markdown)


def test_a_multi_line_answer_keeps_its_lines_and_paragraphs(lib, store):
    q = by_difficulty(lib, 2)
    s = InterviewSession(store, Scheduler(), Plan("manager", [q], 1, 1), lambda: NOW)
    done = s.answer(q, TWO_PARAGRAPHS, 40.0, 180)
    s.follow_up(done, "And then?", "I would check usage.\nAnd the renewal dates.")
    md = markdown_of(store, lib, s)
    page = html(md)
    assert (
        "<blockquote>\n<p>First I would segment the churned accounts.<br />\n"
        "Then I would call the customers who left.</p>\n"
        "<p>In the end churn fell by 3 points.</p>\n</blockquote>"
    ) in page
    assert "<p>I would check usage.<br />\nAnd the renewal dates.</p>" in page


def test_difficulty_is_written_as_the_word(lib, store):
    for level, word in ((1, "easy"), (2, "medium"), (3, "hard")):
        q = by_difficulty(lib, level)
        s = InterviewSession(store, Scheduler(), Plan("manager", [q], 1, 1), lambda: NOW)
        s.answer(q, "an answer", 10.0, 60)
        md = markdown_of(store, lib, s)
        assert f"*{q.category} · {word} · `{q.id}`*" in md
        assert "difficulty" not in md.split("**Your answer**")[0].lower()


def test_time_and_over_time_follow_the_clock(lib, store):
    q = by_difficulty(lib, 2)
    s = InterviewSession(store, Scheduler(), Plan("manager", [q, q], 1, 2), lambda: NOW)
    s.answer(q, "on the limit", 20.9, 20)
    s.answer(q, "a second over", 21.0, 20)
    md = markdown_of(store, lib, s)
    assert "time 0:20 of 0:20\n" in md
    assert "time 0:21 of 0:20 (over time)" in md
    assert md.count("(over time)") == 1
    assert "1 answer ran over time: aim for the limit." in md


def test_a_stopped_answer_is_marked(lib, store):
    q = by_difficulty(lib, 2)
    s = InterviewSession(store, Scheduler(), Plan("manager", [q, q], 1, 2), lambda: NOW)
    s.answer(q, "First I would", 5.0, 180, stopped=True)
    md = markdown_of(store, lib, s)
    assert "*(stopped: the interview was stopped while this answer was typed)*" in md
    assert "- Session: " in md and "(incomplete)" in md
    assert "Questions answered: 1 of 2" in md


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("one line", "> one line"),
        ("a\nb", "> a\\\n> b"),
        ("a\n\n\nb", "> a\n>\n> b"),
        ("  padded  \n", "> padded"),
        ("ends in \\\nnext", "> ends in \\  \n> next"),
        ("", ">"),
    ],
)
def test_quote_keeps_lines(text, quoted):
    assert transcript._quote(text) == quoted


def test_evidence_quotes_the_sentence_and_cuts_a_long_one_around_the_match():
    def hit_in(sentence: str) -> KeyPointHit:
        return KeyPointHit("Pilot", "pilot", "ran a pilot", 0, 11, sentence)

    hit = hit_in("We ran a pilot with two teams.")
    assert transcript.evidence(hit) == ("We ran a pilot with two teams.", 3, 14)
    long = "word " * 100 + "ran a pilot " + "word " * 100
    quote, start, end = transcript.evidence(hit_in(long), 60)
    assert quote.startswith("…") and quote.endswith("…") and len(quote) <= 62
    assert quote[start:end] == "ran a pilot"
    old = hit_in("")  # saved before sentences were quoted
    assert transcript.evidence(old) == ("ran a pilot", 0, 11)


def test_unreadable_feedback_is_flagged_not_dropped(lib, store):
    q = by_difficulty(lib, 2)
    s = InterviewSession(store, Scheduler(), Plan("manager", [q], 1, 1), lambda: NOW)
    s.answer(q, "an answer", 10.0, 60)
    (row,) = store.answers(s.session_id)
    broken = row._replace(feedback={"covered": "not a list"})
    t = transcript.build(store.session(s.session_id), [broken], lib)
    assert t.entries[0].feedback is None and t.entries[0].unreadable
    assert "saved in a form this version of drill cannot read" in transcript.to_markdown(t, "M")
    assert transcript.read_feedback(None) is None and transcript.read_feedback({}) is None


def test_the_score_of_an_unfinished_session_is_the_mean_of_its_answers(lib, store):
    q = by_difficulty(lib, 2)
    s = InterviewSession(store, Scheduler(), Plan("manager", [q, q], 1, 2), lambda: NOW)
    a = s.answer(q, "an answer", 10.0, 60)
    b = s.answer(q, " ".join(line for _, lines in q.model_answer.parts for line in lines))
    t = transcript.build(store.session(s.session_id), store.answers(s.session_id), lib)
    assert t.score == pytest.approx((a.feedback.score + b.feedback.score) / 2, abs=0.05)
    summary = s.finish()
    t = transcript.build(store.session(s.session_id), store.answers(s.session_id), lib)
    assert t.score == summary.overall_score


def test_an_answer_of_business_filler_is_marked_in_the_transcript(lib, store):
    q = by_difficulty(lib, 2)
    s = InterviewSession(store, Scheduler(), Plan("manager", [q], 1, 1), lambda: NOW)
    s.answer(
        q,
        "It's about a holistic, data-driven, best-in-class culture of alignment. "
        "We'd be proactive, agile and scalable across the whole go-to-market motion.",
        40.0,
        180,
    )
    assert f"- {transcript.HOLLOW}" in markdown_of(store, lib, s)
