"""The content cache patched after an edit to a few cards of one bank, not rebuilt.

When a bank changes, :mod:`content_cache` rebuilds its cache from every file: each item
checked (most taken from :mod:`item_cache`), the library built, and every question and
card written as JSON again, a third of a second for one edited line of a bank of 10,000
cards. Yet most edits touch a card or two of one bank, and the rest of the cache stays
the same bytes. So beside the cache a *layout* is kept: each bank's stamp, the key
(:attr:`item_cache.Piece.key`), first line and place of each of its items, and where its
cards are in the cache, with a copy of the bank's text. After an edit the bank is compared
with that copy, and only the items around what changed are cut again (the others only
move); an item whose text is unchanged keeps its bytes in the cache (a card moved up or
down has its line changed), and only new or changed cards are checked and written.

A patch is made only where it gives exactly what a rebuild gives (tests compare the two
byte for byte): one bank changed and nothing else did (code, built-in files, the list
of banks); the content had no problems; the bank still cuts into items (see
:func:`item_cache.cut`); what changed is cards only, in a bank that is not the user's
versions of built-in cards; and each new card is valid on its own, with an id no other
item has, roles that exist, and no topic left without a card. Anything else, or
anything unexpected, rebuilds the cache as before.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesops_drill import content_cache

if TYPE_CHECKING:
    from salesops_drill.item_cache import Piece
    from salesops_drill.library import Library

LAYOUT_NAME = "layout.json"
#: Beside it: each bank's text as last cut (see _keep_copy).
COPIES_FOLDER = "banks"
FORMAT = "salesops-drill-layout"
#: Bump when the layout's shape changes.
VERSION = 2
#: Patch only when at most this share of a bank's items is new (else a rebuild, which
#: parses the whole file at once, is quicker).
MOST_NEW = 0.25
#: Characters from an item's line break that must be unchanged for it to start where it
#: did (its indentation, its "-" and the character after): more than any indentation.
MARK_MARGIN = 80
#: Characters of one item key (see item_cache.Piece.key).
KEY_LENGTH = 32
#: Each section's letter in a layout's string of item sections.
LETTERS = {"roles": "r", "questions": "q", "cards": "c", "topics": "t"}
#: The end of a card as the cache holds it: its origin's line, closing the card.
_ORIGIN_LINE = re.compile(rb':(\d+)"\]\Z')


class _Declined(Exception):
    """The edit is not one a patch gives exactly: rebuild."""


# -- the layout ------------------------------------------------------------------------


def write_layout(
    cache: Path,
    meta: dict[str, Any],
    stamps: content_cache.Stamps,
    user: list[Path],
    lib: Library,
    cuts: dict[str, tuple[list[Piece], list[str], bool, str]],
) -> None:
    """Keep the layout of the cache just written (``meta``: its header) from ``lib``,
    built from the banks ``user`` (``stamps``), cut as ``cuts`` says. Best effort: without
    a layout the next edit rebuilds."""
    where = cache.parent / LAYOUT_NAME
    try:
        if lib.problems or lib.skipped:
            where.unlink(missing_ok=True)  # only clean content is patched
            return
        runs = _card_runs(lib)
        files = []
        for path, stamp in zip(user, stamps[1], strict=True):
            name = str(path)
            cut = cuts.get(name)
            if cut is None:
                files.append({"path": name, "stamp": stamp, "keys": None})
                continue
            pieces, keys, edits, text = cut
            entry = _entry(name, stamp, pieces, keys, text, edits)
            first, count = runs.get(name, (-1, 0))
            if count != entry["sections"].count("c") or not count:
                first = -1  # its cards are not one run of the library's (or there are none)
            entry["first"] = first
            entry["copy"] = _keep_copy(cache, name, text)
            files.append(entry)
        _save(where, meta, stamps[0], files)
        kept = {_copy_path(cache, str(path)).name for path in user}
        for copy in (cache.parent / COPIES_FOLDER).glob("*.yaml"):
            if copy.name not in kept:
                copy.unlink(missing_ok=True)  # a bank since removed
    except (OSError, ValueError, KeyError):
        pass


def _entry(
    name: str, stamp: str, pieces: list[Piece], keys: list[str], text: str, edits: bool
) -> dict[str, Any]:
    """A bank's entry in the layout (all but where its cards are and its copy)."""
    from salesops_drill.content_yaml import _values_bound

    lines_end = len(text) + 1
    ats = [piece.at for piece in pieces]
    return {
        "path": name,
        "stamp": stamp,
        "keys": "".join(keys),
        "starts": [piece.start for piece in pieces],
        "sections": "".join(LETTERS[piece.section] for piece in pieces),
        "at": ats,
        "ends": [piece.at + 1 + len(piece.text) for piece in pieces],
        "size": lines_end,
        "bound": _values_bound(text),
        "edits": edits,
    }


def _copy_path(cache: Path, name: str) -> Path:
    digest = hashlib.blake2b(name.encode("utf-8", "surrogateescape"), digest_size=12)
    return cache.parent / COPIES_FOLDER / f"{digest.hexdigest()}.yaml"


def _keep_copy(cache: Path, name: str, text: str) -> str | None:
    """Keep the bank's text as it was cut (the next patch compares the bank with it); its
    checksum, or None if it could not be kept."""
    from salesops_drill.atomic import write_atomic
    from salesops_drill.errors import DrillError

    data = text.encode("utf-8", "surrogatepass")
    try:
        where = _copy_path(cache, name)
        where.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(where, data, force=True)
    except (OSError, DrillError):
        return None
    return f"{zlib.crc32(data):08x}:{len(data)}"


def _old_text(cache: Path, entry: dict[str, Any]) -> str | None:
    """The bank's text as it was last cut, if its copy is the one the layout names."""
    try:
        data = _copy_path(cache, entry["path"]).read_bytes()
    except OSError:
        return None
    if entry.get("copy") != f"{zlib.crc32(data):08x}:{len(data)}":
        return None
    return data.decode("utf-8", "surrogatepass")


def _card_runs(lib: Library) -> dict[str, tuple[int, int]]:
    """File -> (where its cards start in the library's, how many), for each file whose
    cards are one run; (-1, -1) for the others."""
    runs: dict[str, tuple[int, int]] = {}
    for n, card in enumerate(lib.cards):
        name = card.origin.rpartition(":")[0]
        run = runs.get(name)
        if run is None:
            runs[name] = (n, 1)
        elif run[0] >= 0 and run[0] + run[1] == n:
            runs[name] = (run[0], run[1] + 1)
        else:
            runs[name] = (-1, -1)
    return runs


def _save(where: Path, meta: dict[str, Any], context: str, files: list[list[Any]]) -> None:
    from salesops_drill.atomic import write_atomic
    from salesops_drill.errors import DrillError

    data = {
        "format": FORMAT,
        "version": VERSION,
        "cache": [meta["sources"], meta["index"][1], meta["body"]],
        "context": context,
        "files": files,
    }
    try:
        write_atomic(where, content_cache._dumps(data), force=True)
    except (OSError, DrillError):
        pass


def _read_layout(where: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(where.read_bytes())
    except (OSError, ValueError):
        return None
    if type(data) is not dict or data.get("format") != FORMAT or data.get("version") != VERSION:
        return None
    return data


# -- the patch ---------------------------------------------------------------------------


def patch(cache: Path, stamps: content_cache.Stamps, user: list[Path]) -> bool:
    """Patch ``cache`` for the banks ``user`` as ``stamps`` says they are now; True if
    it was patched (it then matches them), False if it must be rebuilt."""
    try:
        return _patch(cache, stamps, user)
    except _Declined:
        return False
    except Exception:  # anything unforeseen (a damaged layout or cache): rebuild
        return False


def _patch(cache: Path, stamps: content_cache.Stamps, user: list[Path]) -> bool:
    from salesops_drill import bank, schema
    from salesops_drill.content_yaml import read_file
    from salesops_drill.contentindex import ContentIndex
    from salesops_drill.item_cache import check_item, cut
    from salesops_drill.library_build import make_card, role_expander

    layout = _read_layout(cache.parent / LAYOUT_NAME)
    _need(layout is not None)
    assert layout is not None
    files = layout["files"]
    _need(layout["context"] == stamps[0] and [f["path"] for f in files] == [str(p) for p in user])
    now = zip(files, stamps[1], strict=True)
    changed = [n for n, (entry, stamp) in enumerate(now) if entry["stamp"] != stamp]
    _need(len(changed) == 1)
    number = changed[0]
    old_entry = files[number]
    name, keys_text, starts, sections = (
        old_entry[k] for k in ("path", "keys", "starts", "sections")
    )
    first = old_entry.get("first", -1)
    _need(keys_text is not None and first >= 0 and not old_entry["edits"])
    meta, overview, index, body = _read_old(cache, layout["cache"])

    text, fc = read_file(user[number], name)
    _need(text is not None and not fc.edits)
    assert text is not None
    old_keys = split_keys(keys_text)
    _need(len(old_keys) == len(starts) == len(sections))
    # Only what changed is cut again, where the bank's last text is at hand; else all of it.
    old_text = _old_text(cache, old_entry)
    found = _recut(old_entry, old_keys, old_text, text) if old_text is not None else None
    if found is None:
        pieces = cut(text)
        _need(pieces is not None)
        assert pieces is not None
        entry = _entry(name, "", pieces, [piece.key for piece in pieces], text, False)
        fresh = dict(enumerate(pieces))
    else:
        entry, fresh = found
    keys = split_keys(entry["keys"])
    new_starts, new_sections = entry["starts"], entry["sections"]

    # An item whose text is unchanged is the same item, wherever it now is. Only cards
    # may have changed: the other items are the same, in the same order, on the same
    # lines (each one's line is in the cache, and only a card's is rewritten).
    old_at = {key: k for k, key in enumerate(old_keys)}
    _need(len(old_at) == len(old_keys))  # (two items of one text are one id twice)
    _need(
        [
            (key, start)
            for key, start, section in zip(old_keys, starts, sections, strict=True)
            if section != "c"
        ]
        == [
            (key, start)
            for key, start, section in zip(keys, new_starts, new_sections, strict=True)
            if section != "c"
        ]
    )
    new_cards = [
        (k, old_at.get(key))
        for k, (key, section) in enumerate(zip(keys, new_sections, strict=True))
        if section == "c"
    ]
    _need(sum(k is None for _, k in new_cards) <= MOST_NEW * len(keys))

    codec = content_cache.new_codec()
    classes = codec.table()
    _need(classes == meta["classes"] and classes["Card"][-1] == "origin")
    roles = content_cache._decode_overview(codec, overview).roles
    spans = index.pop("spans")
    old = ContentIndex.from_data(index, roles, [], [], lambda _: None)
    n_questions, n_cards = len(old.questions), len(old.cards)
    _need(len(spans) == 2 * (n_questions + n_cards))
    file_cards = sections.count("c")
    _need(first + file_cards <= n_cards)
    ordinals = {}  # the file's old card items -> their place among its cards
    for k, section in enumerate(sections):
        if section == "c":
            ordinals[k] = first + len(ordinals)

    def card_bytes(n: int) -> bytes:
        at = 2 * (n_questions + n)
        return body[spans[at] : spans[at + 1]]

    # The file's cards now: each unchanged one as it was (its line moved), each new one
    # checked and written as a rebuild would.
    taken = {cid for cid, _, _ in (*old.cards[:first], *old.cards[first + file_cards :])}
    taken.update(qid for qid, _, _ in old.questions)
    role_ids = tuple(roles.ids)
    expand = role_expander(role_ids)
    origin_start = content_cache._dumps(name)[:-1]
    dumps = content_cache._item_dumps()
    block: list[bytes] = []
    entries = []
    for at, k in new_cards:
        if k is not None:
            n = ordinals[k]
            block.append(_moved(card_bytes(n), new_starts[at] - starts[k], origin_start))
            held = old.cards[n]
        else:
            piece = fresh[at]  # a new card is among the items cut again
            result = check_item(piece)
            _need(result is not None)
            assert result is not None
            item, line, refs = result
            _need(all(ref == schema.ALL_ROLES or ref in role_ids for ref, _ in refs))
            card = make_card(item, expand, f"{name}:{piece.start + line}")
            block.append(dumps(codec.encode(bank.Card, card)))
            held = (card.id, card.tags, card.roles)
        _need(held[0] not in taken)
        taken.add(held[0])
        entries.append(held)

    cards = [
        *(card_bytes(n) for n in range(first)),
        *block,
        *(card_bytes(n) for n in range(first + file_cards, n_cards)),
    ]
    card_entries = [*old.cards[:first], *entries, *old.cards[first + file_cards :]]
    tags = {tag for _, card_tags, _ in card_entries for tag in card_tags}
    _need(set(old.topic_order) <= tags)  # else a topic might name no card: rebuild

    questions = [body[spans[2 * n] : spans[2 * n + 1]] for n in range(n_questions)]
    cards_end = spans[-1]  # the end of the last card (the file has one at least)
    rest_start = cards_end + len(content_cache.BODY_REST)
    _need(body[cards_end:rest_start] == content_cache.BODY_REST)
    new_body, new_spans = content_cache.make_body(questions, cards, body[rest_start:])

    new = ContentIndex(roles, card_entries, old.questions, [], [], old.topic_order)
    new_index = content_cache._dumps({**new.data(), "spans": new_spans})
    overview["counts"] = _counts(role_ids, new)
    line = content_cache._dumps(overview)

    sources = content_cache.sources_checksum(stamps)
    assert sources is not None
    written = content_cache.store(cache, sources, classes, line, new_index, new_body)
    _need(written is not None)
    assert written is not None
    shift = len(block) - file_cards
    entry.update(stamp=stamps[1][number], first=first if block else -1)  # no cards, no place
    entry["copy"] = _keep_copy(cache, name, text)
    files[number] = entry
    for other in files:
        if other.get("first", -1) > first:
            other["first"] += shift
    _save(cache.parent / LAYOUT_NAME, written, stamps[0], files)
    return True


def _recut(
    entry: dict[str, Any], old_keys: list[str], old_text: str, text: str
) -> tuple[dict[str, Any], dict[int, Piece]] | None:
    """The bank's layout entry now, and its items cut again by number: only the items
    between the first and the last character changed since ``old_text`` are cut again
    (what :func:`item_cache.cut` would give for them); None where that cannot be exact
    (a change outside the items of one section, or a file near the value limit)."""
    from bisect import bisect_left, bisect_right

    from salesops_drill.content_yaml import _PRESCAN_BYTES, MAX_NODES, _values_bound
    from salesops_drill.item_cache import recut

    old_lines, lines = "\n" + old_text, "\n" + text
    ats, ends, starts, sections = entry["at"], entry["ends"], entry["starts"], entry["sections"]
    if len(old_lines) != entry["size"] or not ats:
        return None
    head = _common_prefix(old_lines, lines)
    if head == len(old_lines) == len(lines):
        return dict(entry), {}
    tail = _common_suffix(old_lines, lines, min(len(old_lines), len(lines)) - head)
    grown = len(lines) - len(old_lines)
    # The items from the first whose text, or the mark of the item after it, comes within
    # MARK_MARGIN of the change, to the last that starts before the unchanged end.
    first = bisect_right([end + MARK_MARGIN for end in ends], head)
    last = bisect_left(ats, len(old_lines) - tail) - 1
    if first > last or ats[first] + MARK_MARGIN > head or ends[last] < len(old_lines) - tail:
        return None  # the change is outside the items (a section key, the file's head)
    letter = sections[first]
    if sections[first : last + 1] != letter * (last + 1 - first):
        return None
    section = next(name for name, mark in LETTERS.items() if mark == letter)
    begin, old_end, end = ats[first], ends[last], ends[last] + grown
    mark = old_lines[begin + 1 : begin + MARK_MARGIN]
    width = len(mark) - len(mark.lstrip(" "))  # the section's items' indentation
    if "\r" in lines[begin:end]:
        return None
    bound = (
        entry["bound"] - _values_bound(old_lines[begin:old_end]) + _values_bound(lines[begin:end])
    )
    if len(text) > _PRESCAN_BYTES and bound > MAX_NODES:
        return None  # near the limit: the whole file is counted
    pieces = recut(lines, begin, end, section, width, starts[first])
    if pieces is None:
        return None
    moved = lines.count("\n", begin, end) - old_lines.count("\n", begin, old_end)
    after = slice(last + 1, None)
    keys = [piece.key for piece in pieces]
    new = dict(entry)
    new.update(
        keys="".join((*old_keys[:first], *keys, *old_keys[after])),
        starts=[*starts[:first], *(p.start for p in pieces), *(s + moved for s in starts[after])],
        sections=sections[:first] + letter * len(pieces) + sections[after],
        at=[*ats[:first], *(p.at for p in pieces), *(a + grown for a in ats[after])],
        ends=[
            *ends[:first],
            *(p.at + 1 + len(p.text) for p in pieces),
            *(e + grown for e in ends[after]),
        ],
        size=len(lines),
        bound=bound,
    )
    return new, {first + j: piece for j, piece in enumerate(pieces)}


def _common_prefix(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share at their start (compared a block at a
    time: a bank of megabytes changes in a few places)."""
    n, i = min(len(a), len(b)), 0
    for step in (65536, 4096, 256, 16, 1):
        while i + step <= n and a[i : i + step] == b[i : i + step]:
            i += step
    return i


def _common_suffix(a: str, b: str, limit: int) -> int:
    """How many characters ``a`` and ``b`` share at their end, at most ``limit``."""
    la, lb, i = len(a), len(b), 0
    for step in (65536, 4096, 256, 16, 1):
        while i + step <= limit and a[la - i - step : la - i] == b[lb - i - step : lb - i]:
            i += step
    return i


def split_keys(joined: str) -> list[str]:
    """A layout's item keys, kept joined in one string."""
    return [joined[k : k + KEY_LENGTH] for k in range(0, len(joined), KEY_LENGTH)]


def _need(condition: bool) -> None:
    if not condition:
        raise _Declined


def _read_old(cache: Path, record: list[Any]) -> tuple[dict[str, Any], Any, Any, bytes]:
    """The cache's header, overview and index (as data) and body, if it is the cache the
    layout describes (``record``) and holds no problems."""
    data = cache.read_bytes()
    header_end = data.index(b"\n")
    meta = json.loads(data[:header_end])
    _need(
        meta.get("format") == content_cache.CACHE_FORMAT
        and meta.get("version") == content_cache.CACHE_VERSION
        and [meta["sources"], meta["index"][1], meta["body"]] == record
    )
    line_end = data.index(b"\n", header_end + 1)
    overview = json.loads(data[header_end + 1 : line_end])
    _need(not overview["problems"] and not overview["skipped"])
    index_length = meta["index"][0]
    index = data[line_end + 1 : line_end + 1 + index_length]
    body = data[line_end + 2 + index_length :]
    _need(f"{zlib.crc32(index):08x}" == meta["index"][1])
    _need(f"{zlib.crc32(body):08x}" == meta["body"])
    return meta, overview, json.loads(index), body


def _moved(card: bytes, lines: int, origin_start: bytes) -> bytes:
    """A card as the cache holds it, its origin ``lines`` further down its file."""
    if not lines:
        return card
    found = _ORIGIN_LINE.search(card)
    _need(found is not None and card[: found.start()].endswith(origin_start))
    assert found is not None
    return b'%s%d"]' % (card[: found.start(1)], int(found[1]) + lines)


def _counts(role_ids: tuple[str, ...], index: Any) -> dict[str, list[int]]:
    """Library.counts_by_role, from the index."""
    counts = {rid: [0, 0] for rid in role_ids}
    for column, items in ((0, index.questions), (1, index.cards)):
        for item in items:
            for role in item[2]:
                if role in counts:
                    counts[role][column] += 1
    return counts
