"""``drill review``."""

from typing import TYPE_CHECKING, Annotated

import typer

from salesops_drill.cli.common import content_index, open_store, require_terminal
from salesops_drill.cli.complete import complete_role

if TYPE_CHECKING:
    from salesops_drill.planning import GoalReview


def review(
    role: Annotated[
        str,
        typer.Option(
            "--role",
            "-r",
            help="Only cards for this role (default: your target role, 'drill config set role').",
            autocompletion=complete_role,
        ),
    ] = None,
    all_roles: Annotated[
        bool, typer.Option("--all", help="Cards of every role, whatever your target role.")
    ] = False,
    category: Annotated[
        str, typer.Option("--category", "-c", help="Only interview questions of this category.")
    ] = None,
    tag: Annotated[
        str, typer.Option("--tag", "-t", help="Only cards with this tag, e.g. kpi.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Stop after this many cards.")
    ] = None,
    new: Annotated[
        int,
        typer.Option(
            "--new",
            min=0,
            help="N more new cards now, beyond today's daily limit "
            "('drill config set new_per_day').",
            show_default=False,
        ),
    ] = 0,
) -> None:
    """Review flashcards and questions that are due, then new ones, with FSRS scheduling.

    Space or Enter shows the answer; 1 Again, 2 Hard, 3 Good, 4 Easy rate it (each shows
    the interval it would give); u undoes; q or Ctrl-C ends. Every rating is saved at once.

    Studies your target role when one is set ('drill config set role manager'), else
    every role.

    Example: drill review --role manager --limit 20
    """
    from salesops_drill import clock, planning, settings, target
    from salesops_drill.cli.common import resolve_category, warn
    from salesops_drill.review import select_deck

    require_terminal("drill review")
    # The index, not the whole library: each card's text is read when it is shown.
    index = content_index()
    cat = resolve_category(category) if category else None
    with open_store() as store:
        studying = target.choose(index.roles, role, all_roles, settings.get(store, "role"))
        if studying.warning:
            warn(f"drill: warning: {studying.warning}")
        cards = select_deck(index, studying.role, cat, tag)
        if not cards.ids:
            _console().print(f"No cards match those filters (studying {studying.describe()}).")
            return
        hint = target.hint_once(store, studying)
        # With a goal for the role, the goal sets today's new cards and the order.
        session, toward = planning.start_review(
            store, index, cards, studying.role, clock.now, extra_new=new, limit=limit
        )
        again = _again(role, all_roles, category, tag)
        if session.current is None:
            from salesops_drill.ui.render_review import nothing_due

            _console().print(nothing_due(session.summary(), clock.now(), again))
            _goal_note(toward)
        else:
            from salesops_drill.ui.first_frame import first_frame
            from salesops_drill.ui.review_frame import ReviewFrame

            frame = ReviewFrame(session, studying=studying.describe())
            try:
                # The first card shows while prompt_toolkit loads (see first_frame).
                with first_frame(frame) as painted:
                    from salesops_drill.ui.review_screen import ReviewScreen

                    screen = ReviewScreen(frame)
                    painted.live = True
                    screen.run()
            finally:
                from salesops_drill.ui.render_review import summary_text

                _console().print(summary_text(session.summary(), clock.now(), again))
                _goal_note(toward)
        if hint:
            from rich.text import Text

            _console().print(Text(hint, style="dim"))


def _goal_note(toward: "GoalReview | None") -> None:
    """After the summary: how today's reviews stand toward the role's goal, if any."""
    if toward:
        from salesops_drill.ui.render_plan import goal_note

        _console().print(goal_note(toward))


def _console():
    """A console for what is printed before or after the review screen, made then:
    rich is not imported before the first card is on screen."""
    from salesops_drill.ui.console import make_console

    return make_console()


def _again(role: str | None, all_roles: bool, category: str | None, tag: str | None) -> str:
    """The command just run, with its filters, for hints that suggest running it again."""
    import shlex

    words = ["drill", "review"]
    if all_roles:
        words.append("--all")
    for flag, value in (("--role", role), ("--category", category), ("--tag", tag)):
        if value is not None:
            words += [flag, value]
    return shlex.join(words)
