"""Building many long-lived objects at once without the cyclic garbage collector.

Loading a large library (10,000 cards) or a study day's schedule makes hundreds of
thousands of objects that live as long as the command. Each time enough have been made,
CPython's collector walks every tracked object made so far looking for cycles, and there
are none to find: on a large library that was more time than the loading itself.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block; what it made stays out of later ones.

    Objects are still freed as usual when nothing refers to them. On the way out,
    everything alive is moved out of the collector's sight (``gc.freeze``): the
    objects just built are kept for the rest of the command anyway.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
