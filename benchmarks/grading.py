"""Time offline grading of a typed answer (a benchmark, not a timed test).

Usage:  python benchmarks/grading.py

Grades a ~300-word answer against every shipped question's key points and prints the
median time per answer. Feedback should feel instant: a few milliseconds.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from salesops_drill.grading import count_words, grade  # noqa: E402
from salesops_drill.library import load_library  # noqa: E402
from salesops_drill.paths import resolve_paths  # noqa: E402

ANSWER = (
    "At my last company our sales cycle had stretched from 48 to 62 days and leadership "
    "could not say why. I was responsible for finding the cause and fixing it within a "
    "quarter. First I pulled twelve months of opportunity history from the CRM and built "
    "a stage-by-stage conversion and duration model, then interviewed eight reps and two "
    "sales managers to understand where deals stalled. The bottleneck was legal review of "
    "non-standard contracts, which added eleven days on average. So I worked with legal to "
    "create pre-approved clause options, set up an approval workflow with alerts, and ran a "
    "pilot with one region before rolling it out. I also built a dashboard so managers could "
    "see stuck deals every Monday. As a result the cycle fell back to 50 days within two "
    "quarters, win rate rose 4 points and forecast accuracy improved to within 5% of actuals. "
) * 2


def main() -> int:
    lib = load_library(resolve_paths(), use_cache=False)
    words = count_words(ANSWER)
    times = []
    for q in lib.questions:
        start = time.perf_counter()
        grade(q, ANSWER)
        times.append(time.perf_counter() - start)
    print(f"graded a {words}-word answer against {len(times)} questions")
    print(f"median {statistics.median(times) * 1000:.2f} ms, max {max(times) * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
