"""``drill interview --answers`` and ``drill history`` through the CLI."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run, write

STRONG = (
    "At my last company the sales cycle had grown from 48 to 62 days. I was responsible for "
    "finding out why. I pulled a year of CRM data, mapped every stage and found legal review was "
    "the bottleneck, so I ran a pilot with pre-approved clauses and trained the reps. As a result "
    "the cycle fell 18% within two quarters."
)


#: An answer to the first question --seed 3 asks a manager (a process change that met
#: opposition): STRONG is about another question, and is graded as off topic there.
OPPOSITION_STORY = (
    "When I moved our reps to a new stage-gate process in the CRM, two senior sellers "
    "pushed back hard because they saw it as extra admin. I sat down with them to hear "
    "the objections, cut two required fields and piloted the process with one team for a "
    "month. Adoption reached 90% and forecast accuracy improved by 12 points."
)


def answers_file(tmp_path, content) -> str:
    path = tmp_path / "answers.yaml"
    write(path, content)
    return str(path)


def interview_json(*args: str) -> dict:
    result = run("interview", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_scripted_in_order_gives_feedback_and_a_scorecard(tmp_path):
    path = answers_file(tmp_path, f'- "{STRONG}"\n- "um basically I dunno"\n- ""\n')
    result = run("interview", "--role", "manager", "--answers", path, "--seed", "11")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.count("Feedback") == 3 and "Scorecard" in out and "Overall score" in out
    assert "No answer given: scored 0." in out
    assert "Question 3/3" in out


def test_scripted_json_is_reproducible_with_a_seed(tmp_path):
    path = answers_file(tmp_path, f'- "{STRONG}"\n- "I would check the pipeline"\n')
    a = interview_json("--role", "mgr", "--answers", path, "--seed", "3")
    b = interview_json("--role", "mgr", "--answers", path, "--seed", "3")
    assert [x["question_id"] for x in a["answers"]] == [x["question_id"] for x in b["answers"]]
    assert a["session_id"] != b["session_id"]
    assert set(a["summary"]) >= {"overall_score", "strongest_category", "suggestions"}
    fb = a["answers"][0]["feedback"]
    assert set(fb) >= {"covered", "missed", "coverage", "star", "quantified", "fillers", "score"}


def test_scripted_by_question_id_with_self_rating(tmp_path):
    qid = json.loads(run("questions", "list", "--role", "vp", "--json").stdout)[0]["id"]
    path = answers_file(tmp_path, f'- id: {qid}\n  answer: "{STRONG}"\n  self_rating: 4\n')
    data = interview_json("--role", "vp", "--answers", path)
    assert data["answers"][0]["question_id"] == qid and data["answers"][0]["self_rating"] == 4
    mapping = answers_file(tmp_path, f'{qid}: "{STRONG}"\n')
    assert interview_json("--role", "vp", "--answers", mapping)["answers"][0]["question_id"] == qid


def test_strong_answer_scores_higher_than_vague_end_to_end(tmp_path):
    qid = "q-mgr-bottlenecks"
    q = json.loads(run("questions", "show", qid, "--json").stdout)
    model = " ".join(line for lines in q["model_answer"].values() for line in lines)
    path = answers_file(tmp_path, f'{qid}: "{model}"\n')
    strong = interview_json("--role", "manager", "--answers", path)["answers"][0]["feedback"]
    vague = answers_file(tmp_path, f'{qid}: "I would look into it and make things better."\n')
    weak = interview_json("--role", "manager", "--answers", vague)["answers"][0]["feedback"]
    assert strong["score"] >= weak["score"] + 30
    assert strong["coverage"] == 1.0 and weak["coverage"] <= 0.2


@pytest.mark.parametrize(
    "content, message",
    [
        ("- [unclosed\n", "YAML syntax error"),
        ('q-no-such-question: "text"\n', "unknown question id 'q-no-such-question'"),
        ("42\n", "expected a mapping"),
        ("[]\n", "no answers"),
    ],
)
def test_bad_answers_files(tmp_path, content, message):
    result = run("interview", "--role", "manager", "--answers", answers_file(tmp_path, content))
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_missing_answers_file(tmp_path):
    result = run("interview", "--role", "manager", "--answers", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "answers file not found" in result.stderr


def test_answers_not_utf8(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("- caf\xe9\n".encode("latin-1"))
    result = run("interview", "--role", "manager", "--answers", str(path))
    assert result.exit_code == 2 and "not valid UTF-8" in result.stderr
    assert f"{path}:1: not valid UTF-8 (byte 0xe9 at offset 5)" in result.stderr


def test_without_a_terminal_or_answers_exits_2():
    result = run("interview", "--role", "manager")
    assert result.exit_code == 2
    assert "needs a terminal" in result.stderr and "--answers" not in result.stdout


def test_unknown_role_and_bad_counts(tmp_path):
    unknown = run("interview", "--role", "ceo", "--answers", answers_file(tmp_path, '- "x"\n'))
    assert unknown.exit_code == 2 and "unknown role 'ceo'" in unknown.stderr
    zero = run("interview", "--role", "manager", "--questions", "0")
    assert zero.exit_code == 2 and "at least 1" in zero.stderr
    json_only = run("interview", "--role", "manager", "--json")
    assert json_only.exit_code == 2 and "--json needs --answers" in json_only.stderr


def test_fewer_questions_than_answers(tmp_path, banks_dir):
    write(
        banks_dir / "tiny.yaml",
        """
        roles:
          - id: tiny
            title: Tiny Role
            level: 9
            experience: 1 year
            min_years: 1
            summary: s
            responsibilities: [r]
            skills: [s]
            education: [e]
            kpis: [k]
            reports_to: r
            interview_focus: [f]
        """,
    )
    answers = "".join(f'- "answer {i}"\n' for i in range(40))
    result = run("interview", "--role", "tiny", "--answers", answers_file(tmp_path, answers))
    assert (
        result.exit_code == 2
        and "only" in result.stderr
        and "questions match for tiny" in result.stderr
    )


def test_history_lists_shows_and_exports(tmp_path):
    path = answers_file(tmp_path, f'- "{STRONG}"\n- "[red]markup[/] stays literal"\n')
    session = interview_json("--role", "analyst", "--answers", path, "--seed", "9")["session_id"]
    listing = json.loads(run("history", "--json").stdout)
    assert listing[0]["id"] == session and listing[0]["complete"] is True
    assert listing[0]["role"] == "analyst" and listing[0]["questions"] == 2
    assert json.loads(run("history", "--role", "vp", "--json").stdout) == []
    table = run("history").stdout
    assert "analyst" in table and "complete" in table
    # "list", as for roles, questions and cards, gives the same
    assert run("history", "list").stdout == table
    assert json.loads(run("history", "list", "--role", "analyst", "--json").stdout) == listing
    shown = run("history", "show", str(session))
    assert shown.exit_code == 0 and "[red]markup[/] stays literal" in shown.stdout
    assert "Scorecard" in shown.stdout
    md = tmp_path / "out.md"
    exported = run("history", "export", str(session), "-o", str(md))
    assert exported.exit_code == 0
    text = md.read_text()
    assert text.startswith("# Mock interview: Sales Operations Analyst")
    assert "**Your answer**" in text and "**Model answer**" in text and "## Summary" in text
    assert "> [red]markup[/] stays literal" in text


def test_history_errors(tmp_path):
    assert "No interviews yet" in run("history").stdout
    missing = run("history", "show", "99")
    assert missing.exit_code == 2 and "no interview with id 99" in missing.stderr
    bad_dir = run("history", "export", "1", "-o", str(tmp_path / "no" / "such" / "x.md"))
    assert bad_dir.exit_code == 2


def test_time_limit_precedence_own_then_option_then_category(tmp_path):
    own = answers_file(tmp_path, 'q-ops-core-kpis: "an answer"\n')  # sets 240 s itself
    data = interview_json("--role", "rep", "--answers", own, "--time-limit", "60")
    assert data["answers"][0]["feedback"]["time_limit_s"] == 240
    plain = answers_file(tmp_path, 'q-mgr-bottlenecks: "an answer"\n')  # no limit of its own
    data = interview_json("--role", "manager", "--answers", plain, "--time-limit", "60")
    assert data["answers"][0]["feedback"]["time_limit_s"] == 60
    data = interview_json("--role", "manager", "--answers", plain)
    assert data["answers"][0]["feedback"]["time_limit_s"] == 240  # problem-solving default


OWN_BANK = """
questions:
  - id: q-own-churn
    prompt: How would you find out why churn went up last quarter?
    category: problem-solving
    roles: [manager]
    difficulty: 2
    what_it_tests: Diagnosing churn.
    key_points:
      - label: Segment the churned accounts
        keywords: [segment, cohort]
      - label: Talk to the customers who left
        keywords: [exit interview]
      - label: Check product usage
        keywords: [usage]
    model_answer:
      steps: [Segment, Interview, Usage]
    follow_ups:
      - Why does that matter?
      - prompt: How would you know the fix worked?
        key_points:
          - label: Compare with the baseline
            keywords: [baseline]
          - label: Watch net revenue retention
            keywords: [net revenue retention, NRR]
"""

CHURN = (
    "First I would segment the churned accounts by size and by [bold]region[/bold] to see "
    "where the rise came from. Then I would run exit interviews with the customers who left."
)
FOLLOW_UP = "I would compare the churn rate with the baseline from the quarter before."


def test_json_carries_evidence_next_steps_and_the_follow_up(tmp_path, banks_dir):
    write(banks_dir / "own.yaml", OWN_BANK)
    path = answers_file(
        tmp_path,
        f'- id: q-own-churn\n  answer: "{CHURN}"\n  follow_up: "{FOLLOW_UP}"\n  self_rating: 3\n',
    )
    data = interview_json("--role", "manager", "--answers", path)
    (answer,) = data["answers"]
    fb = answer["feedback"]
    assert fb["format"] == 2
    labels = [h["label"] for h in fb["covered"]]
    assert labels == ["Segment the churned accounts", "Talk to the customers who left"]
    for hit in fb["covered"]:  # each covered point quotes the sentence that says it
        assert CHURN[hit["sentence_start"] : hit["sentence_end"]] == hit["sentence"]
        assert hit["text"] in hit["sentence"]
    assert fb["missed"] == ["Check product usage"] and len(fb["next_steps"]) == 1
    assert {"figures", "list_like", "corrections"} <= set(fb)
    follow_up = answer["follow_up"]
    assert follow_up["prompt"] == "How would you know the fix worked?"  # the graded one
    assert follow_up["answer"] == FOLLOW_UP
    assert [h["label"] for h in follow_up["feedback"]["covered"]] == ["Compare with the baseline"]
    assert follow_up["feedback"]["missed"] == ["Watch net revenue retention"]


def test_feedback_quotes_the_evidence_literally_and_shows_the_follow_up(tmp_path, banks_dir):
    write(banks_dir / "own.yaml", OWN_BANK)
    path = answers_file(
        tmp_path, f'q-own-churn:\n  answer: "{CHURN}"\n  follow_up: "{FOLLOW_UP}"\n'
    )
    result = run("interview", "--role", "manager", "--answers", path)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Key points: 2 of 3 covered" in out
    flat = " ".join(out.replace("│", " ").split())  # the quote wraps inside the panel
    assert "“First I would segment the churned accounts by size and by [bold]region[/bold]" in flat
    assert "✗ Check product usage" in out and "→ Cover it in a sentence" in out
    assert out.index("Key points: 2 of 3") < out.index("Summary") < out.index("Model answer")
    assert "Follow-up feedback" in out and "Key points: 1 of 2 covered" in out
    scorecard = out[out.index("Scorecard") :]
    assert "F-up" in scorecard and "1/2" in scorecard and "2/3" in scorecard
    assert all(len(line) <= 80 for line in out.splitlines())


def test_a_follow_up_without_key_points_is_saved_but_not_graded(tmp_path, banks_dir):
    plain = OWN_BANK[: OWN_BANK.index("      - prompt:")] + "      - Who signs off?\n"
    write(banks_dir / "own.yaml", plain)
    path = answers_file(tmp_path, f'q-own-churn:\n  answer: "{CHURN}"\n  follow_up: "The VP."\n')
    data = interview_json("--role", "manager", "--answers", path)
    follow_up = data["answers"][0]["follow_up"]
    assert follow_up["answer"] == "The VP." and follow_up["feedback"] is None
    assert follow_up["prompt"] in ("Why does that matter?", "Who signs off?")
    shown = run("history", "show", str(data["session_id"])).stdout
    assert "The VP." in shown and "Follow-up key points" not in shown


# ---------------------------------------------------------------- answers are text


def stored_answers(drill_home, session_id: int) -> list[str | None]:
    from salesops_drill.store import Store

    with Store.open(drill_home / "progress.db") as store:
        return [row.answer for row in store.answers(session_id)]


@pytest.mark.parametrize("text", ["no", "yes", "0x1F", "1_000", "~", "2024-01-01", "1e3", ".inf"])
def test_answers_are_read_as_the_text_typed(tmp_path, drill_home, text):
    """YAML 1.1 would make these False, True, 31, 1000, None, a date, a float..."""
    path = answers_file(tmp_path, f"q-mgr-bottlenecks: {text}\n")
    data = interview_json("--role", "manager", "--answers", path)
    assert stored_answers(drill_home, data["session_id"]) == [text]


def test_a_listed_answer_and_its_rating_are_text_too(tmp_path, drill_home):
    path = answers_file(tmp_path, "- id: q-mgr-bottlenecks\n  answer: off\n  self_rating: 4\n")
    data = interview_json("--role", "manager", "--answers", path)
    assert stored_answers(drill_home, data["session_id"]) == ["off"]
    assert data["answers"][0]["self_rating"] == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            'q-mgr-bottlenecks: "first"\nq-mgr-bottlenecks: "second"\n',
            "{path}:2: duplicate key 'q-mgr-bottlenecks'",
        ),
        (
            "- id: q-mgr-bottlenecks\n  answer: one\n  answer: two\n",
            "{path}:3: duplicate key 'answer'",
        ),
        ("- !!python/object/apply:os.system [true]\n", "{path}:1: tag '"),
        (
            "- id: q-mgr-bottlenecks\n  answer: x\n  self_rating: yes\n",
            "self_rating must be 1 to 5",
        ),
    ],
    ids=["duplicate-id", "duplicate-field", "python-tag", "rating-not-a-number"],
)
def test_bad_answers_are_refused_and_nothing_is_stored(tmp_path, drill_home, content, message):
    path = answers_file(tmp_path, content)
    result = run("interview", "--role", "manager", "--answers", path)
    assert result.exit_code == 2
    assert message.format(path=path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (drill_home / "progress.db").exists()


def test_an_answer_over_5000_words_is_refused(tmp_path, drill_home):
    long = " ".join(["pipeline"] * 5001)
    path = answers_file(tmp_path, f"- {long}\n- a short one\n")
    result = run("interview", "--role", "manager", "--answers", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"drill: error: {path}: answer 1 has 5,001 words; an answer may have at most 5,000\n"
    )
    assert not (drill_home / "progress.db").exists()
    exactly = answers_file(tmp_path, "- " + " ".join(["pipeline"] * 5000) + "\n")
    assert run("interview", "--role", "manager", "--answers", exactly, "--json").exit_code == 0


def test_an_answer_that_is_one_endless_word_is_refused(tmp_path, drill_home):
    path = answers_file(tmp_path, "- " + "x" * 60_000 + "\n")
    result = run("interview", "--role", "manager", "--answers", path)
    assert result.exit_code == 2
    assert "answer 1 has 60,000 characters; an answer may have at most 50,000" in result.stderr


def test_a_follow_up_answer_over_5000_words_is_refused(tmp_path, drill_home):
    long = " ".join(["pipeline"] * 5001)
    path = answers_file(
        tmp_path, f"- id: q-mgr-bottlenecks\n  answer: short\n  follow_up: {long}\n"
    )
    result = run("interview", "--role", "manager", "--answers", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"drill: error: {path}: answer 1's follow_up has 5,001 words; "
        "an answer may have at most 5,000\n"
    )
    assert not (drill_home / "progress.db").exists()


def test_interview_takes_difficulty_as_a_word(tmp_path):
    path = answers_file(tmp_path, '- "an answer"\n- "another"\n')
    data = interview_json("--role", "manager", "--difficulty", "hard", "--answers", path)
    ids = [a["question_id"] for a in data["answers"]]
    found = {q["id"]: q for q in json.loads(run("questions", "list", "--json").stdout)}
    assert len(ids) == 2 and all(found[i]["difficulty"] == 3 for i in ids)
    bad = run("interview", "--role", "manager", "-d", "harder", "--answers", path)
    assert bad.exit_code == 2 and "not a difficulty" in bad.stderr


def test_answers_for_questions_of_another_role_are_refused_by_name(tmp_path, drill_home):
    listed = {q["id"]: q for q in json.loads(run("questions", "list", "--json").stdout)}
    mine = next(i for i, q in listed.items() if "manager" in q["roles"])
    others = [i for i, q in listed.items() if "manager" not in q["roles"]][:2]
    path = answers_file(
        tmp_path, f'{others[0]}: "a"\n{mine}: "b"\n{others[1]}: "c"\n'.replace("\n", "\n")
    )
    result = run("interview", "--role", "manager", "--answers", path)
    assert result.exit_code == 2
    assert (
        f"question ids are not asked for manager: '{others[0]}', '{others[1]}'; "
        "see 'drill questions list --role manager'"
    ) in result.stderr
    assert mine not in result.stderr
    assert json.loads(run("history", "--json").stdout) == []  # nothing stored
    one = answers_file(tmp_path, f'{others[0]}: "a"\n')
    single = run("interview", "--role", "manager", "--answers", one)
    assert f"question id is not asked for manager: '{others[0]}'" in single.stderr


def test_no_save_grades_without_touching_progress_or_history(tmp_path, drill_home):
    path = answers_file(tmp_path, f'- "{OPPOSITION_STORY}"\n- "I would check the pipeline"\n')
    data = interview_json("--role", "manager", "--answers", path, "--seed", "3", "--no-save")
    assert data["session_id"] is None and data["saved"] is False
    assert len(data["answers"]) == 2 and data["answers"][0]["feedback"]["score"] > 0
    assert not (drill_home / "progress.db").exists() and not list(drill_home.rglob("*.db"))
    shown = run("interview", "--role", "manager", "--answers", path, "--seed", "3", "--no-save")
    assert "Not saved (--no-save): your progress and history are unchanged." in shown.stdout
    assert "Saved as session" not in shown.stdout
    # with a store that exists, it is left exactly as it was
    saved = interview_json("--role", "manager", "--answers", path, "--seed", "3")
    (db,) = list(drill_home.rglob("*.db"))
    before = {p: p.read_bytes() for p in db.parent.iterdir() if p.is_file()}
    interview_json("--role", "manager", "--answers", path, "--seed", "4", "--no-save")
    assert {p: p.read_bytes() for p in db.parent.iterdir() if p.is_file()} == before
    assert [s["id"] for s in json.loads(run("history", "--json").stdout)] == [saved["session_id"]]
    again = interview_json("--role", "manager", "--answers", path, "--seed", "3", "--no-save")
    assert [a["feedback"] for a in again["answers"]] == [a["feedback"] for a in saved["answers"]]


def test_no_save_still_follows_the_target_role_without_writing(tmp_path, drill_home):
    path = answers_file(tmp_path, f'- "{STRONG}"\n')
    assert run("config", "set", "role", "director").exit_code == 0
    db = drill_home / "progress.db"
    before = {p: p.read_bytes() for p in db.parent.iterdir() if p.is_file()}
    data = interview_json("--answers", path, "--seed", "3", "--no-save")
    assert data["role"] == "director"
    assert {p: p.read_bytes() for p in db.parent.iterdir() if p.is_file()} == before
    assert run("interview", "--answers", path, "--all", "--no-save").exit_code == 0
    weakest = run("interview", "--retry-weakest", "--answers", path, "--no-save")
    assert weakest.exit_code == 2 and "cannot go with --no-save" in weakest.stderr
