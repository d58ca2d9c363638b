"""All usable content in one collection, and the cache that makes loading it instant.

Parsing and validating every YAML file (:mod:`salesops_drill.content`) takes longer than
the rest of a listing command, so the loaded :class:`Library` is kept in the data dir as
JSON: data, never code (a pickle there would run whatever anyone who can write the
folder put in it). The file is three lines: a header (the format version, a checksum of
the sources: user banks by their bytes, built-in files and the code that shapes the
cache by size and times; a checksum of the third line; the field names of every class
it holds), the overview the listing commands need, and every question and card.
Anything that does not match, or does not parse, is rebuilt from the sources. A cache
hit does not even import yaml.
"""

from __future__ import annotations

import dataclasses
import json
import os
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesops_drill import __version__
from salesops_drill.errors import ContentError, DrillError
from salesops_drill.paths import Paths, builtin_files, user_files
from salesops_drill.roles import Role, RoleIndex

if TYPE_CHECKING:
    from salesops_drill.bank import Card, Question
    from salesops_drill.content import FileContent

CACHE_NAME = "library.json"
CACHE_FORMAT = "salesops-drill-content-cache"
#: Bump when the layout of the cache file changes.
CACHE_VERSION = 4
#: Caches earlier versions wrote; removed when a new cache is written.
OLD_CACHES = ("library.pickle",)
#: A content file larger than this is not read for the checksum (content.py refuses it
#: anyway); its size and modification time stand in for its bytes.
CHECKSUM_READ_LIMIT = 4 * 1024 * 1024
#: The modules whose code decides what the cache holds: a change to them is a new cache.
_SHAPING_MODULES = ("bank.py", "content.py", "library.py", "roles.py", "schema.py")


@dataclass
class Library:
    """All usable content, plus the problems met while loading it."""

    roles: RoleIndex
    questions: list[Question]
    cards: list[Card]
    problems: list[ContentError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # user files left out for problems

    def question(self, qid: str) -> Question | None:
        return self._questions_by_id.get(qid)

    def card(self, cid: str) -> Card | None:
        return self._cards_by_id.get(cid)

    def __post_init__(self) -> None:
        self._questions_by_id = {q.id: q for q in self.questions}
        self._cards_by_id = {c.id: c for c in self.cards}

    def counts_by_role(self) -> dict[str, tuple[int, int]]:
        """Role id -> (interview questions, flashcards) available for it."""
        counts = {r.id: [0, 0] for r in self.roles}
        for q in self.questions:
            for r in q.roles:
                if r in counts:
                    counts[r][0] += 1
        for c in self.cards:
            for r in c.roles:
                if r in counts:
                    counts[r][1] += 1
        return {k: (v[0], v[1]) for k, v in counts.items()}


@dataclass(frozen=True)
class Overview:
    """What listing commands need: the roles and how much material each has."""

    roles: RoleIndex
    counts: dict[str, tuple[int, int]]
    problems: list[ContentError]
    skipped: list[str]


def load_library(paths: Paths, use_cache: bool = True) -> Library:
    """Built-in content plus the user's banks; a broken user file is skipped whole."""
    if not use_cache:
        return _load(builtin_files(), user_files(paths))
    return _cached(paths)[1]()


def load_overview(paths: Paths) -> Overview:
    """Roles and counts only: skips building every question and card."""
    return _cached(paths)[0]


def _cached(paths: Paths) -> tuple[Overview, Callable[[], Library]]:
    """The overview, and a function giving the whole library: from the cache when it
    matches the sources, else freshly built (and stored).

    The questions and cards are only read and decoded when asked for, so the listing
    commands do not pay for building hundreds of question objects.
    """
    cache = paths.data_dir / "cache" / CACHE_NAME
    sources = _sources_checksum(builtin_files(), user_files(paths))
    hit = _read_cache(cache, sources)
    if hit is not None:
        overview, codec, offset, body_crc = hit

        def from_cache() -> Library:
            lib = _decode_library(overview, codec, _read_body(cache, offset, body_crc))
            return lib if lib is not None else _rebuild(paths, cache, sources)

        return overview, from_cache
    lib = _rebuild(paths, cache, sources)
    return _overview(lib), lambda: lib


def _rebuild(paths: Paths, cache: Path, sources: str | None) -> Library:
    lib = _load(builtin_files(), user_files(paths))
    if sources is not None:
        _write_cache(cache, sources, lib)
    return lib


def _overview(lib: Library) -> Overview:
    return Overview(lib.roles, lib.counts_by_role(), lib.problems, lib.skipped)


def _sources_checksum(builtin: Sequence[Path], user: Sequence[Path]) -> str | None:
    """CRC-32 of what the cache was built from; None if a file cannot be read (then the
    state is not cached).

    Covered: the cache format, drill's version, the code that shapes the cache, every
    built-in file (path, size, modification and change time: the package's own files,
    trusted, and reading them all on every start would cost more than the cache saves),
    and every user bank by path and bytes (an edit that keeps size and time is caught).
    """
    here = Path(__file__).parent
    crc = zlib.crc32(f"{CACHE_FORMAT}:{CACHE_VERSION}:{__version__}".encode())
    try:
        for path in (*(here / name for name in _SHAPING_MODULES), *builtin):
            st = os.stat(path)
            stamp = f"{path}\0{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}\0"
            crc = zlib.crc32(stamp.encode("utf-8", "surrogateescape"), crc)
        for path in user:
            crc = zlib.crc32(b"\0" + os.fsencode(path) + b"\0", crc)
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            try:
                st = os.fstat(fd)
                if st.st_size > CHECKSUM_READ_LIMIT:
                    crc = zlib.crc32(f"{st.st_size}:{st.st_mtime_ns}".encode(), crc)
                else:
                    crc = zlib.crc32(os.read(fd, CHECKSUM_READ_LIMIT + 1), crc)
            finally:
                os.close(fd)
    except OSError:
        return None  # a file vanished or is unreadable mid-listing
    return f"{crc:08x}:{len(builtin)}:{len(user)}"


def _read_cache(cache: Path, sources: str | None) -> tuple[Overview, Codec, int, str] | None:
    """(overview, the codec for the body, where the body starts, its checksum) if the
    cache's header matches ``sources``. Only the header and overview lines are read."""
    if sources is None:
        return None
    try:
        with cache.open("rb") as fh:
            header = fh.readline()
            meta = json.loads(header)
            if (
                meta.get("format") != CACHE_FORMAT
                or meta.get("version") != CACHE_VERSION
                or meta.get("sources") != sources
            ):
                return None
            codec = Codec(meta["classes"])
            line = fh.readline()
        overview = codec.overview(json.loads(line))
        return overview, codec, len(header) + len(line), str(meta["body"])
    except Exception:  # missing, truncated, not JSON, not ours: rebuild from the sources
        return None


def _read_body(cache: Path, offset: int, crc: str) -> bytes | None:
    """The questions-and-cards line, if it is the one the header was written with (the
    file may have been replaced since the header was read)."""
    try:
        with cache.open("rb") as fh:
            fh.seek(offset)
            body = fh.read()
    except OSError:
        return None
    return body if f"{zlib.crc32(body):08x}" == crc else None


def _write_cache(cache: Path, sources: str, lib: Library) -> None:
    """Best effort and atomic: a read-only data dir just means no cache."""
    from salesops_drill import bank
    from salesops_drill.atomic import write_atomic

    try:
        codec = Codec()
        for cls in (bank.Question, bank.Card, Role, ContentError):
            codec.maker(cls)  # every class the file may hold is in its header, even unused
        body = _dumps(
            {
                "questions": [codec.encode(bank.Question, q) for q in lib.questions],
                "cards": [codec.encode(bank.Card, c) for c in lib.cards],
            }
        )
        overview = _overview(lib)
        line = _dumps(
            {
                "roles": [codec.encode(Role, r) for r in overview.roles],
                "counts": overview.counts,
                "problems": [codec.encode(ContentError, p) for p in overview.problems],
                "skipped": overview.skipped,
            }
        )
        meta = {
            "format": CACHE_FORMAT,
            "version": CACHE_VERSION,
            "sources": sources,
            "body": f"{zlib.crc32(body):08x}",
            "classes": codec.table(),
        }
        header = _dumps(meta)
    except (TypeError, ValueError):
        return  # something in the content has no JSON form: go without a cache
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, b"\n".join((header, line, body)), force=True)
        for old in OLD_CACHES:
            (cache.parent / old).unlink(missing_ok=True)
    except (OSError, DrillError):
        pass


def _dumps(data: Any) -> bytes:
    # ASCII: no character can end a line early (JSON escapes control characters).
    return json.dumps(data, separators=(",", ":"), ensure_ascii=True).encode("ascii")


# -- JSON <-> objects ----------------------------------------------------------------------
#
# Every object is written as the JSON list of its field values, in field order, and read
# back by the type its place calls for: the file lists questions, cards, roles and
# problems, and each field's annotation says what it holds (text, a number, a tuple of key
# points, a model answer...). Reading builds only those classes (dataclasses and named
# tuples of roles.py and bank.py, and ContentError), and only when this code gives them
# exactly the fields the header lists, else the cache is from other code and is rebuilt:
# no other code runs, whatever the file holds. A field whose annotation is not understood
# is kept as plain data (lists read back as tuples).

_LEAVES = frozenset({"str", "int", "float", "bool", "None"})


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

    # -- shapes: what a field holds, from its annotation ---------------------------------

    def _shape(self, kind: str) -> tuple:
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
            return [
                self._encode(self._shape(note), getattr(value, name)) for name, note in _fields(cls)
            ]
        return _plain(value)

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

    def overview(self, data: dict[str, Any]) -> Overview:
        make_role, make_problem = self.maker(Role), self.maker(ContentError)
        roles = [make_role(r) for r in data["roles"]]
        problems = [make_problem(p) for p in data["problems"]]
        counts = {str(k): (int(v[0]), int(v[1])) for k, v in data["counts"].items()}
        return Overview(RoleIndex(roles), counts, problems, [str(s) for s in data["skipped"]])


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


def _decode_library(overview: Overview, codec: Codec, body: bytes | None) -> Library | None:
    from salesops_drill.bank import Card, Question

    if body is None:
        return None
    try:
        data = json.loads(body)
        make_question, make_card = codec.maker(Question), codec.maker(Card)
        questions = [make_question(q) for q in data["questions"]]
        cards = [make_card(c) for c in data["cards"]]
    except Exception:  # a damaged line, or a cache from other code: rebuild
        return None
    lib = Library(overview.roles, questions, cards, list(overview.problems))
    lib.skipped = list(overview.skipped)
    return lib


def _load(builtin_list: Sequence[Path], user_list: Sequence[Path]) -> Library:
    from salesops_drill.content import check_files, cross_check  # yaml only on a miss

    builtin = check_files(builtin_list, relative=False)
    user = check_files(user_list, relative=False)
    cross_check([*builtin, *user])
    problems = [p for fc in (*builtin, *user) for p in fc.problems]
    # A built-in file with problems would be a bug in a release: keep its valid items
    # rather than lose a whole role's questions. A broken user file is left out whole.
    usable = [*builtin, *(fc for fc in user if not fc.problems)]
    lib = build_library(usable, problems)
    lib.skipped = [fc.path for fc in user if fc.problems]
    return lib


def build_library(results: Sequence[FileContent], problems: list[ContentError]) -> Library:
    # Only when (re)building, not on a cache hit, where start-up time matters.
    from salesops_drill import schema
    from salesops_drill.bank import Card

    roles = [_role(item, f"{fc.path}:{line}") for fc in results for item, line in fc.roles]
    index = RoleIndex(_unique(roles))
    all_ids = tuple(index.ids)

    def expand(refs: Sequence[str]) -> tuple[str, ...]:
        if schema.ALL_ROLES in refs:
            return all_ids
        return tuple(r for r in all_ids if r in refs)

    questions = _unique(
        _question(item, expand(item["roles"]), f"{fc.path}:{line}")
        for fc in results
        for item, line in fc.questions
    )
    # The user's version of a built-in card takes the built-in card's place.
    builtin_cards = {item["id"] for fc in results if fc.builtin for item, _ in fc.cards}
    edited = {
        item["id"]: (item, f"{fc.path}:{line}")
        for fc in results
        if fc.edits
        for item, line in fc.cards
        if item["id"] in builtin_cards
    }

    def card(item: dict[str, Any], origin: str) -> Card:
        return Card(
            id=item["id"],
            front=item["front"],
            back=item["back"],
            roles=expand(item["roles"]),
            tags=tuple(item["tags"]),
            origin=origin,
        )

    cards: list[Card] = []
    for fc in results:
        for item, line in fc.cards:
            if fc.edits and item["id"] in edited:
                continue  # it goes where the built-in card was
            if fc.builtin and item["id"] in edited:
                cards.append(card(*edited[item["id"]]))
            else:
                cards.append(card(item, f"{fc.path}:{line}"))
    cards = _unique(cards)
    return Library(index, questions, cards, problems)


def _unique(items):
    seen: set[str] = set()
    out = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            out.append(item)
    return out


def _role(item: dict[str, Any], origin: str) -> Role:
    # Maintainers' notes stay in the file: never loaded, so never shown.
    values = {k: (tuple(v) if isinstance(v, list) else v) for k, v in item.items() if k != "notes"}
    return Role(**values, origin=origin)


def _question(item: dict[str, Any], roles: tuple[str, ...], origin: str) -> Question:
    from salesops_drill.bank import Question

    return Question(
        id=item["id"],
        prompt=item["prompt"],
        category=item["category"],
        roles=roles,
        difficulty=item["difficulty"],
        what_it_tests=item["what_it_tests"],
        key_points=tuple(item["key_points"]),
        model_answer=item["model_answer"],
        follow_ups=tuple(prompt for prompt, _ in item["follow_ups"]),
        follow_up_points=tuple(points for _, points in item["follow_ups"]),
        figures=tuple(item.get("figures", ())),
        time_limit_s=item.get("time_limit_s"),
        source=item.get("source", ""),
        origin=origin,
    )
