"""An answer read as sentences: which are real clauses, which are lists or word salad,
and which words are negated.

Sentences come from sentencex (a maintained rule-based splitter); every line of a
multi-line answer is split on its own, so bullet points are sentences too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import tunables as t
from .words import (
    ADVERBS,
    AUXILIARIES,
    CONJUNCTIONS,
    DETERMINERS,
    PREPOSITIONS,
    STOP_WORDS,
    SUBJECTS,
    TOKEN_RE,
    WordInfo,
    fold,
    negation_cue,
    word_info,
)


@dataclass
class Token:
    raw: str  # as typed
    lower: str
    start: int  # offsets in the whole answer
    end: int
    info: WordInfo
    content: bool  # not a stop word
    negated: bool = False
    masked: bool = False  # inside a comma run of bare terms


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    tokens: list[Token]
    clause: bool = False  # has a verb: a statement, not a fragment
    garbled: bool = False  # word salad
    words: int = 0
    index: int = 0
    list_items: int = 0  # size of the longest comma run of bare terms, 0 if none
    clauses: int = 0  # verbs heading a clause: "I sat down..., then I piloted it and ran..."
    items: int = 0  # comma/"and"-separated items in the sentence
    notes: list[str] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """Can this sentence be evidence of anything at all?"""
        return self.clause and not self.garbled

    def content_tokens(self) -> list[Token]:
        return [tok for tok in self.tokens if tok.content and not tok.masked]


_BULLET = re.compile(r"^\s*(?:[-*\u2022>]+|\d+[.)]|[a-z][.)])\s+")
#: Where a comma run is cut into items: commas, semicolons, slashes, "and", "or", "&".
_ITEM_SEPARATORS = frozenset({",", ";", "/", "&", "and", "or"})
#: Tokens that end the reach of a negation.
_NEGATION_STOPS = frozenset({",", ";", ":", "but", "so", "which", "because", "while", "though"})
#: Prepositions and particles a past verb opens a note with: "Worked with", "Rolled out".
_PARTICLES = PREPOSITIONS | frozenset("out up down off back over".split())
#: Words whose "'s" is "is" (or "has"), not a possessive.
_IS_BASES = frozenset("it that there here what who where how he she let".split())
_OBJECTS = frozenset("it them everyone everything both all what how where why whether".split())
_BE = frozenset("is are was were be been being am isn't aren't wasn't weren't".split())


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
            for a, b in _split_after_words(body, found, end):
                spans.append((block_start + a, block_start + b))
            cursor = end
    return spans


#: Abbreviations that do end in a full stop inside a sentence.
_ABBREVIATIONS = frozenset(
    "e.g i.e etc vs approx dr mr mrs ms st inc ltd co corp jan feb mar apr jun jul aug sep "
    "sept oct nov dec no fig".split()
)
_STOP_THEN_CAPITAL = re.compile(r"(?<=[A-Za-z])([.!?])\s+(?=[A-Z])")


def _split_after_words(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split where the splitter took a word for an abbreviation: "We hired two reps.
    Attainment rose." ("reps." and "HR." are words that end a sentence here)."""
    out = []
    begin = start
    for m in _STOP_THEN_CAPITAL.finditer(body, start, end):
        word = re.search(r"([A-Za-z.]+)$", body[begin : m.start()])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if word and len(word.group(1)) == 1:
            continue  # an initial: "J. Smith"
        out.append((begin, m.start() + 1))
        begin = m.end()
    out.append((begin, end))
    return [(a, b) for a, b in out if body[a:b].strip()]


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
    return bool(last) and last.group(1).lower() in STOP_WORDS and last.end(1) == len(tail)


def read(text: str) -> list[Sentence]:
    """The answer as analysed sentences."""
    sentences = []
    for index, (start, end) in enumerate(split_sentences(text)):
        sentences.append(_analyse(text, start, end, index))
    return sentences


def _analyse(text: str, start: int, end: int, index: int) -> Sentence:
    body = text[start:end]
    tokens: list[Token] = []
    marks: list[tuple[int, str]] = []  # punctuation between tokens: (token index, char)
    last = 0
    for m in TOKEN_RE.finditer(body):
        between = body[last : m.start()]
        for ch in between:
            if ch in ",;:/&":
                marks.append((len(tokens), ch))
        last = m.end()
        raw = m.group()
        if raw.endswith(("'s", "'S")) and len(raw) > 3 and raw[:-2].lower() not in _IS_BASES:
            raw = raw[:-2]  # possessive: "stakeholder's team" names the stakeholder
        lower = fold(raw)
        info = word_info(lower)
        tokens.append(
            Token(
                raw=raw,
                lower=lower,
                start=start + m.start(),
                end=start + m.start() + len(raw),
                info=info,
                content=lower not in STOP_WORDS and not lower.endswith("n't"),
            )
        )
    sentence = Sentence(body, start, end, tokens, words=len(tokens), index=index)
    sentence.clause = (_has_clause(tokens) or _is_statement(body, tokens)) and not _stock_frame(
        tokens
    )
    sentence.clauses = _count_clauses(tokens) if sentence.clause else 0
    sentence.items = _count_items(tokens, marks)
    sentence.garbled = _is_garbled(tokens)
    _mark_negation(tokens, marks)
    sentence.list_items = _mask_comma_runs(tokens, marks)
    return sentence


def _has_clause(tokens: list[Token]) -> bool:
    """A verb in a plausible place: an auxiliary, a past form, a subject and its verb, or
    a command ("Segment the accounts by size")."""
    words = [tok.lower for tok in tokens]
    for i, tok in enumerate(tokens):
        w = tok.lower
        if w in AUXILIARIES or "'" in w and w.split("'")[-1] in ("d", "ll", "ve", "re", "m", "t"):
            return True
        if w.endswith("'s") and w[:-2] in _IS_BASES:
            return True  # "it's", "that's": "is"
        if tok.info.verb_form and (
            i > 0 or len(tokens) > 2 and (_takes_object(words[1]) or words[1] in _PARTICLES)
        ):
            return True
        if w in SUBJECTS:
            nxt = [x for x in tokens[i + 1 : i + 4] if x.lower not in ADVERBS][:1]
            if nxt and nxt[0].info.verb:
                return True
        # "Executives want the headline": a noun, a verb, and what it takes.
        if 0 < i < len(tokens) - 1 and tok.info.verb and tokens[i - 1].content:
            after = words[i + 1]
            if _takes_object(after):
                return True
            # "Ops works with enablement": a verb in -s, then a preposition
            if w.endswith("s") and not w.endswith("ss") and after in PREPOSITIONS:
                return True
    first = next((i for i, w in enumerate(words) if w not in ADVERBS), None)
    if first is not None and tokens[first].info.base_verb and len(tokens) - first >= 3:
        rest = words[first + 1 :]
        # "Segment the accounts", "Pilot it": a command takes an object; "Time in stage"
        # is a term. Longer ones read as commands when they have a function word.
        if rest[0] in DETERMINERS or rest[0] in _OBJECTS:
            return True
        if len(rest) >= 4 and any(w in STOP_WORDS for w in rest):
            return True
    return False


_MODALS = frozenset("will would can could should must may might shall".split())


def _count_clauses(tokens: list[Token]) -> int:
    """Verbs that head a clause: past forms, and verbs right after a subject or a modal."""
    count = 0
    for i, tok in enumerate(tokens):
        before = tokens[i - 1].lower if i else ""
        if tok.info.verb_form or tok.info.verb and (before in SUBJECTS or before in _MODALS):
            count += 1
    return max(1, count)


#: Openers of stock interview phrases: "my goal was", "as a result", "the outcome was".
_STOCK_OPENERS = (
    ("my", "goal"),
    ("my", "task"),
    ("my", "job"),
    ("my", "aim"),
    ("my", "role"),
    ("the", "goal"),
    ("the", "task"),
    ("the", "result"),
    ("the", "outcome"),
    ("as", "a", "result"),
    ("at", "my", "last"),
    ("at", "my", "previous"),
    ("in", "my", "last"),
    ("there", "was"),
    ("there", "were"),
)
_LIGHT_VERBS = frozenset("be have do get make".split())


def _stock_frame(tokens: list[Token]) -> bool:
    """A stock opener whose only verb is "was"/"had": "My goal was attainment and pace."
    (a list of terms with a frame around it, not a statement)."""
    words = [tok.lower for tok in tokens]
    if not any(tuple(words[: len(o)]) == o for o in _STOCK_OPENERS):
        return False
    for tok in tokens:
        if tok.info.verb and not tok.info.lemmas & _LIGHT_VERBS and tok.lower not in AUXILIARIES:
            if tok.info.verb_form or tok.lower.endswith("ing") or tok.info.base_verb:
                # a verb of its own, but not the noun a term happens to share with a verb
                if tok.info.verb_form or _after_to(tokens, tok):
                    return False
    return True


def _after_to(tokens: list[Token], tok: Token) -> bool:
    i = tokens.index(tok)
    return i > 0 and tokens[i - 1].lower in ("to", "would", "will", "could", "i", "we")


def _takes_object(word: str) -> bool:
    return word in DETERMINERS or word in _OBJECTS or word[0].isdigit()


def _is_statement(body: str, tokens: list[Token]) -> bool:
    """Verbless lines that still state something: a worked calculation ("B: 7 / 30 =
    23%") or a note with a description ("Managers: rep-level pipeline for coaching")."""
    if "=" in body and any(tok.lower[0].isdigit() for tok in tokens):
        return True
    head, colon, tail = body.partition(":")
    if colon and len(head.split()) <= 4:
        words = [tok.lower for tok in tokens if tok.start - tokens[0].start >= len(head)]
        return len(words) >= 6 and any(w in PREPOSITIONS or w in DETERMINERS for w in words)
    return False


#: Determiners that are never pronouns: "the", not "this" ("this is...").
_STRICT_DETERMINERS = frozenset("the a an our their my your its".split())


#: Subjects that are never objects: "make it the default" is English, "we the" is not.
_SALAD_SUBJECTS = SUBJECTS - {"it", "you"}


def _is_garbled(tokens: list[Token]) -> bool:
    """Word salad: neighbours no English sentence puts together ("the of", "we the")."""
    closed = DETERMINERS | PREPOSITIONS | AUXILIARIES | CONJUNCTIONS | _SALAD_SUBJECTS
    violations = 0
    for a, b in zip(tokens, tokens[1:], strict=False):
        x, y = a.lower, b.lower
        if x in _STRICT_DETERMINERS and y in closed:
            violations += 1
        elif x in PREPOSITIONS and (y in AUXILIARIES or y in _SALAD_SUBJECTS):
            violations += 1
        elif x in _SALAD_SUBJECTS and (y in _STRICT_DETERMINERS or y in _SALAD_SUBJECTS):
            violations += 1
    if tokens and tokens[-1].lower in _STRICT_DETERMINERS | PREPOSITIONS | _SALAD_SUBJECTS:
        violations += 1
    return violations >= t.GARBLED_MIN_VIOLATIONS and violations >= t.GARBLED_SHARE * len(tokens)


def _mark_negation(tokens: list[Token], marks: list[tuple[int, str]]) -> None:
    """Flag the words a "not", "never", "no" or "-n't" applies to."""
    stops_before = {i for i, ch in marks if ch in ",;:"}
    for i, tok in enumerate(tokens):
        following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if not negation_cue(tok.lower, following):
            continue
        for j in range(i + 1, min(len(tokens), i + 1 + t.NEGATION_SCOPE)):
            if j in stops_before or tokens[j].lower in _NEGATION_STOPS:
                break
            # "without judging and asked...": a new verb after "and" is a new clause.
            if tokens[j].lower in ("and", "or", "then") and j + 1 < len(tokens):
                nxt = tokens[j + 1]
                if nxt.info.verb_form or nxt.lower in SUBJECTS:
                    break
            tokens[j].negated = True
        # "win rate was not tracked": the subject of a negated be/passive is negated too.
        before = tokens[i - 1].lower if i else ""
        if tok.lower in _BE or before in _BE:
            k = i - 1 if before in _BE else i
            for j in range(k - 1, max(-1, k - 6), -1):
                if j + 1 in stops_before or tokens[j].lower in _NEGATION_STOPS:
                    break
                tokens[j].negated = True


def _mask_comma_runs(tokens: list[Token], marks: list[tuple[int, str]]) -> int:
    """Mask the items of a run of bare terms ("CRM, CAC, pipeline and churn"); return the
    run's length (0 when none)."""
    cuts = sorted(
        {i for i, ch in marks if ch in ",;/&"}
        | {i for i, tok in enumerate(tokens) if tok.lower in ("and", "or")}
    )
    items: list[tuple[int, int]] = []
    begin = 0
    for cut in cuts:
        if cut > begin:
            items.append((begin, cut))
        begin = cut + 1 if cut < len(tokens) and tokens[cut].lower in ("and", "or") else cut
    if begin < len(tokens):
        items.append((begin, len(tokens)))

    def bare(a: int, b: int) -> bool:
        part = tokens[a:b]
        if len(part) >= 2 and part[0].info.base_verb and _takes_object(part[1].lower):
            return False  # a verb phrase: "measure the error"
        return (
            0 < len(part) <= t.LIST_ITEM_MAX_WORDS
            and not _has_clause(part)
            and not any(x.info.verb_form or x.lower in AUXILIARIES for x in part)
        )

    def terse(run: list[tuple[int, int]]) -> bool:
        """Bare terms ("CRM, CAC, churn and budget"), not described items."""
        lengths = [b - a for a, b in run]
        return sum(lengths) / len(lengths) <= t.LIST_TERSE_MEAN_WORDS

    longest = 0
    k = 0
    while k < len(items):
        if not bare(*items[k]):
            k += 1
            continue
        run_start = k
        while k < len(items) and bare(*items[k]):
            k += 1
        run = items[run_start:k]
        size = len(run) + (1 if run_start > 0 else 0)
        if size >= t.LIST_MIN_ITEMS and terse(run) or size >= t.LIST_ALWAYS_ITEMS:
            longest = max(longest, size)
            for a, b in run:
                for tok in tokens[a:b]:
                    tok.masked = True
    return longest


def _count_items(tokens: list[Token], marks: list[tuple[int, str]]) -> int:
    """How many comma- or "and"-separated items the sentence strings together."""
    cuts = {i for i, ch in marks if ch in ",;/&"}
    cuts |= {i for i, tok in enumerate(tokens) if tok.lower in ("and", "or")}
    return len(cuts) + 1


def count_words(text: str) -> int:
    """Words for length: "buy-in", "$2.4M" and "1,200" are one word each."""
    return len(re.findall(r"[^\W_]+(?:['\-][^\W_]+|[.,]\d[^\W_]*)*", text or ""))
