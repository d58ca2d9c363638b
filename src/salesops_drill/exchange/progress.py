"""``drill export progress``: the review log and every card's schedule as JSON.

Streamed: each chunk of the log is written as it is read (SQLite makes the JSON of the
reviews), so a log of a million reviews costs the same memory as one of ten. The layout
is the same document as ever, an object with ``format``, ``schema_version``,
``exported_at``, ``reviews`` and ``cards``, with one review or card per line.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from salesops_drill.errors import UsageError

if TYPE_CHECKING:
    from salesops_drill.store import Store

PROGRESS_FORMAT = "salesops-drill-progress"
_ITEM = ",\n    "
#: JSON leaves DEL and the C1 controls raw; escaped, they cannot reach a terminal.
_CONTROLS = re.compile("[\x7f-\x9f]")
_ESCAPES = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(timezone.utc).isoformat() if moment else None


def _safe(text: str) -> str:
    # isascii() answers at once for an all-ASCII string (CPython knows): the usual case.
    return text if text.isascii() or not _CONTROLS.search(text) else text.translate(_ESCAPES)


def write_json(store: Store, now: datetime, out: TextIO) -> tuple[int, int]:
    """Write the progress document to ``out`` as it is read; returns (reviews, cards).

    Everything comes from one snapshot of the store, even while another drill writes.
    """
    dumps = json.dumps
    with store.snapshot():
        out.write(
            "{\n"
            f'  "format": {dumps(PROGRESS_FORMAT)},\n'
            f'  "schema_version": {dumps(store.schema_version)},\n'
            f'  "exported_at": {dumps(_iso(now))},\n'
            '  "reviews": ['
        )
        reviews = 0
        for text, count in store.review_log_json(_ITEM):
            out.write(("\n    " if not reviews else _ITEM) + _safe(text))
            reviews += count
        out.write("\n  ]" if reviews else "]")
        out.write(',\n  "cards": [')
        states = store.states()
        for n, card_id in enumerate(sorted(states)):
            state = states[card_id]
            line = dumps(
                {
                    "card_id": state.card_id,
                    "state": state.state,
                    "step": state.step,
                    "stability": state.stability,
                    "difficulty": state.difficulty,
                    "due": _iso(state.due),
                    "last_review": _iso(state.last_review),
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            out.write(("\n    " if not n else _ITEM) + _safe(line))
        out.write("\n  ]\n}\n" if states else "]\n}\n")
    return reviews, len(states)


def check_progress_output(dest: Path, force: bool = False) -> None:
    from salesops_drill.atomic import check_target

    if dest.is_dir():
        raise UsageError(f"{dest} is a directory; give a file name, e.g. -o progress.json")
    check_target(dest, force)


def write_progress(store: Store, now: datetime, dest: Path, force: bool = False) -> tuple[int, int]:
    """Write the progress document to ``dest`` atomically (an existing file only with
    ``force``); returns (reviews, cards)."""
    from salesops_drill.atomic import write_atomic

    check_progress_output(dest, force)
    counts: list[tuple[int, int]] = []

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            counts.append(write_json(store, now, fh))

    write_atomic(dest, write, force)
    return counts[0]
