"""Checks on a key point's alternatives (keywords and paraphrases) for `bank validate`:
every point has paraphrases, and none is so generic that it matches most answers.

"Generic" is measured, not listed: each alternative is matched against a fixed set of
bland interview sentences that answer nothing in particular; one that matches several
of them would credit almost any answer.
"""

from __future__ import annotations

from functools import lru_cache

from salesops_drill.bank import KeyPoint

from . import tunables as t
from .matching import _find, _pattern
from .sentences import Sentence, read
from .words import GENERIC_WORDS, STOP_WORDS, TOKEN_RE

#: Answers that say nothing specific: an alternative matching several is too generic.
PROBE_ANSWERS: tuple[str, ...] = (
    "I worked closely with the team to understand the problem.",
    "We set goals every week and tracked our progress.",
    "I communicated clearly with stakeholders and made sure everyone was aligned.",
    "We improved the process and the results got better over time.",
    "I used the data to make better decisions.",
    "I provided training and support to the sales reps.",
    "I had regular meetings with my manager and the team.",
    "The customer was happy with the outcome in the end.",
    "We looked at the numbers every month and reported on them.",
    "I focused on sales, revenue and growth.",
    "I made a plan, followed it and adjusted when needed.",
    "I always try to be proactive and take ownership of my work.",
    "We used the CRM and reports to see what was happening.",
    "I would talk to the people involved and find a solution.",
    "Our sales team hit its targets and leadership was pleased.",
    "I reviewed the pipeline with the managers and shared a summary.",
)


@lru_cache(maxsize=1)
def _probes() -> tuple[Sentence, ...]:
    return tuple(s for text in PROBE_ANSWERS for s in read(text))


def probe_hits(alternative: str, paraphrase: bool) -> int:
    """How many bland probe sentences an alternative matches."""
    pattern = _pattern(alternative, paraphrase)
    if pattern is None:
        return 0
    return sum(1 for s in _probes() if _find(pattern, s.tokens))


def too_generic(alternative: str, paraphrase: bool) -> bool:
    words = [w.lower() for w in TOKEN_RE.findall(alternative) if w.lower() not in STOP_WORDS]
    if len(words) == 1 and words[0] in GENERIC_WORDS:
        return True
    return probe_hits(alternative, paraphrase) >= t.GENERIC_PROBE_HITS


def one_word(paraphrase: str) -> bool:
    """Is the paraphrase matched by a single word? Its common words are not compared
    ("told them first" is matched by "told" alone)."""
    pattern = _pattern(paraphrase, True)
    return pattern is not None and len(pattern.words) < 2


def check_key_point(kp: KeyPoint) -> list[str]:
    """Advice on one key point's alternatives, as messages (empty when fine)."""
    notes = []
    if not kp.paraphrases:
        notes.append(f"key point '{kp.label}' has no paraphrases")
    for alt, para in [(k, False) for k in kp.keywords] + [(p, True) for p in kp.paraphrases]:
        if para and one_word(alt):
            notes.append(
                f"key point '{kp.label}': paraphrase '{alt}' is one word once its common "
                "words are left out, so it matches that word anywhere: make the word a "
                "keyword, or say the idea in more words"
            )
        elif too_generic(alt, para):
            kind = "paraphrase" if para else "keyword"
            notes.append(
                f"key point '{kp.label}': {kind} '{alt}' is too generic (it matches "
                "answers that say nothing specific)"
            )
    return notes
