"""``drill export``, ``drill import``, ``drill backup`` and ``drill restore``."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from salesops_drill.cli.common import (
    ForceFlag,
    JsonFlag,
    library,
    open_store,
    say,
    tell,
    warn,
)
from salesops_drill.cli.common import paths as resolve_paths
from salesops_drill.cli.complete import complete_role
from salesops_drill.wording import plural

export_app = typer.Typer(
    help=(
        "Export content to Anki or CSV, or your progress as JSON.\n\n"
        "Example: drill export anki --role manager -o manager.apkg"
    ),
    no_args_is_help=True,
)
import_app = typer.Typer(
    help="Import your own cards.\n\nExample: drill import csv my-cards.csv --role analyst",
    no_args_is_help=True,
)

ROLES_HELP = "Only content for this role; repeat for several. Default: every role."


def _role_ids(lib, names: list[str] | None) -> list[str]:
    return list(dict.fromkeys(lib.roles.resolve(name).id for name in names or ()))


@export_app.command("anki")
def export_anki(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The .apkg file to write.", show_default=False)
    ],
    role: Annotated[
        list[str], typer.Option("--role", "-r", help=ROLES_HELP, autocompletion=complete_role)
    ] = None,
    force: ForceFlag = False,
) -> None:
    """Write questions and cards as an Anki package, one subdeck per role.

    Import the file in Anki (File > Import). Importing a newer export updates the notes
    already there instead of adding copies. A card serving several roles goes to the
    deck of the lowest-level role exported and is tagged with every role it serves.

    Example: drill export anki --role analyst --role manager -o sales-ops.apkg
    """
    from salesops_drill import clock
    from salesops_drill.exchange.anki import export_anki as export

    lib = library()
    result = export(lib, _role_ids(lib, role), output, clock.now(), force)
    tell(f"Wrote {result.notes} notes to {output}")
    for deck, count in result.decks.items():
        say(f"  {deck}: {count}")


@export_app.command("csv")
def export_csv(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The .csv file to write.", show_default=False)
    ],
    role: Annotated[
        list[str], typer.Option("--role", "-r", help=ROLES_HELP, autocompletion=complete_role)
    ] = None,
    force: ForceFlag = False,
) -> None:
    """Write questions and cards as CSV: id, front, back, tags, roles.

    Interview questions become cards (the prompt; key points and model answer). Lists in
    a cell are separated by ';'. The file is UTF-8 and opens in Excel as it is.

    Example: drill export csv --role manager -o manager.csv
    """
    from salesops_drill.exchange.csv_export import export_csv as export

    lib = library()
    count = export(lib, _role_ids(lib, role), output, force)
    tell(f"Wrote {count} cards to {output}")


@export_app.command("progress")
def export_progress(
    json: JsonFlag = False,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Write the JSON to this file instead.", show_default=False
        ),
    ] = None,
    force: ForceFlag = False,
) -> None:
    """Export your review log and every card's schedule as JSON.

    Example: drill export progress --json > progress.json
    """
    from salesops_drill import clock
    from salesops_drill.exchange.progress import check_progress_output, write_json, write_progress

    if output is not None:
        check_progress_output(output, force)
    with open_store() as store:
        if output is not None:
            reviews, cards = write_progress(store, clock.now(), output, force)
            tell(f"Wrote {reviews} reviews and {cards} cards to {output}")
        elif json:
            write_json(store, clock.now(), sys.stdout)
        else:
            reviews, cards = store.counts()
            tell(
                f"{reviews} reviews, {cards} cards with a schedule.\n"
                "Use --json to print them as JSON, or -o FILE to write them to a file."
            )


@import_app.command("csv")
def import_csv(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A CSV file with a header row.")],
    role: Annotated[
        list[str],
        typer.Option(
            "--role",
            "-r",
            help="Roles for rows that name none; repeat for several. Default: all.",
            autocompletion=complete_role,
        ),
    ] = None,
    bank: Annotated[
        str, typer.Option("--bank", "-b", help="Bank for new cards. Default: the file's name.")
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid rows and skip the others.")
    ] = False,
) -> None:
    """Import cards from CSV, checked like any bank; a file from 'drill export csv' too.

    Columns: front and back (required), id, tags, roles, category. Lists in a cell are
    separated by ';'. Rows with a new id are added to one of your banks; a row without an
    id gets one from its front text. A row exactly as exported is skipped; a changed row
    of an existing card becomes your version of that card, which keeps its progress.
    Importing the same file again changes nothing. Nothing is imported while any row has
    a problem, unless --skip-invalid.

    Example: drill export csv -o cards.csv; (edit or add rows); drill import csv cards.csv
    """
    from salesops_drill.errors import DrillError
    from salesops_drill.exchange.csvbank import apply_import, plan_import

    lib = library()
    here = resolve_paths()
    plan = plan_import(file, lib, here, bank, _role_ids(lib, role))
    for problem in plan.problems:
        warn(problem.message)
    if plan.problems and not skip_invalid:
        raise DrillError(
            f"{plural(len(plan.problems), 'problem')} in {plural(plan.invalid_rows, 'row')} "
            f"of {file}; "
            f"nothing imported (fix them, or use --skip-invalid to import the "
            f"{plural(plan.valid_rows, 'valid row')})"
        )
    result = apply_import(plan, here)
    counts = [f"{result.added} added", f"{result.edited} edited", f"{result.unchanged} unchanged"]
    if plan.invalid_rows:
        counts.append(f"{plural(plan.invalid_rows, 'invalid row')} skipped")
    tell(f"Imported {file}: {', '.join(counts)}")
    for path, added, edited in result.written:
        done = [f"{added} added"] if added else []
        if edited:
            done.append(f"{edited} edited, progress kept")
        say(f"  {path}: {', '.join(done)}")


def backup(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The backup file to write.", show_default=False)
    ],
    force: Annotated[
        bool, typer.Option("--force", "-f", help="Overwrite FILE if it exists.")
    ] = False,
) -> None:
    """Copy your progress (reviews, schedules, interviews, settings) and your own banks
    to one file.

    Safe while another drill is running. The copy is checked before it is kept.

    Example: drill backup -o ~/drill-backup.db
    """
    from salesops_drill.exchange.backup import backup as make_backup
    from salesops_drill.paths import user_files

    here = resolve_paths()
    if not here.progress_db.exists() and user_files(here):
        # Your own cards but no progress yet: the backup still carries the banks.
        open_store().close()
    summary = make_backup(here.progress_db, output, force, banks_dir=here.banks_dir)
    tell(
        f"Backed up {plural(summary.reviews, 'review')}, "
        f"{plural(summary.cards, 'scheduled card')}, "
        f"{plural(summary.interviews, 'interview')}, your settings and "
        f"{plural(summary.banks, 'bank file')} to {output}"
    )


def restore(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A file written by 'drill backup'.")],
) -> None:
    """Replace your progress, settings and banks with a backup's; what it replaces is kept.

    The current progress is kept beside the store, and any bank the backup replaces is
    kept beside the bank (as NAME.before-restore-DATE). Banks the backup does not hold
    are left alone.

    Example: drill restore ~/drill-backup.db
    """
    from salesops_drill import clock
    from salesops_drill.exchange.backup import restore as do_restore

    here = resolve_paths()
    result = do_restore(here.progress_db, file, clock.now(), banks_dir=here.banks_dir)
    r = result.restored
    tell(
        f"Restored {plural(r.reviews, 'review')}, {plural(r.cards, 'scheduled card')}, "
        f"{plural(r.interviews, 'interview')} and your settings from {file}"
    )
    if result.banks is not None:
        b = result.banks
        unchanged = f" ({b.unchanged} already up to date)" if b.unchanged else ""
        tell(f"Restored {plural(len(b.written), 'bank file')} into {here.banks_dir}{unchanged}")
        for kept in b.kept:
            tell(f"A bank it replaced is kept at {kept}")
    if result.kept is not None:
        tell(f"Your progress from before the restore is kept at {result.kept}")
    if result.migrated_backup is not None:
        tell(
            "The backup came from an older version and was upgraded; "
            f"the copy from before the upgrade is at {result.migrated_backup}"
        )
