"""An answer read as sentences: which are real clauses, which are lists or word salad,
and which words are negated.

Cutting the answer into sentences is :mod:`.sentence_split` (every line of a multi-line
answer is split on its own, so bullet points are sentences too); telling word salad is
:mod:`.word_salad`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import tunables as t
from .numbers import is_figure
from .sentence_split import split_sentences
from .word_salad import is_garbled, odd_pairs, scrambled
from .words import (
    ADVERBS,
    AUXILIARIES,
    BUZZ_PHRASES,
    BUZZWORDS,
    CONJUNCTIONS,
    DETERMINERS,
    PREPOSITIONS,
    SHORTHAND,
    STOCK_WORDS,
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
    key_term: bool = False  # matched a keyword or paraphrase of the question


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    tokens: list[Token]
    clause: bool = False  # has a verb: a statement, not a fragment
    garbled: bool = False  # word salad
    hollow: bool = False  # mostly business filler: "a holistic, best-in-class culture"
    words: int = 0
    index: int = 0
    list_items: int = 0  # size of the longest comma run of bare terms, 0 if none
    clauses: int = 0  # verbs heading a clause: "I sat down..., then I piloted it and ran..."
    items: int = 0  # comma/"and"-separated items in the sentence
    odd_pairs: int = 0  # neighbours no English sentence puts together ("the of")
    notes: list[str] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """Can this sentence be evidence of anything at all?"""
        return self.clause and not self.garbled and not self.hollow

    @property
    def substance(self) -> int:
        """Content words that are neither key terms nor words of stock phrases. A figure
        and the unit it measures ("four hours", "12 deals") say something even as a key
        term: "It saved around four hours a week" tells a result."""
        toks = self.tokens
        return sum(
            1
            for i, tok in enumerate(toks)
            if tok.content
            and not tok.masked
            and (
                not tok.key_term or is_figure(tok.lower) or (i > 0 and is_figure(toks[i - 1].lower))
            )
            and tok.lower not in STOCK_WORDS
        )

    @property
    def tells(self) -> bool:
        """Does it say something: a real sentence with content besides key terms and stock
        phrases ("My goal was buy-in." does not)? Only these count for length and STAR."""
        return self.readable and self.substance >= t.MIN_OTHER_CONTENT_WORDS

    def content_tokens(self) -> list[Token]:
        return [tok for tok in self.tokens if tok.content and not tok.masked]


#: Tokens that end the reach of a negation.
_NEGATION_STOPS = frozenset({",", ";", ":", "but", "so", "which", "because", "while", "though"})
#: Prepositions and particles a past verb opens a note with: "Worked with", "Rolled out".
_PARTICLES = PREPOSITIONS | frozenset("out up down off back over".split())
#: Words whose "'s" is "is" (or "has"), not a possessive.
_IS_BASES = frozenset("it that there here what who where how he she let".split())
_OBJECTS = frozenset("it them everyone everything both all what how where why whether".split())
#: Words that open an aside or a clause between commas, never a term of a list.
_ASIDE_OPENERS = frozenset("what how why when where who whether honestly frankly".split())
#: Verbs that take an object and hardly ever stand as nouns in a list of terms.
_PLAIN_VERBS = frozenset(
    """
    need needs want wants expect expects prefer prefers rely relies depend depends trust
    trusts own owns use uses
    """.split()
)
_BE = frozenset("is are was were be been being am isn't aren't wasn't weren't".split())


def read(text: str) -> list[Sentence]:
    """The answer as analysed sentences."""
    sentences = [
        _analyse(text, start, end, index)
        for index, (start, end) in enumerate(split_sentences(text))
    ]
    if scrambled(text, sentences):
        for s in sentences:
            s.garbled = True
    return sentences


def _analyse(text: str, start: int, end: int, index: int) -> Sentence:
    body = text[start:end]
    tokens: list[Token] = []
    marks: list[tuple[int, str]] = []  # punctuation between tokens: (token index, char)
    last = 0
    for m in TOKEN_RE.finditer(body):
        between = body[last : m.start()]
        if tokens and tokens[-1].lower == "with" and tokens[-1].raw.lower() == "w":
            between = between[1:]  # the "/" of "w/" is no mark between two terms
        for ch in between:
            # "win/loss" is one term; "CRM / CAC" two
            if ch in ",;:&" or ch == "/" and between != "/":
                marks.append((len(tokens), ch))
        last = m.end()
        raw = m.group()
        if raw.endswith(("'s", "'S")) and len(raw) > 3 and raw[:-2].lower() not in _IS_BASES:
            raw = raw[:-2]  # possessive: "stakeholder's team" names the stakeholder
        lower = fold(raw)
        if lower in _UNMARKED_CONTRACTIONS and not (lower in _LOWER_WORDS and raw.islower()):
            lower = _UNMARKED_CONTRACTIONS[lower]
        lower = SHORTHAND.get(raw.lower(), lower)
        if lower == "w" and body.startswith("/", m.end()) and not body.startswith("//", m.end()):
            lower = "with"  # "w/ the AM"
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
    sentence.clause = (
        _has_clause(tokens) or _is_statement(body, tokens) or _command_after_opener(tokens, marks)
    ) and not _stock_frame(tokens)
    sentence.items = _count_items(tokens, marks)
    # "an in-person review", "the per-rep average": the first part of a compound
    compound = {
        i for i in range(len(tokens) - 1) if text[tokens[i].end : tokens[i + 1].start] == "-"
    }
    sentence.odd_pairs = odd_pairs(tokens, {i for i, _ in marks} | compound)
    sentence.garbled = is_garbled(sentence.odd_pairs, len(tokens))
    sentence.hollow = _hollow(body, tokens)
    _mark_negation(tokens, marks)
    sentence.list_items = _mask_comma_runs(tokens, marks)
    sentence.clauses = _count_clauses(tokens, marks) if sentence.clause else 0
    return sentence


def _hollow(body: str, tokens: list[Token]) -> bool:
    """Is the sentence mostly business filler ("I'd create alignment and take a holistic,
    data-driven view of the go-to-market motion")? Such words sound like substance and
    name no method, number or example; a sentence made of them shows no point, whatever
    key term sits among them. One such word in a real sentence is nothing."""
    content = sum(1 for tok in tokens if tok.content)
    buzz = sum(1 for tok in tokens if tok.lower in BUZZWORDS)
    buzz += len(BUZZ_PHRASES.findall(body))
    return buzz >= t.HOLLOW_MIN_BUZZWORDS and buzz >= t.HOLLOW_BUZZ_SHARE * max(1, content)


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
            i > 0 or len(tokens) > 2 and (takes_object(words[1]) or words[1] in _PARTICLES)
        ):
            return True
        if w in SUBJECTS:
            nxt = [x for x in tokens[i + 1 : i + 4] if x.lower not in ADVERBS][:1]
            if nxt and nxt[0].info.verb:
                return True
        # "That cut our error", "It took a quarter", "This means...": a pronoun subject
        # and a verb that is plainly one (a past form, an -s form, or with an object).
        if w in _PRONOUN_SUBJECTS and i + 1 < len(tokens):
            verb = tokens[i + 1]
            after = words[i + 2] if i + 2 < len(tokens) else ""
            if verb.info.verb and (
                verb.info.verb_form or verb.lower.endswith("s") or after and takes_object(after)
            ):
                return True
        # "The dashboard shows win rate", "The forecast then feeds into quota": a
        # determiner, its noun and a verb in -s (adverbs between are passed over).
        # "The VP hires and develops the managers": two such verbs joined, then their
        # object ("the pipeline reviews and forecasts" has none after it).
        coordinated = (
            i + 3 < len(tokens)
            and words[i + 1] == "and"
            and tokens[i + 2].info.verb
            and words[i + 2].endswith("s")
            and takes_object(words[i + 3])
            and tokens[i + 3].start - tokens[i + 2].end == 1  # a space: no comma between
        )
        if (
            tok.info.verb
            and w.endswith("s")
            and not w.endswith("ss")
            and 2 <= i < len(tokens) - 1
            # "the pipeline reviews and ...": a list
            and (words[i + 1] not in CONJUNCTIONS or coordinated)
        ):
            back = [j for j in range(i - 1, -1, -1) if words[j] not in ADVERBS][:2]
            if (
                len(back) == 2
                and tokens[back[0]].content
                and not tokens[back[0]].info.verb_form
                and words[back[1]] in DETERMINERS
            ):
                return True
        # "because expansion and churn matter", "since deal sizes grow": a subordinate
        # clause's subject and its verb ("because of pricing" has none).
        if w in _SUBORDINATORS and i + 2 < len(tokens) and words[i + 1] != "of":
            for j in range(i + 2, min(i + 6, len(tokens))):
                if (words[j] in CONJUNCTIONS and words[j] != "and") or words[j] in PREPOSITIONS:
                    break
                if tokens[j].info.verb and tokens[j - 1].content and words[j - 1] != "of":
                    return True
        # "Executives want the headline": a noun, a verb, and what it takes.
        if 0 < i < len(tokens) - 1 and tok.info.verb and tokens[i - 1].content:
            after = words[i + 1]
            if takes_object(after):
                return True
            # "Sales leaders need forecasts", "Finance needs accurate bookings": a verb
            # that is seldom a noun of a term, then its object with no comma between
            if (
                w in _PLAIN_VERBS
                and tokens[i + 1].content
                and not tokens[i - 1].info.verb_form
                and tokens[i].start - tokens[i - 1].end == 1
                and tokens[i + 1].start - tokens[i].end == 1
            ):
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


#: Contractions typed without their apostrophe, read as if they had it: "dont" is
#: "don't", "Id" is "I'd". "cant" and "wont" are read so too (the words are rare in an
#: answer); "ill", "id" and "im" only with their capital.
_UNMARKED_CONTRACTIONS: dict[str, str] = {
    **{
        f"{base}nt": f"{base}n't"
        for base in (
            "do does did is was are were has have had could would should must need".split()
        )
    },
    "ive": "i've",
    "id": "i'd",
    "ill": "i'll",
    "im": "i'm",
    "thats": "that's",
    "theres": "there's",
    "theyre": "they're",
    "youre": "you're",
    "weve": "we've",
    "theyve": "they've",
    "youve": "you've",
    "cant": "can't",
    "wont": "won't",
}
#: Contractions that are also words in lower case: "ill", "id", "im".
_LOWER_WORDS = frozenset({"ill", "id", "im"})
_MODALS = frozenset("will would can could should must may might shall".split())
#: Words that open a subordinate clause, with a subject and a verb of its own.
_SUBORDINATORS = frozenset("because since although though whereas while when once unless".split())
_PRONOUN_SUBJECTS = frozenset("it this that which there".split())


#: "I'd", "we'll", "they've": a subject and its modal or auxiliary in one token.
_SUBJECT_AUX = re.compile(r"(?:i|we|you|they|he|she|it)'(?:d|ll|ve|m|re)")
#: Particles of phrasal commands: "set up a dashboard", "follow up with the rep".
_COMMAND_PARTICLES = frozenset("up out down off back over through in with".split())
#: What a coordinated command's object opens with: "..., fix them, and agree a step".
_OBJECT_OPENERS = frozenset(
    "the a an them it this that these those our their my his her its every each all any "
    "some".split()
)


def _count_clauses(tokens: list[Token], marks: list[tuple[int, str]]) -> int:
    """Verbs that head a clause: past forms, and verbs right after a subject or a modal
    ("I'd look", "does not happen"), and commands joined to one ("..., fix them, and
    agree a step"); not inside a comma run of terms ("met deadline" in a list)."""
    after_mark = {i for i, ch in marks if ch in ",;"}
    count = 0
    for i, tok in enumerate(tokens):
        if tok.masked:
            continue
        before = tokens[i - 1].lower if i else ""
        if tok.info.verb_form or tok.info.verb and _heads(tokens, i):
            count += 1
        elif (
            count
            and tok.info.base_verb
            and (before in ("and", "then", "or") or i in after_mark)
            and _takes_coordinated_object(tokens, i + 1)
        ):
            count += 1
    return max(1, count)


def _takes_coordinated_object(tokens: list[Token], i: int) -> bool:
    """Does a coordinated command's object start at token ``i``: "..., fix them", "and
    set up a dashboard" (a particle first), "recommend cutting the weakest sources"?"""
    if i >= len(tokens):
        return False
    word = tokens[i].lower
    if word in _OBJECT_OPENERS:
        return True
    if word in _COMMAND_PARTICLES:
        return i + 1 < len(tokens) and tokens[i + 1].lower in _OBJECT_OPENERS
    return word.endswith("ing") and tokens[i].info.verb


def _heads(tokens: list[Token], i: int) -> bool:
    """Does the word before token ``i`` make it a clause's verb: a subject, a modal, or
    "not"/"never" after one ("we would not archive", "it does not happen")?"""
    before = tokens[i - 1].lower if i else ""
    if before in ("not", "never") and i >= 2:
        before = tokens[i - 2].lower
        if before in AUXILIARIES:
            return True
    return before in SUBJECTS or before in _MODALS or bool(_SUBJECT_AUX.fullmatch(before))


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
#: "The key action was X", "Our main result was Y": a stock frame around a term.
_STOCK_SUBJECTS = frozenset("action result goal task outcome situation aim objective".split())
_LIGHT_VERBS = frozenset("be have do get make".split())
#: An arrow in typed notes: "became", "led to" ("win rate 29% -> 41%").
ARROW = re.compile(r"-+>|=+>|\u2192|\u21d2|\u27f6")
#: Labels that frame a story's part in notes ("Context: ...", "Learning: ..."), as
#: _STOCK_SUBJECTS do: what follows them must be a statement by itself.
_NOTE_FRAMES = frozenset(
    "context background problem challenge learning learnings lesson lessons finding "
    "findings analysis approach plan impact step steps why how what".split()
)


def _stock_frame(tokens: list[Token]) -> bool:
    """A stock opener whose only verb is "was"/"had": "My goal was attainment and pace."
    (a list of terms with a frame around it, not a statement)."""
    words = [tok.lower for tok in tokens]
    stock_subject = any(
        w in _STOCK_SUBJECTS and words[i + 1 : i + 2] in (["was"], ["is"], ["were"])
        for i, w in enumerate(words[:4])
    )
    if not stock_subject and not any(tuple(words[: len(o)]) == o for o in _STOCK_OPENERS):
        return False
    for tok in tokens:
        if not tok.info.verb or tok.lower in AUXILIARIES:
            continue
        if _after_to(tokens, tok):
            return False  # "My goal was to get adoption above 80%": an aim, stated
        if tok.info.verb_form and not tok.info.lemmas & _LIGHT_VERBS:
            return False  # "As a result, adoption doubled"
    return True


def _after_to(tokens: list[Token], tok: Token) -> bool:
    i = tokens.index(tok)
    return i > 0 and tokens[i - 1].lower in ("to", "would", "will", "could", "i", "we")


def _command_after_opener(tokens: list[Token], marks: list[tuple[int, str]]) -> bool:
    """A command after a short opening phrase and its comma: "In the first month,
    interview the executives", "Within a week, audit the CRM and its reports"."""
    comma = next((i for i, ch in marks if ch == ","), None)
    if comma is None or not 2 <= comma <= 6 or tokens[0].lower not in PREPOSITIONS:
        return False
    verb = tokens[comma] if comma < len(tokens) else None
    return (
        verb is not None
        and verb.info.base_verb
        and len(tokens) - comma >= 3
        and (
            takes_object(tokens[comma + 1].lower)
            or tokens[comma + 1].content
            and not tokens[comma + 1].info.verb_form
        )
    )


def takes_object(word: str) -> bool:
    """Can ``word`` open a verb's object (a determiner, a pronoun, a number)?"""
    return word in DETERMINERS or word in _OBJECTS or word[0].isdigit()


def _is_statement(body: str, tokens: list[Token]) -> bool:
    """Verbless lines that still state something: a worked calculation ("B: 7 / 30 =
    23%") or a note with a description ("Managers: rep-level pipeline for coaching")."""
    if ("=" in body or ARROW.search(body)) and any(tok.lower[0].isdigit() for tok in tokens):
        return True  # "3 days -> half a day": a measure and what it became
    head, colon, tail = body.partition(":")
    if colon and len(head.split()) <= 4:
        after = [tok for tok in tokens if tok.start - tokens[0].start >= len(head)]
        words = [tok.lower for tok in after]
        if len(words) >= 6 and any(w in PREPOSITIONS or w in DETERMINERS for w in words):
            return True
        # "Protected ranges: nobody overwrites formulas", "Conditional formatting: past
        # close dates, no next step": a note's term and what it does, in words of its own
        # ("Action: talked to them" is a frame, whose words must stand on their own)
        if head.strip().lower() in _STOCK_SUBJECTS or head.strip().lower() in _NOTE_FRAMES:
            return False
        return sum(1 for tok in after if tok.content and not tok.lower[0].isdigit()) >= 3
    return False


#: Where the subject of a denied "be" begins, reading back: "who is and isn't using it".
_SUBJECT_BOUNDS = frozenset("and or who what which whether if that".split()) | _BE


def _subject(word: str) -> bool:
    """A subject pronoun, "I'd" and "we'll" too: where a new clause starts."""
    return word in SUBJECTS or word.split("'")[0] in ("i", "we", "they", "you", "he", "she")


def _mark_negation(tokens: list[Token], marks: list[tuple[int, str]]) -> None:
    """Flag the words a "not", "never", "no" or "-n't" applies to."""
    stops_before = {i for i, ch in marks if ch in ",;:"}
    for i, tok in enumerate(tokens):
        following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if not negation_cue(tok.lower, following):
            continue
        negated_verb: Token | None = None  # the first verb the cue applies to
        for j in range(i + 1, min(len(tokens), i + 1 + t.NEGATION_SCOPE)):
            if j in stops_before or tokens[j].lower in _NEGATION_STOPS:
                break
            if j == i + 1 and _subject(tokens[j].lower):
                break  # "if not, I'd let my manager know": the cue ends its clause
            # "without judging and asked...", "not cut prices and win rate rose": a new
            # verb after "and" (its subject between) is a new clause.
            if tokens[j].lower in ("and", "or", "then") and j + 1 < len(tokens):
                ahead = tokens[j + 1 : j + 4]
                if ahead[0].lower in SUBJECTS or any(x.info.verb_form for x in ahead):
                    break
                # "who isn't using it and ask the reps why": a command after a verb in
                # another form ("didn't call and ask" keeps both denied)
                if (
                    ahead[0].info.base_verb
                    and negated_verb is not None
                    and not negated_verb.info.base_verb
                ):
                    break
            if negated_verb is None and tokens[j].info.verb and tokens[j].lower not in _BE:
                negated_verb = tokens[j]
            tokens[j].negated = True
        # "win rate was not tracked": the subject of a negated be/passive is negated too.
        before = tokens[i - 1].lower if i else ""
        if tok.lower in _BE or before in _BE:
            k = i - 1 if before in _BE else i
            for j in range(k - 1, max(-1, k - 6), -1):
                if j + 1 in stops_before or tokens[j].lower in _NEGATION_STOPS:
                    break
                if (
                    tokens[j].info.verb_form
                    or _subject(tokens[j].lower)
                    or tokens[j].lower in _SUBJECT_BOUNDS
                ):
                    break  # "I found the form wasn't passing": "found" is not denied
                tokens[j].negated = True


def _mask_comma_runs(tokens: list[Token], marks: list[tuple[int, str]]) -> int:
    """Mask the items of a run of bare terms ("CRM, CAC, pipeline and churn"); return the
    run's length (0 when none)."""
    commas = {i for i, ch in marks if ch in ",;/&"}
    if not commas:
        return 0  # "Produce and refresh reports and dashboards": no comma, no run
    # "and"/"or" cut items only after the first comma ("A, B, C and D"), so "CRM adoption
    # and data quality, measured by..." keeps its first item whole.
    cuts = sorted(
        commas
        | {i for i, tok in enumerate(tokens) if tok.lower in ("and", "or") and i > min(commas)}
    )
    items: list[tuple[int, int]] = []
    begin = 0
    for cut in cuts:
        if cut > begin:
            items.append((begin, cut))
        begin = cut + 1 if cut < len(tokens) and tokens[cut].lower in ("and", "or") else cut
    if begin < len(tokens):
        items.append((begin, len(tokens)))

    def short(a: int, b: int) -> bool:
        """A short item with no subject and no auxiliary: not a clause ("I cut it"), and
        not an aside ("honestly", "what happened": "I'd tell, to the CEO, honestly, what
        happened") or a participle's phrase ("..., looking at trends")."""
        part = tokens[a:b]
        return (
            0 < len(part) <= t.LIST_ITEM_MAX_WORDS
            and not any(x.lower in AUXILIARIES or x.lower in SUBJECTS for x in part)
            and part[0].lower not in _ASIDE_OPENERS
            and not (part[0].lower.endswith("ly") and part[0].lower in ADVERBS)
            # "..., looking at trends": a participle's phrase, not a term
            and not (
                len(part) > 1
                and part[0].lower.endswith("ing")
                and part[0].info.verb
                and (part[1].lower in PREPOSITIONS or part[1].lower in DETERMINERS)
            )
        )

    def bare(a: int, b: int) -> bool:
        """A term ("CRM", "met deadline", "follow through"): a short item that does not
        open with a preposition. "through structured onboarding" is a modifier: it starts
        no run, but carries one on ("..., time log, before and after, selling time")."""
        return short(a, b) and tokens[a].lower not in PREPOSITIONS

    def action(a: int, b: int) -> bool:
        """An item that says what was done: "added exit criteria", "cut the fields",
        "reviewing their work", "negotiate for resources"."""
        head = tokens[a]
        if head.info.verb_form:
            return True
        nxt = tokens[a + 1].lower if b - a > 1 else ""
        return head.info.verb and bool(nxt) and (takes_object(nxt) or nxt in PREPOSITIONS)

    def terse(run: list[tuple[int, int]]) -> bool:
        """Terms ("CRM, CAC, churn and budget", "win rate, exit criteria, forecast
        call"), not a run of actions ("added exit criteria, ran weekly calls...")."""
        lengths = [b - a for a, b in run]
        actions = sum(1 for a, b in run if action(a, b))
        short = sum(lengths) / len(lengths) <= t.LIST_TERSE_MEAN_WORDS
        return short or actions <= t.LIST_MAX_ACTION_SHARE * len(run)

    longest = 0
    k = 0
    while k < len(items):
        if not bare(*items[k]):
            k += 1
            continue
        run_start = k
        while k < len(items) and short(*items[k]):
            k += 1
        run = items[run_start:k]
        # The first item carries the sentence's verb ("Discuss total compensation, ..."):
        # it stays, and counts as one of the run.
        if run_start == 0 and any(tok.info.verb for tok in tokens[slice(*run[0])]):
            run = run[1:]
            run_start = 1
        if not run:
            continue
        size = len(run) + (1 if run_start > 0 else 0)
        if size >= t.LIST_MIN_ITEMS and terse(run) or size >= t.LIST_ALWAYS_ITEMS:
            longest = max(longest, size)
            if _describes(tokens[: run[0][0]]):
                continue  # "Ops owns the CRM, territories, comp and the forecast": its scope
            for a, b in run:
                for tok in tokens[a:b]:
                    tok.masked = True
    return longest


def _describes(head: list[Token]) -> bool:
    """Does ``head`` (the words before a run of terms) say what a function or a role
    covers ("Ops owns...", "Enablement runs...", "That means...")? Such a run is its
    scope, and each term says something. A run after "I"/"we" ("I used a pivot table,
    SUMIFS, XLOOKUP and...") stays a list of terms: what was done with them is untold."""
    words = [tok.lower for tok in head]
    return (
        bool(words)
        and not any(w in _FIRST_PERSON or w.split("'")[0] in _FIRST_PERSON for w in words)
        and any(tok.info.verb and not tok.info.nominal for tok in head)
    )


_FIRST_PERSON = frozenset("i we my our me us".split())


def _count_items(tokens: list[Token], marks: list[tuple[int, str]]) -> int:
    """How many comma- or "and"-separated items the sentence strings together."""
    cuts = {i for i, ch in marks if ch in ",;/&"}
    cuts |= {i for i, tok in enumerate(tokens) if tok.lower in ("and", "or")}
    return len(cuts) + 1


def count_words(text: str) -> int:
    """Words for length: "buy-in", "$2.4M" and "1,200" are one word each."""
    return len(re.findall(r"[^\W_]+(?:['\-][^\W_]+|[.,]\d[^\W_]*)*", text or ""))
