"""Numbers read by value: "$2k", "$2,000", "2,000 dollars" and "two thousand dollars" are
one amount; "3x", "three times" and "3:1" one ratio; "20%" and "twenty percent" one share.

Number words go through text2num (a maintained number-word parser), imported on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from salesops_drill.bank import Figure

from . import tunables as t

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
}
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
            rf"\b(?P<n>{_NUM})[\s-]?(?P<dur>day|week|month|quarter|year|hour|minute)s?\b",
        ),
        ("number", rf"(?<![\w.])(?P<n>{_NUM})(?:\s?(?P<mag>{_MAG})\b)?"),
    )
)
_WORD_RATIOS = {"doubled": 2.0, "tripled": 3.0, "quadrupled": 4.0, "halved": 0.5, "twice": 2.0}
_WORD_RATIO = re.compile(r"\b(doubled|tripled|quadrupled|halved|twice)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # currency, percent, points, ratio, days/weeks/..., number, year
    text: str  # as read (after number words became digits)

    def shown(self) -> str:
        return self.text


_SHORT = {"thousand": "k", "million": "m", "billion": "bn"}


_FRACTIONS = (
    (re.compile(r"\b(\w+) and a half\b", re.IGNORECASE), r"\1 point five"),
    (re.compile(r"\b(\w+) and a third\b", re.IGNORECASE), r"\1 point three three"),
    (re.compile(r"\b(\w+) and a quarter\b", re.IGNORECASE), r"\1 point two five"),
    (re.compile(r"\bhalf an? (thousand|million|billion)\b", re.IGNORECASE), r"0.5 \1"),
    (re.compile(r"\ba (hundred|thousand|million|billion)\b", re.IGNORECASE), r"one \1"),
)


def _digits(text: str) -> str:
    """Number words as digits: "two thousand dollars" -> "2k dollars", "one and a half
    million" -> "1.5m", "twenty percent" -> "20 percent"."""
    from text_to_num import alpha2digit  # imported when grading only

    for pattern, repl in _FRACTIONS:
        text = pattern.sub(repl, text)
    try:
        converted = alpha2digit(text, "en")
    except Exception:  # text2num is strict about some inputs; keep the digits we have
        converted = text
    # text2num reads "6.7 million" as "6.7 1000000": fold a number and its magnitude.
    return _SPLIT_MAGNITUDE.sub(_fold_magnitude, converted)


_SPLIT_MAGNITUDE = re.compile(
    r"(\d+(?:\.\d+)?)\s+(1000|1000000|1000000000|thousand|million|billion)\b", re.IGNORECASE
)
_MAGNITUDE_VALUES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def _fold_magnitude(m: re.Match[str]) -> str:
    scale = _MAGNITUDE_VALUES.get(m.group(2).lower()) or float(m.group(2))
    value = float(m.group(1)) * scale
    return f"{value:.0f}" if value == int(value) else str(value)


def quantities(text: str) -> list[Quantity]:
    """Every quantity in the text, in order, each read once (the most specific reading)."""
    converted = _digits(text)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Quantity]] = []
    for unit, pattern in _PATTERNS:
        for m in pattern.finditer(converted):
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
            value *= _MAGNITUDES.get(mag, 1.0)
            kind = unit
            if unit == "duration":
                kind = _DURATIONS[m.group("dur").lower()]
            elif unit == "number" and not mag and re.fullmatch(r"(?:19|20)\d\d", raw):
                kind = "year"
            taken.append((m.start(), m.end()))
            found.append((m.start(), Quantity(value, kind, " ".join(m.group().split()))))
    for m in _WORD_RATIO.finditer(converted):
        found.append((m.start(), Quantity(_WORD_RATIOS[m.group(1).lower()], "ratio", m.group())))
    return [q for _, q in sorted(found, key=lambda f: f[0])]


def measures(text: str) -> list[Quantity]:
    """Quantities that can measure something: not years, not list numbers."""
    return [q for q in quantities(text) if q.unit != "year"]


# ---------------------------------------------------------------- expected figures

#: Units an answer may use for a figure of each unit.
_COMPATIBLE = {
    "currency": ("currency", "number"),
    "percent": ("percent", "points", "number"),
    "ratio": ("ratio", "number"),
    "count": ("number",),
    "number": ("number", "ratio", "percent", "currency"),
    "days": ("days", "number"),
    "months": ("months", "number"),
}


@dataclass(frozen=True)
class FigureCheck:
    """How an answer did on one expected figure."""

    label: str
    expected: str  # as shown: "$20,000"
    given: str | None  # what the answer said, if it gave one
    status: str  # "right" | "wrong" | "missing"
    message: str

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "expected": self.expected,
            "given": self.given,
            "status": self.status,
            "message": self.message,
        }


def show_figure(value: float, unit: str) -> str:
    number = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit == "currency":
        return f"${number}"
    if unit == "percent":
        return f"{number}%"
    if unit == "ratio":
        return f"{number}:1"
    if unit in ("days", "months"):
        return f"{number} {unit}"
    return number


def close_enough(given: Quantity, expected: float) -> bool:
    decimals = len(given.text.split(".")[1]) if "." in given.text else 0
    rounding = 0.5 * 10 ** (-decimals) if given.unit in ("percent", "ratio", "points") else 0
    tolerance = max(t.FIGURE_TOLERANCE * abs(expected), rounding)
    return abs(given.value - expected) <= tolerance


def check_figure(
    figure: Figure,
    after: list[list[Quantity]],
    before: list[list[Quantity]],
    others: list[Figure],
) -> FigureCheck:
    """Judge one figure from the numbers after (and just before) each place it is named."""
    expected = show_figure(figure.value, figure.unit)
    allowed = _COMPATIBLE.get(figure.unit, ("number",))
    near = [q for qs in after for q in qs if q.unit in allowed]
    nearby = near + [q for qs in before for q in qs if q.unit in allowed]
    # Only a number in the figure's own unit can be judged wrong ("24%" for a close
    # rate): bare numbers near the name are usually its working ("12 / 80").
    exact = {"currency": "currency", "percent": "percent", "ratio": "ratio"}.get(figure.unit)
    if exact:
        near = [q for q in near if q.unit == exact]
    right = next((q for q in nearby if close_enough(q, figure.value)), None)
    if right is not None:
        return FigureCheck(figure.label, expected, right.text, "right", f"{figure.label} right.")
    if not near:
        return FigureCheck(
            figure.label, expected, None, "missing", f"Work out {figure.label}: it is {expected}."
        )
    first = near[0]
    swapped = next((o for o in others if close_enough(first, o.value)), None)
    why = f" (that is the {swapped.label})" if swapped else ""
    return FigureCheck(
        figure.label,
        expected,
        first.text,
        "wrong",
        f"{figure.label} should be {expected}; you gave {first.text}{why}.",
    )


def find_numbers(text: str) -> list[str]:
    """The measures in a text, as read: "15%", "$2.4M", "3 weeks", "3x"."""
    return [q.text for q in measures(text)]
