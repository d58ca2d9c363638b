"""The ``drill`` command: a thin typer layer over the core.

Only typer is imported at start-up; each command imports what it needs when it runs,
so ``drill --version`` and the listing commands stay fast.

The command modules declare options as ``Annotated[T, typer.Option(...)]`` and do not use
``from __future__ import annotations``: with it, typer would evaluate every annotation
string (several times per command) each time it builds the CLI, ~15 ms on every run.
"""

import sys
from typing import Annotated

import typer

from salesops_drill import __version__
from salesops_drill.cli.common import CONTENT, DATA, PRACTICE, DrillGroup, handle_errors
from salesops_drill.cli.lazy import Spec
from salesops_drill.errors import DrillError

#: Every command: the function (a command) or typer app (a group) that defines it, and
#: its panel in --help. Listed as --help shows them: panel by panel, in common.PANELS
#: order. A command's module is imported, and its click command built, only when used.
COMMANDS: dict[str, Spec] = {
    "interview": Spec("salesops_drill.cli.interview", "interview", PRACTICE),
    "review": Spec("salesops_drill.cli.review", "review", PRACTICE),
    "plan": Spec("salesops_drill.cli.plan", "plan", PRACTICE),
    "stats": Spec("salesops_drill.cli.stats", "stats", PRACTICE),
    "history": Spec("salesops_drill.cli.history", "app", PRACTICE),
    "cards": Spec("salesops_drill.cli.cards", "app", PRACTICE),
    "roles": Spec("salesops_drill.cli.roles", "app", CONTENT),
    "questions": Spec("salesops_drill.cli.questions", "app", CONTENT),
    "bank": Spec("salesops_drill.cli.bank", "app", CONTENT),
    "paths": Spec("salesops_drill.cli.paths", "paths", DATA),
    "backup": Spec("salesops_drill.cli.exchange", "backup", DATA),
    "restore": Spec("salesops_drill.cli.exchange", "restore", DATA),
    "optimize": Spec("salesops_drill.cli.optimize", "optimize", DATA),
    "export": Spec("salesops_drill.cli.exchange", "export_app", DATA),
    "import": Spec("salesops_drill.cli.exchange", "import_app", DATA),
    "config": Spec("salesops_drill.cli.config", "app", DATA),
}


class Drill(DrillGroup):
    specs = COMMANDS


app = typer.Typer(
    name="drill",
    cls=Drill,
    help=(
        "Practise for sales-operations job interviews: browse the role ladder, run timed "
        "mock interviews, and memorise concepts with spaced repetition.\n\n"
        "Example: drill roles compare analyst manager"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"salesops-drill {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Show the version and exit.",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Practise for sales-operations job interviews."""


def main() -> None:
    """Console-script entry point: one-line errors for user mistakes, no tracebacks."""
    with handle_errors():
        app()


__all__ = ["app", "main", "DrillError"]
