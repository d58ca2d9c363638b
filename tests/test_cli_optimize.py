"""``drill optimize`` through the CLI: too little history, the missing extra, a real fit
that scheduling then uses, and --reset."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from pathlib import Path

import pytest

from salesops_drill import fitted
from salesops_drill.store import Store
from tests.helpers import run

ROOT = Path(__file__).resolve().parents[1]


def synthetic_log(size: int):
    spec = importlib.util.spec_from_file_location(
        "optimize_bench", ROOT / "benchmarks" / "optimize.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.synthetic_log(size, seed=5)


def fill_log(drill_home: Path, size: int) -> None:
    """A review log of ``size`` reviews, written in one transaction (fast set-up)."""
    db = drill_home / "progress.db"
    Store.open(db).close()
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany(
            "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, source)"
            " VALUES (?, ?, ?, ?, 'review')",
            [(r.card_id, r.rating, r.reviewed_at.isoformat(), 9000) for r in synthetic_log(size)],
        )
    conn.close()


def test_too_little_history_says_how_much_more_is_needed(drill_home):
    fill_log(drill_home, 300)
    result = run("optimize")
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith("drill: error: too little history to fit: drill optimize needs 400 ")
    have = int(line.split("you have ")[1].split(";")[0])
    assert 0 < have < 400 and f"about {400 - have} more" in line


def test_a_fresh_store_has_no_history():
    result = run("optimize")
    assert result.exit_code == 1 and "you have 0; about 400 more" in result.stderr


def test_without_the_extra_the_message_names_the_install_command(drill_home, monkeypatch):
    fill_log(drill_home, 1500)
    monkeypatch.setitem(sys.modules, "fsrs_rs_python", None)  # as if not installed
    result = run("optimize")
    assert result.exit_code == 1
    assert "pip install 'salesops-drill[optimize]'" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_fit_is_shown_stored_and_used_for_scheduling_then_reset(drill_home):
    pytest.importorskip("fsrs_rs_python")
    fill_log(drill_home, 1500)
    result = run("optimize")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Log loss on your log (lower is better): " in out and "with FSRS's defaults" in out
    before, after = (float(x.split()[0]) for x in out.split("): ")[1].split(", "))
    assert after < before
    assert "Saved: scheduling and plan predictions use them from now on" in out
    with Store.open(drill_home / "progress.db") as store:
        fit, problem = fitted.load(store)
        assert problem is None and fit is not None
        assert fit.log_loss_after == pytest.approx(after, abs=1e-4)
        assert fitted.scheduler(store).parameters == fit.parameters
    # Fitting again compares against the fitted parameters now in use.
    again = json.loads(run("optimize", "--json").stdout)
    assert again["log_loss_before"] == pytest.approx(fit.log_loss_after)

    assert run("optimize", "--reset").stdout.strip() == "Back to FSRS's default parameters."
    assert run("optimize", "--reset").stdout.strip() == "Already using FSRS's default parameters."
    with Store.open(drill_home / "progress.db") as store:
        from fsrs.scheduler import DEFAULT_PARAMETERS

        assert fitted.parameters(store) is None
        assert fitted.scheduler(store).parameters == tuple(DEFAULT_PARAMETERS)


def test_unusable_stored_parameters_fall_back_to_the_defaults(drill_home):
    from fsrs.scheduler import DEFAULT_PARAMETERS

    with Store.open(drill_home / "progress.db") as store:
        store.set_config(fitted.KEY, '{"parameters": [1, 2, 3]}')
        fit, problem = fitted.load(store)
        assert fit is None and "drill optimize --reset" in problem
        assert fitted.scheduler(store).parameters == tuple(DEFAULT_PARAMETERS)


def test_stats_hints_at_optimize_once_there_is_enough_history(drill_home):
    from salesops_drill import optimize
    from salesops_drill.cli import stats as stats_cmd

    assert "drill optimize" not in run("stats").stdout
    fill_log(drill_home, 300)
    assert "drill optimize" not in run("stats").stdout
    fill_log(drill_home, 1500)
    hint = " ".join(run("stats").stdout.split())  # wrapped at 80 columns
    assert "enough to fit FSRS to your own memory with 'drill optimize'" in hint
    assert "drill optimize" not in run("stats", "--json").stdout
    # counted once (it reads the whole log); later runs read the stored count
    with Store.open(drill_home / "progress.db") as store:
        counted = store.get_config(stats_cmd.HINT_READY_KEY)
        assert counted and int(counted) >= optimize.MIN_REVIEWS
        store.set_config(stats_cmd.HINT_READY_KEY, "4321")
    assert "at least 4,321 of your reviews" in " ".join(run("stats").stdout.split())
    with Store.open(drill_home / "progress.db") as store:
        store.set_config(fitted.KEY, "{}")  # fitted (if unusably): no more hint
    result = run("stats")
    assert "enough to fit" not in result.stdout
    assert "stored FSRS parameters are not usable" in result.stderr
