"""STAR parts credited for content, not for cue phrases.

A part counts when a real sentence carries it: a situation with context (a setting and
what was wrong or at stake), a task with an objective, an action with an object (I or we
did something to something), a result with a change and a measure. Situational questions
ask for a plan, so there the parts are the reading of the scenario, the aim, the steps and
the outcome expected.
"""

from __future__ import annotations

from salesops_drill.bank import STAR_PARTS

from .numbers import measures
from .sentences import Sentence
from .words import STOCK_WORDS

#: Lemmas that state a problem or a state of affairs worth telling.
_PROBLEM = frozenset(
    """
    problem issue flat plateau stall decline drop fall miss slip slow late lose loss low high
    struggle complain complaint behind gap inconsistent error wrong broken mess manual churn
    delay stuck pressure conflict resist resistance push disagree unreliable inaccurate
    duplicate outdated overdue concern risk urgent crisis fail failure shortfall
    """.split()
)
_SETTING = frozenset(
    """
    company team firm employer startup business region quarter year month week role job org
    organization department market division office customer client rep manager leadership
    """.split()
)
_TASK_CUES = frozenset(
    """
    goal aim objective task job responsibility responsible mandate brief remit target
    priority ask asked tasked charge need needed have had want own owned accountable
    """.split()
)
_RESULT_CUES = frozenset(
    """
    result outcome impact end ultimately eventually lead led mean meant so which
    """.split()
)
_CHANGE = frozenset(
    """
    increase decrease grow rise fall drop cut reduce improve lift raise boost lower save
    shorten double triple halve climb jump decline shrink reach hit exceed beat recover gain
    free go come bring speed tighten narrow close recoup up down
    """.split()
)
#: Outcomes that are results once measured: "renewed with five extra seats".
_OUTCOME = frozenset(
    """
    avoid renew launch land catch win close finish deliver complete generate adopt hit
    above below more fewer less faster earlier higher better worse back
    """.split()
)
_EXPECT = frozenset("expect hope aim target goal would should could will plan want".split())
_DIAGNOSE = frozenset(
    """
    understand clarify check ask find learn diagnose assess review investigate confirm
    look listen talk dig establish verify
    """.split()
)
#: Verbs that do not act on anything.
_NOT_ACTIONS = frozenset(
    "be have feel think believe want like hope know seem need guess mean wish".split()
)


def _lemmas(sentence: Sentence) -> set[str]:
    out: set[str] = set()
    for tok in sentence.tokens:
        out |= tok.info.lemmas
    return out


def _content(sentence: Sentence) -> int:
    return sum(1 for tok in sentence.content_tokens() if tok.lower not in STOCK_WORDS)


def _action(sentence: Sentence, plan: bool) -> bool:
    """I/we (or a command) + a verb that acts + at least two words of object."""
    toks = sentence.tokens
    for i, tok in enumerate(toks):
        if not tok.info.verb or tok.info.lemmas & _NOT_ACTIONS or tok.negated:
            continue
        before = [x.lower for x in toks[max(0, i - 4) : i]]
        agent = any(w in ("i", "we") for w in before) or (i == 0 and tok.info.base_verb)
        if plan:
            agent = agent or any(w in ("i'd", "we'd", "i'll", "we'll") for w in before)
        if not agent:
            continue
        if sum(1 for x in toks[i + 1 :] if x.content and not x.masked) >= 2:
            return True
    return False


def _measured_change(sentence: Sentence) -> bool:
    """A result with a change and a measure: "cut the cycle from 62 to 50 days"."""
    lemmas = _lemmas(sentence)
    return bool(lemmas & (_CHANGE | _OUTCOME)) and bool(measures(sentence.text))


def _past(sentence: Sentence) -> bool:
    return any(
        tok.info.verb_form or tok.lower in ("was", "were", "had", "wasn't", "weren't")
        for tok in sentence.tokens
    )


def detect_parts(sentences: list[Sentence], situational: bool) -> dict[str, bool]:
    """Which STAR parts the answer carries with content."""
    readable = [s for s in sentences if s.readable]
    found = dict.fromkeys(STAR_PARTS, False)
    if not readable:
        return found
    opening = readable[: max(2, (len(readable) + 2) // 3)]
    for s in readable:
        lemmas = _lemmas(s)
        content = _content(s)
        if (
            s in opening
            and content >= 4
            and (
                lemmas & _PROBLEM
                or lemmas & _SETTING
                and (measures(s.text) or lemmas & _PROBLEM)
                or situational
                and lemmas & _DIAGNOSE
                # the opening line of a story, telling how things stood
                or content >= 5
                and _past(s)
                and not _action(s, False)
            )
        ):
            found["situation"] = True
        if lemmas & _TASK_CUES and content >= 3 and not lemmas & _RESULT_CUES & {"result"}:
            found["task"] = True
        if _action(s, situational):
            found["action"] = True
        if _measured_change(s):
            found["result"] = True
        elif situational and lemmas & _EXPECT and lemmas & _CHANGE and content >= 3:
            found["result"] = True
    # A story's objective is often the sentence right after the scene, said as a plain
    # aim ("Find the cause and get the forecast within 5%"): a command between situation
    # and the first action counts when nothing else stated the task.
    if not found["task"] and found["situation"] and len(readable) >= 3:
        second = readable[1]
        if second.tokens and second.tokens[0].info.base_verb and _content(second) >= 3:
            found["task"] = True
    return found


def detect_star(text: str, situational: bool = False) -> dict[str, bool]:
    """Which STAR parts a text carries with content (reads the sentences first)."""
    from .sentences import read

    return detect_parts(read(text), situational)
