"""Where a spoken answer comes from while it is being recorded.

A source is started, reports its current level while it runs, may finish on its own
(a recording played to its end), and hands back its samples when stopped. The
microphone is one (:mod:`salesops_drill.voice.capture`); :class:`Playback` plays a
recording from a file through the same screen in real time, which is how ``--audio``
drives the live interview (and how it is tested without a microphone).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from salesops_drill.voice.audio import FLOOR_DB, RATE, level_db

if TYPE_CHECKING:
    import numpy as np

#: The window a level is measured over: a meter that moves like a VU meter.
LEVEL_WINDOW_S = 0.1


class Source(Protocol):
    def start(self) -> None: ...

    def level(self) -> float:
        """The level just now, in dBFS."""
        ...

    @property
    def finished(self) -> bool:
        """Whether the source ended on its own (no more audio will come)."""
        ...

    def stop(self) -> np.ndarray:
        """Stop, and return everything recorded (float32 at :data:`RATE`)."""
        ...


class Playback:
    """A recording played back in real time, silently: its level follows the clock."""

    def __init__(self, samples: np.ndarray, clock: Callable[[], float] = time.monotonic) -> None:
        self.samples = samples
        self.clock = clock
        self._start: float | None = None
        self._stopped_at: float | None = None

    @property
    def duration(self) -> float:
        return len(self.samples) / RATE

    def start(self) -> None:
        self._start = self.clock()

    def elapsed(self) -> float:
        if self._start is None:
            return 0.0
        now = self._stopped_at if self._stopped_at is not None else self.clock()
        return min(self.duration, now - self._start)

    def level(self) -> float:
        end = int(self.elapsed() * RATE)
        if end <= 0:
            return FLOOR_DB
        return level_db(self.samples[max(0, end - int(LEVEL_WINDOW_S * RATE)) : end])

    @property
    def finished(self) -> bool:
        return self._start is not None and self.elapsed() >= self.duration

    def stop(self) -> np.ndarray:
        if self._stopped_at is None:
            self._stopped_at = self.clock()
        return self.samples[: int(round(self.elapsed() * RATE))]
