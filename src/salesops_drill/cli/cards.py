"""``drill cards list | show | suspend | unsuspend | edit``."""

import sys
from typing import Annotated

import typer

from salesops_drill.cli.common import JsonFlag, library, open_store, say, warn
from salesops_drill.cli.common import paths as resolve_paths
from salesops_drill.cli.complete import complete_card_id, complete_role

app = typer.Typer(
    help=(
        "Browse, suspend and edit the cards you review (concept cards and interview "
        "questions).\n\n"
        "Examples: drill cards list --role manager --due; drill cards show c-kpis-cac-formula"
    ),
    no_args_is_help=True,
)

ID_HELP = "A card id, as 'drill cards list' shows it."


@app.command("list")
def list_cards(
    role: Annotated[
        str,
        typer.Option(
            "--role", "-r", help="Only cards for this role.", autocompletion=complete_role
        ),
    ] = None,
    tag: Annotated[
        str,
        typer.Option("--tag", "-t", help="Only cards with this tag (a question's: its category)."),
    ] = None,
    due: Annotated[bool, typer.Option("--due", help="Only cards due for review now.")] = False,
    suspended: Annotated[bool, typer.Option("--suspended", help="Only suspended cards.")] = False,
    json: JsonFlag = False,
) -> None:
    """List cards with their state and due date: id, state, tags and roles, then the front.

    Example: drill cards list --role manager --tag kpi
    """
    from salesops_drill import cards, clock

    lib = library()
    role_id = lib.roles.resolve(role).id if role else None
    wanted_tag = cards.check_tag(lib, tag) if tag else None
    now = clock.now()
    with open_store() as store:
        infos = cards.card_infos(
            lib, store.states(), store.suspended(), resolve_paths(), role_id, wanted_tag
        )
    if due:
        infos = [i for i in infos if i.is_due(now)]
    if suspended:
        infos = [i for i in infos if i.suspended is not None]
    if json:
        from salesops_drill.ui.console import print_json

        print_json([i.to_dict() for i in infos])
        return
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_cards import CardList

    console = make_console()
    if not infos:
        console.print("No cards match those filters.")
        return
    console.print(CardList(infos, now, len(lib.roles)))


@app.command("show")
def show_card(
    card_id: Annotated[
        str, typer.Argument(metavar="ID", help=ID_HELP, autocompletion=complete_card_id)
    ],
    json: JsonFlag = False,
) -> None:
    """Show a card: its text, schedule, predicted recall now and review history.

    Example: drill cards show c-kpis-cac-formula
    """
    from salesops_drill import cards, clock, settings
    from salesops_drill.scheduler import Scheduler

    lib = library()
    item = cards.find(lib, card_id)
    now = clock.now()
    with open_store() as store:
        info = cards.info(item, store.states([item.id]), store.suspended(), resolve_paths())
        scheduler = Scheduler(settings.get(store, "desired_retention"))
        found = cards.detail(info, store.card_reviews(item.id), scheduler, now)
    if json:
        from salesops_drill.ui.console import print_json

        print_json(found.to_dict())
        return
    from salesops_drill.ui.console import make_console
    from salesops_drill.ui.render_cards import card_panel

    make_console().print(card_panel(found, now, len(lib.roles)))


@app.command("suspend")
def suspend(
    card_ids: Annotated[
        list[str], typer.Argument(metavar="ID...", help=ID_HELP, autocompletion=complete_card_id)
    ],
) -> None:
    """Keep cards out of review until you unsuspend them; their progress is kept.

    Example: drill cards suspend c-kpis-cac-formula
    """
    from salesops_drill import cards, clock

    lib = library()
    ids = list(dict.fromkeys(cards.find(lib, c).id for c in card_ids))  # all known first
    now = clock.now()
    with open_store() as store:
        for cid in ids:
            if store.suspend(cid, now):
                say(f"Suspended {cid}: it stays out of review until 'drill cards unsuspend {cid}'")
            else:
                say(f"{cid} was already suspended")


@app.command("unsuspend")
def unsuspend(
    card_ids: Annotated[
        list[str], typer.Argument(metavar="ID...", help=ID_HELP, autocompletion=complete_card_id)
    ],
) -> None:
    """Let suspended cards come back to review, where their schedule left off.

    Example: drill cards unsuspend c-kpis-cac-formula
    """
    from salesops_drill import cards

    lib = library()
    ids = list(dict.fromkeys(cards.find(lib, c).id for c in card_ids))
    with open_store() as store:
        for cid in ids:
            if store.unsuspend(cid):
                say(f"{cid} is back in review")
            else:
                say(f"{cid} was not suspended")


@app.command("edit")
def edit(
    card_id: Annotated[
        str, typer.Argument(metavar="ID", help=ID_HELP, autocompletion=complete_card_id)
    ],
    restart: Annotated[
        bool,
        typer.Option(
            "--restart", help="Drop an unsaved draft of this card and start from the card."
        ),
    ] = False,
) -> None:
    """Edit a concept card in your editor ($EDITOR, else $VISUAL), as YAML.

    The edit is checked like any bank. A built-in card's edit is saved as your version in
    your banks, which replaces the built-in card; a card of a bank drill wrote is saved
    back there. The card keeps its id, so its schedule and review history stay. If the
    edit has problems, your text is kept and the next edit of the card continues from it.

    Example: EDITOR=nano drill cards edit c-kpis-cac-formula
    """
    from salesops_drill import card_edit, cards
    from salesops_drill.atomic import write_atomic
    from salesops_drill.bank import Question
    from salesops_drill.cli.editor import edit_file, editor_command
    from salesops_drill.errors import DrillError, UsageError
    from salesops_drill.userbank import card_yaml, edit_changes, home_for_edit, write_banks

    lib = library()
    here = resolve_paths()
    card = cards.find(lib, card_id)
    if isinstance(card, Question):
        raise UsageError(
            f"'{card.id}' is an interview question; 'drill cards edit' edits concept cards "
            "(questions are edited in a YAML bank, see 'drill bank validate --help')"
        )
    home = home_for_edit(card, here)  # a hand-written bank is refused before any typing
    argv = editor_command()
    draft = card_edit.draft_path(here, card.id)
    original = card_edit.draft_text(card, lib.roles.ids, home)
    if draft.is_file() and not restart:
        say(f"Continuing your unsaved edit of {card.id} from {draft} (--restart to start over)")
    else:
        draft.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(draft, original.encode("utf-8"), force=True)
    kept = f"your text is kept in {draft}; 'drill cards edit {card.id}' continues from it"
    while True:
        try:
            edit_file(argv, draft)
        except DrillError as exc:
            raise DrillError(f"{exc.message}; nothing was saved, and {kept}") from None
        text = draft.read_text(encoding="utf-8", errors="replace")
        if card_edit.is_blank(text):
            draft.unlink()
            say(f"Edit cancelled: {card.id} is as it was")
            return
        found = card_edit.read_draft(draft, card.id, lib.roles.ids)
        if found.card is not None:
            break
        for problem in found.problems:
            warn(problem.message)
        if not (sys.stdin.isatty() and typer.confirm("Edit again?", default=True)):
            raise DrillError(f"the card was not saved; {kept}")
    if found.card == card_yaml(card, lib.roles.ids):
        draft.unlink()
        say(f"No changes: {card.id} is as it was")
        return
    try:
        changes = edit_changes([(card, found.card)], here, "drill cards edit")
        write_banks(list(changes.values()), here)
    except DrillError as exc:
        raise DrillError(f"{exc.message}; {kept}") from None
    draft.unlink()
    say(f"Saved your version of {card.id} in {home}; its progress is kept")
