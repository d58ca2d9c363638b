"""Words: tokens, lemmas (by lemminflect), spelling variants and the word classes the
grader reads sentences with.

lemminflect is imported on first use, not at start-up: only grading needs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: A meeting of two, however it is typed: "one-on-one", "one to one", "1:1s".
_ONE_ON_ONE = r"(?i:one[- ](?:on|to)[- ]ones?|1[:-]1s?)(?!\w)"
#: A word ("buy", "didn't", "Salesforce"), single letters joined by a slash or an
#: ampersand ("A/B", "P&L") or a number ("2,000", "12.5"); a one-on-one is one word.
TOKEN_RE = re.compile(
    _ONE_ON_ONE + r"|[^\W\d_](?:[/&][^\W\d_])+(?![^\W\d_])|[^\W\d_]+(?:'[^\W\d_]+)*"
    r"|\d+(?:[.,]\d+)*"
)
_ONE_ON_ONE_RE = re.compile(_ONE_ON_ONE)


def fold(raw: str) -> str:
    """A token as compared: lower case, "A/B" and "AB" alike, every one-on-one alike."""
    lower = raw.lower()
    if len(lower) > 2 and lower[1] in "/&":
        return lower.replace("/", "").replace("&", "")
    if len(lower) >= 3 and lower[1] in ":-n" and _ONE_ON_ONE_RE.fullmatch(lower):
        return "one-on-one"
    return lower


DETERMINERS = frozenset(
    "the a an this these those our their my your its his her each every any some".split()
)
PREPOSITIONS = frozenset(
    "of to in on at by for with from into about over under between through per via "
    "across after before during within without against among toward towards onto upon".split()
)
SUBJECTS = frozenset("i we they he she you it".split())
PRONOUNS = SUBJECTS | frozenset("it me us them him her who whom which what that".split())
AUXILIARIES = frozenset(
    "is are was were be been being am has have had having will would can could should "
    "must may might shall do does did wo ca".split()
)
CONJUNCTIONS = frozenset("and or but nor so yet because although though while if".split())
ADVERBS = frozenset(
    "also then first next finally just really very quite still even only never not always "
    "often usually again soon already now later quickly immediately personally then".split()
)
#: Words that carry no content of their own: ignored when matching a paraphrase.
STOP_WORDS = (
    DETERMINERS
    | PREPOSITIONS
    | PRONOUNS
    | AUXILIARIES
    | CONJUNCTIONS
    | ADVERBS
    | frozenset("as than there here how when where why all both such own same other".split())
)
#: Words of stock interview phrases ("at my last company", "my goal was", "as a result"):
#: no evidence of anything by themselves.
STOCK_WORDS = frozenset(
    """
    situation task action result results outcome outcomes goal goals objective aim job role
    company previous last current time end overall example instance thing things stuff lot
    lots way focus focused work worked working involve involved ensure sure make made do did
    done get got go went able sort kind basically actually
    """.split()
)
#: Business filler: words that sound like substance and name no method, number or
#: example ("a holistic, scalable, data-driven culture"), and the same in phrases.
BUZZWORDS = frozenset(
    """
    holistic synergy synergies alignment proactive proactively agile resilient resilience
    scalable scalability leverage leveraging empower empowering empowerment robust
    seamless seamlessly cohesive ecosystem mindset paradigm transformational
    transformative innovative innovation excellence outstanding fabric magic passionate
    absolutely fundamentally ultimately truly incredibly strategic strategically
    visionary impactful dynamic journey culture
    """.split()
)
BUZZ_PHRASES = re.compile(
    r"\b(?:best[- ]in[- ]class|world[- ]class|mission[- ]critical|forward[- ]looking"
    r"|future[- ]proof(?:ed|ing)?|cutting[- ]edge|game[- ]changer|value[- ]add"
    r"|high[- ]performing|end[- ]to[- ]end|go[- ]to[- ]market|data[- ]driven|north star"
    r"|move the needle|lean in|best practices?|next level|single pane of glass)\b",
    re.IGNORECASE,
)
#: Words too common in any answer about sales to show a point on their own.
GENERIC_WORDS = frozenset(
    """
    sale sales customer customers team teams data process processes improve improved time
    work business company people rep reps number numbers report reports meeting meetings
    support help use make need plan plans issue issues problem problems result results
    change changes new good better manager managers leader leaders week weekly month
    monthly quarter quarterly year day system tool tools thing look want right clear
    """.split()
)

NEGATIONS = frozenset("not no never without nor neither none nobody nothing cannot".split())
#: Not negations of what follows: "not only", "no matter", and "say no to" (a refusal
#: named, nothing after it denied).
_NEGATION_EXCEPTIONS = frozenset({("not", "only"), ("not", "just"), ("no", "matter"), ("no", "to")})


def negation_cue(token: str, following: str) -> bool:
    """Is ``token`` (lower-case) a negation, given the token after it?"""
    if token.endswith("n't"):
        return True
    return token in NEGATIONS and (token, following) not in _NEGATION_EXCEPTIONS


# ---------------------------------------------------------------- lemmas


def _lemminflect():
    from lemminflect import getAllLemmas, getAllLemmasOOV  # imported when grading only

    return getAllLemmas, getAllLemmasOOV


#: British spellings of a lemma, folded to one form so both match: "-ise" only when the
#: "-ize" form is a known word ("prioritise", not "advise").
_OUR = re.compile(r"(?<=[bhlmv])our(?=s?$|ed$|ing$|able$)")


def _fold_spelling(lemma: str) -> str:
    if lemma.endswith(("yse", "ysed", "ysing", "yses")):
        lemma = lemma.replace("ys", "yz")
    if "isation" in lemma:
        lemma = lemma.replace("isation", "ization")
    if lemma.endswith("ise") and len(lemma) > 6 and _known(lemma[:-3] + "ize"):
        lemma = lemma[:-3] + "ize"
    if lemma.endswith("our") and len(lemma) > 5:
        lemma = _OUR.sub("or", lemma)
    if lemma.endswith("tre") and len(lemma) > 4 and _known(lemma[:-3] + "ter"):
        lemma = lemma[:-3] + "ter"
    if lemma.endswith(("lled", "lling")) and _known(lemma.replace("ll", "l", 1)):
        lemma = lemma.replace("ll", "l", 1)
    if lemma.endswith("eing") and lemma[:-4] + "ing" in _ING_NOUNS:
        lemma = lemma[:-4] + "ing"  # "ageing" is "aging"
    return lemma


@lru_cache(maxsize=8192)
def _known(word: str) -> bool:
    return bool(_lemminflect()[0](word))


#: Simple past forms that are never adjectives ("the built model", "the lost deals" are).
_SIMPLE_PAST = frozenset(
    "gave went ran sat took told got began sent spoke wrote drew chose did came saw knew "
    "thought brought bought taught caught".split()
)

#: Modals are no past tense: "should" is not "shall" done.
_MODALS = frozenset("should would could might".split())

#: Nouns in -ing whose verb is another topic: "marketing" is not "markets".
#: Shorthand typed in notes, read as the words it stands for ("2 qtrs", "w/o a plan").
SHORTHAND = {
    "wk": "week",
    "wks": "weeks",
    "hrs": "hours",
    "mins": "minutes",
    "yr": "year",
    "yrs": "years",
    "mos": "months",
    "qtr": "quarter",
    "qtrs": "quarters",
    "mgr": "manager",
    "mgrs": "managers",
    "mgmt": "management",
    "dept": "department",
    "depts": "departments",
    "acct": "account",
    "accts": "accounts",
    "opp": "opportunity",
    "opps": "opportunities",
    "mtg": "meeting",
    "mtgs": "meetings",
    "ppl": "people",
    "approx": "approximately",
    "avg": "average",
    "reqs": "requirements",
    "recs": "recommendations",
    "thru": "through",
    "w/o": "without",
    "b/c": "because",
    "cust": "customer",
    "custs": "customers",
    "conv": "conversion",
    "convs": "conversions",
    "hist": "history",
    "fcst": "forecast",
    "fcsts": "forecasts",
    "pipe": "pipeline",
    "wkly": "weekly",
    "mthly": "monthly",
    "qtrly": "quarterly",
    "rev": "revenue",
    "perf": "performance",
    "dir": "director",
    "dirs": "directors",
    "execs": "executives",
    "ent": "enterprise",
    "mktg": "marketing",
    "biz": "business",
    "comms": "communications",
    "eval": "evaluation",
    "impl": "implementation",
}

_ING_NOUNS = frozenset("marketing accounting building meeting aging ageing".split())
#: Adverbs that only mark how something is said ("actually", "really"): they do not
#: stand for their adjective, so "actually" is not "actuals" and "really" not "real".
_DISCOURSE_ADVERBS = frozenset(
    """
    actually really basically literally honestly obviously totally seriously essentially
    practically virtually apparently naturally certainly definitely probably possibly
    hopefully surely frankly
    """.split()
)


@dataclass(frozen=True)
class WordInfo:
    """What the grader needs to know of one lower-case word."""

    lemmas: frozenset[str]
    known: bool  # lemminflect knows it: a real word, never a typo
    verb: bool  # can be a verb
    verb_form: bool  # an inflected verb form other than -s/-ing: "moved", "grew", "built"
    base_verb: bool  # a verb's base form: "build", "find"
    #: Only a noun or an adjective, never a verb or an adverb ("sales", "real"): no word
    #: a subject pronoun is followed by.
    nominal: bool = False
    #: Only a verb, in a past form that is no participle-adjective: "gave", "told".
    past_only: bool = False


@lru_cache(maxsize=65536)
def word_info(word: str) -> WordInfo:
    """Lemmas and verb facts of one lower-case word (cached)."""
    get_lemmas, get_oov = _lemminflect()
    if not word[0].isalpha():
        return WordInfo(frozenset({word}), True, False, False, False)
    found = get_lemmas(word)
    known = bool(found)
    if word in _ING_NOUNS:
        found = {"NOUN": (word,)}
    if not found and "'" not in word:
        found = dict(get_oov(word, "NOUN"))
        # OOV rules would read "crm" as a verb; an unknown word is a name or a term,
        # unless it looks inflected ("onboarded", "upselling").
        if word.endswith(("ing", "ed")):
            found.update(get_oov(word, "VERB"))
    lemmas = {word}
    for forms in found.values():
        lemmas.update(f.lower() for f in forms)
    # An adverb matches its adjective: "privately" says "private", "easily" "easy".
    if "ADV" in found and word.endswith("ly") and len(word) > 5 and word not in _DISCOURSE_ADVERBS:
        for base in (word[:-2], word[:-3] + "y", word[:-2] + "e"):
            if _known(base):
                lemmas.add(base)
                break
    verbs = {v.lower() for v in found.get("VERB", ())}
    is_verb = bool(verbs)
    # "fell" is "fall" done, though "to fell" is a verb too: any other verb it comes from
    verb_form = (
        any(v != word for v in verbs) and not word.endswith(("s", "ing")) and word not in _MODALS
    )
    base = is_verb and word in verbs
    folded = frozenset(_fold_spelling(x) for x in lemmas) | frozenset(lemmas)
    tags = set(found) if known else set()
    nominal = bool(tags) and tags <= {"NOUN", "ADJ", "PROPN"} and word not in STOP_WORDS
    past_only = (
        tags == {"VERB"} and verb_form and not word.endswith(("ed", "en")) and word in _SIMPLE_PAST
    )
    return WordInfo(folded, known, is_verb, verb_form, base, nominal, past_only)


@lru_cache(maxsize=65536)
def canonical(word: str) -> str:
    """One form for a lower-case word and all its inflections and spellings: "reps" and
    "rep", "analysed" and "analyzes" alike (its shortest lemma, spelling folded)."""
    return min(
        (_fold_spelling(lemma) for lemma in word_info(word).lemmas), key=lambda x: (len(x), x)
    )


def is_acronym(raw: str) -> bool:
    """ "CRM", "IT", "LTVs": written in capitals, two letters or more."""
    core = raw[:-1] if raw.endswith("s") and raw[:-1].isupper() else raw
    return len(core) >= 2 and core.isalpha() and core.isupper()


def near_typo(a: str, b: str) -> bool:
    """A typo of each other: same first letter, and one edit apart (two for words of
    TYPO_LONG_LEN letters or more whose first two letters agree). Edits: insert, delete,
    substitute, swap of neighbours. A plural "s" on either side is free."""
    from .tunables import TYPO_LONG_LEN

    if a == b or not a or not b or a[0] != b[0]:
        return False
    if a.endswith("s") != b.endswith("s"):
        a, b = a.rstrip("s"), b.rstrip("s")
    budget = 2 if min(len(a), len(b)) >= TYPO_LONG_LEN and a[:2] == b[:2] else 1
    if abs(len(a) - len(b)) > budget:
        return False
    return _distance(a, b, budget) <= budget


def _distance(a: str, b: str, cap: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps), giving up past ``cap``."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > cap:
            return cap + 1
        prev2, prev = prev, cur
    return prev[-1]
