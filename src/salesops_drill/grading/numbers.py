"""Numbers read by value: "$2k", "$2,000", "2,000 dollars" and "two thousand dollars" are
one amount; "3x", "three times" and "3:1" one ratio; "20%" and "twenty percent" one share.

Number words are read by a small parser of their own (:func:`_run_to_digits`). Checking
an answer's figures against the expected ones is :mod:`.figures`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: The word between a number and what it counts is a describing one ("40 new reps"),
#: never a joining word: "from 30 to 18 and reps spent less time" counts no reps.
_NOT_LINKING = r"(?!(?:and|or|but|to|of|in|on|at|for|from|by|with|than|then|the|a|an)\s)"

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+"
_MAG = r"(?:k|m|mm|mn|bn|b|thousand|million|billion)"
_MAGNITUDES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
}
_DURATIONS = {
    "day": "days",
    "week": "weeks",
    "month": "months",
    "quarter": "quarters",
    "year": "years",
    "hour": "hours",
    "minute": "minutes",
    # as typed in notes: "2 qtrs", "10 wks", "3 hrs"
    "wk": "weeks",
    "mo": "months",
    "qtr": "quarters",
    "yr": "years",
    "hr": "hours",
    "min": "minutes",
}
#: The units of durations: "3 weeks" reads as 3 "weeks".
DURATION_UNITS = frozenset(_DURATIONS.values())
#: What a count counts: "40 reps", "1,200 leads", "12 new logos" (shown with the number).
_COUNTED = (
    r"(?:reps?|aes?|sdrs?|bdrs?|csms?|sellers?|people|hires?|heads?|headcount|ftes?|leads?"
    r"|mqls?|sqls?|accounts?|logos?|deals?|opportunit(?:y|ies)|opps?|customers?|clients?"
    r"|users?|seats?|licen[cs]es?|territor(?:y|ies)|regions?|markets?|segments?|calls?"
    r"|meetings?|demos?|emails?|touches|touchpoints?|basis\spoints|bps|steps?"
    r"|stages?|fields?|reports?|dashboards?|tickets?|contracts?|renewals?|quotes?|orders?"
    r"|records?|duplicates?|tools?|systems?|workflows?|teams?|managers?|analysts?"
    r"|countries|products?|skus?|units?|members?|employees?|positions?|roles?)\b"
)
#: A number here names a place in a list or a version, not an amount: "Step 2", "stage-3".
_LABEL_BEFORE = re.compile(
    r"(?:\b(?:step|phase|stage|round|option|point|number|tier|level|version|wave|part"
    r"|q|h|fy)\.?\s?|\bno\.\s?|#|[a-z]-)$",
    re.IGNORECASE,
)
#: "1. Pulled the data", "2) Built the model": list markers at the start of a line.
_LIST_MARKER = re.compile(r"^\s*\d+[.)](?=\s)", re.MULTILINE)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (unit, re.compile(p, re.IGNORECASE))
    for unit, p in (
        ("currency", rf"[$\u20ac\u00a3]\s?(?P<n>{_NUM})\s?(?P<mag>{_MAG})?\b"),
        (
            "currency",
            rf"\b(?P<n>{_NUM})\s?(?P<mag>{_MAG})?\s?(?:dollars|usd|euros?|eur|pounds|gbp|bucks)\b",
        ),
        ("percent", rf"(?P<n>{_NUM})\s?(?:%|percent\b|per\scent\b|pct\b)"),
        ("points", rf"(?P<n>{_NUM})\s?(?:percentage\spoints?|pp|points?|pts)\b"),
        ("ratio", rf"\b(?P<n>{_NUM})\s?(?::\s?1\b|to\s1\b|x\b|times\b)"),
        (
            "duration",
            rf"\b(?P<n>{_NUM})(?:\s?[-\u2013]\s?{_NUM})?[\s-]?"
            r"(?P<dur>day|week|month|quarter|year|hour|minute|wk|mo|qtr|yr|hr|min)s?\b"
            r"(?:\s(?:a|per|each|every)\s(?:day|week|month|quarter|year|rep))?",
        ),
        (
            "number",
            rf"(?<![\w.])(?P<n>{_NUM})(?:\s?(?P<mag>{_MAG})\b)?"
            rf"(?:\s+(?:{_NOT_LINKING}[a-z][a-z-]*\s+)?{_COUNTED})?",
        ),
    )
)
#: Amounts said in words: (pattern, value, unit).
_WORD_AMOUNTS: tuple[tuple[re.Pattern[str], float, str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), value, unit)
    for p, value, unit in (
        (r"\bdoubled\b|\btwice\s(?=as\b|the\b)", 2.0, "ratio"),
        (r"\btripled\b", 3.0, "ratio"),
        (r"\bquadrupled\b", 4.0, "ratio"),
        (r"\bhalved\b|\b(?:in|by)\shalf\b", 0.5, "ratio"),
        (
            rf"\bhalf\sof\s(?:the\s|our\s|all\s|my\s|their\s)?(?:[a-z][a-z-]*\s+)?{_COUNTED}",
            50.0,
            "percent",
        ),
        (
            rf"\b(?:a|one)\sthird\sof\s(?:the\s|our\s|all\s|my\s|their\s)?(?:[a-z][a-z-]*\s+)?"
            rf"{_COUNTED}",
            100 / 3,
            "percent",
        ),
        (
            rf"\b(?:a|one)\squarter\sof\s(?:the\s|our\s|all\s|my\s|their\s)?"
            rf"(?:[a-z][a-z-]*\s+)?{_COUNTED}",
            25.0,
            "percent",
        ),
        (
            rf"\b(?:two|2)\sthirds\sof\s(?:the\s|our\s|all\s|my\s|their\s)?(?:[a-z][a-z-]*\s+)?"
            rf"{_COUNTED}",
            200 / 3,
            "percent",
        ),
        (
            rf"\b(?:three|3)\squarters\sof\s(?:the\s|our\s|all\s|my\s|their\s)?"
            rf"(?:[a-z][a-z-]*\s+)?{_COUNTED}",
            75.0,
            "percent",
        ),
        # "within a day", "in under an hour": one unit of time, said as a time taken
        *(
            (rf"\b(?:within|under|inside|in\s+under|in\s+less\s+than)\s+an?\s+{word}\b", 1.0, unit)
            for word, unit in _DURATIONS.items()
            if unit == word + "s"
        ),
    )
)


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # currency, percent, points, ratio, days/weeks/..., number, year
    text: str  # as typed: "Twenty percent", "$2k", "40 reps"
    start: int = 0  # character offsets in the text read
    end: int = 0

    def shown(self) -> str:
        return self.text


_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion"
).split()
_WORD = "|".join(_NUMBER_WORDS)


def is_figure(word: str) -> bool:
    """Is a lower-case token a number, in digits or in words ("12", "four", "thousand")?
    Not "one", which is as often no number ("a one-on-one", "one of the reps")."""
    return word[:1].isdigit() or word in _NUMBER_SET


_NUMBER_SET = frozenset(_NUMBER_WORDS) - {"one"}
_SCALES = frozenset({"hundred", "thousand", "million", "billion"})
#: A share of a large amount: "half a million", "a quarter of a million", "half-million".
_SHARE_OF = (
    r"(?:(?:half|(?:a|one)\s(?:quarter|third)|three\squarters|two\sthirds)(?:\sof)?"
    r"(?:\san?\s|[\s-])(?=thousand|million|billion))"
)
#: A run of number words: "two thousand", "twenty-five", "one hundred and twenty".
_NUMBER_RUN = re.compile(
    rf"\b{_SHARE_OF}?(?:an?\s(?=hundred|thousand|million))?"
    rf"(?:{_WORD})(?:(?:[\s-]|\sand\s|\spoint\s)(?:{_WORD}))*"
    r"(?:\sand\san?\s(?:half|third|quarter))?\b",
    re.IGNORECASE,
)


class _Converted:
    """A text with its number words as digits ("two thousand dollars" -> "2000 dollars"),
    and the way back to the offsets of the text as typed."""

    def __init__(self, text: str) -> None:
        pieces: list[str] = []
        #: (converted start, typed start, typed end) of each replaced run
        self.runs: list[tuple[int, int, int, int]] = []
        last = 0
        size = 0
        for m in _NUMBER_RUN.finditer(text):
            run = m.group()
            if run.lower() in ("one", "zero") or run.split()[0].lower() in _SCALES:
                continue  # "one day", "one of the reps"; "2 million" reads as it is
            digits = _run_to_digits(run)
            if digits is None:
                continue
            pieces.append(text[last : m.start()])
            size += m.start() - last
            pieces.append(digits)
            self.runs.append((size, size + len(digits), m.start(), m.end()))
            size += len(digits)
            last = m.end()
        pieces.append(text[last:])
        self.text = "".join(pieces)
        self.typed = text

    def _shift(self, pos: int, end: bool) -> int:
        delta = 0
        for c0, c1, o0, o1 in self.runs:
            if pos < c0 or (end and pos == c0):
                break
            if pos < c1 or (end and pos == c1):
                return o1 if end else o0
            delta = o1 - c1
        return pos + delta

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the typed text of a span of the converted text."""
        return self._shift(start, False), self._shift(end, True)

    def was_typed_as_digits(self, start: int, end: int) -> bool:
        """Is a span of the converted text as it was typed ("2023", not "two thousand")?"""
        a, b = self.span(start, end)
        return self.text[start:end] == self.typed[a:b]


_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
_SCALE_VALUES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_FRACTION_VALUES = {"half": 0.5, "third": 1 / 3, "quarter": 0.25}
#: The share a run of number words starts with (see _SHARE_OF): (factor, words it takes).
_SHARES = {
    "half": (0.5, 1),
    "a quarter": (0.25, 2),
    "one quarter": (0.25, 2),
    "a third": (1 / 3, 2),
    "one third": (1 / 3, 2),
    "three quarters": (0.75, 2),
    "two thirds": (2 / 3, 2),
}


def _run_to_digits(run: str) -> str | None:
    """A run of number words as digits: "two thousand" -> "2000", "six point seven
    million" -> "6700000", "one and a half" -> "1.5", "half a million" -> "500000"."""
    words = run.lower().replace("-", " ").split()
    fraction = 0.0
    if len(words) >= 3 and words[-3] == "and" and words[-1] in _FRACTION_VALUES:
        fraction = _FRACTION_VALUES[words[-1]]
        words = words[:-3]
    factor = 1.0
    share = _SHARES.get(" ".join(words[:2])) or _SHARES.get(words[0] if words else "")
    if share is not None:
        factor, kept = share
        words = words[kept:]
        if words[:1] == ["of"]:
            words = words[1:]
        if words[:1] in (["a"], ["an"]):
            words = words[1:]
    if words[:1] in (["a"], ["an"]):
        words = ["one", *words[1:]]
    total = current = 0.0
    decimals: str | None = None
    seen = False
    for w in words:
        if w == "and":
            continue
        if w == "point":
            decimals = ""
            continue
        if decimals is not None and w in _UNITS and _UNITS[w] < 10:
            decimals += str(_UNITS[w])
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _SCALE_VALUES:
            value = (current or 1) + (float("0." + decimals) if decimals else 0)
            decimals = None
            total += value * _SCALE_VALUES[w]
            current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    value = total + current + (float("0." + decimals) if decimals else 0) + fraction
    value *= factor
    if value == int(value):
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=4096)
def _quantities(text: str) -> tuple[Quantity, ...]:
    converted = _Converted(text)
    body = converted.text
    taken: list[tuple[int, int]] = []
    found: list[Quantity] = []

    def add(value: float, unit: str, c_start: int, c_end: int) -> None:
        start, end = converted.span(c_start, c_end)
        shown = " ".join(text[start:end].split())
        found.append(Quantity(value, unit, shown, start, end))
        taken.append((c_start, c_end))

    for pattern, value, unit in _WORD_AMOUNTS:
        for m in pattern.finditer(body):
            add(value, unit, m.start(), m.end())
    for unit, pattern in _PATTERNS:
        for m in pattern.finditer(body):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            raw = m.group("n").replace(",", "")
            try:
                value = float(raw)
            except ValueError:
                continue
            mag = (m.groupdict().get("mag") or "").lower()
            if mag in ("b",) and unit == "number":
                continue  # "5 b" is more likely a typo than billions
            if unit in ("number", "duration", "ratio") and _is_label(body, m.start()):
                continue
            value *= _MAGNITUDES.get(mag, 1.0)
            kind = unit
            if unit == "duration":
                kind = _DURATIONS[m.group("dur").lower()]
            elif (
                unit == "number"
                and not mag
                and re.fullmatch(r"(?:19|20)\d\d", m.group("n"))
                and converted.was_typed_as_digits(m.start("n"), m.end("n"))
            ):
                # as typed: "in 2023" is a year; "2,000 leads" and "two thousand calls" counts
                kind = "year"
            add(value, kind, m.start(), m.end())
    return tuple(sorted(found, key=lambda q: q.start))


def _is_label(body: str, start: int) -> bool:
    """Is the number at ``start`` a list marker or a label ("Step 2", "stage-3")?"""
    line_start = body.rfind("\n", 0, start) + 1
    if _LIST_MARKER.match(body, line_start) and not body[line_start:start].strip():
        return True
    return bool(_LABEL_BEFORE.search(body[max(0, start - 12) : start]))


def quantities(text: str) -> list[Quantity]:
    """Every quantity in the text, in order, each read once (the most specific reading)."""
    return list(_quantities(text or ""))


#: "the two", "these three": a number word after one of these stands for things named
#: before ("the two overlap"); it counts nothing.
_DETERMINER_BEFORE = re.compile(
    r"\b(?:the|these|those|both|all|our|their|its|my|your)\s+$", re.IGNORECASE
)


def measures(text: str) -> list[Quantity]:
    """Quantities that can measure something: not years, not list numbers, not a bare
    number word after a determiner ("the two overlap")."""
    text = text or ""
    return [
        q
        for q in _quantities(text)
        if q.unit != "year"
        and not (
            q.unit == "number"
            and not any(ch.isdigit() for ch in q.text)
            and _DETERMINER_BEFORE.search(text[max(0, q.start - 8) : q.start])
        )
    ]


_FROM = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_TO = re.compile(r"\s+to\s+", re.IGNORECASE)


def find_numbers(text: str) -> list[str]:
    """The measures in a text, as typed: "15%", "$2.4M", "3 weeks", "3x", "40 reps"; a
    change read as one: "from 62 to 81"."""
    found = measures(text)
    out: list[str] = []
    k = 0
    while k < len(found):
        q = found[k]
        nxt = found[k + 1] if k + 1 < len(found) else None
        if (
            nxt is not None
            and _FROM.search(text[max(0, q.start - 6) : q.start])
            and _TO.fullmatch(text[q.end : nxt.start])
        ):
            start = q.start - len(_FROM.search(text[max(0, q.start - 6) : q.start]).group())
            out.append(" ".join(text[start : nxt.end].split()))
            k += 2
            continue
        out.append(q.text)
        k += 1
    return out
