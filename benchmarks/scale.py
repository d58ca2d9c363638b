"""Drill at scale: a large bank and a long review log, timed against `import typer`.

Usage:  python benchmarks/scale.py [--small] [--runs N] [--case DIR]

Builds the large case (10,000 cards in one user bank, 1,000,000 review-log rows, a few
hundred mock interviews; `--small`: 1,000 cards and 100,000 rows) through drill's own
code: the bank is a generated YAML file loaded by the content loader, and every review
is a rating the FSRS scheduler made, written as `drill review` writes it (the rows go
in in batches, one transaction each). Then each command runs as a whole process, the
commands and the floor (`python -c "import typer"`) taking turns run after run, and the
median wall time is printed as a ratio to the floor, with each process's peak memory
(ru_maxrss). The cost of one key press in `drill review` (a rating committed, the next
card and its interval previews drawn) is measured in-process on a copy of the store.

`--case DIR` keeps the built case in DIR and reuses it next time (building the large
case takes a few minutes). Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import random
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import drill_command  # noqa: E402

FLOOR = 'python -c "import typer"'
SIZES = {"large": (10_000, 1_000_000, 300), "small": (1_000, 100_000, 30)}
#: Ratio targets (to the floor) and peak-memory targets (MB), by size.
TARGETS = {
    "large": {
        "review: first card": 2.5,
        "drill stats": 3.0,
        "first run after a content change": 4.0,
        "export progress --json": 10.0,
        "backup": 5.0,
    },
    "small": {"review: first card": 2.0, "drill stats": 1.5},
}
MEMORY_TARGETS = {
    "large": {
        "review: first card": 150,
        "drill stats": 150,
        "interview --answers": 150,
        "export progress --json": 100,
    },
    "small": {},
}
KEY_PRESS_TARGET_MS = {"large": 20.0, "small": 20.0}
CASE_VERSION = 1

WORDS = (
    "pipeline forecast quota territory compensation attainment coverage conversion "
    "velocity churn retention expansion renewal discount margin cycle stage win loss "
    "rate capacity ramp productivity enablement cadence hygiene dashboard account "
    "segment lead opportunity booking bookings revenue plan target commission"
).split()
ROLES = ("rep", "analyst", "senior-analyst", "manager", "director", "vp")


# ---------------------------------------------------------------- building the case


@dataclass(frozen=True)
class Case:
    home: Path
    now: str  # DRILL_NOW for every command: the case was built relative to it
    size: str


def write_bank(path: Path, cards: int, rng: random.Random) -> None:
    """A user bank of ``cards`` concept cards, written as a person would write one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["cards:\n"]
    for i in range(cards):
        front = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16)))
        back = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 60)))
        roles = ", ".join(rng.sample(ROLES, rng.randint(1, 3)))
        lines.append(
            f"  - id: c-scale-{i:05d}\n"
            f"    front: {front.capitalize()}?\n"
            f"    back: >-\n      {back.capitalize()}.\n"
            f"    roles: [{roles}]\n"
            f"    tags: [scale, topic-{i % 40}]\n\n"
        )
    path.write_text("".join(lines), encoding="utf-8")


def build(home: Path, size: str) -> Case:
    from salesops_drill.interview import InterviewSession
    from salesops_drill.interview_questions import Plan
    from salesops_drill.library import load_library
    from salesops_drill.paths import Paths
    from salesops_drill.scheduler import CardState, Scheduler
    from salesops_drill.store import Store

    cards, reviews, interviews = SIZES[size]
    rng = random.Random(20250310)
    random.seed(7)  # fsrs fuzz draws from the random module
    now = datetime(2025, 3, 10, 9, 0, tzinfo=timezone.utc)
    home.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    write_bank(home / "banks" / "scale.yaml", cards, rng)
    lib = load_library(Paths(home))  # the content loader; writes the content cache too
    bank_ids = [c.id for c in lib.cards if c.id.startswith("c-scale-")]
    assert len(bank_ids) == cards, (len(bank_ids), lib.problems[:3])
    scheduler = Scheduler()
    with Store.open(home / "progress.db") as store:
        # Mock interviews first (graded for real, so their feedback is what drill saves).
        questions = [q for q in lib.questions if "manager" in q.roles]
        for n in range(interviews):
            when = now - timedelta(days=700) + timedelta(days=700 * n / interviews)
            chosen = rng.sample(questions, 5)

            def clock(when: datetime = when) -> datetime:
                return when

            session = InterviewSession(
                store, scheduler, Plan("manager", chosen, n, 5), clock, settings={}
            )
            for q in chosen:
                text = q.model_answer.summary or q.prompt
                done = session.answer(q, text, seconds_used=90.0)
                session.rate(done, rng.randint(1, 5))
            session.finish()
        # Reviews: each reviewed card's history, in time order across cards.
        reviewed = [cid for cid in bank_ids if rng.random() < 0.9]
        per_card, extra = divmod(reviews, len(reviewed))
        heap: list[tuple[datetime, str, int, int]] = []
        span = timedelta(days=730)
        for i, cid in enumerate(reviewed):
            count = per_card + (1 if i < extra else 0)
            first = now - span + timedelta(minutes=rng.randint(0, 60 * 24 * 30))
            heapq.heappush(heap, (first, cid, count, 0))
        states = {cid: CardState.new(cid) for cid in reviewed}
        batch: list[tuple[CardState, int, datetime, int | None, str]] = []
        written = 0
        while heap:
            when, cid, count, done_n = heapq.heappop(heap)
            rating = rng.choices((1, 2, 3, 4), weights=(10, 15, 65, 10))[0]
            after = scheduler.review(states[cid], rating, when)
            states[cid] = after
            batch.append((after, rating, when, rng.randint(2_000, 30_000), "review"))
            if done_n + 1 < count:
                # The rest of the history spread over what is left of the span, ending
                # up to six weeks before now, so some cards are due and some are not.
                end = now - timedelta(days=rng.uniform(0, 42))
                left = count - done_n - 1
                step = max(timedelta(minutes=10), (end - when) / (left + 1))
                heapq.heappush(heap, (when + step * rng.uniform(0.6, 1.4), cid, count, done_n + 1))
            if len(batch) >= 20_000:
                written += store.record_reviews(batch)
                batch.clear()
                print(f"  {written:,} reviews written", file=sys.stderr, end="\r")
        written += store.record_reviews(batch)
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(
        f"  built {size} case: {cards:,} cards, {written:,} reviews, {interviews} interviews "
        f"in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    now_text = now.isoformat()
    (home / "case.json").write_text(
        json.dumps({"version": CASE_VERSION, "size": size, "now": now_text})
    )
    return Case(home, now_text, size)


def load_case(home: Path, size: str) -> Case | None:
    try:
        meta = json.loads((home / "case.json").read_text())
    except (OSError, ValueError):
        return None
    if meta.get("version") != CASE_VERSION or meta.get("size") != size:
        return None
    return Case(home, meta["now"], size)


# ---------------------------------------------------------------- running commands


@dataclass
class Result:
    seconds: float
    peak_mb: float


def run_plain(cmd: list[str], env: dict[str, str]) -> Result:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read() if proc.stderr else b""
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({proc.returncode}): {err.decode()[-500:]}")
    return Result(seconds, usage.ru_maxrss / 1024)


def run_review(cmd: list[str], env: dict[str, str]) -> Result:
    """`drill review` in a pseudo-terminal: the time until the first card is on screen."""
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env={**env, "TERM": "xterm-256color"},
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    shown = None
    deadline = start + 120
    while shown is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 1.0)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        seen += chunk
        if b"\x1b[6n" in chunk:
            os.write(master, b"\x1b[1;1R")  # answer cursor-position requests, as a terminal
        if b"Concept card" in seen or b"Interview question" in seen:
            shown = time.perf_counter() - start
    os.write(master, b"q")
    while True:  # drain until the child closes the terminal
        ready, _, _ = select.select([master], [], [], 5.0)
        if not ready:
            break
        try:
            if not os.read(master, 65536):
                break
        except OSError:
            break
    _, status, usage = os.wait4(proc.pid, 0)
    os.close(master)
    if shown is None:
        raise RuntimeError(f"no card appeared: {seen[-400:]!r}")
    return Result(shown, usage.ru_maxrss / 1024)


def commands(case: Case, work: Path) -> dict[str, tuple[str, object]]:
    """Name -> (how to run it, what to run, or a function to call before each run)."""
    drill = drill_command()
    answers = work / "answers.yaml"
    answers.write_text(
        "- We started from the funnel and measured conversion by stage, then fixed the "
        "slowest stage and win rate rose from 20% to 26% in a quarter.\n"
        "- I built the forecast from pipeline coverage and stage probabilities.\n"
    )
    return {
        FLOOR: ("plain", [sys.executable, "-c", "import typer"]),
        "review: first card": ("review", [*drill, "review"]),
        "drill stats": ("plain", [*drill, "stats"]),
        "interview --answers": (
            "plain",
            [*drill, "interview", "--role", "manager", "--answers", str(answers), "--json"],
        ),
        "export progress --json": ("plain", [*drill, "export", "progress", "--json"]),
        "backup": ("plain", [*drill, "backup", "-o", str(work / "backup.db"), "--force"]),
        "first run after a content change": ("changed", [*drill, "roles", "list"]),
    }


def edited(bank: bytes, round_: int) -> bytes:
    """The bank with a sentence added to the answer of the card in its middle, on a line
    of its own (the cards after it move down a line), as a user edits a card."""
    middle = bank.index(b"\n  - id: ", len(bank) // 2)
    back = bank.index(b"    back: >-\n", middle) + len(b"    back: >-\n")
    sentence = f"      Edited in round {round_}, at {time.time()}.\n".encode()
    return bank[:back] + sentence + bank[back:]


def measure(case: Case, runs: int) -> dict[str, list[Result]]:
    env = {
        **os.environ,
        "DRILL_HOME": str(case.home),
        "DRILL_NOW": case.now,
        "NO_COLOR": "1",
        "COLUMNS": "80",
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # see startup.py
    bank = case.home / "banks" / "scale.yaml"
    original = bank.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cases = commands(case, work)
        results: dict[str, list[Result]] = {name: [] for name in cases}
        try:
            for round_ in range(runs + 1):  # round 0 warms up: OS cache, __pycache__
                for name, (kind, cmd) in cases.items():
                    if kind == "changed":
                        bank.write_bytes(edited(original, round_))
                    runner = run_review if kind == "review" else run_plain
                    result = runner(cmd, env)  # type: ignore[arg-type]
                    if round_:
                        results[name].append(result)
                print(f"  round {round_}/{runs} done", file=sys.stderr, end="\r")
        finally:
            bank.write_bytes(original)
    return results


def key_press_ms(case: Case, presses: int = 60) -> tuple[float, float]:
    """Median and 90th percentile of one rating in `drill review`, in ms, in-process:
    the rating committed, then what the screen draws next (counts, card, previews)."""
    from salesops_drill import settings
    from salesops_drill.library import load_library
    from salesops_drill.paths import Paths
    from salesops_drill.review import ReviewSession, select_cards
    from salesops_drill.scheduler import Scheduler
    from salesops_drill.store import Store

    clock_now = [datetime.fromisoformat(case.now)]

    def clock() -> datetime:
        return clock_now[0]

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "progress.db"
        shutil.copyfile(case.home / "progress.db", db)
        lib = load_library(Paths(case.home))
        cards = select_cards(lib)
        times = []
        with Store.open(db) as store:
            retention = settings.get(store, "desired_retention")
            session = ReviewSession(store, Scheduler(retention), cards, clock)
            rng = random.Random(3)
            for _ in range(presses):
                if session.current is None:
                    break
                clock_now[0] += timedelta(seconds=8)
                start = time.perf_counter()
                session.rate(rng.choices((1, 2, 3, 4), weights=(10, 15, 65, 10))[0])
                _ = session.counts, session.current
                if session.current is not None:
                    session.previews()
                times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9)]


# ---------------------------------------------------------------- report


def report(size: str, results: dict[str, list[Result]], press: tuple[float, float]) -> bool:
    floor = statistics.median(r.seconds for r in results[FLOOR])
    targets, memory = TARGETS[size], MEMORY_TARGETS[size]
    ok = True
    print(f"\n{size} case: {SIZES[size][0]:,} cards, {SIZES[size][1]:,} review-log rows")
    print(f"{'command':<34}{'median':>9}{'ratio':>8}{'target':>8}{'peak MB':>9}{'target':>8}")
    for name, runs in results.items():
        seconds = statistics.median(r.seconds for r in runs)
        peak = max(r.peak_mb for r in runs)
        ratio = seconds / floor
        line = f"{name:<34}{seconds * 1000:>7.0f}ms{ratio:>7.2f}x"
        target = targets.get(name)
        line += f"{target:>7.1f}x" if target else f"{'':>8}"
        line += f"{peak:>9.0f}"
        mem = memory.get(name)
        line += f"{mem:>8}" if mem else ""
        missed = (target is not None and ratio > target) or (mem is not None and peak > mem)
        ok &= not missed
        print(line + ("  MISSED" if missed else ""))
    median, p90 = press
    target_ms = KEY_PRESS_TARGET_MS[size]
    missed = median > target_ms
    ok &= not missed
    print(
        f"{'review: one key press (in-process)':<34}{median:>7.1f}ms{'':>8}{target_ms:>6.0f}ms"
        f"   (90th percentile {p90:.1f} ms)" + ("  MISSED" if missed else "")
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="1,000 cards, 100,000 reviews")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--case", type=Path, help="keep the built case here and reuse it")
    parser.add_argument("--build-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    size = "small" if args.small else "large"
    if args.build_only:
        build(args.build_only, size)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        home = args.case.resolve() if args.case else Path(tmp) / "home"
        case = load_case(home, size) if args.case else None
        if case is None:
            if home.exists() and any(home.iterdir()):
                if not (home / "case.json").exists():
                    print(f"{home} is not empty and holds no case; give an empty folder")
                    return 2
                shutil.rmtree(home)
            # In a process of its own: a child forked from a process that has loaded
            # the case would report the parent's memory as its own peak.
            flags = ["--small"] if args.small else []
            build_cmd = [sys.executable, __file__, *flags, "--build-only", str(home)]
            subprocess.run(build_cmd, check=True)
            case = load_case(home, size)
            assert case is not None
        results = measure(case, args.runs)
        press = key_press_ms(case)
    return 0 if report(size, results, press) else 1


if __name__ == "__main__":
    sys.exit(main())
