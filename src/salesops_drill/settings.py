"""User settings (``drill config``), kept in the progress store's config table.

In the store rather than a config file so a backup carries them and there is one file
to look after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from salesops_drill.errors import UsageError

if TYPE_CHECKING:
    from salesops_drill.store import Store


#: New cards a study day brings when the user has not said otherwise.
DEFAULT_NEW_PER_DAY = 20


class _Refused(ValueError):
    """A value a setting does not allow; the message says what it allows ("must be ...").

    Its own class so that only these messages reach the user, never Python's parse
    errors, whatever text was typed (``int("must")`` says "invalid literal ... 'must'").
    """


class Setting(NamedTuple):
    key: str
    default: str
    help: str
    parse: Callable[[str], object]
    empty: str = ""  # what no value means, shown for it ("none: all roles")

    def shown(self, value: object) -> str:
        """``value`` as a person reads it: no value says what that means."""
        return f"({self.empty})" if value in (None, "") and self.empty else str(value)


def _retention(text: str) -> float:
    value = float(text)
    if not 0.7 <= value <= 0.99:
        raise _Refused("must be between 0.70 and 0.99")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise _Refused("must be 0 or more")
    if value > 9999:
        raise _Refused("must be at most 9999")
    return value


def _folder(text: str) -> str:
    """A folder path, or "" for none. Checked where it is used, so a folder that is
    unplugged for a while does not make every command warn."""
    value = text.strip()
    if "\0" in value or len(value) > 4096:
        raise _Refused("must be a folder path")
    return value


def _role(text: str) -> str | None:
    """A role id as stored (checked against the roles by the caller); "" is none."""
    value = text.strip()
    if any(c.isspace() or not c.isprintable() for c in value):
        raise _Refused("must be a role id such as manager")
    return value or None


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting(
            "desired_retention",
            "0.9",
            "Share of cards you aim to recall when they come due (0.70-0.99). Higher means "
            "more reviews.",
            _retention,
        ),
        Setting(
            "new_per_day",
            str(DEFAULT_NEW_PER_DAY),
            "New cards introduced per study day, across sessions.",
            _count,
        ),
        Setting(
            "role",
            "",
            "Target role: drill review and drill interview study it unless given --role R "
            "or --all. Unset: all roles.",
            _role,
            "none: all roles",
        ),
        Setting(
            "voice_model",
            "",
            "Speech model for 'drill interview --voice': a CTranslate2 Whisper model folder "
            "(empty: Whisper tiny.en, downloaded into the data folder on first use).",
            _folder,
            "none: Whisper tiny.en",
        ),
    )
}


def _known(key: str) -> Setting:
    norm = key.strip().lower().replace("-", "_")
    if norm not in SETTINGS:
        from salesops_drill.wording import closest, did_you_mean

        guess = did_you_mean(closest(norm, SETTINGS), style="sentence")
        raise UsageError(f"unknown setting '{key}'. Settings: {', '.join(SETTINGS)}.{guess}")
    return SETTINGS[norm]


def _stored(store: Store, setting: Setting) -> tuple[object, str | None]:
    """(value, why the stored text is unusable or None). A bad stored value (a backup
    from elsewhere, a hand-edited file) gives the default, never a crash."""
    text = store.get_config(setting.key)
    if text is None or text == "":
        return setting.parse(setting.default), None
    try:
        return setting.parse(text), None
    except (ValueError, TypeError) as exc:
        reason = str(exc) if isinstance(exc, _Refused) else f"'{text}' is not a valid value"
        return setting.parse(setting.default), reason


def get(store: Store, key: str) -> object:
    return _stored(store, _known(key))[0]


def problems(store: Store) -> list[str]:
    """One line for each stored setting that is not usable (and so is its default)."""
    out = []
    for setting in SETTINGS.values():
        value, reason = _stored(store, setting)
        if reason is not None:
            out.append(
                f"the stored setting {setting.key} = '{store.get_config(setting.key)}' is not "
                f"valid ({reason}); using the default, {setting.shown(value)}. Fix it with: "
                f"drill config set {setting.key} VALUE"
            )
    return out


def set_value(store: Store, key: str, text: str) -> object:
    setting = _known(key)
    try:
        value = setting.parse(text)
    except ValueError as exc:
        if isinstance(exc, _Refused):  # "new_per_day must be 0 or more"
            raise UsageError(f"{setting.key} {exc}") from exc
        raise UsageError(f"{setting.key}: '{text}' is not a valid value") from exc
    if value is None:  # "" for role: no target role, as unset (not the text "None")
        store.unset_config(setting.key)
    else:
        store.set_config(setting.key, str(value))
    return value


def unset(store: Store, key: str) -> object:
    """Back to the default; returns it."""
    setting = _known(key)
    store.unset_config(setting.key)
    return setting.parse(setting.default)


def canonical(key: str) -> str:
    """The setting's own name for ``key`` ("new-per-day" -> "new_per_day")."""
    return _known(key).key


def all_values(store: Store) -> dict[str, object]:
    return {key: get(store, key) for key in SETTINGS}
