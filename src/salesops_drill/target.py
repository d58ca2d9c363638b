"""The target role: which role(s) ``drill review`` and ``drill interview`` study.

A user preparing for one job sets it once (``drill config set role manager``); the
practice commands then default to it, ``--role R`` overrides it for one run and
``--all`` (or ``--role all``) studies everything. Pure core: the store holds the
setting, the roles come from the library, nothing here touches the terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from salesops_drill.errors import RolesConflict

if TYPE_CHECKING:
    from salesops_drill.roles import RoleIndex
    from salesops_drill.store import Store

#: The word meaning "every role", on the command line and in ``drill config set role``.
ALL = "all"
#: Words ``drill config set role`` takes as "no target role".
CLEAR_WORDS = frozenset({ALL, "none", ""})

#: Where the role(s) of a run came from.
OPTION, TARGET, EVERYTHING, UNSET = "option", "target", "all", "unset"


class Studying(NamedTuple):
    """The role a run studies (None: every role), and why."""

    role: str | None
    source: str  # OPTION | TARGET | EVERYTHING (asked for) | UNSET (no target role set)
    warning: str = ""  # a stored target role that is no longer known

    def describe(self) -> str:
        """For headers: "manager (target role)", "manager", "all roles"."""
        if self.role is None:
            return "all roles"
        return f"{self.role} (target role)" if self.source == TARGET else self.role

    def to_dict(self) -> dict[str, str | None]:
        return {"role": self.role, "source": self.source}


def target_id(roles: RoleIndex, text: str) -> str | None:
    """The role id ``text`` names for ``drill config set role`` (None: no target role).

    Raises UsageError, with the valid roles and a guess, for a name that is no role.
    """
    if text.strip().lower() in CLEAR_WORDS:
        return None
    return roles.resolve(text).id


def choose(roles: RoleIndex, option: str | None, everything: bool, stored: str | None) -> Studying:
    """The role(s) to study: ``--all``, then ``--role``, then the stored target role.

    A stored target that no longer names a role (its bank was removed) studies every
    role, with a warning saying how to set another.
    """
    if option is not None and option.strip().lower() == ALL:
        option, everything = None, True
    if everything and option is not None:
        raise RolesConflict(option)
    if everything:
        return Studying(None, EVERYTHING)
    if option is not None:
        return Studying(roles.resolve(option).id, OPTION)
    if stored:
        found = roles.find(stored)
        if found is None:
            return Studying(
                None,
                UNSET,
                f"the target role '{stored}' is not among the roles any more; studying all "
                "roles. Set another with: drill config set role ROLE",
            )
        return Studying(found.id, TARGET)
    return Studying(None, UNSET)


#: Shown once when no target role is set, so a user learns the setting exists.
HINT = (
    "Tip: preparing for one role? 'drill config set role ROLE' (e.g. manager) makes "
    "drill review and drill interview study it; --all studies everything."
)
#: Config key marking that :data:`HINT` was shown (not a setting: never listed).
_HINT_SHOWN = "hint_target_role_shown"


def hint_once(store: Store, studying: Studying) -> str | None:
    """:data:`HINT` the first time a run studies everything for want of a target role."""
    if studying.source != UNSET or studying.warning or store.get_config(_HINT_SHOWN):
        return None
    store.set_config(_HINT_SHOWN, "1")
    return HINT
