"""Check a content file's node tree against the format (:mod:`schema`), item by item.

Every problem is reported at the line of the node it is about; valid items land in the
file's :class:`~salesops_drill.content_yaml.FileContent`. Checks across files (duplicate
ids, unknown roles) are in :mod:`content`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import yaml

from salesops_drill import schema
from salesops_drill.bank import STAR_CATEGORIES, STAR_PARTS, Figure, KeyPoint, ModelAnswer
from salesops_drill.content_yaml import FileContent, _line
from salesops_drill.roles import Item
from salesops_drill.wording import closest, did_you_mean

_ID_RE = re.compile(schema.ID_PATTERN)


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
            extra = did_you_mean(hint, f"; known: {', '.join(allowed)}", "aside")
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
        KeyPoint(
            p["label"],
            tuple(p["keywords"]),
            tuple(p.get("paraphrases", ())),
            bool(p.get("measured_result", False)),
        )
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


def _bool(node: yaml.Node, fc: FileContent, f: schema.Field) -> bool | None:
    """``true`` or ``false`` (YAML's other spellings, such as ``yes``, too)."""
    if not isinstance(node, yaml.ScalarNode) or not node.tag.endswith(":bool"):
        fc.error(_line(node), f"'{f.name}' must be true or false, got {_kind_name(node)}")
        return None
    return bool(yaml.constructor.SafeConstructor().construct_yaml_bool(node))


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
            extra = did_you_mean(hint)
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
    if f.kind == schema.BOOL:
        return _bool(node, fc, f)
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
        fc.error(_line(root), "file has no 'roles', 'questions', 'cards' or 'topics'")
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
