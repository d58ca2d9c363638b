"""``drill roles list | show | compare``."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import typer

from salesops_drill.cli.common import JSON_HELP, overview
from salesops_drill.cli.complete import complete_role

if TYPE_CHECKING:
    from salesops_drill.roles import Role

app = typer.Typer(
    help="Browse the sales-ops ladder and compare its roles.\n\nExample: drill roles show manager",
    no_args_is_help=True,
)


def role_data(role: Role, counts: tuple[int, int]) -> dict:
    data = asdict(role)
    data.pop("origin")
    data["questions"], data["cards"] = counts
    return data


@app.command("list")
def list_roles(json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
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
    role: str = typer.Argument(
        ...,
        metavar="ROLE",
        help="Role id, title or alias, e.g. manager, 'VP of Sales Ops'.",
        autocompletion=complete_role,
    ),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
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
    roles: list[str] = typer.Argument(
        ...,
        metavar="ROLE...",
        help="Two or more roles, e.g. analyst manager.",
        autocompletion=complete_role,
    ),
    json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Compare roles side by side, and what stepping up from one to the next asks for.

    Example: drill roles compare analyst manager
    """
    from salesops_drill.errors import UsageError
    from salesops_drill.roles import SCALAR_FIELDS, compare, step_up

    lib = overview()
    found = [lib.roles.resolve(name) for name in roles]
    if len({r.id for r in found}) < 2:
        raise UsageError(
            "compare needs at least two different roles, e.g. drill roles compare analyst manager"
        )
    # Repeated names ("manager mgr") collapse to one column.
    found = list({r.id: r for r in found}.values())
    fields = compare(found)
    ladder = sorted(found, key=lambda r: (r.level, r.id))
    steps = [step_up(a, b) for a, b in zip(ladder, ladder[1:], strict=False)]
    if json:
        from salesops_drill.ui.console import print_json

        print_json(
            {
                "roles": [r.id for r in found],
                "scalars": {
                    name: {r.id: getattr(r, name) for r in found} for name, _ in SCALAR_FIELDS
                },
                "fields": {
                    f.name: {
                        "shared": list(f.shared),
                        "unique": {k: list(v) for k, v in f.unique.items()},
                    }
                    for f in fields
                },
                "step_up": [
                    {
                        "from": s.frm,
                        "to": s.to,
                        "years": s.years,
                        "responsibilities": list(s.responsibilities),
                        "skills": list(s.skills),
                        "kpis": list(s.kpis),
                        "certifications": list(s.certifications),
                        "education": list(s.education),
                    }
                    for s in steps
                ],
            }
        )
        return
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_roles import comparison_table, scalar_table, step_up_panel

    console = make_console()
    console.print(scalar_table(found))
    for comp in fields:
        table = comparison_table(found, comp)
        if table is not None:
            console.print(table)
    titles = {r.id: r.title for r in found}
    for step in steps:
        console.print(step_up_panel(step, titles))
