"""Start-up time of `drill` against the floor of `python -c "import typer"`, in one run.

Usage:  python benchmarks/startup.py [--runs N]

Each command is run as a whole process N times (after one warm-up); the median wall time
is reported with its ratio to the floor measured in the same run, so the figures hold on
any machine. Targets: `drill --version` <= 1.15x, `drill roles list` <= 1.5x.
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

TARGETS = {"drill --version": 1.15, "drill roles list": 1.5}


def drill_command() -> list[str]:
    script = Path(sys.executable).with_name("drill")
    return [str(script)] if script.exists() else [sys.executable, "-m", "salesops_drill"]


def median_seconds(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)  # warm the OS cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    drill = drill_command()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "DRILL_HOME": home, "NO_COLOR": "1"}
        cases = {
            'python -c "import typer"': [sys.executable, "-c", "import typer"],
            "drill --version": [*drill, "--version"],
            "drill roles list": [*drill, "roles", "list"],
        }
        # Interleave nothing clever: measure the floor first and last and keep the lower,
        # so a noisy start does not flatter the ratios.
        floor = median_seconds(cases['python -c "import typer"'], args.runs, env)
        results = {name: median_seconds(cmd, args.runs, env) for name, cmd in cases.items()}
        floor = min(floor, results['python -c "import typer"'])
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
