"""All usable content in one collection, and the cache that makes loading it instant.

Parsing and validating every YAML file (:mod:`salesops_drill.content`) takes longer than
the rest of a listing command, so the loaded :class:`Library` is kept in the data dir as
JSON: data, never code (a pickle there would run whatever anyone who can write the
folder put in it). The file is two lines: a header with the format version, a checksum
of every content file (path and bytes) and of the code that shapes the cache, a
checksum of the second line, and the overview the listing commands need; then every
question and card. Anything that does not match, or does not parse, is rebuilt from the
sources. A cache hit does not even import yaml.
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
CACHE_VERSION = 1
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
        overview, offset, body_crc = hit

        def from_cache() -> Library:
            lib = _decode_library(overview, _read_body(cache, offset, body_crc))
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


def _read_cache(cache: Path, sources: str | None) -> tuple[Overview, int, str] | None:
    """(overview, where the questions-and-cards line starts, its checksum) if the cache's
    header matches ``sources``. Only the header is read."""
    if sources is None:
        return None
    try:
        with cache.open("rb") as fh:
            header = fh.readline()
        meta = json.loads(header, object_hook=_overview_hook())
        if (
            meta.get("format") != CACHE_FORMAT
            or meta.get("version") != CACHE_VERSION
            or meta.get("sources") != sources
        ):
            return None
        return _decode_overview(meta["overview"]), len(header), str(meta["body"])
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
    from salesops_drill.atomic import write_atomic

    try:
        body = json.dumps(
            {"questions": _encode(lib.questions), "cards": _encode(lib.cards)},
            separators=(",", ":"),
        ).encode("ascii")
        overview = _overview(lib)
        meta = {
            "format": CACHE_FORMAT,
            "version": CACHE_VERSION,
            "sources": sources,
            "body": f"{zlib.crc32(body):08x}",
            "overview": {
                "roles": _encode(list(overview.roles)),
                "counts": overview.counts,
                "problems": _encode(overview.problems),
                "skipped": overview.skipped,
            },
        }
        header = json.dumps(meta, separators=(",", ":")).encode("ascii")
    except (TypeError, ValueError):
        return  # something in the content has no JSON form: go without a cache
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, header + b"\n" + body, force=True)
        for old in OLD_CACHES:
            (cache.parent / old).unlink(missing_ok=True)
    except (OSError, DrillError):
        pass


# -- JSON <-> objects ----------------------------------------------------------------------
#
# A dataclass or named tuple is written as an object naming its class
# ({"@": "Question", ...fields}); any other tuple as a list. Reading builds only the
# classes of salesops_drill's own content modules, from their fields: no other code
# runs, whatever the file holds.


def _encode(value: Any) -> Any:
    if isinstance(value, ContentError):
        return {
            "@": "ContentError",
            "path": value.path,
            "line": value.line,
            "message": value.detail,
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"@": type(value).__name__, **fields}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a NamedTuple
        fields = {name: _encode(getattr(value, name)) for name in value._fields}
        return {"@": type(value).__name__, **fields}
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _classes(*modules: Any) -> dict[str, Callable[..., Any]]:
    """The dataclasses and named tuples defined in ``modules``, by name."""
    found: dict[str, Callable[..., Any]] = {}
    for module in modules:
        for name, cls in vars(module).items():
            if not isinstance(cls, type) or cls.__module__ != module.__name__:
                continue
            if dataclasses.is_dataclass(cls) or (
                issubclass(cls, tuple) and hasattr(cls, "_fields")
            ):
                found[name] = cls
    return found


def _field_types(cls: type) -> dict[str, str]:
    if dataclasses.is_dataclass(cls):
        return {f.name: str(f.type) for f in dataclasses.fields(cls)}
    return {name: str(kind) for name, kind in getattr(cls, "__annotations__", {}).items()}


def _tuples(value: list[Any]) -> tuple[Any, ...]:
    """A JSON list as a tuple, lists inside it too (the leaves are never called on)."""
    return tuple([_tuples(item) if type(item) is list else item for item in value])


def _conversions(cls: type) -> dict[str, Callable[[list[Any]], Any]]:
    """Fields of ``cls`` that hold tuples, each with how to turn a JSON list back into one
    (nested tuples need the deep walk; most are flat, and ``tuple`` is much cheaper)."""
    out: dict[str, Callable[[list[Any]], Any]] = {}
    for name, kind in _field_types(cls).items():
        if kind.startswith("tuple[tuple"):
            out[name] = _tuples
        elif kind.startswith("tuple"):
            out[name] = tuple
    return out


def _decoder(classes: dict[str, Callable[..., Any]]) -> Callable[[dict[str, Any]], Any]:
    """A ``json.loads`` object hook building only ``classes``.

    A dataclass must come with exactly its fields (else the cache is from other code,
    and is rebuilt); it is then filled in directly, as unpickling would, which is
    several times faster than calling a frozen dataclass's ``__init__``.
    """
    plans = {}
    for name, cls in classes.items():
        conversions = _conversions(cls) if isinstance(cls, type) else {}
        if dataclasses.is_dataclass(cls) and "__slots__" not in vars(cls):
            fields = frozenset(f.name for f in dataclasses.fields(cls))
            plans[name] = (cls, conversions, fields)
        else:
            plans[name] = (cls, conversions, None)
    checked: set[str] = set()  # classes whose field names were compared in full once
    new = object.__new__

    def hook(obj: dict[str, Any]) -> Any:
        name = obj.pop("@", None)
        if name is None:
            return obj
        cls, conversions, fields = plans[name]
        for key, convert in conversions.items():
            value = obj.get(key)
            if type(value) is list:
                obj[key] = convert(value)
        if fields is None:
            return cls(**obj)
        # Comparing the names costs more than building the object; once per class, and
        # then the count, catches a cache from other code (which its checksum already
        # should) without paying for it on every question.
        if len(obj) != len(fields) or (name not in checked and obj.keys() != fields):
            raise ValueError(f"{name} has other fields than this version's")
        checked.add(name)
        made = new(cls)
        made.__dict__.update(obj)
        return made

    return hook


def _overview_hook() -> Callable[[dict[str, Any]], Any]:
    from salesops_drill import roles

    return _decoder({**_classes(roles), "ContentError": ContentError})


def _decode_overview(data: dict[str, Any]) -> Overview:
    """The overview from the header (its objects already built by the hook)."""
    roles = list(data["roles"])
    problems = list(data["problems"])
    if not all(isinstance(r, Role) for r in roles) or not all(
        isinstance(p, ContentError) for p in problems
    ):
        raise ValueError("not an overview")
    counts = {str(k): (int(v[0]), int(v[1])) for k, v in data["counts"].items()}
    return Overview(RoleIndex(roles), counts, problems, [str(s) for s in data["skipped"]])


def _decode_library(overview: Overview, body: bytes | None) -> Library | None:
    from salesops_drill import bank, roles

    if body is None:
        return None
    try:
        data = json.loads(body, object_hook=_decoder(_classes(bank, roles)))
        questions, cards = list(data["questions"]), list(data["cards"])
    except Exception:  # a field the code no longer has, or a damaged line: rebuild
        return None
    if not all(isinstance(q, bank.Question) for q in questions) or not all(
        isinstance(c, bank.Card) for c in cards
    ):
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
    cards = _unique(
        Card(
            id=item["id"],
            front=item["front"],
            back=item["back"],
            roles=expand(item["roles"]),
            tags=tuple(item["tags"]),
            origin=f"{fc.path}:{line}",
        )
        for fc in results
        for item, line in fc.cards
    )
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
