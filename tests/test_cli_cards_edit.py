"""``drill cards edit``: a card in $EDITOR, checked like a bank, progress kept.

The editor is a small Python script: it runs the code in ``$EDIT_CODE`` on the file's
text (``text``) and writes the result back, and counts its runs in ``runs.txt``.
"""

from __future__ import annotations

import shlex
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from salesops_drill.review import select_cards
from salesops_drill.scheduler import CardState, Scheduler
from salesops_drill.store import Store
from salesops_drill.userbank import EDITS_MARK
from tests.helpers import run, write

CAC = "c-kpis-cac-formula"
OLD_BACK = "new customers won in that same period."
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)

EDITOR = """
import os, pathlib, sys
runs = pathlib.Path(os.environ["EDITOR_RUNS"])
runs.write_text(runs.read_text() + sys.argv[-1] + "\\n" if runs.exists() else sys.argv[-1] + "\\n")
path = pathlib.Path(sys.argv[-1])
text = path.read_text(encoding="utf-8")
exec(os.environ.get("EDIT_CODE", ""))
path.write_text(text, encoding="utf-8")
sys.exit(int(os.environ.get("EDITOR_EXIT", "0")))
"""


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """Set $EDITOR to the script; returns a function giving the code it runs next."""
    script = tmp_path / "fake editor.py"
    script.write_text(EDITOR, encoding="utf-8")
    runs = tmp_path / "runs.txt"
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR_RUNS", str(runs))

    def set_code(code: str) -> Path:
        monkeypatch.setenv("EDIT_CODE", code)
        return runs

    return set_code


def replace(old: str, new: str) -> str:
    return f"text = text.replace({old!r}, {new!r})"


def lib():
    return load_library(resolve_paths(), use_cache=False)


def test_editing_a_built_in_card_saves_your_version_and_keeps_its_progress(editor, drill_home):
    scheduler = Scheduler(enable_fuzzing=False)
    with Store.open(resolve_paths().progress_db) as store:
        state = scheduler.review(CardState.new(CAC), 3, NOW)
        store.record_review(state, 3, NOW, 2000)
    editor(replace(OLD_BACK, OLD_BACK + " Count only new logos."))
    result = run("cards", "edit", CAC)
    assert result.exit_code == 0, result.stderr
    edits = drill_home / "banks" / "edited-cards.yaml"
    assert result.stdout == f"Saved your version of {CAC} in {edits}; its progress is kept\n"
    assert edits.read_text(encoding="utf-8").startswith(EDITS_MARK)

    card = lib().card(CAC)
    assert card.back.endswith(f"{OLD_BACK} Count only new logos.")
    assert card.origin.startswith(str(edits))
    assert {c.id: c for c in select_cards(lib())}[CAC].back == card.back
    with Store.open(resolve_paths().progress_db) as store:
        assert store.get_state(CAC) == state
        assert len(store.card_reviews(CAC)) == 1
    shown = run("cards", "show", CAC).stdout
    assert "your version" in shown and "Count only new logos." in shown and "Good" in shown
    assert not (drill_home / "drafts" / f"card-{CAC}.yaml").exists()  # no draft left

    # A second edit changes the same version: one card in the bank, never two.
    editor(replace("Count only new logos.", "Count new logos only."))
    assert run("cards", "edit", CAC).exit_code == 0
    assert edits.read_text(encoding="utf-8").count(f"id: {CAC}") == 1
    assert lib().card(CAC).back.endswith("Count new logos only.")
    assert run("bank", "validate").exit_code == 0


def test_the_editor_sees_the_card_as_yaml_with_a_note(editor, drill_home):
    runs = editor("pathlib.Path(os.environ['EDITOR_RUNS'] + '.seen').write_text(text)")
    result = run("cards", "edit", CAC)
    assert result.stdout == f"No changes: {CAC} is as it was\n"
    draft = Path(runs.read_text().strip())
    assert draft == drill_home / "drafts" / f"card-{CAC}.yaml"
    shown = Path(f"{runs}.seen").read_text()
    assert shown.startswith(f"# Editing card {CAC}.")
    assert "# Keep the id" in shown
    assert f"- id: {CAC}\n" in shown and "  roles: [all]\n" in shown
    assert "  tags: [kpi, formula, cac]\n" in shown
    assert not draft.exists()


def test_a_draft_with_problems_is_kept_and_the_next_edit_continues_from_it(editor, drill_home):
    editor(replace("roles: [all]", "roles: [bos]\n  colour: red"))
    result = run("cards", "edit", CAC)
    assert result.exit_code == 1
    draft = drill_home / "drafts" / f"card-{CAC}.yaml"
    lines = result.stderr.splitlines()
    assert (
        lines[0]
        == f"{draft}:10: unknown field 'colour' in card; known: id, front, back, roles, tags"
    )
    assert lines[1].startswith(f"{draft}:9: unknown role 'bos' (known: ")
    assert lines[2] == (
        f"drill: error: the card was not saved; your text is kept in {draft}; "
        f"'drill cards edit {CAC}' continues from it"
    )
    assert "colour: red" in draft.read_text(encoding="utf-8")
    assert lib().card(CAC).roles == tuple(lib().roles.ids)  # the card as it was
    assert not (drill_home / "banks").exists()  # nothing saved

    editor(replace("roles: [bos]\n  colour: red", "roles: [manager]"))
    again = run("cards", "edit", CAC)
    assert again.exit_code == 0, again.stderr
    assert again.stdout.splitlines()[0] == (
        f"Continuing your unsaved edit of {CAC} from {draft} (--restart to start over)"
    )
    assert lib().card(CAC).roles == ("manager",)
    assert not draft.exists()


def test_restart_drops_the_draft(editor, drill_home):
    editor(replace("front:", "colour: red\n  front:"))
    assert run("cards", "edit", CAC).exit_code == 1
    editor("assert 'colour' not in text")
    result = run("cards", "edit", CAC, "--restart")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"No changes: {CAC} is as it was\n"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (replace(f"id: {CAC}", "id: c-my-new-id"), f"the id must stay '{CAC}'"),
        (
            "text += '- id: c-two\\n  front: f\\n  back: b\\n  roles: [all]\\n  tags: [x]\\n'",
            "the draft must hold just the one card being edited",
        ),
        (replace("back:", "back: [not, text]\n  x:"), "'back' must be text"),
        ("text = text.replace('cards:', 'cards: [')", "YAML syntax error"),
    ],
)
def test_edits_that_cannot_be_saved(editor, drill_home, code, message):
    editor(code)
    result = run("cards", "edit", CAC)
    assert result.exit_code == 1
    assert message in result.stderr
    assert not (drill_home / "banks").exists()
    assert (drill_home / "drafts" / f"card-{CAC}.yaml").exists()


def test_an_emptied_draft_cancels(editor, drill_home):
    editor("text = '# nothing left\\n\\n'")
    result = run("cards", "edit", CAC)
    assert result.exit_code == 0
    assert result.stdout == f"Edit cancelled: {CAC} is as it was\n"
    assert not (drill_home / "drafts" / f"card-{CAC}.yaml").exists()


def test_a_card_of_an_imported_bank_is_saved_back_into_it(editor, tmp_path, banks_dir):
    src = tmp_path / "mine.csv"
    src.write_text("id,front,back\nc-mine-one,Front,Old back\n", encoding="utf-8")
    assert run("import", "csv", str(src)).exit_code == 0
    editor(replace("Old back", "New back"))
    result = run("cards", "edit", "c-mine-one")
    assert result.exit_code == 0, result.stderr
    assert f"in {banks_dir / 'mine.yaml'};" in result.stdout
    assert lib().card("c-mine-one").back == "New back"
    assert sorted(p.name for p in banks_dir.iterdir()) == ["mine.yaml"]


def test_a_hand_written_bank_or_a_question_is_refused_before_the_editor_runs(editor, banks_dir):
    write(
        banks_dir / "mine.yaml",
        """
        cards:
          - id: c-mine
            front: F
            back: B
            roles: [all]
            tags: [x]
        """,
    )
    runs = editor(replace("B", "B2"))
    mine = run("cards", "edit", "c-mine")
    assert mine.exit_code == 1
    assert mine.stderr == (
        f"drill: error: card 'c-mine' comes from {banks_dir / 'mine.yaml'}:2, a bank you wrote "
        "by hand; drill never rewrites those (your comments and layout would be lost), so "
        "edit it there\n"
    )
    question = run("cards", "edit", "q-mgr-bottlenecks")
    assert question.exit_code == 2 and "is an interview question" in question.stderr
    assert not runs.exists()


def test_visual_is_used_without_editor(editor, monkeypatch):
    import os

    runs = editor("")
    monkeypatch.setenv("VISUAL", os.environ["EDITOR"])
    monkeypatch.delenv("EDITOR")
    assert run("cards", "edit", CAC).exit_code == 0
    assert runs.exists()


def test_editor_problems_are_one_clear_line(editor, monkeypatch, tmp_path, drill_home):
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere --wait")
    missing = run("cards", "edit", CAC)
    assert missing.exit_code == 1
    assert missing.stderr == (
        "drill: error: the editor 'no-such-editor-anywhere' (from $EDITOR) was not found; "
        "set EDITOR to an installed editor, e.g. export EDITOR=nano\n"
    )
    monkeypatch.delenv("EDITOR")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    none = run("cards", "edit", CAC)
    assert none.exit_code == 1
    assert none.stderr == (
        "drill: error: no text editor found: set EDITOR to the one you use, "
        "e.g. export EDITOR=nano\n"
    )


def test_an_editor_that_fails_keeps_the_text(editor, monkeypatch, drill_home):
    editor(replace(OLD_BACK, "half typed"))
    monkeypatch.setenv("EDITOR_EXIT", "3")
    result = run("cards", "edit", CAC)
    assert result.exit_code == 1
    draft = drill_home / "drafts" / f"card-{CAC}.yaml"
    assert "exited with status 3; nothing was saved, and your text is kept in" in result.stderr
    assert "half typed" in draft.read_text(encoding="utf-8")
    assert not (drill_home / "banks").exists()
