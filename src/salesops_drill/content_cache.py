"""The content cache: the loaded :class:`~salesops_drill.library.Library`, kept as JSON.

Parsing and validating every YAML file (:mod:`salesops_drill.content`) takes longer than
the rest of a listing command, so the loaded library is kept in the data dir as JSON:
data, never code (a pickle there would run whatever anyone who can write the folder put
in it). The file is four lines: a header (the format version, a checksum of the sources:
user banks by their bytes, built-in files and the code that shapes the cache by size and
times; the length and checksum of the third line and the checksum of the fourth; the
field names of every class it holds), the overview the listing commands need, the index
``drill stats`` and ``drill review`` need (each item's id, roles and category or tags,
and where in the fourth line it is), and every question and card. ``drill review``
decodes only the cards it shows (see :class:`_Items`).
Objects are turned into JSON and back by :class:`~salesops_drill.cache_codec.Codec`.
Anything that does not match, or does not parse, is rebuilt from the sources. A cache
hit does not even import yaml.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from salesops_drill import __version__
from salesops_drill.cache_codec import Codec
from salesops_drill.errors import ContentError, DrillError
from salesops_drill.library import Library, Overview
from salesops_drill.paths import Paths, builtin_files, user_files
from salesops_drill.roles import Role, RoleIndex

if TYPE_CHECKING:
    from salesops_drill.bank import Card, Question
    from salesops_drill.contentindex import ContentIndex

CACHE_NAME = "library.json"
#: Beside it: each content file's checked items (see item_cache).
ITEMS_FOLDER = "items"
CACHE_FORMAT = "salesops-drill-content-cache"
#: Bump when the layout of the cache file changes.
CACHE_VERSION = 8
#: Caches earlier versions wrote; removed when a new cache is written.
OLD_CACHES = ("library.pickle",)
#: A content file larger than this is not read for the checksum (content_yaml.py refuses it
#: anyway); its size and modification time stand in for its bytes.
CHECKSUM_READ_LIMIT = 4 * 1024 * 1024
#: The modules whose code decides what the cache holds: a change to them is a new cache.
_SHAPING_MODULES = (
    "bank.py",
    "cache_codec.py",
    "cache_patch.py",
    "content.py",
    "content_cache.py",
    "content_fields.py",
    "content_yaml.py",
    "contentindex.py",
    "item_cache.py",
    "library.py",
    "library_build.py",
    "roles.py",
    "schema.py",
)


def cached(
    paths: Paths,
) -> tuple[Overview, Callable[[], Library], Callable[[], ContentIndex]]:
    """The overview, and functions giving the whole library and the index: from the
    cache when it matches the sources, else freshly built (and stored).

    The questions and cards are only read and decoded when asked for, so the listing
    commands do not pay for building hundreds of question objects.
    """
    from salesops_drill.contentindex import ContentIndex

    cache = paths.data_dir / "cache" / CACHE_NAME
    user = user_files(paths)
    stamps = source_stamps(builtin_files(), user)
    sources = sources_checksum(stamps)
    hit = _read_cache(cache, sources)
    if hit is None and stamps is not None and cache.exists():
        from salesops_drill.cache_patch import patch

        # A few cards of one bank edited: the cache is patched, not rebuilt.
        if patch(cache, stamps, user):
            hit = _read_cache(cache, sources)
    if hit is not None:
        overview, codec, offset, meta = hit
        index_len, index_crc = meta["index"]
        body_at = offset + index_len + 1

        def from_cache() -> Library:
            body = _read_part(cache, body_at, None, meta["body"])
            lib = _decode_library(overview, codec, body)
            return lib if lib is not None else _rebuild(paths, cache, stamps)

        def index_from_cache() -> ContentIndex:
            line = _read_part(cache, offset, index_len, index_crc)
            try:
                data = json.loads(line) if line is not None else None
                body = partial(_read_part, cache, body_at, None, meta["body"])
                items = _Items(body, codec, data, from_cache)
                return ContentIndex.from_data(
                    data, overview.roles, list(overview.problems), list(overview.skipped), items
                )
            except Exception:  # damaged, or from other code: build it from the library
                return ContentIndex.of(from_cache())

        return overview, from_cache, index_from_cache
    lib = _rebuild(paths, cache, stamps)
    return _overview(lib), lambda: lib, lambda: ContentIndex.of(lib)


def _rebuild(paths: Paths, cache: Path, stamps: Stamps | None) -> Library:
    from salesops_drill.gcpause import paused
    from salesops_drill.item_cache import ItemCache
    from salesops_drill.library_build import load_sources

    sources = sources_checksum(stamps)
    # Items whose text is unchanged since the last build are not parsed again.
    reuse = ItemCache(cache.parent / ITEMS_FOLDER, code_stamp()) if sources else None
    builtin, user = builtin_files(), user_files(paths)
    with paused():  # hundreds of thousands of YAML nodes for a large bank: see gcpause
        lib = load_sources(builtin, user, reuse)
    if reuse is not None:
        reuse.prune([*builtin, *user])
    if stamps is not None and sources is not None:
        meta = _write_cache(cache, sources, lib)
        if meta is not None and reuse is not None:
            from salesops_drill.cache_patch import write_layout

            write_layout(cache, meta, stamps, user, lib, reuse.cuts)
    return lib


def _overview(lib: Library) -> Overview:
    return Overview(lib.roles, lib.counts_by_role(), lib.problems, lib.skipped)


def code_stamp() -> str:
    """A checksum of what makes this code's cache: its format, drill's version, and
    the modules that read content and shape the cache (by size and times)."""
    here = Path(__file__).parent
    crc = zlib.crc32(f"{CACHE_FORMAT}:{CACHE_VERSION}:{__version__}".encode())
    for path in (here / name for name in _SHAPING_MODULES):
        st = os.stat(path)
        stamp = f"{path}\0{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}\0"
        crc = zlib.crc32(stamp.encode("utf-8", "surrogateescape"), crc)
    return f"{crc:08x}"


#: What the cache was built from (see :func:`source_stamps`): the stamp of everything but
#: the user's banks, and each bank's own stamp.
Stamps = tuple[str, list[str]]


def source_stamps(builtin: Sequence[Path], user: Sequence[Path]) -> Stamps | None:
    """What the cache is built from; None if a file cannot be read (then the state is
    not cached).

    First a checksum of all but the banks' bytes: the cache format, drill's version, the
    code that shapes the cache, every built-in file (path, size, modification and change
    time: the package's own files, trusted, and reading them all on every start would
    cost more than the cache saves) and the path of every user bank. Then each user bank's
    own stamp, from its bytes (an edit that keeps size and time is caught), so that
    :mod:`cache_patch` can tell which bank changed.
    """
    try:
        crc = zlib.crc32(code_stamp().encode())
        for path in builtin:
            st = os.stat(path)
            stamp = f"{path}\0{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}\0"
            crc = zlib.crc32(stamp.encode("utf-8", "surrogateescape"), crc)
        for path in user:
            crc = zlib.crc32(b"\0" + os.fsencode(path) + b"\0", crc)
        return f"{crc:08x}:{len(builtin)}:{len(user)}", [_bank_stamp(path) for path in user]
    except OSError:
        return None  # a file vanished or is unreadable mid-listing


def _bank_stamp(path: Path) -> str:
    """A user bank's bytes, as a checksum and length (past CHECKSUM_READ_LIMIT, its size
    and modification time)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if st.st_size > CHECKSUM_READ_LIMIT:
            return f"{st.st_size}@{st.st_mtime_ns}"
        data = os.read(fd, CHECKSUM_READ_LIMIT + 1)
        return f"{zlib.crc32(data):08x}:{len(data)}"
    finally:
        os.close(fd)


def sources_checksum(stamps: Stamps | None) -> str | None:
    """The stamps in one line, as the cache's header holds them."""
    if stamps is None:
        return None
    context, banks = stamps
    return f"{context}:{zlib.crc32(' '.join(banks).encode()):08x}"


def _read_cache(
    cache: Path, sources: str | None
) -> tuple[Overview, Codec, int, dict[str, Any]] | None:
    """(overview, the codec for the body, where the index line starts, the header) if
    the cache's header matches ``sources``. Only the header and overview lines are read."""
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
        overview = _decode_overview(codec, json.loads(line))
        index_len, index_crc = meta["index"]
        if type(index_len) is not int or type(index_crc) is not str:
            return None
        return overview, codec, len(header) + len(line), meta
    except Exception:  # missing, truncated, not JSON, not ours: rebuild from the sources
        return None


def _read_part(cache: Path, offset: int, size: int | None, crc: Any) -> bytes | None:
    """``size`` bytes of the cache from ``offset`` (None: to the end), if they are the
    ones the header was written with (the file may have been replaced since)."""
    try:
        with cache.open("rb") as fh:
            fh.seek(offset)
            part = fh.read() if size is None else fh.read(size)
    except OSError:
        return None
    return part if f"{zlib.crc32(part):08x}" == crc else None


def new_codec() -> Codec:
    """A codec for writing, with every class the file may hold in its header, even unused."""
    from salesops_drill import bank

    codec = Codec()
    for cls in (bank.Question, bank.Card, bank.Topic, Role, ContentError):
        codec.maker(cls)
    return codec


def _write_cache(cache: Path, sources: str, lib: Library) -> dict[str, Any] | None:
    """Best effort and atomic: a read-only data dir just means no cache. The header
    written, or None."""
    from salesops_drill import bank
    from salesops_drill.contentindex import ContentIndex

    try:
        codec = new_codec()
        dumps = _item_dumps()
        questions = [dumps(codec.encode(bank.Question, q)) for q in lib.questions]
        cards = [dumps(codec.encode(bank.Card, c)) for c in lib.cards]
        rest = b"".join(
            (
                _dumps([codec.encode(bank.Topic, t) for t in lib.topics]),
                b',"replaced":',
                _dumps([codec.encode(bank.Card, c) for c in lib.replaced]),
                b"}",
            )
        )
        body, spans = make_body(questions, cards, rest)
        index = _dumps({**ContentIndex.of(lib).data(), "spans": spans})
        overview = _overview(lib)
        line = _dumps(
            {
                "roles": [codec.encode(Role, r) for r in overview.roles],
                "counts": overview.counts,
                "problems": [codec.encode(ContentError, p) for p in overview.problems],
                "skipped": overview.skipped,
            }
        )
    except (TypeError, ValueError):
        return None  # something in the content has no JSON form: go without a cache
    return store(cache, sources, codec.table(), line, index, body)


def store(
    cache: Path, sources: str, classes: dict[str, list[str]], line: bytes, index: bytes, body: bytes
) -> dict[str, Any] | None:
    """Write the cache from its overview, index and body lines; the header written, or
    None if it could not be written."""
    from salesops_drill.atomic import write_atomic

    meta = {
        "format": CACHE_FORMAT,
        "version": CACHE_VERSION,
        "sources": sources,
        "index": [len(index), f"{zlib.crc32(index):08x}"],
        "body": f"{zlib.crc32(body):08x}",
        "classes": classes,
    }
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, b"\n".join((_dumps(meta), line, index, body)), force=True)
        for old in OLD_CACHES:
            (cache.parent / old).unlink(missing_ok=True)
    except (OSError, DrillError):
        return None
    return meta


def _dumps(data: Any) -> bytes:
    # ASCII: no character can end a line early (JSON escapes control characters).
    return json.dumps(data, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _item_dumps() -> Callable[[Any], bytes]:
    """:func:`_dumps` for thousands of items one by one: one encoder made for them all
    (``json.dumps`` makes one per call, most of the time for a small item)."""
    from json import encoder

    made = encoder.JSONEncoder(separators=(",", ":"), ensure_ascii=True)
    if encoder.c_make_encoder is None:  # no C speedups in this Python
        return lambda value: made.encode(value).encode("ascii")
    # What made.encode uses, made once (no check for cycles: items are trees of lists).
    fast = encoder.c_make_encoder(
        None, made.default, encoder.encode_basestring_ascii, None, ":", ",", False, False, True
    )
    return lambda value: "".join(fast(value, 0)).encode("ascii")


#: The body line: its questions, its cards, and what follows them (topics, replaced cards).
BODY_START, BODY_CARDS, BODY_REST = b'{"questions":[', b'],"cards":[', b'],"topics":'


def make_body(questions: list[bytes], cards: list[bytes], rest: bytes) -> tuple[bytes, list[int]]:
    """The fourth line (the questions and cards, each already JSON, then ``rest``: the
    topics, the replaced cards and the closing brace), and where each question and then
    each card is in it: a start and an end per item."""
    parts = [BODY_START]
    spans: list[int] = []
    at = len(parts[0])
    for key, items in ((BODY_CARDS, questions), (BODY_REST, cards)):
        for n, item in enumerate(items):
            if n:
                parts.append(b",")
                at += 1
            parts.append(item)
            spans += (at, at + len(item))
            at += len(item)
        parts.append(key)
        at += len(key)
    parts.append(rest)
    return b"".join(parts), spans


class _Items:
    """The questions and cards of the cache, each decoded only when asked for.

    ``drill review`` shows a card or two of a bank of thousands: reading the whole
    fourth line (checked against its checksum, as ever) and decoding one item's bytes
    costs far less than decoding them all. Anything amiss (a cache replaced meanwhile,
    bytes that do not decode) falls back to ``whole``, the library decoded or rebuilt.
    """

    def __init__(
        self,
        read_body: Callable[[], bytes | None],
        codec: Codec,
        index: dict[str, Any],
        whole: Callable[[], Library],
    ) -> None:
        spans = index.pop("spans")
        # Item ids in the order of the spans; made into a lookup at the first call.
        self._ids = [*index["questions"][0], *index["cards"][0]]
        if type(spans) is not list or len(spans) != 2 * len(self._ids):
            raise ValueError("the index's spans do not match its items")
        self._read_body, self._codec, self._whole = read_body, codec, whole
        self._spans = spans
        self._questions = len(index["questions"][0])
        self._at: dict[str, int] | None = None
        self._body: bytes | None = None
        self._lib: Library | None = None

    def __call__(self, iid: str) -> Question | Card | None:
        if self._lib is None:
            try:
                return self._decode(iid)
            except Exception:  # replaced or damaged since the index was read
                self._lib = self._whole()
        return self._lib.card(iid) or self._lib.question(iid)

    def _decode(self, iid: str) -> Question | Card | None:
        from salesops_drill.bank import Card, Question

        if self._at is None:
            self._at = {item: n for n, item in enumerate(self._ids)}
        n = self._at.get(iid)
        if n is None:
            return None
        if self._body is None:
            self._body = self._read_body()
            if self._body is None:
                raise ValueError("the cache's questions and cards changed")
        start, end = self._spans[2 * n], self._spans[2 * n + 1]
        made = self._codec.maker(Question if n < self._questions else Card)(
            json.loads(self._body[start:end])
        )
        if made.id != iid:
            raise ValueError("an item out of place in the cache")
        return made


def _decode_library(overview: Overview, codec: Codec, body: bytes | None) -> Library | None:
    from salesops_drill.bank import Card, Question, Topic

    if body is None:
        return None
    try:
        data = json.loads(body)
        make_question, make_card = codec.maker(Question), codec.maker(Card)
        questions = [make_question(q) for q in data["questions"]]
        cards = [make_card(c) for c in data["cards"]]
        make_topic = codec.maker(Topic)
        topics = [make_topic(t) for t in data["topics"]]
        replaced = [make_card(c) for c in data["replaced"]]
    except Exception:  # a damaged line, or a cache from other code: rebuild
        return None
    lib = Library(
        overview.roles,
        questions,
        cards,
        list(overview.problems),
        topics=topics,
        replaced=replaced,
    )
    lib.skipped = list(overview.skipped)
    return lib


def _decode_overview(codec: Codec, data: dict[str, Any]) -> Overview:
    make_role, make_problem = codec.maker(Role), codec.maker(ContentError)
    roles = [make_role(r) for r in data["roles"]]
    problems = [make_problem(p) for p in data["problems"]]
    counts = {str(k): (int(v[0]), int(v[1])) for k, v in data["counts"].items()}
    return Overview(RoleIndex(roles), counts, problems, [str(s) for s in data["skipped"]])
