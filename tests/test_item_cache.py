"""Checked items kept by their text (item_cache.py): after any edit, a file checked with
kept items gives exactly what parsing the whole file gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from salesops_drill.content_fields import validate_node
from salesops_drill.content_yaml import FileContent, parse_file
from salesops_drill.item_cache import ItemCache, cut
from salesops_drill.paths import builtin_files
from tests.helpers import card_bank, card_item


def plain(path: Path) -> FileContent:
    node, fc = parse_file(path)
    if node is not None:
        validate_node(node, fc)
    return fc


def same(a: FileContent, b: FileContent) -> None:
    assert a.path == b.path and a.builtin == b.builtin and a.edits == b.edits
    for name in ("roles", "questions", "cards", "topics", "role_refs"):
        assert getattr(a, name) == getattr(b, name), name
    assert [(p.line, p.detail) for p in a.problems] == [(p.line, p.detail) for p in b.problems]


def checked(cache: ItemCache, path: Path) -> FileContent:
    fc = cache.check(path)
    same(fc, plain(path))
    return fc


@pytest.fixture
def cache(tmp_path: Path) -> ItemCache:
    return ItemCache(tmp_path / "items", "stamp-1")


def card(i: int, roles: str = "[rep, manager]") -> str:
    return card_item(i, roles)


def bank(n: int, start: int = 0) -> str:
    return card_bank(n, start)


def test_every_built_in_file_reads_the_same_cut_or_whole(cache):
    for path in builtin_files():
        assert cut(path.read_text()) is not None, path  # all are laid out to be cut
        checked(cache, path)  # the first time: parsed whole, shared out by item
        checked(cache, path)  # then from the kept items


def test_an_edit_reparses_only_what_changed_and_lines_follow(cache, tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text(bank(12))
    checked(cache, path)
    # Inserted at the top: every later item moves down five lines.
    path.write_text(bank(12).replace("cards:\n", "cards:\n" + card(99)))
    fc = checked(cache, path)
    assert fc.cards[0][0]["id"] == "c-card-099" and fc.cards[1][1] == 3 + 7
    # One card's text changed, one removed, a comment added at the end.
    text = path.read_text().replace("metric 5?", "metric five?").replace(card(7), "")
    path.write_text(text + "# the end\n")
    fc = checked(cache, path)
    assert "c-card-007" not in [item["id"] for item, _ in fc.cards]
    assert any(item["front"] == "What is metric five?" for item, _ in fc.cards)


def test_kept_items_are_used_for_unchanged_text(cache, tmp_path):
    """Proof the cache is read: a kept result altered by hand shows (the text it was
    kept for is unchanged), until that text changes."""
    path = tmp_path / "bank.yaml"
    path.write_text(bank(10))
    checked(cache, path)
    kept = next((tmp_path / "items").iterdir())
    kept.write_bytes(kept.read_bytes().replace(b"What is metric 4?", b"What is metric IV?"))
    path.write_text(bank(10) + "# touched\n")  # the file changed: it is read again
    fronts = [item["front"] for item, _ in cache.check(path).cards]
    assert "What is metric IV?" in fronts
    path.write_text(bank(10).replace("metric 4?", "metric 4 ?"))
    checked(cache, path)


def test_kept_items_of_other_code_or_damaged_are_not_used(tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text(bank(6))
    checked(ItemCache(tmp_path / "items", "stamp-1"), path)
    kept = next((tmp_path / "items").iterdir())
    kept.write_bytes(kept.read_bytes().replace(b"What is metric 2?", b"Changed"))
    path.write_text(bank(6) + "\n")
    checked(ItemCache(tmp_path / "items", "stamp-2"), path)  # other code: not used
    for damage in (
        b"not json at all",
        b'[{"\\u0000c":"Card","\\u0000f":[]},0,[]]',
        b"[" * 100_000 + b"]" * 100_000,  # nested past the decoder's depth
    ):
        lines = kept.read_bytes().split(b"\n")
        lines[1] = lines[1].partition(b" ")[0] + b" " + damage  # a key still in the file
        kept.write_bytes(b"\n".join(lines))
        path.write_text(path.read_text() + "\n")
        checked(ItemCache(tmp_path / "items", "stamp-1"), path)
    lines = kept.read_bytes().split(b"\n")
    lines[1] = lines[1] + b"," + lines[2].partition(b" ")[2]  # one line, two results
    kept.write_bytes(b"\n".join(lines))
    path.write_text(path.read_text() + "# once more\n")
    checked(ItemCache(tmp_path / "items", "stamp-1"), path)
    lines = kept.read_bytes().split(b"\n")
    for i in range(1, len(lines)):  # every kept result replaced by one of another shape
        key = lines[i].partition(b" ")[0]
        lines[i] = key + b' [{"\\u0000c":"Item","\\u0000f":[1,2,3,4]},0,[]]'
    kept.write_bytes(b"\n".join(lines))
    path.write_text(path.read_text() + "# again\n")
    checked(ItemCache(tmp_path / "items", "stamp-1"), path)


B = bank(12)
#: Versions of a twelve-card bank: most change one item (read item by item), some
#: change the layout (read whole).
LAYOUTS = {
    "flow list": "cards: [{id: c-aa, front: F, back: B, roles: [rep], tags: [t]}]\n",
    "document marker": "---\n" + B,
    "anchor across items": B.replace("  - id: c-card-001", "  - &one\n    id: c-card-001")
    + "  - id: c-bb\n    front: *one\n",
    "anchor in one item": B.replace(
        "    front: What is metric 3?\n    back: >-\n      Metric 3 is the share of deals\n"
        "      that close.\n",
        "    front: &f What is metric 3?\n    back: *f\n",
    ),
    "repeated section": B + "cards:\n" + card(50),
    "unknown section": B + "notes:\n  - hello\n",
    "section without items": "cards:\ntopics:\n  - tag: kpi\n",
    "text before an item": B.replace("cards:\n", "cards:\n  hello: there\n"),
    "bad indentation": B + "   - id: c-odd\n",
    "item at column 0 among indented ones": B + "- id: c-odd\n",
    "syntax error in one item": B.replace("front: What is metric 1?", 'front: "open'),
    "problem in one item": B.replace("roles: [rep, manager]", "roles: rep", 1),
    "two items in one": B.replace("    tags: [kpi, t1]\n", "    tags: [kpi, t1]\n   - x\n"),
    "duplicate key": B.replace("    tags: [kpi, t1]\n", "    tags: [kpi]\n    tags: [x]\n"),
    "python tag": B.replace("front: What is metric 1?", "front: !!python/name:os.system"),
    "quoted text over lines": B.replace(
        "front: What is metric 1?", 'front: "What is\n  - id: c-fake\n  metric?"'
    ),
    "crlf": B.replace("\n", "\r\n"),
    "empty": "",
    "items at column 0": "cards:\n- id: c-aa\n  front: F\n  back: B\n  roles: [rep]\n  tags: [t]\n",
    "dash alone": B.replace("  - id: c-card-004", "  -\n    id: c-card-004"),
    "an item that is a list": B.replace("  - id: c-card-004", "  - - 1\n    - 2\n  - id: c-x"),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_any_layout_reads_as_the_whole_file_reads(cache, tmp_path, name):
    path = tmp_path / "bank.yaml"
    path.write_text(B)
    checked(cache, path)  # items of a clean version kept first
    path.write_bytes(LAYOUTS[name].encode())
    checked(cache, path)
    path.write_bytes((LAYOUTS[name] + "# again\n").encode())
    checked(cache, path)


def test_random_edits_read_as_the_whole_file_reads(cache, tmp_path):
    """Lines inserted, deleted, changed and moved at random (many edits leave broken
    YAML or a broken card): every version reads exactly as a whole-file parse."""
    rng = random.Random(17)
    path = tmp_path / "bank.yaml"
    lines = (bank(15) + "topics:\n  - tag: kpi\n").split("\n")
    extras = [
        "# a comment",
        "",
        "  - id: c-new-x",
        "    front: Added?",
        "      indented text",
        "    roles: [analyst]",
        "  # indented comment",
        "questions:",
        "    back: |",
        "- id: c-col0",
        '    front: "unterminated',
        "    tags: [kpi]",
    ]
    for _ in range(150):
        action = rng.random()
        at = rng.randrange(len(lines) + 1)
        if action < 0.3:
            lines.insert(at, rng.choice(extras))
        elif action < 0.5 and len(lines) > 3:
            del lines[min(at, len(lines) - 1)]
        elif action < 0.8:
            i = min(at, len(lines) - 1)
            lines[i] = lines[i].replace("metric", rng.choice(["rate", "metric", "KPI"]))
        else:
            i, j = sorted(rng.sample(range(len(lines)), 2))
            lines[i], lines[j] = lines[j], lines[i]
        path.write_text("\n".join(lines))
        checked(cache, path)


def test_what_is_kept_for_a_deleted_file_goes(cache, tmp_path):
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text(bank(3))
    two.write_text(bank(3, start=10))
    checked(cache, one)
    checked(cache, two)
    assert len(list((tmp_path / "items").iterdir())) == 2
    cache.prune([one])
    assert [p.name for p in (tmp_path / "items").iterdir()] == [cache._path(one).name]


def test_the_library_after_an_edit_is_the_library_read_afresh(tmp_path):
    from dataclasses import asdict

    from salesops_drill.library import load_library
    from salesops_drill.library_build import load_sources
    from salesops_drill.paths import Paths, user_files

    paths = Paths(tmp_path / "home")
    paths.banks_dir.mkdir(parents=True)
    mine = paths.banks_dir / "mine.yaml"
    mine.write_text(bank(20))
    load_library(paths)  # builds the content cache, keeps every file's items
    assert (paths.data_dir / "cache" / "items").is_dir()
    for edit in (
        lambda t: t.replace("metric 7?", "metric seven?"),
        lambda t: t.replace("cards:\n", "cards:\n" + card(77)),
        lambda t: t.replace(card(3), ""),
        lambda t: t.replace("roles: [rep, manager]", "roles: [vp]", 1),
    ):
        mine.write_text(edit(mine.read_text()))
        lib = load_library(paths)
        fresh = load_sources(builtin_files(), user_files(paths))
        assert [asdict(c) for c in lib.cards] == [asdict(c) for c in fresh.cards]
        assert lib.questions == fresh.questions and lib.topics == fresh.topics
        assert not lib.problems


def test_a_star_in_the_text_is_no_alias_and_the_file_is_kept(cache, tmp_path):
    path = tmp_path / "bank.yaml"
    path.write_text(bank(6).replace("share of deals", "share * 100 of deals"))
    checked(cache, path)
    kept = cache._path(path)
    assert len(kept.read_bytes().split(b"\n")) == 1 + 6  # a header and the six items
