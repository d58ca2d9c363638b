"""The loaded content collection and its cache."""

from __future__ import annotations

import os

from salesops_drill.library import CACHE_NAME, load_library
from salesops_drill.paths import resolve_paths
from tests.helpers import GOOD_QUESTION, write


def test_cache_is_written_and_gives_the_same_library(drill_home):
    first = load_library(resolve_paths())
    assert (drill_home / "cache" / CACHE_NAME).is_file()
    second = load_library(resolve_paths())
    assert [q.id for q in second.questions] == [q.id for q in first.questions]
    assert second.roles.ids == first.roles.ids
    assert second.cards == first.cards


def test_editing_a_bank_invalidates_the_cache(banks_dir):
    path = write(banks_dir / "mine.yaml", GOOD_QUESTION)
    assert load_library(resolve_paths()).question("q-test-one").prompt.startswith("How would")
    write(path, GOOD_QUESTION.replace("How would you", "Tell me how you would"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_library(resolve_paths()).question("q-test-one").prompt.startswith("Tell me")


def test_adding_and_removing_a_bank_invalidates_the_cache(banks_dir):
    load_library(resolve_paths())
    path = write(banks_dir / "mine.yaml", GOOD_QUESTION)
    assert load_library(resolve_paths()).question("q-test-one") is not None
    path.unlink()
    assert load_library(resolve_paths()).question("q-test-one") is None


def test_problems_survive_the_cache(banks_dir):
    write(banks_dir / "broken.yaml", "cards: [")
    first = load_library(resolve_paths())
    second = load_library(resolve_paths())
    assert [p.message for p in second.problems] == [p.message for p in first.problems] != []
    assert second.skipped == first.skipped


def test_corrupt_cache_is_rebuilt(drill_home):
    load_library(resolve_paths())
    cache = drill_home / "cache" / CACHE_NAME
    cache.write_bytes(b"not a pickle")
    lib = load_library(resolve_paths())
    assert len(lib.roles) == 6
    assert cache.read_bytes() != b"not a pickle"


def test_unwritable_cache_dir_still_loads(drill_home):
    drill_home.mkdir(parents=True, exist_ok=True)
    (drill_home / "cache").write_text("a file where the cache dir should be")
    assert len(load_library(resolve_paths()).roles) == 6
