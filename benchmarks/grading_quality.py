"""How well the grader ranks answers the way a hiring manager would (a report, not a test).

Usage:  python benchmarks/grading_quality.py [--verbose] [--json] [--set PATH] [--question ID]...

Grades the labelled answers in benchmarks/grading_quality.yaml (written for this project:
for each of a set of bank questions, a strong answer, the same substance in the candidate's
own words, and weak kinds: vague, off-topic, a keyword list, keywords in STAR phrases,
invented numbers and, for calculations, wrong maths) and prints:

- the mean score (0-100) and mean coverage (0-1) per kind of answer;
- the share of (good, weak) pairs ranked right within each question, where good is
  strong or paraphrased and weak is any other kind: a pair is right when the good answer
  scores strictly higher;
- paraphrased coverage / strong coverage, the mean over questions: how much of a strong
  answer's credit survives a change of wording;
- how many built-in behavioral and situational model answers, graded as typed text, get
  full STAR credit.

--verbose adds the pairs ranked wrong, the STAR model answers short of full credit and a
score/coverage grid per question and kind.

Targets: 100% of pairs ranked right, paraphrase ratio >= 0.5, every STAR model answer at
full credit. Each is printed with PASS or MISS; the exit code is 0 either way (exit 2 only
when the labelled set itself is malformed). --set grades another file in the same format,
such as a held-out set kept outside the repository; --question (repeatable) keeps only the
named questions of the set. --json prints the same figures, and every answer's score, as
JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import yaml  # noqa: E402

from salesops_drill.bank import Question  # noqa: E402
from salesops_drill.grading import TopicModel, grade  # noqa: E402
from salesops_drill.library import load_library  # noqa: E402
from salesops_drill.paths import builtin_data_dir, resolve_paths  # noqa: E402

DEFAULT_SET = Path(__file__).resolve().with_suffix(".yaml")

GOOD_KINDS: tuple[str, ...] = ("strong", "paraphrased")
WEAK_KINDS: tuple[str, ...] = (
    "vague",
    "off_topic",
    "keyword_list",
    "keyword_star",
    "invented_numbers",
    "wrong_maths",
)
KINDS: tuple[str, ...] = GOOD_KINDS + WEAK_KINDS
#: Kinds every question of the set must have; wrong_maths only where it asks for figures.
REQUIRED_KINDS: tuple[str, ...] = tuple(k for k in KINDS if k != "wrong_maths")
ENTRY_KEYS = frozenset({"id", "calculation", "figures", "answers"})

TARGET_PAIRS = 1.0
TARGET_PARAPHRASE_RATIO = 0.5


class SetError(Exception):
    """The labelled set is malformed: one line, naming the file."""


@dataclass(frozen=True)
class Entry:
    """One question of the labelled set and its answers by kind."""

    question: Question
    calculation: bool
    answers: dict[str, str]


@dataclass
class Graded:
    """The grader's view of every answer to one question."""

    question: Question
    scores: dict[str, float] = field(default_factory=dict)
    coverage: dict[str, float] = field(default_factory=dict)


def load_set(path: Path, questions: dict[str, Question]) -> list[Entry]:
    """The labelled set at ``path``, checked against the bank; raises SetError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SetError(f"{path}: cannot read the set: {exc}".splitlines()[0]) from exc
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise SetError(f"{path}: expected a mapping with a 'questions' list")
    entries: list[Entry] = []
    seen: set[str] = set()
    for n, raw in enumerate(data["questions"], 1):
        where = f"{path}: question {n}"
        if not isinstance(raw, dict):
            raise SetError(f"{where}: expected a mapping")
        qid = raw.get("id")
        where = f"{where} ({qid})"
        unknown = sorted(set(raw) - ENTRY_KEYS)
        if unknown:
            raise SetError(f"{where}: unknown keys {', '.join(map(str, unknown))}")
        if qid not in questions:
            raise SetError(f"{where}: no question with this id in the bank")
        if qid in seen:
            raise SetError(f"{where}: listed twice")
        seen.add(qid)
        calculation = raw.get("calculation", False)
        if not isinstance(calculation, bool):
            raise SetError(f"{where}: 'calculation' must be true or false")
        answers = raw.get("answers")
        if not isinstance(answers, dict):
            raise SetError(f"{where}: 'answers' must be a mapping of kind to text")
        unknown = sorted(set(answers) - set(KINDS))
        if unknown:
            raise SetError(f"{where}: unknown answer kinds {', '.join(map(str, unknown))}")
        needed = REQUIRED_KINDS + (("wrong_maths",) if calculation else ())
        missing = [k for k in needed if k not in answers]
        if missing:
            raise SetError(f"{where}: missing answer kinds {', '.join(missing)}")
        if "wrong_maths" in answers and not calculation:
            raise SetError(f"{where}: wrong_maths given but 'calculation' is not true")
        if calculation and not (isinstance(raw.get("figures"), str) and raw["figures"].strip()):
            raise SetError(f"{where}: a calculation question needs its correct 'figures'")
        for kind, text in answers.items():
            if not isinstance(text, str) or not text.strip():
                raise SetError(f"{where}: answer '{kind}' must be non-empty text")
        entries.append(Entry(questions[qid], calculation, dict(answers)))
    if not entries:
        raise SetError(f"{path}: the set has no questions")
    return entries


def grade_entries(entries: list[Entry], bank: list[Question] | None = None) -> list[Graded]:
    """Each answer graded as `drill interview` grades it: against the whole ``bank`` of
    questions too (an answer that reads as one to another question counts for less)."""
    topics = TopicModel(bank) if bank else None
    results = []
    for entry in entries:
        graded = Graded(entry.question)
        for kind in KINDS:
            text = entry.answers.get(kind)
            if text is None:
                continue
            fb = grade(entry.question, text, topics=topics)
            graded.scores[kind] = float(fb.score)
            graded.coverage[kind] = float(fb.coverage)
        results.append(graded)
    return results


def kind_table(results: list[Graded]) -> dict[str, dict[str, float]]:
    """Per kind: how many answers, their mean score and mean coverage."""
    table = {}
    for kind in KINDS:
        scores = [g.scores[kind] for g in results if kind in g.scores]
        if not scores:
            continue
        cover = [g.coverage[kind] for g in results if kind in g.coverage]
        table[kind] = {
            "n": len(scores),
            "score": statistics.fmean(scores),
            "coverage": statistics.fmean(cover),
        }
    return table


def ranked_pairs(results: list[Graded]) -> tuple[int, int, dict[str, list[int]], list[dict]]:
    """(right, total, {weak kind: [right, total]}, pairs ranked wrong)."""
    right = total = 0
    by_weak: dict[str, list[int]] = {}
    wrong: list[dict] = []
    for g in results:
        for good in GOOD_KINDS:
            for weak in WEAK_KINDS:
                if good not in g.scores or weak not in g.scores:
                    continue
                ok = g.scores[good] > g.scores[weak]
                total += 1
                right += ok
                tally = by_weak.setdefault(weak, [0, 0])
                tally[0] += ok
                tally[1] += 1
                if not ok:
                    wrong.append(
                        {
                            "question": g.question.id,
                            "good": good,
                            "good_score": g.scores[good],
                            "weak": weak,
                            "weak_score": g.scores[weak],
                        }
                    )
    return right, total, by_weak, wrong


def paraphrase_ratio(results: list[Graded]) -> tuple[float | None, list[str]]:
    """Mean of paraphrased / strong coverage, and the questions skipped (strong at 0)."""
    ratios, skipped = [], []
    for g in results:
        strong = g.coverage.get("strong")
        para = g.coverage.get("paraphrased")
        if strong is None or para is None:
            continue
        if strong <= 0:
            skipped.append(g.question.id)
            continue
        ratios.append(para / strong)
    return (statistics.fmean(ratios) if ratios else None), skipped


def model_answer_text(question: Question) -> str:
    """The model answer as a candidate would type it: every line of every part, in order."""
    return " ".join(line for _, lines in question.model_answer.parts for line in lines)


def is_builtin(question: Question) -> bool:
    origin = question.origin.rsplit(":", 1)[0]
    try:
        Path(origin).resolve().relative_to(builtin_data_dir().resolve())
    except ValueError:
        return False
    return True


def star_model_answers(questions: list[Question]) -> tuple[int, int, list[dict]]:
    """(full, total, misses) over built-in STAR-category questions' model answers."""
    full = total = 0
    misses = []
    for q in questions:
        if not q.uses_star or not is_builtin(q):
            continue
        total += 1
        star = getattr(grade(q, model_answer_text(q)), "star", None)
        if star and all(star.values()):
            full += 1
        else:
            missing = sorted(p for p, ok in (star or {}).items() if not ok)
            misses.append({"question": q.id, "missing": missing if star else None})
    return full, total, misses


def report(entries: list[Entry], questions: list[Question], set_path: Path) -> dict:
    results = grade_entries(entries, questions)
    right, total, by_weak, wrong = ranked_pairs(results)
    ratio, skipped = paraphrase_ratio(results)
    star_full, star_total, star_misses = star_model_answers(questions)
    pairs_share = right / total if total else None
    try:
        shown = set_path.resolve().relative_to(Path.cwd())
    except ValueError:
        shown = set_path
    return {
        "set": str(shown),
        "questions": len(results),
        "answers": sum(len(g.scores) for g in results),
        "kinds": kind_table(results),
        "pairs": {
            "right": right,
            "total": total,
            "share": pairs_share,
            "by_weak_kind": {k: {"right": v[0], "total": v[1]} for k, v in by_weak.items()},
            "wrong": wrong,
        },
        "paraphrase_ratio": {"mean": ratio, "skipped_strong_zero": skipped},
        "star_model_answers": {"full": star_full, "total": star_total, "misses": star_misses},
        "targets": {
            "pairs": pairs_share is not None and pairs_share >= TARGET_PAIRS,
            "paraphrase_ratio": ratio is not None and ratio >= TARGET_PARAPHRASE_RATIO,
            "star_model_answers": star_total > 0 and star_full == star_total,
        },
        "per_question": [
            {
                "question": g.question.id,
                "category": g.question.category,
                "scores": g.scores,
                "coverage": g.coverage,
            }
            for g in results
        ],
    }


def _mark(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_report(rep: dict, verbose: bool) -> None:
    print(f"grading quality: {rep['questions']} questions, {rep['answers']} answers ({rep['set']})")
    print()
    print(f"{'kind':<18}{'n':>4}{'score':>8}{'coverage':>10}")
    for kind, row in rep["kinds"].items():
        print(f"{kind:<18}{row['n']:>4}{row['score']:>8.1f}{row['coverage']:>10.2f}")
    print()

    pairs = rep["pairs"]
    share = pairs["share"]
    share_text = f"{share:.1%}" if share is not None else "n/a"
    print(f"pairs ranked right (good above weak): {pairs['right']}/{pairs['total']} = {share_text}")
    for kind, t in pairs["by_weak_kind"].items():
        print(f"  vs {kind:<18}{t['right']:>4}/{t['total']}")
    if verbose and pairs["wrong"]:
        print("  ranked wrong:")
        for w in pairs["wrong"]:
            print(
                f"    {w['question']}: {w['good']} {w['good_score']:.0f}"
                f" <= {w['weak']} {w['weak_score']:.0f}"
            )

    para = rep["paraphrase_ratio"]
    ratio_text = f"{para['mean']:.2f}" if para["mean"] is not None else "n/a"
    print(f"paraphrased coverage / strong coverage (mean over questions): {ratio_text}")
    if para["skipped_strong_zero"]:
        skipped = ", ".join(para["skipped_strong_zero"])
        print(f"  skipped, strong coverage 0: {skipped}")

    star = rep["star_model_answers"]
    print(f"STAR model answers at full STAR credit: {star['full']}/{star['total']}")
    if verbose and star["misses"]:
        print("  not full:")
        for m in star["misses"]:
            what = (
                "no STAR feedback" if m["missing"] is None else "missing " + ", ".join(m["missing"])
            )
            print(f"    {m['question']}: {what}")

    if verbose:
        print()
        print("scores per question (score/coverage%):")
        header = "".join(f"{k[:9]:>10}" for k in KINDS)
        print(f"  {'question':<36}{header}")
        for row in rep["per_question"]:
            cells = "".join(
                f"{row['scores'][k]:>6.0f}/{row['coverage'][k] * 100:<3.0f}"
                if k in row["scores"]
                else f"{'-':>10}"
                for k in KINDS
            )
            print(f"  {row['question'][:36]:<36}{cells}")

    targets = rep["targets"]
    print()
    print("targets:")
    print(f"  pairs ranked right       100%      {share_text:>8}  {_mark(targets['pairs'])}")
    print(
        f"  paraphrase ratio         >= {TARGET_PARAPHRASE_RATIO:.2f}   {ratio_text:>8}"
        f"  {_mark(targets['paraphrase_ratio'])}"
    )
    star_text = f"{star['full']}/{star['total']}"
    print(
        f"  STAR model answers full  all       {star_text:>8}"
        f"  {_mark(targets['star_model_answers'])}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Rank labelled answers with the grader and compare with a hiring manager."
    )
    parser.add_argument("--verbose", action="store_true", help="list what misses, and every score")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="labelled set (YAML)")
    parser.add_argument(
        "--question", action="append", default=[], metavar="ID", help="only this question"
    )
    args = parser.parse_args(argv)

    lib = load_library(resolve_paths(), use_cache=False)
    by_id = {q.id: q for q in lib.questions}
    try:
        entries = load_set(args.set, by_id)
        if args.question:
            unknown = sorted(set(args.question) - {e.question.id for e in entries})
            if unknown:
                raise SetError(f"{args.set}: not in the set: {', '.join(unknown)}")
            entries = [e for e in entries if e.question.id in args.question]
    except SetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    rep = report(entries, list(lib.questions), args.set)
    if args.json:
        print(json.dumps(rep, indent=2))
    else:
        print_report(rep, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
