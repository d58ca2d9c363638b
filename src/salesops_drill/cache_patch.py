"""The content cache patched after an edit to a few cards of one bank, not rebuilt.

When a bank changes, :mod:`content_cache` rebuilds its cache from every file: each item
checked (most taken from :mod:`item_cache`), the library built, and every question and
card written as JSON again, a third of a second for one edited line of a bank of 10,000
cards. Yet most edits touch a card or two of one bank, and the rest of the cache stays
the same bytes. So beside the cache a *layout* is kept: each bank's stamp, the key
(:attr:`item_cache.Piece.key`) and first line of each of its items, and where its cards
are in the cache. After an edit the bank is cut into items again: the items before and
after the edit keep their bytes (a card moved up or down has its line changed), and only
the cards in between are checked and written.

A patch is made only where it gives exactly what a rebuild gives (tests compare the two
byte for byte): one bank changed and nothing else did (code, built-in files, the list
of banks); the content had no problems; the bank still cuts into items (see
:func:`item_cache.cut`); what changed is cards only, in a bank that is not the user's
versions of built-in cards; and each new card is valid on its own, with an id no other
item has, roles that exist, and no topic left without a card. Anything else, or
anything unexpected, rebuilds the cache as before.
"""

from __future__ import annotations

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
FORMAT = "salesops-drill-layout"
#: Bump when the layout's shape changes.
VERSION = 1
#: Patch only when at most this share of a bank's items is new (else a rebuild, which
#: parses the whole file at once, is quicker).
MOST_NEW = 0.25
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
    cuts: dict[str, tuple[list[Piece], list[str], bool]],
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
                files.append([name, stamp, None, None, None, -1, False])
                continue
            pieces, keys, edits = cut
            sections = "".join(LETTERS[piece.section] for piece in pieces)
            first, count = runs.get(name, (-1, 0))
            if count != sections.count("c") or not count:
                first = -1  # its cards are not one run of the library's (or there are none)
            starts = [piece.start for piece in pieces]
            files.append([name, stamp, "".join(keys), starts, sections, first, edits])
        _save(where, meta, stamps[0], files)
    except (OSError, ValueError, KeyError):
        pass


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
    _need(layout["context"] == stamps[0] and [f[0] for f in files] == [str(p) for p in user])
    now = zip(files, stamps[1], strict=True)
    changed = [n for n, (entry, stamp) in enumerate(now) if entry[1] != stamp]
    _need(len(changed) == 1)
    number = changed[0]
    name, _, keys_text, starts, sections, first, edits = files[number]
    _need(keys_text is not None and first >= 0 and not edits)
    meta, overview, index, body = _read_old(cache, layout["cache"])

    text, fc = read_file(user[number], name)
    _need(text is not None and not fc.edits)
    pieces = cut(text or "")
    _need(pieces is not None)
    assert pieces is not None
    keys = [piece.key for piece in pieces]
    old_keys = [keys_text[k : k + KEY_LENGTH] for k in range(0, len(keys_text), KEY_LENGTH)]
    _need(len(old_keys) == len(starts) == len(sections))

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
            (key, piece.start)
            for key, piece in zip(keys, pieces, strict=True)
            if piece.section != "cards"
        ]
    )
    new_cards = [
        (piece, old_at.get(key))
        for piece, key in zip(pieces, keys, strict=True)
        if piece.section == "cards"
    ]
    _need(sum(k is None for _, k in new_cards) <= MOST_NEW * len(pieces))

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
    for piece, k in new_cards:
        if k is not None:
            n = ordinals[k]
            block.append(_moved(card_bytes(n), piece.start - starts[k], origin_start))
            entry = old.cards[n]
        else:
            result = check_item(piece)
            _need(result is not None)
            assert result is not None
            item, line, refs = result
            _need(all(ref == schema.ALL_ROLES or ref in role_ids for ref, _ in refs))
            card = make_card(item, expand, f"{name}:{piece.start + line}")
            block.append(dumps(codec.encode(bank.Card, card)))
            entry = (card.id, card.tags, card.roles)
        _need(entry[0] not in taken)
        taken.add(entry[0])
        entries.append(entry)

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
    starts = [piece.start for piece in pieces]
    sections = "".join(LETTERS[piece.section] for piece in pieces)
    shift = len(block) - file_cards
    at = first if block else -1  # as a rebuild has it: no cards, no place
    files[number] = [name, stamps[1][number], "".join(keys), starts, sections, at, False]
    for entry in files:
        if entry[5] > first:
            entry[5] += shift
    _save(cache.parent / LAYOUT_NAME, written, stamps[0], files)
    return True


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
