"""The content cache patched after an edit (cache_patch.py): whatever the edit, a patched
cache is byte for byte the cache a rebuild writes, and an edit a patch cannot give
exactly is rebuilt."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from salesops_drill.cache_patch import LAYOUT_NAME, patch
from salesops_drill.content_cache import CACHE_NAME, source_stamps
from salesops_drill.library import load_library, load_overview
from salesops_drill.library_build import load_sources
from salesops_drill.paths import Paths, builtin_files, user_files
from tests.helpers import card_bank, card_item


def card(i: int, roles: str = "[rep, manager]", tags: str = "") -> str:
    return card_item(i, roles, tags, prefix="c-mine")


def bank(n: int, start: int = 0) -> str:
    return card_bank(n, start, prefix="c-mine")


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    paths = Paths(tmp_path / "home")
    paths.banks_dir.mkdir(parents=True)
    return paths


def cache_dir(paths: Paths) -> Path:
    return paths.data_dir / "cache"


def patched(paths: Paths) -> bool:
    stamps = source_stamps(builtin_files(), user_files(paths))
    assert stamps is not None
    return patch(cache_dir(paths) / CACHE_NAME, stamps, user_files(paths))


def same_as_rebuilt(paths: Paths) -> None:
    """The cache and layout now are those a rebuild writes (and are put back after)."""
    here = cache_dir(paths)
    kept = {name: (here / name).read_bytes() for name in (CACHE_NAME, LAYOUT_NAME)}
    for name in kept:
        (here / name).unlink()
    shutil.rmtree(here / "items")  # a rebuild from the files themselves
    load_overview(paths)
    for name, data in kept.items():
        assert (here / name).read_bytes() == data, name


def test_edits_to_cards_are_patched_as_a_rebuild_writes_them(paths):
    """Cards changed, added, removed, swapped and moved by lines, in either of two banks,
    with comments and blank lines about: each patched cache is the rebuilt one."""
    rng = random.Random(5)
    one, two = paths.banks_dir / "a.yaml", paths.banks_dir / "b.yaml"
    one.write_text(bank(12))
    two.write_text(bank(8, start=100))
    load_overview(paths)
    serial = 200
    for step in range(80):
        path = rng.choice((one, two))
        text = path.read_text()
        blocks = text.split("\n  - ")
        at = rng.randrange(1, len(blocks))
        action = rng.randrange(9)
        if action == 0:  # a card's text
            blocks[at] = blocks[at].replace("share", rng.choice(["part", "share", "rate"]), 1)
        elif action == 1:  # a card added, some lines long
            serial += 1
            blocks.insert(at, card(serial, tags="[new]")[4:])
        elif action == 2 and len(blocks) > 3:  # a card removed
            del blocks[at]
        elif action == 3:  # roles changed: the counts per role change
            blocks[at] = blocks[at].replace("[rep, manager]", rng.choice(["[vp]", "[all]"]), 1)
        elif action == 4:  # a comment at the top: every card's line moves
            blocks[0] = f"# note {step}\n" + blocks[0]
        elif action == 5:  # a blank line after a card
            blocks[at] += "\n"
        elif action == 6:  # a comment at the end
            blocks[-1] += f"# end {step}\n"
        elif action == 7 and len(blocks) > 3:  # two cards swapped
            i, j = sorted(rng.sample(range(1, len(blocks) - 1), 2))
            blocks[i], blocks[j] = blocks[j], blocks[i]
        else:  # the first and the last card edited
            blocks[1] = blocks[1].replace("metric", "measure", 1)
            blocks[-1] = blocks[-1].replace("metric", "measure", 1)
        if "\n  - ".join(blocks) == text:
            continue  # nothing to patch
        path.write_text("\n  - ".join(blocks))
        assert patched(paths), step
        same_as_rebuilt(paths)


def test_the_library_read_after_a_patch_is_the_library_read_afresh(paths):
    mine = paths.banks_dir / "mine.yaml"
    mine.write_text(bank(20))
    load_overview(paths)
    mine.write_text(mine.read_text().replace(card(3), card(3, roles="[vp]") + "\n" + card(50)))
    lib = load_library(paths)
    assert lib.card("c-mine-050") is not None and lib.card("c-mine-003").roles == ("vp",)
    fresh = load_sources(builtin_files(), user_files(paths))
    assert [(c.id, c.front, c.roles, c.origin) for c in lib.cards] == [
        (c.id, c.front, c.roles, c.origin) for c in fresh.cards
    ]
    assert load_overview(paths).counts == fresh.counts_by_role()


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda t: t.replace("c-mine-004", "c-mine-002"), id="a duplicate id"),
        pytest.param(lambda t: t.replace("[rep, manager]", "[rep, mangaer]", 1), id="no role"),
        pytest.param(lambda t: t.replace("    front: What is metric 5?\n", ""), id="a problem"),
        pytest.param(lambda t: t + "roles:\n  - id: coach\n", id="another section"),
        pytest.param(lambda t: t.replace("cards:\n", "cards: []\n"), id="cannot be cut"),
    ],
)
def test_an_edit_a_patch_cannot_give_exactly_is_rebuilt(paths, edit):
    mine = paths.banks_dir / "mine.yaml"
    mine.write_text(bank(10))
    load_overview(paths)
    mine.write_text(edit(mine.read_text()))
    assert not patched(paths)
    overview = load_overview(paths)  # rebuilt, problems and all
    fresh = load_sources(builtin_files(), user_files(paths))
    assert overview.counts == fresh.counts_by_role()
    assert [str(p) for p in overview.problems] == [str(p) for p in fresh.problems]


def test_two_banks_changed_at_once_are_rebuilt(paths):
    one, two = paths.banks_dir / "a.yaml", paths.banks_dir / "b.yaml"
    one.write_text(bank(5))
    two.write_text(bank(5, start=10))
    load_overview(paths)
    one.write_text(one.read_text() + "# one\n")
    two.write_text(two.read_text() + "# two\n")
    assert not patched(paths)


def test_a_topic_left_without_a_card_is_rebuilt_and_reported(paths):
    mine = paths.banks_dir / "mine.yaml"
    mine.write_text(bank(4) + "\n" + card(9, tags="[rare]") + "topics:\n  - tag: rare\n")
    load_overview(paths)
    mine.write_text(mine.read_text().replace("tags: [rare]", "tags: [kpi]"))
    assert not patched(paths)
    assert any("rare" in p.detail for p in load_overview(paths).problems)


def test_a_damaged_layout_or_cache_is_rebuilt(paths):
    mine = paths.banks_dir / "mine.yaml"
    mine.write_text(bank(6))
    load_overview(paths)
    (cache_dir(paths) / LAYOUT_NAME).write_text('{"format": "salesops-drill-layout"')
    mine.write_text(mine.read_text() + "# a\n")
    assert not patched(paths)
    load_overview(paths)  # rebuilt, and the layout with it
    cache = cache_dir(paths) / CACHE_NAME
    cache.write_bytes(cache.read_bytes()[:-40] + b"x" * 40)
    mine.write_text(mine.read_text() + "# b\n")
    assert not patched(paths)
    lib = load_library(paths)
    assert len([c for c in lib.cards if c.id.startswith("c-mine-")]) == 6


def test_drill_shows_an_edited_card_at_once(banks_dir):
    """Through the CLI: a card's answer, roles and place as the bank now says."""
    import json

    from tests.helpers import run

    mine = banks_dir / "mine.yaml"
    mine.write_text(bank(30))
    assert run("cards", "list", "--json").exit_code == 0
    assert (banks_dir.parent / "cache" / LAYOUT_NAME).is_file()  # built, with its layout
    edited = card(5, roles="[vp]").replace("share of deals", "share of late deals")
    mine.write_text("# moved down a line\n" + mine.read_text().replace(card(5), edited))
    shown = run("cards", "show", "c-mine-005")
    assert shown.exit_code == 0 and "share of late deals" in shown.stdout
    rows = {row["id"]: row for row in json.loads(run("cards", "list", "--json").stdout)}
    assert rows["c-mine-005"]["roles"] == ["vp"]
    where = json.loads(run("cards", "show", "c-mine-020", "--json").stdout)
    line = mine.read_text().split("\n").index("  - id: c-mine-020") + 1
    assert where["origin"].endswith(f"mine.yaml:{line}")


def test_questions_after_the_cards_keep_their_lines_or_the_cache_is_rebuilt(paths):
    from tests.helpers import GOOD_QUESTION

    mine = paths.banks_dir / "mine.yaml"
    mine.write_text(bank(6) + GOOD_QUESTION)
    load_overview(paths)
    # A card's text changed in place: the question stays on its line.
    mine.write_text(mine.read_text().replace("metric 2?", "metric two?"))
    assert patched(paths)
    same_as_rebuilt(paths)
    # A line more in a card moves the question, whose line the cache holds too.
    mine.write_text(mine.read_text().replace("that close.\n", "that close,\n      or not.\n", 1))
    assert not patched(paths)
    lib = load_library(paths)
    fresh = load_sources(builtin_files(), user_files(paths))
    assert lib.question("q-test-one").origin == fresh.question("q-test-one").origin


def test_cutting_again_only_what_changed_gives_what_cutting_it_all_gives():
    """Characters and lines inserted, deleted and changed anywhere (section keys, the
    file's head, item marks): the items cut again around the change, with the others
    moved, are the items of the whole file cut afresh, or the edit is left to that."""
    from salesops_drill.cache_patch import _entry, _recut, split_keys
    from salesops_drill.item_cache import cut
    from tests.helpers import GOOD_QUESTION

    rng = random.Random(11)
    text = card_bank(12, prefix="c-mine") + GOOD_QUESTION + "topics:\n  - tag: kpi\n"
    fragments = ["x", "\n", "  - ", "- ", "#", ":", "    tags: [kpi]\n", "cards:\n", " ", "\r"]
    recut_used = 0
    for _ in range(400):
        pieces = cut(text)
        assert pieces is not None
        entry = _entry("bank.yaml", "", pieces, [p.key for p in pieces], text, False)
        keys = split_keys(entry["keys"])
        at, length = rng.randrange(len(text)), rng.choice([0, 0, 1, 3, 12])
        edited = text[:at] + rng.choice(fragments) * rng.randint(0, 2) + text[at + length :]
        found = _recut(entry, keys, text, edited)
        whole = cut(edited)
        if found is not None:
            recut_used += 1
            assert whole is not None, repr(edited[max(0, at - 40) : at + 40])
            fresh = _entry("bank.yaml", "", whole, [p.key for p in whole], edited, False)
            assert {k: found[0][k] for k in fresh} == fresh
            for n, piece in found[1].items():
                assert (piece.section, piece.start, piece.text) == (
                    whole[n].section,
                    whole[n].start,
                    whole[n].text,
                )
        if whole is not None:
            text = edited  # go on from any version that can be cut
    assert recut_used > 150  # most edits are cut again only where they are


def test_the_copy_of_a_removed_bank_goes_with_it(paths):
    from salesops_drill.cache_patch import COPIES_FOLDER

    one, two = paths.banks_dir / "a.yaml", paths.banks_dir / "b.yaml"
    one.write_text(bank(3))
    two.write_text(bank(3, start=10))
    load_overview(paths)
    copies = cache_dir(paths) / COPIES_FOLDER
    assert len(list(copies.iterdir())) == 2
    two.unlink()
    load_overview(paths)
    assert len(list(copies.iterdir())) == 1
