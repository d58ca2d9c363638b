"""``drill export anki``: the package is imported into a real Anki collection.

The ``anki`` package (a test-only dependency) is Anki's own engine, so these tests see
exactly what a user's Anki makes of the file: decks, fields, tags, and whether a newer
export updates notes or duplicates them.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageUpdateCondition

from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from tests.helpers import GOOD_QUESTION, run, write

BANK = (
    GOOD_QUESTION
    + """
cards:
  - id: c-test-html
    front: Is <b>bold</b> & "quoted" text escaped?
    back: |-
      First line
      Second line with [red]markup[/red]
    roles: [director, manager]
    tags: [kpi, two words]
"""
)


@pytest.fixture
def collection(tmp_path: Path):
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


def import_apkg(col: Collection, path: Path):
    """Import as Anki's File > Import does by default: update notes only if newer."""
    options = ImportAnkiPackageOptions(
        update_notes=ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        with_scheduling=False,
    )
    return col.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(path), options=options)
    )


def note_by_field(col: Collection, front_contains: str):
    (nid,) = [n for n in col.find_notes("") if front_contains in col.get_note(n)["Front"]]
    return col.get_note(nid)


def deck_of(col: Collection, note) -> str:
    (card,) = note.cards()
    return col.decks.name(card.did)


def test_every_question_and_card_becomes_one_note_in_its_role_deck(tmp_path, collection):
    out = tmp_path / "all.apkg"
    result = run("export", "anki", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    lib = load_library(resolve_paths())
    expected = len(lib.questions) + len(lib.cards)
    assert f"Wrote {expected} notes to {out}" in result.stdout

    import_apkg(collection, out)
    assert collection.note_count() == expected
    assert collection.card_count() == expected
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert names - {"Default"} == {
        "Sales Ops",
        "Sales Ops::Representative",
        "Sales Ops::Analyst",
        "Sales Ops::Senior Analyst",
        "Sales Ops::Manager",
        "Sales Ops::Director",
        "Sales Ops::VP",
    }
    assert "salesops-drill" in collection.models.all_names()
    model = collection.models.by_name("salesops-drill")
    assert [f["name"] for f in model["flds"]] == [
        "Front",
        "Back",
        "KeyPoints",
        "ModelAnswer",
        "Tags",
    ]
    # every note is findable by the app tag, and a question by its category
    assert len(collection.find_notes("tag:salesops-drill")) == expected
    behavioral = [q for q in lib.questions if q.category == "behavioral"]
    assert len(collection.find_notes("tag:category::behavioral")) == len(behavioral)


def test_fields_are_escaped_html_and_a_shared_card_goes_to_the_lowest_role(
    tmp_path, banks_dir, collection
):
    write(banks_dir / "mine.yaml", BANK)
    out = tmp_path / "two.apkg"
    result = run("export", "anki", "--role", "Director", "--role", "mgr", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    lib = load_library(resolve_paths())
    wanted = {"manager", "director"}
    expected = sum(1 for item in (*lib.questions, *lib.cards) if wanted & set(item.roles))
    import_apkg(collection, out)
    assert collection.note_count() == expected
    names = {d.name for d in collection.decks.all_names_and_ids()} - {"Default", "Sales Ops"}
    assert names == {"Sales Ops::Manager", "Sales Ops::Director"}

    card = note_by_field(collection, "escaped?")
    assert card["Front"] == "Is &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; text escaped?"
    assert card["Back"] == "First line<br>Second line with [red]markup[/red]"
    assert card["KeyPoints"] == "" and card["ModelAnswer"] == ""
    assert card["Tags"] == "kpi, two words"
    assert set(card.tags) == {
        "salesops-drill",
        "role::director",
        "role::manager",
        "kpi",
        "two-words",
    }
    assert deck_of(collection, card) == "Sales Ops::Manager"  # manager is below director

    question = note_by_field(collection, "cut the sales cycle")
    assert "<li>Measure first</li>" in question["KeyPoints"]
    assert "<li>Find the slow stage</li>" in question["KeyPoints"]
    assert "<b>Steps:</b>" in question["ModelAnswer"] and "<li>Pilot" not in question["Back"]
    assert question["Back"] == "What it tests: Structured thinking about cycle length."
    assert set(question.tags) == {"salesops-drill", "role::manager", "category::problem-solving"}
    assert deck_of(collection, question) == "Sales Ops::Manager"


def test_a_newer_export_updates_notes_instead_of_duplicating(
    tmp_path, banks_dir, collection, monkeypatch
):
    bank = write(banks_dir / "mine.yaml", BANK)
    first, second = tmp_path / "first.apkg", tmp_path / "second.apkg"
    yesterday = datetime.now(timezone.utc) - timedelta(days=1)
    monkeypatch.setenv("DRILL_NOW", yesterday.isoformat())
    assert run("export", "anki", "-r", "manager", "-o", str(first)).exit_code == 0
    import_apkg(collection, first)
    count = collection.note_count()
    original = note_by_field(collection, "escaped?")
    (card,) = original.cards()
    card.type, card.queue, card.ivl = 2, 2, 10  # as if studied in Anki: a 10-day interval
    card.due = collection.sched.today + 10
    collection.update_card(card)

    bank.write_text(bank.read_text().replace("First line", "A changed first line"))
    monkeypatch.delenv("DRILL_NOW")
    assert run("export", "anki", "-r", "manager", "-o", str(second)).exit_code == 0
    log = import_apkg(collection, second).log
    assert collection.note_count() == count  # no duplicates
    assert len(log.new) == 0
    updated = note_by_field(collection, "escaped?")
    assert updated.id == original.id
    assert updated["Back"].startswith("A changed first line<br>")
    assert collection.get_card(card.id).ivl == 10  # the Anki schedule survives the update

    # the same export imported again changes nothing at all
    again = import_apkg(collection, second).log
    assert collection.note_count() == count
    assert len(again.new) == 0 and len(again.updated) == 0


def test_the_same_content_gives_byte_stable_ids(tmp_path):
    """Deck and note-type ids are derived from names, note GUIDs from drill ids."""
    from salesops_drill.exchange.anki import build_notes, deck_name, stable_id

    lib = load_library(resolve_paths())
    assert stable_id("model") == stable_id("model")
    assert stable_id("deck:Sales Ops::Manager") != stable_id("deck:Sales Ops::VP")
    assert 1 << 30 <= stable_id("model") < 1 << 31
    assert deck_name(lib.roles.resolve("vp")) == "Sales Ops::VP"
    assert deck_name(lib.roles.resolve("senior-analyst")) == "Sales Ops::Senior Analyst"
    assert [n.id for n in build_notes(lib, ["vp"])] == [n.id for n in build_notes(lib, ["vp"])]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-o", "{tmp}/x.txt"], 2, "the output file must end in .apkg"),
        (["-o", "{tmp}"], 2, "must end in .apkg"),
        (["-o", "{tmp}/dir.apkg"], 2, "is a directory"),
        (["-o", "{tmp}/missing/x.apkg"], 1, "the folder {tmp}/missing does not exist"),
        (["-r", "boss", "-o", "{tmp}/x.apkg"], 2, "unknown role 'boss'"),
        ([], 2, "Missing option '--output'"),
    ],
)
def test_export_anki_errors(tmp_path, args, code, message):
    (tmp_path / "dir.apkg").mkdir()
    result = run("export", "anki", *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == code
    assert message.format(tmp=tmp_path) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.apkg").exists()
