"""Importing concept cards from CSV, the format every spreadsheet and flashcard tool reads.

A CSV row is always a concept card. The columns (header row required, any order, any
case):

- ``front``, ``back``: required; a cell may span lines.
- ``id``: optional. Without it an id is derived from the front text ("u-" + a slug of
  it + a short hash), so importing the same file again finds the same cards.
- ``tags``, ``roles``: optional lists separated by ``;`` (commas are too common inside
  text). Roles are ids, titles or aliases, or ``all``; a row without roles gets the
  import's ``--role`` values (default: all roles), a row without tags gets ``imported``.
- ``category``: optional; added to the row's tags (files exported from question banks
  elsewhere often have one).

A file exported with ``drill export csv`` imports back honestly: each row is compared
with what export writes for the card of its id.

- a row exactly as exported is **unchanged**, and skipped;
- a changed row of an existing card is **edited**: it becomes the user's version of that
  card, saved where ``drill cards edit`` saves it (a built-in card's in the edits bank,
  see :mod:`salesops_drill.userbank`), under the same id, so its progress is kept;
- a row with a new id is **added** to the import's bank, ``<data dir>/banks/NAME.yaml``.

A changed row of an interview question, or of a card in a bank the user wrote by hand,
is a problem of that row: neither can be rewritten from a CSV row. Importing the same
file twice changes nothing the second time.

Reading and checking rows is :mod:`.csv_rows`; export is :mod:`.csv_export`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from salesops_drill import schema
from salesops_drill.errors import ContentError, DrillError, UsageError
from salesops_drill.exchange.csv_export import item_row, neutralise, restore_text
from salesops_drill.exchange.csv_rows import (
    DEFAULT_TAG,
    MAX_CSV_BYTES,
    MAX_IMPORT_ROWS,
    CsvCard,
    cell_text,
    derive_id,
    read_rows,
    split_list,
)
from salesops_drill.userbank import (
    BankChange,
    dump_bank,
    edit_changes,
    home_for_edit,
    imported_header,
    write_banks,
)

if TYPE_CHECKING:
    from salesops_drill.bank import Card, Question
    from salesops_drill.library import Library
    from salesops_drill.paths import Paths

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_IMPORT_ROWS",
    "ImportPlan",
    "ImportResult",
    "apply_import",
    "bank_name",
    "derive_id",
    "dump_bank",
    "neutralise",
    "plan_import",
    "restore_text",
]


@dataclass
class ImportPlan:
    """What a CSV file would import: new cards, edits, problems, and where they go."""

    source: str  # the file as the user named it
    target: Path  # the bank new cards go to
    added: list[CsvCard] = field(default_factory=list)
    edited: list[tuple[Card, CsvCard]] = field(default_factory=list)  # (card now, its row)
    unchanged: int = 0
    problems: list[ContentError] = field(default_factory=list)
    invalid_rows: int = 0

    @property
    def valid_rows(self) -> int:
        return len(self.added) + len(self.edited) + self.unchanged


@dataclass(frozen=True)
class ImportResult:
    added: int
    edited: int
    unchanged: int
    #: Each bank written (none if nothing changed): (path, cards added, cards edited).
    written: list[tuple[Path, int, int]]


def bank_name(text: str) -> str:
    """A bank file's name from a CSV stem or --bank: lowercase words joined by '-'."""
    name = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not name:
        raise UsageError(
            f"'{text}' cannot name a bank; use letters or digits, e.g. --bank my-cards"
        )
    return name


def plan_import(
    path: Path,
    lib: Library,
    paths: Paths,
    bank: str | None = None,
    default_roles: Sequence[str] = (),
) -> ImportPlan:
    """Read and check ``path``, and sort its rows into added, edited and unchanged.

    Problems with the file as a whole raise ContentError; problems with single rows are
    collected in the plan, located as ``FILE:LINE``. ``default_roles``: role ids for rows
    that name none (empty: all roles).
    """
    target = paths.banks_dir / f"{bank_name(bank or path.stem)}.yaml"
    rows = read_rows(path, lib.roles, tuple(default_roles))
    plan = ImportPlan(rows.source, target, problems=rows.problems, invalid_rows=rows.invalid_rows)
    every = lib.roles.ids
    for card in rows.cards:
        existing: Card | Question | None = lib.card(card.id) or lib.question(card.id)
        if existing is None:
            plan.added.append(card)
        elif _same(card, item_row(existing, every), every):
            plan.unchanged += 1
        else:
            problem = _why_not_editable(existing, card, paths)
            if problem is None:
                plan.edited.append((existing, card))  # type: ignore[arg-type]
            else:
                plan.problems.append(ContentError(plan.source, card.line, problem))
                plan.invalid_rows += 1
    return plan


def _same(card: CsvCard, exported: dict[str, str], every: Sequence[str]) -> bool:
    """Whether ``card`` is the row export writes, as import reads it back."""

    def roles(values: Sequence[str]) -> set[str]:
        return set(every) if schema.ALL_ROLES in values else set(values)

    tags = tuple(split_list(exported["tags"])) or (DEFAULT_TAG,)
    return (
        card.front == cell_text(exported["front"])
        and card.back == cell_text(exported["back"])
        and card.tags == tags
        and roles(card.roles) == roles(split_list(exported["roles"]))
    )


def _why_not_editable(existing: Card | Question, card: CsvCard, paths: Paths) -> str | None:
    """Why a changed row cannot become the edited version of ``existing``; None if it can."""
    from salesops_drill.bank import Question

    if isinstance(existing, Question):
        return (
            f"'{card.id}' is an interview question and its row was changed: a question's "
            "front and back come from its prompt, key points and model answer, so they are "
            "not edited here; put the row back as exported, or give it a new id to make a card"
        )
    try:
        home_for_edit(existing, paths)
    except DrillError:
        return (
            f"id '{card.id}' is already used by {existing.origin}; that bank is hand-written, "
            "so import never rewrites it; give the row a new id"
        )
    return None


def apply_import(plan: ImportPlan, paths: Paths) -> ImportResult:
    """Write the plan: new cards into its bank, edits where each card lives.

    Nothing is written when nothing changed; every bank written is checked before any
    is replaced, so a failed import changes nothing.
    """
    if not plan.valid_rows:
        raise DrillError(f"nothing to import: {plan.source} has no valid rows")
    edits = [(card, row.as_yaml()) for card, row in plan.edited]
    changes: dict[Path, BankChange] = edit_changes(edits, paths, plan.source)
    if plan.added:
        not_ours = (
            f"{plan.target} is not a bank of cards written by 'drill import csv'; "
            "choose another bank name with --bank"
        )
        change = changes.setdefault(
            plan.target, BankChange(plan.target, imported_header(plan.source), not_ours)
        )
        change.not_ours = not_ours
        change.cards.extend(card.as_yaml() for card in plan.added)
    write_banks(list(changes.values()), paths)
    written = []
    for path, change in changes.items():
        added = len(plan.added) if path == plan.target else 0
        written.append((path, added, len(change.cards) - added))
    return ImportResult(len(plan.added), len(plan.edited), plan.unchanged, written)
