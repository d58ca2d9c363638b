"""``drill config``: show and change settings."""

from typing import Annotated

import typer

from salesops_drill.cli.common import JsonFlag, library, open_store, say, tell
from salesops_drill.cli.complete import complete_role


def _complete_value(ctx, incomplete: str) -> list[tuple[str, str]]:
    """Role names (and 'all') after ``config set role``; nothing for other settings."""
    key = str((ctx.params if ctx is not None else {}).get("key") or "")
    if key.strip().lower() != "role":
        return []
    extra = [("all", "no target role: study every role")] if "all".startswith(incomplete) else []
    return complete_role(ctx, incomplete) + extra


app = typer.Typer(
    help="Show or change settings.\n\nExample: drill config set role manager",
    invoke_without_command=True,
)


@app.callback()
def config_show(ctx: typer.Context, json: JsonFlag = False) -> None:
    """Show the settings (kept in the progress store, so backups carry them).

    Example: drill config
    """
    if ctx.invoked_subcommand is None:
        _show(json)


@app.command("list")
def config_list(json: JsonFlag = False) -> None:
    """Show the settings, as plain 'drill config' does.

    Example: drill config list
    """
    _show(json)


@app.command("get")
def config_get(
    key: Annotated[
        str,
        typer.Argument(metavar="KEY", help="desired_retention, new_per_day, role or voice_model."),
    ],
) -> None:
    """Print one setting's value alone, for scripts. A setting with no value prints
    nothing and exits 1, as 'git config --get' does.

    Example: drill config get role
    """
    from salesops_drill import settings

    name = settings.canonical(key)
    with open_store() as store:
        value = settings.all_values(store)[name]
    if value in (None, ""):
        tell(f"{name} is not set {_shown(name, value)}", err=True)
        raise typer.Exit(1)
    say(str(value))


def _show(json: bool) -> None:
    from salesops_drill import settings

    with open_store() as store:
        values = settings.all_values(store)
    if json:
        from salesops_drill.ui.console import print_json

        print_json(values)
        return
    from rich.padding import Padding

    from salesops_drill.ui.console import lit, make_console

    console = make_console()
    for key, value in values.items():
        console.print(lit(f"{key} = {_shown(key, value)}"))
        console.print(Padding(lit(settings.SETTINGS[key].help), (0, 0, 0, 4)))


def _shown(key: str, value: object) -> str:
    from salesops_drill.settings import SETTINGS

    return SETTINGS[key].shown(value)


# A value such as -3 is a value, not an option: refused by the setting, with its range.
@app.command("set", context_settings={"ignore_unknown_options": True})
def config_set(
    key: Annotated[
        str,
        typer.Argument(metavar="KEY", help="desired_retention, new_per_day, role or voice_model."),
    ],
    value: Annotated[str, typer.Argument(metavar="VALUE", autocompletion=_complete_value)],
) -> None:
    """Change a setting. 'role' takes a role (id, title or alias) or 'all' for none.

    Example: drill config set role manager
    """
    from salesops_drill import settings

    name = settings.canonical(key)
    if name == "role":
        from salesops_drill.target import target_id

        role = target_id(library().roles, value)
        if role is None:
            _unset(name)
            return
        value = role
    with open_store() as store:
        stored = settings.set_value(store, name, value)
    say(f"{name} = {stored}")


@app.command("unset")
def config_unset(
    key: Annotated[
        str,
        typer.Argument(metavar="KEY", help="desired_retention, new_per_day, role or voice_model."),
    ],
) -> None:
    """Put a setting back to its default ('role': no target role, so all roles).

    Example: drill config unset role
    """
    from salesops_drill import settings

    _unset(settings.canonical(key))


def _unset(name: str) -> None:
    from salesops_drill import settings

    with open_store() as store:
        value = settings.unset(store, name)
    if name == "role":
        say("role unset: drill review and drill interview study all roles")
    else:
        say(f"{name} = {_shown(name, value)} (the default)")
