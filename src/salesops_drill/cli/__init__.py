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
from salesops_drill.cli import bank as bank_cmd
from salesops_drill.cli import cards as cards_cmd
from salesops_drill.cli import config as config_cmd
from salesops_drill.cli import exchange as exchange_cmd
from salesops_drill.cli import history as history_cmd
from salesops_drill.cli import interview as interview_cmd
from salesops_drill.cli import optimize as optimize_cmd
from salesops_drill.cli import paths as paths_cmd
from salesops_drill.cli import plan as plan_cmd
from salesops_drill.cli import questions as questions_cmd
from salesops_drill.cli import review as review_cmd
from salesops_drill.cli import roles as roles_cmd
from salesops_drill.cli import stats as stats_cmd
from salesops_drill.cli.common import CONTENT, DATA, PRACTICE, DrillGroup, handle_errors
from salesops_drill.errors import DrillError

app = typer.Typer(
    name="drill",
    cls=DrillGroup,
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


# Commands appear in --help under their panel's heading, panels in the order of
# common.PANELS, commands within a panel in the order added here.
app.command("interview", rich_help_panel=PRACTICE)(interview_cmd.interview)
app.command("review", rich_help_panel=PRACTICE)(review_cmd.review)
app.command("plan", rich_help_panel=PRACTICE)(plan_cmd.plan)
app.command("stats", rich_help_panel=PRACTICE)(stats_cmd.stats)
app.add_typer(history_cmd.app, name="history", rich_help_panel=PRACTICE)
app.add_typer(cards_cmd.app, name="cards", rich_help_panel=PRACTICE)
app.add_typer(roles_cmd.app, name="roles", rich_help_panel=CONTENT)
app.add_typer(questions_cmd.app, name="questions", rich_help_panel=CONTENT)
app.add_typer(bank_cmd.app, name="bank", rich_help_panel=CONTENT)
app.add_typer(exchange_cmd.export_app, name="export", rich_help_panel=DATA)
app.add_typer(exchange_cmd.import_app, name="import", rich_help_panel=DATA)
app.command("paths", rich_help_panel=DATA)(paths_cmd.paths)
app.command("backup", rich_help_panel=DATA)(exchange_cmd.backup)
app.command("restore", rich_help_panel=DATA)(exchange_cmd.restore)
app.add_typer(config_cmd.app, name="config", rich_help_panel=DATA)
app.command("optimize", rich_help_panel=DATA)(optimize_cmd.optimize)


def main() -> None:
    """Console-script entry point: one-line errors for user mistakes, no tracebacks."""
    with handle_errors():
        app()


__all__ = ["app", "main", "DrillError"]
