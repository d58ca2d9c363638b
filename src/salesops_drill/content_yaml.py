"""Read one content file into a YAML node tree, safely and within limits.

Files are parsed with PyYAML's safe loader (the C one where available) into a node tree,
so every later problem can be reported as ``PATH:LINE: message`` with the line of the
offending node. Nothing is ever constructed from a YAML tag: a ``!!python/...`` tag is an
error, never code that runs. Oversized, over-dense and alias-bomb files are refused before
they cost minutes and gigabytes. The checks of fields are in :mod:`content_fields`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from salesops_drill import schema
from salesops_drill.errors import ContentError
from salesops_drill.inputs import (
    MAX_CONTENT_FILE_BYTES,
    InputRefused,
    read_text,
    size_text,
)
from salesops_drill.paths import is_builtin
from salesops_drill.safe_yaml import SafeLoader

_BaseLoader = SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader with a quicker tag resolver for plain scalars.

    PyYAML resolves each plain scalar's tag in Python, gathering the candidate patterns
    for its first character on every call; a 10,000-card bank has some 150,000 of them.
    Here the candidates are gathered once per first character: the same patterns, in
    the same order, so every scalar gets the tag PyYAML would give it.
    """

    _by_first: dict[str, list] = {}

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201 - PyYAML's signature
        if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if implicit[0]:
            first = value[:1]
            candidates = self._by_first.get(first)
            if candidates is None:
                table = self.yaml_implicit_resolvers
                candidates = table.get(first, []) + table.get(None, [])
                self._by_first[first] = candidates
            for tag, regexp in candidates:
                if regexp.match(value):
                    return tag
        return self.DEFAULT_SCALAR_TAG


#: Tags a plain data file can carry. Anything else (``!!python/object``...) is refused.
_SAFE_TAGS = frozenset(
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "binary")
)
#: Limits on one content file, by size. Cards as people write them come to about 16
#: values a kilobyte, so a file at the byte limit stays under the value limit: the
#: bytes decide, and a bank of 20,000 cards of up to 2 KB each is read whole (24 MB
#: stopped one at about 13,600 such cards). Building the nodes takes some 14 bytes of
#: memory per byte of file, so the limits also stop a hostile file (a huge one, a dense
#: one, an alias bomb, "billion laughs") before it costs minutes and gigabytes.
MAX_FILE_BYTES = MAX_CONTENT_FILE_BYTES  # defined beside the readers, which are light
MAX_NODES = 1_000_000  # values (scalars, lists, mappings) written in it
MAX_EXPANDED_BYTES = 2 * MAX_FILE_BYTES  # its text, once every alias is expanded
MAX_EXPANDED_NODES = 2 * MAX_NODES  # its values, once every alias is expanded
#: Above this many characters the values are counted while parsing, before any are
#: built: a dense file ("[1,1,1,...]") would otherwise take gigabytes to refuse.
_PRESCAN_BYTES = 256 * 1024


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


@dataclass
class FileContent:
    """What one file holds: valid items (with their lines) and the problems found."""

    path: str
    roles: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    questions: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    cards: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    #: Entries of the order concept cards are introduced in (see schema.TOPIC_ORDER_FIELDS).
    topics: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)
    # line of each role reference, for the cross-file check: (role id, line)
    role_refs: list[tuple[str, int]] = field(default_factory=list)
    #: Shipped with drill (see paths.is_builtin).
    builtin: bool = False
    #: The user's versions of built-in cards (the file starts with schema.EDITS_MARK):
    #: its cards may reuse built-in card ids, and replace those cards.
    edits: bool = False
    #: Some node is used twice, through an alias (set by parse_text).
    aliases: bool = False

    def error(self, line: int, message: str) -> None:
        self.problems.append(ContentError(self.path, line, message))


def read_file(path: Path, display: str | None = None) -> tuple[str | None, FileContent]:
    """The text of one content file (None if it cannot be had: the problem is in the
    FileContent), and the FileContent its items go in."""
    fc = FileContent(display or str(path), builtin=is_builtin(str(path)))
    try:
        text = read_text(path, MAX_FILE_BYTES, "a content file")
    except InputRefused as exc:
        fc.error(exc.line, str(exc))
        return None, fc
    fc.edits = not fc.builtin and text.startswith(schema.EDITS_MARK)
    return text, fc


def parse_file(path: Path, display: str | None = None) -> tuple[yaml.Node | None, FileContent]:
    """Read and compose one YAML file. Returns the root node (None on failure)."""
    text, fc = read_file(path, display)
    return (None if text is None else parse_text(text, fc)), fc


def over_value_limit(text: str) -> bool:
    """True if the text holds more values than a content file may (see MAX_NODES)."""
    return (
        len(text) > _PRESCAN_BYTES
        and _values_bound(text) > MAX_NODES
        and _count_values(text) > MAX_NODES
    )


def parse_text(text: str, fc: FileContent, aliases: bool = True) -> yaml.Node | None:
    """Compose the YAML ``text`` of ``fc``'s file: the root node, or None with the
    problem in ``fc``. ``aliases`` False makes a node used twice a problem too."""
    try:
        if over_value_limit(text):
            fc.error(1, f"the file has over {MAX_NODES:,} values (the limit); refusing it")
            return None
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        fc.error(line, f"YAML syntax error: {problem}")
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        fc.error(1, f"YAML error: {exc}")
        return None
    if node is None:
        fc.error(
            1, "file is empty: expected a mapping with 'roles', 'questions', 'cards' or 'topics'"
        )
        return None
    ok, shared = _check_tags(node, fc, aliases="*" in text)
    fc.aliases = shared
    if shared and not aliases:
        fc.error(_line(node), "an alias, where none may be")
        return None
    if shared:  # aliases: how big is the tree once they are expanded?
        too_big = _expansion_problem(node)
        if too_big is not None:
            fc.error(_line(node), too_big)
            return None
    if not ok:
        return None
    return node


def _values_bound(text: str) -> int:
    """At least as many as the values the YAML text holds, counted in a few scans.

    Every value but the document's own starts at a structural character: a block
    sequence item at ``-``, a mapping's key and value at ``:`` or ``?`` (two values,
    one maybe empty), a flow collection at ``[`` or ``{`` and its items after ``,``
    (a flow mapping's items are key and value: two each). Characters inside text
    only add to the count. Under the limit, the file cannot be over it.
    """
    c = text.count
    pairs = c(":") + c("?") + c(",") + c("[")
    return 1 + c("-") + 2 * pairs + 3 * c("{")


def _count_values(text: str) -> int:
    """How many values the YAML stream holds, counted from parser events (which are
    dropped as they come), stopping once past the limit."""
    loader = _Loader(text)
    count = 0
    try:
        while loader.check_event() and count <= MAX_NODES:
            event = loader.get_event()
            if isinstance(
                event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
            ):
                count += 1
    finally:
        loader.dispose()
    return count


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _expansion_problem(root: yaml.Node) -> str | None:
    """Why the tree is too big once its aliases are expanded; None if it is not.

    Counted without expanding anything: each distinct node's expanded size is the sum
    of its children's, worked out once, so an alias bomb costs no more than its file.
    """
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (values, text bytes), expanded
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        kids = _children(node)
        if not children_done:
            if key in open_:
                return "the file refers to itself through an alias (a recursive anchor)"
            open_.add(key)
            stack.append((node, True))
            stack.extend((kid, False) for kid in kids if id(kid) not in sizes)
            continue
        open_.discard(key)
        values = 1
        text = len(node.value) if isinstance(node, yaml.ScalarNode) else 0
        for kid in kids:
            kid_values, kid_text = sizes[id(kid)]
            values += kid_values
            text += kid_text
        sizes[key] = (values, text)
        if values > MAX_EXPANDED_NODES:
            return (
                f"the file has too many nodes once its aliases are expanded (over "
                f"{MAX_EXPANDED_NODES:,}, the limit); refusing it"
            )
        if text > MAX_EXPANDED_BYTES:
            return (
                f"the file holds over {size_text(MAX_EXPANDED_BYTES)} of text once its aliases "
                "are expanded (the limit); refusing it"
            )
    return None


def _check_tags(root: yaml.Node, fc: FileContent, aliases: bool = True) -> tuple[bool, bool]:
    """Refuse non-data tags and duplicate keys anywhere in the tree.

    Each distinct node is checked once: an alias repeats a node, it adds no new one.
    Returns (no problem found, some node is reached twice: the file uses aliases).
    ``aliases`` False says the text has none (no ``*``), so no node can be reached
    twice and none is tracked (a large bank has hundreds of thousands).
    """
    ok = True
    shared = False
    seen: set[int] = set()
    stack = [root]
    pop, push, extend = stack.pop, stack.append, stack.extend
    safe, mapping, sequence, scalar = (
        _SAFE_TAGS,
        yaml.MappingNode,
        yaml.SequenceNode,
        yaml.ScalarNode,
    )
    while stack:
        node = pop()
        if aliases:
            if id(node) in seen:
                shared = True
                continue
            seen.add(id(node))
        if node.tag not in safe:
            fc.error(_line(node), f"tag '{node.tag}' is not allowed: content files hold plain data")
            ok = False
            continue
        kind = type(node)
        if kind is mapping:
            keys: set[str] = set()
            for key, value in node.value:
                if type(key) is scalar:
                    if key.value in keys:
                        fc.error(_line(key), f"duplicate key '{key.value}'")
                        ok = False
                    keys.add(key.value)
                push(key)
                push(value)
        elif kind is sequence:
            extend(node.value)
    return ok, shared
