"""STAR parts credited for content, not for cue phrases.

A part counts when a real sentence carries it: a situation with context (a setting and
what was wrong or at stake), a task with an objective, an action with an object (I did
something to something: "we rebuilt the routing" does not say what you did), a result
with a change and a measure. Situational questions
ask for a plan, so there the parts are the reading of the scenario, the aim, the steps and
the outcome expected.
"""

from __future__ import annotations

import re

from salesops_drill.bank import STAR_PARTS

from . import tunables as t
from .numbers import DURATION_UNITS, Quantity, measures
from .sentences import ARROW, Sentence
from .words import ADVERBS, AUXILIARIES, STOCK_WORDS

#: Lemmas that state a problem or a state of affairs worth telling.
_PROBLEM = frozenset(
    """
    problem issue flat plateau stall decline drop fall miss slip slow late lose loss low high
    struggle complain complaint behind gap inconsistent error wrong broken mess manual churn
    delay stuck pressure conflict resist resistance push disagree unreliable inaccurate
    duplicate outdated overdue concern risk urgent crisis fail failure shortfall confuse
    confusion frustrate frustration
    """.split()
)
_SETTING = frozenset(
    """
    company team firm employer startup business region quarter year month week role job org
    organization department market division office customer client rep manager leadership
    """.split()
)
#: Nouns that state an objective ("my goal was", "the target was").
_TASK_NOUNS = frozenset(
    """
    goal aim objective task job responsibility mandate brief remit target priority
    """.split()
)
#: Verbs that give me an objective ("I needed to", "I was asked to", "I owned the...").
_TASK_VERBS = frozenset(
    "need have want ask task charge own responsible accountable hire bring aim".split()
)
#: "It was on me to dig in", "it fell to me to...", "it was up to us to...".
_ON_ME = re.compile(r"\b(?:on|up to|fell to|down to)\s+(?:me|us)\s+to\b", re.IGNORECASE)
#: "I'd want to...", "we'll need to...": I or we, with a modal run in.
_CONTRACTED_SUBJECTS = {"i'd": "i", "i'll": "i", "we'd": "we", "we'll": "we"}
#: A plan's aim with a date: "coverage from 2x to 3x within two quarters", "one agreed
#: figure by end of day tomorrow".
_DEADLINE = re.compile(
    # "within two quarters", "in the next 30 days"
    r"\b(?:within|in the next)\s+(?:a|an|\d+|one|two|three|four|five|six|twelve|ninety)\s+"
    r"(?:day|week|month|quarter|year)s?\b"
    # "by end of day", "by the end of the quarter", "by Friday", "by Q3" (not "by a lot")
    r"|\bby\s+(?:the\s+)?(?:end\s+of|next|monday|tuesday|wednesday|thursday|friday"
    r"|tomorrow|tonight|q[1-4])\b",
    re.IGNORECASE,
)
_CHANGE = frozenset(
    """
    increase decrease grow rise fall drop cut reduce improve lift raise boost lower save
    shorten double triple halve climb jump decline shrink reach hit exceed beat recover gain
    free go come bring speed tighten narrow close recoup up down
    """.split()
)
#: Outcomes that are results once measured: "renewed with five extra seats", "now it
#: takes ten minutes".
_OUTCOME = frozenset(
    """
    avoid renew launch land catch win close finish deliver complete generate adopt hit
    above below under more fewer less faster earlier higher better worse back now
    """.split()
)
_EXPECT = frozenset("expect hope aim target goal would should could will plan want".split())
#: A plan's aim: "aiming for within 5%". Not "target" or "goal": in sales talk those are
#: most often a quota ("a $2.5M target"), not what the work is expected to bring.
_AIM = frozenset({"aim"})
_DIAGNOSE = frozenset(
    """
    understand clarify check ask find learn diagnose assess review investigate confirm
    look listen talk dig establish verify
    """.split()
)
#: Verbs that do not act on anything.
_NOT_ACTIONS = frozenset(
    """
    be have feel think believe want like hope know seem need guess mean wish base relate
    depend matter
    """.split()
)
#: Who acts in a story ("I"), and in a plan ("I'd", "I'll"). "We rebuilt the routing"
#: does not say what you did.
_AGENTS = frozenset({"i"})
_PLAN_AGENTS = frozenset({"i'd", "i'll", "i'm"})
#: "This would give us a plan the CRO can back": a plan's consequence.
_SUBJECTS = frozenset("i we you they he she".split())
#: Openers that look like verbs but date the sentence: "Last year", "Next quarter".
_TIME_OPENERS = frozenset("last next".split())
#: "I noticed...", "When I joined...": how a story's scene is set.
_SCENE_VERBS = frozenset("notice realize discover inherit join spot see learn".split())
_CONSEQUENCE_SUBJECTS = frozenset("this that which it these".split())
_MODALS = frozenset("would should will could might".split())


def _lemmas(sentence: Sentence) -> set[str]:
    out: set[str] = set()
    for tok in sentence.tokens:
        out |= tok.info.lemmas
    return out


def _content(sentence: Sentence) -> int:
    return sum(1 for tok in sentence.content_tokens() if tok.lower not in STOCK_WORDS)


def _action(sentence: Sentence, plan: bool) -> bool:
    """I (or a note-style line) + a verb that acts + at least two words of object. An
    infinitive ("I needed to fix...") is the aim, not the action."""
    toks = sentence.tokens
    first = next(
        (i for i, x in enumerate(toks) if i >= _after_label(sentence) and x.lower not in ADVERBS),
        None,
    )
    for i, tok in enumerate(toks):
        if not tok.info.verb or tok.info.lemmas & _NOT_ACTIONS or tok.negated:
            continue
        if i and toks[i - 1].lower == "to":
            continue
        before = [x.lower for x in toks[max(0, i - 4) : i]]
        # a note-style line: "Interviewed eight reps", "Cut the fields from 14 to 6"
        # ("Change is always hard": a noun, the subject of "is")
        note = (
            i == first
            and (tok.info.base_verb or tok.info.verb_form)
            and tok.lower not in _TIME_OPENERS  # "Last year we moved...": no command
            and not any(x.lower in AUXILIARIES for x in toks[i + 1 : i + 3])
        )
        agent = note or any(w in _AGENTS for w in before)
        if plan:
            agent = agent or any(w in _PLAN_AGENTS for w in before)
        if not agent:
            continue
        if sum(1 for x in toks[i + 1 :] if x.content and not x.masked) >= t.ACTION_MIN_OBJECT:
            return True
    return False


_LABEL = re.compile(r"\s*(?:[^\W\d_]+\s){0,2}[^\W\d_]+\s*:")


def _after_label(sentence: Sentence) -> int:
    """Index of the first token after a leading label ("Result: ..."), else 0."""
    m = _LABEL.match(sentence.text)
    if not m:
        return 0
    end = sentence.start + m.end()
    return next((i for i, x in enumerate(sentence.tokens) if x.start >= end), 0)


def _task(sentence: Sentence) -> bool:
    """An objective: "my goal was...", "I was asked to...", "I needed the CRO to...",
    "I owned the rollout", "it was on me to..." (not "you have to...": that is advice)."""
    toks = sentence.tokens
    if _ON_ME.search(sentence.text):
        return True
    for i, tok in enumerate(toks):
        if tok.negated:
            continue
        after = toks[i + 1].lower if i + 1 < len(toks) else ""
        if tok.info.lemmas & _TASK_NOUNS:
            before = toks[i - 1].lower if i else ""
            # "my goal was...", "my job as head of sales ops was to..."
            ahead = toks[i + 1 : i + 1 + t.TASK_NOUN_REACH]
            verb = next(
                (k for k, x in enumerate(ahead) if x.info.verb_form or x.lower in AUXILIARIES),
                None,
            )
            if (
                before in ("my", "our", "the")
                and verb is not None
                and ahead[verb].lower in ("was", "is", "would", "will")
            ):
                return True
        if not tok.info.lemmas & _TASK_VERBS or tok.lower in ("has", "have"):
            continue
        then = toks[i + 2].lower if i + 2 < len(toks) else ""
        if after in ("me", "us") and then in ("to", "with"):
            return True  # "my manager asked me to...": whoever asked, the aim is mine
        subject = next(
            (
                _CONTRACTED_SUBJECTS.get(x.lower, x.lower)
                for x in reversed(toks[:i])
                if x.lower in _SUBJECTS or x.lower in _CONTRACTED_SUBJECTS
            ),
            None,
        )
        if subject is None and any(x.lower not in ADVERBS for x in toks[:i]):
            continue  # "managers need to lead": someone else's need
        if subject not in (None, "i", "we"):
            continue
        if after in ("to", "with", "for") or tok.info.lemmas & {"want", "need", "own"}:
            return True
    return False


def _dated_aim(sentence: Sentence) -> bool:
    """A plan's target and when it is due: "get coverage from 2x to 3x within two
    quarters", "back with one agreed figure by end of day tomorrow"; or a target with its
    measure ("I'd set targets, like duplicates under 2% of accounts")."""
    if any(tok.info.lemmas & _TASK_NOUNS for tok in sentence.tokens) and measures(sentence.text):
        return True
    match = _DEADLINE.search(sentence.text)
    if match is None or _content(sentence) < t.PLAN_OUTCOME_MIN_CONTENT:
        return False
    before = sentence.text[: match.start()]
    return bool(measures(before)) or any(
        tok.info.lemmas & (_CHANGE | _OUTCOME | _EXPECT)
        for tok in sentence.tokens
        if tok.end - sentence.start <= match.start()
    )


def result_measures(sentence: Sentence) -> list[Quantity]:
    """The measures in a sentence that can size a result: not negated ("no activity in
    30 days"), not a window or a rhythm ("the last 8 quarters", "every 2 weeks"), or a
    range in one ("the last six to eight quarters"), and not how long or when ("stuck in
    stage for 90 days", "two years ago")."""
    text = sentence.text
    return [
        q
        for q in measures(text)
        if not _negated(sentence, q.start, q.end)
        and not _WINDOW.search(text[max(0, q.start - 24) : q.start])
        and not (
            q.unit in DURATION_UNITS
            and (_SPAN.search(text[max(0, q.start - 24) : q.start]) or _WHEN.match(text[q.end :]))
        )
    ]


def _measured_change(sentence: Sentence, plan: bool = False) -> bool:
    """A result with a change and a measure: "cut the cycle from 62 to 50 days", "adoption
    reached 91%"; in a plan, an aim with a measure too ("aiming for within 5%")."""
    found = result_measures(sentence)
    if not found:
        return False
    if _from_to(sentence.text, found) or ARROW.search(sentence.text):
        return True  # "from 22% to 8%", "22% -> 8%"
    if any(sentence.text[q.start - 1 : q.start] == "+" for q in found if q.start):
        return True  # "pipeline +22%": a rise
    if _compared(sentence.text, found):
        return True  # "webinar leads convert at 12% while bought lists are at 1%"
    said = _CHANGE | _OUTCOME | _AIM if plan else _CHANGE | _OUTCOME
    return any(not tok.negated and tok.info.lemmas & said for tok in sentence.tokens)


#: "over the last four quarters", "every 2 weeks": a window or a rhythm, not a measure.
_WINDOW = re.compile(
    r"\b(?:last|past|previous|every|each|per)\s+(?:\w+\s+(?:to|or)\s+)?$", re.IGNORECASE
)
#: "for 90 days", "for more than two weeks": how long something lasted.
_SPAN = re.compile(
    r"\bfor\s+(?:(?:more|less|longer)\s+than\s+|over\s+|about\s+|around\s+|nearly\s+"
    r"|almost\s+|at\s+least\s+|up\s+to\s+)?$",
    re.IGNORECASE,
)
#: "two years ago", "a week later": when something happened.
_WHEN = re.compile(r"\s+(?:ago|later|earlier|beforehand|afterwards)\b", re.IGNORECASE)


def _negated(sentence: Sentence, start: int, end: int) -> bool:
    """Are the words of a span of the sentence's text all negated?"""
    inside = [
        tok
        for tok in sentence.tokens
        if tok.start - sentence.start < end and start < tok.end - sentence.start
    ]
    return bool(inside) and all(tok.negated for tok in inside)


def _compared(text: str, found: list[Quantity]) -> bool:
    """Two measures of one kind set against each other: "12% while lists are at 1%",
    "a 14-day cycle against 30 days for the rest"."""
    return any(
        a.unit == b.unit and _VERSUS.search(text[a.end : b.start])
        for a, b in zip(found, found[1:], strict=False)
    )


#: What sets one measure against another.
_VERSUS = re.compile(
    r"\b(?:while|whereas|versus|vs\.?|against|compared\s+(?:with|to))\b", re.IGNORECASE
)


def _from_to(text: str, found: list) -> bool:
    """ "from 22% to 8%": a change stated by its two ends."""
    return any(
        re.fullmatch(r"\s*to\s*", text[a.end : b.start], re.IGNORECASE)
        and re.search(r"\bfrom\s*$", text[: a.start], re.IGNORECASE)
        for a, b in zip(found, found[1:], strict=False)
    )


def _consequence(sentence: Sentence) -> bool:
    """ "This would give us...", "which should cut...": what a plan is expected to bring."""
    toks = sentence.tokens
    return any(
        a.lower in _CONSEQUENCE_SUBJECTS and b.lower in _MODALS and not b.negated
        for a, b in zip(toks, toks[1:], strict=False)
    )


def _scene_verb(sentence: Sentence) -> bool:
    """ "I noticed that...", "when I joined": a story's scene, told by what I found."""
    toks = sentence.tokens
    return any(
        tok.info.verb_form
        and tok.info.lemmas & _SCENE_VERBS
        and any(x.lower in _AGENTS or x.lower == "we" for x in toks[max(0, i - 3) : i])
        for i, tok in enumerate(toks)
    )


def _hypothetical(sentence: Sentence) -> bool:
    """ "I would expect...", "this should cut...": said of the future, not done."""
    return any(
        tok.lower in _MODALS or tok.lower.endswith(("'d", "'ll")) or tok.info.lemmas & {"expect"}
        for tok in sentence.tokens
    )


def _past(sentence: Sentence) -> bool:
    return any(
        tok.info.verb_form or tok.lower in ("was", "were", "had", "wasn't", "weren't")
        for tok in sentence.tokens
    )


def measured_results(sentences: list[Sentence], plan: bool) -> list[Sentence]:
    """The sentences that give a result with a measure. A result comes of what was done:
    a measured change told before any action ("the cycle had stretched from 48 to 62
    days") is the problem; and in a story (``plan`` False) "I would expect..." is none."""
    readable = [s for s in sentences if s.tells]
    acts = [_action(s, plan) for s in readable]
    out: list[Sentence] = []
    for k, s in enumerate(readable):
        if any(acts) and not any(acts[: k + 1]):
            continue
        if _measured_change(s, plan) and (plan or not _hypothetical(s)):
            out.append(s)
    return out


def detect_parts(sentences: list[Sentence], situational: bool) -> dict[str, bool]:
    """Which STAR parts the answer carries with content."""
    readable = [s for s in sentences if s.tells]
    found = dict.fromkeys(STAR_PARTS, False)
    if not readable:
        return found
    opening = readable[: max(2, (len(readable) + 2) // 3)]
    scene: set[int] = set()  # positions of the sentences that set the scene
    results = {s.index for s in measured_results(sentences, plan=situational)}
    for k, s in enumerate(readable):
        lemmas = _lemmas(s)
        content = _content(s)
        if (
            k < len(opening)
            and content >= t.SCENE_MIN_CONTENT
            and (
                lemmas & _PROBLEM
                or lemmas & _SETTING
                and (measures(s.text) or lemmas & _PROBLEM)
                or situational
                and lemmas & _DIAGNOSE
                or content >= t.STORY_OPENING_MIN_CONTENT
                and _scene_verb(s)
                # the opening line of a story, telling how things stood
                or content >= t.STORY_OPENING_MIN_CONTENT
                and _past(s)
                and not _action(s, False)
            )
        ):
            found["situation"] = True
            scene.add(k)
        if _task(s) and content >= t.TASK_MIN_CONTENT:
            found["task"] = True
        elif situational and _dated_aim(s):
            found["task"] = True
        if _action(s, situational):
            found["action"] = True
        if s.index in results:
            found["result"] = True
        elif situational and content >= t.PLAN_OUTCOME_MIN_CONTENT:
            # a plan is credited for the outcome it expects
            if lemmas & _EXPECT and lemmas & _CHANGE or _consequence(s):
                found["result"] = True
    # A story's objective is often the sentence right after the scene, said as a plain
    # aim ("Find the cause and get the forecast within 5%"): a command among the two
    # sentences after the opening scene counts when nothing else stated the task.
    if not found["task"] and found["situation"] and len(readable) >= 3:
        end = 1
        while end < len(readable) - 1 and end in scene:
            end += 1
        for aim in readable[1 : end + 2]:
            first = next((x for x in aim.tokens if x.lower not in ADVERBS), None)
            if first is not None and first.info.base_verb and _content(aim) >= t.AIM_MIN_CONTENT:
                found["task"] = True
                break
    return found


def detect_star(text: str, situational: bool = False) -> dict[str, bool]:
    """Which STAR parts a text carries with content (reads the sentences first)."""
    from .sentences import read

    return detect_parts(read(text), situational)
