"""``drill plan``: set, show or clear an interview goal."""

from typing import Annotated

import typer

from salesops_drill.cli.common import JsonFlag, library, open_store, say, tell, warn
from salesops_drill.cli.complete import complete_role


def plan(
    role: Annotated[
        str,
        typer.Option(
            "--role",
            "-r",
            help="The role you are interviewing for.",
            autocompletion=complete_role,
        ),
    ] = None,
    date: Annotated[
        str,
        typer.Option(
            "--date",
            "-d",
            metavar="DATE",
            help="The interview date, YYYY-MM-DD or from today (+14 days, +3w weeks): "
            "sets the goal.",
        ),
    ] = None,
    minutes: Annotated[
        int,
        typer.Option(
            "--minutes-per-day",
            "-m",
            # Range checked below, not by click: its "[1<=x<=1440]" beside the option widens
            # the help's middle column until --minutes-per-day is cut at 60 columns.
            metavar="M",
            help="Minutes a day you can give to reviews (1 to 1440).",
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the goal (of --role).")] = False,
    json: JsonFlag = False,
) -> None:
    """Work toward an interview date: set, show or clear a goal.

    With a goal, drill review introduces every card of the role in time and, in the last
    days, puts the cards you are likeliest to forget on the day first; drill interview
    asks your weakest categories first. With --date, sets the goal for the role (one per
    role; it also becomes the role review and interview use). Without, shows where each
    goal stands: days left, cards seen, predicted recall on the day, today's work, mock
    interviews and a chart of the work planned to the date.

    Example: drill plan --role manager --date +21 --minutes-per-day 30
    """
    from salesops_drill import clock, goals
    from salesops_drill.errors import UsageError

    if clear and (date is not None or minutes is not None):
        raise UsageError("--clear takes only --role")
    if minutes is not None and not 1 <= minutes <= goals.MAX_MINUTES:
        raise UsageError(f"--minutes-per-day must be from 1 to {goals.MAX_MINUTES}")
    lib = library()
    now = clock.now()
    with open_store() as store:
        if clear:
            _clear(store, lib, role)
            return
        role_id = lib.roles.resolve(role).id if role else None
        stored, problems = goals.load(store)
        for problem in problems:
            warn(f"drill: warning: {problem}")
        if date is not None or minutes is not None:
            goal, targeted = _set(store, lib, stored, role_id, date, minutes, now)
            if not json:
                say(f"Goal set: {goal.role} interview on {goal.date.isoformat()}.")
                if targeted:
                    tell("It is now your target role: review and interview study it.")
            shown = [goal]
        elif role_id is not None:
            if role_id not in stored:
                say(
                    f"No goal for {role_id}. Set one with: drill plan --role {role_id} "
                    "--date YYYY-MM-DD"
                )
                return
            shown = [stored[role_id]]
        else:
            shown = sorted(stored.values(), key=lambda g: (g.date, g.role))
        if not shown:
            if json:
                _print_json([])
                return
            say(
                "No goal set. Set one with: drill plan --role ROLE --date YYYY-MM-DD "
                "[--minutes-per-day M]"
            )
            return
        from salesops_drill.planning import report

        reports = [report(store, lib, g, now) for g in shown]
    if json:
        _print_json([r.to_dict() for r in reports])
        return
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_plan import render

    console = make_console()
    for i, r in enumerate(reports):
        if i:
            console.print()
        console.print(render(r))  # a shortfall is said there, once


def _set(store, lib, stored, role_id, date_text, minutes, now):
    """Save the goal given by --date (or change the minutes of one already set), and
    make its role the target role; returns the goal and whether the target changed.

    Without --role: the only goal when just the minutes change, else the target role."""
    from salesops_drill import goals
    from salesops_drill.clock import study_date
    from salesops_drill.errors import UsageError

    if role_id is None:
        if date_text is None and len(stored) == 1:
            role_id = next(iter(stored))
        else:
            role_id = _target(store, lib)
        if role_id is None:
            raise UsageError(
                "give the role with --role, e.g. drill plan --role manager --date ... "
                "(or set your target role: drill config set role ROLE)"
            )
    if date_text is None:
        if role_id not in stored:
            raise UsageError(
                f"no goal for {role_id} to change; set one with --date YYYY-MM-DD as well"
            )
        when = stored[role_id].date
    else:
        try:
            when = goals.parse_date(date_text, study_date(now))
        except UsageError as exc:
            raise UsageError(f"--date {exc.message}") from None
    goals.check_date(when, study_date(now))
    goal = goals.Goal(role_id, when, minutes)
    goals.save(store, goal)
    return goal, _make_target(store, role_id)


def _target(store, lib) -> str | None:
    """The target role ('drill config set role'), if one is set and still a role."""
    from salesops_drill import settings, target

    stored = settings.get(store, "role")
    if not stored:
        return None
    return target.choose(lib.roles, None, False, str(stored)).role


def _make_target(store, role_id: str) -> bool:
    """A goal's role becomes the one review and interview study by default; True if
    that changed the target role."""
    from salesops_drill import settings

    if settings.get(store, "role") == role_id:
        return False
    settings.set_value(store, "role", role_id)
    return True


def _clear(store, lib, role: str | None) -> None:
    """Remove a goal: the role's, or the only one. A goal whose role has gone from the
    banks can still be removed by its id."""
    from salesops_drill import goals
    from salesops_drill.errors import UsageError

    set_for = [k.removeprefix(goals.PREFIX) for k in store.config_items(goals.PREFIX)]
    if role is None:
        if not set_for:
            say("No goal set; nothing to clear.")
            return
        if len(set_for) > 1:
            raise UsageError(
                f"goals are set for {', '.join(sorted(set_for))}: say which to clear with --role"
            )
        role_id = set_for[0]
    elif role in set_for:
        role_id = role
    else:
        role_id = lib.roles.resolve(role).id
    if goals.clear(store, role_id):
        say(f"Goal for {role_id} removed.")
    else:
        say(f"No goal for {role_id}; nothing to clear.")


def _print_json(data) -> None:
    from salesops_drill.ui.console import print_json

    print_json(data)
