"""Small rules of wording shared by every message: counts with their noun, and the
"did you mean" guess for a name that is nearly right."""

from __future__ import annotations

from collections.abc import Iterable

#: How alike a typo and a known name must be (difflib's ratio) to be suggested.
SIMILARITY = 0.6


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``"1 card"``, ``"3 cards"``, ``"0 cards"``; ``many`` for irregular plurals."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name nearest to ``name``, if one is near enough to be a typo of it."""
    import difflib  # only needed on a miss

    match = difflib.get_close_matches(name, list(known), n=1, cutoff=SIMILARITY)
    return match[0] if match else None
