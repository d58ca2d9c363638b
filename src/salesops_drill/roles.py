"""Role profiles of the sales-ops ladder: lookup by name or alias, and comparison.

Responsibilities, skills and education are lists of :class:`Item`. An item may carry a
short ``topic`` key ("crm-data", "forecasting"): two roles' items on the same topic are
the same duty or skill at two levels, so :func:`compare` puts them side by side and
shows how the duty grows. Items without a topic pair only with the same text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from salesops_drill.errors import UsageError

#: How firmly employers ask for an education item, from most to least.
NEEDS: tuple[str, ...] = ("required", "usually-required", "preferred")
#: Needs that make an item a requirement rather than a plus.
REQUIRED_NEEDS: frozenset[str] = frozenset({"required", "usually-required"})


class Item(NamedTuple):
    """One entry of a role's responsibilities, skills or education."""

    text: str
    topic: str = ""  # pairing key across roles; "" pairs by text only
    need: str = ""  # education only: one of NEEDS, or "" where none is stated

    @property
    def key(self) -> str:
        return self.topic or "text:" + normalize_name(self.text)

    @property
    def required(self) -> bool:
        return self.need in REQUIRED_NEEDS


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    level: int
    experience: str
    min_years: int
    summary: str
    responsibilities: tuple[Item, ...]
    skills: tuple[Item, ...]
    education: tuple[Item, ...]
    kpis: tuple[str, ...]
    reports_to: str
    interview_focus: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    salary: str = ""
    leads: str = ""
    scope: str = ""
    decisions: tuple[str, ...] = ()
    origin: str = field(default="", compare=False)


#: List fields of a profile, in the order ``drill roles show`` prints them, with headings.
LIST_FIELDS: tuple[tuple[str, str], ...] = (
    ("responsibilities", "Responsibilities"),
    ("decisions", "Decisions owned"),
    ("skills", "Skills"),
    ("kpis", "KPIs owned"),
    ("education", "Education"),
    ("certifications", "Certifications (helpful, none required)"),
    ("interview_focus", "Interviewers probe"),
)

#: Fields paired item by item in ``drill roles compare``, with their headings.
COMPARE_FIELDS: tuple[tuple[str, str], ...] = (
    ("responsibilities", "Responsibilities"),
    ("skills", "Skills"),
    ("kpis", "KPIs answered for"),
    ("education", "Education"),
    ("certifications", "Certifications (helpful, none required)"),
    ("interview_focus", "Interviewers probe"),
)

#: Single-value fields shown side by side.
SCALAR_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("level", "Level"),
    ("experience", "Experience"),
    ("scope", "Scope"),
    ("salary", "Salary"),
    ("reports_to", "Reports to"),
    ("leads", "Leads"),
)


def normalize_name(name: str) -> str:
    """Fold case, punctuation and spacing so "VP of Sales-Ops" ~ "vp of sales ops"."""
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def items(role: Role, name: str) -> tuple[Item, ...]:
    """A list field of ``role`` as items; plain string fields become untopiced items."""
    return tuple(v if isinstance(v, Item) else Item(v) for v in getattr(role, name))


class RoleIndex:
    """The known roles in ladder order, resolvable by id, title or alias."""

    def __init__(self, roles: Sequence[Role]) -> None:
        self.roles: list[Role] = sorted(roles, key=lambda r: (r.level, r.id))
        self._names: dict[str, Role] = {}
        for role in self.roles:
            for name in (role.id, role.title, *role.aliases):
                self._names.setdefault(normalize_name(name), role)

    def __iter__(self):
        return iter(self.roles)

    def __len__(self) -> int:
        return len(self.roles)

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.roles]

    def find(self, name: str) -> Role | None:
        return self._names.get(normalize_name(name))

    def resolve(self, name: str) -> Role:
        """The role called ``name``, or a UsageError naming the valid roles and a guess."""
        role = self.find(name)
        if role is not None:
            return role
        message = f"unknown role '{name}'. Valid roles: {', '.join(self.ids)}."
        guess = self.closest(name)
        if guess:
            message += f" Did you mean '{guess}'?"
        raise UsageError(message)

    def closest(self, name: str) -> str | None:
        """The id of the role whose id, title or alias is nearest to ``name``."""
        from salesops_drill.wording import closest

        key = normalize_name(name)
        if not key:
            return None
        match = closest(key, self._names)
        if match:
            return self._names[match].id
        # A fragment such as "senior" or "director of" names a role by containment.
        hits = {r.id for n, r in self._names.items() if key in n or n in key}
        return hits.pop() if len(hits) == 1 else None


def ladder_order(roles: Sequence[Role]) -> list[Role]:
    """``roles`` from the entry level up, whatever order they were named in."""
    return sorted(roles, key=lambda r: (r.level, r.id))


class Pair(NamedTuple):
    """One topic across the compared roles: each role's item on it, or None."""

    topic: str  # the items' topic, or "" when they pair by identical text
    items: dict[str, Item | None]  # role id -> item

    @property
    def shared(self) -> bool:
        return all(i is not None for i in self.items.values())


class FieldComparison(NamedTuple):  # NamedTuple, not a dataclass: cheaper to define at start-up
    """One list field across several roles, paired by topic.

    ``pairs``: every topic at least two of the roles have, in the order the lowest role
    lists them. ``unique``: for each role, the items no other compared role has.
    """

    name: str
    heading: str
    pairs: tuple[Pair, ...]
    unique: dict[str, tuple[Item, ...]]

    @property
    def shared(self) -> tuple[Pair, ...]:
        """The pairs every compared role has."""
        return tuple(p for p in self.pairs if p.shared)


def compare_field(roles: Sequence[Role], name: str, heading: str) -> FieldComparison:
    """Pair the items of field ``name`` across ``roles`` (taken in ladder order)."""
    ladder = ladder_order(roles)
    by_key: dict[str, dict[str, Item]] = {}  # key -> role id -> first item with that key
    extra: dict[str, list[Item]] = {r.id: [] for r in ladder}  # a second item on one key
    for role in ladder:
        for item in items(role, name):
            slot = by_key.setdefault(item.key, {})
            if role.id in slot:
                extra[role.id].append(item)
            else:
                slot[role.id] = item
    pairs = []
    unique: dict[str, list[Item]] = {r.id: [] for r in ladder}
    for found in by_key.values():
        if len(found) >= 2:
            first = next(iter(found.values()))
            pairs.append(Pair(first.topic, {r.id: found.get(r.id) for r in ladder}))
        else:
            ((rid, item),) = found.items()
            unique[rid].append(item)
    for rid, more in extra.items():
        unique[rid].extend(more)
    return FieldComparison(
        name, heading, tuple(pairs), {rid: tuple(v) for rid, v in unique.items()}
    )


def compare(
    roles: Sequence[Role], fields: Sequence[tuple[str, str]] = COMPARE_FIELDS
) -> list[FieldComparison]:
    return [compare_field(roles, name, heading) for name, heading in fields]


class StepUp(NamedTuple):
    """What ``to`` asks for that ``frm`` does not: only what is new or larger."""

    frm: str
    to: str
    years: int  # extra years on the ladder (min_years difference, never negative)
    experience: str  # the experience ``to`` asks for
    scope: tuple[str, str] | None  # (from, to) when the scope changes
    team: tuple[str, str] | None  # (from, to) who each leads, when that changes
    decisions: tuple[str, ...]  # decisions ``to`` owns that ``frm`` does not
    kpis: tuple[str, ...]  # KPIs ``to`` answers for that ``frm`` does not
    education: tuple[Item, ...]  # education ``to`` requires that ``frm`` did not
    responsibilities: tuple[Item, ...]  # duties on topics ``frm`` does not have
    skills: tuple[Item, ...]  # skills on topics ``frm`` does not have


def _new(frm: Role, to: Role, name: str) -> tuple[Item, ...]:
    have = {i.key for i in items(frm, name)}
    return tuple(i for i in items(to, name) if i.key not in have)


def _newly_required(frm: Role, to: Role) -> tuple[Item, ...]:
    """Education ``to`` requires (or usually requires) more firmly than ``frm`` does."""
    rank = {need: len(NEEDS) - i for i, need in enumerate(NEEDS)}  # required ranks highest
    before = {i.key: rank.get(i.need, 0) for i in frm.education}
    return tuple(i for i in to.education if i.required and rank[i.need] > before.get(i.key, 0))


def step_up(frm: Role, to: Role) -> StepUp:
    def changed(a: str, b: str) -> tuple[str, str] | None:
        return (a, b) if b and normalize_name(a) != normalize_name(b) else None

    return StepUp(
        frm=frm.id,
        to=to.id,
        years=max(0, to.min_years - frm.min_years),
        experience=to.experience,
        scope=changed(frm.scope, to.scope),
        team=changed(frm.leads, to.leads),
        decisions=tuple(i.text for i in _new(frm, to, "decisions")),
        kpis=tuple(i.text for i in _new(frm, to, "kpis")),
        education=_newly_required(frm, to),
        responsibilities=_new(frm, to, "responsibilities"),
        skills=_new(frm, to, "skills"),
    )
