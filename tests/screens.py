"""Checks for text drawn at a given width: nothing past the edge, nothing cut, no word split.

A word split across lines ("enablemen" / "t") leaves a fragment that is no word drill
knows; so every word on the screen must appear in the text drawn with room to spare,
in the content it came from, or in drill's own source (labels and messages).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

from rich.cells import cell_len

#: Letters only, three or more: shorter fragments are too often real words to tell.
WORD = re.compile(r"[^\W\d_]{3,}")
SOURCE = Path(__file__).resolve().parent.parent / "src" / "salesops_drill"


def words(*texts: str) -> set[str]:
    return {w for text in texts for w in WORD.findall(text)}


@functools.cache
def source_words() -> frozenset[str]:
    return frozenset(words(*(p.read_text("utf-8") for p in SOURCE.rglob("*.py"))))


def split_words(text: str, known: Iterable[str]) -> list[str]:
    """Words on the screen that are no known word: fragments of a split one."""
    vocabulary = set(known) | source_words()
    return sorted(w for w in words(text) if w not in vocabulary)


def assert_fits(text: str, width: int, known: Iterable[str], wide: str | None = None) -> None:
    """No line wider than ``width``, no word split, and no "…" the wide form lacks."""
    long = [line for line in text.splitlines() if cell_len(line.rstrip()) > width]
    assert not long, f"{len(long)} lines wider than {width}:\n" + "\n".join(long)
    fragments = split_words(text, known)
    assert not fragments, f"words split at {width} columns: {fragments}\n{text}"
    cuts = text.count("…") - (wide.count("…") if wide is not None else 0)
    assert cuts <= 0, f"text cut with … at {width} columns:\n{text}"
