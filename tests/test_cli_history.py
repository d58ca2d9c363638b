"""``drill history show`` and ``export`` on stored interviews: evidence, follow-up
feedback, the user's corrections, and feedback saved by older versions."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from salesops_drill.interview import InterviewSession
from salesops_drill.interview_questions import Plan
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from salesops_drill.scheduler import Scheduler
from salesops_drill.store import NewAnswer, Store
from tests.helpers import run, write
from tests.test_cli_interview import CHURN, FOLLOW_UP, OWN_BANK

NOW = datetime(2026, 5, 4, 10, 0, tzinfo=timezone.utc)

#: Feedback as drill saved it before answers were read sentence by sentence (format 1):
#: no sentence, no next steps, no figures, no format number.
FORMAT_1 = {
    "question_id": "q-mgr-bottlenecks",
    "category": "problem-solving",
    "covered": [
        {
            "label": "Use data to find them",
            "keyword": "conversion",
            "text": "conversion rates",
            "start": 20,
            "end": 36,
        }
    ],
    "missed": ["Fix the process", "Measure the result"],
    "coverage": 0.33,
    "star": None,
    "quantified": True,
    "numbers": ["18%"],
    "fillers": {"um": 1},
    "filler_count": 1,
    "words": 42,
    "word_range": [80, 250],
    "length_verdict": "short",
    "seconds_used": 95.0,
    "time_limit_s": 240,
    "over_time": False,
    "score": 47.5,
    "tips": ["Cover: Fix the process, Measure the result."],
}


def _stored_session(rows: list[tuple[str, str, dict]], role: str = "manager") -> int:
    """A finished interview written straight into the user's store."""
    with Store.open(resolve_paths().progress_db) as store:
        sid = store.start_session(role, NOW, seed=1, planned=len(rows), settings={})
        for position, (qid, answer, feedback) in enumerate(rows, 1):
            store.add_answer(
                NewAnswer(sid, position, qid, answer, NOW, 95.0, 240, False, feedback, 3)
            )
        store.finish_session(sid, NOW, 47.5)
    return sid


def test_a_format_1_transcript_still_shows_and_exports(tmp_path):
    answer = "um we looked at the conversion rates stage by stage and cut the cycle 18%."
    sid = _stored_session([("q-mgr-bottlenecks", answer, FORMAT_1)])
    shown = run("history", "show", str(sid))
    assert shown.exit_code == 0, shown.stderr
    out = shown.stdout
    assert "Key points: 1 of 3 covered" in out
    assert "✓ Use data to find them" in out and "“conversion rates”" in out  # the words matched
    assert "✗ Fix the process" in out and "✗ Measure the result" in out
    assert "Summary  48/100" in out
    assert "cannot read" not in out
    md = tmp_path / "old.md"
    assert run("history", "export", str(sid), "-o", str(md)).exit_code == 0
    text = md.read_text()
    assert "**Feedback**: key points 1 of 3 covered" in text
    assert "- ✓ Use data to find them — “conversion rates”" in text
    assert "- ✗ Fix the process" in text and "- Tip: Cover: Fix the process" in text


def test_unreadable_feedback_is_said_not_blanked(tmp_path):
    sid = _stored_session([("q-mgr-bottlenecks", "An answer.", {"covered": "not a list"})])
    out = run("history", "show", str(sid)).stdout
    assert "An answer." in out and "cannot read" in out
    md = tmp_path / "x.md"
    run("history", "export", str(sid), "-o", str(md))
    assert "cannot read" in md.read_text()


@pytest.fixture
def corrected_session(banks_dir) -> int:
    """An interview on our own question, with a graded follow-up and a correction."""
    write(banks_dir / "own.yaml", OWN_BANK)
    lib = load_library(resolve_paths(), use_cache=False)
    q = lib.question("q-own-churn")
    with Store.open(resolve_paths().progress_db) as store:
        session = InterviewSession(
            store, Scheduler(enable_fuzzing=False), Plan("manager", [q], 1, 1), lambda: NOW
        )
        done = session.answer(q, CHURN, 100.0, 240)
        session.correct(done, {"Check product usage": True})
        session.follow_up(done, "How would you know the fix worked?", FOLLOW_UP)
        session.rate(done, 4)
        session.finish()
    return session.session_id


def test_history_shows_evidence_follow_up_feedback_and_both_figures(corrected_session, tmp_path):
    out = run("history", "show", str(corrected_session)).stdout
    assert "Key points: 2 of 3 covered (3 of 3 with your corrections)" in out
    assert "✗ Check product usage  (you: covered)" in out
    assert "“First I would segment the churned accounts" in out
    assert "Follow-up key points: 1 of 2 covered" in out
    assert "“I would compare the churn rate with the baseline" in out
    scorecard = out[out.index("Scorecard") :]
    assert "2/3→3" in scorecard and "1/2" in scorecard and "after your corrections" in scorecard
    md = tmp_path / "t.md"
    run("history", "export", str(corrected_session), "-o", str(md))
    text = md.read_text()
    assert "**Feedback**: key points 2 of 3 covered (3 of 3 with your corrections)" in text
    assert "- ✗ Check product usage (you: covered) — next: Cover it in a sentence" in text
    assert "**Follow-up feedback**: key points 1 of 2 covered" in text
    assert "- ✓ Compare with the baseline — “I would compare the churn rate" in text


def test_history_show_fits_60_columns(corrected_session, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    out = run("history", "show", str(corrected_session)).stdout
    assert all(len(line) <= 60 for line in out.splitlines())
    scorecard = out[out.index("Scorecard") :]
    header = next(line for line in scorecard.splitlines() if "Category" in line)
    assert "…" not in scorecard  # columns left out, not squeezed into ellipses
    assert {"Points", "F-up", "Score"} <= set(header.split())


def test_delete_asks_first_and_removes_only_that_interview(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text('- "an answer"\n')
    ids = [
        json.loads(run("interview", "-r", "rep", "-a", str(path), "--json").stdout)["session_id"]
        for _ in range(2)
    ]

    def schedules() -> dict:
        """Stats of the review cards only: interview scores go with the interview."""
        data = json.loads(run("stats", "--json").stdout)
        return {k: v for k, v in data.items() if k not in ("scores", "calibration")}

    stats = schedules()
    no = run("history", "delete", str(ids[0]), input="n\n")
    assert no.exit_code == 0 and "Nothing deleted." in no.stdout
    assert f"Delete interview {ids[0]} (rep, " in no.stdout and "1 answer)? [y/N]" in no.stdout
    assert [s["id"] for s in json.loads(run("history", "--json").stdout)] == ids[::-1]
    yes = run("history", "delete", str(ids[0]), input="y\n")
    assert yes.exit_code == 0 and f"Deleted interview {ids[0]}." in yes.stdout
    assert [s["id"] for s in json.loads(run("history", "--json").stdout)] == [ids[1]]
    assert schedules() == stats  # review cards keep their schedule
    quiet = run("history", "delete", str(ids[1]), "--yes")
    assert quiet.exit_code == 0 and "Delete interview" not in quiet.stdout
    assert json.loads(run("history", "--json").stdout) == []


def test_delete_errors(tmp_path):
    unknown = run("history", "delete", "42", "--yes")
    assert unknown.exit_code == 2
    assert unknown.stderr == "drill: error: no interview with id 42; see 'drill history'\n"
    path = tmp_path / "a.yaml"
    path.write_text('- "an answer"\n')
    sid = json.loads(run("interview", "-r", "rep", "-a", str(path), "--json").stdout)["session_id"]
    silent = run("history", "delete", str(sid), input="")  # no answer: end of input
    assert silent.exit_code == 1 and "use --yes" in silent.stderr
    assert "Traceback" not in silent.stderr
    assert len(json.loads(run("history", "--json").stdout)) == 1
