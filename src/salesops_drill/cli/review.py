"""``drill review`` and ``drill config``."""

from __future__ import annotations

import typer

from salesops_drill.cli.common import JSON_HELP, library, open_store, require_terminal, say
from salesops_drill.cli.complete import complete_role


def review(
    role: str = typer.Option(
        None, "--role", "-r", help="Only cards for this role.", autocompletion=complete_role
    ),
    category: str = typer.Option(
        None, "--category", "-c", help="Only interview questions of this category."
    ),
    tag: str = typer.Option(None, "--tag", "-t", help="Only cards with this tag, e.g. kpi."),
    limit: int = typer.Option(None, "--limit", "-n", min=1, help="Stop after this many cards."),
    new: int = typer.Option(
        None, "--new", min=0, help="New cards allowed today (default: 'drill config new_per_day')."
    ),
) -> None:
    """Review flashcards and questions that are due, then new ones, with FSRS scheduling.

    Space or Enter shows the answer; 1 Again, 2 Hard, 3 Good, 4 Easy rate it (each shows
    the interval it would give); u undoes; q or Ctrl-C ends. Every rating is saved at once.

    Example: drill review --role manager --limit 20
    """
    from salesops_drill import clock, settings
    from salesops_drill.cli.common import resolve_category
    from salesops_drill.review import ReviewSession, select_cards
    from salesops_drill.scheduler import Scheduler
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_review import nothing_due, summary_text

    require_terminal("drill review")
    lib = library()
    role_id = lib.roles.resolve(role).id if role else None
    cat = resolve_category(category) if category else None
    cards = select_cards(lib, role_id, cat, tag)
    console = make_console()
    if not cards:
        console.print("No cards match those filters.")
        return
    with open_store() as store:
        retention = settings.get(store, "desired_retention")
        per_day = new if new is not None else settings.get(store, "new_per_day")
        session = ReviewSession(
            store, Scheduler(retention), cards, clock.now, new_per_day=per_day, limit=limit
        )
        if session.current is None:
            console.print(nothing_due(session.summary(), clock.now()))
            return
        from salesops_drill.ui.review_screen import ReviewScreen

        try:
            ReviewScreen(session).run()
        finally:
            console.print(summary_text(session.summary(), clock.now()))


config_app = typer.Typer(
    help="Show or change settings.\n\nExample: drill config set desired_retention 0.85",
    invoke_without_command=True,
)


@config_app.callback()
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


@config_app.command("set")
def config_set(
    key: str = typer.Argument(
        ..., metavar="KEY", help="desired_retention, new_per_day or voice_model."
    ),
    value: str = typer.Argument(..., metavar="VALUE"),
) -> None:
    """Change a setting.

    Example: drill config set new_per_day 10
    """
    from salesops_drill import settings

    with open_store() as store:
        stored = settings.set_value(store, key, value)
    say(f"{key.replace('-', '_')} = {stored}")
