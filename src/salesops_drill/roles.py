"""Role profiles of the sales-ops ladder: lookup by name or alias, and comparison."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from salesops_drill.errors import UsageError


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    level: int
    experience: str
    min_years: int
    summary: str
    responsibilities: tuple[str, ...]
    skills: tuple[str, ...]
    education: tuple[str, ...]
    kpis: tuple[str, ...]
    reports_to: str
    interview_focus: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    salary: str = ""
    leads: str = ""
    origin: str = field(default="", compare=False)


#: Fields compared item by item in ``drill roles compare``, with their headings.
LIST_FIELDS: tuple[tuple[str, str], ...] = (
    ("responsibilities", "Responsibilities"),
    ("skills", "Skills"),
    ("kpis", "KPIs owned"),
    ("certifications", "Certifications"),
    ("education", "Education"),
    ("interview_focus", "Interviewers probe"),
)

#: Single-value fields shown side by side.
SCALAR_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("level", "Level"),
    ("experience", "Experience"),
    ("salary", "Salary"),
    ("reports_to", "Reports to"),
    ("leads", "Leads"),
)


def normalize_name(name: str) -> str:
    """Fold case, punctuation and spacing so "VP of Sales-Ops" ~ "vp of sales ops"."""
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


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
        import difflib  # only needed on a miss

        key = normalize_name(name)
        if not key:
            return None
        match = difflib.get_close_matches(key, list(self._names), n=1, cutoff=0.6)
        if match:
            return self._names[match[0]].id
        # A fragment such as "senior" or "director of" names a role by containment.
        hits = {r.id for n, r in self._names.items() if key in n or n in key}
        return hits.pop() if len(hits) == 1 else None


class FieldComparison(NamedTuple):  # NamedTuple, not a dataclass: cheaper to define at start-up
    """One list field across several roles: items all share, and items unique to each."""

    name: str
    heading: str
    shared: tuple[str, ...]
    unique: dict[str, tuple[str, ...]]  # role id -> items only some roles have


class StepUp(NamedTuple):
    """What ``to`` asks for that ``frm`` does not."""

    frm: str
    to: str
    years: int
    responsibilities: tuple[str, ...]
    skills: tuple[str, ...]
    certifications: tuple[str, ...]
    kpis: tuple[str, ...]
    education: tuple[str, ...]


def _key(item: str) -> str:
    return normalize_name(item)


def compare_field(roles: Sequence[Role], name: str, heading: str) -> FieldComparison:
    values = {r.id: tuple(getattr(r, name)) for r in roles}
    keysets = [{_key(v) for v in items} for items in values.values()]
    common = set.intersection(*keysets) if keysets else set()
    first = values[roles[0].id] if roles else ()
    shared = tuple(v for v in first if _key(v) in common)
    unique = {
        rid: tuple(v for v in items if _key(v) not in common) for rid, items in values.items()
    }
    return FieldComparison(name, heading, shared, unique)


def compare(roles: Sequence[Role]) -> list[FieldComparison]:
    return [compare_field(roles, name, heading) for name, heading in LIST_FIELDS]


def step_up(frm: Role, to: Role) -> StepUp:
    def new_in(name: str) -> tuple[str, ...]:
        have = {_key(v) for v in getattr(frm, name)}
        return tuple(v for v in getattr(to, name) if _key(v) not in have)

    return StepUp(
        frm=frm.id,
        to=to.id,
        years=max(0, to.min_years - frm.min_years),
        responsibilities=new_in("responsibilities"),
        skills=new_in("skills"),
        certifications=new_in("certifications"),
        kpis=new_in("kpis"),
        education=new_in("education"),
    )
