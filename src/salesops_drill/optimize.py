"""Fitting FSRS parameters to the user's own review log (``drill optimize``).

The fitting is done by ``fsrs-rs-python`` (the Rust FSRS optimizer: no torch, and a
hundred thousand reviews fit in about a second on two cores), an optional extra
imported only here and only when fitting. py-fsrs's own optimizer would need torch,
a download of about a gigabyte, for the same result.

The log is turned into the optimizer's items the way Anki does it: each card's reviews
in order, each with the days since the card's previous review (study days, which start
at 04:00 local), and one item for every review that came on a later day than the one
before it, holding the card's history up to and including that review.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from salesops_drill.clock import study_date
from salesops_drill.errors import DrillError

if TYPE_CHECKING:
    from salesops_drill.store import ReviewLogRow

#: Reviews on a later day than the card's previous one needed before fitting: below
#: this the optimizer gives back (nearly) the defaults.
MIN_REVIEWS = 400
INSTALL = "pip install 'salesops-drill[optimize]'"

#: One item: a card's reviews up to one of them, as (rating, days since the previous).
Item = list[tuple[int, int]]


class OptimizerMissing(DrillError):
    """fsrs-rs-python is not installed."""


def items_from_log(rows: Iterable[ReviewLogRow], tz: tzinfo | None = None) -> list[Item]:
    """The optimizer's training items from review log rows (any order)."""
    by_card: dict[str, list[tuple[datetime, int, int]]] = {}
    for row in rows:
        by_card.setdefault(row.card_id, []).append((row.reviewed_at, row.id, row.rating))
    items: list[Item] = []
    for reviews in by_card.values():
        reviews.sort()
        history: Item = []
        previous = None
        for at, _, rating in reviews:
            day = study_date(at, tz)
            delta = 0 if previous is None else (day - previous).days
            history.append((rating, delta))
            previous = day
            if delta > 0:
                items.append(list(history))
    return items


def missing(items: Sequence[Item]) -> int:
    """How many more reviews on a later day are needed before fitting (0: enough)."""
    return max(0, MIN_REVIEWS - len(items))


@dataclass(frozen=True)
class Fit:
    parameters: tuple[float, ...]
    log_loss_before: float  # on the items, with the parameters passed in
    log_loss_after: float  # with the fitted ones
    seconds: float  # the fitting alone
    reviews: int  # items fitted

    @property
    def better(self) -> bool:
        return self.log_loss_after < self.log_loss_before


def _engine():
    try:
        import fsrs_rs_python  # the optional extra: only drill optimize needs it
    except ImportError:
        raise OptimizerMissing(
            f"fitting FSRS parameters needs the optional fsrs-rs-python package: {INSTALL} "
            "(or pip install fsrs-rs-python into drill's environment)"
        ) from None
    return fsrs_rs_python


def log_loss(items: Sequence[Item], parameters: Sequence[float]) -> float:
    """How well ``parameters`` predict recall on ``items`` (lower is better)."""
    rs = _engine()
    return float(rs.FSRS(list(parameters)).evaluate(_to_rs(rs, items)).log_loss)


def fit(items: Sequence[Item], current: Sequence[float] | None = None) -> Fit:
    """Fit parameters to ``items``, and score them and ``current`` (default: FSRS's
    defaults) on the same items."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    rs = _engine()
    data = _to_rs(rs, items)
    before = list(current or DEFAULT_PARAMETERS)
    started = time.perf_counter()
    fitted = rs.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(
        data, enable_short_term=True, num_relearning_steps=1
    )
    seconds = time.perf_counter() - started
    params = clamp(fitted)
    return Fit(
        parameters=params,
        log_loss_before=float(rs.FSRS(before).evaluate(data).log_loss),
        log_loss_after=float(rs.FSRS(list(params)).evaluate(data).log_loss),
        seconds=seconds,
        reviews=len(items),
    )


def clamp(parameters: Sequence[float]) -> tuple[float, ...]:
    """Within the bounds py-fsrs accepts (the two libraries' bounds differ a little)."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    if len(parameters) != len(LOWER_BOUNDS_PARAMETERS):
        raise ValueError(f"expected {len(LOWER_BOUNDS_PARAMETERS)} parameters")
    out = []
    for value, low, high in zip(
        parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
    ):
        value = float(value)
        if not math.isfinite(value):
            raise ValueError("the optimizer returned a parameter that is not a number")
        out.append(min(high, max(low, round(value, 4))))
    return tuple(out)


def _to_rs(rs, items: Sequence[Item]) -> list:
    return [rs.FSRSItem([rs.FSRSReview(r, d) for r, d in item]) for item in items]
