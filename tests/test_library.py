"""The loaded content collection and its cache."""

from __future__ import annotations

import os
import zlib

import pytest

from salesops_drill.content_cache import CACHE_NAME
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from tests.helpers import GOOD_QUESTION, run, write

pytestmark = pytest.mark.cold_cache  # these tests are about building the cache


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


# ---------------------------------------------------------------- data, never code


class _Boom:
    """Unpickling this runs a command: what a planted pickle would do."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_pickle_in_the_cache_dir_is_never_run(drill_home, tmp_path):
    import pickle

    marker = tmp_path / "pwned"
    cache_dir = drill_home / "cache"
    cache_dir.mkdir(parents=True)
    payload = pickle.dumps(_Boom(marker))
    for name in ("library.pickle", "library.json", CACHE_NAME):
        (cache_dir / name).write_bytes(payload)
    lib = load_library(resolve_paths())
    assert len(lib.roles) == 6
    assert not marker.exists()
    assert not (cache_dir / "library.pickle").exists()  # the old format is cleared away


def test_the_cache_is_json_with_a_version_and_a_checksum_of_the_sources(drill_home):
    import json

    load_library(resolve_paths())
    # Four lines (the index stats reads was added as the third).
    header, overview, index, body = (drill_home / "cache" / CACHE_NAME).read_bytes().split(b"\n")
    meta = json.loads(header)
    assert meta["format"] == "salesops-drill-content-cache" and meta["version"] >= 1
    assert meta["sources"] and meta["body"]
    assert meta["classes"]["Question"][:3] == ["id", "prompt", "category"]
    assert set(json.loads(overview)) == {"roles", "counts", "problems", "skipped"}
    assert set(json.loads(index)) == {"questions", "cards"}
    assert meta["index"] == [len(index), f"{zlib.crc32(index):08x}"]
    assert set(json.loads(body)) == {"questions", "cards", "topics", "replaced"}


def test_an_edit_that_keeps_size_and_mtime_is_still_noticed(banks_dir):
    path = write(banks_dir / "mine.yaml", GOOD_QUESTION)
    assert load_library(resolve_paths()).question("q-test-one").prompt.startswith("How would")
    stat = path.stat()
    edited = GOOD_QUESTION.replace("How would you", "Who would you")  # same length
    write(path, edited)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert load_library(resolve_paths()).question("q-test-one").prompt.startswith("Who would")


def test_a_cache_that_does_not_match_its_own_checksum_is_rebuilt(drill_home):
    first = load_library(resolve_paths())
    cache = drill_home / "cache" / CACHE_NAME
    header, overview, index, body = cache.read_bytes().split(b"\n")
    tampered = body.replace(b"Sales Operations", b"Sales 0perations", 1)
    assert tampered != body
    cache.write_bytes(b"\n".join((header, overview, index, tampered)))
    again = load_library(resolve_paths())
    assert again.questions == first.questions and again.cards == first.cards
    assert cache.read_bytes().split(b"\n")[3] == body


def test_a_cache_from_another_format_version_is_rebuilt(drill_home):
    import json

    load_library(resolve_paths())
    cache = drill_home / "cache" / CACHE_NAME
    header, overview, index, body = cache.read_bytes().split(b"\n")
    meta = json.loads(header)
    meta["version"] = 999
    cache.write_bytes(b"\n".join((json.dumps(meta).encode(), b'{"roles": []}', index, body)))
    assert len(load_library(resolve_paths()).roles) == 6
    assert json.loads(cache.read_bytes().split(b"\n")[0])["version"] != 999


def test_a_cache_from_code_with_other_fields_is_rebuilt(drill_home):
    import json

    load_library(resolve_paths())
    cache = drill_home / "cache" / CACHE_NAME
    header, overview, index, body = cache.read_bytes().split(b"\n")
    meta = json.loads(header)
    # as if written by a version whose cards have one more field
    meta["classes"]["Card"] = [*meta["classes"]["Card"], "zz_extra_field"]
    cache.write_bytes(b"\n".join((json.dumps(meta).encode(), overview, index, body)))
    lib = load_library(resolve_paths())
    assert lib.cards and all(not hasattr(c, "zz_extra_field") for c in lib.cards)
    assert b"zz_extra_field" not in cache.read_bytes()


def test_the_cached_library_is_the_library(banks_dir):
    """Every field of every role, question and card (origins too) survives the cache."""
    rich = GOOD_QUESTION.replace(
        "    follow_ups: [What would you measure?]\n",
        "    follow_ups:\n"
        "      - prompt: What would you measure?\n"
        "        key_points:\n"
        "          - {label: Cycle length, keywords: [cycle], paraphrases: [days to close]}\n"
        "          - {label: Win rate, keywords: [win rate]}\n"
        "    figures:\n"
        "      - {label: Cycle, value: 45, unit: days, terms: [cycle length]}\n",
    )
    write(banks_dir / "mine.yaml", rich)
    write(banks_dir / "broken.yaml", "cards: [")
    fresh = load_library(resolve_paths(), use_cache=False)
    assert not [p for p in fresh.problems if "mine.yaml" in p.path], fresh.problems
    load_library(resolve_paths())  # writes the cache
    cached = load_library(resolve_paths())

    def everything(lib):
        def fields(item):
            return {**vars(item), "type": type(item).__name__}

        return (
            [fields(r) for r in lib.roles],
            [fields(q) for q in lib.questions],
            [fields(c) for c in lib.cards],
            [(p.path, p.line, p.detail) for p in lib.problems],
            lib.skipped,
            [fields(t) for t in lib.topics],
        )

    assert everything(cached) == everything(fresh)
    deep = [type(i) for r in cached.roles for i in r.responsibilities]
    assert deep == [type(i) for r in fresh.roles for i in r.responsibilities]
    mine = cached.question("q-test-one")
    assert mine == fresh.question("q-test-one")
    assert mine.figures and mine.follow_up_points and mine.follow_up_points[0][0].paraphrases


# ---------------------------------------------------------------- the index stats reads


def test_the_index_from_the_cache_is_the_library_s(banks_dir):
    from salesops_drill.contentindex import ContentIndex
    from salesops_drill.library import load_index

    write(banks_dir / "mine.yaml", GOOD_QUESTION)
    fresh = ContentIndex.of(load_library(resolve_paths(), use_cache=False))
    load_library(resolve_paths())  # writes the cache
    cached = load_index(resolve_paths())
    assert (cached.cards, cached.questions) == (fresh.cards, fresh.questions)
    assert cached.roles.ids == fresh.roles.ids
    assert cached.categories["q-test-one"] == "problem-solving"
    by_role = cached.ids_by_role(["manager", "rep"])
    assert "q-test-one" in by_role["manager"] and "q-test-one" not in by_role["rep"]


def test_a_damaged_index_line_is_built_from_the_library_instead(drill_home):
    from salesops_drill.library import load_index

    load_library(resolve_paths())
    cache = drill_home / "cache" / CACHE_NAME
    header, overview, index, body = cache.read_bytes().split(b"\n", 3)
    cache.write_bytes(b"\n".join((header, overview, index.replace(b"[", b"{", 1), body)))
    found = load_index(resolve_paths())
    assert len(found.questions) == len(load_library(resolve_paths()).questions) > 100


# ---------------------------------------------------------------- the user's versions of cards

EDITED_CAC = """
{mark}
cards:
  - id: c-kpis-cac-formula
    front: My CAC card
    back: My own words.
    roles: [manager]
    tags: [kpi]
  - id: c-mine-extra
    front: Extra
    back: A card of my own.
    roles: [all]
    tags: [mine]
"""


def test_the_users_version_of_a_built_in_card_replaces_it_in_place(banks_dir):
    from salesops_drill.schema import EDITS_MARK

    builtin = load_library(resolve_paths(), use_cache=False)
    order = [c.id for c in builtin.cards]
    path = write(banks_dir / "edited-cards.yaml", EDITED_CAC.format(mark=EDITS_MARK))
    for use_cache in (False, True, True):  # built, then written to and read from the cache
        lib = load_library(resolve_paths(), use_cache=use_cache)
        assert lib.problems == [] and lib.skipped == []
        assert [c.id for c in lib.cards] == [*order, "c-mine-extra"]  # same place, no copy
        card = lib.card("c-kpis-cac-formula")
        assert (card.front, card.back, card.roles) == ("My CAC card", "My own words.", ("manager",))
        assert card.origin == f"{path}:3"
    check = run("bank", "validate")
    assert check.exit_code == 0, check.stdout


def test_only_the_edits_bank_may_reuse_a_built_in_card_id(banks_dir):
    from salesops_drill.schema import EDITS_MARK

    write(banks_dir / "other.yaml", EDITED_CAC.format(mark="# not the mark"))
    lib = load_library(resolve_paths(), use_cache=False)
    assert any("duplicate id 'c-kpis-cac-formula'" in p.message for p in lib.problems)
    assert lib.card("c-kpis-cac-formula").front != "My CAC card"  # the bank is left out
    (banks_dir / "other.yaml").unlink()

    qid = lib.questions[0].id
    write(
        banks_dir / "edited-cards.yaml",
        EDITED_CAC.format(mark=EDITS_MARK).replace("c-mine-extra", qid),
    )
    lib = load_library(resolve_paths(), use_cache=False)
    assert any(f"duplicate id '{qid}'" in p.message for p in lib.problems)  # not a card's id
