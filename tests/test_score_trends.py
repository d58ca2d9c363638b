"""Interview scores over time, the questions that stay weak, and --retry-weakest."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from salesops_drill import stats
from salesops_drill.stats import ScoreTrends
from salesops_drill.store import ScoredAnswerRow
from salesops_drill.ui.console import make_console
from salesops_drill.ui.render_stats import numbers, scores_view, sparkline, weakest_view
from tests.helpers import run, write

NOW = datetime(2026, 3, 11, 15, 0, tzinfo=timezone.utc)  # a Wednesday


def row(days_ago: float, qid: str, score: float | None, category: str | None = "technical"):
    return ScoredAnswerRow(NOW - timedelta(days=days_ago), qid, category, score)


# ---------------------------------------------------------------- the core


def test_weakest_ranks_by_the_mean_of_the_last_three_scores():
    rows = [
        row(30, "q-a", 10),
        row(20, "q-a", 10),
        row(10, "q-a", 90),  # a late good answer lifts q-a, but not all the way: 36.7
        row(25, "q-b", 50),
        row(5, "q-c", 20),
        row(4, "q-d", None),  # not graded: not "answered" for this purpose
        row(40, "q-e", 100),
        row(30, "q-e", 0),
        row(20, "q-e", 80),
        row(10, "q-e", 80),  # its first answer is more than three ago: 53.3
    ]
    weak = stats.weakest(sorted(rows, key=lambda r: r.answered_at), 10)
    assert [(w.question_id, w.recent_score) for w in weak] == [
        ("q-c", 20.0),
        ("q-a", 36.7),
        ("q-b", 50.0),
        ("q-e", 53.3),
    ]
    first = weak[1]
    assert (first.answers, first.last_score, first.category) == (3, 90.0, "technical")
    assert first.last_answered == "2026-03-01"
    assert [w.question_id for w in stats.weakest(rows, 2)] == ["q-c", "q-a"]
    assert stats.weakest([], 3) == [] and stats.weakest(rows, 0) == []


def test_weakest_breaks_ties_by_the_oldest_answer_then_id():
    rows = [row(3, "q-z", 0), row(9, "q-y", 0), row(9, "q-x", 0)]
    rows.sort(key=lambda r: r.answered_at)
    assert [w.question_id for w in stats.weakest(rows, 3)] == ["q-x", "q-y", "q-z"]


def test_score_trends_per_category_and_week():
    rows = [
        row(100, "q-old", 5),  # before the eight weeks: weakest, but not in the chart
        row(44, "q-a", 40),  # Mon 26 Jan (week 2 of 8)
        row(44, "q-b", 60, "behavioral"),
        row(2, "q-a", 60),  # Mon 9 Mar (this week)
        row(1, "q-c", 90),
        row(0, "q-x", 30, None),  # category from the library
    ]
    rows.sort(key=lambda r: r.answered_at)
    trends = stats.score_trends(rows, NOW, {"q-x": "situational"})
    assert trends.answers == 6
    assert trends.weeks[0] == "2026-01-19" and trends.weeks[-1] == "2026-03-09"
    assert len(trends.weeks) == stats.TREND_WEEKS
    by = {c.category: c for c in trends.by_category}
    assert list(by) == ["behavioral", "situational", "technical"]
    tech = by["technical"]
    assert tech.scores == [None, 40.0, None, None, None, None, None, 75.0]
    assert (tech.answers, tech.latest, tech.change) == (3, 75.0, 35.0)
    assert by["behavioral"].change is None and by["behavioral"].latest == 60.0
    assert by["situational"].scores[-1] == 30.0
    assert trends.weakest[0].question_id == "q-old"


def test_score_trends_without_graded_answers_is_empty():
    assert stats.score_trends([row(1, "q-a", None)], NOW) == ScoreTrends()


# ---------------------------------------------------------------- text


def test_sparkline_uses_one_scale_and_a_dot_for_empty_weeks():
    assert sparkline([0, None, 12.4, 50, 99.9, 100]) == "▁·▁▅██"
    assert numbers([0, None, 12.4, 50, 100]) == "0 - 12 50 100"


def _text(renderable, width: int = 80) -> str:
    console = make_console()
    with console.capture() as cap:
        console.print(renderable, width=width)
    return cap.get()


def _stats(trends: ScoreTrends, role: str | None = None) -> stats.Stats:
    base = stats.build([], {}, {}, {}, (0, 0), NOW, scores=trends)
    return base._replace(role=role)


def test_scores_view_sparkline_on_a_terminal_numbers_when_piped():
    rows = [row(44, "q-a", 40), row(2, "q-a", 80)]
    shown = _stats(stats.score_trends(rows, NOW))
    spark = _text(scores_view(shown, spark=True))
    assert "technical" in spark and "·▄·····▇" in spark
    plain = _text(scores_view(shown, spark=False))
    assert "- 40 - - - - - 80" in plain and "▄" not in plain
    assert "+40" in plain
    empty = _text(scores_view(_stats(ScoreTrends()), spark=True))
    assert "No graded interview answers" in empty


def test_weakest_view_lists_them_and_says_how_to_retry():
    rows = [row(3, "q-mgr-bottlenecks", 20.0, "problem-solving")]
    text = _text(weakest_view(_stats(stats.score_trends(rows, NOW), role="manager")))
    assert "q-mgr-bottlenecks" in text and "problem-solving" in text and "20" in text
    assert "drill interview --retry-weakest --role manager" in " ".join(text.split())


# ---------------------------------------------------------------- through the CLI

STRONG = (
    "At my last company the sales cycle had grown from 48 to 62 days. I pulled a year of CRM "
    "data, found legal review was the bottleneck, piloted pre-approved clauses and trained the "
    "reps. As a result the cycle fell 18% within two quarters."
)


def answer(tmp_path, monkeypatch, when: str, role: str, qid: str, text: str) -> None:
    monkeypatch.setenv("DRILL_NOW", when)
    path = write(tmp_path / f"{qid}.yaml", f'- id: {qid}\n  answer: "{text}"\n')
    result = run("interview", "--role", role, "--answers", str(path), "--json")
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def answered(tmp_path, monkeypatch):
    """Two manager questions answered with nothing (score 0), one answered well, and a
    rep-only question answered with nothing."""
    answer(tmp_path, monkeypatch, "2026-03-02T10:00", "manager", "q-mgr-crm-integration", "")
    answer(tmp_path, monkeypatch, "2026-03-03T10:00", "manager", "q-mgr-large-dataset", "")
    answer(tmp_path, monkeypatch, "2026-03-04T10:00", "manager", "q-mgr-bottlenecks", STRONG)
    answer(tmp_path, monkeypatch, "2026-03-05T10:00", "rep", "q-rep-customer-complaint", "")
    monkeypatch.setenv("DRILL_NOW", "2026-03-11T10:00")


def retry(tmp_path, *args: str, n: int = 2):
    path = write(tmp_path / "retry.yaml", '- "We measured the baseline."\n' * n)
    return run("interview", "--retry-weakest", *args, "--answers", str(path), "--json")


def test_retry_weakest_asks_the_worst_answered_of_the_role(answered, tmp_path):
    result = retry(tmp_path, "--role", "manager")
    assert result.exit_code == 0, result.stderr
    asked = [a["question_id"] for a in json.loads(result.stdout)["answers"]]
    assert asked == ["q-mgr-crm-integration", "q-mgr-large-dataset"]  # the rep's is not


def test_retry_weakest_takes_the_target_role_and_all(answered, tmp_path):
    assert run("config", "set", "role", "rep").exit_code == 0
    one = retry(tmp_path, n=1)
    assert [a["question_id"] for a in json.loads(one.stdout)["answers"]] == [
        "q-rep-customer-complaint"
    ]
    everything = retry(tmp_path, "--all", "--questions", "3", n=3)
    asked = [a["question_id"] for a in json.loads(everything.stdout)["answers"]]
    assert asked == ["q-mgr-crm-integration", "q-mgr-large-dataset", "q-rep-customer-complaint"]


def test_retry_weakest_asks_no_more_than_were_answered(answered, tmp_path):
    result = retry(tmp_path, "--role", "manager", n=4)
    assert result.exit_code == 2
    assert "has 4 answers but only 3 questions match for manager" in result.stderr


def test_retry_weakest_without_history_says_so(tmp_path):
    result = retry(tmp_path, "--role", "vp")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "drill: error: no answered questions yet for vp, so none to retry: run 'drill "
        "interview' first, then --retry-weakest asks the ones you answered worst"
    )


def test_retry_weakest_and_questions_by_id_do_not_mix(tmp_path):
    path = write(tmp_path / "ids.yaml", '- id: q-mgr-bottlenecks\n  answer: "x"\n')
    result = run(
        "interview", "--role", "manager", "--retry-weakest", "--answers", str(path), "--json"
    )
    assert result.exit_code == 2 and "give one or the other" in result.stderr


def test_drill_stats_shows_trends_and_weak_questions_filtered_by_role(answered):
    data = json.loads(run("stats", "--json").stdout)["scores"]
    assert data["answers"] == 4 and len(data["weeks"]) == stats.TREND_WEEKS
    assert [w["question_id"] for w in data["weakest"]][:3] == [
        "q-mgr-crm-integration",
        "q-mgr-large-dataset",
        "q-rep-customer-complaint",
    ]
    assert set(data["weakest"][0]) == {
        "question_id",
        "category",
        "answers",
        "recent_score",
        "last_score",
        "last_answered",
    }
    manager = json.loads(run("stats", "--role", "manager", "--json").stdout)["scores"]
    assert manager["answers"] == 3
    assert "q-rep-customer-complaint" not in {w["question_id"] for w in manager["weakest"]}
    text = run("stats", "--role", "manager").stdout  # piped: numbers, not sparklines
    section = text[text.index("Interview scores by category") : text.index("Self-rating")]
    assert "Weakest questions" in section and "q-mgr-crm-integration" in section
    assert not set(section) & set("▁▂▃▄▅▆▇█")
    assert all(len(line) <= 80 for line in text.splitlines())
