"""How the grader reads answers it was not built from (a report, not a test).

Usage:  python benchmarks/own_words.py [--no-topics] [--json]

Grades benchmarks/own_words.yaml: two strong answers to every built-in question, and two
plainer ones to 48 of them, written by people who saw only the prompt (see the file's
header). Each answer is graded twice,
as `drill interview` grades it (against the whole bank too, see grading/relevance.py):

- against its own question: key-point coverage and score, which should be high;
- against another question (the one seven places on in the file, mostly of the same
  role): what an answer to the wrong question earns, which should be low.

Printed per style of answer ("a" organised, "b" said out loud, "m" mediocre, "s" solid
but casual): coverage, mean score and how many answers were judged off topic.
--no-topics grades without the bank, as the grader did before the relevance check.

--typing grades the "a" and "b" answers against their own question as people also type
them: without full stops, all in lower case, without apostrophes ("dont", "Id"), with a
typo in one long word of twenty, as bullets. Each way should keep about the same coverage.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import yaml  # noqa: E402

from salesops_drill.grading import TopicModel, grade  # noqa: E402
from salesops_drill.library import load_library  # noqa: E402
from salesops_drill.paths import resolve_paths  # noqa: E402

SET = Path(__file__).resolve().with_suffix(".yaml")
#: The wrong question for an answer: this many places on in the file.
OTHER = 7


def measure(topics: bool) -> dict[str, dict[str, float]]:
    lib = load_library(resolve_paths(), use_cache=False)
    questions = {q.id: q for q in lib.questions}
    model = TopicModel(lib.questions) if topics else None
    answers = yaml.safe_load(SET.read_text(encoding="utf-8"))
    ids = [qid for qid in answers if qid in questions]  # a question since removed: skipped
    rows: dict[str, dict[str, float]] = {}
    for k, qid in enumerate(ids):
        for style, text in answers[qid].items():
            for target, question in (
                ("own", questions[qid]),
                ("other", questions[ids[(k + OTHER) % len(ids)]]),
            ):
                fb = grade(question, text, topics=model)
                row = rows.setdefault(f"{target} question, {style}", {})
                row["answers"] = row.get("answers", 0) + 1
                row["points"] = row.get("points", 0) + len(question.key_points)
                row["covered"] = row.get("covered", 0) + len(fb.covered)
                row["score"] = row.get("score", 0) + fb.score
                row["off_topic"] = row.get("off_topic", 0) + fb.off_topic
    return {
        name: {
            "answers": int(r["answers"]),
            "coverage": round(r["covered"] / r["points"], 3),
            "mean_score": round(r["score"] / r["answers"], 1),
            "off_topic": int(r["off_topic"]),
        }
        for name, r in sorted(rows.items(), key=lambda item: (item[0][:3] != "own", item[0]))
    }


def _typo(text: str, seed: int) -> str:
    """One long word in twenty with two neighbouring letters swapped."""
    rng = random.Random(seed)
    words = text.split(" ")
    for n, word in enumerate(words):
        if len(word) > 4 and word.isalpha() and rng.random() < 0.05:
            i = rng.randrange(1, len(word) - 2)
            words[n] = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return " ".join(words)


TYPING = {
    "as written": lambda text: text,
    "no full stops": lambda text: re.sub(r"[.!?](\s|$)", r"\1", text),
    "lower case, no stops": lambda text: re.sub(r"[.!?](\s|$)", r"\1", text.lower()),
    "no apostrophes": lambda text: text.replace("'", ""),
    "typos": lambda text: _typo(text, len(text)),
    "bullets": lambda text: "- " + re.sub(r"([.!?]) ", "\\1\n- ", text),
}


def typing() -> dict[str, dict[str, float]]:
    lib = load_library(resolve_paths(), use_cache=False)
    questions = {q.id: q for q in lib.questions}
    model = TopicModel(lib.questions)
    answers = yaml.safe_load(SET.read_text(encoding="utf-8"))
    table = {}
    for name, change in TYPING.items():
        graded = [
            grade(questions[qid], change(answers[qid][style]), topics=model)
            for qid in answers
            if qid in questions
            for style in ("a", "b")
        ]
        table[name] = {
            "answers": len(graded),
            "coverage": round(sum(fb.coverage for fb in graded) / len(graded), 3),
            "mean_score": round(sum(fb.score for fb in graded) / len(graded), 1),
            "off_topic": sum(fb.off_topic for fb in graded),
        }
    return table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-topics", action="store_true", help="grade without the bank")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--typing", action="store_true", help="the answers typed other ways")
    args = parser.parse_args()
    table = typing() if args.typing else measure(not args.no_topics)
    if args.json:
        print(json.dumps(table, indent=2))
        return 0
    first = "typed" if args.typing else "graded against"
    print(f"{first:<20}{'answers':>8}{'coverage':>10}{'score':>8}{'off topic':>11}")
    for name, r in table.items():
        print(
            f"{name:<20}{r['answers']:>8}{r['coverage']:>10.3f}{r['mean_score']:>8.1f}"
            f"{r['off_topic']:>11}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
