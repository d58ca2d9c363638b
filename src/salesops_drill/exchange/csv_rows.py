"""Reading a CSV file of cards: the file's text, its header, and each row as a card.

Problems with the file as a whole raise :class:`ContentError` (one line); problems with
single rows are collected, located as ``FILE:LINE`` (line 1 is the header; a row starts
on the line where its first cell starts, as a quoted cell may span lines).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesops_drill import schema
from salesops_drill.errors import ContentError, UsageError
from salesops_drill.exchange.csv_export import COLUMNS, LIST_SEP, restore_text
from salesops_drill.inputs import MB, InputRefused, read_text
from salesops_drill.wording import closest, did_you_mean

if TYPE_CHECKING:
    from salesops_drill.roles import RoleIndex

REQUIRED: tuple[str, ...] = ("front", "back")
KNOWN: tuple[str, ...] = (*COLUMNS, "category")
DEFAULT_TAG = "imported"
DERIVED_PREFIX = "u-"
_ID_RE = re.compile(schema.ID_PATTERN)
#: The largest CSV file and the most rows one import takes: the largest supported bank.
MAX_CSV_BYTES = 24 * MB
MAX_IMPORT_ROWS = 20_000


@dataclass(frozen=True)
class CsvCard:
    """A valid row, as the card it becomes."""

    line: int
    id: str
    front: str
    back: str
    tags: tuple[str, ...]
    roles: tuple[str, ...]  # role ids, or ("all",)

    def as_yaml(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "front": self.front,
            "back": self.back,
            "roles": list(self.roles),
            "tags": list(self.tags),
        }


@dataclass
class CsvRows:
    """What a CSV file holds: its valid rows as cards, and the problems of the others."""

    source: str  # the file as the user named it
    cards: list[CsvCard] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)
    invalid_rows: int = 0


def derive_id(front: str) -> str:
    """A stable id for a card without one: "u-" + slug of the front + 8 hex of its sha1."""
    slug = re.sub(r"[^a-z0-9]+", "-", front.lower()).strip("-")[:40].rstrip("-")
    digest = hashlib.sha1(front.encode("utf-8")).hexdigest()[:8]
    return f"{DERIVED_PREFIX}{slug}-{digest}" if slug else f"{DERIVED_PREFIX}{digest}"


#: How to fix a CSV file's encoding, said with every encoding problem.
SAVE_AS_CSV = "save the file as CSV UTF-8 and import again"


def check_text(text: str, source: str) -> str:
    """The file's text, if it is text a CSV reader can take; else a located error."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ContentError(
            source,
            line,
            "the file holds a NUL byte, so it is not a text CSV file; save it as CSV UTF-8",
        )
    if not text.strip():
        raise ContentError(
            source, 1, f"the file is empty; expected a header row such as {','.join(COLUMNS)}"
        )
    return text


def read_rows(path: Path, roles: RoleIndex, default_roles: tuple[str, ...] = ()) -> CsvRows:
    """Read and check ``path`` row by row; duplicate ids within the file are problems.

    ``default_roles``: role ids for rows that name none (empty: all roles).
    """
    source = str(path)
    if not path.exists():
        raise UsageError(f"no such file: {path}")
    if path.is_dir():
        raise UsageError(f"{path} is a directory; give a CSV file")
    try:
        text = read_text(path, MAX_CSV_BYTES, "a CSV file to import", SAVE_AS_CSV)
    except InputRefused as exc:
        raise ContentError(source, exc.line, str(exc)) from None
    text = check_text(text, source)
    found = CsvRows(source)
    reader = csv.reader(io.StringIO(text, newline=""))
    records = _records(reader, source)
    first = next((i for i, (_, r) in enumerate(records) if any(c.strip() for c in r)), None)
    if first is None:
        raise ContentError(
            source, 1, f"the file is empty; expected a header row such as {','.join(COLUMNS)}"
        )
    header_line, header = records[first]
    columns = _columns(header, source, header_line)
    defaults = tuple(default_roles) or (schema.ALL_ROLES,)
    seen: dict[str, int] = {}
    rows = 0
    for line, record in records[first + 1 :]:
        if not any(cell.strip() for cell in record):
            continue  # blank lines between rows are harmless
        rows += 1
        if rows > MAX_IMPORT_ROWS:
            raise ContentError(
                source,
                line,
                f"the file has over {MAX_IMPORT_ROWS:,} rows, the most one import takes; "
                "split it into smaller files",
            )

        def error(message: str, line: int = line) -> None:
            found.problems.append(ContentError(source, line, message))

        before = len(found.problems)
        card = _row(record, columns, line, roles, defaults, error)
        if card is not None and card.id in seen:
            if card.id.startswith(DERIVED_PREFIX) and card.id == derive_id(card.front):
                error(f"same front as line {seen[card.id]}: a repeated row? give one of them an id")
            else:
                error(f"duplicate id '{card.id}' (also on line {seen[card.id]})")
        if card is None or len(found.problems) > before:
            found.invalid_rows += 1
        else:
            seen[card.id] = line
            found.cards.append(card)
    if rows == 0:
        raise ContentError(source, header_line + 1, "no cards: the file has a header but no rows")
    return found


def _records(reader, source: str) -> list[tuple[int, list[str]]]:
    """Every CSV record with the line it starts on (a quoted cell may span lines)."""
    out = []
    start = 1
    try:
        for record in reader:
            out.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ContentError(
            source, reader.line_num or 1, f"not a readable CSV file: {exc}"
        ) from None
    return out


def _columns(header: list[str], source: str, line: int) -> dict[str, int]:
    names = [h.strip().lower() for h in header]
    if len(names) == 1 and (";" in names[0] or "\t" in names[0]):
        raise ContentError(source, line, "the header is one column; separate columns with commas")
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for index, name in enumerate(names):
        if not name:
            continue
        if name in columns:
            raise ContentError(source, line, f"column '{name}' appears twice in the header")
        if name in KNOWN:
            columns[name] = index
        else:
            unknown.append(header[index].strip())
    for name in unknown:  # a near-miss is the likeliest cause of everything else
        hint = closest(name.lower(), KNOWN)
        if hint:
            raise ContentError(
                source, line, f"unknown column '{name}'{did_you_mean(hint, style='aside')}"
            )
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        also = f"; '{unknown[0]}' is not a column drill knows" if unknown else ""
        raise ContentError(
            source,
            line,
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}: the header "
            f"row must name front and back (optional: id, tags, roles, category){also}",
        )
    if unknown:
        raise ContentError(
            source, line, f"unknown column '{unknown[0]}'; known: {', '.join(KNOWN)}"
        )
    return columns


def _row(
    record: list[str],
    columns: dict[str, int],
    line: int,
    roles: RoleIndex,
    defaults: tuple[str, ...],
    error: Callable[[str], None],
) -> CsvCard | None:
    width = max(columns.values()) + 1
    if len(record) > width and any(c.strip() for c in record[width:]):
        error(
            f"the row has {len(record)} cells but the header names {width} columns "
            "(a cell holding a comma must be in double quotes)"
        )
        return None

    def cell(name: str) -> str:
        index = columns.get(name)
        if index is None or index >= len(record):
            return ""
        return cell_text(record[index])

    front, back = cell("front"), cell("back")
    if not front:
        error("missing front: every card needs a front (the question or term)")
    if not back:
        error("missing back: every card needs a back (the answer)")
    role_ids = _roles(cell("roles"), roles, error) or defaults
    tags = split_list(cell("tags"))
    category = cell("category")
    if category and category not in tags:
        tags.append(category)
    given = cell("id")
    if given and not _ID_RE.match(given):
        error(f"id '{given}' must be 2-64 characters of a-z, 0-9 and '-', starting with a letter")
    if not front or not back or (given and not _ID_RE.match(given)):
        return None
    return CsvCard(
        line=line,
        id=given or derive_id(front),
        front=front,
        back=back,
        tags=tuple(tags or [DEFAULT_TAG]),
        roles=role_ids,
    )


def cell_text(raw: str) -> str:
    """A cell as card text: line breaks as "\\n" (Excel writes "\\r\\n"), no surrounding
    space, and a spreadsheet's formula mark taken off."""
    return restore_text(raw.replace("\r\n", "\n").replace("\r", "\n").strip())


def split_list(value: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in value.split(LIST_SEP) if part.strip()))


def _roles(value: str, index: RoleIndex, error: Callable[[str], None]) -> tuple[str, ...]:
    """Role ids named in a cell; unknown names are reported through ``error``."""
    found: list[str] = []
    for name in split_list(value):
        if name.lower() == schema.ALL_ROLES:
            return (schema.ALL_ROLES,)
        role = index.find(name)
        if role is not None:
            found.append(role.id)
            continue
        if "," in name:
            error(f"roles '{name}': separate roles with ';', e.g. analyst; manager")
            continue
        guess = index.closest(name)
        extra = did_you_mean(guess)
        error(f"unknown role '{name}' (known: {', '.join(index.ids)}, all){extra}")
    return tuple(dict.fromkeys(found))
