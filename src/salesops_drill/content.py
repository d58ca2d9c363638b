"""Load and validate content files (roles, questions, cards) with line-exact errors.

Files are parsed with PyYAML's safe loader (the C one where available) into a node tree,
and validated on the nodes, so every problem is reported as ``PATH:LINE: message`` with
the line of the offending node. Nothing is ever constructed from a YAML tag: a
``!!python/...`` tag is an error, never code that runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from salesops_drill import schema
from salesops_drill.bank import STAR_CATEGORIES, STAR_PARTS, Figure, KeyPoint, ModelAnswer
from salesops_drill.errors import ContentError
from salesops_drill.inputs import MB, InputRefused, read_text, size_text
from salesops_drill.paths import Paths, builtin_files, content_files, is_builtin, user_files
from salesops_drill.roles import Item
from salesops_drill.safe_yaml import SafeLoader
from salesops_drill.wording import closest

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
MAX_FILE_BYTES = 48 * MB
MAX_NODES = 1_000_000  # values (scalars, lists, mappings) written in it
MAX_EXPANDED_BYTES = 2 * MAX_FILE_BYTES  # its text, once every alias is expanded
MAX_EXPANDED_NODES = 2 * MAX_NODES  # its values, once every alias is expanded
#: Above this many characters the values are counted while parsing, before any are
#: built: a dense file ("[1,1,1,...]") would otherwise take gigabytes to refuse.
_PRESCAN_BYTES = 256 * 1024
_ID_RE = re.compile(schema.ID_PATTERN)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


@dataclass
class FileContent:
    """What one file holds: valid items (with their lines) and the problems found."""

    path: str
    roles: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    questions: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    cards: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)
    # line of each role reference, for the cross-file check: (role id, line)
    role_refs: list[tuple[str, int]] = field(default_factory=list)
    #: Shipped with drill (see paths.is_builtin).
    builtin: bool = False
    #: The user's versions of built-in cards (the file starts with schema.EDITS_MARK):
    #: its cards may reuse built-in card ids, and replace those cards.
    edits: bool = False

    def error(self, line: int, message: str) -> None:
        self.problems.append(ContentError(self.path, line, message))


# ---------------------------------------------------------------- parsing


def parse_file(path: Path, display: str | None = None) -> tuple[yaml.Node | None, FileContent]:
    """Read and compose one YAML file. Returns the root node (None on failure)."""
    fc = FileContent(display or str(path), builtin=is_builtin(str(path)))
    try:
        text = read_text(path, MAX_FILE_BYTES, "a content file")
    except InputRefused as exc:
        fc.error(exc.line, str(exc))
        return None, fc
    fc.edits = not fc.builtin and text.startswith(schema.EDITS_MARK)
    try:
        if (
            len(text) > _PRESCAN_BYTES
            and _values_bound(text) > MAX_NODES
            and _count_values(text) > MAX_NODES
        ):
            fc.error(1, f"the file has over {MAX_NODES:,} values (the limit); refusing it")
            return None, fc
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
        return None, fc
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        fc.error(1, f"YAML error: {exc}")
        return None, fc
    if node is None:
        fc.error(1, "file is empty: expected a mapping with 'roles', 'questions' or 'cards'")
        return None, fc
    ok, shared = _check_tags(node, fc, aliases="*" in text)
    if shared:  # aliases: how big is the tree once they are expanded?
        too_big = _expansion_problem(node)
        if too_big is not None:
            fc.error(_line(node), too_big)
            return None, fc
    if not ok:
        return None, fc
    return node, fc


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


# ---------------------------------------------------------------- field checks


def _kind_name(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    short = node.tag.rsplit(":", 1)[-1]
    return {"null": "empty", "str": "text", "int": "a number", "float": "a number"}.get(
        short, short
    )


def _text(node: yaml.Node, fc: FileContent, name: str) -> str | None:
    if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
        fc.error(_line(node), f"'{name}' must be text, got {_kind_name(node)}")
        return None
    value = node.value.strip()
    if not value:
        fc.error(_line(node), f"'{name}' must not be empty")
        return None
    return value


def _int(node: yaml.Node, fc: FileContent, f: schema.Field) -> int | None:
    if not isinstance(node, yaml.ScalarNode) or not node.tag.endswith(":int"):
        fc.error(_line(node), f"'{f.name}' must be a whole number, got {_kind_name(node)}")
        return None
    value = _to_int(node)
    if value is None:
        fc.error(_line(node), f"'{f.name}' must be a whole number, got '{_shown(node.value)}'")
        return None
    if f.bounds and not f.bounds[0] <= value <= f.bounds[1]:
        lo, hi = f.bounds
        fc.error(_line(node), f"'{f.name}' must be between {lo} and {hi}, got {value}")
        return None
    return value


def _to_int(node: yaml.ScalarNode) -> int | None:
    """The whole number an ``int`` scalar spells (YAML 1.1: 0x.., 0o.., 1_000, 1:30),
    or None if it spells none: a tag can claim ``!!int`` for any text."""
    try:
        value = yaml.constructor.SafeConstructor().construct_yaml_int(node)
    except (ValueError, IndexError, TypeError):
        return None
    return value if isinstance(value, int) else None


def _shown(text: str, limit: int = 40) -> str:
    """A value quoted in a message, cut short so one bad value keeps the message one line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_list(
    node: yaml.Node, fc: FileContent, f: schema.Field, line: int | None = None
) -> list[str] | None:
    line = line or _line(node)
    if not isinstance(node, yaml.SequenceNode):
        fc.error(line, f"'{f.name}' must be a list, got {_kind_name(node)}")
        return None
    items = [_text(item, fc, f"{f.name} item") for item in node.value]
    if any(i is None for i in items):
        return None
    if len(items) < f.min_items:
        need = f"at least {f.min_items} item" + ("s" if f.min_items > 1 else "")
        fc.error(line, f"'{f.name}' needs {need}, has {len(items)}")
        return None
    return items  # type: ignore[return-value]


def _mapping(node: yaml.Node, fc: FileContent, what: str) -> dict[str, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        fc.error(_line(node), f"{what} must be a mapping, got {_kind_name(node)}")
        return None
    out: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            fc.error(_line(key), f"{what} has a key that is not text")
            return None
        out[key.value] = value
    return out


def _unknown(keys: Iterable[str], allowed: Sequence[str], fields: dict, fc: FileContent, what: str):
    for key in keys:
        if key not in allowed:
            hint = closest(key, allowed)
            extra = f" (did you mean '{hint}'?)" if hint else f"; known: {', '.join(allowed)}"
            fc.error(_line(fields[key][0]), f"unknown field '{key}' in {what}{extra}")


def _items(
    node: yaml.Node,
    fc: FileContent,
    f: schema.Field,
    line: int,
    fields_spec: Sequence[schema.Field],
    what: str,
) -> list[dict[str, Any]] | None:
    """A list of mappings, each validated against ``fields_spec``; None on any problem."""
    if not isinstance(node, yaml.SequenceNode):
        fc.error(line, f"'{f.name}' must be a list, got {_kind_name(node)}")
        return None
    items = [_item(item, fields_spec, fc, what) for item in node.value]
    if any(i is None for i in items):
        return None
    if len(items) < f.min_items:
        plural = "s" if f.min_items > 1 else ""
        fc.error(line, f"'{f.name}' needs at least {f.min_items} item{plural}, has {len(items)}")
        return None
    return items  # type: ignore[return-value]


def _key_points(
    node: yaml.Node, fc: FileContent, f: schema.Field, line: int
) -> list[KeyPoint] | None:
    points = _items(node, fc, f, line, schema.KEY_POINT_FIELDS, "key point")
    if points is None:
        return None
    return [
        KeyPoint(p["label"], tuple(p["keywords"]), tuple(p.get("paraphrases", ())))  # type: ignore[union-attr]
        for p in points
    ]


def _follow_ups(
    node: yaml.Node, fc: FileContent, f: schema.Field, line: int
) -> list[tuple[str, tuple[KeyPoint, ...]]] | None:
    """Follow-ups: plain prompts, or mappings with a prompt and key points of their own."""
    if not isinstance(node, yaml.SequenceNode):
        fc.error(line, f"'{f.name}' must be a list, got {_kind_name(node)}")
        return None
    out: list[tuple[str, tuple[KeyPoint, ...]]] = []
    ok = True
    for item in node.value:
        if isinstance(item, yaml.MappingNode):
            value = _item(item, schema.FOLLOW_UP_FIELDS, fc, "follow-up")
            if value is None:
                ok = False
            else:
                out.append((value["prompt"], tuple(value["key_points"])))
        else:
            text = _text(item, fc, "follow_ups item")
            if text is None:
                ok = False
            else:
                out.append((text, ()))
    if not ok:
        return None
    if len(out) < f.min_items:
        fc.error(line, f"'{f.name}' needs at least {f.min_items} item, has {len(out)}")
        return None
    return out


def _figures(node: yaml.Node, fc: FileContent, f: schema.Field, line: int) -> list[Figure] | None:
    items = _items(node, fc, f, line, schema.FIGURE_FIELDS, "figure")
    if items is None:
        return None
    return [
        Figure(i["label"], i["value"], i["unit"], tuple(i["terms"]))  # type: ignore[index]
        for i in items
    ]


def _float(node: yaml.Node, fc: FileContent, f: schema.Field) -> float | None:
    """A plain decimal number (an int or a float, finite)."""
    import math

    if not isinstance(node, yaml.ScalarNode) or not (
        node.tag.endswith(":int") or node.tag.endswith(":float")
    ):
        fc.error(_line(node), f"'{f.name}' must be a number, got {_kind_name(node)}")
        return None
    raw = node.value.replace("_", "").lower()
    if raw.lstrip("+-") in (".inf", ".nan"):
        raw = raw.replace(".", "")  # YAML's spelling of infinity and NaN
    try:
        value = float(raw)
    except ValueError:
        fc.error(_line(node), f"'{f.name}' must be a plain number like 2000 or 0.25")
        return None
    if not math.isfinite(value):
        fc.error(_line(node), f"'{f.name}' must be a finite number")
        return None
    return value


def _model_answer(node: yaml.Node, fc: FileContent, line: int) -> ModelAnswer | None:
    fields = _mapping(node, fc, "'model_answer'")
    if fields is None:
        return None
    allowed = (*schema.MODEL_ANSWER_PARTS, schema.MODEL_ANSWER_SUMMARY)
    keyed = {k: (v, v) for k, v in fields.items()}
    before = len(fc.problems)
    _unknown(fields, allowed, keyed, fc, "'model_answer'")
    parts: list[tuple[str, tuple[str, ...]]] = []
    summary = ""
    for name, value in fields.items():
        if name == schema.MODEL_ANSWER_SUMMARY:
            summary = _text(value, fc, "model_answer summary") or ""
        elif name in schema.MODEL_ANSWER_PARTS:
            if isinstance(value, yaml.SequenceNode):
                lines = _text_list(
                    value, fc, schema.Field(name, schema.TEXT_LIST, min_items=1), line
                )
            else:
                one = _text(value, fc, f"model_answer {name}")
                lines = [one] if one is not None else None
            if lines is not None:
                parts.append((name, tuple(lines)))
    if len(fc.problems) > before:
        return None
    if not parts:
        fc.error(line, "'model_answer' needs STAR parts or 'steps'")
        return None
    return ModelAnswer(tuple(parts), summary)


def _item(
    node: yaml.Node, fields_spec: Sequence[schema.Field], fc: FileContent, what: str
) -> dict[str, Any] | None:
    """Validate one mapping against a field list; None if any problem was found."""
    fields = _mapping(node, fc, what)
    if fields is None:
        return None
    before = len(fc.problems)
    allowed, known = _names(fields_spec)
    # Report unknown keys at the key's own line.
    keynodes = {k.value: k for k, _ in node.value}
    if not known.issuperset(fields):
        _unknown(fields, allowed, {k: (keynodes[k],) for k in fields}, fc, what)
    out: dict[str, Any] = {}
    for f in fields_spec:
        value = fields.get(f.name)
        if value is None:
            if f.required:
                fc.error(_line(node), f"{what} is missing required field '{f.name}'")
            continue
        out[f.name] = _field(value, f, fc, _line(keynodes[f.name]))
    if len(fc.problems) > before:
        return None
    return out


#: id of a field list -> (the list, its names, as a set): worked out once per list (the
#: list is kept, so its id stays its own).
_NAMES: dict[int, tuple[Sequence[schema.Field], list[str], frozenset[str]]] = {}


def _names(fields_spec: Sequence[schema.Field]) -> tuple[list[str], frozenset[str]]:
    got = _NAMES.get(id(fields_spec))
    if got is None or got[0] is not fields_spec:
        names = [f.name for f in fields_spec]
        got = _NAMES[id(fields_spec)] = (fields_spec, names, frozenset(names))
    return got[1], got[2]


def _field(node: yaml.Node, f: schema.Field, fc: FileContent, key_line: int) -> Any:
    """One field's value; problems with the whole value point at its key's line."""
    if f.kind == schema.ID:
        value = _text(node, fc, f.name)
        if value is not None and not _ID_RE.match(value):
            fc.error(
                _line(node),
                f"{f.name} '{value}' must be 2-64 characters of a-z, 0-9 and '-', "
                "starting with a letter",
            )
            return None
        return value
    if f.kind == schema.TEXT:
        value = _text(node, fc, f.name)
        if value is not None and f.choices and value not in f.choices:
            hint = closest(value, f.choices)
            extra = f"; did you mean '{hint}'?" if hint else ""
            fc.error(
                _line(node),
                f"'{f.name}' must be one of {', '.join(f.choices)}, got '{value}'{extra}",
            )
            return None
        return value
    if f.kind == schema.INT:
        return _int(node, fc, f)
    if f.kind == schema.TEXT_LIST:
        return _text_list(node, fc, f, key_line)
    if f.kind == schema.TOPIC_LIST:
        return _topic_list(node, fc, f, key_line)
    if f.kind == schema.ROLE_LIST:
        items = _text_list(node, fc, f, key_line)
        if items is not None:
            for item, item_node in zip(items, node.value, strict=True):
                fc.role_refs.append((item, _line(item_node)))
        return items
    if f.kind == schema.KEY_POINTS:
        return _key_points(node, fc, f, key_line)
    if f.kind == schema.MODEL_ANSWER:
        return _model_answer(node, fc, key_line)
    if f.kind == schema.FOLLOW_UPS:
        return _follow_ups(node, fc, f, key_line)
    if f.kind == schema.FIGURES:
        return _figures(node, fc, f, key_line)
    if f.kind == schema.FLOAT:
        return _float(node, fc, f)
    raise AssertionError(f"unknown field kind {f.kind}")  # pragma: no cover


def _topic_list(node: yaml.Node, fc: FileContent, f: schema.Field, line: int) -> list[Item] | None:
    """A role list whose items are text or ``{topic, text}`` mappings; topics unique."""
    if not isinstance(node, yaml.SequenceNode):
        fc.error(line, f"'{f.name}' must be a list, got {_kind_name(node)}")
        return None
    what = f"{f.name} item"
    before = len(fc.problems)
    out: list[Item] = []
    topics: dict[str, int] = {}
    for item_node in node.value:
        if isinstance(item_node, yaml.MappingNode):
            value = _item(item_node, schema.TOPIC_ITEM_SPECS[f.name], fc, what)
            if value is None:
                continue
            topic, at = value["topic"], _line(item_node)
            if topic in topics:
                fc.error(
                    at, f"duplicate topic '{topic}' in '{f.name}' (also at line {topics[topic]})"
                )
                continue
            topics[topic] = at
            out.append(Item(value["text"], topic, value.get("need", "")))
        elif isinstance(item_node, yaml.SequenceNode):
            fc.error(
                _line(item_node),
                f"'{f.name}' items must be text or a mapping with 'topic' and 'text', got a list",
            )
        else:
            text = _text(item_node, fc, what)
            if text is not None:
                out.append(Item(text))
    if len(fc.problems) > before:
        return None
    if len(out) < f.min_items:
        fc.error(line, f"'{f.name}' needs at least {f.min_items} item, has {len(out)}")
        return None
    return out


def validate_node(root: yaml.Node, fc: FileContent) -> FileContent:
    """Check one file's structure and items; valid items land in ``fc``."""
    sections = _mapping(root, fc, "the file")
    if sections is None:
        return fc
    keynodes = {k.value: k for k, _ in root.value}
    _unknown(sections, list(schema.SECTIONS), {k: (keynodes[k],) for k in sections}, fc, "the file")
    if not sections:
        fc.error(_line(root), "file has no 'roles', 'questions' or 'cards'")
    for name, spec in schema.SECTIONS.items():
        node = sections.get(name)
        if node is None:
            continue
        if not isinstance(node, yaml.SequenceNode):
            fc.error(_line(node), f"'{name}' must be a list, got {_kind_name(node)}")
            continue
        what = name[:-1]
        for item in node.value:
            value = _item(item, spec, fc, what)
            if value is None:
                continue
            if name == "questions" and not _star_ok(value, item, fc):
                continue
            getattr(fc, name).append((value, _line(item)))
    return fc


def _star_ok(question: dict[str, Any], node: yaml.Node, fc: FileContent) -> bool:
    answer: ModelAnswer = question["model_answer"]
    if question["category"] in STAR_CATEGORIES and not answer.is_star:
        missing = [p for p in STAR_PARTS if not answer.get(p)]
        fc.error(
            _line(node),
            f"{question['category']} question '{question['id']}' needs a STAR model answer; "
            f"missing: {', '.join(missing)}",
        )
        return False
    if not answer.is_star and not answer.get("steps"):
        fc.error(
            _line(node), f"question '{question['id']}' model_answer needs 'steps' or STAR parts"
        )
        return False
    return True


# ---------------------------------------------------------------- across files


def _display(path: Path) -> str:
    """The path as the user knows it: relative to the cwd when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def check_files(files: Sequence[Path], relative: bool = True) -> list[FileContent]:
    """Parse and validate files one by one (no cross-file checks).

    ``relative``: name files relative to the current directory where they are below it.
    """
    results = []
    for path in files:
        node, fc = parse_file(path, _display(path) if relative else str(path))
        if node is not None:
            validate_node(node, fc)
        results.append(fc)
    return results


def cross_check(results: Sequence[FileContent], known_roles: Iterable[str] = ()) -> None:
    """Duplicate ids and unknown role references, across every file given.

    One id twice is allowed only as a built-in card and the user's version of it (a
    card of an edits file, see ``FileContent.edits``), in either order.
    """
    role_ids = set(known_roles)
    role_seen: dict[str, str] = {}
    item_seen: dict[str, tuple[str, str]] = {}  # id -> (where, "builtin"/"edits"/"")
    for fc in results:
        for role, line in fc.roles:
            rid = role["id"]
            if rid in role_seen:
                fc.error(line, f"duplicate role id '{rid}' (also at {role_seen[rid]})")
            else:
                role_seen[rid] = f"{fc.path}:{line}"
            role_ids.add(rid)
        for kind in ("questions", "cards"):
            role = ""  # only a card can be a built-in card or the user's version of one
            if kind == "cards":
                role = "builtin" if fc.builtin else "edits" if fc.edits else ""
            for item, line in getattr(fc, kind):
                iid = item["id"]
                if iid not in item_seen:
                    item_seen[iid] = (f"{fc.path}:{line}", role)
                elif {role, item_seen[iid][1]} == {"builtin", "edits"}:
                    item_seen[iid] = (item_seen[iid][0], "done")  # a second version is not
                else:
                    fc.error(line, f"duplicate id '{iid}' (also at {item_seen[iid][0]})")
    for fc in results:
        for ref, line in fc.role_refs:
            if ref != schema.ALL_ROLES and ref not in role_ids:
                hint = closest(ref, sorted(role_ids))
                extra = f"; did you mean '{hint}'?" if hint else ""
                fc.error(
                    line, f"unknown role '{ref}' (known: {', '.join(sorted(role_ids))}){extra}"
                )


def validate_paths(targets: Sequence[Path], paths: Paths) -> list[FileContent]:
    """Validate ``targets`` (files or folders) in the context of all other content.

    Ids and role references are checked against the built-in content and the user's
    banks too, but only the problems of the targeted files are returned.
    """
    files: list[Path] = []
    for t in targets:
        found = content_files(t)
        if t.is_dir() or not found:
            files.extend(found or [t])
        else:
            files.extend(found)
    wanted = {p.resolve() for p in files}
    context = [p for p in (*builtin_files(), *user_files(paths)) if p.resolve() not in wanted]
    context_results = check_files(context)
    target_results = check_files(files)
    cross_check([*context_results, *target_results])
    return target_results
