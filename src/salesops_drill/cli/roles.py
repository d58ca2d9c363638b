"""``drill roles list | show | compare``."""

from dataclasses import fields
from typing import TYPE_CHECKING, Annotated

import typer

from salesops_drill.cli.common import JsonFlag, overview
from salesops_drill.cli.complete import complete_role

if TYPE_CHECKING:
    from salesops_drill.roles import FieldComparison, Item, Role, StepUp

app = typer.Typer(
    help="Browse the sales-ops ladder and compare its roles.\n\nExample: drill roles show manager",
    no_args_is_help=True,
)


def item_data(item: "Item | str") -> dict | str:
    """A profile list entry for JSON: plain text, or its topic, text and need."""
    if isinstance(item, str):
        return item
    data: dict = {"topic": item.topic or None, "text": item.text}
    if item.need:
        data["need"] = item.need
    return data


def role_data(role: "Role", counts: tuple[int, int]) -> dict:
    data = {f.name: getattr(role, f.name) for f in fields(role) if f.name != "origin"}
    for name, value in data.items():
        if isinstance(value, tuple):
            data[name] = [item_data(v) for v in value]
    data["questions"], data["cards"] = counts
    return data


@app.command("list")
def list_roles(json: JsonFlag = False) -> None:
    """List the roles in ladder order, with how much practice material each has.

    Example: drill roles list
    """
    lib = overview()
    counts = lib.counts
    if json:
        from salesops_drill.ui.console import print_json

        print_json(
            [
                {
                    "id": r.id,
                    "title": r.title,
                    "level": r.level,
                    "experience": r.experience,
                    "min_years": r.min_years,
                    "questions": counts[r.id][0],
                    "cards": counts[r.id][1],
                }
                for r in lib.roles
            ]
        )
        return
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_roles import roles_table

    make_console().print(roles_table(list(lib.roles), counts))


@app.command("show")
def show_role(
    role: Annotated[
        str,
        typer.Argument(
            metavar="ROLE",
            help="Role id, title or alias, e.g. manager, 'VP of Sales Ops'.",
            autocompletion=complete_role,
        ),
    ],
    json: JsonFlag = False,
) -> None:
    """Show a role's whole profile.

    Example: drill roles show "senior analyst"
    """
    lib = overview()
    found = lib.roles.resolve(role)
    counts = lib.counts[found.id]
    if json:
        from salesops_drill.ui.console import print_json

        print_json(role_data(found, counts))
        return
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_roles import role_profile

    make_console().print(role_profile(found, counts))


@app.command("compare")
def compare_roles(
    roles: Annotated[
        list[str],
        typer.Argument(
            metavar="ROLE...",
            help="Two or more roles, e.g. analyst manager.",
            autocompletion=complete_role,
        ),
    ],
    json: JsonFlag = False,
) -> None:
    """Compare roles up the ladder: each duty and skill paired with the same one a level
    up, and what stepping up from one role to the next really adds.

    Columns run from the entry level up, whatever order the roles are named in.

    Example: drill roles compare analyst manager
    """
    from salesops_drill.errors import UsageError
    from salesops_drill.roles import SCALAR_FIELDS, compare, ladder_order, step_up

    lib = overview()
    found = [lib.roles.resolve(name) for name in roles]
    if len({r.id for r in found}) < 2:
        raise UsageError(
            "compare needs at least two different roles, e.g. drill roles compare analyst manager"
        )
    # Repeated names ("manager mgr") collapse to one column.
    found = list({r.id: r for r in found}.values())
    ladder = ladder_order(found)
    compared = compare(ladder)
    steps = [step_up(a, b) for a, b in zip(ladder, ladder[1:], strict=False)]
    if json:
        from salesops_drill.ui.console import print_json

        print_json(
            {
                "roles": [r.id for r in found],
                "ladder": [r.id for r in ladder],
                "scalars": {
                    name: {r.id: getattr(r, name) for r in ladder} for name, _ in SCALAR_FIELDS
                },
                "fields": {f.name: comparison_data(f) for f in compared},
                "step_up": [step_data(s) for s in steps],
            }
        )
        return
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_roles import comparison, step_up_panel

    console = make_console()
    console.print(comparison(ladder, compared))
    titles = {r.id: r.title for r in found}
    for step in steps:
        console.print(step_up_panel(step, titles))


def comparison_data(comp: "FieldComparison") -> dict:
    """One field's pairing: the topics two or more roles share, and what each has alone."""
    return {
        "pairs": [
            {
                "topic": pair.topic or None,
                "items": {rid: item_data(i) if i else None for rid, i in pair.items.items()},
            }
            for pair in comp.pairs
        ],
        "shared": [
            pair.topic or next(iter(pair.items.values())).text  # type: ignore[union-attr]
            for pair in comp.shared
        ],
        "unique": {rid: [item_data(i) for i in found] for rid, found in comp.unique.items()},
    }


def step_data(step: "StepUp") -> dict:
    return {
        "from": step.frm,
        "to": step.to,
        "years": step.years,
        "experience": step.experience,
        "scope": dict(zip(("from", "to"), step.scope, strict=True)) if step.scope else None,
        "team": dict(zip(("from", "to"), step.team, strict=True)) if step.team else None,
        "decisions": list(step.decisions),
        "kpis": list(step.kpis),
        "education": [item_data(i) for i in step.education],
        "responsibilities": [item_data(i) for i in step.responsibilities],
        "skills": [item_data(i) for i in step.skills],
    }
