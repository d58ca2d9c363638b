"""Key points found in an answer, sentence by sentence, with the sentence as evidence.

A key point is covered by one real sentence (see :mod:`.sentences`) that says one of its
keywords or paraphrases: words compared by lemma (and the synonyms of :mod:`.lexicon`),
acronyms in capitals, in order, never across sentences, never negated, never inside a
comma run of bare terms; and the sentence must say something besides the terms.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from functools import lru_cache

from salesops_drill.bank import KeyPoint

from . import tunables as t
from .lexicon import synonyms
from .numbers import is_figure
from .sentences import Sentence, Token, takes_object
from .words import (
    ADVERBS,
    AUXILIARIES,
    GENERIC_WORDS,
    STOCK_WORDS,
    STOP_WORDS,
    TOKEN_RE,
    fold,
    is_acronym,
    near_typo,
    negation_cue,
    word_info,
)


@dataclass(frozen=True)
class KeyPointHit:
    """A covered key point: what matched, and the sentence that says it."""

    label: str
    keyword: str  # the keyword or paraphrase that matched
    text: str  # the answer's own words that matched
    start: int  # character offsets of ``text`` in the answer
    end: int
    sentence: str = ""  # the whole sentence: the evidence quoted back
    sentence_start: int = 0
    sentence_end: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _Word:
    lemmas: frozenset[str]
    forms: tuple[str, ...]  # lower-case spellings, for typo tolerance
    acronym: str | None


@dataclass(frozen=True)
class _Pattern:
    source: str
    paraphrase: bool
    words: tuple[_Word, ...]
    #: Word k is glued to word k-1 ("buy-in", "LTV:CAC"): they must be neighbours.
    attached: tuple[bool, ...]
    joined: str  # "win rate" typed as "winrate"
    negative: bool  # says a negation itself ("no surprises"): negated words may match
    gap: int
    may_skip: int


@lru_cache(maxsize=16384)
def _word(raw: str) -> _Word:
    lower = fold(raw)
    info = word_info(lower)
    lemmas: set[str] = set()
    for lemma in info.lemmas:
        lemmas |= synonyms(lemma)
    return _Word(frozenset(lemmas), (lower, *sorted(info.lemmas)), raw if is_acronym(raw) else None)


@lru_cache(maxsize=16384)
def _pattern(source: str, paraphrase: bool) -> _Pattern | None:
    # (token, glued to the one before): the parts of "buy-in" stay together, stop words
    # and all, while "of" in "cost of acquisition" may be left out.
    units = [
        (raw, k > 0) for piece in source.split() for k, raw in enumerate(TOKEN_RE.findall(piece))
    ]
    if not units:
        return None
    total = len(units)
    keep = [u for u in units if u[1] or u[0].lower() not in STOP_WORDS or is_acronym(u[0])]
    if keep and keep[0][1]:
        keep[0] = (keep[0][0], False)
    if paraphrase or total > 2:
        units = keep or units
    words = tuple(_word(raw) for raw, _ in units)
    attached = tuple(glued for _, glued in units)
    n = len(words)
    skip = 1 if paraphrase and n >= t.PARAPHRASE_ONE_MISSING_FROM else 0
    gap = t.PARAPHRASE_GAP if paraphrase else t.KEYWORD_GAP + (total - n)
    joined = "".join(w.forms[0] for w in words) if n > 1 else ""
    negative = any(negation_cue(raw.lower(), "") for raw, _ in units)
    return _Pattern(
        source=source,
        paraphrase=paraphrase,
        words=words,
        attached=attached,
        joined=joined,
        negative=negative,
        gap=gap,
        may_skip=skip,
    )


def _matches(word: _Word, tok: Token, negative: bool = False) -> bool:
    if tok.masked or tok.negated and not negative:
        return False
    if word.acronym:
        if tok.raw in (word.acronym, word.acronym + "s"):
            return True
        # "crm" typed in lower case still names the CRM, unless it is an English word
        # ("it" is not "IT").
        return tok.lower.rstrip("s") == word.acronym.lower().rstrip("s") and not tok.info.known
    if tok.info.lemmas & word.lemmas:
        return True
    if not tok.info.known and len(tok.lower) >= t.TYPO_MIN_LEN - 1:
        return any(len(f) >= t.TYPO_MIN_LEN and near_typo(tok.lower, f) for f in word.forms)
    return False


def _find(pattern: _Pattern, tokens: list[Token]) -> tuple[int, int, int] | None:
    """(first token, last token + 1, words skipped) of the earliest match, or None."""
    if pattern.joined:
        for i, tok in enumerate(tokens):
            if tok.lower == pattern.joined and not (tok.masked or tok.negated):
                return i, i + 1, 0
    words = pattern.words
    if len(words) == 1 and not words[0].acronym:
        # "pipe-line" or "pipe line" typed for "pipeline"
        target = words[0].forms[0]
        for i, (a, b) in enumerate(zip(tokens, tokens[1:], strict=False)):
            if a.lower + b.lower in (target, target + "s") and not (a.negated or a.masked):
                return i, i + 2, 0
    hits = [
        [i for i, tok in enumerate(tokens) if _matches(w, tok, pattern.negative)] for w in words
    ]

    def extend(k: int, last: int, skipped: int) -> tuple[int, int] | None:
        if k == len(words):
            return last, skipped
        reach = last + 1 if pattern.attached[k] else last + 1 + pattern.gap
        for i in hits[k]:
            if last < i <= reach:
                done = extend(k + 1, i, skipped)
                if done:
                    return done
        if skipped < pattern.may_skip and 0 < k < len(words) - 1:
            return extend(k + 1, last, skipped + 1)
        return None

    for first_word in range(0, 1 + pattern.may_skip):
        for i in hits[first_word] if first_word < len(words) else ():
            done = extend(first_word + 1, i, first_word)
            if done:
                return i, done[0] + 1, done[1]
    return None


@dataclass
class _Candidate:
    point: int
    sentence: Sentence
    first: int
    last: int
    strength: float
    source: str
    matched: int = 1  # content words of the pattern that matched
    paraphrase: bool = False
    #: For a match of the point's words scattered over the sentence: the words' tokens
    #: (the words between them are the answer's own).
    scattered: frozenset[int] | None = None


#: Words of quantity and comparison: "more leads" and "A closed more deals" share no
#: idea, only "more"; "different names" and "different stages" only "different".
_NO_IDEA = frozenset(
    "more most less least fewer much many few several same different other another similar "
    # particles, number words and light verbs: "set up", "took one back"
    "up out off back down away one two three four five take took taken set keep kept run "
    "ran put get got give gave go went come came".split()
)


@lru_cache(maxsize=4096)
def _bag(kp: KeyPoint, exclude: frozenset[str]) -> frozenset[str]:
    """The point's distinctive words (lemmas and synonyms of its label, keywords and
    paraphrases), less generic words and the question's own."""
    out: set[str] = set()
    for text in (kp.label, *kp.keywords, *kp.paraphrases):
        for raw in TOKEN_RE.findall(text):
            lower = raw.lower()
            if lower in STOP_WORDS or lower in STOCK_WORDS or lower in GENERIC_WORDS:
                continue
            out |= _word(raw).lemmas
    return frozenset(out - exclude - GENERIC_WORDS - _NO_IDEA)


def _bag_hit(
    bag: frozenset[str], sentence: Sentence, negative: bool = False
) -> tuple[int, int, frozenset[int]] | None:
    """(first, last + 1, the tokens) of a sentence naming BAG_MIN_WORDS of the point's
    words (negated ones too for a point that is itself a negation: see
    :func:`_says_not`)."""
    hits = [
        i
        for i, tok in enumerate(sentence.tokens)
        if tok.content
        and not tok.masked
        and (negative or not tok.negated)
        and tok.lower not in GENERIC_WORDS
        and tok.info.lemmas & bag
    ]
    # one idea per synonym group: "pay" and "commission" are one word here
    words = {
        min(syn for lemma in sentence.tokens[i].info.lemmas & bag for syn in synonyms(lemma))
        for i in hits
    }
    if len(words) < t.BAG_MIN_WORDS:
        return None
    return hits[0], hits[-1] + 1, frozenset(hits)


def _candidates(
    points: tuple[KeyPoint, ...],
    sentences: list[Sentence],
    exclude: frozenset[str],
    weak: bool = True,
) -> tuple[list[_Candidate], dict[int, set[int]], dict[tuple[int, int], set[int]]]:
    """The best match of each point in each readable sentence, the tokens of every
    sentence that any keyword or paraphrase matched (its key terms), and by (sentence,
    point) those only that point's paraphrases matched. Without ``weak``,
    a one-word keyword or the point's words scattered over a sentence cover nothing
    (they still mark key terms)."""
    found: list[_Candidate] = []
    terms: dict[int, set[int]] = {}
    phrased: dict[tuple[int, int], set[int]] = {}  # (sentence, point): its paraphrases' tokens
    keyworded: dict[int, set[int]] = {}  # sentence: tokens any keyword matched
    for p, kp in enumerate(points):
        patterns = [_pattern(k, False) for k in kp.keywords]
        patterns += [_pattern(k, True) for k in kp.paraphrases]
        negative = _says_not(kp.label)
        if negative:  # "I wouldn't change anyone's commission" says it
            patterns = [replace(p, negative=True) if p is not None else None for p in patterns]
        bag = _bag(kp, exclude)
        for sentence in sentences:
            if not sentence.readable:
                continue
            best: _Candidate | None = None
            figure: _Candidate | None = None  # the best that is a figure, if not the best
            for pattern in patterns:
                if pattern is None:
                    continue
                hit = _find(pattern, sentence.tokens)
                if hit is None:
                    continue
                first, last, skipped = hit
                if skipped and not _says_enough(pattern, sentence.tokens[first:last]):
                    # "how much pipeline we actually need" found, less "pipeline", in
                    # "more... actually we just need"
                    continue
                here: set[int] = set()
                _mark_terms(pattern, sentence, first, last, here)
                terms.setdefault(sentence.index, set()).update(here)
                if pattern.paraphrase:
                    phrased.setdefault((sentence.index, p), set()).update(here)
                else:
                    keyworded.setdefault(sentence.index, set()).update(here)
                if _is_weak(pattern) and (not weak or _is_abstract(pattern)):
                    continue
                strength = len(pattern.words) - skipped + (0.5 if pattern.paraphrase else 0)
                made = _Candidate(p, sentence, first, last, strength, pattern.source)
                made.matched = len(pattern.words) - skipped
                made.paraphrase = pattern.paraphrase
                if best is None or strength > best.strength:
                    best = made
                if _states_figure(made) and (figure is None or strength > figure.strength):
                    figure = made
            if figure is not None and figure is not best:
                found.append(figure)  # see match_points: a figure is not held by the cap
            if best is None and weak:
                span = _bag_hit(bag, sentence, negative)
                if span is not None:
                    best = _Candidate(p, sentence, span[0], span[1], 0.5, "(in other words)")
                    best.scattered = span[2]
            if best is not None:
                found.append(best)
    # A point said twice in its own words ("I wrote a short guide so a colleague could
    # run it") says something: its paraphrases' words are no mere key terms for it.
    by_sentence: dict[int, dict[int, set[int]]] = {}
    for (index, p), tokens in phrased.items():
        by_sentence.setdefault(index, {})[p] = tokens
    own: dict[tuple[int, int], set[int]] = {}
    for index, points_here in by_sentence.items():
        for p, tokens in points_here.items():
            others = set().union(*(t for q, t in points_here.items() if q != p))
            own[index, p] = tokens - keyworded.get(index, set()) - others
    return found, terms, own


def _says_enough(pattern: _Pattern, span: list[Token]) -> bool:
    """Does a paraphrase matched with a word left out still name two of its ideas? The
    words left may be only generic ones ("more", "actually", "need")."""
    ideas = {
        tok.lower
        for tok in span
        if tok.content
        and tok.lower not in GENERIC_WORDS
        and tok.lower not in _NO_IDEA
        and tok.lower not in ADVERBS
        and any(_matches(word, tok, pattern.negative) for word in pattern.words)
    }
    return len(ideas) >= 2


#: Abstract nouns of any interview answer: as a one-word keyword, no evidence of a point
#: ("my experience and leadership", "a sense of purpose", "confidence in the numbers").
_ABSTRACT = frozenset(
    """
    experience leadership strategy strategic purpose growth confidence balance empathy
    transparency insight insights commitment collaboration alignment vision values culture
    excellence efficiency impact value success trust initiative initiatives mindset outcome
    """.split()
)


def _is_abstract(pattern: _Pattern) -> bool:
    return pattern.words[0].forms[0] in _ABSTRACT


def _is_weak(pattern: _Pattern) -> bool:
    """A keyword of one word ("segment", "trust"): any answer in the field may say it."""
    return not pattern.paraphrase and len(pattern.words) == 1


def _says_not(label: str) -> bool:
    """Does the point open with a negation ("Does not own deals or quota", "No
    surprises", "Never promises a date")? Then a negated mention is how an answer says
    it. One inside the label ("Fix causes, not just records") is not."""
    words = TOKEN_RE.findall(label.lower())[:2]
    if not words:
        return False
    first, second = words[0], words[1] if len(words) > 1 else ""
    if negation_cue(first, second):
        return True
    return first in AUXILIARIES and negation_cue(second, "")


def _mark_terms(
    pattern: _Pattern, sentence: Sentence, first: int, last: int, into: set[int]
) -> None:
    """Mark every place the pattern matches in the sentence as key terms, from the first."""
    tokens = sentence.tokens
    while True:
        into.update(range(first, last))
        for tok in tokens[first:last]:
            tok.key_term = True
        hit = _find(pattern, tokens[last:]) if last < len(tokens) else None
        if hit is None:
            return
        first, last = last + hit[0], last + hit[1]


def _substantial(c: _Candidate, terms: set[int]) -> bool:
    """Does the sentence say something besides key terms and stock phrases?"""
    others = [
        tok
        for i, tok in enumerate(c.sentence.tokens)
        if tok.content
        and not tok.masked
        # a worked figure says something, even inside the match ("saved four hours")
        and (
            not (c.first <= i < c.last if c.scattered is None else i in c.scattered)
            or is_figure(tok.lower)
        )
        and (i not in terms or is_figure(tok.lower))
        and tok.lower not in STOCK_WORDS
    ]
    # A paraphrase is a phrasing with its own verb ("dug into what happened"): the more of
    # it matched, the less else the sentence needs to say. A keyword is a bare term.
    need = t.MIN_OTHER_CONTENT_WORDS
    if c.paraphrase:
        need -= max(0, c.matched - 2)  # a longer phrasing says more by itself
        if c.matched >= 2 and (_acts(c.sentence) or _has_own_verb(c)):
            # "Next I dug into what had happened", "A CRM admin manages the tools":
            # someone doing it
            need -= 1
    return len(others) >= max(0, need)


def _states_figure(c: _Candidate) -> bool:
    """Is the match a stated figure ("15%", "12/80", "12 out of 80")? Each figure of a
    worked answer makes its own point, however many a sentence holds."""
    content = [tok for tok in c.sentence.tokens[c.first : c.last] if tok.content]
    return bool(content) and all(tok.lower[0].isdigit() for tok in content)


def _acts(sentence: Sentence) -> bool:
    """Someone does something: I/we with a verb (past, present or with "would": "I
    understand what they ask", "I'd pull the data"), or a command ("Research the...")."""
    tokens = sentence.tokens
    if tokens and tokens[0].info.base_verb and tokens[0].lower not in STOCK_WORDS:
        return True
    agent = any(tok.lower in _AGENTS for tok in tokens)
    return agent and any(
        (tok.info.verb_form or tok.info.base_verb)
        and tok.lower not in STOCK_WORDS
        and tok.lower not in AUXILIARIES
        and not tok.negated
        for tok in tokens
    )


_AGENTS = frozenset("i we i'd we'd i'll we'll".split())


def _has_own_verb(c: _Candidate) -> bool:
    """Does the phrase matched hold a subject, its verb and the verb's object ("a CRM
    admin manages the tools")? Then it is a statement, not a term ("technical skills
    can be learned", "fewer opportunities")."""
    tokens = c.sentence.tokens
    for i in range(c.first + 1, c.last - 1):
        tok = tokens[i]
        if (
            tok.info.verb
            and (tok.info.verb_form or tok.lower.endswith("s"))
            and tokens[i - 1].content
            and not tok.negated
            and tok.lower not in STOCK_WORDS
            and tok.lower not in AUXILIARIES
            and takes_object(tokens[i + 1].lower)
        ):
            return True
    return False


def match_points(
    points: tuple[KeyPoint, ...],
    sentences: list[Sentence],
    text: str,
    exclude: frozenset[str] = frozenset(),
    weak: bool = True,
) -> tuple[list[KeyPointHit], list[str], list[int]]:
    """Covered points (with evidence), missed labels, and the indexes of dense sentences
    (mostly key terms: at most one point each). ``exclude``: words of the question
    itself, which never count as the candidate's own wording of a point. ``weak=False``
    (an answer off the question's topic): only paraphrases and keywords of several
    words count."""
    found, key_terms, own = _candidates(points, sentences, exclude, weak)
    candidates = [
        c
        for c in found
        if _substantial(
            c,
            key_terms.get(c.sentence.index, set()) - own.get((c.sentence.index, c.point), set()),
        )
    ]
    term_tokens: dict[int, set[int]] = {}
    for c in candidates:
        term_tokens.setdefault(c.sentence.index, set()).update(range(c.first, c.last))
    dense: list[int] = []
    caps: dict[int, int] = {}
    for sentence in sentences:
        terms = term_tokens.get(sentence.index, set())
        # every content word, list items included: a term list is dense however masked
        content = sum(1 for tok in sentence.tokens if tok.content) or 1
        cap = t.MAX_POINTS_PER_CLAUSE * sentence.clauses
        if sentence.items >= t.RUN_ON_ITEMS:
            # "I looked at A, B, C and D, and presented E": one point per verb at most
            cap = min(cap, sentence.clauses)
        if len(terms) / content > t.MAX_KEY_TERM_DENSITY and len(terms) >= 2:
            cap = sentence.clauses  # mostly key terms: one point per clause at most
            dense.append(sentence.index)
        caps[sentence.index] = cap
    chosen = _assign(candidates, caps)
    covered, missed = [], []
    for p, kp in enumerate(points):
        c = chosen.get(p)
        if c is None:
            missed.append(kp.label)
            continue
        start, end = c.sentence.tokens[c.first].start, c.sentence.tokens[c.last - 1].end
        covered.append(
            KeyPointHit(
                kp.label,
                c.source,
                text[start:end],
                start,
                end,
                c.sentence.text,
                c.sentence.start,
                c.sentence.end,
            )
        )
    return covered, missed, dense


def _assign(candidates: list[_Candidate], caps: dict[int, int]) -> dict[int, _Candidate]:
    """Each point's evidence, with no sentence backing more points than its cap: as many
    points covered as the caps allow, each by its strongest candidate that leaves room
    for the others.

    Points are taken strongest first, each given its best candidate; where that
    sentence is full, a point already there moves to another of its candidates if it
    can (an augmenting path, as in bipartite matching). So "That means building the
    reports, analysing pipeline and supporting the forecast" is left to the forecast
    when the point it first went to has a sentence of its own elsewhere.
    """
    by_point: dict[int, list[_Candidate]] = {}
    for c in sorted(candidates, key=lambda c: (-c.strength, c.sentence.index, c.point)):
        by_point.setdefault(c.point, []).append(c)
    chosen: dict[int, _Candidate] = {}
    held: dict[int, list[int]] = {}  # sentence index: the points it backs (not figures)

    def place(point: int, seen: set[int]) -> bool:
        for c in by_point[point]:
            if _states_figure(c):  # "A is 12/80 = 15% and B's is 7/30 = 23%": no cap
                chosen[point] = c
                return True
            where = c.sentence.index
            if where in seen:
                continue
            seen.add(where)
            there = held.setdefault(where, [])
            if len(there) < caps[where]:
                there.append(point)
                chosen[point] = c
                return True
            for other in list(there):
                there.remove(other)
                if place(other, seen):
                    there.append(point)
                    chosen[point] = c
                    return True
                there.append(other)
        return False

    for point in sorted(by_point, key=lambda p: (-by_point[p][0].strength, p)):
        place(point, set())
    return chosen


def mentions(term: str, sentence: Sentence) -> list[int]:
    """Token positions where a term (a keyword) is named in a sentence."""
    pattern = _pattern(term, False)
    out: list[int] = []
    start = 0
    while pattern is not None and start < len(sentence.tokens):
        hit = _find(pattern, sentence.tokens[start:])
        if hit is None:
            break
        out.append(start + hit[0])
        start += hit[1]
    return out


def keyword_matches(keyword: str, text: str) -> bool:
    """Does one keyword match anywhere in a text (any sentence, read or not)?"""
    from .sentences import read

    pattern = _pattern(keyword, False)
    return pattern is not None and any(_find(pattern, s.tokens) for s in read(text))


_RATIO = re.compile(r"^(?P<a>.+?)\s+divided\s+by\s+(?P<b>.+)$", re.IGNORECASE)


def reversed_ratios(
    points: tuple[KeyPoint, ...], sentences: list[Sentence]
) -> list[tuple[str, str, str, str]]:
    """Ratios said upside down: (point label, numerator, denominator, sentence) for each
    point whose alternative is "A divided by B" where the answer says "B divided by A".

    Both orders are read word after word, none of them left out; a sentence that also
    says it the right way round ("add each rep's quota and divide bookings by quota")
    has not turned it over.
    """
    found = []
    for kp in points:
        for alt in (*kp.keywords, *kp.paraphrases):
            m = _RATIO.match(alt.strip())
            if not m:
                continue
            a, b = m.group("a"), m.group("b")
            flipped = _ratio_patterns(b, a)
            right = _ratio_patterns(a, b)
            hit = next(
                (
                    s
                    for s in sentences
                    if s.readable
                    and any(_find(p, s.tokens) for p in flipped)
                    and not any(_find(p, s.tokens) for p in right)
                ),
                None,
            )
            if hit is not None:
                found.append((kp.label, a, b, hit.text))
                break
    return found


def _ratio_patterns(a: str, b: str) -> list[_Pattern]:
    """ "a divided by b" and "divide a by b": in order, with room for a word or two
    between ("divide each rep's quota by..."), and no word of them left out."""
    made = (_pattern(f"{a} divided {b}", True), _pattern(f"divide {a} {b}", True))
    return [replace(p, may_skip=0) for p in made if p is not None]
