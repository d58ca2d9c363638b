"""The loaded content collection and its cache."""

from __future__ import annotations

import json
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
    listed = json.loads(index)
    assert set(listed) == {"lists", "questions", "cards", "topic_order", "spans"}
    assert meta["index"] == [len(index), f"{zlib.crc32(index):08x}"]
    items = json.loads(body)
    assert set(items) == {"questions", "cards", "topics", "replaced"}
    # Where each question, then each card, is in the body: its JSON and nothing else.
    spans = listed["spans"]
    whole = [*items["questions"], *items["cards"]]
    assert len(spans) == 2 * len(whole) and len(whole) > 300
    assert [json.loads(body[spans[2 * n] : spans[2 * n + 1]]) for n in range(len(whole))] == whole


def test_items_are_written_as_json_dumps_writes_them():
    """The cache's one encoder for thousands of items writes what json.dumps would."""
    from salesops_drill.content_cache import _item_dumps

    dumps = _item_dumps()
    odd = ['é\n"\\\x00\u2028\ud800', 1, 2.5, None, True, [], [["x"]], {"k": "v"}, float("nan")]
    for value in (odd, "plain", 3, [odd, odd]):
        expected = json.dumps(value, separators=(",", ":"), ensure_ascii=True).encode()
        assert dumps(value) == expected
    with pytest.raises(TypeError):
        dumps([object()])


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
    assert cached.topic_order == fresh.topic_order and len(fresh.topic_order) > 5
    assert cached.roles.ids == fresh.roles.ids
    assert cached.categories["q-test-one"] == "problem-solving"
    by_role = cached.ids_by_role(["manager", "rep"])
    assert "q-test-one" in by_role["manager"] and "q-test-one" not in by_role["rep"]


GOOD_INDEX = {
    "lists": [["kpi"], ["rep", "manager"]],
    "cards": [["c-a", "c-b"], [0, 0], [1, 1]],
    "questions": [["q-a"], ["technical"], [1]],
    "topic_order": ["kpi"],
}


@pytest.mark.parametrize(
    "change",
    [
        {"lists": [["kpi"], ["rep", None]]},
        {"lists": [["kpi"], [["rep"]]]},
        {"lists": [["kpi"], "rep"]},
        {"lists": {"kpi": 0}},
        {"cards": [["c-a", 7], [0, 0], [1, 1]]},
        {"cards": [["c-a", "c-b"], [0, 2], [1, 1]]},
        {"cards": [["c-a", "c-b"], [0, -1], [1, 1]]},
        {"cards": [["c-a", "c-b"], [0, 0.0], [1, 1]]},
        {"cards": [["c-a", "c-b"], [0, "0"], [1, 1]]},
        {"cards": [["c-a", "c-b"], [0], [1, 1]]},
        {"cards": [["c-a", "c-b"], [0, 0]]},
        {"questions": [["q-a"], [None], [1]]},
        {"topic_order": ["kpi", 3]},
        {"topic_order": "kpi"},
    ],
)
def test_an_index_with_anything_but_lists_of_text_is_refused(change):
    from salesops_drill.contentindex import ContentIndex

    found = ContentIndex.from_data(GOOD_INDEX, None, [], [], lambda _: None)
    assert found.cards == [
        ("c-a", ("kpi",), ("rep", "manager")),
        ("c-b", ("kpi",), ("rep", "manager")),
    ]
    assert found.questions == [("q-a", "technical", ("rep", "manager"))]
    assert found.data() == GOOD_INDEX
    with pytest.raises((TypeError, ValueError, IndexError)):
        ContentIndex.from_data({**GOOD_INDEX, **change}, None, [], [], lambda _: None)


def test_a_damaged_index_line_is_built_from_the_library_instead(drill_home):
    from salesops_drill.library import load_index

    load_library(resolve_paths())
    cache = drill_home / "cache" / CACHE_NAME
    header, overview, index, body = cache.read_bytes().split(b"\n", 3)
    cache.write_bytes(b"\n".join((header, overview, index.replace(b"[", b"{", 1), body)))
    found = load_index(resolve_paths())
    assert len(found.questions) == len(load_library(resolve_paths()).questions) > 100


def test_each_item_read_alone_from_the_cache_is_the_library_s(banks_dir):
    """What drill review reads: one question or card at a time, each as decoding the
    whole library gives it, and nothing for an id the content does not hold."""
    from salesops_drill.library import load_index

    write(banks_dir / "mine.yaml", GOOD_QUESTION)
    lib = load_library(resolve_paths())  # writes the cache
    index = load_index(resolve_paths())
    ids = [c[0] for c in index.cards] + [q[0] for q in index.questions]
    assert "q-test-one" in ids
    for iid in reversed(ids):
        assert index.item(iid) == (lib.card(iid) or lib.question(iid)) is not None
    assert index.item("c-no-such-card") is None


def test_items_from_a_cache_changed_after_its_index_come_from_the_library(drill_home):
    """The cache is read in two goes (the index, then the items when a card is shown);
    if it changed in between, every item still comes right, from the library."""
    from salesops_drill.library import load_index

    lib = load_library(resolve_paths())
    cache = drill_home / "cache" / CACHE_NAME
    index = load_index(resolve_paths())
    header, overview, line, body = cache.read_bytes().split(b"\n")
    # Another drill wrote a new cache meanwhile.
    cache.write_bytes(b"\n".join((header, overview, line, body.replace(b'"],', b'"] ,'))))
    first = index.cards[0][0]
    assert index.item(first) == lib.card(first)
    assert index.item(lib.questions[-1].id) == lib.questions[-1]


@pytest.mark.parametrize("damage", ["swapped", "inside"])
def test_items_where_the_index_misplaces_them_come_from_the_library(drill_home, damage):
    """Spans that hold another item, or part of one (a cache from other code, with
    checksums that match), never give the wrong card: the library gives the right one."""
    from salesops_drill.library import load_index

    lib = load_library(resolve_paths())
    cache = drill_home / "cache" / CACHE_NAME
    header, overview, line, body = cache.read_bytes().split(b"\n")
    listed = json.loads(line)
    spans, cards = listed["spans"], 2 * len(listed["questions"][0])
    if damage == "swapped":  # two cards of one length: each span holds the other
        by_size: dict[int, list[int]] = {}
        for n in range(cards, len(spans), 2):
            by_size.setdefault(spans[n + 1] - spans[n], []).append(n)
        one, other = next(v for v in by_size.values() if len(v) > 1)[:2]
        spans[one : one + 2], spans[other : other + 2] = (
            spans[other : other + 2],
            spans[one : one + 2],
        )
    else:  # the first card's span starts within it
        one = cards
        spans[one] += 3
    moved = listed["cards"][0][(one - cards) // 2]
    line = json.dumps(listed, separators=(",", ":")).encode()
    meta = json.loads(header)
    meta["index"] = [len(line), f"{zlib.crc32(line):08x}"]
    cache.write_bytes(b"\n".join((json.dumps(meta).encode(), overview, line, body)))
    index = load_index(resolve_paths())
    assert index.item(moved) == lib.card(moved) is not None
    assert index.item(lib.questions[-1].id) == lib.questions[-1]


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
