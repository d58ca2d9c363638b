"""Shared pieces of the CLI layer: loading content once, and the error edge."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

import typer
from typer.core import TyperGroup

from salesops_drill.errors import DrillError
from salesops_drill.safe_text import visible

try:  # typer >= 0.20 vendors click
    import typer._click as click  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import click

if TYPE_CHECKING:
    from salesops_drill.library import Library, Overview
    from salesops_drill.paths import Paths
    from salesops_drill.roles import Role

JSON_HELP = "Print the data as JSON (stable keys, no colour)."


def say(text: str) -> None:
    """One line on stdout; control characters in it are shown, not obeyed."""
    sys.stdout.write(visible(text) + "\n")


def warn(text: str) -> None:
    """One line on stderr; control characters in it are shown, not obeyed."""
    sys.stderr.write(visible(text) + "\n")


def fail(message: str, code: int = 1) -> None:
    """Print one line to stderr and exit with ``code``."""
    warn(f"drill: error: {message}")
    raise typer.Exit(code)


class DrillGroup(TyperGroup):
    """The root command group: user-fixable errors become one line and an exit code.

    Done here rather than around ``app()`` so that tests invoking the app through
    CliRunner see exactly what a user sees.
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DrillError as exc:
            warn(f"drill: error: {exc.message}")
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            ctx.exit(130)


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


def overview() -> Overview:
    """Roles and counts only, for the listing commands (faster than the library)."""
    from salesops_drill.library import load_overview

    found = load_overview(paths())
    report_problems(found)
    return found


def report_problems(content: Library | Overview) -> None:
    for problem in content.problems:
        warn(problem.message)
    for skipped in content.skipped:
        warn(f"drill: skipped {skipped}: fix the problems above to use it")


def resolve_role(lib: Library, name: str) -> Role:
    return lib.roles.resolve(name)


def resolve_category(name: str) -> str:
    """A category by name, forgiving case, spaces and a near-miss spelling."""
    import difflib

    from salesops_drill.bank import CATEGORIES
    from salesops_drill.errors import UsageError

    key = name.strip().lower().replace(" ", "-").replace("_", "-")
    if key in CATEGORIES:
        return key
    hint = difflib.get_close_matches(key, CATEGORIES, n=1, cutoff=0.6)
    extra = f" Did you mean '{hint[0]}'?" if hint else ""
    raise UsageError(f"unknown category '{name}'. Valid: {', '.join(CATEGORIES)}.{extra}")


def find_question(lib: Library, qid: str):
    """The question with id ``qid``, or a UsageError with the closest ids."""
    import difflib

    from salesops_drill.errors import UsageError

    q = lib.question(qid.strip())
    if q is not None:
        return q
    hint = difflib.get_close_matches(qid, [x.id for x in lib.questions], n=1, cutoff=0.6)
    extra = f" Did you mean '{hint[0]}'?" if hint else " See 'drill questions list'."
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

    store = Store.open(paths().progress_db)
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
