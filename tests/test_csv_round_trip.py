"""The honest CSV round trip: export, change a few rows in a spreadsheet, import back.

Rows as exported are skipped, a changed row of an existing card becomes the user's
version of that card (same id, progress kept), new rows are added, and importing the
same file twice changes nothing.
"""

from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path

from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from salesops_drill.review import select_cards
from salesops_drill.scheduler import CardState, Scheduler
from salesops_drill.store import Store
from salesops_drill.userbank import EDITS_MARK
from tests.helpers import run, write

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
CARD = "c-kpis-cac-formula"


def export(path: Path) -> list[dict[str, str]]:
    result = run("export", "csv", "-o", str(path), "--force")
    assert result.exit_code == 0, result.stderr
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def save_like_excel(path: Path, rows: list[dict[str, str]]) -> None:
    """As Excel saves "CSV UTF-8": a byte-order mark, CRLF after every row, and CRLF
    inside a multi-line cell too."""
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({k: v.replace("\n", "\r\n") for k, v in row.items()} for row in rows)


def line_of(rows: list[dict[str, str]], index: int) -> int:
    """The line row ``index`` starts on: after the header and every line of the rows above."""
    return 2 + index + sum(cell.count("\n") for row in rows[:index] for cell in row.values())


def review_once(card_id: str) -> CardState:
    with Store.open(resolve_paths().progress_db) as store:
        state = Scheduler(enable_fuzzing=False).review(CardState.new(card_id), 3, NOW)
        store.record_review(state, 3, NOW, 1000)
        return state


def test_export_edit_add_import_and_import_again(tmp_path, banks_dir):
    state = review_once(CARD)
    sheet = tmp_path / "q.csv"
    rows = export(sheet)
    total = len(rows)
    by_id = {r["id"]: r for r in rows}
    by_id[CARD]["back"] = "CAC = sales and marketing spend / new customers won.\nMy note."
    rows.append(
        {"id": "", "front": "What is ARR?", "back": "Annual recurring revenue.", "tags": "kpi"}
        | {"roles": "manager"}
    )
    save_like_excel(sheet, rows)
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")

    result = run("import", "csv", str(sheet))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    edits = banks_dir / "edited-cards.yaml"
    assert result.stdout.splitlines() == [
        f"Imported {sheet}: 1 added, 1 edited, {total - 1} unchanged",
        f"  {edits}: 1 edited, progress kept",
        f"  {banks_dir / 'q.yaml'}: 1 added",
    ]
    assert edits.read_text(encoding="utf-8").startswith(EDITS_MARK)

    lib = load_library(resolve_paths(), use_cache=False)
    assert lib.problems == []
    card = lib.card(CARD)
    assert card.back == "CAC = sales and marketing spend / new customers won.\nMy note."
    assert card.origin.startswith(str(edits))
    assert [c.id for c in lib.cards].count(CARD) == 1  # replaced, not added beside it
    reviewed = {c.id: c for c in select_cards(lib)}
    assert reviewed[CARD].back == card.back  # review shows the user's version
    with Store.open(resolve_paths().progress_db) as store:
        assert store.get_state(CARD) == state  # the progress is the card's still
    assert run("bank", "validate").exit_code == 0

    before = {p.name: p.read_bytes() for p in banks_dir.iterdir()}
    again = run("import", "csv", str(sheet))
    assert again.exit_code == 0, again.stderr
    assert again.stdout == f"Imported {sheet}: 0 added, 0 edited, {total + 1} unchanged\n"
    assert {p.name: p.read_bytes() for p in banks_dir.iterdir()} == before

    # A new export carries the edit, and imports back as unchanged too.
    fresh = tmp_path / "fresh.csv"
    assert {r["id"]: r for r in export(fresh)}[CARD]["back"] == card.back
    third = run("import", "csv", str(fresh))
    assert third.stdout == f"Imported {fresh}: 0 added, 0 edited, {total + 1} unchanged\n"


def test_skip_invalid_prints_only_the_invalid_rows(tmp_path, banks_dir):
    sheet = tmp_path / "q.csv"
    rows = export(sheet)
    rows.append({"id": "", "front": "", "back": "an answer", "tags": "", "roles": ""})
    rows.append({"id": "", "front": "New?", "back": "Yes.", "tags": "", "roles": "boss"})
    rows.append({"id": "", "front": "Fine?", "back": "Yes.", "tags": "", "roles": ""})
    save_like_excel(sheet, rows)
    refused = run("import", "csv", str(sheet))
    assert refused.exit_code == 1
    lines = refused.stderr.splitlines()
    assert len(lines) == 3  # two problems, then the summary: nothing about unchanged rows
    assert lines[0].startswith(f"{sheet}:{line_of(rows, len(rows) - 3)}: missing front")
    assert lines[1].startswith(f"{sheet}:{line_of(rows, len(rows) - 2)}: unknown role 'boss'")

    result = run("import", "csv", str(sheet), "--skip-invalid")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == lines[:2]
    assert f"1 added, 0 edited, {len(rows) - 3} unchanged, 2 invalid rows skipped" in (
        result.stdout
    )


def test_a_changed_question_row_is_a_problem_of_that_row(tmp_path, banks_dir):
    sheet = tmp_path / "q.csv"
    rows = export(sheet)
    question = next(r for r in rows if r["id"].startswith("q-"))
    question["front"] += " (my wording)"
    save_like_excel(sheet, rows)
    result = run("import", "csv", str(sheet))
    assert result.exit_code == 1
    line = line_of(rows, rows.index(question))
    assert result.stderr.splitlines()[0] == (
        f"{sheet}:{line}: '{question['id']}' is an interview question and its row was changed: "
        "a question's front and back come from its prompt, key points and model answer, so "
        "they are not edited here; put the row back as exported, or give it a new id to make "
        "a card"
    )
    assert not list(banks_dir.iterdir())


def test_a_changed_row_of_a_hand_written_bank_is_refused(tmp_path, banks_dir):
    mine = write(
        banks_dir / "mine.yaml",
        """
        # my notes
        cards:
          - id: c-mine
            front: F
            back: B
            roles: [all]
            tags: [x]
        """,
    )
    text = mine.read_text()
    sheet = tmp_path / "q.csv"
    rows = export(sheet)
    next(r for r in rows if r["id"] == "c-mine")["back"] = "B2"
    save_like_excel(sheet, rows)
    result = run("import", "csv", str(sheet))
    assert result.exit_code == 1
    assert "that bank is hand-written, so import never rewrites it" in result.stderr
    assert mine.read_text() == text
    # Unchanged, the same row is simply skipped.
    rows = export(sheet)
    save_like_excel(sheet, rows)
    ok = run("import", "csv", str(sheet))
    assert ok.exit_code == 0, ok.stderr
    assert f"0 added, 0 edited, {len(rows)} unchanged" in ok.stdout
