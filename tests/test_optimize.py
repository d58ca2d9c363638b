"""Fitting FSRS parameters: items from the log, the minimum, the fit against the defaults,
and the benchmark at small size."""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from salesops_drill import optimize
from salesops_drill.store import ReviewLogRow

UTC = timezone.utc
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[1]


def row(n: int, card: str, rating: int, at: datetime) -> ReviewLogRow:
    return ReviewLogRow(n, card, rating, at, 1000, "review")


def bench():
    spec = importlib.util.spec_from_file_location(
        "optimize_bench", ROOT / "benchmarks" / "optimize.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_items_hold_each_cards_history_up_to_each_review_on_a_later_day():
    rows = [
        row(1, "a", 1, T0),
        row(2, "a", 3, T0 + timedelta(minutes=10)),  # same day: history, not an item
        row(3, "b", 3, T0 + timedelta(hours=1)),
        row(4, "a", 3, T0 + timedelta(days=2)),
        row(5, "a", 2, T0 + timedelta(days=7)),
        row(6, "b", 4, T0 + timedelta(days=1)),
    ]
    items = optimize.items_from_log(reversed(rows), UTC)  # any order in
    assert sorted(items) == sorted(
        [
            [(1, 0), (3, 0), (3, 2)],
            [(1, 0), (3, 0), (3, 2), (2, 5)],
            [(3, 0), (4, 1)],
        ]
    )


def test_days_between_reviews_are_study_days():
    # 23:00 and 03:00 the next night are one study day (days start at 04:00).
    late = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)
    rows = [row(1, "a", 3, late), row(2, "a", 3, late + timedelta(hours=4))]
    assert optimize.items_from_log(rows, UTC) == []
    rows.append(row(3, "a", 3, late + timedelta(hours=6)))
    assert optimize.items_from_log(rows, UTC) == [[(3, 0), (3, 0), (3, 1)]]


def test_how_many_more_reviews_are_needed():
    assert optimize.missing([[(3, 0), (3, 1)]] * 10) == optimize.MIN_REVIEWS - 10
    assert optimize.missing([[(3, 0), (3, 1)]] * optimize.MIN_REVIEWS) == 0


def test_without_the_extra_fitting_names_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "fsrs_rs_python", None)  # as if not installed
    with pytest.raises(
        optimize.OptimizerMissing, match=r"pip install 'salesops-drill\[optimize\]'"
    ):
        optimize.fit([[(3, 0), (3, 1)]])


def test_clamp_keeps_parameters_within_what_the_scheduler_accepts():
    from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS

    from salesops_drill.scheduler import Scheduler

    wild = [-5.0] * len(DEFAULT_PARAMETERS)
    clamped = optimize.clamp(wild)
    assert clamped == tuple(LOWER_BOUNDS_PARAMETERS)
    Scheduler(parameters=clamped)  # accepted
    with pytest.raises(ValueError):
        optimize.clamp([1.0] * 3)
    with pytest.raises(ValueError):
        optimize.clamp([float("nan")] * len(DEFAULT_PARAMETERS))


def test_fitted_parameters_beat_the_defaults_on_a_log_from_other_parameters():
    pytest.importorskip("fsrs_rs_python")
    b = bench()
    rows = b.synthetic_log(3000, seed=3)
    assert len(rows) == 3000
    items = optimize.items_from_log(rows, UTC)
    fit = optimize.fit(items)
    assert fit.reviews == len(items) > optimize.MIN_REVIEWS
    assert fit.better and fit.log_loss_after < fit.log_loss_before
    assert fit.parameters != optimize.clamp(optimize_defaults())
    assert optimize.log_loss(items, fit.parameters) == pytest.approx(fit.log_loss_after)


def test_the_scheduler_schedules_with_the_parameters_it_is_given():
    from salesops_drill.scheduler import CardState, Scheduler

    card = CardState.new("c")
    default = Scheduler(enable_fuzzing=False).review(card, 3, T0)
    own = Scheduler(enable_fuzzing=False, parameters=bench().TRUE).review(card, 3, T0)
    assert own.stability != default.stability


def optimize_defaults():
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return DEFAULT_PARAMETERS


def test_the_benchmark_runs_at_small_size(capsys):
    pytest.importorskip("fsrs_rs_python")
    assert bench().main(["--sizes", "1000"]) == 0
    out = capsys.readouterr().out
    assert "| 1,000 |" in out and "fitted below the defaults at every size: yes" in out
