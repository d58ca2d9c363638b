"""``drill cards`` in a real terminal: the list at 60 and 80 columns, and editing again
after a mistake."""

from __future__ import annotations

import re
import shlex
import sys

import pytest

from tests.e2e.terminal import Terminal

EDITOR = """
import pathlib, sys
runs = pathlib.Path(sys.argv[0]).with_suffix(".runs")
count = len(runs.read_text().splitlines()) + 1 if runs.exists() else 1
runs.write_text("run\\n" * count)
path = pathlib.Path(sys.argv[-1])
text = path.read_text()
if count == 1:
    text = text.replace("roles: [all]", "roles: [all]\\n  colour: red")  # a mistake
else:
    text = text.replace("  colour: red\\n", "").replace("period.", "period. Mine.")
path.write_text(text)
"""


@pytest.mark.parametrize("cols", [60, 80])
def test_list_fits_the_terminal(tmp_path, cols):
    args = ["cards", "list", "--role", "manager", "--tag", "kpi"]
    term = Terminal(args, tmp_path, rows=200, cols=cols)
    assert term.finish() == 0
    lines = [line for line in term.lines if line]
    assert re.fullmatch(r"\d+ cards · 0 due now · \d+ new", lines[-1]), lines[-1]
    cards = lines[:-1]
    heads = [line for line in cards if not line.startswith(" ")]
    assert heads and all(h.startswith(("c-", "q-")) for h in heads), term.text
    # each card: its head, then its tags (when they do not fit the head) and its front,
    # wrapped under a two-space indent, never cut
    rest = [line for line in cards if line.startswith(" ")]
    assert all(r.startswith("  ") and not r.startswith("   ") for r in rest), term.text
    assert "…" not in term.text
    assert all(len(line) <= cols for line in lines)
    assert "\x1b[" in term.raw.decode(errors="replace")  # a terminal gets styles


def test_edit_again_after_a_mistake(tmp_path):
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    home = tmp_path / "home"
    editor = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    term = Terminal(["cards", "edit", "c-kpis-cac-formula"], home, env={"EDITOR": editor})
    term.wait_for(r"Edit again\? \[Y/n\]")
    assert "unknown field 'colour' in card" in term.text
    term.send("\r")
    term.wait_for("Saved your version of c-kpis-cac-formula")
    assert term.finish() == 0
    assert "period. Mine." in (home / "banks" / "edited-cards.yaml").read_text()
    assert not (home / "drafts" / "card-c-kpis-cac-formula.yaml").exists()
