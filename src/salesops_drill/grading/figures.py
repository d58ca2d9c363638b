"""Expected figures: did an answer to a calculation question reach the right numbers?

Each figure is judged from the quantities (:mod:`.numbers`) read near the places the
answer names it: right within ``FIGURE_TOLERANCE``, wrong (and which other figure it is,
if swapped), or missing. A figure the answer works out without naming it counts right
where its value can mean nothing else (:func:`found_elsewhere`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from salesops_drill.bank import Figure, KeyPoint

from . import tunables as t
from .numbers import Quantity, quantities

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


#: Between the two ends of a range: "2-3x", "2 to 3 times", "between 2 and 3x".
_RANGE_GAP = re.compile(r"\s*(?:-|\u2013|\u2014|to|or)\s*|\s+and\s+", re.IGNORECASE)


def worked_values(text: str) -> list[Quantity]:
    """The quantities of a text that can be a figure worked out: not the ends of a
    range ("the rule is 2-3x coverage"), which state a rule of thumb or a spread, not a
    result. "from 2.5x to 3.3x" is a change, and its ends count."""
    found = quantities(text)
    ends: set[int] = set()
    for k, (a, b) in enumerate(zip(found, found[1:], strict=False)):
        gap = text[a.end : b.start]
        lead = text[: a.start]
        if not _RANGE_GAP.fullmatch(gap) or re.search(r"\bfrom\s*$", lead, re.IGNORECASE):
            continue
        if gap.strip().lower() == "and" and not re.search(r"\bbetween\s*$", lead, re.I):
            continue  # "CAC is $2,000 and LTV $20,000": two figures
        ends |= {k, k + 1}
    return [q for k, q in enumerate(found) if k not in ends]


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


def found_elsewhere(
    figure: Figure,
    anywhere: list[Quantity],
    others: list[Figure],
    stated: list[Quantity],
) -> Quantity | None:
    """The figure's value said in a sentence that does not name it ("we'd expect about
    1.5 million to close"), where it can mean nothing else: no other expected figure and
    no number the question gives has that value."""
    allowed = _COMPATIBLE.get(figure.unit, ("number",))
    if any(abs(o.value - figure.value) <= t.FIGURE_TOLERANCE * abs(figure.value) for o in others):
        return None
    if any(q.unit in allowed and close_enough(q, figure.value) for q in stated):
        return None
    return next((q for q in anywhere if q.unit in allowed and close_enough(q, figure.value)), None)


def figure_points(
    points: tuple[KeyPoint, ...], figures: tuple[Figure, ...], checks: list[FigureCheck]
) -> set[str]:
    """Labels of the key points that state an expected figure ("CAC is $2,000", "Rep B is
    about 23%") which the answer did not get right."""
    if not figures:
        return set()
    status = {c.label: c.status for c in checks}
    out = set()
    for kp in points:
        for q in quantities(kp.label):
            stated = next(
                (
                    f
                    for f in figures
                    if q.unit in _COMPATIBLE.get(f.unit, ("number",)) and close_enough(q, f.value)
                ),
                None,
            )
            if stated is not None and status.get(stated.label) != "right":
                out.add(kp.label)
    return out
