"""Reflowing built-in text on export: soft line breaks become spaces, real ones stay."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesops_drill.bank import Card, KeyPoint, ModelAnswer, Question
from salesops_drill.exchange.anki import build_notes
from salesops_drill.exchange.csv_export import export_rows
from salesops_drill.library import Library, load_library
from salesops_drill.paths import builtin_data_dir, resolve_paths
from salesops_drill.reflow import reflow
from tests.helpers import run, write

WRAPPED = (
    "It unites the team, guides its attitudes and behaviour,\n"
    "and keeps a sense of purpose behind everything it does.\n"
    "\n"
    "Steps that follow:\n"
    "- define the process and\n"
    "  keep it short\n"
    "1 Choose the KPIs\n"
    "Win rate = won / (won + lost)\n"
    "Close rate = sales / prospects"
)


@pytest.mark.parametrize(
    ("text", "flowed"),
    [
        ("one line", "one line"),
        ("a sentence that\nwraps here.", "a sentence that wraps here."),
        ("trailing space   \n   and indent", "trailing space and indent"),
        ("It ends.\nA new paragraph (folded YAML's blank line).", None),
        ("First paragraph\n\nsecond paragraph", None),
        ("Intro that runs\n- a bullet\n* another\n• and one more", None),
        ("Steps\n1. one\n2) two\n3 three\na) four", None),
        ("Sales ops: the daily running\nSales enablement: the strategy", None),
        ("Model answer\nSituation: it was late", None),
        ("Coverage of 3x\nmeets the rule", None),
        ("Logo churn = lost / start\nRevenue churn = lost revenue / start", None),
        ("wrapped mid\r\nsentence with CRLF", "wrapped mid sentence with CRLF"),
        (
            WRAPPED,
            WRAPPED.replace("behaviour,\nand", "behaviour, and").replace("and\n  keep", "and keep"),
        ),
        ("Key points:\n  • Measure\n  • Fix\nModel answer:\n  Steps: one", None),
    ],
)
def test_reflow(text, flowed):
    assert reflow(text) == (text if flowed is None else flowed)


@given(st.text(alphabet=st.sampled_from("ab .:-1=\n\t ")))
def test_reflow_only_turns_line_breaks_into_spaces_and_is_stable(text):
    flowed = reflow(text.replace("\r", ""))
    assert reflow(flowed) == flowed
    assert flowed.count("\n") <= text.count("\n")
    squeeze = "".join(text.split())
    assert "".join(flowed.split()) == squeeze


def test_every_built_in_card_is_already_flowed():
    lib = load_library(resolve_paths(), use_cache=False)
    assert {c.id: c.back for c in lib.cards if reflow(c.back) != c.back} == {}


def _library(origin: str) -> Library:
    roles = load_library(resolve_paths()).roles
    card = Card("c-wrapped", "Why a\nmission?", WRAPPED, ("manager",), ("mission",), origin)
    question = Question(
        id="q-wrapped",
        prompt="How would you\nrun it?",
        category="technical",
        roles=("manager",),
        difficulty=2,
        what_it_tests="Whether you\nplan.",
        key_points=(KeyPoint("Plan the work\nfirst", ("plan",)),),
        model_answer=ModelAnswer((("steps", ("Measure the\nbaseline", "Fix it")),)),
        follow_ups=("Then?",),
        origin=origin,
    )
    return Library(roles, [question], [card])


BUILTIN = f"{builtin_data_dir() / 'cards' / 'best-practices.yaml'}:4"


def test_csv_export_reflows_built_in_text_only(tmp_path):
    rows = {r["id"]: r for r in export_rows(_library(BUILTIN))}
    assert rows["c-wrapped"]["front"] == "Why a mission?"
    assert rows["c-wrapped"]["back"] == reflow(WRAPPED)
    assert "behaviour, and keeps" in rows["c-wrapped"]["back"]
    assert "- define the process and keep it short\n1 Choose" in rows["c-wrapped"]["back"]
    question = rows["q-wrapped"]
    assert question["front"] == "How would you run it?"
    assert "  • Plan the work first\n" in question["back"]
    assert "    1. Measure the baseline\n    2. Fix it" in question["back"]

    mine = {r["id"]: r for r in export_rows(_library(f"{tmp_path / 'mine.yaml'}:4"))}
    assert mine["c-wrapped"]["back"] == WRAPPED  # the user's own text: exactly as written
    assert mine["q-wrapped"]["front"] == "How would you\nrun it?"


def test_anki_export_reflows_built_in_text_only(tmp_path):
    notes = {n.id: n for n in build_notes(_library(BUILTIN))}
    card = notes["c-wrapped"]
    assert "behaviour, and keeps" in card.fields[1]
    assert "behaviour,<br>and" not in card.fields[1]
    assert (
        "<br><br>Steps that follow:<br>- define the process and keep it short<br>"
        in (card.fields[1])
    )
    question = notes["q-wrapped"]
    assert question.fields[0] == "How would you run it?"
    assert "Whether you plan." in question.fields[1]
    assert "<li>Plan the work first</li>" in question.fields[2]
    assert "<li>Measure the baseline</li>" in question.fields[3]

    mine = {n.id: n for n in build_notes(_library(f"{tmp_path / 'mine.yaml'}:4"))}
    assert "behaviour,<br>and keeps" in mine["c-wrapped"].fields[1]


def test_a_users_wrapped_card_exports_and_imports_back_exactly(tmp_path, banks_dir):
    write(
        banks_dir / "mine.yaml",
        """
        cards:
          - id: c-mine-wrapped
            front: Mine
            back: |-
              wrapped by
              hand
            roles: [all]
            tags: [x]
        """,
    )
    out = tmp_path / "all.csv"
    assert run("export", "csv", "-o", str(out)).exit_code == 0
    with out.open(newline="", encoding="utf-8-sig") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert rows["c-mine-wrapped"]["back"] == "wrapped by\nhand"
    again = run("import", "csv", str(out))
    assert again.exit_code == 0, again.stderr
    assert f"0 added, 0 edited, {len(rows)} unchanged" in again.stdout
