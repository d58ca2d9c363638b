"""Questions and concept cards to CSV, and the cell conventions both directions share.

Export writes interview questions as cards too: the prompt on the front, the key points
and model answer outline on the back (what ``drill review`` shows), and the category as
the tag. Built-in text is reflowed (:mod:`salesops_drill.reflow`): a line break that only
wrapped the source file is a space in the export; a user's own text is written exactly.

A cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is written with a leading apostrophe, which
spreadsheets read as "this is text"; import takes that mark off again. Files are written
as UTF-8 with a byte-order mark, which Excel needs to read accented text correctly and
every other tool ignores.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from salesops_drill import schema
from salesops_drill.errors import DrillError

if TYPE_CHECKING:
    from salesops_drill.bank import Card, Question
    from salesops_drill.library import Library

#: Columns of an exported file, in order.
COLUMNS: tuple[str, ...] = ("id", "front", "back", "tags", "roles")
LIST_SEP = ";"
#: A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Apostrophes before a formula start: a text cell, marked for spreadsheets.
_MARKED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(cell: str) -> str:
    """The cell a spreadsheet shows as text: a leading apostrophe before a formula start.

    Text that already begins with apostrophes and then a formula start gets one more, so
    :func:`restore_text` can always take exactly one off again.
    """
    if cell.startswith(FORMULA_STARTS) or _MARKED.match(cell):
        return "'" + cell
    return cell


def restore_text(cell: str) -> str:
    """Undo :func:`neutralise` on import, so an export read back is exactly the same."""
    return cell[1:] if _MARKED.match(cell) else cell


def item_row(item: Card | Question, all_roles: Sequence[str]) -> dict[str, str]:
    """The row export writes for one card or question (before formulas are marked)."""
    from salesops_drill.bank import Question
    from salesops_drill.paths import is_builtin
    from salesops_drill.review import from_card, from_question

    if is_builtin(item.origin):  # the source file's wrapping, not the author's breaks
        item = reflowed(item)
    review = from_question(item) if isinstance(item, Question) else from_card(item)
    every = set(review.roles) == set(all_roles)
    return {
        "id": review.id,
        "front": review.front,
        "back": review.back,
        "tags": f"{LIST_SEP} ".join(review.tags),
        "roles": schema.ALL_ROLES if every else f"{LIST_SEP} ".join(review.roles),
    }


def reflowed(item: Card | Question) -> Card | Question:
    """``item`` with each of its texts reflowed (see :mod:`salesops_drill.reflow`)."""
    from dataclasses import replace

    from salesops_drill.bank import ModelAnswer, Question
    from salesops_drill.reflow import reflow

    if not isinstance(item, Question):
        return replace(item, front=reflow(item.front), back=reflow(item.back))
    answer = item.model_answer
    return replace(
        item,
        prompt=reflow(item.prompt),
        key_points=tuple(kp._replace(label=reflow(kp.label)) for kp in item.key_points),
        model_answer=ModelAnswer(
            tuple((name, tuple(map(reflow, lines))) for name, lines in answer.parts),
            reflow(answer.summary),
        ),
    )


def export_rows(lib: Library, role_ids: Sequence[str] = ()) -> list[dict[str, str]]:
    """One row per card and question serving one of ``role_ids`` (all if empty)."""
    every = lib.roles.ids
    return [
        item_row(item, every)
        for item in (*lib.cards, *lib.questions)
        if not role_ids or set(role_ids) & set(item.roles)
    ]


def export_csv(lib: Library, role_ids: Sequence[str], dest: Path, force: bool = False) -> int:
    """Write the rows to ``dest`` atomically; returns how many were written.

    An existing ``dest`` is replaced only with ``force``.
    """
    from salesops_drill.atomic import write_atomic
    from salesops_drill.exchange.anki import check_output

    check_output(dest, ".csv", force)
    rows = export_rows(lib, role_ids)
    if not rows:
        raise DrillError("nothing to export: no questions or cards serve those roles")
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows({k: neutralise(v) for k, v in row.items()} for row in rows)
    write_atomic(dest, buffer.getvalue().encode("utf-8-sig"), force)
    return len(rows)
