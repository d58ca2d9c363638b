"""Word salad: neighbours no English sentence puts together ("the of", "we the"), and
sentence openers shuffled into the middle of sentences.

A sentence with enough odd pairs is not read as evidence (:func:`is_garbled`); an answer
with them all through it is not read at all (:func:`scrambled`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import tunables as t
from .words import AUXILIARIES, CONJUNCTIONS, DETERMINERS, PREPOSITIONS, STOP_WORDS, SUBJECTS

if TYPE_CHECKING:
    from .sentences import Sentence, Token


def scrambled(text: str, sentences: list[Sentence]) -> bool:
    """Is the whole answer word salad, whatever its sentences are on their own?"""
    # Shuffled words: odd neighbours all through the answer make all of it word salad,
    # even the sentences that by chance have too few of them to be caught on their own;
    # so do sentence openers scattered inside sentences while sentences open in lower
    # case ("...report Track the rate. and they cover...").
    odd = sum(s.odd_pairs for s in sentences)
    words = sum(s.words for s in sentences)
    found = odd >= t.GARBLED_ANSWER_MIN and odd >= t.GARBLED_ANSWER_SHARE * words
    # ...but a line of junk that is word salad on its own spoils no clean sentence: the
    # sentences that pass on their own must show odd pairs too.
    found = found and any(s.odd_pairs for s in sentences if not s.garbled)
    if not found:
        lower_starts = sum(1 for s in sentences if s.tokens and s.tokens[0].raw[0].islower())
        displaced = sum(_displaced_capitals(text, s) for s in sentences)
        found = min(lower_starts, displaced) >= t.GARBLED_CASE_MIN
    return found


def _displaced_capitals(text: str, sentence: Sentence) -> int:
    """Common words capitalised alone inside a sentence, as if they had opened one
    ("report Track the rate"). Names are not counted: unknown words ("Salesforce"),
    acronyms, and capitalised words next to another ("VP of Sales", "Office Hours"); nor
    are words after a colon, a quote or a bracket."""

    def capital(tok: Token | None) -> bool:
        return tok is not None and tok.raw[:1].isupper()

    toks = sentence.tokens
    count = 0
    for i in range(1, len(toks)):
        tok, raw = toks[i], toks[i].raw
        if len(raw) < 2 or not raw[0].isupper() or raw[1:] != raw[1:].lower():
            continue
        if not tok.info.known or any(
            ch in ":\"'(\u201c" for ch in text[toks[i - 1].end : tok.start]
        ):
            continue
        before = toks[i - 2] if toks[i - 1].lower in _NAME_JOINERS and i >= 2 else toks[i - 1]
        after = toks[i + 1] if i + 1 < len(toks) else None
        if after is not None and after.lower in _NAME_JOINERS and i + 2 < len(toks):
            after = toks[i + 2]
        if capital(before) or capital(after):
            continue
        count += 1
    return count


#: Small words inside names: "VP of Sales", "Research and Development".
_NAME_JOINERS = frozenset("of and & for the".split())


#: Determiners that are never pronouns: "the", not "this" ("this is...").
_STRICT_DETERMINERS = frozenset("the a an our their my your its".split())
_CLOSED = DETERMINERS | PREPOSITIONS | AUXILIARIES | CONJUNCTIONS | SUBJECTS


_COORDINATORS = frozenset("and or but nor".split())
#: Prepositions that also join clauses: "before we", "after they".
_PREPOSITION_CONJUNCTIONS = frozenset("before after until since than like".split())
_CORE_PREPOSITIONS = frozenset("of to for with from into onto via per".split())
_FINITE_AUXILIARIES = frozenset(
    "is are was were am has had does did will would can could should must may might shall".split()
)
#: Subject pronouns that are never objects ("you" is both).
_SUBJECT_ONLY = frozenset("i we they he she".split())
_OBJECT_ONLY = frozenset("it them me us him".split())
_VOWEL_SOUND_EXCEPTIONS = ("u", "eu", "one", "once")


def _odd_pair(a: Token, b: Token, first: bool) -> bool:
    """Two neighbours no English sentence puts together ("the of", "we the", "of and",
    "an sales", a capitalised "At" mid-sentence)."""
    x, y = a.lower, b.lower
    if x in _STRICT_DETERMINERS and (y in _CLOSED or y in _COORDINATORS or y in _OBJECT_ONLY):
        return True  # "the of", "the we", "the and", "the them"
    if x in PREPOSITIONS and x not in _PREPOSITION_CONJUNCTIONS:
        if y in _FINITE_AUXILIARIES or y in _SUBJECT_ONLY:
            return True  # "of was", "with we" ("to be", "before we" are fine)
        if x == "of" and (y in _COORDINATORS or y in _CORE_PREPOSITIONS):
            return True  # "of and", "of to"
    if x in _SUBJECT_ONLY and (
        y in _STRICT_DETERMINERS or y in SUBJECTS or y in _CORE_PREPOSITIONS or b.info.nominal
    ):
        return True  # "we the", "I we", "we to", "they real"
    if x in _COORDINATORS and y in _COORDINATORS or x == y and x in _CLOSED:
        return True  # "and or", "the the"
    if x in _STRICT_DETERMINERS and b.info.past_only:
        return True  # "the gave"
    if b.raw[:1].isupper() and y in STOP_WORDS and y != "i" and b.raw != b.raw.upper():
        return True  # "...the At", "rest First": sentence openers in mid-sentence
    if x == "an" and y[:1].isalpha() and y[0] not in "aeiouh" and b.raw.islower():
        return True  # "an sales"
    return (
        x == "a"
        and y[:1] in "aeio"
        and b.raw.islower()
        and not y.startswith(_VOWEL_SOUND_EXCEPTIONS)
    )  # "a opportunity"


def odd_pairs(tokens: list[Token], breaks: set[int]) -> int:
    """How many neighbours no English sentence puts together. ``breaks`` are the indexes
    of tokens after a comma, colon or other mark (no pair across them)."""
    violations = 0
    for i in range(1, len(tokens)):
        if i not in breaks and _odd_pair(tokens[i - 1], tokens[i], i == 1):
            violations += 1
    if tokens and tokens[-1].lower in _STRICT_DETERMINERS | _COORDINATORS | _SUBJECT_ONLY:
        violations += 1  # "...with the.", "...and.", "...and we." ("...depend on.", "...fix it."
        # and "...tell you." are fine: "it" and "you" are objects too)
    return violations


def is_garbled(violations: int, tokens: int) -> bool:
    return violations >= t.GARBLED_MIN_VIOLATIONS and violations >= t.GARBLED_SHARE * tokens
