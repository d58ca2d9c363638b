"""Filler words and phrases in an answer ("basically", "you know", "um")."""

from __future__ import annotations

import re
from collections import Counter

from .words import TOKEN_RE

_FILLER_WORDS = frozenset("basically literally stuff".split())
#: "just the two of us", "just before the call", "just over 20%": "just" meaning only or
#: exactly, not a filler, when one of these follows.
_JUST_OK = frozenset(
    "the a an this that these those one two three four five six seven eight nine ten "
    "before after as over under about enough because in on at for".split()
)
#: "better than they really were": "really" meaning in fact, before a form of be or do.
_REALLY_OK = frozenset("is are was were be been am do does did has have had".split())
_FILLER_SOUNDS = re.compile(r"(?P<um>u+m+)|(?P<uh>u+h+)|(?P<erm>er+m+)|(?P<hmm>hm+)")
#: "kind of" / "sort of" are fillers unless they name a kind: "what kind of data".
_KIND_OK = frozenset("what which this that the a any some every each one same".split())
#: "you know how we..." is a real question, not a filler.
_KNOW_OK = frozenset("how what when where why that if whether".split())


def count_fillers(text: str) -> dict[str, int]:
    """Filler words and phrases used, with counts (only those present).

    "like" counts only when comma-fenced ("it was, like, slow"), which is how a filler
    "like" is typed; "like Salesforce" is not one. "just", "really" and "actually" count
    where they pad ("I just ran", "really short", "Actually, ..."), not where they mean
    something ("just the two of us", "than they really were", "what actually happened").
    """
    text = (text or "").replace("\u2019", "'")
    matches = list(TOKEN_RE.finditer(text))
    words = [m.group().casefold() for m in matches]
    counts: Counter[str] = Counter()
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in _FILLER_WORDS:
            counts[w] += 1
        elif w == "just" and nxt not in _JUST_OK and not nxt[:1].isdigit():
            counts[w] += 1
        elif w == "really" and nxt not in _REALLY_OK:
            counts[w] += 1
        elif w == "actually" and (
            not text[: matches[i].start()].rstrip()
            or text[: matches[i].start()].rstrip()[-1] in ".!?,"
            or text[matches[i].end() : matches[i].end() + 1] == ","
        ):
            counts[w] += 1  # "Actually, ...": the opener; "what actually happened" is not
        elif w == "like" and text[matches[i].end() : matches[i].end() + 1] == ",":
            counts["like"] += 1
        elif w == "you" and nxt == "know":
            after = words[i + 2] if i + 2 < len(words) else ""
            if after not in _KNOW_OK:
                counts["you know"] += 1
        elif w == "i" and nxt == "mean":
            counts["I mean"] += 1
        elif w in ("kind", "sort") and nxt == "of" and prev not in _KIND_OK:
            counts[f"{w} of"] += 1
        elif w == "or" and nxt == "something":
            counts["or something"] += 1
        elif w == "things" and words[i + 1 : i + 3] == ["like", "that"]:
            counts["things like that"] += 1
        elif w[0] in "ueh" and (sound := _FILLER_SOUNDS.fullmatch(w)):
            counts[sound.lastgroup or ""] += 1
    return dict(counts)
