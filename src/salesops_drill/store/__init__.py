"""The progress store: one SQLite file holding schedules, reviews and interviews.

Data is sacred here. Every write is its own ``BEGIN IMMEDIATE`` transaction, committed
before the method returns, so a crash loses nothing already acknowledged and two drill
processes on one file take turns instead of failing. A file that is not ours, is
damaged, or comes from a newer version is refused without touching it; an older schema
is backed up beside the file before it is migrated.

:class:`Store` is put together from one part a table (or two): the connection and its
transactions (:mod:`.base`, with the checks of :mod:`.opening`), card states
(:mod:`.card_states`), the review log (:mod:`.reviews`) and the figures counted over it
(:mod:`.review_counts`), interviews (:mod:`.interviews`) and settings (:mod:`.config`).
The rows it returns are in :mod:`.rows`; the file itself (header, copies) in
:mod:`.file`, its schema in :mod:`.migrations` and :mod:`.schema`.
"""

from __future__ import annotations

from salesops_drill.errors import StoreError
from salesops_drill.store.base import StoreBase, upgrade_copy
from salesops_drill.store.card_states import CardStates
from salesops_drill.store.config import Config
from salesops_drill.store.interviews import Interviews
from salesops_drill.store.review_counts import ReviewCounts
from salesops_drill.store.reviews import SOURCES, Reviews
from salesops_drill.store.rows import (
    AnswerRow,
    NewAnswer,
    RatedAnswerRow,
    ReviewLogRow,
    ScoredAnswerRow,
    SessionRow,
)

__all__ = [
    "SOURCES",
    "AnswerRow",
    "NewAnswer",
    "RatedAnswerRow",
    "ReviewLogRow",
    "ScoredAnswerRow",
    "SessionRow",
    "Store",
    "StoreError",
    "upgrade_copy",
]


class Store(CardStates, Reviews, ReviewCounts, Interviews, Config, StoreBase):
    """An open progress database. Use :meth:`open`; close it, or use it as a context manager."""
