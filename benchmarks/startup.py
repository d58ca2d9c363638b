"""Start-up time of `drill` against the floor of `python -c "import typer"`, in one run.

Usage:  python benchmarks/startup.py [--runs N]

Each command is run as a whole process N times (after one warm-up), the commands taking
turns; the median wall time is reported with its ratio to the floor measured in the same
run, so the figures hold on any machine. The content is the built-in content, and the
progress a month of daily reviews of it (written as `drill review` writes them), so
`drill stats` has something to count. Targets: `drill --version` <= 1.15x; `roles list`,
`questions list` and `stats` <= 1.5x.
Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {
    "drill --version": 1.15,
    "drill roles list": 1.5,
    "drill questions list": 1.5,
    "drill stats": 1.5,
}
#: The history written before timing: reviews a day, for this many days.
DAILY_REVIEWS, DAYS = 40, 30
NOW = "2025-03-10T09:00:00+00:00"


def drill_command() -> list[str]:
    script = Path(sys.executable).with_name("drill")
    return [str(script)] if script.exists() else [sys.executable, "-m", "salesops_drill"]


def write_history(home: Path) -> int:
    """A month of daily reviews of the built-in cards, each an FSRS rating written as
    `drill review` writes it, ending at NOW; returns how many."""
    import random
    from datetime import datetime, timedelta

    from salesops_drill.library import load_library
    from salesops_drill.paths import Paths
    from salesops_drill.scheduler import CardState, Scheduler
    from salesops_drill.store import Store

    rng = random.Random(20250310)
    random.seed(7)  # fsrs fuzz draws from the random module
    now = datetime.fromisoformat(NOW)
    ids = [card.id for card in load_library(Paths(home)).cards]
    scheduler = Scheduler()
    states: dict[str, CardState] = {}
    batch = []
    for day in range(DAYS, 0, -1):
        when = now - timedelta(days=day)
        for n in range(DAILY_REVIEWS):
            card_id = rng.choice(ids)
            rating = rng.choices((1, 2, 3, 4), weights=(10, 15, 65, 10))[0]
            at = when + timedelta(minutes=n)
            state = scheduler.review(states.get(card_id) or CardState.new(card_id), rating, at)
            states[card_id] = state
            batch.append((state, rating, at, rng.randint(2_000, 30_000), "review"))
    with Store.open(home / "progress.db") as store:
        return store.record_reviews(batch)


def interleaved_medians(cases: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict:
    """Median wall time of each command, the commands taking turns run after run.

    Taking turns spreads any drift in machine speed over every command alike, so the
    ratios hold even on a noisy machine.
    """
    for cmd in cases.values():  # warm-up: OS cache, __pycache__, drill's content cache
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, cmd in cases.items():
            start = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    drill = drill_command()
    with tempfile.TemporaryDirectory() as home:
        write_history(Path(home))
        env = {**os.environ, "DRILL_HOME": home, "DRILL_NOW": NOW, "NO_COLOR": "1"}
        # Measure what users get: Python caches compiled modules (pip precompiles installed
        # packages; an editable checkout writes __pycache__ on the warm-up run). With
        # PYTHONDONTWRITEBYTECODE set, our modules would be recompiled on every run while
        # typer's would not, which measures the environment rather than the program.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cases = {
            'python -c "import typer"': [sys.executable, "-c", "import typer"],
            "drill --version": [*drill, "--version"],
            "drill roles list": [*drill, "roles", "list"],
            "drill questions list": [*drill, "questions", "list"],
            "drill stats": [*drill, "stats"],
        }
        results = interleaved_medians(cases, args.runs, env)
        floor = results['python -c "import typer"']
    ok = True
    print(f"{'command':<28}{'median ms':>10}{'ratio':>8}{'target':>8}")
    for name, seconds in results.items():
        ratio = seconds / floor
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            verdict = f"{target:>7.2f}x" + ("" if ratio <= target else "  MISSED")
            ok &= ratio <= target
        print(f"{name:<28}{seconds * 1000:>10.1f}{ratio:>7.2f}x{verdict:>8}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
