"""All usable content in one collection, and the cache that makes loading it instant.

Parsing and validating every YAML file (:mod:`salesops_drill.content`) takes longer than
the rest of a listing command, so the loaded :class:`Library` is pickled in the data
dir, keyed on every content file's path, size and mtime and on the package version. A
cache hit does not even import yaml.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesops_drill import __version__
from salesops_drill.errors import ContentError
from salesops_drill.paths import Paths, builtin_files, user_files
from salesops_drill.roles import Role, RoleIndex

if TYPE_CHECKING:
    from salesops_drill.bank import Card, Question
    from salesops_drill.content import FileContent

CACHE_NAME = "library.pickle"


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
    entry = _cached(paths)
    return pickle.loads(entry[2])


def load_overview(paths: Paths) -> Overview:
    """Roles and counts only: skips unpickling every question and card."""
    return _cached(paths)[1]


def _cached(paths: Paths) -> tuple[tuple, Overview, bytes]:
    """(key, overview, pickled library), from the cache or freshly built and stored.

    The library is kept as a pickled blob inside the entry so that reading the
    overview does not pay for building thousands of question objects.
    """
    key = _cache_key([*builtin_files(), *user_files(paths)])
    cache = paths.data_dir / "cache" / CACHE_NAME
    entry = _read_cache(cache, key)
    if entry is None:
        lib = _load(builtin_files(), user_files(paths))
        overview = Overview(lib.roles, lib.counts_by_role(), lib.problems, lib.skipped)
        entry = (key, overview, pickle.dumps(lib, protocol=pickle.HIGHEST_PROTOCOL))
        _write_cache(cache, entry)
    return entry


def _cache_key(files: Sequence[Path]) -> tuple:
    stats = []
    for path in files:
        try:
            st = path.stat()
        except OSError:
            return ()  # a file vanished mid-listing: do not cache this state
        stats.append((str(path), st.st_size, st.st_mtime_ns))
    return (__version__, tuple(stats))


def _read_cache(cache: Path, key: tuple) -> tuple[tuple, Overview, bytes] | None:
    if not key:
        return None
    try:
        with cache.open("rb") as fh:
            entry = pickle.load(fh)
        stored_key, overview, blob = entry
    except Exception:  # missing, truncated, written by another version: rebuild
        return None
    if stored_key != key or not isinstance(overview, Overview) or not isinstance(blob, bytes):
        return None
    return entry


def _write_cache(cache: Path, entry: tuple[tuple, Overview, bytes]) -> None:
    """Best effort and atomic: a read-only data dir just means no cache."""
    if not entry[0]:
        return
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump(entry, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


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
