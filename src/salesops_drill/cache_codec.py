"""Content objects as JSON lists and back, for the content cache (:mod:`content_cache`).

Every object is written as the JSON list of its field values, in field order, and read
back by the type its place calls for: the file lists questions, cards, roles and
problems, and each field's annotation says what it holds (text, a number, a tuple of key
points, a model answer...). Reading builds only those classes (dataclasses and named
tuples of roles.py and bank.py, and ContentError), and only when this code gives them
exactly the fields the header lists, else the cache is from other code and is rebuilt:
no other code runs, whatever the file holds. A field whose annotation is not understood
is kept as plain data (lists read back as tuples).
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from typing import Any

from salesops_drill.errors import ContentError

_LEAVES = frozenset({"str", "int", "float", "bool", "None"})
_PLAIN = (str, int, float, bool)


def _split_args(text: str, sep: str = ",") -> list[str]:
    """The parts of ``text`` between top-level ``sep``: "a, tuple[b, c]" -> 2 parts."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _content_class(name: str) -> type | None:
    """The content class called ``name``: a dataclass or named tuple defined in roles.py or
    (imported only when asked for one of its classes) bank.py, or ContentError."""
    if name == "ContentError":
        return ContentError
    if not name.isidentifier():
        return None
    from salesops_drill import roles

    module: Any = roles
    if not hasattr(roles, name):
        from salesops_drill import bank

        module = bank
    cls = getattr(module, name, None)
    if (
        isinstance(cls, type)
        and cls.__module__ == module.__name__
        and (dataclasses.is_dataclass(cls) or (issubclass(cls, tuple) and hasattr(cls, "_fields")))
    ):
        return cls
    return None


def _fields(cls: type) -> list[tuple[str, str]]:
    """(name, annotation) of each field, in order."""
    if cls is ContentError:
        return [("path", "str"), ("line", "int"), ("message", "str")]
    if dataclasses.is_dataclass(cls):
        return [(f.name, str(f.type)) for f in dataclasses.fields(cls)]
    notes = getattr(cls, "__annotations__", {})
    return [
        (name, str(getattr(notes.get(name), "__forward_arg__", notes.get(name, ""))))
        for name in cls._fields  # type: ignore[attr-defined]
    ]


class Codec:
    """Turns content objects into JSON lists and back, by their fields' annotations.

    ``table`` is the header's {class name: [field names]}; without it the codec only
    encodes (and records the classes it met, for :meth:`table`).
    """

    def __init__(self, table: dict[str, list[str]] | None = None) -> None:
        self._expected = table
        self._classes: dict[str, type] = {}
        self._makers: dict[str, Callable[[Any], Any]] = {}
        self._shapes: dict[str, tuple] = {}
        self._class_shapes: dict[type, list[tuple[str, tuple]]] = {}
        self._flat_classes: dict[type, tuple[Callable[[Any], Any], list[int]] | None] = {}

    # -- shapes: what a field holds, from its annotation ---------------------------------

    def _shape(self, kind: str) -> tuple:
        """What a field of annotation ``kind`` holds (worked out once per annotation)."""
        shape = self._shapes.get(kind)
        if shape is None:
            shape = self._shapes[kind] = self._parse_shape(kind)
        return shape

    def _parse_shape(self, kind: str) -> tuple:
        kind = kind.strip()
        options = _split_args(kind, "|")
        if len(options) > 1:
            if all(o in _LEAVES for o in options):
                return ("leaf",)
            rest = [o for o in options if o != "None"]
            if len(rest) == 1:
                return ("optional", self._shape(rest[0]))
            return ("data",)
        if kind in _LEAVES:
            return ("leaf",)
        if kind.startswith("tuple[") and kind.endswith("]"):
            args = _split_args(kind[6:-1])
            if len(args) == 2 and args[1] == "...":
                return ("tuple", self._shape(args[0]))
            return ("fixed", tuple(self._shape(a) for a in args))
        cls = _content_class(kind)
        if cls is not None:
            self._register(cls)
            return ("object", cls)
        return ("data",)

    def _register(self, cls: type) -> None:
        name = cls.__name__
        if name in self._classes:
            return
        if self._expected is not None:
            names = [field for field, _ in _fields(cls)]
            if self._expected.get(name) != names:
                raise ValueError(f"the cache's {name} is not this version's")
        self._classes[name] = cls

    def table(self) -> dict[str, list[str]]:
        return {name: [f for f, _ in _fields(cls)] for name, cls in self._classes.items()}

    # -- encoding --------------------------------------------------------------------------

    def encode(self, cls: type, value: Any) -> list[Any]:
        self._register(cls)
        return self._encode(("object", cls), value)

    def _encode(self, shape: tuple, value: Any) -> Any:
        kind = shape[0]
        if kind == "optional":
            return None if value is None else self._encode(shape[1], value)
        if kind == "leaf":
            if value is None or type(value) in (str, int, float, bool):
                return value
            raise TypeError(f"cannot cache a {type(value).__name__} as a plain value")
        if kind == "tuple":
            if shape[1][0] == "leaf":  # a tuple of plain values: the commonest field
                if all(item is None or type(item) in _PLAIN for item in value):
                    return list(value)
                raise TypeError("cannot cache a tuple holding other than plain values")
            return [self._encode(shape[1], item) for item in value]
        if kind == "fixed":
            if len(value) != len(shape[1]):
                raise ValueError("a fixed-size tuple of another size")
            return [self._encode(s, item) for s, item in zip(shape[1], value, strict=True)]
        if kind == "object":
            cls = shape[1]
            if type(value) is not cls:
                raise TypeError(f"expected a {cls.__name__}, got a {type(value).__name__}")
            if cls is ContentError:
                return [value.path, value.line, value.detail]
            flat = self._flat(cls)
            if flat is not None:  # only plain values and tuples of them: a card, a role
                get, tuples = flat
                out = list(get(value))
                for i in tuples:
                    out[i] = list(out[i])
                return out
            out = []
            for name, shape in self._field_shapes(cls):
                item = getattr(value, name)
                if shape[0] == "leaf" and (item is None or type(item) in _PLAIN):
                    out.append(item)  # the commonest field, without a call
                else:
                    out.append(self._encode(shape, item))
            return out
        return _plain(value)

    def _flat(self, cls: type) -> tuple[Callable[[Any], Any], list[int]] | None:
        """For a class whose fields all hold plain values or tuples of them: a getter
        of every field at once, and which fields are tuples. None for other classes.

        Their values are not checked one by one (that took as long as the rest of
        writing a 10,000-card cache): one that JSON cannot hold fails the write, and
        one read back as other than it was (a list where a tuple was) fails the read,
        which then rebuilds the library.
        """
        if cls not in self._flat_classes:
            shapes = self._field_shapes(cls)
            flat = all(
                shape[0] == "leaf" or (shape[0] == "tuple" and shape[1][0] == "leaf")
                for _, shape in shapes
            )
            self._flat_classes[cls] = (
                (
                    operator.attrgetter(*(name for name, _ in shapes)),
                    [i for i, (_, shape) in enumerate(shapes) if shape[0] == "tuple"],
                )
                if flat and len(shapes) > 1
                else None
            )
        return self._flat_classes[cls]

    def _field_shapes(self, cls: type) -> list[tuple[str, tuple]]:
        """(name, shape) of each field of ``cls``, worked out once per class."""
        shapes = self._class_shapes.get(cls)
        if shapes is None:
            shapes = [(name, self._shape(note)) for name, note in _fields(cls)]
            self._class_shapes[cls] = shapes
        return shapes

    # -- decoding --------------------------------------------------------------------------

    def maker(self, cls: type) -> Callable[[Any], Any]:
        """A function building a ``cls`` from its JSON list."""
        self._register(cls)
        return self._decoder(("object", cls))

    def _decoder(self, shape: tuple) -> Callable[[Any], Any] | None:
        """How to turn the JSON for ``shape`` into its value; None: it already is."""
        kind = shape[0]
        if kind == "leaf":
            return None
        if kind == "optional":
            inner = self._decoder(shape[1])
            return None if inner is None else (lambda v: None if v is None else inner(v))
        if kind == "tuple":
            inner = self._decoder(shape[1])
            if inner is None:
                return tuple
            return lambda v: tuple(map(inner, v))
        if kind == "fixed":
            parts = [self._decoder(s) for s in shape[1]]
            size = len(parts)

            def fixed(v: list[Any]) -> tuple[Any, ...]:
                if len(v) != size:
                    raise ValueError("a fixed-size tuple of another size")
                return tuple(v[i] if f is None else f(v[i]) for i, f in enumerate(parts))

            return fixed
        if kind == "object":
            return self._make(shape[1])
        return lambda v: _tuples(v) if type(v) is list else v

    def _make(self, cls: type) -> Callable[[list[Any]], Any]:
        name = cls.__name__
        if name in self._makers:
            return self._makers[name]
        fields = _fields(cls)
        names = tuple(field for field, _ in fields)
        size = len(names)
        converts: list[tuple[int, Callable[[Any], Any]]] = []
        build_direct = dataclasses.is_dataclass(cls) and "__slots__" not in vars(cls)
        new = object.__new__

        def make(values: list[Any]) -> Any:
            if type(values) is not list or len(values) != size:
                raise ValueError(f"a {name} with the wrong number of fields")
            for i, convert in converts:
                values[i] = convert(values[i])
            if not build_direct:
                return cls(*values)
            made = new(cls)  # filled in as unpickling would: no __init__ to run per object
            made.__dict__.update(zip(names, values, strict=True))
            return made

        self._makers[name] = make  # before the fields: a class may hold its own kind
        for i, (_, note) in enumerate(fields):
            convert = self._decoder(self._shape(note))
            if convert is not None:
                converts.append((i, convert))
        return make


def _plain(value: Any) -> Any:
    """A value of a field the codec has no shape for: plain data only."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _tuples(value: list[Any]) -> tuple[Any, ...]:
    """A JSON list as a tuple, lists inside it too (the leaves are never called on)."""
    return tuple([_tuples(item) if type(item) is list else item for item in value])
