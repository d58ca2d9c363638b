"""Checked content items, kept by the text they came from, so an edit re-reads only
what it changed.

A cache miss (:mod:`content_cache`) used to parse and check every content file again,
and YAML is slow: a bank of 10,000 cards took half a second for one edited line. Here
each file is cut at its list items, and each item's checked result is kept under a
digest of the item's exact text. The next time, an item whose text is unchanged is
taken from the cache, at its new line, and only new or changed items are parsed (each
on its own, as the one item of a list under its section key).

A file is cut only when its layout makes the cut exact: the file is top-level section
keys (``cards:``...) at the start of a line, each followed by a block list whose items
(``- ``) all start at one indentation; comments and blank lines may come anywhere.
Items parsed on their own must each be one list item, with no problem and no alias.
Anything else (a flow list, document markers, an unknown or repeated section, an
anchor used across items, any problem at all) is left to the parse of the whole file,
which is also what reports every problem at its line. Only a file without problems is
kept, so cached results never hold a message.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

from salesops_drill import schema
from salesops_drill.bank import Figure, KeyPoint, ModelAnswer
from salesops_drill.content_fields import validate_node
from salesops_drill.content_yaml import FileContent, over_value_limit, parse_text, read_file
from salesops_drill.roles import Item

FORMAT = "salesops-drill-items"
#: Bump when what is kept for an item changes shape.
VERSION = 1
#: Parse the whole file rather than item by item when more than this share of its
#: items is new: one parse of the whole is quicker than many small ones.
MOST_NEW = 0.25

#: Patterns over the text with a line break put before it, so each line starts after one.
#: A line that starts with text in the first column (not a comment, not an item).
_TOP_RE = re.compile(r"\n([^\s#-][^\n]*)")
_SECTION_RE = re.compile(r"([a-z_]+):[ \t]*(#.*)?")
#: Blank lines and comments only.
_BLANK_RE = re.compile(r"(?:\n[ \t]*(?:#[^\n]*)?)*")
#: A line that starts a list item, at any indentation.
_ITEM_RE = re.compile(r"\n( *)-(?=[ \n]|\Z)")
_COLUMN_0_ITEM_RE = re.compile(r"\n-")
_ITEMS_AT: dict[int, re.Pattern[str]] = {}
#: The classes an item's value may hold: all data, made from their fields.
_CLASSES: dict[str, type] = {c.__name__: c for c in (Item, KeyPoint, Figure, ModelAnswer)}


@dataclasses.dataclass
class Piece:
    """One list item of a file: its section, its first line (1-based) and its text, and
    where the text is: it is ``("\n" + file)[at + 1 : at + 1 + len(text)]``."""

    section: str
    start: int
    text: str
    at: int = -1

    @property
    def key(self) -> str:
        data = f"{self.section}\0{self.text}".encode("utf-8", "surrogatepass")
        return hashlib.blake2b(data, digest_size=16).hexdigest()


def cut(text: str) -> list[Piece] | None:
    """The list items of a content file, in file order; None if its layout is not
    one this module can cut exactly (see the module docstring).

    Found by searching the text for line breaks followed by what starts a section or
    an item (a loop over the lines of a 10,000-card bank took a tenth of a second):
    the lines that start with text in the first column must all be section keys, and
    a section's items are the lines that start a list item at the indentation of its
    first one.
    """
    if "\r" in text or over_value_limit(text):
        return None
    lines = "\n" + text  # every line, the first too, starts after a line break
    keys = list(_TOP_RE.finditer(lines))
    if not keys or not _BLANK_RE.fullmatch(lines, 0, keys[0].start()):
        return None
    pieces: list[Piece] = []
    seen: set[str] = set()
    number = 0  # line breaks counted so far: the line number of the last one passed
    counted = 0  # up to here
    for n, key in enumerate(keys):
        match = _SECTION_RE.fullmatch(key[1])
        if match is None or match[1] not in schema.SECTIONS or match[1] in seen:
            return None
        section = match[1]
        seen.add(section)
        begin, end = key.end(), keys[n + 1].start() if n + 1 < len(keys) else len(lines)
        first = _ITEM_RE.search(lines, begin, end)
        if first is None or not _BLANK_RE.fullmatch(lines, begin, first.start()):
            return None  # a section without items, or text before its first item
        indent = len(first[1])
        if indent and _COLUMN_0_ITEM_RE.search(lines, begin, end):
            return None
        starts = [m.start() for m in _items_at(indent).finditer(lines, begin, end)]
        for i, start in enumerate(starts):
            stop = starts[i + 1] if i + 1 < len(starts) else end
            number += lines.count("\n", counted, start + 1)
            counted = start + 1
            pieces.append(Piece(section, number, lines[start + 1 : stop], start))
    return pieces


def recut(
    lines: str, begin: int, end: int, section: str, indent: int, line: int
) -> list[Piece] | None:
    """The list items of ``lines[begin:end]`` ("\n" and a file), a run of whole items of
    ``section`` at ``indent``, the first on line ``line``: what :func:`cut` gives for
    them, or None if the run is not only such items (a section key, an item at another
    indentation)."""
    if _TOP_RE.search(lines, begin, end) or (
        indent and _COLUMN_0_ITEM_RE.search(lines, begin, end)
    ):
        return None
    starts = [m.start() for m in _items_at(indent).finditer(lines, begin, end)]
    if not starts or starts[0] != begin:
        return None
    pieces = []
    for i, start in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else end
        if i:
            line += lines.count("\n", starts[i - 1] + 1, start + 1)
        pieces.append(Piece(section, line, lines[start + 1 : stop], start))
    return pieces


def _items_at(indent: int) -> re.Pattern[str]:
    pattern = _ITEMS_AT.get(indent)
    if pattern is None:
        pattern = _ITEMS_AT[indent] = re.compile(rf"\n {{{indent}}}-(?=[ \n]|\Z)")
    return pattern


# -- one item's checked result, as JSON ------------------------------------------------


def _encode(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in (str, int, float, bool):
        return value
    if kind is list:
        return [_encode(v) for v in value]
    if kind is dict:
        if any(type(k) is not str or k.startswith("\0") for k in value):
            raise TypeError("a mapping that is not of names")
        return {k: _encode(v) for k, v in value.items()}
    if kind is tuple:
        return {"\0t": [_encode(v) for v in value]}
    if _CLASSES.get(kind.__name__) is kind:
        if dataclasses.is_dataclass(value):
            fields = [getattr(value, f.name) for f in dataclasses.fields(value)]
        else:
            fields = list(value)
        return {"\0c": kind.__name__, "\0f": [_encode(v) for v in fields]}
    raise TypeError(f"cannot keep a {kind.__name__}")


def _decode_object(data: dict[str, Any]) -> Any:
    if "\0t" in data:
        return tuple(data["\0t"])
    if "\0c" in data:
        cls = _CLASSES[data["\0c"]]
        fields = data["\0f"]
        count = len(dataclasses.fields(cls)) if dataclasses.is_dataclass(cls) else len(cls._fields)  # type: ignore[attr-defined]
        if type(fields) is not list or len(fields) != count:
            raise ValueError("a kept value of another shape")
        return cls(*fields)
    return data


# -- the cache of one file -------------------------------------------------------------

#: An item's checked result: (the item, its line, its role references as (role, line)),
#: lines counted from the item's first line (0).
Result = tuple[dict[str, Any], int, list[tuple[str, int]]]


class ItemCache:
    """The kept items of every content file, in ``folder`` (one file each)."""

    def __init__(self, folder: Path, stamp: str) -> None:
        """``stamp``: the code that checks content; results kept by other code are not
        used (see content_cache.code_stamp)."""
        self.folder = folder
        self.stamp = stamp
        #: Each file cut here: its pieces, their keys, whether it holds the user's
        #: versions of built-in cards, and its text (for cache_patch's layout).
        self.cuts: dict[str, tuple[list[Piece], list[str], bool, str]] = {}

    def _path(self, source: Path) -> Path:
        name = hashlib.blake2b(os.fsencode(source), digest_size=12).hexdigest()
        return self.folder / f"{name}.jsonl"

    def prune(self, sources: list[Path]) -> None:
        """Remove what is kept for files not among ``sources`` (a bank deleted, say)."""
        wanted = {self._path(source).name for source in sources}
        try:
            for kept in self.folder.glob("*.jsonl"):
                if kept.name not in wanted:
                    kept.unlink(missing_ok=True)
        except OSError:
            pass

    def _header(self, source: Path) -> bytes:
        head = {"format": FORMAT, "version": VERSION, "stamp": self.stamp, "path": str(source)}
        return json.dumps(head, separators=(",", ":"), ensure_ascii=True).encode()

    def _load(self, source: Path) -> dict[str, bytes]:
        """Key -> the kept result's JSON, for ``source``'s items (undecoded: only the
        items still in the file are decoded, and the others are written back as
        they are)."""
        try:
            lines = self._path(source).read_bytes().split(b"\n")
        except OSError:
            return {}
        if lines[0] != self._header(source):
            return {}  # from other code or for another file: parse again
        kept = {}
        for line in lines[1:]:
            key, _, result = line.partition(b" ")
            if result:
                kept[key.decode("ascii", "replace")] = result
        return kept

    def _save(self, source: Path, lines: list[bytes]) -> None:
        """Best effort and atomic: a read-only data dir just means nothing is kept."""
        from salesops_drill.atomic import write_atomic
        from salesops_drill.errors import DrillError

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            body = b"\n".join((self._header(source), *lines))
            write_atomic(self._path(source), body, force=True)
        except (OSError, DrillError):
            pass

    def check(self, path: Path, display: str | None = None) -> FileContent:
        """What ``content.check_files`` gives for one file, from kept items where the
        file's items are unchanged."""
        text, fc = read_file(path, display)
        if text is None:
            return fc
        pieces = cut(text)
        if pieces is None:
            return _whole(text, fc)
        kept = self._load(path)
        keys = [piece.key for piece in pieces]
        self.cuts[str(path)] = (pieces, keys, fc.edits, text)
        missing = [i for i, key in enumerate(keys) if key not in kept]
        if len(missing) > MOST_NEW * len(pieces):
            split = _whole_by_item(text, fc, pieces)  # fills fc
            if split is not None:
                self._keep(path, keys, dict(zip(keys, split, strict=True)), {})
            return fc
        fresh: dict[str, Result] = {}
        for i in missing:
            result = check_item(pieces[i])
            if result is None:  # a problem, or not one item: the whole file says
                return _whole(text, fc)
            fresh[keys[i]] = result
        try:
            results = _decode_all([fresh.get(key) or kept[key] for key in keys])
            _fill(fc, pieces, results)
        except Exception:  # a damaged kept result (any error at all): read it all again
            return _whole(text, FileContent(fc.path, builtin=fc.builtin, edits=fc.edits))
        if fresh or len(kept) != len(set(keys)):
            self._keep(path, keys, fresh, kept)
        return fc

    def _keep(
        self, path: Path, keys: list[str], fresh: dict[str, Result], kept: dict[str, bytes]
    ) -> None:
        """Keep the results of ``keys`` (each once): ``fresh`` ones, else as kept."""
        lines = []
        for key in dict.fromkeys(keys):
            if key in fresh:
                try:
                    lines.append(key.encode() + b" " + _encode_result(fresh[key]))
                except (TypeError, ValueError):
                    return  # something this cannot keep: keep nothing for the file
            else:
                lines.append(key.encode() + b" " + kept[key])
        self._save(path, lines)


def _encode_result(result: Result) -> bytes:
    item, line, refs = result
    data = [_encode(item), line, [[ref, at] for ref, at in refs]]
    # ASCII: no character can end a line early (JSON escapes control characters).
    return json.dumps(data, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _decode_all(results: list[Result | bytes]) -> list[Result]:
    """The results, the kept ones (JSON) decoded in one go."""
    raw = [r for r in results if type(r) is bytes]
    values = json.loads(b"[" + b",".join(raw) + b"]", object_hook=_decode_object)
    if len(values) != len(raw):  # a damaged line holding more than one value
        raise ValueError("kept results out of step with their keys")
    decoded = iter(values)
    out: list[Result] = []
    for result in results:
        if type(result) is not bytes:
            out.append(result)  # type: ignore[arg-type]
            continue
        item, line, refs = next(decoded)
        if type(item) is not dict or type(line) is not int or type(refs) is not list:
            raise TypeError("a kept item of another shape")
        out.append((item, line, [(str(ref), int(at)) for ref, at in refs]))
    return out


def _fill(fc: FileContent, pieces: list[Piece], results: list[Any]) -> None:
    """Put the items in ``fc`` as the whole file's check would: sections in the order
    validate_node goes through them, items in file order, lines made absolute."""
    by_section: dict[str, list[tuple[Piece, Any]]] = {name: [] for name in schema.SECTIONS}
    for piece, result in zip(pieces, results, strict=True):
        by_section[piece.section].append((piece, result))
    for name, entries in by_section.items():
        target = getattr(fc, name)
        for piece, (item, line, refs) in entries:
            target.append((item, piece.start + line))
            fc.role_refs.extend((ref, piece.start + at) for ref, at in refs)


def _whole(text: str, fc: FileContent) -> FileContent:
    node = parse_text(text, fc)
    if node is not None:
        validate_node(node, fc)
    return fc


def _whole_by_item(text: str, fc: FileContent, pieces: list[Piece]) -> list[Result] | None:
    """Check the whole file into ``fc``, and share its items out among ``pieces``
    (None if it has problems or its items are not the pieces, one each)."""
    node = parse_text(text, fc)
    if node is None:
        return None
    validate_node(node, fc)
    if fc.problems or fc.aliases:
        return None
    starts = [piece.start for piece in pieces]
    # Each list item of each section must begin inside its own piece.
    nodes = [
        item
        for key, value in node.value
        if isinstance(value, yaml.SequenceNode)
        for item in value.value
    ]
    if len(nodes) != len(pieces):
        return None
    for i, item in enumerate(nodes):
        if bisect.bisect_right(starts, item.start_mark.line + 1) - 1 != i:
            return None
    shared: list[list[Any]] = [[None, 0, []] for _ in pieces]
    for name in schema.SECTIONS:
        for item, line in getattr(fc, name):
            i = bisect.bisect_right(starts, line) - 1
            shared[i][0], shared[i][1] = item, line - starts[i]
    for ref, line in fc.role_refs:
        i = bisect.bisect_right(starts, line) - 1
        shared[i][2].append((ref, line - starts[i]))
    if any(item is None for item, _, _ in shared):
        return None
    return [(item, line, refs) for item, line, refs in shared]


def check_item(piece: Piece) -> Result | None:
    """Parse and check one item on its own; None unless it is one clean list item."""
    fc = FileContent("")
    node = parse_text(f"{piece.section}:\n{piece.text}", fc, aliases=False)
    if (
        node is None
        or not isinstance(node, yaml.MappingNode)
        or len(node.value) != 1
        or not isinstance(node.value[0][1], yaml.SequenceNode)
        or len(node.value[0][1].value) != 1
    ):
        return None
    validate_node(node, fc)
    found = getattr(fc, piece.section)
    if fc.problems or len(found) != 1:
        return None
    item, line = found[0]
    # Line 1 of the text parsed is the section key; the item begins on line 2.
    return item, line - 2, [(ref, at - 2) for ref, at in fc.role_refs]
