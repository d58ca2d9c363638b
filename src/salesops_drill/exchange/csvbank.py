"""Concept cards to and from CSV, the format every spreadsheet and flashcard tool reads.

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

Export writes interview questions as cards too: the prompt on the front, the key
points and model answer outline on the back (what ``drill review`` shows), and the
category as the tag. A cell that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading
apostrophe, which spreadsheets read as "this is text"; import takes that mark off again.
Files are written as UTF-8 with a byte-order mark, which Excel needs to read accented
text correctly and every other tool ignores.

Import turns the rows into a YAML bank, ``<data dir>/banks/NAME.yaml``, and checks it
with :mod:`salesops_drill.content` like any other bank before it replaces anything.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesops_drill import schema
from salesops_drill.errors import ContentError, DrillError, UsageError
from salesops_drill.inputs import MB, InputRefused, read_input

if TYPE_CHECKING:
    from salesops_drill.library import Library
    from salesops_drill.paths import Paths
    from salesops_drill.roles import RoleIndex

#: Columns of an exported file, in order.
COLUMNS: tuple[str, ...] = ("id", "front", "back", "tags", "roles")
REQUIRED: tuple[str, ...] = ("front", "back")
KNOWN: tuple[str, ...] = (*COLUMNS, "category")
LIST_SEP = ";"
DEFAULT_TAG = "imported"
#: The first line of every bank an import writes: what marks it as the importer's own.
IMPORTED_MARK = "# Written by 'drill import csv'"
DERIVED_PREFIX = "u-"
_ID_RE = re.compile(schema.ID_PATTERN)
#: Line breaks YAML knows besides "\n": only a double-quoted scalar keeps them exactly.
_YAML_BREAKS = frozenset("\r\x85\u2028\u2029")
#: The largest CSV file and the most rows one import takes: the largest supported bank.
MAX_CSV_BYTES = 24 * MB
MAX_IMPORT_ROWS = 20_000
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


# ---------------------------------------------------------------- export


def export_rows(lib: Library, role_ids: Sequence[str] = ()) -> list[dict[str, str]]:
    """One row per card and question serving one of ``role_ids`` (all if empty)."""
    from salesops_drill.review import from_card, from_question

    every = set(lib.roles.ids)
    items = [from_card(c) for c in lib.cards] + [from_question(q) for q in lib.questions]
    rows = []
    for item in items:
        if role_ids and not set(role_ids) & set(item.roles):
            continue
        roles = schema.ALL_ROLES if set(item.roles) == every else "; ".join(item.roles)
        rows.append(
            {
                "id": item.id,
                "front": item.front,
                "back": item.back,
                "tags": "; ".join(item.tags),
                "roles": roles,
            }
        )
    return rows


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


# ---------------------------------------------------------------- reading


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
class ImportPlan:
    """What a CSV file would import: valid cards, problems, and where they would go."""

    source: str  # the file as the user named it
    target: Path  # the bank file it writes
    cards: list[CsvCard] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)
    invalid_rows: int = 0


def derive_id(front: str) -> str:
    """A stable id for a card without one: "u-" + slug of the front + 8 hex of its sha1."""
    slug = re.sub(r"[^a-z0-9]+", "-", front.lower()).strip("-")[:40].rstrip("-")
    digest = hashlib.sha1(front.encode("utf-8")).hexdigest()[:8]
    return f"{DERIVED_PREFIX}{slug}-{digest}" if slug else f"{DERIVED_PREFIX}{digest}"


def bank_name(text: str) -> str:
    """A bank file's name from a CSV stem or --bank: lowercase words joined by '-'."""
    name = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not name:
        raise UsageError(
            f"'{text}' cannot name a bank; use letters or digits, e.g. --bank my-cards"
        )
    return name


def decode(raw: bytes, source: str) -> str:
    """The file's text, or a located error saying how to save it as UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ContentError(
            source, 1, "the file is UTF-16 ('Unicode text'); save it as CSV UTF-8 and import again"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(
            source,
            line,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save the file as CSV UTF-8 and import again",
        ) from None
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


def plan_import(
    path: Path,
    lib: Library,
    paths: Paths,
    bank: str | None = None,
    default_roles: Sequence[str] = (),
) -> ImportPlan:
    """Read and check ``path``. Problems with the file as a whole raise ContentError;
    problems with single rows are collected in the plan, located as ``FILE:LINE``.

    ``default_roles``: role ids for rows that name none (empty: all roles).
    """
    source = str(path)
    if not path.exists():
        raise UsageError(f"no such file: {path}")
    if path.is_dir():
        raise UsageError(f"{path} is a directory; give a CSV file")
    try:
        raw = read_input(path, MAX_CSV_BYTES, "a CSV file to import")
    except InputRefused as exc:
        raise ContentError(source, 1, str(exc)) from None
    except OSError as exc:
        raise DrillError(f"cannot read {path}: {exc.strerror or exc}") from exc
    text = decode(raw, source)
    target = paths.banks_dir / f"{bank_name(bank or path.stem)}.yaml"
    plan = ImportPlan(source, target)
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
    owners = _owners(lib, target)
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
        before = len(plan.problems)
        card = _row(record, columns, line, plan, lib.roles, defaults)
        if card is not None:
            _check_id(card, seen, owners, plan, paths)
        if len(plan.problems) > before or card is None:
            plan.invalid_rows += 1
        else:
            seen[card.id] = line
            plan.cards.append(card)
    if rows == 0:
        raise ContentError(source, header_line + 1, "no cards: the file has a header but no rows")
    return plan


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
        hint = difflib.get_close_matches(name.lower(), KNOWN, n=1, cutoff=0.6)
        if hint:
            raise ContentError(source, line, f"unknown column '{name}' (did you mean '{hint[0]}'?)")
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
    plan: ImportPlan,
    roles: RoleIndex,
    defaults: tuple[str, ...],
) -> CsvCard | None:
    def error(message: str) -> None:
        plan.problems.append(ContentError(plan.source, line, message))

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
        return restore_text(record[index].replace("\r\n", "\n").replace("\r", "\n").strip())

    front, back = cell("front"), cell("back")
    if not front:
        error("missing front: every card needs a front (the question or term)")
    if not back:
        error("missing back: every card needs a back (the answer)")
    role_ids = _roles(cell("roles"), roles, error) or defaults
    tags = _split(cell("tags"))
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


def _split(value: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in value.split(LIST_SEP) if part.strip()))


def _roles(value: str, index: RoleIndex, error) -> tuple[str, ...]:
    """Role ids named in a cell; unknown names are reported through ``error``."""
    found: list[str] = []
    for name in _split(value):
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
        extra = f"; did you mean '{guess}'?" if guess else ""
        error(f"unknown role '{name}' (known: {', '.join(index.ids)}, all){extra}")
    return tuple(dict.fromkeys(found))


def _owners(lib: Library, target: Path) -> dict[str, str]:
    """Ids already used by content outside ``target`` -> where ("path:line")."""
    here = target.resolve()
    owners = {}
    for item in (*lib.cards, *lib.questions):
        path = item.origin.rsplit(":", 1)[0]
        if Path(path).resolve() != here:
            owners[item.id] = item.origin
    return owners


def _check_id(
    card: CsvCard, seen: dict[str, int], owners: dict[str, str], plan: ImportPlan, paths: Paths
) -> None:
    def error(message: str) -> None:
        plan.problems.append(ContentError(plan.source, card.line, message))

    if card.id in seen:
        if card.id.startswith(DERIVED_PREFIX) and card.id == derive_id(card.front):
            error(f"same front as line {seen[card.id]}: a repeated row? give one of them an id")
        else:
            error(f"duplicate id '{card.id}' (also on line {seen[card.id]})")
        return
    owner = owners.get(card.id)
    if owner is None:
        return
    owner_path = Path(owner.rsplit(":", 1)[0])
    if owner_path.parent.resolve() == paths.banks_dir.resolve() and _imported(owner_path):
        hint = f"import into that bank with --bank {owner_path.stem}, or give the row a new id"
    elif owner_path.parent.resolve() == paths.banks_dir.resolve():
        hint = "that bank is hand-written, so import never rewrites it; give the row a new id"
    else:
        hint = "ids of built-in content cannot be reused; give the row a new id"
    error(f"id '{card.id}' is already used by {owner}; {hint}")


def _imported(bank: Path) -> bool:
    """True if ``bank`` is one an import wrote (and so may rewrite)."""
    try:
        with bank.open("rb") as fh:
            return fh.read(len(IMPORTED_MARK)) == IMPORTED_MARK.encode()
    except OSError:
        return False


# ---------------------------------------------------------------- writing the bank


@dataclass(frozen=True)
class ImportResult:
    bank: Path
    added: int
    replaced: int
    kept: int  # cards of the bank that the file did not mention


def write_bank(plan: ImportPlan, paths: Paths) -> ImportResult:
    """Merge the plan's cards into its bank file: same id replaces, new ids are added.

    The new file is written beside the bank, checked like any content file against all
    other content, and only then moved over the bank (``os.replace``), so a failed
    import changes nothing.
    """
    from salesops_drill.atomic import write_atomic

    if not plan.cards:
        raise DrillError(f"nothing to import: {plan.source} has no valid rows")
    existing = _existing_cards(plan.target)
    incoming = {c.id: c.as_yaml() for c in plan.cards}
    merged = []
    replaced = 0
    for item in existing:
        if item.get("id") in incoming:
            merged.append(incoming.pop(item["id"]))
            replaced += 1
        else:
            merged.append(item)
    added = len(incoming)
    merged.extend(incoming.values())
    text = dump_bank(merged, plan.source)

    def staged(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")
        _check_staged(tmp, plan, paths)

    try:
        plan.target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DrillError(f"cannot write {plan.target}: {exc.strerror or exc}") from exc
    # The bank is the importer's own (checked above), so it is replaced without --force.
    write_atomic(plan.target, staged, force=True)
    return ImportResult(plan.target, added, replaced, len(existing) - replaced)


def _existing_cards(target: Path) -> list[dict[str, Any]]:
    """The cards of a bank an earlier import wrote, to merge with; [] if there is none.

    Only a bank that starts with the line :func:`dump_bank` writes is the importer's
    own: any other file is someone's hand-written bank, and rewriting it would lose its
    comments and layout, so it is refused.
    """
    if not os.path.lexists(target):
        return []
    import yaml

    not_ours = DrillError(
        f"{target} is not a bank of cards written by 'drill import csv'; "
        "choose another bank name with --bank"
    )
    try:
        raw = read_input(target, MAX_CSV_BYTES * 2, "a bank")
        text = raw.decode("utf-8")
    except (OSError, InputRefused, UnicodeDecodeError):
        raise not_ours from None
    if not text.strip():
        return []  # an empty file: nothing in it to lose
    if not text.startswith(IMPORTED_MARK):
        raise not_ours
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError:
        raise not_ours from None
    if not (isinstance(data, dict) and set(data) == {"cards"} and isinstance(data["cards"], list)):
        raise not_ours
    return [c for c in data["cards"] if isinstance(c, dict)]


def dump_bank(cards: list[dict[str, Any]], source: str) -> str:
    """YAML for a cards-only bank; any text round-trips (safe_dump quotes what needs it)."""
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

    _Dumper.add_representer(str, text)
    body = yaml.dump(
        {"cards": cards},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    origin = " ".join(source.split())  # one comment line, whatever the file name holds
    return f"{IMPORTED_MARK} from {origin}.\n{body}"


def _check_staged(tmp: Path, plan: ImportPlan, paths: Paths) -> None:
    """Validate the new bank as it will be seen once in place.

    Not ``validate_paths``: that would check it against the old copy of the same bank
    still in the banks folder and report every card as a duplicate of itself.
    """
    from salesops_drill.content import check_files, cross_check, parse_file, validate_node
    from salesops_drill.paths import builtin_files, user_files

    here = plan.target.resolve()
    others = [p for p in (*builtin_files(), *user_files(paths)) if p.resolve() != here]
    context = check_files(others, relative=False)
    node, staged = parse_file(tmp, display=str(plan.target))
    if node is not None:
        validate_node(node, staged)
    cross_check([*context, staged])
    if staged.problems:
        first = staged.problems[0].message
        more = f" (and {len(staged.problems) - 1} more)" if len(staged.problems) > 1 else ""
        raise DrillError(f"the bank would not be valid, so nothing was imported: {first}{more}")
    # Every imported text must read back exactly as it was in the CSV file.
    loaded = {c["id"]: c for c, _ in staged.cards}
    if any(loaded.get(card.id) != card.as_yaml() for card in plan.cards):
        raise DrillError(  # a bug in dump_bank, never the user's file: refuse to write
            f"the bank written for {plan.source} did not read back identically; nothing imported"
        )
