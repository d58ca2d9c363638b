"""benchmarks/grading_quality.py runs, prints its report, and its labelled set is well-formed.

The benchmark's targets are not asserted here: its figures are a report on the grader,
which is judged by them, not a condition for the suite to pass.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
import yaml

from salesops_drill.bank import CATEGORIES
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from tests.helpers import write

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "grading_quality.py"
SET = ROOT / "benchmarks" / "grading_quality.yaml"
ROLES = {"rep", "analyst", "senior-analyst", "manager", "director", "vp"}
ALWAYS = (
    "strong",
    "paraphrased",
    "vague",
    "off_topic",
    "keyword_list",
    "keyword_star",
    "invented_numbers",
)
SUBSET = ["q-an-cac-ltv-calc", "q-rep-customer-complaint"]  # one calculation, one STAR


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("grading_quality", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


@pytest.fixture
def bank():
    return {q.id: q for q in load_library(resolve_paths(), use_cache=False).questions}


def _subset_args() -> list[str]:
    return [arg for qid in SUBSET for arg in ("--question", qid)]


def test_the_set_is_well_formed(bank) -> None:
    entries = yaml.safe_load(SET.read_text(encoding="utf-8"))["questions"]
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids)) >= 14
    assert set(ids) <= set(bank), set(ids) - set(bank)
    assert {r for i in ids for r in bank[i].roles} >= ROLES
    assert {bank[i].category for i in ids} == set(CATEGORIES)
    assert sum(bool(e.get("calculation")) for e in entries) >= 3
    for e in entries:
        answers = e["answers"]
        for kind in ALWAYS:
            assert isinstance(answers.get(kind), str) and answers[kind].strip(), (e["id"], kind)
        # wrong_maths exactly where the question asks for figures, with the right ones given
        assert ("wrong_maths" in answers) == bool(e.get("calculation")), e["id"]
        if e.get("calculation"):
            assert answers["wrong_maths"].strip() and e["figures"].strip(), e["id"]
        assert set(answers) <= {*ALWAYS, "wrong_maths"}, e["id"]
        for kind in ("strong", "paraphrased"):
            assert 120 <= len(answers[kind].split()) <= 250, (e["id"], kind)


def test_the_loader_accepts_the_shipped_set(bench, bank) -> None:
    entries = bench.load_set(SET, bank)
    assert [e.question.id for e in entries] == [
        e["id"] for e in yaml.safe_load(SET.read_text(encoding="utf-8"))["questions"]
    ]


def test_main_prints_the_table_and_the_targets(bench, capsys) -> None:
    assert bench.main([*_subset_args(), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "2 questions, 15 answers" in out
    lines = out.splitlines()
    header = next(
        i for i, line in enumerate(lines) if line.split()[:4] == ["kind", "n", "score", "coverage"]
    )
    rows = [line.split() for line in lines[header + 1 : header + 9]]
    assert [r[0] for r in rows] == [*ALWAYS, "wrong_maths"]
    for row in rows:
        n, score, coverage = int(row[1]), float(row[2]), float(row[3])
        assert n == (1 if row[0] == "wrong_maths" else 2)
        assert 0 <= score <= 100 and 0 <= coverage <= 1
    assert "pairs ranked right (good above weak): " in out and "/22 = " in out
    assert "paraphrased coverage / strong coverage" in out
    assert "STAR model answers at full STAR credit: " in out
    targets = out[out.index("targets:") :].splitlines()[1:]
    assert [t.split()[0] for t in targets] == ["pairs", "paraphrase", "STAR"]
    assert all(t.rstrip().endswith(("PASS", "MISS")) for t in targets)


def test_json_report(bench, bank, capsys) -> None:
    assert bench.main([*_subset_args(), "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["questions"] == 2 and rep["answers"] == 15
    # 2 good kinds against 6 weak (with wrong_maths) and 5 weak (without)
    assert rep["pairs"]["total"] == 22
    assert rep["pairs"]["right"] + len(rep["pairs"]["wrong"]) == 22
    assert [row["question"] for row in rep["per_question"]] == SUBSET
    star_questions = sum(q.uses_star for q in bank.values())
    assert rep["star_model_answers"]["total"] == star_questions > 0
    assert set(rep["targets"]) == {"pairs", "paraphrase_ratio", "star_model_answers"}


def test_a_tie_counts_as_ranked_wrong(bench, bank) -> None:
    graded = bench.Graded(bank["q-rep-customer-complaint"])
    graded.scores = {"strong": 60.0, "paraphrased": 50.0, "vague": 50.0}
    right, total, by_weak, wrong = bench.ranked_pairs([graded])
    assert (right, total) == (1, 2)
    assert by_weak == {"vague": [1, 2]}
    assert [(w["good"], w["weak"]) for w in wrong] == [("paraphrased", "vague")]


def test_star_check_counts_only_the_built_in_bank(bench, bank, banks_dir) -> None:
    write(
        banks_dir / "mine.yaml",
        """
        questions:
          - id: q-mine-story
            prompt: Tell me about a time you fixed a report.
            category: behavioral
            roles: [analyst]
            difficulty: 1
            what_it_tests: A story.
            key_points:
              - {label: Found it, keywords: [noticed]}
              - {label: Fixed it, keywords: [corrected]}
              - {label: Told people, keywords: [notified]}
            model_answer:
              situation: A report was wrong.
              task: Fix it.
              action: I corrected it.
              result: It was right.
            follow_ups: [What next?]
        """,
    )
    questions = load_library(resolve_paths(), use_cache=False).questions
    assert "q-mine-story" in {q.id for q in questions}
    _, total, _ = bench.star_model_answers(list(questions))
    assert total == sum(q.uses_star for q in bank.values())


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("- id: q-no-such-question\n  answers: {}", "no question with this id"),
        ("- id: q-rep-customer-complaint\n  answers: {strong: Hi}", "missing answer kinds"),
        (
            "- id: q-rep-customer-complaint\n  answers: {wrong_maths: x}",
            "missing answer kinds",
        ),
        ("- id: q-rep-customer-complaint\n  answer: {}", "unknown keys answer"),
    ],
)
def test_a_malformed_set_is_a_one_line_error(bench, tmp_path, capsys, entry, message) -> None:
    path = tmp_path / "set.yaml"
    path.write_text("questions:\n" + "\n".join("  " + line for line in entry.splitlines()))
    assert bench.main(["--set", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert str(path) in err and message in err


def test_wrong_maths_needs_a_calculation_question(bench, bank, tmp_path, capsys) -> None:
    answers = {kind: "Some text." for kind in (*ALWAYS, "wrong_maths")}
    path = tmp_path / "set.yaml"
    path.write_text(
        yaml.safe_dump({"questions": [{"id": "q-rep-customer-complaint", "answers": answers}]})
    )
    assert bench.main(["--set", str(path)]) == 2
    assert "wrong_maths given but 'calculation' is not true" in capsys.readouterr().err
    # marked as a calculation, it needs the correct figures too, and then it loads
    entry = {"id": "q-rep-customer-complaint", "calculation": True, "answers": answers}
    path.write_text(yaml.safe_dump({"questions": [entry]}))
    assert bench.main(["--set", str(path), "--json"]) == 2
    assert "needs its correct 'figures'" in capsys.readouterr().err
    entry["figures"] = "none, really"
    path.write_text(yaml.safe_dump({"questions": [entry]}))
    assert len(bench.load_set(path, bank)) == 1


def test_an_unknown_question_filter_is_an_error(bench, capsys) -> None:
    assert bench.main(["--question", "q-not-in-the-set"]) == 2
    assert "not in the set: q-not-in-the-set" in capsys.readouterr().err
