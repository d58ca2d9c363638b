"""Editing one concept card as YAML: the draft the editor opens, and reading it back.

The draft is a small bank holding just the card, so it is checked by the same content
validation as every bank (``PATH:LINE: message``), plus what an edit must keep: one
card, with the same id (progress is kept by id). It lives in ``<data dir>/drafts/`` and
stays there until the edit is saved or given up, so a draft with problems loses nothing:
the next ``drill cards edit`` of the card opens it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesops_drill.errors import ContentError

if TYPE_CHECKING:
    from salesops_drill.bank import Card
    from salesops_drill.paths import Paths

DRAFTS = "drafts"


def draft_path(paths: Paths, card_id: str) -> Path:
    """Where the draft of an edit of ``card_id`` is kept (ids are file-name safe)."""
    return paths.data_dir / DRAFTS / f"card-{card_id}.yaml"


def draft_text(card: Card, all_roles: Sequence[str], home: Path) -> str:
    """The text the editor opens: a note on what to do, then the card as a bank holds it.

    ``home``: the bank the edit is saved in.
    """
    from salesops_drill.userbank import card_yaml, dump_bank

    header = (
        f"# Editing card {card.id}. Change the text, save and close the editor.\n"
        f"# It is saved in {' '.join(str(home).split())}.\n"
        "# Keep the id: the card's progress is kept by it. Lists: roles (ids, or all) and\n"
        "# tags. To cancel, close without changes or delete everything.\n"
    )
    return dump_bank([card_yaml(card, all_roles)], header)


def is_blank(text: str) -> bool:
    """Nothing but comments and blank lines: the user emptied the draft to cancel."""
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


@dataclass
class DraftRead:
    """The edited card as a bank holds it (None if the draft has problems)."""

    card: dict[str, Any] | None
    problems: list[ContentError] = field(default_factory=list)


def read_draft(path: Path, card_id: str, role_ids: Sequence[str]) -> DraftRead:
    """Check the draft as a bank, and that it still holds just the card ``card_id``."""
    from salesops_drill.content import cross_check
    from salesops_drill.content_fields import validate_node
    from salesops_drill.content_yaml import parse_file

    node, fc = parse_file(path)
    if node is not None:
        validate_node(node, fc)
        cross_check([fc], known_roles=role_ids)  # roles; ids are checked on saving
    if fc.problems:
        return DraftRead(None, fc.problems)
    if fc.roles or fc.questions or fc.topics or len(fc.cards) != 1:
        line = (fc.roles or fc.questions or fc.topics or fc.cards[1:] or [({}, 1)])[0][1]
        fc.error(line, "the draft must hold just the one card being edited, under 'cards'")
        return DraftRead(None, fc.problems)
    card, line = fc.cards[0]
    if card["id"] != card_id:
        fc.error(
            line,
            f"the id must stay '{card_id}': the card's progress is kept by its id (to make "
            "a new card, add it to a bank of your own or import it from CSV)",
        )
        return DraftRead(None, fc.problems)
    return DraftRead(card)
