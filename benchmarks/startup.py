"""Start-up time of `drill` against the floor of `python -c "import typer"`, in one run.

Usage:  python benchmarks/startup.py [--runs N]

Each command is run as a whole process N times (after one warm-up), the commands taking
turns; the median wall time is reported with its ratio to the floor measured in the same
run, so the figures hold on any machine. Targets: `drill --version` <= 1.15x,
`drill roles list` <= 1.5x.
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
        env = {**os.environ, "DRILL_HOME": home, "NO_COLOR": "1"}
        # Measure what users get: Python caches compiled modules (pip precompiles installed
        # packages; an editable checkout writes __pycache__ on the warm-up run). With
        # PYTHONDONTWRITEBYTECODE set, our modules would be recompiled on every run while
        # typer's would not, which measures the environment rather than the program.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cases = {
            'python -c "import typer"': [sys.executable, "-c", "import typer"],
            "drill --version": [*drill, "--version"],
            "drill roles list": [*drill, "roles", "list"],
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
