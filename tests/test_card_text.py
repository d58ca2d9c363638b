"""Concept-card backs keep line breaks only between statements, never inside a sentence.

The review screen wraps each line of a back to the terminal width, so a hard break in the
middle of a sentence shows up as a ragged short line. Prose backs are folded YAML (`>-`);
a line break is left only after a complete line: a sentence, a formula, a labelled item.
"""

from __future__ import annotations

import re

from salesops_drill.library import load_library
from salesops_drill.paths import resolve_paths

COMPLETE = re.compile(r"""[.!?:)"%x\d]$""")
LABELLED = re.compile(r"^[A-Z][\w /'()-]{0,30}: ")


def _broken_lines(back: str) -> list[str]:
    lines = back.split("\n")
    return [
        line
        for line in lines[:-1]
        if not (COMPLETE.search(line) or " = " in line or LABELLED.match(line))
    ]


def test_the_check_catches_a_break_inside_a_sentence():
    assert _broken_lines("Sales ops aligns sales, marketing\nand customer success.") == [
        "Sales ops aligns sales, marketing"
    ]
    assert _broken_lines("CAC = $150,000 / 75\nThat is $2,000 per customer.") == []
    assert _broken_lines("Analyst: forecasts demand and revenue\nManager: runs the forecast") == []


def test_no_card_back_breaks_a_line_inside_a_sentence():
    lib = load_library(resolve_paths(), use_cache=False)
    broken = {c.id: bad for c in lib.cards if (bad := _broken_lines(c.back))}
    assert broken == {}
