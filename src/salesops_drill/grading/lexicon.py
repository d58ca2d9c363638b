"""Words that mean the same in sales-operations talk, so a key point's terms also match
the candidate's own: "recommended" / "suggested", "flat" / "plateaued", "cut" / "reduced".

Groups are of lemmas and deliberately tight: each word here must mean the same as the
others in any sentence about sales operations, or it would credit answers that say
something else.
"""

from __future__ import annotations

SYNONYM_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(group.split())
    for group in (
        "recommend suggest propose advise",
        "flat plateau stall stagnate stagnant",
        "increase grow rise raise lift boost climb jump",
        "decrease reduce cut lower shrink drop decline fall",
        "improve strengthen enhance",
        "find discover spot identify uncover notice detect",
        "build create design develop establish",
        "interview survey",
        "apologise apologize sorry",
        "call ring phone",
        "worry concern objection",
        "ownership responsibility accountable",
        "licence license seat subscription",
        "vendor supplier provider",
        "negotiate renegotiate bargain",
        "cash money",
        "margin profit profitability",
        "vacancy vacant unfilled",
        "overlap duplicate redundant",
        "agree approve endorse",
        "buy-in backing support sponsorship",
        "measure track monitor watch",
        "analyse analyze examine investigate",
        "prioritize prioritise rank order",
        "reallocate redirect reassign",
        "automate automation",
        "meeting call sync",
        "leader executive",
        "customer client account buyer",
        "rep seller salesperson",
        "quota target",
        "churn attrition",
        "forecast projection",
        "deal opportunity",
        "pilot trial test",
        "roll deploy launch",
        "explain present",
        "fix resolve correct",
        "dedupe deduplicate",
        "cause driver reason",
        "compensation comp pay commission",
        "accurate reliable",
        "inaccurate unreliable",
        "bottleneck blocker",
        "length duration",
        "velocity speed",
        "escalate flag",
        "hire recruit",
        "coach mentor",
        "budget spend",
        "territory patch",
        "segment tier",
        "operation ops",
    )
)

_BY_WORD: dict[str, frozenset[str]] = {}
for _group in SYNONYM_GROUPS:
    for _word in _group:
        _BY_WORD[_word] = _BY_WORD.get(_word, frozenset()) | _group


def synonyms(lemma: str) -> frozenset[str]:
    """The lemma and every word meaning the same (itself alone if none)."""
    return _BY_WORD.get(lemma, frozenset({lemma}))
