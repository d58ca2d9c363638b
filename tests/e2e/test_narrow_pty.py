"""Screens at 60 and 80 columns in a real terminal, read through the emulator."""

from __future__ import annotations

import re

import pytest

from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from salesops_drill.review import select_cards
from tests.e2e.terminal import Terminal
from tests.helpers import run
from tests.screens import assert_fits, words

INTERVAL = r"\d+(?:\.\d+)?[a-z]+"
RATING_KEYS = [rf"1  Again {INTERVAL}", rf"2  Hard {INTERVAL}", rf"3  Good {INTERVAL}"]
RATING_KEYS.append(rf"4  Easy {INTERVAL}")


def card_words(card_id: str) -> set[str]:
    lib = load_library(resolve_paths())
    card = next(c for c in select_cards(lib, "manager") if c.id == card_id)
    return words(card.front, card.back, card.id, *card.tags)


@pytest.mark.parametrize("cols", [60, 80])
def test_review_keys_and_ratings_show_in_full(drill_home, cols):
    term = Terminal(["review", "--role", "manager", "--new", "3"], drill_home, rows=24, cols=cols)
    screen = term.wait_for("show answer")
    for key in ("Space  show answer", "u  undo", "q  quit"):
        assert key in screen
    card = re.search(r"(?:Concept card|Interview question) · (\S+)", screen)
    assert card, screen

    term.press(" ")
    screen = term.wait_for("Again")
    for key in [*RATING_KEYS, "u  undo", "q  quit"]:
        assert re.search(key, screen), (key, screen)
    assert re.search(r"New \d+\s+Learning \d+\s+Review \d+\s+done 0", screen)
    assert_fits(screen, cols, card_words(card.group(1)))

    term.press("3")
    term.wait_for(r"done 1")
    term.press("q")
    assert term.finish() == 0


def test_a_summary_wraps_at_words_on_a_60_column_terminal(drill_home, tmp_path):
    target = tmp_path / "a-folder-with-a-long-name" / "drill-progress-backup.db"
    target.parent.mkdir()
    assert run("config", "set", "new_per_day", "20").exit_code == 0  # a store to back up
    term = Terminal(["backup", "-o", str(target)], drill_home, rows=10, cols=60)
    assert term.finish() == 0
    lines = [line for line in term.lines if line]
    # Prose wraps between words; the path, longer than the terminal, starts a line of
    # its own and only the terminal breaks it, so it copies whole.
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith(str(target)[:30]))
    assert "".join(lines[start:]).strip() == str(target)
    prose = lines[:start]
    assert prose and all(len(line) < 60 for line in prose)  # broken at a space, not the edge
    assert " ".join(prose) == "Backed up 0 reviews, 0 scheduled cards and 0 interviews to"
