"""Small rules of wording shared by every message: counts with their noun, and the
"did you mean" guess for a name that is nearly right, and how a message puts it."""

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


#: How a guess joins its message: after a clause ("unknown role 'x'; did you mean 'y'?"),
#: as a sentence of its own ("No card with id 'x'. Did you mean 'y'?"), or as an aside
#: ("unknown column 'x' (did you mean 'y'?)").
_GUESS = {
    "clause": "; did you mean '{}'?",
    "sentence": " Did you mean '{}'?",
    "aside": " (did you mean '{}'?)",
}


def did_you_mean(hint: str | None, otherwise: str = "", style: str = "clause") -> str:
    """The end of a message about an unknown name: the guess in ``style``, else
    ``otherwise`` (what to say when nothing is near enough)."""
    return _GUESS[style].format(hint) if hint else otherwise
