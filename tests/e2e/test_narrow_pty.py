"""Screens at 60 and 80 columns in a real terminal, read through the emulator."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths
from salesops_drill.review import select_cards
from tests.e2e.terminal import Terminal
from tests.helpers import run
from tests.screens import assert_fits, split_words, words

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
    assert (
        " ".join(prose).split()
        == (
            "Backed up 0 reviews, 0 scheduled cards, 0 interviews, your settings and "
            "0 bank files to"
        ).split()
    )


def terminal_breaks(lines: list[str], cols: int) -> list[str]:
    """Places the terminal broke a word itself: a line filled to the last column, the
    next going straight on ("... write them t" / "o a file."). drill leaves the last
    column free, so a full line means it did not wrap there. A path (a "/" in the
    broken token) longer than the line may break so."""
    found = []
    for line, after in zip(lines, lines[1:], strict=False):
        if len(line) == cols and line[-1:].strip() and after[:1].strip():
            joined = line.split()[-1] + after.split()[0]
            if "/" not in joined:
                found.append(joined)
    return found


SUMMARIES = [
    ["export", "csv", "--role", "rep", "-o", "{d}/rep.csv"],
    ["import", "csv", "{d}/mine.csv", "--role", "analyst"],
    ["export", "anki", "--role", "rep", "-o", "{d}/rep.apkg"],
    ["backup", "-o", "{d}/progress-backup.db"],
    ["restore", "{d}/progress-backup.db"],
    ["export", "progress"],
    ["bank", "validate"],
    ["history", "export", "1", "-o", "{d}/transcript.md"],
    ["paths"],
]


def test_every_summary_reads_whole_at_60_columns(drill_home, tmp_path):
    """What export, import, backup, restore, validate and friends print, as a
    60-column terminal shows it: no word split, whatever the terminal would do."""
    answers = tmp_path / "a.yaml"
    answers.write_text('- "I pulled the CRM data and found the bottleneck."\n', "utf-8")
    assert run("interview", "--role", "rep", "--answers", str(answers)).exit_code == 0
    folder = tempfile.mkdtemp(prefix="d", dir="/tmp")  # short, so most messages fit a line
    try:
        Path(folder, "mine.csv").write_text("front,back\nWhat is CAC?,What a customer costs\n")
        paths = [folder, *json.loads(run("paths", "--json").stdout).values()]
        titles = run("roles", "list", "--json").stdout  # deck names are role titles
        for args in SUMMARIES:
            args = [a.format(d=folder) for a in args]
            term = Terminal(args, drill_home, rows=30, cols=60)
            assert term.finish() == 0, (args, term.text)
            shown = term.text
            assert shown.strip(), args
            # a path longer than the terminal may break (the terminal does it); no word may
            fragments = split_words(shown, words(*paths, titles))
            assert [f for f in fragments if not any(f in p for p in paths)] == [], (args, shown)
            assert terminal_breaks(term.lines, 60) == [], (args, shown)
    finally:
        shutil.rmtree(folder)
