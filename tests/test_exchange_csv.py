"""``drill export csv`` and ``drill import csv``: round trips, bad rows, re-imports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from salesops_drill.exchange.csvbank import derive_id
from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from salesops_drill.review import select_cards
from tests.helpers import run, write

TRICKY = [
    "[red]not markup[/red]",
    "key: value # not a comment",
    "- not a list item",
    "'single' and \"double\" quotes, a comma, a; semicolon",
    "Zürich → Ünïcödé, 東京",
    "multi\nline\n  indented\ttab",
    "yes",
    "123",
    "null",
    "@at & *star !bang %percent {brace}",
    "trailing space \nnext line",
    "first\n\n\nthree blank lines above",
    "  indented first line\nsecond",
    "ends with a colon:",
    "--- a document marker\n...",
]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        csv.writer(fh).writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def lib_cards(bank: str = "") -> dict[str, tuple]:
    """Cards from the user's banks (optionally one bank): id -> (front, back, tags, roles)."""
    lib = load_library(resolve_paths(), use_cache=False)
    return {
        c.id: (c.front, c.back, c.tags, c.roles)
        for c in lib.cards
        if "/banks/" in c.origin and (not bank or f"/banks/{bank}.yaml:" in c.origin)
    }


def test_round_trip_gives_the_same_cards(tmp_path, banks_dir):
    cards = [
        {
            "id": f"c-tricky-{i}",
            "front": f"Front {i}: {text}",
            "back": text,
            "roles": [["manager", "director"], ["all"], ["rep"]][i % 3],
            "tags": ["tricky", f"t{i}", "two words"],
        }
        for i, text in enumerate(TRICKY)
    ]
    (banks_dir / "mine.yaml").write_text(
        yaml.safe_dump({"cards": cards}, allow_unicode=True), encoding="utf-8"
    )
    before = lib_cards("mine")
    assert len(before) == len(TRICKY)

    out = tmp_path / "mine.csv"
    # rep is not exported below: those cards are expected to be left out
    result = run("export", "csv", "-r", "manager", "-r", "director", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    rows = read_csv(out)
    assert list(rows[0]) == ["id", "front", "back", "tags", "roles"]
    exported = {r["id"] for r in rows}
    assert {c["id"] for c in cards if c["roles"] != ["rep"]} <= exported
    assert not {c["id"] for c in cards if c["roles"] == ["rep"]} & exported

    # Keep only our cards, move the bank away, and import the file back.
    mine = [r for r in rows if r["id"].startswith("c-tricky-")]
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(mine)
    (banks_dir / "mine.yaml").unlink()
    result = run("import", "csv", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Imported {out}: {len(mine)} added, 0 edited, 0 unchanged",
        f"  {banks_dir / 'mine.yaml'}: {len(mine)} added",
    ]
    after = lib_cards("mine")
    assert after == {k: v for k, v in before.items() if k in after}
    assert set(after) == {r["id"] for r in mine}


def test_questions_are_exported_as_their_review_cards(tmp_path):
    out = tmp_path / "all.csv"
    assert run("export", "csv", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 then
    rows = {r["id"]: r for r in read_csv(out)}
    lib = load_library(resolve_paths())
    assert len(rows) == len(lib.cards) + len(lib.questions)
    review = {c.id: c for c in select_cards(lib)}
    q = lib.questions[0]
    assert rows[q.id]["front"] == q.prompt
    assert rows[q.id]["back"] == review[q.id].back
    assert "Key points:" in rows[q.id]["back"] and "Model answer:" in rows[q.id]["back"]
    assert q.category in rows[q.id]["tags"].split("; ")
    every_role = [c for c in lib.cards if len(c.roles) == len(lib.roles)]
    assert rows[every_role[0].id]["roles"] == "all"


def test_imported_cards_load_review_and_validate(tmp_path, banks_dir):
    src = write_csv(
        tmp_path / "My Cards!.csv",
        [
            ["Front", "Back", "Tags", "Roles"],
            ["What is ARR?", "Annual recurring revenue.", "kpi; saas", "manager; VP of Sales Ops"],
            ["What is NRR?", "Net revenue retention.", "", ""],
        ],
    )
    result = run("import", "csv", str(src), "--role", "analyst")
    assert result.exit_code == 0, result.stderr
    bank = banks_dir / "my-cards.yaml"
    assert f"Imported {src}: 2 added, 0 edited, 0 unchanged" in result.stdout
    assert f"  {bank}: 2 added" in result.stdout
    arr, nrr = derive_id("What is ARR?"), derive_id("What is NRR?")
    assert arr.startswith("u-what-is-arr-")

    lib = load_library(resolve_paths())
    assert lib.card(arr).roles == ("manager", "vp")
    assert lib.card(arr).tags == ("kpi", "saas")
    assert lib.card(nrr).roles == ("analyst",)  # --role fills rows without roles
    assert lib.card(nrr).tags == ("imported",)
    assert nrr in {c.id for c in select_cards(lib, "analyst")}
    assert nrr not in {c.id for c in select_cards(lib, "manager")}
    assert arr in {c.id for c in select_cards(lib, "vp")}
    check = run("bank", "validate", str(bank))
    assert check.exit_code == 0, check.stdout
    assert not list(banks_dir.glob(".*"))  # no temp file left behind


def test_rows_without_roles_default_to_every_role(tmp_path, banks_dir):
    src = write_csv(tmp_path / "x.csv", [["front", "back"], ["A?", "B."]])
    assert run("import", "csv", str(src)).exit_code == 0
    lib = load_library(resolve_paths())
    assert lib.card(derive_id("A?")).roles == tuple(lib.roles.ids)


def test_reimport_edits_and_never_duplicates(tmp_path, banks_dir):
    rows = [["front", "back"], ["Q1?", "A1."], ["Q2?", "A2."]]
    src = write_csv(tmp_path / "deck.csv", rows)
    assert run("import", "csv", str(src)).exit_code == 0
    first = (banks_dir / "deck.yaml").stat()
    again = run("import", "csv", str(src))
    assert again.exit_code == 0
    assert again.stdout == f"Imported {src}: 0 added, 0 edited, 2 unchanged\n"
    after = (banks_dir / "deck.yaml").stat()
    assert (after.st_ino, after.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)  # untouched

    write_csv(src, [["front", "back"], ["Q1?", "A1 changed."], ["Q3?", "A3."]])
    third = run("import", "csv", str(src))
    assert third.exit_code == 0, third.stderr
    assert third.stdout.splitlines() == [
        f"Imported {src}: 1 added, 1 edited, 0 unchanged",
        f"  {banks_dir / 'deck.yaml'}: 1 added, 1 edited, progress kept",
    ]
    cards = lib_cards("deck")
    assert len(cards) == 3
    assert cards[derive_id("Q1?")][1] == "A1 changed."
    assert run("bank", "validate").exit_code == 0


def test_id_column_is_used_and_checked(tmp_path, banks_dir):
    src = write_csv(
        tmp_path / "ids.csv",
        [
            ["id", "front", "back"],
            ["c-mine-one", "One?", "1."],
            ["Bad Id", "Two?", "2."],
            ["c-mine-one", "Three?", "3."],
            ["c-kpis-cac-formula", "Four?", "4."],
        ],
    )
    result = run("import", "csv", str(src))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"{src}:3: id 'Bad Id' must be 2-64 characters")
    assert errors[1] == f"{src}:4: duplicate id 'c-mine-one' (also on line 2)"
    # A built-in id with other text is an edit of that card (see test_csv_round_trip.py).
    assert errors[2] == (
        f"drill: error: 2 problems in 2 rows of {src}; nothing imported "
        "(fix them, or use --skip-invalid to import the 2 valid rows)"
    )
    assert not (banks_dir / "ids.yaml").exists()


def test_a_changed_row_of_another_imported_bank_is_edited_in_that_bank(tmp_path, banks_dir):
    first = write_csv(tmp_path / "other.csv", [["id", "front", "back"], ["c-other-one", "F", "B"]])
    assert run("import", "csv", str(first)).exit_code == 0  # banks/other.yaml, an import's
    src = write_csv(tmp_path / "new.csv", [["id", "front", "back"], ["c-other-one", "F2", "B2"]])
    result = run("import", "csv", str(src))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Imported {src}: 0 added, 1 edited, 0 unchanged",
        f"  {banks_dir / 'other.yaml'}: 1 edited, progress kept",
    ]
    assert lib_cards("other")["c-other-one"][:2] == ("F2", "B2")
    assert not (banks_dir / "new.yaml").exists()


def test_id_owned_by_a_hand_written_bank_is_never_imported_over(tmp_path, banks_dir):
    write(
        banks_dir / "other.yaml",
        """
        cards:
          - id: c-other-one
            front: F
            back: B
            roles: [all]
            tags: [x]
        """,
    )
    src = write_csv(tmp_path / "new.csv", [["id", "front", "back"], ["c-other-one", "F2", "B2"]])
    result = run("import", "csv", str(src))
    assert result.exit_code == 1
    assert "that bank is hand-written, so import never rewrites it; give the row a new id" in (
        result.stderr
    )


def test_bad_rows_are_reported_with_their_line_and_nothing_is_imported(tmp_path, banks_dir):
    src = write_csv(
        tmp_path / "bad.csv",
        [
            ["front", "back", "roles"],
            ["", "an answer", ""],
            ["a question", "", "managr"],
            ["multi\nline front", "fine", "manager"],
            ["a,b", "c", "manager, director"],
            ["Good?", "Yes.", "director"],
        ],
    )
    result = run("import", "csv", str(src))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[:4] == [
        f"{src}:2: missing front: every card needs a front (the question or term)",
        f"{src}:3: missing back: every card needs a back (the answer)",
        f"{src}:3: unknown role 'managr' (known: rep, analyst, senior-analyst, manager, "
        "director, vp, all); did you mean 'manager'?",
        f"{src}:6: roles 'manager, director': separate roles with ';', e.g. analyst; manager",
    ]  # line 6: the quoted cell on line 4 spans two lines
    assert lines[4] == (
        f"drill: error: 4 problems in 3 rows of {src}; nothing imported "
        "(fix them, or use --skip-invalid to import the 2 valid rows)"
    )
    assert not (banks_dir / "bad.yaml").exists()

    skipped = run("import", "csv", str(src), "--skip-invalid")
    assert skipped.exit_code == 0
    assert "2 added, 0 edited, 0 unchanged, 3 invalid rows skipped" in skipped.stdout
    assert f"{src}:2: missing front" in skipped.stderr  # still told what was skipped
    cards = lib_cards("bad")
    assert {v[0] for v in cards.values()} == {"multi\nline front", "Good?"}


def test_too_many_cells_hints_at_quoting(tmp_path):
    src = tmp_path / "cells.csv"
    src.write_text("front,back\nWhat is 1,000?,A thousand\n", encoding="utf-8")
    result = run("import", "csv", str(src))
    assert result.exit_code == 1
    assert f"{src}:2: the row has 3 cells but the header names 2 columns" in result.stderr
    assert "double quotes" in result.stderr


def test_skip_invalid_with_no_valid_row_imports_nothing(tmp_path, banks_dir):
    src = write_csv(tmp_path / "none.csv", [["front", "back"], ["", "x"]])
    result = run("import", "csv", str(src), "--skip-invalid")
    assert result.exit_code == 1
    assert "nothing to import" in result.stderr
    assert not (banks_dir / "none.yaml").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "{src}:1: the file is empty; expected a header row such as id,front,back,tags,roles"),
        (b"\n \n", "{src}:1: the file is empty"),
        (b"\xef\xbb\xbf", "{src}:1: the file is empty"),
        (
            b"front,back\nfine,row\ncaf\xe9,au lait\n",
            "{src}:3: not valid UTF-8 (byte 0xe9 at offset 23); save the file as CSV UTF-8",
        ),
        ("front,back\nx,y\n".encode("utf-16"), "{src}:1: the file is UTF-16"),
        (b"front,back\n", "{src}:2: no cards: the file has a header but no rows"),
        (
            b"front,answer\nx,y\n",
            "{src}:1: missing column back: the header row must name front and back (optional: "
            "id, tags, roles, category); 'answer' is not a column drill knows",
        ),
        (b"front,back,comment\nx,y,z\n", "{src}:1: unknown column 'comment'; known: id, front"),
        (b"What is CAC?,Cost\n", "{src}:1: missing columns front, back: the header row"),
        (b"front,bakc\nx,y\n", "{src}:1: unknown column 'bakc' (did you mean 'back'?)"),
        (b"front,back,front\nx,y,z\n", "{src}:1: column 'front' appears twice"),
        (b"front;back\nx;y\n", "{src}:1: the header is one column; separate columns with commas"),
        (b'front,back\n"x\0y",z\n', "{src}:2: the file holds a NUL byte"),
    ],
)
def test_file_level_problems_are_one_line(tmp_path, banks_dir, content, message):
    src = tmp_path / "cards.csv"
    src.write_bytes(content)
    result = run("import", "csv", str(src), "--skip-invalid")
    assert result.exit_code == 1
    assert result.stderr.startswith("drill: error: " + message.format(src=src))
    assert len(result.stderr.splitlines()) == 1
    assert not (banks_dir / "cards.yaml").exists()


def test_import_usage_errors(tmp_path, banks_dir):
    missing = run("import", "csv", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and f"no such file: {tmp_path / 'nope.csv'}" in missing.stderr
    folder = run("import", "csv", str(tmp_path))
    assert folder.exit_code == 2 and "is a directory" in folder.stderr
    src = write_csv(tmp_path / "x.csv", [["front", "back"], ["a", "b"]])
    role = run("import", "csv", str(src), "--role", "boss")
    assert role.exit_code == 2 and "unknown role 'boss'" in role.stderr
    name = run("import", "csv", str(src), "--bank", "!!!")
    assert name.exit_code == 2 and "'!!!' cannot name a bank" in name.stderr
    assert not list(banks_dir.iterdir())


def test_refuses_to_rewrite_a_hand_written_bank(tmp_path, banks_dir):
    from tests.helpers import GOOD_QUESTION

    mine = write(banks_dir / "mine.yaml", GOOD_QUESTION)
    before = mine.read_bytes()
    src = write_csv(tmp_path / "x.csv", [["front", "back"], ["a", "b"]])
    result = run("import", "csv", str(src), "--bank", "mine")
    assert result.exit_code == 1
    assert "is not a bank of cards written by 'drill import csv'" in result.stderr
    assert mine.read_bytes() == before


@pytest.mark.parametrize(
    "text",
    [
        "# My own interview cards: keep these notes!\ncards:\n  - id: c-mine\n    front: f\n"
        "    back: b  # why this answer\n    roles: [all]\n    tags: [mine]\n",
        "# only notes so far\n",
    ],
    ids=["cards-with-comments", "comments-only"],
)
def test_import_never_rewrites_a_hand_written_cards_bank(tmp_path, banks_dir, text):
    mine = banks_dir / "mine.yaml"
    mine.write_text(text, encoding="utf-8")
    src = write_csv(tmp_path / "x.csv", [["front", "back"], ["a", "b"]])
    result = run("import", "csv", str(src), "--bank", "mine")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"drill: error: {mine} is not a bank of cards written by 'drill import csv'; "
        "choose another bank name with --bank"
    )
    assert mine.read_text(encoding="utf-8") == text
    into_own = run("import", "csv", str(src), "--bank", "mine-imported")
    assert into_own.exit_code == 0, into_own.stderr
    again = run("import", "csv", str(src), "--bank", "mine-imported")  # its own: merged
    assert again.exit_code == 0 and "0 added, 0 edited, 1 unchanged" in again.stdout


def test_export_csv_errors(tmp_path):
    assert run("export", "csv", "-o", str(tmp_path / "x.apkg")).exit_code == 2
    bad = run("export", "csv", "-o", str(tmp_path / "no" / "x.csv"))
    assert bad.exit_code == 1 and "does not exist" in bad.stderr
    role = run("export", "csv", "-r", "nobody", "-o", str(tmp_path / "x.csv"))
    assert role.exit_code == 2 and "unknown role 'nobody'" in role.stderr


def test_derived_ids_are_stable_and_valid():
    import re

    from salesops_drill.schema import ID_PATTERN

    for front in ["What is CAC?", "東京", "x" * 300, "  --  ", "Ünïcode"]:
        cid = derive_id(front)
        assert re.match(ID_PATTERN, cid), cid
        assert cid == derive_id(front)
    assert derive_id("What is CAC?") != derive_id("What is CAC")


@pytest.mark.parametrize(
    "args",
    [
        ["export"],
        ["export", "anki"],
        ["export", "csv"],
        ["export", "progress"],
        ["import"],
        ["import", "csv"],
        ["backup"],
        ["restore"],
    ],
)
def test_every_exchange_command_has_help_with_an_example(args):
    result = run(*args, "--help")
    assert result.exit_code == 0
    assert "Example: drill" in result.stdout


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00")))
@example("a\x85b")  # PyYAML folds NEL in a single-quoted scalar into a space
@example("a\u2028b\nc\rd")
@example("trailing \nspace")
def test_any_text_round_trips_through_the_written_bank(tmp_path_factory, text):
    """Whatever a CSV cell holds reads back from the YAML bank exactly (after strip)."""
    from salesops_drill.content_fields import validate_node
    from salesops_drill.content_yaml import parse_file
    from salesops_drill.userbank import dump_bank, imported_header

    value = text.strip()
    assume(value)
    card = {"id": "c-x", "front": value, "back": value, "roles": ["all"], "tags": [value]}
    path = tmp_path_factory.mktemp("bank") / "b.yaml"
    path.write_text(dump_bank([card], imported_header("cards.csv")), encoding="utf-8")
    node, fc = parse_file(path)
    assert node is not None, fc.problems
    validate_node(node, fc)
    assert not fc.problems
    ((loaded, _),) = fc.cards
    assert loaded == card


# ---------------------------------------------------------------- spreadsheet formulas

FORMULAS = [
    '=HYPERLINK("https://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "'=already marked by hand",
    "''=two marks",
    "'plain apostrophe",
    "a=b is fine",
]


def test_export_neutralises_formulas_and_import_restores_the_text(tmp_path, banks_dir):
    cards = [
        {"id": f"c-f-{i}", "front": text, "back": f"back {text}", "roles": ["all"], "tags": [text]}
        for i, text in enumerate(FORMULAS)
    ]
    cards.append({"id": "c-f-back", "front": "f", "back": "=1+1", "roles": ["all"], "tags": ["x"]})
    (banks_dir / "sheet.yaml").write_text(
        yaml.safe_dump({"cards": cards}, allow_unicode=True), encoding="utf-8"
    )
    before = lib_cards("sheet")
    out = tmp_path / "sheet.csv"
    assert run("export", "csv", "-o", str(out)).exit_code == 0
    rows = {r["id"]: r for r in read_csv(out)}
    for row in rows.values():
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows["c-f-0"]["front"] == "'" + FORMULAS[0]
    assert rows["c-f-4"]["front"] == "''=already marked by hand"
    assert rows["c-f-6"]["front"] == "'plain apostrophe"  # no formula: left alone
    assert rows["c-f-back"]["back"] == "'=1+1"

    mine = [r for r in read_csv(out) if r["id"].startswith("c-f-")]  # as written, marks kept
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(mine[0]))
        writer.writeheader()
        writer.writerows(mine)
    (banks_dir / "sheet.yaml").unlink()
    result = run("import", "csv", str(out), "--bank", "sheet")
    assert result.exit_code == 0, result.stderr
    after = lib_cards("sheet")
    assert after == before


@settings(max_examples=300, deadline=None)
@given(st.text())
@example("=1")
@example("'=1")
@example("''''-x")
def test_formula_mark_round_trips(text):
    from salesops_drill.exchange.csvbank import neutralise, restore_text

    cell = neutralise(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore_text(cell) == text
