"""An answer cut into sentences: each bullet or note line on its own, a prose line
wrapped mid-sentence read on with the next.

Sentences come from sentencex (a maintained rule-based splitter), imported when grading
only. What each sentence says is :mod:`.sentences`.
"""

from __future__ import annotations

import re

from .words import SHORTHAND, STOP_WORDS

_BULLET = re.compile(r"^\s*(?:[-*\u2022>]+|\d+[.)]|[a-z][.)])\s+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, trimmed. Each bullet or note line is split on its
    own; a prose line wrapped mid-sentence is read on with the next (see
    :func:`_continues`), so "my goal\nwas to..." stays one sentence."""
    from sentencex import segment  # imported when grading only

    spans: list[tuple[int, int]] = []
    for block_start, body in _blocks(text):
        cursor = 0
        for piece in segment("en", body):
            found = body.find(piece.strip(), cursor) if piece.strip() else -1
            if found < 0:
                continue
            end = found + len(piece.strip())
            for a, b in _unmarked(body, found, end):
                if spans and _shorthand_stop(text, spans[-1], block_start + a):
                    spans[-1] = (spans[-1][0], block_start + b)  # "stage conv. rates"
                else:
                    spans.append((block_start + a, block_start + b))
            cursor = end
    return spans


#: Shorthand with its full stop at the end of a sentence: "conv.", "approx.".
_SHORTHAND_STOP = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in SHORTHAND if "/" not in w) + r"|e\.g|i\.e)\.$",
    re.IGNORECASE,
)


def _shorthand_stop(text: str, before: tuple[int, int], start: int) -> bool:
    """Did a note's shorthand ("conv.", "approx.") end the sentence ``before``, the next
    going on in lower case or with a figure on the same line? Then its full stop ends
    no sentence."""
    gap, head = text[before[1] : start], text[start : start + 1]
    return (
        "\n" not in gap
        and (head.islower() or head.isdigit() or head in "$\u00a3\u20ac~")
        and bool(_SHORTHAND_STOP.search(text, before[0], before[1]))
    )


#: Words sentencex takes for abbreviations, so that a sentence never ends after them,
#: which end sentences in answers as plain words ("...on their reps.", "...said no.",
#: "...in May.", "...and so on, etc.").
_SENTENCE_ENDING_ABBREVIATIONS = (
    "rep reps no etc inc ltd co may min mins sec secs hr hrs dept jan mar".split()
)
#: A sentence that starts where the one before had no full stop: "...18,000 dollars in
#: total My job was to...". Only words that open sentences and hardly ever stand in one
#: with a capital; never "I" (which does) unless a full stop comes before it.
_UNMARKED_START = re.compile(
    r"(?<=[a-z0-9%)])\s+(?=(?:The|This|That|These|Those|We|They|My|Our|It|Then|So|But|After"
    r"|When|Once|Finally|First|Next|Before|Afterwards|Since|If|Because|Also|Within|Over"
    r"|Overall|Looking|Today|Now)\b)"
    # ...and one sentencex keeps on after a word it takes for an abbreviation when "I"
    # follows: "...fair to this rep. I would pull...", "...said no. I asked..."
    r"|(?<=[a-z]{2}\.)\s+(?=I\b)"
    # ...or after such a word that ends sentences in answers, before any capital:
    # "Managers need data on their reps. Finance needs..."
    r"|(?:" + "|".join(rf"(?<=\b{word}\.)" for word in _SENTENCE_ENDING_ABBREVIATIONS) + r")"
    r"\s+(?=[A-Z])"
)


def _unmarked(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the sentences of one piece, cut where a full stop was left out."""
    bounds = [start]
    for gap in _UNMARKED_START.finditer(body, start, end):  # the spaces between the two
        bounds += [gap.start(), gap.end()]
    bounds.append(end)
    return [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]


def _blocks(text: str) -> list[tuple[int, str]]:
    """(offset, text) of each run of lines read together: a bullet or note line, or a
    paragraph of wrapped lines (line breaks turned into spaces, so offsets hold)."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []  # the lines of the open block, bullet marker blanked out
    start = 0
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        bullet = _BULLET.match(line)
        body = " " * bullet.end() + line[bullet.end() :] if bullet else line
        if current and line.strip() and not bullet and _continues(current[-1], line):
            current.append(body)
            continue
        if current:
            blocks.append((start, " ".join(current)))
        current, start = ([body], line_start) if line.strip() else ([], pos)
    if current:
        blocks.append((start, " ".join(current)))
    return blocks


_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")
#: Words that leave a clause open, so a line ending in one goes on to the next: the
#: function words, and conjunctions too rare in answers to be stop words ("since\nLTV").
_OPEN_ENDED = STOP_WORDS | {"since", "unless", "until", "whereas", "whether", "whose"}


def _continues(previous: str, line: str) -> bool:
    """Does ``line`` carry on the sentence ``previous`` left open (a wrapped line)? Yes when
    ``previous`` has no closing mark and ``line`` starts in lower case, or ``previous``
    stops on a comma, a hyphen or a function word ("in\nSalesforce", "our\nCRO")."""
    head, tail = line.lstrip(), previous.rstrip()
    if not head or not tail or tail[-1] in ".!?:":
        return False
    if head[0].islower() or tail[-1] in ",-\u2013\u2014(":
        return True
    last = _LAST_WORD.search(tail)
    return bool(last) and last.group(1).lower() in _OPEN_ENDED and last.end(1) == len(tail)
