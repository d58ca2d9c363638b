"""Writing cards into the user's banks: imported cards, and edited versions of cards.

drill writes only banks it wrote itself, told apart by their first line:

- ``<banks>/NAME.yaml`` from ``drill import csv`` starts with :data:`IMPORTED_MARK`;
- ``<banks>/edited-cards.yaml`` starts with :data:`schema.EDITS_MARK` and holds the
  user's versions of built-in cards (from ``drill cards edit`` and from changed rows of an
  imported CSV file). Each keeps the built-in card's id, so its progress is kept.

A bank the user wrote by hand is never rewritten: its comments and layout would be lost.

Every change is staged beside its bank, the staged files are validated together like any
content file against all other content, and only then is each moved into place
(:func:`salesops_drill.atomic.write_atomic`), so a change that would not load changes
nothing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesops_drill import schema
from salesops_drill.errors import DrillError
from salesops_drill.inputs import MB, InputRefused, read_text

if TYPE_CHECKING:
    from salesops_drill.bank import Card
    from salesops_drill.paths import Paths

#: The first line of every bank an import writes: what marks it as the importer's own.
IMPORTED_MARK = "# Written by 'drill import csv'"
EDITS_MARK = schema.EDITS_MARK
EDITS_NAME = "edited-cards.yaml"
EDITS_HEADER = (
    f"{EDITS_MARK}\n"
    "# Each card here replaces the built-in card with the same id, keeping its progress.\n"
    "# Change them with 'drill cards edit ID'; delete one to go back to the built-in card.\n"
)
#: The largest bank drill rewrites: twice the largest CSV file an import takes.
MAX_BANK_BYTES = 48 * MB
#: Line breaks YAML knows besides "\n": only a double-quoted scalar keeps them exactly.
_YAML_BREAKS = frozenset("\r\x85\u2028\u2029")


def edits_path(paths: Paths) -> Path:
    """The bank of the user's versions of built-in cards."""
    return paths.banks_dir / EDITS_NAME


def own_mark(path: Path) -> str | None:
    """The mark ``path`` starts with if drill wrote it (and so may rewrite it), else None."""
    try:
        with path.open("rb") as fh:
            start = fh.read(max(len(IMPORTED_MARK), len(EDITS_MARK)))
    except OSError:
        return None
    for mark in (IMPORTED_MARK, EDITS_MARK):
        if start.startswith(mark.encode()):
            return mark
    return None


def origin_path(origin: str) -> Path:
    """The file of an item's origin ("path:line")."""
    return Path(origin.rsplit(":", 1)[0])


def home_for_edit(card: Card, paths: Paths) -> Path:
    """The bank an edited version of ``card`` is saved in.

    A built-in card's goes to the edits bank; a card of a bank drill wrote goes back into
    that bank. A card of a bank the user wrote by hand is theirs to edit there.
    """
    from salesops_drill.paths import is_builtin

    if is_builtin(card.origin):
        return edits_path(paths)
    path = origin_path(card.origin)
    if own_mark(path) is None:
        raise DrillError(
            f"card '{card.id}' comes from {card.origin}, a bank you wrote by hand; drill "
            "never rewrites those (your comments and layout would be lost), so edit it there"
        )
    return path


# ---------------------------------------------------------------- reading


def read_cards(path: Path, not_ours: str) -> list[dict[str, Any]]:
    """The cards of a bank drill wrote, to merge with; [] if there is none.

    Any other file is someone's hand-written bank, and rewriting it would lose its
    comments and layout: it is refused with ``not_ours`` as the message.
    """
    if not os.path.lexists(path):
        return []
    import yaml

    refused = DrillError(not_ours)
    try:
        text = read_text(path, MAX_BANK_BYTES, "a bank")
    except InputRefused:
        raise refused from None
    if not text.strip():
        return []  # an empty file: nothing in it to lose
    if not text.startswith((IMPORTED_MARK, EDITS_MARK)):
        raise refused
    from salesops_drill.safe_yaml import SafeLoader

    try:
        data = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError:
        raise refused from None
    if data is None:
        return []  # only the header left
    if not (isinstance(data, dict) and set(data) == {"cards"} and isinstance(data["cards"], list)):
        raise refused
    return [c for c in data["cards"] if isinstance(c, dict)]


# ---------------------------------------------------------------- writing


def dump_bank(cards: list[dict[str, Any]], header: str) -> str:
    """YAML for a cards-only bank after ``header`` (comment lines); any text round-trips
    (safe_dump quotes what needs it)."""
    import yaml

    # The C emitter where PyYAML has it: the pure-Python one takes ~10 s for 20,000 cards.
    class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
        pass

    def text(dumper: yaml.SafeDumper, value: str):
        # Multi-line text as a literal block, readable in an editor; PyYAML falls back
        # to a quoted scalar by itself when a block cannot hold the text exactly.
        style = "|" if "\n" in value else None
        if not _YAML_BREAKS.isdisjoint(value):
            style = '"'  # PyYAML folds these wrongly in other styles; escaped here
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    def short_list(dumper: yaml.SafeDumper, value: list):
        # A list of one-line texts (roles, tags) on one line, as the built-in banks have it.
        flow = all(isinstance(v, str) and not ({"\n", *_YAML_BREAKS} & set(v)) for v in value)
        return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)

    _Dumper.add_representer(str, text)
    _Dumper.add_representer(list, short_list)
    body = yaml.dump(
        {"cards": cards},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,  # never folds a long line: an edit sees each text as written
        default_flow_style=False,
    )
    return header + body


def imported_header(source: str) -> str:
    origin = " ".join(source.split())  # one comment line, whatever the file name holds
    return f"{IMPORTED_MARK} from {origin}.\n"


@dataclass
class BankChange:
    """Cards to put into one bank: each replaces the card with its id, or is added."""

    path: Path
    header: str  # the comment lines a new bank starts with
    not_ours: str  # the message if ``path`` turns out to be a hand-written bank
    cards: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class BankWritten:
    path: Path
    added: int
    replaced: int
    kept: int  # cards of the bank the change did not touch


def write_banks(changes: Sequence[BankChange], paths: Paths) -> list[BankWritten]:
    """Merge each change into its bank, all checked together before any is replaced."""
    plans: list[tuple[BankChange, str, BankWritten]] = []
    for change in changes:
        if not change.cards:
            continue
        existing = read_cards(change.path, change.not_ours)
        incoming = {c["id"]: c for c in change.cards}
        merged, replaced = [], 0
        for item in existing:
            if item.get("id") in incoming:
                merged.append(incoming.pop(item["id"]))
                replaced += 1
            else:
                merged.append(item)
        added = len(incoming)
        merged.extend(incoming.values())
        header = _header_of(change.path) if existing else change.header
        written = BankWritten(change.path, added, replaced, len(existing) - replaced)
        plans.append((change, dump_bank(merged, header), written))
    for change, _, _ in plans:
        try:
            change.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DrillError(f"cannot write {change.path}: {exc.strerror or exc}") from exc
    _stage_all(plans, 0, {}, paths)
    return [written for _, _, written in plans]


def _header_of(path: Path) -> str:
    """The comment lines a bank drill wrote starts with, kept when it is rewritten."""
    lines = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                break
            lines.append(line if line.endswith("\n") else line + "\n")
    return "".join(lines)


def _stage_all(
    plans: list[tuple[BankChange, str, BankWritten]],
    index: int,
    staged: dict[Path, Path],
    paths: Paths,
) -> None:
    """Stage bank ``index`` and the ones after it, then check them all; each bank is
    only moved into place once every one is staged and valid (write_atomic's order)."""
    from salesops_drill.atomic import write_atomic

    if index == len(plans):
        _check_staged(staged, {change.path: change.cards for change, _, _ in plans}, paths)
        return
    change, text, _ = plans[index]

    def fill(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")
        _stage_all(plans, index + 1, {**staged, change.path: tmp}, paths)

    # Each bank is drill's own (read_cards checked), so it is replaced without --force.
    write_atomic(change.path, fill, force=True)


def _check_staged(
    staged: dict[Path, Path], wanted: dict[Path, list[dict[str, Any]]], paths: Paths
) -> None:
    """Validate the staged banks as they will be seen once in place.

    Not ``validate_paths``: that would check them against the old copies of the same
    banks still in the banks folder and report every card as a duplicate of itself.
    """
    from salesops_drill.content import check_files, cross_check
    from salesops_drill.content_fields import validate_node
    from salesops_drill.content_yaml import parse_file
    from salesops_drill.paths import builtin_files, user_files

    here = {dest.resolve() for dest in staged}
    others = [p for p in (*builtin_files(), *user_files(paths)) if p.resolve() not in here]
    context = check_files(others, relative=False)
    results = []
    for dest, tmp in staged.items():
        node, fc = parse_file(tmp, display=str(dest))
        if node is not None:
            validate_node(node, fc)
        results.append((dest, fc))
    cross_check([*context, *(fc for _, fc in results)])
    problems = [p for _, fc in results for p in fc.problems]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DrillError(f"the bank would not be valid, so nothing was saved: {problems[0]}{more}")
    # Every text must read back exactly as it was given.
    for dest, fc in results:
        loaded = {c["id"]: c for c, _ in fc.cards}
        if any(loaded.get(card["id"]) != card for card in wanted[dest]):
            raise DrillError(  # a bug in dump_bank, never the user's text: refuse to write
                f"the bank written to {dest} did not read back identically; nothing was saved"
            )


def card_yaml(card: Card, all_roles: Sequence[str]) -> dict[str, Any]:
    """A loaded card as a bank holds it (every role: ``all``)."""
    roles = [schema.ALL_ROLES] if set(card.roles) == set(all_roles) else list(card.roles)
    return {
        "id": card.id,
        "front": card.front,
        "back": card.back,
        "roles": roles,
        "tags": list(card.tags),
    }


def edit_changes(
    cards: Sequence[tuple[Card, dict[str, Any]]], paths: Paths, source: str
) -> dict[Path, BankChange]:
    """The bank changes that save edited versions of existing cards, each in the bank
    :func:`home_for_edit` names; give them to :func:`write_banks`.

    ``cards``: (the card as loaded now, its new content as a bank holds it). The ids stay,
    so each card keeps its schedule and review history.
    """
    changes: dict[Path, BankChange] = {}
    for card, new in cards:
        home = home_for_edit(card, paths)
        if home not in changes:
            edits = home == edits_path(paths)
            changes[home] = BankChange(
                home,
                EDITS_HEADER if edits else imported_header(source),
                _not_ours(home, edits),
            )
        changes[home].cards.append(new)
    return changes


def _not_ours(path: Path, edits: bool) -> str:
    if edits:
        return (
            f"{path} is not drill's bank of your edited cards (its first line is not "
            f"'{EDITS_MARK}'); move it aside or rename it, then edit again"
        )
    return f"{path} is no longer a bank drill wrote; edit the card there"
