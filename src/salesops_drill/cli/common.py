"""Shared pieces of the CLI layer: loading content once, and the error edge."""

from __future__ import annotations

import contextlib
import inspect
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, ClassVar

import typer
from typer.core import TyperGroup

from salesops_drill.cli.complete import complete_difficulty
from salesops_drill.errors import DrillError
from salesops_drill.safe_text import visible

try:  # typer >= 0.20 vendors click
    import typer._click as click  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import click

if TYPE_CHECKING:
    from salesops_drill.cli.lazy import Spec
    from salesops_drill.contentindex import ContentIndex
    from salesops_drill.library import Library, Overview
    from salesops_drill.paths import Paths

JSON_HELP = "Print the data as JSON (stable keys, no colour)."
#: The options many commands share, declared once.
JsonFlag = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
ForceFlag = Annotated[bool, typer.Option("--force", "-f", help="Overwrite the file if it exists.")]

#: The panels ``drill --help`` groups commands under, in this order.
PRACTICE, CONTENT, DATA = "Practice", "Roles and questions", "Your data"
PANELS: tuple[str, ...] = (PRACTICE, CONTENT, DATA)


def say(text: str) -> None:
    """One line on stdout; control characters in it are shown, not obeyed."""
    sys.stdout.write(visible(text) + "\n")


def warn(text: str) -> None:
    """An error or a warning on stderr: one line when piped, wrapped at spaces on a
    terminal (which would split its words at the edge); control characters in it are
    shown, not obeyed."""
    tell(text, err=True)


def tell(text: str, err: bool = False) -> None:
    """A message in prose (a summary, a note): on a terminal, wrapped at spaces to its
    width, since the terminal itself would split words at the edge; piped, one line
    per line given, so scripts and logs get it whole. Paths and URLs are never split."""
    from salesops_drill.ui.width import is_terminal, output_width, wrap_words

    stream = sys.stderr if err else sys.stdout
    text = visible(text)
    if is_terminal(stream):  # the last column left free, as prompt_toolkit does
        text = wrap_words(text, output_width(stream) - 1)
    stream.write(text + "\n")


def reflow(text: str | None) -> str | None:
    """Help text with each paragraph on one line, for the help screen to wrap to the
    terminal: typer keeps a docstring's line breaks, so at 80 columns a paragraph
    broke where the source did ("STAR," / "numbers, ..."). A paragraph starting with
    click's ``\\b`` marker keeps its lines."""
    if not text:
        return text
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(p if p.startswith("\b") else " ".join(p.split()) for p in paragraphs)


def reflow_help(command: click.Command) -> None:
    """Reflow the help of ``command`` and every command under it."""
    command.help = reflow(command.help)
    for sub in getattr(command, "commands", {}).values():
        reflow_help(sub)


class DrillGroup(TyperGroup):
    """The root command group: user-fixable errors become one line and an exit code.

    Done here rather than around ``app()`` so that tests invoking the app through
    CliRunner see exactly what a user sees. Its commands are built when first looked up
    (see :mod:`salesops_drill.cli.lazy`), from ``specs``, listed panel by panel.
    """

    specs: ClassVar[dict[str, Spec]] = {}

    def __init__(self, *args, **kwargs) -> None:
        from salesops_drill.cli.lazy import LazyCommands

        super().__init__(*args, **kwargs)
        self.help = reflow(self.help)
        given = self.commands
        self.commands = LazyCommands(self.specs, on_build=reflow_help)
        for name, command in given.items():
            reflow_help(command)
            self.commands[name] = command

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name without building any (typer's own lists items)."""
        return list(self.commands)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DrillError as exc:
            warn(f"drill: error: {cli_message(exc)}")
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            ctx.exit(130)


def cli_message(exc: DrillError) -> str:
    """The core's message, worded with the options that answer it: the core names none."""
    from salesops_drill.errors import FileExists, RolesConflict

    if isinstance(exc, FileExists):
        return f"{exc.message}; use --force to overwrite it"
    if isinstance(exc, RolesConflict):
        return f"--all and --role {exc.role} ask for different things: give one"
    return exc.message


@contextlib.contextmanager
def handle_errors() -> Iterator[None]:
    """Last-resort edge for the console script: a closed pipe exits quietly."""
    try:
        yield
    except BrokenPipeError:
        # `drill ... | head`: the reader left. Point stdout at devnull so the
        # interpreter's final flush does not complain, and exit quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


def paths() -> Paths:
    from salesops_drill.paths import resolve_paths

    return resolve_paths()


def library(report: bool = True) -> Library:
    """Built-in and user content; problems in user banks are reported on stderr."""
    from salesops_drill.library import load_library

    lib = load_library(paths())
    if report:
        report_problems(lib)
    return lib


def content_index() -> ContentIndex:
    """Each question's and card's id, roles and tags, each item read when asked for, for
    ``drill stats`` and ``drill review`` (faster than the library on a large bank);
    problems in user banks are reported on stderr."""
    from salesops_drill.library import load_index

    found = load_index(paths())
    report_problems(found)
    return found


def overview() -> Overview:
    """Roles and counts only, for the listing commands (faster than the library)."""
    from salesops_drill.library import load_overview

    found = load_overview(paths())
    report_problems(found)
    return found


def report_problems(content: Library | Overview | ContentIndex) -> None:
    for problem in content.problems:
        warn(problem.message)
    for skipped in content.skipped:
        warn(f"drill: skipped {skipped}: fix the problems above to use it")


def resolve_category(name: str) -> str:
    """A category by name, forgiving case, spaces and a near-miss spelling."""
    from salesops_drill.bank import CATEGORIES
    from salesops_drill.errors import UsageError
    from salesops_drill.wording import closest, did_you_mean

    key = name.strip().lower().replace(" ", "-").replace("_", "-")
    if key in CATEGORIES:
        return key
    hint = closest(key, CATEGORIES)
    extra = did_you_mean(hint, style="sentence")
    raise UsageError(f"unknown category '{name}'. Valid: {', '.join(CATEGORIES)}.{extra}")


def find_question(lib: Library, qid: str):
    """The question with id ``qid``, or a UsageError with the closest ids."""
    from salesops_drill.errors import UsageError
    from salesops_drill.wording import closest, did_you_mean

    q = lib.question(qid.strip())
    if q is not None:
        return q
    hint = closest(qid, [x.id for x in lib.questions])
    extra = did_you_mean(hint, " See 'drill questions list'.", "sentence")
    raise UsageError(f"no question with id '{qid}'.{extra}")


def require_terminal(command: str) -> None:
    """Interactive commands refuse to run without a terminal instead of hanging."""
    from salesops_drill.errors import UsageError

    if not sys.stdin.isatty():
        raise UsageError(f"{command} is interactive and needs a terminal (stdin is not a TTY)")


def open_store():
    """The progress store, opened and migrated; says so on stderr if it was migrated."""
    from salesops_drill import settings
    from salesops_drill.store import Store

    def upgrading(old: int, new: int) -> None:
        warn(
            f"drill: upgrading the progress store from schema {old} to {new}; a copy is"
            " kept first (a long history takes a few seconds)"
        )

    store = Store.open(paths().progress_db, on_upgrade=upgrading)
    if store.last_backup is not None:
        warn(f"drill: upgraded the progress store; the old version is kept at {store.last_backup}")
    for problem in settings.problems(store):
        warn(f"drill: warning: {problem}")
    if store.get_config("fsrs_parameters"):  # checked only when some are stored
        from salesops_drill import fitted

        problem = fitted.load(store)[1]
        if problem:
            warn(f"drill: warning: {problem}")
    return store


def difficulty_option(value: str | None) -> int | None:
    """``--difficulty`` as typed, read by the core's one parser (a callback, so the error
    is click's usual "Invalid value for '--difficulty'" with exit code 2)."""
    if value is None:
        return None
    from salesops_drill.bank import parse_difficulty

    try:
        return parse_difficulty(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


DIFFICULTY_HELP = "easy, medium or hard (or 1 to 3)."
DifficultyOption = Annotated[
    str,
    typer.Option(
        "--difficulty",
        "-d",
        help=DIFFICULTY_HELP,
        callback=difficulty_option,
        autocompletion=complete_difficulty,
    ),
]
