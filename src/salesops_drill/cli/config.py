"""``drill config``: show and change settings."""

from __future__ import annotations

import typer

from salesops_drill.cli.common import JSON_HELP, open_store, say

app = typer.Typer(
    help="Show or change settings.\n\nExample: drill config set desired_retention 0.85",
    invoke_without_command=True,
)


@app.callback()
def config_show(
    ctx: typer.Context, json: bool = typer.Option(False, "--json", help=JSON_HELP)
) -> None:
    """Show the settings (kept in the progress store, so backups carry them).

    Example: drill config
    """
    if ctx.invoked_subcommand is not None:
        return
    from salesops_drill import settings

    with open_store() as store:
        values = settings.all_values(store)
    if json:
        from salesops_drill.ui.console import print_json

        print_json(values)
        return
    for key, value in values.items():
        say(f"{key} = {value}\n    {settings.SETTINGS[key].help}")


# A value such as -3 is a value, not an option: refused by the setting, with its range.
@app.command("set", context_settings={"ignore_unknown_options": True})
def config_set(
    key: str = typer.Argument(..., metavar="KEY", help="desired_retention or new_per_day."),
    value: str = typer.Argument(..., metavar="VALUE"),
) -> None:
    """Change a setting.

    Example: drill config set new_per_day 10
    """
    from salesops_drill import settings

    with open_store() as store:
        stored = settings.set_value(store, key, value)
    say(f"{key.replace('-', '_')} = {stored}")
