"""Fitted FSRS parameters against the defaults, on logs drawn from known parameters.

Usage:  python benchmarks/optimize.py [--sizes 1000 10000 100000] [--seed 7]

Needs the optional extra: pip install 'salesops-drill[optimize]' (fsrs-rs-python).

A synthetic learner whose memory follows FSRS with known, non-default parameters
(``TRUE``: a learner who forgets faster than FSRS's average user) studies a deck with
the app's scheduler at its defaults, as a new user would, for as many days as it takes
to log each size of review log. Whether a card is recalled is drawn from its true
retrievability (seeded); a recalled card is rated Hard/Good/Easy, a forgotten one Again.
The log goes through the same code as `drill optimize` (items from the log, then the
fit), and for each size the benchmark prints the log loss on that log of the defaults,
of the fitted parameters and of the true ones (the floor), and the fitting time.
Target: the fitted parameters reach a lower log loss than the defaults at every size.
Exits 1 if they do not.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta, timezone

from salesops_drill import optimize
from salesops_drill.scheduler import CardState, Scheduler
from salesops_drill.store import ReviewLogRow

#: The synthetic learner's true parameters: FSRS-6's defaults with lower initial
#: stabilities, slower growth of stability and a steeper forgetting curve.
TRUE = (
    0.1, 0.6, 1.2, 4.0,  # initial stability by first rating
    6.8, 0.9, 3.2, 0.02,  # difficulty
    1.4, 0.2, 0.9,  # stability after recall
    1.7, 0.08, 0.3, 1.5,  # stability after forgetting
    0.5, 2.0,  # hard penalty, easy bonus
    0.6, 0.1, 0.08,  # same-day reviews
    0.3,  # decay
)  # fmt: skip
START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
FIRST_RATINGS = (0.24, 0.094, 0.495, 0.171)
RECALLED_RATINGS = (0.224, 0.631, 0.145)
NEW_PER_DAY = 20


def synthetic_log(size: int, seed: int, true: tuple[float, ...] = TRUE) -> list[ReviewLogRow]:
    """``size`` reviews: 20 new cards a day and every card due, reviewed at 09:00 onwards."""
    rng = random.Random(seed)
    app = Scheduler(enable_fuzzing=False)  # what schedules: the defaults
    memory = Scheduler(enable_fuzzing=False, parameters=true)  # what the learner recalls
    scheduled: dict[str, CardState] = {}
    remembered: dict[str, CardState] = {}
    rows: list[ReviewLogRow] = []
    day = 0
    while len(rows) < size:
        now = START + timedelta(days=day)
        start = len(scheduled)
        for i in range(start, start + NEW_PER_DAY):
            scheduled[f"c{i}"] = CardState.new(f"c{i}")
            remembered[f"c{i}"] = CardState.new(f"c{i}")
        day_end = START + timedelta(days=day + 1) - timedelta(hours=5)
        queue = sorted((s.due or now, c) for c, s in scheduled.items() if (s.due or now) < day_end)
        while queue and len(rows) < size:
            due, cid = queue.pop(0)
            now = max(now, due) + timedelta(seconds=rng.uniform(5, 20))
            state = remembered[cid]
            if state.is_new:
                rating = rng.choices((1, 2, 3, 4), FIRST_RATINGS)[0]
            elif rng.random() >= memory.retrievability(state, now):
                rating = 1
            else:
                rating = rng.choices((2, 3, 4), RECALLED_RATINGS)[0]
            scheduled[cid] = app.review(scheduled[cid], rating, now)
            remembered[cid] = memory.review(state, rating, now)
            rows.append(ReviewLogRow(len(rows) + 1, cid, rating, now, None, "review"))
            nxt = scheduled[cid].due
            if nxt is not None and nxt < day_end:  # a learning step later today
                queue.append((nxt, cid))
                queue.sort()
        day += 1
    return rows


def measure(size: int, seed: int) -> dict:
    rows = synthetic_log(size, seed)
    items = optimize.items_from_log(rows, timezone.utc)
    fit = optimize.fit(items)
    return {
        "reviews": size,
        "items": len(items),
        "days": (rows[-1].reviewed_at - START).days + 1,
        "default": fit.log_loss_before,
        "fitted": fit.log_loss_after,
        "true": optimize.log_loss(items, TRUE),
        "seconds": fit.seconds,
    }


def table(results: list[dict]) -> str:
    lines = [
        "| reviews | days | log loss, defaults | fitted | true parameters | fitting time |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['reviews']:,} | {r['days']} | {r['default']:.4f} | {r['fitted']:.4f} "
            f"| {r['true']:.4f} | {r['seconds']:.2f} s |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    results = [measure(size, args.seed) for size in args.sizes]
    print(table(results))
    ok = all(r["fitted"] < r["default"] for r in results)
    print(f"fitted below the defaults at every size: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
