"""FSRS parameters fitted to the user's own log (``drill optimize``), kept in the store.

In the config table under ``fsrs_parameters``, as JSON with how the fit went, so a
backup carries them. Everything that schedules cards or predicts recall asks
:func:`scheduler` for its scheduler, so fitted parameters are used from the moment they
are stored. Stored values that are not usable (a hand-edited file) give the defaults
and a warning, never a crash.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from salesops_drill.scheduler import Scheduler
    from salesops_drill.store import Store

KEY = "fsrs_parameters"


class Fitted(NamedTuple):
    parameters: tuple[float, ...]
    fitted_at: str  # ISO time
    reviews: int  # reviews the fit was made from
    log_loss_before: float  # on that log, with the parameters in use before
    log_loss_after: float

    def to_json(self) -> str:
        data = self._asdict()
        data["parameters"] = list(self.parameters)
        return json.dumps(data)


def _parse(text: str) -> Fitted:
    """Raises ValueError for anything but a usable set of parameters."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    params = data.get("parameters")
    if not isinstance(params, list) or len(params) != len(LOWER_BOUNDS_PARAMETERS):
        raise ValueError("wrong number of parameters")
    values = []
    for value, low, high in zip(
        params, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
    ):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ValueError("a parameter is not a number")
        if not (math.isfinite(value) and low <= value <= high):
            raise ValueError("a parameter is out of range")
        values.append(float(value))
    return Fitted(
        tuple(values),
        str(data.get("fitted_at", "")),
        int(data.get("reviews", 0)),
        float(data.get("log_loss_before", math.nan)),
        float(data.get("log_loss_after", math.nan)),
    )


def load(store: Store) -> tuple[Fitted | None, str | None]:
    """(the stored fit or None, why the stored value is unusable or None)."""
    text = store.get_config(KEY)
    if not text:
        return None, None
    try:
        return _parse(text), None
    except (ValueError, TypeError):
        return None, (
            "the stored FSRS parameters are not usable; scheduling uses the defaults. "
            "Fit them again with 'drill optimize' or drop them with 'drill optimize --reset'"
        )


def save(store: Store, fit: Fitted) -> None:
    store.set_config(KEY, fit.to_json())


def reset(store: Store) -> bool:
    """Back to the default parameters; False if none were stored."""
    return store.delete_config(KEY)


def parameters(store: Store) -> tuple[float, ...] | None:
    fit, _ = load(store)
    return fit.parameters if fit else None


def scheduler(store: Store, enable_fuzzing: bool = True) -> Scheduler:
    """The user's scheduler: their desired retention, and fitted parameters if any."""
    from salesops_drill import settings
    from salesops_drill.scheduler import Scheduler

    retention = float(settings.get(store, "desired_retention"))  # type: ignore[arg-type]
    return Scheduler(retention, enable_fuzzing=enable_fuzzing, parameters=parameters(store))
