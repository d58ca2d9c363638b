"""``drill questions list | show``."""

from typing import Annotated

import typer

from salesops_drill.cli.common import (
    DifficultyOption,
    JsonFlag,
    library,
)
from salesops_drill.cli.complete import (
    complete_question_id,
    complete_role,
)

app = typer.Typer(
    help="Browse the interview question bank.\n\nExample: drill questions list --role manager",
    no_args_is_help=True,
)


def question_data(q) -> dict:
    return {
        "id": q.id,
        "prompt": q.prompt,
        "category": q.category,
        "roles": list(q.roles),
        "difficulty": q.difficulty,
        "what_it_tests": q.what_it_tests,
        "key_points": [{"label": k.label, "keywords": list(k.keywords)} for k in q.key_points],
        "model_answer": {name: list(lines) for name, lines in q.model_answer.parts}
        | ({"summary": q.model_answer.summary} if q.model_answer.summary else {}),
        "follow_ups": list(q.follow_ups),
        "time_limit_s": q.time_limit,
        "source": q.source or None,
    }


@app.command("list")
def list_questions(
    role: Annotated[
        str,
        typer.Option(
            "--role", "-r", help="Only questions for this role.", autocompletion=complete_role
        ),
    ] = None,
    category: Annotated[
        str, typer.Option("--category", "-c", help="technical, behavioral, ...")
    ] = None,
    difficulty: DifficultyOption = None,
    json: JsonFlag = False,
) -> None:
    """List interview questions, optionally filtered.

    Example: drill questions list --role manager --category behavioral
    """
    from salesops_drill.bank import filter_questions
    from salesops_drill.cli.common import resolve_category

    lib = library()
    role_id = lib.roles.resolve(role).id if role else None
    cat = resolve_category(category) if category else None
    found = filter_questions(lib.questions, role_id, cat, difficulty)
    if json:
        from salesops_drill.ui.console import print_json

        print_json([question_data(q) for q in found])
        return
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_question_list import questions_table

    console = make_console()
    if not found:
        console.print("No questions match those filters.")
        return
    console.print(questions_table(found, len(lib.roles)))


@app.command("show")
def show_question(
    question_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A question id, as shown by 'drill questions list'.",
            autocompletion=complete_question_id,
        ),
    ],
    json: JsonFlag = False,
) -> None:
    """Show a question with its key points, model answer and follow-ups.

    Example: drill questions show q-mgr-bottlenecks
    """
    from salesops_drill.cli.common import find_question

    lib = library()
    q = find_question(lib, question_id)
    if json:
        from salesops_drill.ui.console import print_json

        print_json(question_data(q))
        return
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_questions import question_panel

    make_console().print(question_panel(q, lib.roles))
