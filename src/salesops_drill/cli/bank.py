"""``drill bank validate``."""

from pathlib import Path
from typing import Annotated

import typer

from salesops_drill.cli.common import paths as resolve_paths
from salesops_drill.cli.common import say, tell
from salesops_drill.wording import plural

app = typer.Typer(
    help="Check content files (roles, questions, cards).\n\nExample: drill bank validate my.yaml",
    no_args_is_help=True,
)


@app.command("validate")
def validate(
    targets: Annotated[
        list[Path],
        typer.Argument(
            metavar="[PATH]...",
            help="Files or folders to check. Default: the built-in content and your banks.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Treat advice on key points (missing paraphrases, generic alternatives) "
            "as problems.",
        ),
    ] = False,
) -> None:
    """Check content files and print every problem as PATH:LINE: message.

    Exits 1 if any problem was found, 0 otherwise. Ids and role references are checked
    against all other content too. Advice on key points (no paraphrases, an alternative
    so generic it matches most answers) is counted; --strict prints it as
    PATH:LINE: note: ... and counts it as a problem.

    Example: drill bank validate ~/my-questions.yaml
    """
    from salesops_drill.content import validate_paths
    from salesops_drill.paths import builtin_files, user_files

    here = resolve_paths()
    if not targets:
        targets = [*builtin_files(), *user_files(here)]
    results = validate_paths(targets, here)
    problems = [p for fc in results for p in fc.problems]
    for problem in problems:
        say(problem.message)
    notes = _key_point_notes(results)
    if strict:
        for note in notes:
            say(note)
    files = plural(len(results), "file")
    if problems or (strict and notes):
        count = len(problems) + (len(notes) if strict else 0)
        noted = {n.split(":", 1)[0] for n in notes} if strict else set()
        bad = len({fc.path for fc in results if fc.problems} | noted)
        tell(f"{count} problem(s) in {bad} of {files}", err=True)
        raise typer.Exit(1)
    items = sum(len(fc.roles) + len(fc.questions) + len(fc.cards) for fc in results)
    advice = f"; {len(notes)} note(s) on key points: see them with --strict" if notes else ""
    tell(f"{files} checked, {items} items, no problems{advice}", err=True)


def _key_point_notes(results) -> list[str]:
    """PATH:LINE: note: ... for each key point without paraphrases or with a generic
    alternative (the grader's measure of "generic")."""
    if not any(fc.questions for fc in results):
        return []
    from salesops_drill.grading.alternatives import check_key_point

    notes = []
    for fc in results:
        for question, line in fc.questions:
            points = list(question["key_points"])
            for _prompt, extra in question["follow_ups"]:
                points += list(extra)
            for kp in points:
                for message in check_key_point(kp):
                    notes.append(f"{fc.path}:{line}: note: {question['id']}: {message}")
    return notes
