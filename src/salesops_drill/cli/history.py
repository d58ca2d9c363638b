"""``drill history``: past interviews, their transcripts, Markdown export, deleting one."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from salesops_drill.cli.common import ForceFlag, JsonFlag, library, open_store, say, tell
from salesops_drill.cli.complete import complete_role
from salesops_drill.safe_text import visible

app = typer.Typer(
    help="Past mock interviews.\n\nExample: drill history --role manager",
    invoke_without_command=True,
)


#: --role of the listing, plain or as 'list'.
RoleFilter = Annotated[
    str,
    typer.Option("--role", "-r", help="Only this role's interviews.", autocompletion=complete_role),
]


@app.callback()
def history(
    ctx: typer.Context,
    role: RoleFilter = None,
    json: JsonFlag = False,
) -> None:
    """List past interviews: date, role, questions, score, complete or not.

    Example: drill history --role manager
    """
    if ctx.invoked_subcommand is None:
        _list(role, json)


@app.command("list")
def history_list(
    role: RoleFilter = None,
    json: JsonFlag = False,
) -> None:
    """List past interviews, as plain 'drill history' does.

    Example: drill history list --role manager
    """
    _list(role, json)


def _list(role: str | None, json: bool) -> None:
    from salesops_drill import transcript

    lib = library()
    role_id = lib.roles.resolve(role).id if role else None
    with open_store() as store:
        found = [
            transcript.build(s, store.answers(s.id), lib) for s in reversed(store.sessions(role_id))
        ]
    rows = [
        {
            "id": t.session.id,
            "date": t.session.started_at.isoformat(),
            "role": t.session.role,
            "questions": len(t.entries),
            "planned": t.session.planned,
            "score": None if t.score is None else round(t.score, 1),
            "complete": t.session.finished,
        }
        for t in found
    ]
    if json:
        from salesops_drill.ui.console import print_json

        print_json(rows)
        return
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_history import sessions_table

    console = make_console()
    if not rows:
        console.print("No interviews yet. Start one with: drill interview --role ROLE")
        return
    console.print(sessions_table(found))


def _transcript(session_id: int):
    from salesops_drill import transcript
    from salesops_drill.errors import UsageError

    lib = library()
    with open_store() as store:
        session = store.session(session_id)
        if session is None:
            raise UsageError(f"no interview with id {session_id}; see 'drill history'")
        t = transcript.build(session, store.answers(session_id), lib)
    role = lib.roles.find(session.role)
    return t, (role.title if role else session.role)


@app.command("show")
def show(
    session_id: Annotated[int, typer.Argument(metavar="ID", help="An id from 'drill history'.")],
) -> None:
    """Replay an interview's transcript with the feedback on each answer.

    Example: drill history show 3
    """
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_history import transcript_view

    t, title = _transcript(session_id)
    make_console().print(transcript_view(t, title))


@app.command("export")
def export(
    session_id: Annotated[int, typer.Argument(metavar="ID", help="An id from 'drill history'.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The Markdown file to write.")],
    force: ForceFlag = False,
) -> None:
    """Write an interview's transcript as Markdown.

    Example: drill history export 3 -o interview.md
    """
    from salesops_drill import transcript
    from salesops_drill.atomic import check_target, write_atomic
    from salesops_drill.errors import UsageError

    if not output.parent.is_dir():
        raise UsageError(f"cannot write {output}: the folder {output.parent} does not exist")
    check_target(output, force)
    t, title = _transcript(session_id)
    text = transcript.to_markdown(t, title)
    write_atomic(output, text.encode("utf-8"), force)
    tell(f"Wrote {output}")


@app.command("delete")
def delete(
    session_id: Annotated[int, typer.Argument(metavar="ID", help="An id from 'drill history'.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
) -> None:
    """Delete an interview and its answers from your history.

    Review cards keep their schedule: what you learned in the interview stays learned.

    Example: drill history delete 3
    """
    from salesops_drill.errors import DrillError, UsageError

    with open_store() as store:
        session = store.session(session_id)
        if session is None:
            raise UsageError(f"no interview with id {session_id}; see 'drill history'")
        if not yes:
            from salesops_drill.wording import plural

            what = (
                f"Delete interview {session.id} ({session.role}, "
                f"{session.started_at.astimezone():%Y-%m-%d %H:%M}, "
                f"{plural(session.answer_count, 'answer')})?"
            )
            try:
                sure = typer.confirm(visible(what), default=False)
            except typer.Abort:  # no answer (end of input)
                sys.stderr.write("\n")
                raise DrillError(
                    "nothing deleted: no answer to the question (use --yes to skip it)"
                ) from None
            if not sure:
                say("Nothing deleted.")
                return
        store.delete_session(session.id)
    say(f"Deleted interview {session_id}.")
