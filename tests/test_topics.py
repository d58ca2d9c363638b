"""The order new concept cards are introduced in: content (``topics:``), not code."""

from __future__ import annotations

import json
import zlib

import pytest

from salesops_drill.content import validate_paths
from salesops_drill.content_cache import CACHE_NAME, CACHE_VERSION
from salesops_drill.library import load_library
from salesops_drill.paths import builtin_data_dir, resolve_paths
from salesops_drill.review import select_cards
from tests.helpers import write

#: The order review.py hard-coded before it moved into data/cards/topics.yaml.
BUILT_IN_ORDER = (
    "comparison",
    "functions",
    "categories",
    "positions",
    "kpi",
    "formula",
    "responsibilities",
    "worked-example",
    "certifications",
    "education",
    "salary",
    "best-practices",
)

MY_CARDS = """\
cards:
  - {id: c-mine-a, front: A?, back: A., roles: [rep], tags: [mine-a]}
  - {id: c-mine-b, front: B?, back: B., roles: [rep], tags: [mine-b]}
  - {id: c-mine-none, front: N?, back: N., roles: [rep], tags: [mine-none]}
"""


def messages(path) -> list[str]:
    return [p.message for fc in validate_paths([path], resolve_paths()) for p in fc.problems]


def test_the_built_in_order_is_loaded_from_the_content():
    lib = load_library(resolve_paths(), use_cache=False)
    assert lib.problems == []
    assert lib.topic_order == BUILT_IN_ORDER
    topics_file = builtin_data_dir() / "cards" / "topics.yaml"
    assert all(t.origin.startswith(f"{topics_file}:") for t in lib.topics)


def test_review_introduces_built_in_cards_in_the_same_order_as_before():
    lib = load_library(resolve_paths())
    rank = {tag: i for i, tag in enumerate(BUILT_IN_ORDER)}

    def place(card_id: str) -> int:
        tags = lib.card(card_id).tags
        return min((rank[t] for t in tags if t in rank), default=len(rank))

    for role in (None, "rep", "manager", "vp"):
        shown = [c.id for c in select_cards(lib, role=role) if c.kind == "card"]
        kept = [c.id for c in lib.cards if role is None or role in c.roles]
        assert shown == sorted(kept, key=place), role  # a stable sort: file order within


def test_a_user_bank_adds_tags_after_the_built_in_order(banks_dir):
    write(banks_dir / "a-cards.yaml", MY_CARDS)
    write(banks_dir / "b-topics.yaml", "topics:\n  - tag: mine-b\n  - tag: mine-a\n")
    lib = load_library(resolve_paths())
    assert lib.problems == []
    assert lib.topic_order == (*BUILT_IN_ORDER, "mine-b", "mine-a")
    shown = [c.id for c in select_cards(lib, role="rep") if c.kind == "card"]
    # mine-b before mine-a, as the bank orders them (the cards file has a first); a tag
    # in no order comes after every card that has one
    assert shown.index("c-mine-b") < shown.index("c-mine-a") < shown.index("c-mine-none")
    ranked = {c.id for c in lib.cards if set(c.tags) & set(BUILT_IN_ORDER) and "rep" in c.roles}
    assert all(shown.index(cid) < shown.index("c-mine-b") for cid in ranked)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("  - tag: kpis\n", "3: topic 'kpis' is not a tag of any card; did you mean 'kpi'?"),
        ("  - tagg: kpi\n", "3: unknown field 'tagg' in topic (did you mean 'tag'?)"),
        ("  - tag: [kpi]\n", "3: 'tag' must be text, got a list"),
        ("  - tag: ''\n", "3: 'tag' must not be empty"),
        ("  - kpi\n", "3: topic must be a mapping, got text"),
        ("  - tag: mine-a\n  - tag: mine-a\n", "4: duplicate topic 'mine-a' (also at {path}:3)"),
    ],
)
def test_a_bad_entry_is_a_path_line_problem(banks_dir, tmp_path, entry, expected):
    write(banks_dir / "a-cards.yaml", MY_CARDS)
    path = write(tmp_path / "t.yaml", "# my order\ntopics:\n" + entry)
    found = messages(path)
    assert f"{path}:" + expected.format(path=path) in found, found
    assert len(found) == 1 or entry.startswith("  - tagg"), found  # that one lacks 'tag' too


def test_a_tag_already_in_the_built_in_order_is_a_duplicate(tmp_path):
    path = write(tmp_path / "t.yaml", "topics:\n  - tag: kpi\n")
    lines = (builtin_data_dir() / "cards" / "topics.yaml").read_text().splitlines()
    at = lines.index("  - tag: kpi") + 1
    [found] = messages(path)
    assert found.startswith(f"{path}:2: duplicate topic 'kpi' (also at ")
    assert found.endswith(f"cards/topics.yaml:{at})")  # named as validate names it


def test_a_user_bank_with_a_bad_entry_is_left_out_whole(banks_dir):
    write(banks_dir / "a-cards.yaml", MY_CARDS)
    bad = write(banks_dir / "b-topics.yaml", "topics:\n  - tag: mine-b\n  - tag: mine-c\n")
    lib = load_library(resolve_paths())
    assert lib.skipped == [str(bad)]
    assert lib.topic_order == BUILT_IN_ORDER


def test_the_order_survives_the_cache_and_a_cache_without_it_is_rebuilt(banks_dir, drill_home):
    write(banks_dir / "a-cards.yaml", MY_CARDS)
    write(banks_dir / "b-topics.yaml", "topics:\n  - tag: mine-b\n")
    fresh = load_library(resolve_paths(), use_cache=False)
    load_library(resolve_paths())  # writes the cache
    cached = load_library(resolve_paths())
    assert cached.topics == fresh.topics
    assert [t.origin for t in cached.topics] == [t.origin for t in fresh.topics]

    # A cache as the previous version wrote it: no order in the body. Every checksum
    # matches; only the version says it is of the old layout.
    cache = drill_home / "cache" / CACHE_NAME
    header, overview, index, body = cache.read_bytes().split(b"\n")
    data = json.loads(body)
    del data["topics"]
    old_body = json.dumps(data, separators=(",", ":")).encode()
    meta = json.loads(header)
    meta.update(version=CACHE_VERSION - 1, body=f"{zlib.crc32(old_body):08x}")
    cache.write_bytes(b"\n".join((json.dumps(meta).encode(), overview, index, old_body)))
    assert load_library(resolve_paths()).topic_order == (*BUILT_IN_ORDER, "mine-b")
    assert json.loads(cache.read_bytes().split(b"\n")[0])["version"] == CACHE_VERSION
    assert "topics" in json.loads(cache.read_bytes().split(b"\n")[3])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "file is empty: expected a mapping with 'roles', 'questions', 'cards' or 'topics'"),
        ("{}\n", "file has no 'roles', 'questions', 'cards' or 'topics'"),
    ],
)
def test_a_file_without_content_names_every_section_it_could_hold(tmp_path, text, message):
    path = tmp_path / "empty.yaml"
    path.write_text(text)
    problems = [p.message for fc in validate_paths([path], resolve_paths()) for p in fc.problems]
    assert any(p.endswith(": " + message) for p in problems), problems
